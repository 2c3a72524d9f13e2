"""Every benchmark, each in its own process with a time limit, and one table of their figures.

    .venv/bin/python benchmarks/run_all.py [--scale 10k|100k|1m] [--only ingest,load,...]
                                           [--skip NAME,...] [--out results.json] [--list]
    make bench                             # the same at 10k (SCALE=100k make bench)

Each script is run with `--json` and its last JSON line is read; its own output goes to
benchmarks/.data/results/NAME.log. A script that fails, times out, or is missing (cases.py, owned
elsewhere, may not exist yet) is marked so in the table and the others go on. Exit status 1 when
one of them failed. The collections of 10k/100k/1m generated releases are built once by
generate.py under benchmarks/.data/ (100k: about 10 minutes on 2 cores; 1m: hours) and reused.
Figures measured on a shared 2-core machine are noisy: run on a quiet one to compare.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import parse_scale

HERE = Path(__file__).resolve().parent
RESULTS = HERE / ".data" / "results"  # ignored by git, like the collections


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    args: tuple[str, ...]
    timeout: float  # seconds, at 10k; larger scales get more (see timeout_for)
    what: str


def benches(scale: int) -> list[Bench]:
    n = str(scale)
    return [
        Bench("ingest", "ingest_search.py", ("2000", "--base", n), 900,
              "end-to-end ingest (feed to index) into a store of N releases"),
        Bench("search", "search_page.py", (n,), 900, "search page and engine time at N"),
        Bench("feeds", "feeds_http.py", ("--seconds", "10"), 300, "feed and 304 throughput"),
        Bench("load", "load.py", ("--scale", n, "--seconds", "15"), 600,
              "req/s, p99, 5xx per page while ingesting; peak RSS of web and ingest"),
        Bench("crash", "crash_kill.py", ("50",), 900, "50 SIGKILLs during ingest"),
        Bench("writers", "concurrent_writers.py", ("--seconds", "120"), 600,
              "crawl ingest and approvals at once"),
        Bench("fuzz", "fuzz_long.py", ("--examples", "2000"), 1800, "fuzzing, long run"),
        Bench("classify", "classify_speed.py", ("3",), 300, "classification CPU per release"),
        Bench("crawl", "crawl_twice.py", (), 600, "second crawl's share of bytes"),
        Bench("soak", "worker_soak.py", ("--seconds", "120"), 400, "worker soak, a child killed"),
        Bench("cases", "cases.py", (n, str(Path(tempfile.gettempdir()) / f"fakefree-cases-{n}")),
              900, "case grouping: from scratch, then one release"),
        Bench("browse", "browse_pages.py", (n,), 900, "statistics, browse and sitemap pages"),
    ]  # fmt: skip


def timeout_for(bench: Bench, scale: int) -> float:
    return bench.timeout * max(1.0, scale / 10_000) ** 0.5 + (7200 if scale >= 1_000_000 else 0)


def run(bench: Bench, scale: int) -> dict:
    """Run one benchmark; its JSON figures, or a status saying why there are none."""
    script = HERE / bench.script
    if not script.exists():
        return {"status": "missing"}
    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / f"{bench.name}.log"
    argv = [sys.executable, str(script), *bench.args, "--json"]
    t0 = time.monotonic()
    try:
        with open(log, "w") as out:
            done = subprocess.run(argv, cwd=HERE, stdout=subprocess.PIPE, stderr=out, text=True,
                                  timeout=timeout_for(bench, scale))  # fmt: skip
            out.write(done.stdout)
    except subprocess.TimeoutExpired:
        return {"status": f"timeout ({timeout_for(bench, scale):.0f} s)"}
    figures = last_json(done.stdout)
    status = "ok" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
    if figures is None and done.returncode == 0:
        status = "no JSON"
    return {"status": status, "took_s": round(time.monotonic() - t0), **(figures or {})}


def last_json(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def headline(name: str, r: dict) -> str:
    """The figures worth a line in the table, per benchmark."""
    if name == "ingest" and "end_to_end_per_s" in r:
        index = (f"index sync {r['index_sync_per_s']:,.0f}/s" if "index_sync_per_s" in r
                 else f"index caught up {r['index_lag_s']} s after the last write")  # fmt: skip
        return (f"{r['end_to_end_per_s']:,.0f} releases/s end to end into {r['base']:,}"
                f" ({r['mode']}; ingest {r['ingest_per_s']:,.0f}/s, {index});"
                f" engine p50 {r['search_p50_ms']} ms, p95 {r['search_p95_ms']} ms")  # fmt: skip
    if name == "load" and "endpoints" in r:
        parts = [f"{e} {v['rps']:.0f} req/s p99 {v['p99_ms']:.0f} ms 5xx {v['5xx']}"
                 for e, v in r["endpoints"].items()]  # fmt: skip
        return "; ".join(parts) + (f"; peak RSS web {r['web_peak_rss_mb']} MB, ingest"
                                   f" {r['ingest_peak_rss_mb']} MB")  # fmt: skip
    if name == "crash" and "kills" in r:
        lost = "0 lost" if r["ok"] else f"FAILED: {r['error'][:80]}"
        return f"{r['kills']} kills, {r['committed']:,} committed, {lost}, index = store"
    if name == "writers" and "releases" in r:
        return (f"{r['releases']} releases + {r['approvals']} approvals in {r['seconds']:.0f} s;"
                f" 5xx {r['5xx']}, lock errors {r['lock_errors']}, nothing lost")  # fmt: skip
    if name == "feeds" and "full_feed_rps" in r:
        return (
            f"full feed {r['full_feed_rps']} req/s, 304 {r['not_modified_rps']} req/s ({r['load']})"
        )
    if name == "fuzz" and "targets" in r:
        total = sum(t["examples"] for t in r["targets"].values())
        return f"{len(r['targets'])} targets, {total:,} examples, {r['failures']} failures"
    scalars = {k: v for k, v in r.items() if isinstance(v, int | float | str)
               and k not in ("status", "took_s", "benchmark")}  # fmt: skip
    return ", ".join(f"{k} {v}" for k, v in scalars.items())[:160]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=parse_scale, default=10_000)
    parser.add_argument("--only", default="", help="comma-separated names (see --list)")
    parser.add_argument("--skip", default="")
    parser.add_argument("--out", type=Path, default=None, help="all figures as JSON")
    parser.add_argument("--list", action="store_true")
    options = parser.parse_args()
    chosen = benches(options.scale)
    if options.list:
        for b in chosen:
            print(f"{b.name:>9}  {b.script:<22} {b.what}")
        return
    only = {n for n in options.only.split(",") if n}
    skip = {n for n in options.skip.split(",") if n}
    chosen = [b for b in chosen if (not only or b.name in only) and b.name not in skip]
    results = {}
    for bench in chosen:
        print(f"running {bench.name} ({bench.script}) ...", flush=True)
        results[bench.name] = run(bench, options.scale)
        print(f"  {results[bench.name]['status']}", flush=True)
    print(f"\nscale {options.scale:,}; logs in {RESULTS}")
    print(f"{'benchmark':>9} | {'status':<16} | {'time':>6} | figures")
    for bench in chosen:
        r = results[bench.name]
        took = f"{r['took_s']}s" if "took_s" in r else "-"
        print(f"{bench.name:>9} | {r['status']:<16} | {took:>6} | {headline(bench.name, r)}")
    if options.out:
        options.out.write_text(json.dumps({"scale": options.scale, "results": results}, indent=1))
    sys.exit(0 if all(r["status"] in ("ok", "missing") for r in results.values()) else 1)


if __name__ == "__main__":
    main()
