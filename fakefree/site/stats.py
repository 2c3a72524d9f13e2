"""Statistics blueprint: releases and cases over time by country, sector and IP type.

/statistics draws, for each kind, a chart per month (the last 24) and per year, each followed by
its table and a CSV download; /statistics/KIND-PERIOD.csv and .svg serve each one alone. The
charts are SVG written on the server (svgchart): no script, no CDN, readable offline. Every one
counts releases, or cases with `?unit=cases` (a case counts once, at its primary release).

The counts walk every published release (about 1 s at 100,000), so they are computed once per
process and collection revision and kept (a few revisions at most). Pages answer conditional
requests from the revision and the current month (the 24-month window moves with it).
"""

from __future__ import annotations

import csv
import io
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_decimal, lazy_gettext
from flask_babel import gettext as _
from markupsafe import Markup

from fakefree.index import statistics
from fakefree.index.case_view import case_totals
from fakefree.index.statistics import MonthlyCounts

from .caching import cached_response, collection_state, collection_version, versioned_etag
from .csvexport import safe_cell
from .db import get_settings, get_store
from .i18n import current_language, mark_varying
from .labels import ui_tag_label
from .seo import describe_page
from .stattables import PERIODS, StatTable, build_table, csv_rows
from .svgchart import Series, stacked_bars

bp = Blueprint("stats", __name__)

# URL name -> tag column, in the page's order.
KINDS = {"countries": "countries", "sectors": "sectors", "ip-types": "ip_types"}
UNITS = ("releases", "cases")  # the first is the default
_KEPT_REVISIONS = 4
_cache: OrderedDict[tuple, dict[str, MonthlyCounts]] = OrderedDict()
_cache_lock = threading.Lock()


def current_unit() -> str:
    """What this request counts: `?unit=cases`, else releases; anything else is a 404."""
    unit = request.args.get("unit", UNITS[0])
    if unit not in UNITS:
        abort(404, description="There is no such statistic.")
    return unit


def unit_args(unit: str) -> dict[str, str]:
    """url_for arguments for `unit` (none for the default, so its URLs stay short and stable)."""
    return {} if unit == UNITS[0] else {"unit": unit}


def collection_counts(unit: str = UNITS[0]) -> dict[str, MonthlyCounts]:
    """column -> its monthly counts, computed once per process and collection revision."""
    key = (get_settings().db_path, collection_state().rev, unit)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    db = get_store().db
    totals = statistics.monthly_totals(db, unit)
    counts = {col: statistics.monthly_counts(db, col, unit, totals) for col in KINDS.values()}
    with _cache_lock:
        _cache[key] = counts
        while len(_cache) > _KEPT_REVISIONS:
            _cache.popitem(last=False)
    return counts


def today() -> date:
    return datetime.now(UTC).date()


def number(value: int) -> str:
    """A count written the interface language's way (1,234 · 1 234 · 1.234)."""
    return format_decimal(value)


# One whole sentence per chart and heading, so that each language can word it its own way.
CHART_TITLES = {
    ("countries", "monthly", "releases"): lazy_gettext(
        "Releases per month by country, last 24 months"
    ),
    ("countries", "yearly", "releases"): lazy_gettext("Releases per year by country"),
    ("sectors", "monthly", "releases"): lazy_gettext(
        "Releases per month by sector, last 24 months"
    ),
    ("sectors", "yearly", "releases"): lazy_gettext("Releases per year by sector"),
    ("ip_types", "monthly", "releases"): lazy_gettext(
        "Releases per month by IP type, last 24 months"
    ),
    ("ip_types", "yearly", "releases"): lazy_gettext("Releases per year by IP type"),
    ("countries", "monthly", "cases"): lazy_gettext("Cases per month by country, last 24 months"),
    ("countries", "yearly", "cases"): lazy_gettext("Cases per year by country"),
    ("sectors", "monthly", "cases"): lazy_gettext("Cases per month by sector, last 24 months"),
    ("sectors", "yearly", "cases"): lazy_gettext("Cases per year by sector"),
    ("ip_types", "monthly", "cases"): lazy_gettext("Cases per month by IP type, last 24 months"),
    ("ip_types", "yearly", "cases"): lazy_gettext("Cases per year by IP type"),
}
KIND_HEADINGS = {
    "countries": lazy_gettext("By country"),
    "sectors": lazy_gettext("By sector"),
    "ip_types": lazy_gettext("By IP type"),
}


def chart_title(table: StatTable) -> str:
    return str(CHART_TITLES[(table.column, table.period, table.unit)])


def chart_svg(table: StatTable, chart_id: str) -> Markup:
    """The table as a stacked bar chart: its top tags, then "Other" in grey."""
    series = [
        Series(ui_tag_label(table.column, tag), tuple(row.values[k] for row in table.rows))
        for k, tag in enumerate(table.tags)
    ]
    if table.has_other:
        series.append(Series(_("Other"), tuple(row.other for row in table.rows), other=True))
    if table.unit == "cases":
        description = _(
            "Stacked bars, one per period: the cases about each of the %(n)s values with the"
            " most cases, then all others together. The table after the chart gives every"
            " figure.",
            n=len(table.tags),
        )
    else:
        description = _(
            "Stacked bars, one per period: the releases about each of the %(n)s values with the"
            " most releases, then all others together. The table after the chart gives every"
            " figure.",
            n=len(table.tags),
        )
    categories = [row.period for row in table.rows]
    return Markup(  # noqa: S704 (ElementTree escaped every label and attribute)
        stacked_bars(chart_id, chart_title(table), description, categories, series, number)
    )


def kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort(404, description="There is no such statistic.")
    return KINDS[kind]


def table_for(kind: str, period: str, unit: str = UNITS[0]) -> StatTable:
    return build_table(collection_counts(unit)[kind_or_404(kind)], period, today())


def _validators(unit: str) -> tuple[str, datetime | None]:
    etag, last_modified = collection_version()
    return versioned_etag(etag, today().isoformat(), unit), last_modified


def _render_page() -> str:
    describe_page(
        title=_("Statistics: IP enforcement actions over time"),
        description=_(
            "Releases on IP enforcement actions per month and per year, by country, sector"
            " and IP type, with tables and CSV files."
        ),
    )
    unit = current_unit()
    tables = {kind: {period: table_for(kind, period, unit) for period in PERIODS} for kind in KINDS}
    charts = {
        (kind, period): chart_svg(table, f"chart-{kind}-{period}")
        for kind, by_period in tables.items()
        for period, table in by_period.items()
    }
    db = get_store().db
    return render_template(
        "stats/statistics.html",
        tables=tables,
        charts=charts,
        chart_title=chart_title,
        kind_headings=KIND_HEADINGS,
        total=get_store().count_articles(),
        last_30_days=statistics.count_since(db, datetime.now(UTC) - timedelta(days=30)),
        total_cases=case_totals(db)[0],
        unit=unit,
        units=UNITS,
        unit_args=unit_args,
    )


@bp.get("/statistics")
def statistics_page() -> Response:
    etag, last_modified = _validators(current_unit())
    return cached_response(_render_page, etag, last_modified)


def _csv_body(kind: str, period: str, unit: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in csv_rows(table_for(kind, period, unit)):
        writer.writerow([safe_cell(cell) for cell in line])
    return buffer.getvalue().encode("utf-8")


@bp.get("/statistics/<kind>-<any(monthly, yearly):period>.csv")
def table_csv(kind: str, period: str) -> Response:
    kind_or_404(kind)
    unit = current_unit()
    etag, last_modified = _validators(unit)
    render = lambda: _csv_body(kind, period, unit)  # noqa: E731
    response = cached_response(render, etag, last_modified, "text/csv")
    filename = f"fakefree-{kind}-{period}{'' if unit == UNITS[0] else '-' + unit}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/statistics/<kind>-<any(monthly, yearly):period>.svg")
def chart_file(kind: str, period: str) -> Response:
    """The chart alone; its titles and labels are in the interface language, like a page's."""
    kind_or_404(kind)
    unit = current_unit()
    etag, last_modified = _validators(unit)
    etag = versioned_etag(etag, "lang", current_language())
    table = table_for(kind, period, unit)
    render = lambda: str(chart_svg(table, f"chart-{kind}-{period}"))  # noqa: E731
    return mark_varying(cached_response(render, etag, last_modified, "image/svg+xml"))
