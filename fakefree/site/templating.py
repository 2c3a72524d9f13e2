"""Template helpers: dates in UTC and numbers written the reader's way, the site's name, search
URLs for tags.

Dates and numbers follow the interface language through Babel ("Nov 22, 2026", "22 nov. 2026",
"22 nov 2026"; "12,000", "12 000", "12.000"); the machine-readable `iso` form stays for
`<time datetime>`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask_babel import format_date as babel_format_date
from flask_babel import format_decimal, gettext
from flask_babel import format_time as babel_format_time

from fakefree.index.store import from_iso

from .queries import PARAM_FOR_FIELD

SITE_NAME = "Fake Free"


def _as_datetime(value: datetime | str | None) -> datetime | None:
    moment = from_iso(value) if isinstance(value, str) else value
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the store keeps UTC
    return moment


def format_date(value: datetime | str | None) -> str:
    """A day in the reader's language, in UTC: "Nov 22, 2026", "22 nov. 2026"."""
    moment = _as_datetime(value)
    return babel_format_date(moment.astimezone(UTC), "medium") if moment else ""


def format_datetime(value: datetime | str | None) -> str:
    """A moment in the reader's language, in UTC, saying so."""
    moment = _as_datetime(value)
    if not moment:
        return ""
    moment = moment.astimezone(UTC)
    return f"{babel_format_date(moment, 'medium')}, {babel_format_time(moment, 'HH:mm')} UTC"


def format_number(value: int | float | None) -> str:
    """A count with the reader's digit grouping: 12,000 / 12 000 / 12.000."""
    return format_decimal(value) if value is not None else ""


def translate(message: str | None) -> str:
    """Filter `translate`: an English label made in Python (a fact's label, an error message)
    in the reader's language, as plain text. Unlike `_()` in a template, which treats its result
    as markup and as a format string, this one is escaped on output like any value."""
    return gettext(message) if message else ""


def iso_datetime(value: datetime | str | None) -> str:
    """For <time datetime=...>."""
    moment = _as_datetime(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        date=format_date,
        datetime=format_datetime,
        iso=iso_datetime,
        number=format_number,
        translate=translate,
    )
    app.jinja_env.globals.update(site_name=SITE_NAME, param_for_field=PARAM_FOR_FIELD)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
