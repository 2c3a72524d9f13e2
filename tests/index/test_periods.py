from __future__ import annotations

from datetime import date

import pytest

from fakefree.index.periods import parse_bound, parse_period
from fakefree.index.query_errors import QueryError


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-2", date(2025, 2, 1), date(2025, 2, 28)),
        ("2025-03-14", date(2025, 3, 14), date(2025, 3, 14)),
        (" 2025-03-14 ", date(2025, 3, 14), date(2025, 3, 14)),
    ],
)
def test_partial_dates_cover_their_whole_period(raw: str, first: date, last: date) -> None:
    assert parse_bound(raw, "from", last=False) == first
    assert parse_bound(raw, "to", last=True) == last


def test_empty_is_unbounded() -> None:
    assert parse_period("", "") == (None, None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2025-13-01", "from is not a real date: '2025-13-01'"),
        ("2025-02-30", "from is not a real date"),
        ("0", "from must be a date such as 2025, 2025-03 or 2025-03-14, not '0'"),
        ("yesterday", "from must be a date"),
        ("25-03-2025", "from must be a date"),
        ("0999", "from is not a real date"),
        ("2025-03-14T10:00", "from must be a date"),
    ],
)
def test_bad_dates_say_why(raw: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_period(raw, "")
    assert message in str(caught.value) and caught.value.param == "from"


def test_a_range_in_reverse_is_an_error() -> None:
    with pytest.raises(QueryError, match="ends before it starts"):
        parse_period("2025-03", "2025-02")
    assert parse_period("2025-03", "2025-03") == (date(2025, 3, 1), date(2025, 3, 31))
