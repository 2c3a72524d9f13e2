"""A crawl's ingest and an operator's approvals write at once while readers browse: no lock
error reaches anyone, no request fails, no write is lost, and the index follows the store.

The writers are real and separate: tests/stress/ingest_child.py ingests and syncs the index as a
crawl does, in its own process; the approvals go through the API of gunicorn (`fakefree serve`,
two worker processes, each approval syncing the index from inside the web worker), so three
processes contend for SQLite's write lock and the index's. benchmarks/concurrent_writers.py is
the same for minutes (STRESS_SECONDS here sets this test's length; default 25 s).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from tests.stress.harness import (
    LOCK_WORDS,
    Tally,
    approver,
    check_everything_kept,
    finish_ingest,
    make_tokens,
    reader,
    start_ingest,
    start_server,
)

SECONDS = float(os.environ.get("STRESS_SECONDS", "25"))


def test_ingest_and_approvals_at_once_lose_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    finish_ingest(start_ingest(data_dir, 0, 40), timeout=120)  # something to read at start
    tokens = make_tokens(data_dir)
    server = start_server(data_dir, tmp_path)
    tally, approved = Tally(), {}
    try:
        until = time.monotonic() + SECONDS
        child = start_ingest(data_dir, 40, 100_000, batch=10, pause=0.01)
        threads = [threading.Thread(target=approver, args=(tally, server.port, tokens, until,
                                                           k * 100_000, approved))
                   for k in range(2)]  # fmt: skip
        threads += [threading.Thread(target=reader, args=(tally, server.port, until, [1, 2, 3]))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        child.terminate()  # SIGTERM: it stops between two releases, mid-transaction or not
        child.wait(timeout=60)
        urls = [line for line in child.stdout.read().splitlines() if line.startswith("https://")]
    finally:
        log = server.stop()
    assert not tally.failures, tally.failures[:5]
    assert tally.server_errors() == {name: 0 for name in tally.statuses}, dict(tally.statuses)
    assert not tally.lock_errors, tally.lock_errors[:3]
    assert not [w for w in LOCK_WORDS if w in log] and "Traceback" not in log, log[-3000:]
    assert len(approved) >= 5 and len(urls) >= 50, (len(approved), len(urls))
    # The child may have been stopped between a commit and its sync: one sync by a later writer
    # (here, the operator approving once more) brings the index along, as in production.
    finish_ingest(start_ingest(data_dir, 10_000_000, 1), timeout=120)
    check_everything_kept(data_dir, urls, approved)
