"""The site under load on loopback while a crawl ingests: requests/s, p50, p99 and 5xx per page.

    .venv/bin/python benchmarks/load.py [--scale 10k|100k] [--seconds 20] [--processes 2]
                                        [--clients 4] [--load python|wrk] [--no-ingest] [--json]

A private copy of benchmarks/.data/N (built by generate.py if missing) is served by gunicorn
(`fakefree serve`: 2 sync workers); the ingest child of tests/stress adds releases all along
(syncing the index every 10, as a crawl does). Each endpoint — home, search (four queries, with
facets), article (ids spread over the collection), the latest Atom feed — is then driven alone
for `--seconds` by the load generator: tests/stress/loadgen.py (processes x clients closed-loop
connections; it prints its own CPU use, to show it was not the limit) or wrk when asked and
installed (Debian: apt-get install wrk; wrk counts non-2xx/3xx answers, not 5xx alone). At the
end: peak RSS of each web worker and of the ingest process. Exit status 1 on any 5xx or
unanswered request. Not a test (tests/stress/test_load.py is its 15-second version).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import DATA_ROOT, build, parse_scale  # noqa: E402

from fakefree.index.store import Store  # noqa: E402
from tests.stress.harness import start_ingest, start_server  # noqa: E402
from tests.stress.loadgen import run_load  # noqa: E402

SEARCHES = ["/search?q=counterfeit", "/search?q=contrefaits&language=fr",
            "/search?q=medicamentos+OR+relojes", "/search?country=US&sector=pharma&sort=date"]  # fmt: skip


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB; 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(found[1]) / 1024, 1) if found else 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def plans(data_dir: Path) -> dict[str, list[tuple[str, str]]]:
    with Store(data_dir / "fakefree.sqlite3") as store:
        ids = store.article_ids()
    picked = random.Random(3).sample(ids, k=min(200, len(ids)))
    return {
        "home": [("home", "/")],
        "search": [("search", path) for path in SEARCHES],
        "article": [("article", f"/articles/{i}") for i in picked],
        "feed": [("feed", "/feeds/latest.atom")],
    }


def wrk(port: int, paths: list[tuple[str, str]], seconds: float, connections: int) -> dict:
    """wrk on the plan's first path (wrk drives one URL)."""
    url = f"http://127.0.0.1:{port}{paths[0][1]}"
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", url]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60).stdout
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99[2]] if p99 else 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "requests": int(total[1]) if total else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50_ms": None, "p99_ms": round(float(p99[1]) * scale, 1) if p99 else None,
        "5xx": int(bad[1]) if bad else 0, "failures": 0, "statuses": {},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=parse_scale, default=10_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="per endpoint")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4, help="connections per process")
    parser.add_argument("--load", choices=("python", "wrk"), default="python")
    parser.add_argument("--no-ingest", action="store_true", help="no writer during the load")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if options.load == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk); use --load python")
    shared = DATA_ROOT / str(options.scale)
    build(options.scale, shared)
    with tempfile.TemporaryDirectory(prefix="fakefree-load-") as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(shared, data_dir, ignore=shutil.ignore_patterns("*.lock"))
        server = start_server(data_dir, Path(tmp))
        child = None if options.no_ingest else start_ingest(data_dir, 0, 10**7, 10, 0.02)
        results, web_rss, ingest_rss = {}, [], 0.0
        try:
            for name, plan in plans(data_dir).items():
                if options.load == "wrk":
                    conns = options.processes * options.clients
                    results[name] = wrk(server.port, plan, options.seconds, conns)
                    continue
                run = run_load(server.port, plan, options.seconds, options.processes,
                               options.clients)  # fmt: skip
                results[name] = run["endpoints"][name] | {
                    "generator_cpu": run["generator_cpu_cores"]
                }
            web_rss = [peak_rss_mb(pid) for pid in children(server.process.pid)]
            ingest_rss = peak_rss_mb(child.pid) if child else 0.0
        finally:
            if child:
                child.terminate()
                child.wait(timeout=60)
            log = server.stop()
        added = (
            sum(ln.startswith("https://") for ln in child.stdout.read().splitlines())
            if child
            else 0
        )
    report(options, results, web_rss, ingest_rss, added, log)


def report(options: argparse.Namespace, results: dict, web_rss: list, ingest_rss: float,
           added: int, log: str) -> None:  # fmt: skip
    print(f"{options.scale:,} releases; gunicorn 2 sync workers; {options.load} load,"
          f" {options.processes * options.clients} connections, {options.seconds:.0f} s per"
          f" endpoint; {added} releases ingested meanwhile")  # fmt: skip
    print(f"{'endpoint':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'5xx':>5} {'no answer':>9}"
          f" {'generator CPU':>13}")  # fmt: skip
    for name, one in results.items():
        print(f"{name:>8} {one['rps']:>8.1f} {one['p50_ms'] or 0:>8.1f} {one['p99_ms'] or 0:>8.1f}"
              f" {one['5xx']:>5} {one['failures']:>9} {one.get('generator_cpu', 0):>12.2f}c")  # fmt: skip
    print(f"peak RSS: web workers {web_rss} MB, ingest process {ingest_rss} MB")
    tracebacks = log.count("Traceback")
    if tracebacks:
        print(f"server log: {tracebacks} tracebacks; last lines:\n{log[-2000:]}")
    bad = sum(one["5xx"] + one["failures"] for one in results.values()) + tracebacks
    if options.json:
        print(json.dumps({"benchmark": "load", "scale": options.scale, "endpoints": results,
                          "web_peak_rss_mb": max(web_rss, default=0), "ingest_peak_rss_mb":
                          ingest_rss, "ingested_meanwhile": added, "server_tracebacks": tracebacks,
                          "ok": bad == 0}))  # fmt: skip
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
