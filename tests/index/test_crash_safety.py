"""Killed at any moment, the store stays whole and the index catches up.

A child process ingests and indexes releases; it is killed with SIGKILL at random moments. After
each kill: the store passes SQLite's integrity check, every release the child reported as
committed is there, whole; and one sync brings the index to exactly the store's published set.
benchmarks/crash_kill.py runs the same with more kills and prints the figures.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fakefree.index.fulltext import SearchIndex, SearchQuery
from fakefree.index.store import Store
from fakefree.settings import REPO_ROOT

KILLS = int(os.environ.get("FAKEFREE_CRASH_KILLS", "8"))


def kill_once(data_dir: Path, first: int, rng: random.Random) -> list[str]:
    """Run the child, kill it after a random while; the URLs it reported as committed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.index.crash_child", str(data_dir), str(first)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until it really works, then let it run a while
        line = child.stdout.readline()
        if line.startswith("https://"):
            break
        assert child.poll() is None, child.stderr.read()
    time.sleep(rng.uniform(0.05, 0.6))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    return [line] + out.splitlines()


def check_store(data_dir: Path, committed: set[str]) -> int:
    db = sqlite3.connect(data_dir / "fakefree.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    with Store(data_dir / "fakefree.sqlite3") as store:
        rows = store.db.execute("SELECT url, title, body_text, content_hash FROM articles")
        stored = {url: (title, body, h) for url, title, body, h in rows}
        missing = committed - set(stored)
        assert not missing, f"committed but lost: {sorted(missing)[:5]}"
        for title, body, content_hash in stored.values():
            assert title and body and len(content_hash) == 64, "a half-written article"
        return len(stored)


def check_index(data_dir: Path) -> None:
    with Store(data_dir / "fakefree.sqlite3") as store:
        index = SearchIndex(data_dir / "index")
        index.sync(store)
        published = {a.id for a in store.latest_articles(limit=1_000_000)}
    everything = index.search(SearchQuery(per_page=1_000_000))
    assert set(everything.ids) == published and everything.total == len(published)


def test_kills_lose_nothing_and_the_index_catches_up(tmp_path: Path) -> None:
    rng = random.Random(11)
    committed: set[str] = set()
    first = 0
    for _ in range(KILLS):
        reported = kill_once(tmp_path, first, rng)
        urls = [line.strip() for line in reported if line.startswith("https://")]
        committed.update(urls)
        first += len(urls) + 1  # the one being written when killed may or may not be there
        check_store(tmp_path, committed)
        check_index(tmp_path)
    assert len(committed) > KILLS * 3, "the child must have done real work between kills"
