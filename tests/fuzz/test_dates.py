"""Dates as agencies write them, and as nobody should: parse_published never raises."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import example, given
from hypothesis import strategies as st

from fakefree.index.dates import parse_published

from .budget import fuzz

MONTHS = ["January", "mars", "noviembre", "déc.", "Sept", "febrero", "août", "13", "0"]
PIECES = st.sampled_from(
    ["2025", "1899", "99999", "-", "T", ":", "Z", "+05:30", " de ", "le ", "1er", "31", "29",
     "<time datetime='", "'>", "\u00b2", "٣", "\x00", "  ", "GMT", "PM", "ago", "yesterday",
     *MONTHS]
)  # fmt: skip
DATE_LIKE = st.lists(st.one_of(PIECES, st.integers(-99, 99_999).map(str)), max_size=8).map("".join)
VALUES = st.one_of(
    st.none(),
    DATE_LIKE,
    st.text(max_size=60),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
ZONES = st.sampled_from(["UTC", "America/Mexico_City", "Europe/Paris", "Nowhere/Else", "", "+5"])


@fuzz(3)
@given(VALUES, ZONES)
@example(10**30, "UTC")  # epoch seconds too large for a datetime
@example("99999999999999", "UTC")
@example(float("nan"), "UTC")
@example("<time datetime='\u00b2\u00b2'>", "UTC")
def test_parse_published_gives_a_plausible_utc_date_or_none(value: object, zone: str) -> None:
    found = parse_published(value, ("en", "fr", "es"), zone)
    if found is not None:
        assert found.tzinfo is not None and found.utcoffset().total_seconds() == 0
        assert datetime(1990, 1, 1, tzinfo=UTC) <= found
