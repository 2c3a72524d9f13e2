"""An index commit that fails half-way leaves the index writable: the next sync catches up.

The failure is a real one, provoked without mocks: Whoosh names each new segment from the global
`random` generator, so re-seeding it before two commits gives both segments the same name and the
second commit fails inside Whoosh (fuzzing with Hypothesis, which re-seeds `random` for every
example, hit exactly this). Before the fix, the failed writer kept Whoosh's lock for as long as
the exception's traceback lived (tracebacks form reference cycles: until the garbage collector
ran), and every sync meanwhile, in any process, raised LockError.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fakefree.index.fulltext import SearchIndex, SearchQuery
from fakefree.index.store import Store
from tests.site.conftest import SOURCES, record


def test_a_failed_commit_does_not_block_later_syncs(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        store.sync_sources(SOURCES)
        index = SearchIndex(tmp_path / "index")
        store.upsert_article(record("one", "us-agency", title="Counterfeit watches seized"))
        random.seed(2026)
        index.sync(store)
        store.upsert_article(record("two", "us-agency", title="Counterfeit toys seized"))
        random.seed(2026)  # the same segment name again: this commit fails inside Whoosh
        with pytest.raises(AssertionError) as failed:  # Whoosh's own assertion
            index.sync(store)
        random.seed()
        assert index.sync(store) == 1, "the next sync takes the lock and catches up"
        assert index.search(SearchQuery(per_page=10)).total == 2
        assert failed.traceback, "the failure's traceback was alive during the second sync"
