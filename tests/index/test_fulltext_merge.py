"""The index's merge policies: small commits never rewrite big segments, the number of segments
stays bounded, a burst leaves merging to idle time, and a rebuild writes one segment."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakefree.index.fulltext import SearchIndex, SearchQuery, busy_merge, merging, searching
from fakefree.index.store import Store
from tests.index.conftest import record


def add(store: Store, start: int, count: int) -> None:
    for i in range(start, start + count):
        store.upsert_article(
            record(
                f"https://agency.example/{i}",
                title=f"Counterfeit watches seized, case {i}",
                body_text=f"Officers seized counterfeit watches in operation number {i}.",
            )
        )


@pytest.fixture
def small_tiers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiers of a few documents, so that a test makes them pile up quickly."""
    monkeypatch.setattr(merging, "TIERS", (3, 12))
    monkeypatch.setattr(merging, "MERGE_AT", 3)
    monkeypatch.setattr(merging, "MAX_SEGMENTS", 6)
    monkeypatch.setattr(merging, "MAX_SEGMENTS_BUSY", 10)


def sync_each(
    ix: SearchIndex, store: Store, start: int, batches: int, size: int, **sync: object
) -> list[int]:
    counts = []
    for k in range(batches):
        add(store, start + k * size, size)
        ix.sync(store, **sync)
        counts.append(ix.segment_count())
    return counts


def test_small_segments_merge_by_tier_and_their_number_stays_bounded(
    tmp_path: Path, store: Store, small_tiers: None
) -> None:
    ix = SearchIndex(tmp_path / "index")
    counts = sync_each(ix, store, 0, 30, 1)
    assert max(counts) <= merging.MAX_SEGMENTS
    assert counts[:3] == [1, 2, 3]  # three of one document: merged at the next commit
    assert counts[3] == 1  # merged into the new segment
    assert ix.search(SearchQuery(text="watches")).total == 30


def test_a_big_segment_is_not_rewritten_by_small_commits(
    tmp_path: Path, store: Store, small_tiers: None
) -> None:
    add(store, 0, 40)
    ix = SearchIndex(tmp_path / "index")
    ix.rebuild(store)
    big = {s.segment_id() for s in ix._ix._segments()}
    sync_each(ix, store, 100, 8, 1)
    assert big <= {s.segment_id() for s in searching.windex.open_dir(str(ix.path))._segments()}
    assert ix.search(SearchQuery(text="watches")).total == 48


def test_a_burst_leaves_merging_to_idle_time(
    tmp_path: Path, store: Store, small_tiers: None
) -> None:
    ix = SearchIndex(tmp_path / "index")
    counts = sync_each(ix, store, 0, 14, 1, mergetype=busy_merge)
    assert counts[:9] == list(range(1, 10))  # no merge while the burst goes on...
    assert max(counts) <= merging.MAX_SEGMENTS_BUSY  # ...up to its own bound
    assert ix.search(SearchQuery(text="watches")).total == 14
    steps = 0
    while ix.merge_step():  # idle time: tiered merges, one at a time, until none is due
        steps += 1
    assert steps >= 1
    assert ix.segment_count() <= merging.MAX_SEGMENTS
    assert not merging.tiered_choice(searching.windex.open_dir(str(ix.path))._segments())
    assert ix.search(SearchQuery(text="watches")).total == 14
    assert ix.doc_count() == 14
    assert ix.merge_step() is False


def test_rebuild_and_optimize_write_one_segment(tmp_path: Path, store: Store) -> None:
    ix = SearchIndex(tmp_path / "index")
    for start in range(0, 12, 3):
        add(store, start, 3)
        ix.sync(store)
    assert ix.segment_count() > 1
    assert ix.optimize() > 1
    assert ix.segment_count() == 1
    add(store, 50, 2)
    ix.sync(store)
    assert ix.rebuild(store) == 14
    assert ix.segment_count() == 1
    assert ix.search(SearchQuery(text="watches")).total == 14
    films(store, 51)  # changed after the rebuild: replaced, not added twice
    ix.sync(store)
    assert ix.doc_count() == 14
    assert ix.search(SearchQuery(text="films")).total == 1


def films(store: Store, i: int) -> None:
    store.upsert_article(
        record(f"https://agency.example/{i}", title=f"Pirated films seized, case {i}",
               body_text="Officers seized pirated films.", content_hash=f"changed {i}")
    )  # fmt: skip


def test_updates_replace_their_document_whatever_the_id_bound(tmp_path: Path, store: Store) -> None:
    """New articles skip the deletion query; an update (also in an index from before the id
    bound file existed) still replaces its document instead of adding a second one."""
    ix = SearchIndex(tmp_path / "index")
    add(store, 0, 3)
    ix.sync(store)
    (ix.path / "id_bound").unlink()  # as an index written before the file existed
    films(store, 0)  # an old article changes in the same sync as new ones
    add(store, 3, 2)
    ix.sync(store)
    films(store, 4)  # one of the last batch changes
    ix.sync(store)
    assert ix.search(SearchQuery(text="watches")).total == 3
    assert ix.search(SearchQuery(text="films")).total == 2
    assert ix.doc_count() == 5
