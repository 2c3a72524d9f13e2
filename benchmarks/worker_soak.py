"""The worker under a soak: every source crawled on a short schedule against the recorded sites
for several minutes, with one crawl's child process killed in the middle of its crawl.

    .venv/bin/python benchmarks/worker_soak.py [--seconds 300] [--interval 30]
                                               [--kill-after 40] [--sources ID,ID,...]

`fakefree worker` runs as a real process (FAKEFREE_CRAWL_INTERVAL gives every source the same
short interval); the recorded sites are served by `fakefree mirror`'s server. After
`--kill-after` seconds the first Scrapy crawl child seen is killed (SIGKILL, by its pid). At the
end it prints the runs of each source and what followed the kill. Exit status 1 when a source
ran fewer times than its schedule asks, the killed crawl was not recorded as failed, the next
run of that source did not succeed, or the worker died. Not a test (tests/crawler has a short
version of it): run it by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fakefree.catalogue import load_sources
from fakefree.crawler.mirror import serve_mirror
from fakefree.index.store import Store
from fakefree.settings import REPO_ROOT

CHILD_MODULE = "fakefree.crawler.scrapy_child"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="how long the worker runs")
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between crawls")
    parser.add_argument("--kill-after", type=float, default=40.0, help="when to kill a child")
    parser.add_argument("--sources", default="", help="comma-separated ids (default: all)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT / "tests" / "fixtures" / "mirror")
    parser.add_argument("--json", action="store_true", help="a last line of JSON (run_all.py)")
    return parser.parse_args(argv)


def catalogue_of(ids: list[str], dest: Path) -> Path:
    """A config folder whose sources.toml holds only the sources `ids` (all when empty)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "config" / "taxonomy.toml", dest / "taxonomy.toml")
    text = (REPO_ROOT / "config" / "sources.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[source]]\n")
    kept = [b for b in blocks if not ids or any(f'\nid = "{i}"' in f"\n{b}" for i in ids)]
    (dest / "sources.toml").write_text("\n[[source]]\n".join([head, *kept]), encoding="utf-8")
    found = {s.id for s in load_sources(dest / "sources.toml")}
    if ids and found != set(ids):
        raise SystemExit(f"unknown source ids: {sorted(set(ids) - found)}")
    return dest


def crawl_children(worker_pid: int) -> list[tuple[int, str, Path]]:
    """(pid, source id, output file) of the worker's Scrapy crawl children running now."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if ppid == worker_pid and CHILD_MODULE.encode() in argv:
            at = argv.index(CHILD_MODULE.encode())
            children.append((int(entry.name), argv[at + 1].decode(), Path(argv[at + 2].decode())))
    return children


def still_crawling(out: Path) -> bool:
    """Whether a child has not yet written its last (status) line: it is mid-crawl."""
    try:
        return '"_status"' not in out.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return True  # not even started writing


def kill_a_child(worker: subprocess.Popen, deadline: float) -> tuple[str, float] | None:
    """Kill the first crawl child seen mid-crawl before `deadline`; its source id and when."""
    while time.monotonic() < deadline and worker.poll() is None:
        for pid, source_id, out in crawl_children(worker.pid):
            if still_crawling(out):
                os.kill(pid, signal.SIGKILL)
                print(
                    f"killed the crawl child of {source_id} (pid {pid}) in the middle of its crawl"
                )
                return source_id, time.time()
        time.sleep(0.02)
    return None


def runs_by_source(db_path: Path) -> dict[str, list[dict]]:
    with Store(db_path) as store:
        rows = store.db.execute(
            "SELECT source_id, started_at, status, error_kind, error_message FROM crawl_runs"
            " ORDER BY id"
        ).fetchall()
    runs: dict[str, list[dict]] = {}
    for row in rows:
        runs.setdefault(row["source_id"], []).append(dict(row))
    return runs


def print_runs(runs: dict[str, list[dict]], ids: list[str]) -> None:
    print(f"\n{'source':<20}{'runs':>5}{'ok':>5}{'failed':>8}  first start / last start")
    for source_id in ids:
        done = runs.get(source_id, [])
        ok = sum(r["status"] == "ok" for r in done)
        failed = sum(r["status"] == "failed" for r in done)
        span = f"{done[0]['started_at']} / {done[-1]['started_at']}" if done else "-"
        print(f"{source_id:<20}{len(done):>5}{ok:>5}{failed:>8}  {span}")


def check(runs: dict[str, list[dict]], ids: list[str], killed: str | None, args) -> list[str]:
    """The problems found (none when the worker behaved)."""
    needed = max(2, int((args.seconds - 5) / (args.interval * 1.1)))
    problems = [f"{i}: {len(runs.get(i, []))} runs, {needed} expected"
                for i in ids if len(runs.get(i, [])) < needed]  # fmt: skip
    if killed is None:
        return [*problems, "no crawl child was seen to kill"]
    after = runs.get(killed, [])
    hit = next(
        (n for n, r in enumerate(after) if "killed by signal" in (r["error_message"] or "")), None
    )
    if hit is None:
        return [*problems, f"{killed}: the killed crawl is not recorded as failed"]
    print(
        f"\n{killed}: killed run recorded as {after[hit]['error_kind']}: {after[hit]['error_message']}"
    )
    following = after[hit + 1 : hit + 2]
    if not following or following[0]["status"] != "ok":
        return [*problems, f"{killed}: the run after the kill did not succeed ({following})"]
    print(f"{killed}: the next run, started {following[0]['started_at']}, succeeded")
    return problems


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 (open for the life of the worker)
    return subprocess.Popen([sys.executable, "-m", "fakefree.cli", "worker"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)  # fmt: skip


def stop_worker(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def worker_env(args: argparse.Namespace, work: Path, config: Path, mirror: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKEFREE_")}
    env.update(FAKEFREE_DATA_DIR=str(work / "data"), FAKEFREE_CONFIG_DIR=str(config),
               FAKEFREE_MIRROR=mirror, FAKEFREE_CRAWL_INTERVAL=str(args.interval),
               FAKEFREE_DOWNLOAD_DELAY="0", FAKEFREE_HTTP_TIMEOUT="10",
               FAKEFREE_CRAWL_TIME_LIMIT="120")  # fmt: skip
    return env


def run_worker_for(args: argparse.Namespace, env: dict, log_path: Path) -> tuple[str | None, bool]:
    """Run the worker for `args.seconds`, killing a crawl child on the way; (whose, alive)."""
    worker = start_worker(env, log_path)
    started = time.monotonic()
    time.sleep(args.kill_after)
    killed = kill_a_child(worker, started + args.seconds - 2 * args.interval)
    time.sleep(max(0.0, started + args.seconds - time.monotonic()))
    alive = worker.poll() is None
    stop_worker(worker)
    return (killed[0] if killed else None), alive


def soak(args: argparse.Namespace, work: Path) -> int:
    config = catalogue_of([i for i in args.sources.split(",") if i], work / "config")
    ids = [s.id for s in load_sources(config / "sources.toml") if s.enabled]
    server = serve_mirror(args.root)
    env = worker_env(args, work, config, f"http://127.0.0.1:{server.server_port}")
    print(f"worker on {len(ids)} sources every {args.interval:g}s for {args.seconds:g}s")
    killed, alive = run_worker_for(args, env, work / "worker.log")
    server.shutdown()
    runs = runs_by_source(work / "data" / "fakefree.sqlite3")
    print_runs(runs, ids)
    problems = check(runs, ids, killed, args) + ([] if alive else ["the worker died"])
    if problems:
        tail = (work / "worker.log").read_text(errors="replace").splitlines()[-40:]
        print("\nworker log (end):\n  " + "\n  ".join(tail))
    print("\n" + ("PASS" if not problems else "FAIL:\n  " + "\n  ".join(problems)))
    if args.json:
        total = sum(len(r) for r in runs.values())
        print(json.dumps({"benchmark": "worker_soak", "sources": len(ids), "runs": total,
                          "killed": killed, "problems": problems, "ok": not problems}))  # fmt: skip
    return 0 if not problems else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fakefree-soak-") as tmp:
        return soak(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
