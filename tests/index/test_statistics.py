"""Aggregate figures over a real store: per month, per year, since a moment, per agency."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fakefree.index import statistics
from fakefree.index.store import Store
from tests.index.conftest import record


def _fill(store: Store) -> None:
    rows = [
        ("a", datetime(2024, 11, 3, tzinfo=UTC), ["MX"], ["apparel"]),
        ("b", datetime(2024, 11, 20, tzinfo=UTC), ["MX", "US"], ["pharma"]),
        ("c", datetime(2025, 1, 5, tzinfo=UTC), ["US"], ["apparel", "pharma"]),
        ("d", datetime(2025, 2, 9, tzinfo=UTC), ["MX"], ["media"]),
    ]
    for key, when, countries, sectors in rows:
        store.upsert_article(record(f"https://agency.example/{key}", published_at=when,
                                    countries=countries, sectors=sectors))  # fmt: skip
    # Neither counts: one unpublished, one without a date.
    store.upsert_article(record("https://agency.example/hidden", is_relevant=False,
                                published_at=datetime(2025, 1, 6, tzinfo=UTC)))  # fmt: skip
    store.upsert_article(record("https://agency.example/undated", published_at=None))


def test_monthly_counts_by_tag_and_totals(store: Store) -> None:
    _fill(store)
    counts = statistics.monthly_counts(store.db, "countries")
    assert counts.by_tag == {
        "MX": {"2024-11": 2, "2025-02": 1},
        "US": {"2024-11": 1, "2025-01": 1},
    }
    # A release about two countries counts once in the totals.
    assert counts.totals == {"2024-11": 2, "2025-01": 1, "2025-02": 1}
    assert counts.months() == ["2024-11", "2025-01", "2025-02"]
    assert counts.tag_totals(["2024-11"]) == {"MX": 2, "US": 1}


def test_yearly_counts_sum_the_months(store: Store) -> None:
    _fill(store)
    years = statistics.monthly_counts(store.db, "sectors").by_year()
    assert years.by_tag == {
        "apparel": {"2024": 1, "2025": 1},
        "pharma": {"2024": 1, "2025": 1},
        "media": {"2025": 1},
    }
    assert years.totals == {"2024": 2, "2025": 2}


def test_counts_since_a_moment(store: Store) -> None:
    _fill(store)
    since = datetime(2025, 1, 1, tzinfo=UTC)
    assert statistics.counts_since(store.db, "countries", since) == [("MX", 1), ("US", 1)]
    assert statistics.count_since(store.db, since) == 2
    assert statistics.value_count_since(store.db, "sectors", "pharma", since) == 1
    assert statistics.value_count_since(store.db, "sectors", "tobacco", since) == 0


def test_agency_counts(store: Store) -> None:
    _fill(store)
    (only,) = statistics.agency_counts(store.db).values()
    assert only.source_id == "test-src" and only.releases == 5  # the undated one is published
    assert only.latest == "2025-02-09T00:00:00Z"


def test_unknown_unit_and_column_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unit"):
        statistics.monthly_totals(store.db, unit="planets")
    with pytest.raises(ValueError, match="column"):
        statistics.monthly_counts(store.db, "title; DROP TABLE articles")


def test_an_empty_store_has_no_figures(store: Store) -> None:
    counts = statistics.monthly_counts(store.db, "ip_types")
    assert counts.by_tag == {} and counts.totals == {} and counts.by_year().totals == {}
