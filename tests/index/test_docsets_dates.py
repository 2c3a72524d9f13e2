"""Date ranges over DocSets: the same answer as a plain filter, whatever the range's length."""

from __future__ import annotations

import random
from datetime import date

from fakefree.index.docsets import STEP, DocSets, bitset


def test_between_matches_a_plain_filter_on_many_ranges() -> None:
    rng = random.Random(7)
    size = STEP * 5 + 17
    first_day = date(2020, 1, 1).toordinal()
    days = {d: first_day + rng.randrange(0, 2000) for d in range(size) if d % 11}  # some undated
    dated = sorted((day, d) for d, day in days.items())
    sets = DocSets({}, range(size), [d for _, d in reversed(dated)], size, dated)
    for _ in range(200):
        lo, hi = sorted(rng.randrange(first_day - 10, first_day + 2010) for _ in range(2))
        first, last = date.fromordinal(lo), date.fromordinal(hi)
        expected = bitset((d for d, day in days.items() if lo <= day <= hi), size)
        assert sets.between(first, last) == expected
    assert sets.between(None, None) == bitset(days, size)  # every dated document
    assert sets.between(date(2030, 1, 1), None) == 0


def test_years_count_within_a_mask() -> None:
    jan_2024, may_2025 = date(2024, 1, 5).toordinal(), date(2025, 5, 1).toordinal()
    dated = [(jan_2024, 1), (may_2025, 0), (may_2025, 2)]
    sets = DocSets({}, [0, 1, 2, 3], [0, 2, 1, 3], 4, sorted(dated))
    assert sets.counts(bitset([0, 1, 2, 3], 4))["year"] == [("2025", 2), ("2024", 1)]
    assert sets.counts(bitset([1, 3], 4))["year"] == [("2024", 1)]
