"""Crawl ingest and submission approvals writing at once for minutes, readers browsing meanwhile.

    .venv/bin/python benchmarks/concurrent_writers.py [--seconds 180] [--approvers 2]
                                                      [--readers 2] [--json]

The long version of tests/stress/test_concurrent_writers.py, same harness: gunicorn (`fakefree
serve`, 2 workers) on a fresh data directory; the ingest child of tests/stress writes releases
and syncs the index every 10 as a crawl does; approver threads submit as an agency and approve
as an operator through the API (each approval syncs the index inside a web worker); reader
threads browse home, searches, a feed, the API and articles. At the end it checks that every
release the ingest reported and every approval is in the store, that the index equals the
store's published set (without a sync of its own), and prints the counts, the 5xx and lock
errors seen (both must be 0) and each endpoint's p50/p99. Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.stress.harness import (  # noqa: E402
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


def run(seconds: float, approvers: int, readers: int, tmp: Path) -> dict:
    data_dir = tmp / "data"
    finish_ingest(start_ingest(data_dir, 0, 100), timeout=300)
    tokens = make_tokens(data_dir)
    server = start_server(data_dir, tmp)
    tally, approved = Tally(), {}
    try:
        until = time.monotonic() + seconds
        child = start_ingest(data_dir, 100, 10**7, batch=10, pause=0.0)
        threads = [threading.Thread(target=approver, args=(tally, server.port, tokens, until,
                                                           (k + 1) * 10**6, approved))
                   for k in range(approvers)]  # fmt: skip
        threads += [threading.Thread(target=reader, args=(tally, server.port, until,
                                                          list(range(1, 100, 7))))
                    for _ in range(readers)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        child.terminate()
        child.wait(timeout=120)
        urls = [ln for ln in child.stdout.read().splitlines() if ln.startswith("https://")]
    finally:
        log = server.stop()
    finish_ingest(start_ingest(data_dir, 10**8, 1), timeout=300)  # a later crawl's sync
    kept = check_everything_kept(data_dir, urls, approved)
    return {
        "seconds": seconds, **kept, "requests": tally.total(),
        "5xx": sum(tally.server_errors().values()), "no_answer": len(tally.failures),
        "lock_errors": len(tally.lock_errors) + sum(log.count(w) for w in LOCK_WORDS),
        "server_tracebacks": log.count("Traceback"),
        "endpoints": {
            name: {"requests": len(ms), "p50_ms": round(statistics.median(ms) * 1000, 1),
                   "p99_ms": round(sorted(ms)[int(len(ms) * 0.99)] * 1000, 1)}
            for name, ms in sorted(tally.latencies.items())
        },
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--approvers", type=int, default=2)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fakefree-writers-") as tmp:
        try:
            figures = run(options.seconds, options.approvers, options.readers, Path(tmp))
        except AssertionError as exc:
            figures = {"seconds": options.seconds, "error": str(exc)[:2000]}
    if "error" in figures:
        print(f"FAILED: {figures['error']}")
    else:
        print(f"{figures['seconds']:.0f} s: {figures['releases']} releases ingested and"
              f" {figures['approvals']} submissions approved at once; {figures['requests']}"
              f" requests; 5xx {figures['5xx']}, unanswered {figures['no_answer']}, lock errors"
              f" {figures['lock_errors']}, server tracebacks {figures['server_tracebacks']};"
              " every write in the store, index = store")  # fmt: skip
        for name, one in figures["endpoints"].items():
            print(f"  {name:>8}: {one['requests']:6d} requests, p50 {one['p50_ms']} ms,"
                  f" p99 {one['p99_ms']} ms")  # fmt: skip
    bad = "error" in figures or any(
        figures[k] for k in ("5xx", "no_answer", "lock_errors", "server_tracebacks")
    )
    if options.json:
        print(json.dumps({"benchmark": "concurrent_writers", **figures, "ok": not bad}))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
