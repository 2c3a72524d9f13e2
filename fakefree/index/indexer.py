"""The indexer: a process that keeps the full-text index up with the store while crawls write.

Crawls ingest into the store on one core; this process indexes on the other, so a crawl never
waits for Whoosh and the two add up instead of taking turns. It syncs whenever the store has
changes the index has not seen, at most once per `interval` seconds: the more releases arrive,
the more each commit carries (a commit costs the same for 50 releases as for 300, and fewer
segments mean fewer merges), and a quiet store costs one small query a second. A release is
searchable about `interval` seconds after its store commit, plus the sync itself. While releases
keep arriving, commits leave merging to idle time (fulltext.busy_merge, up to a bound on the
number of segments); once the flow stops, one due merge per round brings the index back to
its usual shape (tiered_merge).

The index stays derived: a kill at any moment leaves it behind the store at worst, and the next
sync (this process's, or `fakefree reindex`) brings it level. The process stops when told to,
or when its parent dies (it polls the parent's pid), after one last sync.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from fakefree.index.fulltext import SearchIndex, busy_merge, tiered_merge
from fakefree.index.store import Store

log = logging.getLogger(__name__)

INTERVAL = 1.0  # seconds between syncs when releases keep arriving
FAILURE_PAUSE = 10.0  # after a failed sync (disk full, ...), before trying again


def sync_pending(store: Store, index: SearchIndex, busy: bool = False) -> int:
    """Index whatever the store changed since the index's last sync; the number of changes.
    `busy`: releases keep arriving, so merging waits for idle time (busy_merge)."""
    if store.max_rev() <= index.synced_rev():
        return 0
    return index.sync(store, mergetype=busy_merge if busy else tiered_merge)


def follow(
    db_path: Path,
    index_dir: Path,
    should_stop: Callable[[], bool],
    interval: float = INTERVAL,
    on_ready: Callable[[], None] = lambda: None,
) -> int:
    """Sync the index with the store until `should_stop()`; a last sync, then the total synced.
    `on_ready` is called once the store and index are open."""
    index = SearchIndex(index_dir)
    # merges_left: busy syncs (or an indexer before this one) may have left merges for idle
    # time; checked once idle, then not again until a busy sync leaves some.
    total, busy, merges_left = 0, False, True
    with Store(db_path) as store:
        on_ready()
        while True:
            stopping = should_stop()
            started = time.monotonic()
            try:
                merged_later = busy
                done = sync_pending(store, index, busy)
                merges_left = merges_left or (bool(done) and merged_later)
                # Busy: more arrived during that sync, so the flow goes on. Idle: one merge
                # that the busy syncs left, if any is due.
                busy = bool(done) and store.max_rev() > index.synced_rev()
                if not done and not stopping and merges_left:
                    merges_left = index.merge_step()
            except Exception:  # the next round tries again; the store keeps everything
                log.exception("indexer: sync failed; trying again in %.0f s", FAILURE_PAUSE)
                if stopping:
                    return total
                _sleep_until(started + FAILURE_PAUSE, should_stop)
                continue
            total += done
            if done:
                log.debug("indexer: %d changes indexed in %.2f s%s", done,
                          time.monotonic() - started,
                          ", merging left for later" if merged_later else "")  # fmt: skip
            if stopping:
                return total
            _sleep_until(started + interval, should_stop)


def _sleep_until(deadline: float, should_stop: Callable[[], bool]) -> None:
    while (left := deadline - time.monotonic()) > 0 and not should_stop():
        time.sleep(min(left, 0.1))


def _run(
    db_path: Path, index_dir: Path, stop: Any, ready: Any, parent: int, log_level: int,
    interval: float,
) -> None:  # fmt: skip
    """The indexer process's body (spawned: it shares nothing with the parent but arguments)."""
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    total = follow(db_path, index_dir, lambda: stop.is_set() or os.getppid() != parent,
                   interval=interval, on_ready=ready.set)  # fmt: skip
    log.info("indexer: stopped after %d changes", total)


class Indexer:
    """The indexer process, started and stopped by its owner (the worker, a benchmark)."""

    def __init__(self, db_path: Path, index_dir: Path, interval: float = INTERVAL) -> None:
        self.db_path, self.index_dir, self.interval = db_path, index_dir, interval
        self._context = multiprocessing.get_context("spawn")  # safe beside running threads
        self._stop = self._context.Event()
        self._ready = self._context.Event()
        self._process: BaseProcess | None = None

    def start(self) -> None:
        """Start the process (again, if it has died)."""
        self._stop.clear()
        self._ready.clear()
        level = logging.getLogger().getEffectiveLevel()
        self._process = self._context.Process(
            target=_run,
            args=(
                self.db_path,
                self.index_dir,
                self._stop,
                self._ready,
                os.getpid(),
                level,
                self.interval,
            ),  # fmt: skip
            name="fakefree-indexer",
            daemon=False,  # its last sync must not be cut short
        )
        self._process.start()

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait until the process has opened the store and the index; False on timeout."""
        return self._ready.wait(timeout)

    def is_alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def ensure_running(self) -> bool:
        """Restart the process if it has died; True if it had to."""
        if self.is_alive():
            return False
        if self._process is not None:
            log.error("indexer: process died (exit code %s); restarting",
                      self._process.exitcode)  # fmt: skip
        self.start()
        return True

    def stop(self, timeout: float = 120.0) -> None:
        """Ask for a last sync and wait for it; kill the process if it does not end in time."""
        if self._process is None:
            return
        self._stop.set()
        self._process.join(timeout)
        if self._process.is_alive():
            log.error("indexer: no exit after %.0f s; killed (the next sync catches up)", timeout)
            self._process.kill()
            self._process.join()
        self._process = None
