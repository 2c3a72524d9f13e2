from __future__ import annotations

from fakefree.index.docsets import DocSets, bitset


def sets() -> DocSets:
    postings = {
        "countries": {"MX": [0, 1, 2, 5], "US": [2, 3], "CA": [4]},
        "language": {"es": [0, 1, 5], "en": [2, 3, 4]},
    }
    live = [0, 1, 2, 3, 4]  # document 5 was deleted
    return DocSets(postings, live, newest_first=[4, 2, 0, 3, 1], size=6)


def test_bitset() -> None:
    assert bitset([0, 3], 8) == 0b1001
    assert bitset([], 8) == 0


def test_filters_and_of_ors_over_live_documents() -> None:
    ds = sets()
    assert ds.matching({}) == bitset([0, 1, 2, 3, 4], 6)
    assert ds.matching({"countries": ("MX",)}) == bitset([0, 1, 2], 6)
    assert ds.matching({"countries": ("MX", "CA")}) == bitset([0, 1, 2, 4], 6)
    assert ds.matching({"countries": ("MX",), "language": ("en",)}) == bitset([2], 6)
    assert ds.matching({"countries": ("ZZ",)}) == 0


def test_counts_most_first_without_zeros() -> None:
    counts = sets().counts(bitset([0, 1, 2, 3], 6))
    assert counts["countries"] == [("MX", 3), ("US", 2)]
    assert counts["language"] == [("en", 2), ("es", 2)]


def test_page_by_date() -> None:
    ds = sets()
    everything = ds.matching({})
    assert ds.page_by_date(everything, 0, 2) == [4, 2]
    assert ds.page_by_date(everything, 2, 2) == [0, 3]
    assert ds.page_by_date(everything, 4, 2) == [1]
    assert ds.page_by_date(ds.matching({"countries": ("US",)}), 0, 10) == [2, 3]
