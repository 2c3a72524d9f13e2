"""Crawl every enabled source twice against the unchanged recorded sites, and compare.

    .venv/bin/python benchmarks/crawl_twice.py [--root tests/fixtures/mirror] [--config config]

The recorded sites are served by `fakefree mirror`'s server, which sends ETag and Last-Modified
and answers 304 to conditional requests, as agencies' servers mostly do. For each crawl it prints
per source the requests sent, the bytes received (status lines, headers and bodies, as counted
into crawl_runs) and the rows written: articles inserted or updated (each write takes a new
`rev`) and HTTP validators changed. Issue 3's acceptance: the second crawl moves under 5% of the
first's bytes and writes nothing. Exit status 1 when it does not. Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.mirror import serve_mirror
from fakefree.crawler.run import RunOutcome, run_source
from fakefree.index.store import Store
from fakefree.settings import REPO_ROOT, Settings, load_settings

MAX_SECOND_SHARE = 0.05


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO_ROOT / "tests" / "fixtures" / "mirror")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "config")
    parser.add_argument("--json", action="store_true", help="a last line of JSON (run_all.py)")
    return parser.parse_args()


def writes(store: Store) -> tuple[int, set[tuple]]:
    """The last article revision, and the HTTP validators as they stand."""
    cache = {tuple(row) for row in store.db.execute("SELECT * FROM http_cache")}
    return store.max_rev(), cache


def crawl_all(sources: list[Source], settings: Settings) -> tuple[list[RunOutcome], int, int]:
    """One crawl of every source; the outcomes, article rows and validator rows written."""
    with Store(settings.db_path) as store:
        rev_before, cache_before = writes(store)
    outcomes = [run_source(source, settings) for source in sources]
    with Store(settings.db_path) as store:
        rev_after, cache_after = writes(store)
    return outcomes, rev_after - rev_before, len(cache_after - cache_before)


def print_crawl(number: int, outcomes: list[RunOutcome], articles: int, validators: int) -> None:
    print(f"\ncrawl {number}")
    print(f"  {'source':<24}{'status':<10}{'requests':>9}{'bytes':>11}{'new':>6}{'updated':>8}")
    for o in outcomes:
        status = "ok" if o.ok else f"{o.error_kind}"
        print(f"  {o.source_id:<24}{status:<10}{o.requests:>9}{o.bytes_received:>11}"
              f"{o.new:>6}{o.updated:>8}")  # fmt: skip
    total_requests = sum(o.requests for o in outcomes)
    total_bytes = sum(o.bytes_received for o in outcomes)
    print(f"  {'all':<34}{total_requests:>9}{total_bytes:>11}")
    print(f"  rows written: {articles} articles, {validators} HTTP validators"
          f" (plus one crawl_runs row and the health of each source)")  # fmt: skip


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    server = serve_mirror(args.root)
    with tempfile.TemporaryDirectory(prefix="fakefree-crawl-twice-") as tmp:
        settings = load_settings().replace(
            mirror=f"http://127.0.0.1:{server.server_port}", data_dir=Path(tmp),
            config_dir=args.config, download_delay=0.0, http_timeout=10.0, log_level="WARNING",
        )  # fmt: skip
        results = crawl_twice(settings, args)
    server.shutdown()
    return verdict(results, args.json)


def crawl_twice(settings: Settings, args: argparse.Namespace) -> list:
    sources = [s for s in load_sources(args.config / "sources.toml") if s.enabled]
    with Store(settings.db_path) as store:
        store.sync_sources(sources)
    print(f"{len(sources)} sources, recorded sites from {args.root}")
    results = []
    for number in (1, 2):
        outcomes, articles, validators = crawl_all(sources, settings)
        print_crawl(number, outcomes, articles, validators)
        results.append((sum(o.bytes_received for o in outcomes), articles + validators, outcomes))
    return results


def verdict(results: list[tuple[int, int, list[RunOutcome]]], as_json: bool = False) -> int:
    (first_bytes, _, first), (second_bytes, second_rows, second) = results
    share = second_bytes / first_bytes if first_bytes else 1.0
    failed = [o.source_id for o in first + second if not o.ok]
    print(f"\nsecond crawl: {second_bytes} of {first_bytes} bytes ({share:.1%}),"
          f" {second_rows} rows written; failed runs: {', '.join(failed) or 'none'}")  # fmt: skip
    ok = share < MAX_SECOND_SHARE and second_rows == 0 and not failed
    print("PASS" if ok else "FAIL", f"(needs under {MAX_SECOND_SHARE:.0%} and no row written)")
    if as_json:
        print(json.dumps({"benchmark": "crawl_twice", "second_share": round(share, 4),
                          "second_rows": second_rows, "failed": failed, "ok": ok}))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
