"""Template helpers: dates shown in UTC, the site's name, search URLs for tags."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask

from fakefree.index.store import from_iso

from .queries import PARAM_FOR_FIELD

SITE_NAME = "Fake Free"


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):
        return from_iso(value)
    return value


def format_date(value: datetime | str | None) -> str:
    moment = _as_datetime(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else ""


def format_datetime(value: datetime | str | None) -> str:
    moment = _as_datetime(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def iso_datetime(value: datetime | str | None) -> str:
    """For <time datetime=...>."""
    moment = _as_datetime(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, iso=iso_datetime)
    app.jinja_env.globals.update(site_name=SITE_NAME, param_for_field=PARAM_FOR_FIELD)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
