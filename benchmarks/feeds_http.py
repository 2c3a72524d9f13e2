"""Feed serving throughput over HTTP: gunicorn on 2 cores, the load from another process.

    .venv/bin/python benchmarks/feeds_http.py [--articles N] [--seconds S] [--connections C]
                                              [--load wrk|python] [--worker-class sync|gthread]

Builds a collection of N generated releases (default 2000) in a temporary directory, serves it
with gunicorn (2 sync workers, as `fakefree serve`) on 127.0.0.1, and prints requests per
second for a full Atom feed (200) and for a conditional request for it (304). The load
generator is wrk when it is installed (Debian: apt-get install wrk), else a Python one with
keep-alive connections in several processes; both run on loopback only, for a bounded time.
Targets: >= 300 req/s for the full feed, >= 2,000 req/s for 304s. Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fakefree.catalogue import Source, SourceURL
from fakefree.index.fulltext import open_index
from fakefree.index.store import Store

FEED = "/feeds/latest.atom"
TARGETS = {"full feed (200)": 300, "conditional (304)": 2000}
SOURCE = Source(
    id="bench", name="Benchmark agency", agency="Benchmark agency", jurisdiction="US",
    homepage="https://bench.example/", languages=("en",), reader="feed",
    urls=(SourceURL("https://bench.example/feed"),),
)  # fmt: skip


def build_collection(data_dir: Path, count: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with Store(data_dir / "fakefree.sqlite3") as store:
        store.sync_sources([SOURCE])
        for n in range(count):
            when = start + timedelta(hours=n)
            store.upsert_article({
                "url": f"https://bench.example/press/{n}", "source_id": "bench",
                "title": f"Officers seize {n} counterfeit watches at the border",
                "summary": "Customs officers seized counterfeit watches bearing protected "
                "trademarks; the importer was charged with trafficking in counterfeit goods. " * 3,
                "body_text": "Customs officers seized counterfeit watches. " * 40, "body_html": "",
                "language": "en", "published_at": when, "fetched_at": when, "content_hash": str(n),
                "is_relevant": True, "relevance_score": 6.0, "countries": ["US"],
                "origin_countries": [], "sectors": ["apparel"], "ip_types": ["counterfeit"],
                "actions": ["seizure"], "evidence": {},
            })  # fmt: skip
        open_index(data_dir / "index").sync(store)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, port: int, worker_class: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKEFREE_")}
    env.update(FAKEFREE_DATA_DIR=str(data_dir), FAKEFREE_LOG_LEVEL="WARNING")
    argv = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
            "--worker-class", worker_class, *(["--threads", "4"] if worker_class == "gthread" else []),
            "--log-level", "warning", "fakefree.site:create_app()"]  # fmt: skip
    server = subprocess.Popen(argv, env=env)
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2:
        os.sched_setaffinity(server.pid, sorted(os.sched_getaffinity(0))[:2])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{FEED}", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 30 s")


def wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> float:
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    out = subprocess.run(argv + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    if "Non-2xx or 3xx" in out or "Socket errors" in out:
        print(out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _python_client(args: tuple[int, dict[str, str], float, int]) -> int:
    port, headers, until, expected = args
    done, conn = 0, http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while time.monotonic() < until:
        conn.request("GET", FEED, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != expected:
            raise SystemExit(f"got {response.status}, expected {expected}")
        done += 1
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    return done


def python_load(port: int, headers: dict[str, str], seconds: int, expected: int) -> float:
    workers = max(2, os.cpu_count() or 2)
    until = time.monotonic() + seconds
    with multiprocessing.Pool(workers) as pool:
        counts = pool.map(_python_client, [(port, headers, until, expected)] * workers)
    return sum(counts) / seconds


def measure(port: int, seconds: int, connections: int, load: str) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{FEED}") as response:
        etag, size = response.headers["ETag"], len(response.read())
    print(f"feed: {size} bytes, ETag {etag}; load generator: {load}")
    runs = {"full feed (200)": ({}, 200), "conditional (304)": ({"If-None-Match": etag}, 304)}
    results = {}
    for name, (headers, status) in runs.items():
        if load == "wrk":
            results[name] = wrk(f"http://127.0.0.1:{port}{FEED}", headers, seconds, connections)
        else:
            results[name] = python_load(port, headers, seconds, status)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--worker-class",
        choices=("sync", "gthread"),
        default="sync",
        help="sync: as `fakefree serve`; gthread: 4 threads each, with keep-alive",
    )
    parser.add_argument(
        "--load", choices=("wrk", "python"), default=None, help="default: wrk if found"
    )
    parser.add_argument("--json", action="store_true", help="a last line of JSON (run_all.py)")
    options = parser.parse_args()
    load = options.load or ("wrk" if shutil.which("wrk") else "python")
    data_dir = Path(tempfile.mkdtemp(prefix="fakefree-bench-"))
    server = None
    try:
        build_collection(data_dir, options.articles)
        port = free_port()
        server = start_server(data_dir, port, options.worker_class)
        results = measure(port, options.seconds, options.connections, load)
        load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{options.articles} releases; gunicorn: 2 {options.worker_class} workers;"
              f" {os.cpu_count()} cores, load average {load_avg:.1f} at the end")  # fmt: skip
        for name, rate in results.items():
            verdict = "ok" if rate >= TARGETS[name] else "BELOW TARGET"
            print(f"{name:>18}: {rate:8.0f} req/s  (target {TARGETS[name]}: {verdict})")
        if options.json:
            print(json.dumps({"benchmark": "feeds_http", "load": load, "articles": options.articles,
                              "full_feed_rps": round(results["full feed (200)"]),
                              "not_modified_rps": round(results["conditional (304)"])}))  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
