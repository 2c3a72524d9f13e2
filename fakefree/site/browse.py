"""Browse blueprint: a page per country, sector, IP type, action and agency, with stable URLs,
and the directory of agencies by country.

/countries/MX, /sectors/pharma, /ip-types/piracy, /actions/seizure, /agencies/us-doj: a title,
counts (in all and over the last 30 days), the breakdown by the other tags, the latest releases
page by page, and the feeds. A country's page also lists its agencies and where to report
counterfeits and piracy there. Listings come from the search index (a search of one facet value,
sorted by date); an unknown code is a 404 that says where to find the known ones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from fakefree.index import statistics

from .caching import cached_response, collection_version, versioned_etag
from .db import get_store
from .facets import facet_values
from .labels import TAXONOMY_KINDS, ui_kind_name, ui_tag_label
from .queries import MAX_PAGE, SearchParams, run_search
from .resources import jurisdiction_resources
from .seo import describe_page

bp = Blueprint("browse", __name__)

PER_PAGE = 20
BREAKDOWN_SIZE = 8
# URL segment -> index field, for the tag kinds that have pages.
TOPICS = {
    "countries": "countries",
    "sectors": "sectors",
    "ip-types": "ip_types",
    "actions": "actions",
}
SEGMENT = {field: segment for segment, field in TOPICS.items()}


INDEX_TITLES = {
    "countries": lazy_gettext("Releases by country"),
    "sectors": lazy_gettext("Releases by sector"),
    "ip_types": lazy_gettext("Releases by IP type"),
    "actions": lazy_gettext("Releases by action"),
}


@bp.app_context_processor
def _segments() -> dict[str, Any]:
    return {"segment_for": SEGMENT, "index_titles": INDEX_TITLES}


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:  # not '²'
        abort(400, description="page must be a whole number from 1 up.")
    return min(int(raw), MAX_PAGE)


def _today_etag() -> tuple[str, datetime | None]:
    """Validators from the collection and today's date (the 30-day counts move daily)."""
    etag, last_modified = collection_version()
    return versioned_etag(etag, datetime.now(UTC).date().isoformat()), last_modified


_NOT_FOUND = {
    "countries": lambda v: _("There is no country with the code “%(value)s”.", value=v),
    "sectors": lambda v: _("There is no sector “%(value)s”.", value=v),
    "ip_types": lambda v: _("There is no IP type “%(value)s”.", value=v),
    "actions": lambda v: _("There is no action “%(value)s”.", value=v),
    "source_id": lambda v: _("There is no agency “%(value)s”.", value=v),
}


def _not_found(kind: str, value: str) -> tuple[str, int]:
    """A 404 that names what was asked for and links to the known values."""
    message = _NOT_FOUND[kind](value[:40])
    return render_template("browse/not_found.html", status=404, message=message, kind=kind), 404


def _listing(field: str, value: str) -> dict[str, Any]:
    """The releases of one facet value (this page of them) and the counts around them."""
    params = SearchParams(text="", filters={field: (value,)}, sort="date", page=_page_number())
    result, articles = run_search(params, PER_PAGE)
    since = datetime.now(UTC) - timedelta(days=30)
    recent = (
        statistics.value_count_since(get_store().db, field, value, since)
        if field in TAXONOMY_KINDS
        else None
    )
    breakdown = {
        other: result.facets.get(other, [])[:BREAKDOWN_SIZE]
        for other in (*TAXONOMY_KINDS, "source_id")
        if other != field and result.facets.get(other)
    }
    return dict(params=params, result=result, articles=articles, recent=recent, breakdown=breakdown)


def _render_topic(field: str, value: str) -> str:
    listing = _listing(field, value)
    label = ui_tag_label(field, value)
    describe_page(
        title=f"{ui_kind_name(field)}: {label}",
        description=_(
            "%(label)s: the latest IP enforcement actions, counts and feeds.", label=label
        ),
    )
    agencies = []
    if field == "countries":
        agencies = [r for r in get_store().source_health() if r["jurisdiction"] == value]
    return render_template(
        "browse/topic.html", field=field, value=value, label=label, agencies=agencies,
        resources=jurisdiction_resources(value) if field == "countries" else None, **listing,
    )  # fmt: skip


def topic_page(segment: str, value: str) -> Response | tuple[str, int]:
    field = TOPICS[segment]
    if field == "countries" and value != value.upper():
        return redirect(url_for(request.endpoint, code=value.upper()), code=301)
    if value not in facet_values(field):
        return _not_found(field, value)
    etag, last_modified = _today_etag()
    return cached_response(lambda: _render_topic(field, value), etag, last_modified)


@bp.get("/countries/<code>")
def country(code: str) -> Response | tuple[str, int]:
    return topic_page("countries", code)


@bp.get("/sectors/<value>")
def sector(value: str) -> Response | tuple[str, int]:
    return topic_page("sectors", value)


@bp.get("/ip-types/<value>")
def ip_type(value: str) -> Response | tuple[str, int]:
    return topic_page("ip-types", value)


@bp.get("/actions/<value>")
def action(value: str) -> Response | tuple[str, int]:
    return topic_page("actions", value)


def _render_index(field: str) -> str:
    result, _articles = run_search(SearchParams("", {}, "date", 1), 1)
    counts = dict(result.facets.get(field, []))
    values = [v for v in facet_values(field) if field != "countries" or counts.get(v)]
    rows = sorted(((ui_tag_label(field, v), v, counts.get(v, 0)) for v in values),
                  key=lambda row: row[0].casefold())  # fmt: skip
    describe_page(title=str(INDEX_TITLES[field]))
    return render_template("browse/index.html", field=field, rows=rows)


@bp.get("/<any(countries, sectors, 'ip-types', actions):segment>")
def topic_index(segment: str) -> Response:
    etag, last_modified = collection_version()
    return cached_response(lambda: _render_index(TOPICS[segment]), etag, last_modified)


def _render_directory() -> str:
    rows = get_store().source_health()
    named = sorted(rows, key=lambda r: (ui_tag_label("countries", r["jurisdiction"]).casefold(),
                                        r["agency"].casefold()))  # fmt: skip
    groups = [
        (code, list(items)) for code, items in groupby(named, key=lambda r: r["jurisdiction"])
    ]
    describe_page(
        title=_("Enforcement agencies by country"),
        description=_(
            "The agencies whose press releases Fake Free gathers, by country, with links"
            " to their sites."
        ),  # fmt: skip
    )
    return render_template("browse/agencies.html", groups=groups)


@bp.get("/agencies")
def agencies() -> Response:
    etag, last_modified = collection_version(with_health=True)
    return cached_response(_render_directory, etag, last_modified)


def _render_agency(state: dict[str, Any]) -> str:
    listing = _listing("source_id", state["id"])
    describe_page(
        title=state["agency"],
        description=_(
            "Press releases of %(agency)s on IP enforcement actions, gathered by Fake Free.",
            agency=state["agency"],
        ),  # fmt: skip
    )
    return render_template("browse/agency.html", source=state, **listing)


@bp.get("/agencies/<source_id>")
def agency(source_id: str) -> Response | tuple[str, int]:
    state = get_store().source_state(source_id)
    if state is None:
        return _not_found("source_id", source_id)
    etag, last_modified = collection_version(with_health=True)
    return cached_response(lambda: _render_agency(state), etag, last_modified)


@bp.app_template_global()
def browse_url(kind: str, value: str) -> str:
    """The page of a tag value: its browse page, an agency's page, else a filtered search."""
    if kind in SEGMENT:
        return url_for(f"browse.{_ENDPOINTS[kind]}", **{_ARG[kind]: value})
    if kind == "source_id":
        return url_for("browse.agency", source_id=value)
    return url_for("search.search", **{_SEARCH_PARAM.get(kind, kind): value})


@bp.app_template_global()
def country_codes() -> frozenset[str]:
    """Codes that have a country page (the taxonomy's)."""
    return frozenset(facet_values("countries"))


_ENDPOINTS = {
    "countries": "country",
    "sectors": "sector",
    "ip_types": "ip_type",
    "actions": "action",
}
_ARG = {"countries": "code", "sectors": "value", "ip_types": "value", "actions": "value"}
_SEARCH_PARAM = {"language": "language", "origin_countries": "country"}
