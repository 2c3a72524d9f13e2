"""The indexer process: it follows the store while crawls write, and never outlives its owner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fakefree.index.fulltext import SearchIndex, SearchQuery, busy_merge, merging
from fakefree.index.indexer import Indexer, follow
from fakefree.index.store import Store
from fakefree.settings import REPO_ROOT
from tests.conftest import process_alive, wait_for

from .conftest import record


def _write(store: Store, first: int, count: int) -> None:
    for i in range(first, first + count):
        store.upsert_article(record(f"https://agency.example/{i}", title=f"Decomiso número {i}"))


def _found(index_dir: Path, text: str) -> int:
    return SearchIndex(index_dir).search(SearchQuery(text=text)).total


def test_follow_indexes_what_the_store_gets_while_it_runs(store: Store, tmp_path: Path) -> None:
    stop = threading.Event()
    totals: list[int] = []
    args = (store.path, tmp_path / "index", stop.is_set)
    thread = threading.Thread(target=lambda: totals.append(follow(*args, interval=0.05)))
    thread.start()
    try:
        _write(store, 0, 5)
        wait_for(lambda: _found(tmp_path / "index", "decomiso") == 5, 20, "the first releases")
        _write(store, 5, 3)  # while it runs: the next sync takes them
        wait_for(lambda: _found(tmp_path / "index", "decomiso") == 8, 20, "the later releases")
    finally:
        stop.set()
        thread.join(20)
    assert not thread.is_alive()
    assert totals == [8]
    assert SearchIndex(tmp_path / "index").synced_rev() == store.max_rev()


def test_follow_makes_a_last_sync_when_told_to_stop(store: Store, tmp_path: Path) -> None:
    _write(store, 0, 4)
    assert follow(store.path, tmp_path / "index", lambda: True) == 4
    assert _found(tmp_path / "index", "decomiso") == 4


def test_follow_does_the_merges_a_burst_left_once_idle(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merging, "TIERS", (3, 12))
    monkeypatch.setattr(merging, "MERGE_AT", 3)
    index = SearchIndex(tmp_path / "index")
    for i in range(7):  # a burst: one segment per sync, none merged
        _write(store, i, 1)
        index.sync(store, mergetype=busy_merge)
    assert index.segment_count() == 7 and index.merge_due()
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(store.path, tmp_path / "index", stop.is_set),
                              kwargs={"interval": 0.05})  # fmt: skip
    thread.start()
    try:
        wait_for(lambda: not index.merge_due(), 20, "the idle merges")
    finally:
        stop.set()
        thread.join(20)
    assert index.segment_count() < 7
    assert _found(tmp_path / "index", "decomiso") == 7


def test_indexer_process_follows_the_store_and_stops(store: Store, tmp_path: Path) -> None:
    indexer = Indexer(store.path, tmp_path / "index")
    indexer.start()
    try:
        assert indexer.wait_ready(60)
        _write(store, 0, 6)
        index = SearchIndex(tmp_path / "index")
        wait_for(lambda: index.synced_rev() == store.max_rev(), 30, "the indexer to catch up")
        assert _found(tmp_path / "index", "decomiso") == 6
    finally:
        indexer.stop(timeout=30)
    assert not indexer.is_alive()


def test_a_dead_indexer_is_restarted_and_catches_up(store: Store, tmp_path: Path) -> None:
    indexer = Indexer(store.path, tmp_path / "index")
    indexer.start()
    try:
        assert indexer.wait_ready(60)
        assert indexer.ensure_running() is False  # alive: nothing to do
        indexer._process.kill()  # as the OOM killer would
        indexer._process.join(10)
        _write(store, 0, 3)  # written while no indexer runs
        assert indexer.ensure_running() is True
        index = SearchIndex(tmp_path / "index")
        wait_for(lambda: index.synced_rev() == store.max_rev(), 60, "the new indexer")
    finally:
        indexer.stop(timeout=30)


OWNER = """
import sys, time
from pathlib import Path
from fakefree.index.indexer import Indexer
indexer = Indexer(Path(sys.argv[1]), Path(sys.argv[2]))
indexer.start()
indexer.wait_ready(60)
print(indexer._process.pid, flush=True)
time.sleep(600)
"""


def test_indexer_exits_when_its_owner_is_killed(store: Store, tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(store.path), str(tmp_path / "index")],
        stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    try:
        pid = int(owner.stdout.readline())
        assert process_alive(pid)
        _write(store, 0, 2)
        os.kill(owner.pid, signal.SIGKILL)  # no cleanup in the owner at all
        owner.wait(10)
        wait_for(lambda: not process_alive(pid), 20, "the indexer to end with its owner")
    finally:
        if owner.poll() is None:
            owner.kill()
    # its last sync, on the way out, indexed what the store had
    assert SearchIndex(tmp_path / "index").synced_rev() == store.max_rev()
