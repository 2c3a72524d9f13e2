"""Publication dates as agencies write them, in English, French and Spanish, to UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser

_TIME_TAG = re.compile(r"""datetime\s*=\s*["']([^"']+)["']""")
_EPOCH = re.compile(r"^\d{9,11}(\.\d+)?$")
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def parse_published(
    value: str | int | float | datetime | None,
    languages: tuple[str, ...] = ("en", "fr", "es"),
    timezone: str = "UTC",
    now: datetime | None = None,
) -> datetime | None:
    """A timezone-aware UTC datetime, or None when the value holds no plausible date.

    Accepts epoch seconds (number or digits), `<time datetime="...">` markup, ISO 8601, and
    dates in words ("9 December 2024", "le 3 mars 2025", "25 de noviembre de 2025"). A value
    without a zone is read in the source's `timezone`. Dates before 1990 or more than two days
    ahead are refused as misreadings.
    """
    found = _parse(value, languages, _zone(timezone))
    if found is None:
        return None
    found = found.astimezone(UTC).replace(microsecond=0)
    now = now or datetime.now(UTC)
    if found < _EARLIEST or (found - now).days >= 2:
        return None
    return found


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _from_epoch(value: str | int | float) -> datetime | None:
    """Epoch seconds as a datetime; None for NaN, infinities and numbers past any calendar."""
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _parse(value: object, languages: tuple[str, ...], zone: ZoneInfo) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, int | float):
        return _from_epoch(value)
    text = str(value).strip()
    if match := _TIME_TAG.search(text):
        text = match.group(1)
    if _EPOCH.match(text):
        return _from_epoch(text)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    except ValueError:
        pass
    return dateparser.parse(
        text,
        languages=list(languages),
        settings={
            "TIMEZONE": str(zone),
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
