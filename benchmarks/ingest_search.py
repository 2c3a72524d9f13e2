"""Ingest throughput end to end, into an empty store or into one already holding N releases.

    .venv/bin/python benchmarks/ingest_search.py [COUNT]            # COUNT new releases (2000)
        [--base 10k|100k|1m]   # ingest into a copy of a store of that many releases
        [--batch 50]           # releases per feed (one simulated crawl run)
        [--inline]             # sync the index after each feed in this process (`fakefree
                               # crawl`), instead of an indexer process following the store
        [--profile FILE]       # cProfile of the timed part, written to FILE (+ top 25 printed)
        [--json]               # one last line of JSON with the figures, for run_all.py

End to end means what the worker does with feeds, from the first byte parsed until the last
release is searchable: the releases (generated in English, French and Spanish by generate.py,
never seen by the store) are written as Atom feeds of `--batch` entries; each feed's bytes go
through the crawler's feed parser (feedparser), every entry through the ingest path (HTML to
text, language, date, classification and facts, SQLite upsert with case grouping) — the records
computed in the worker's analysis process and stored by this one (ingest.ingest_many; --no-pool
computes them here) — while the worker's indexer process (fakefree.index.indexer) syncs the
Whoosh index as the store grows; both processes are started before the clock. The clock stops when the index has caught up with
the store. With --inline the index is synced after each feed in this process instead, as
`fakefree crawl` does after each source.
With `--base N` the store and index of benchmarks/.data/N (built by generate.py if missing) are
copied to a temporary directory first, so the figure is the rate at that size, and the shared
copy is never changed. Then six searches with facets are timed on the grown index.

While releases keep arriving the indexer leaves merging to idle time (fulltext.busy_merge, at
most MAX_SEGMENTS_BUSY segments); the figures print how many segments the index had when it
caught up, and how long after that the indexer took to do the merges left (tiered_merge, one per
idle round); the searches are timed after those. `fakefree crawl` and --inline commit with
tiered_merge each time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import Executor
from pathlib import Path
from xml.sax.saxutils import escape

from generate import DATA_ROOT, SOURCES, build, parse_scale, release, sources

from fakefree.catalogue import Source
from fakefree.crawler.feeds import parse_feed
from fakefree.crawler.worker import AnalysisPool
from fakefree.index.classify import classify
from fakefree.index.fulltext import SearchIndex, SearchQuery
from fakefree.index.indexer import INTERVAL, Indexer
from fakefree.index.ingest import build_record, ingest_many
from fakefree.index.store import Store
from fakefree.index.text import html_to_text

QUERIES = [
    SearchQuery(text="counterfeit watches"),
    SearchQuery(text="contrefaits", filters={"language": ("fr",)}),
    SearchQuery(text="medicamentos"),
    SearchQuery(text="", filters={"countries": ("US",)}, sort="date"),
    SearchQuery(text="seized OR saisi", page=3),
    SearchQuery(text='"luxury watches"'),
]


def atom_feed(entries: list) -> bytes:
    """An Atom document holding the given RawDocuments (title, link, date, HTML content)."""
    parts = ['<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
             "<title>Bench</title><id>urn:bench</id><updated>2025-01-01T00:00:00Z</updated>"]  # fmt: skip
    for raw in entries:
        parts.append(
            f"<entry><title>{escape(raw.title)}</title><id>{escape(raw.url)}</id>"
            f'<link href="{escape(raw.url)}"/><updated>{raw.published}</updated>'
            f'<content type="html">{escape(raw.html)}</content></entry>'
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def prepare(base: int, tmp: Path) -> Path:
    """A data directory of `base` releases (a private copy) or an empty one."""
    data_dir = tmp / "data"
    if base:
        shared = DATA_ROOT / str(base)
        build(base, shared)
        shutil.copytree(shared, data_dir, ignore=shutil.ignore_patterns("*.lock"))
    else:
        data_dir.mkdir()
    return data_dir


def feeds(base: int, count: int, batch: int) -> list[tuple[str, str, bytes]]:
    """(source id, language, Atom bytes) of `count` new releases, grouped per source."""
    rng = random.Random(9000 + base)
    by_source: dict[str, list] = {}
    for i in range(base + 10_000_000, base + 10_000_000 + count):
        sid, raw = release(i, rng)
        by_source.setdefault(sid, []).append(raw)
    lang_of = {sid: lang for lang, items in SOURCES.items() for sid, _, _ in items}
    out = []
    for sid, raws in by_source.items():
        for k in range(0, len(raws), batch):
            out.append((sid, lang_of[sid], atom_feed(raws[k : k + batch])))
    return out


def ingest_feed(
    store: Store, source: Source, lang: str, body: bytes, analyse: Executor | None = None
) -> int:
    """Parse one feed and ingest its entries, as a crawl does; the number of new releases."""
    raws = parse_feed(body, f"https://{source.id}.example/feed", source.id, lang)
    return sum(status == "new" for _, status in ingest_many(store, source, raws, analyse))


def ingest_inline(data_dir: Path, work: list[tuple[str, str, bytes]]) -> dict:
    """Ingest each feed then sync the index, in this process; the counts and seconds."""
    by_id = {s.id: s for s in sources()}
    stored, t_ingest, t_index = 0, 0.0, 0.0
    with Store(data_dir / "fakefree.sqlite3") as store:
        store.sync_sources(by_id.values())
        index = SearchIndex(data_dir / "index")
        for sid, lang, body in work:
            t0 = time.perf_counter()
            stored += ingest_feed(store, by_id[sid], lang, body)
            t1 = time.perf_counter()
            index.sync(store)
            t_ingest, t_index = t_ingest + t1 - t0, t_index + time.perf_counter() - t1
    return {"stored": stored, "wall": t_ingest + t_index, "ingest": t_ingest, "index": t_index}


def ingest_following(
    data_dir: Path, work: list[tuple[str, str, bytes]], interval: float, pool: bool
) -> dict:
    """Ingest every feed while an indexer process follows the store and (with `pool`) an
    analysis process computes the records, as in the worker; the clock runs until the index
    has caught up. The counts and seconds."""
    by_id = {s.id: s for s in sources()}
    db_path = data_dir / "fakefree.sqlite3"
    analysis = AnalysisPool() if pool else None
    with Store(db_path) as store:
        store.sync_sources(by_id.values())
        index = SearchIndex(data_dir / "index")
        indexer = Indexer(db_path, data_dir / "index", interval)
        indexer.start()
        try:
            if not indexer.wait_ready():
                raise SystemExit("the indexer process did not start")
            analyse = analysis.get() if analysis else None
            if analyse:  # started, its taxonomy compiled, as in a running worker
                sid, sample = release(1, random.Random(1))
                analyse.submit(build_record, by_id[sid], sample).result()
            stored, t0 = 0, time.perf_counter()
            for sid, lang, body in work:
                stored += ingest_feed(store, by_id[sid], lang, body, analyse)
            t_ingest, target = time.perf_counter() - t0, store.max_rev()
            while index.synced_rev() < target:
                if not indexer.is_alive():
                    raise SystemExit("the indexer process died")
                time.sleep(0.01)
            wall = time.perf_counter() - t0
            busy_segments = index.segment_count()
            # The merges the burst left for idle time: how long the indexer takes over them.
            while index.merge_due() and time.perf_counter() - t0 < wall + 600:
                time.sleep(0.05)
            merged = time.perf_counter() - t0 - wall
        finally:
            if analysis:
                analysis.shutdown()
            indexer.stop()
    return {"stored": stored, "wall": wall, "ingest": t_ingest, "lag": wall - t_ingest,
            "busy_segments": busy_segments, "merged_after": merged}  # fmt: skip


def machine_speed() -> float:
    """Milliseconds of one core to classify a fixed release (the median of 300): this machine's
    speed at the time of the run. Shared virtual machines vary by half or more over an hour, and
    every figure here scales with it, so it is printed beside them."""
    _, raw = release(7, random.Random(7))
    text = html_to_text(raw.html)
    classify(raw.title, text, "en", "US")  # compiles the taxonomy's rules once
    timings = []
    for _ in range(300):
        t0 = time.perf_counter()
        classify(raw.title, text, "en", "US")
        timings.append((time.perf_counter() - t0) * 1000)
    return statistics.median(timings)


def search_times(data_dir: Path) -> list[float]:
    index = SearchIndex(data_dir / "index")
    index.search(QUERIES[0])  # opens the searcher and builds the facet sets once
    timings = []
    for _ in range(5):
        for q in QUERIES:
            t0 = time.perf_counter()
            index.search(q)
            timings.append((time.perf_counter() - t0) * 1000)
    return timings


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the indexer)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=2000, help="new releases")
    parser.add_argument("--base", type=parse_scale, default=0, help="store size: 10k, 100k, 1m")
    parser.add_argument("--batch", type=int, default=50, help="releases per feed")
    parser.add_argument("--inline", action="store_true", help="sync after each feed, here")
    parser.add_argument("--interval", type=float, default=INTERVAL, help="the indexer's, seconds")
    parser.add_argument("--no-pool", action="store_true", help="analyse in the ingesting process")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile of this process")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fakefree-ingest-") as tmp:
        data_dir = prepare(options.base, Path(tmp))
        work = feeds(options.base, options.count, options.batch)
        speed = machine_speed()
        profiler = cProfile.Profile() if options.profile else None
        if profiler:
            profiler.enable()
        cpu0 = cpu_seconds()
        if options.inline:
            run = ingest_inline(data_dir, work)
        else:
            run = ingest_following(data_dir, work, options.interval, not options.no_pool)
        cpu = cpu_seconds() - cpu0  # both processes' CPU, robust to other processes' load
        speed = (speed + machine_speed()) / 2  # before and after
        if profiler:
            profiler.disable()
            profiler.dump_stats(options.profile)
            pstats.Stats(str(options.profile)).sort_stats("cumulative").print_stats(25)
        timings = search_times(data_dir)
        segments = SearchIndex(data_dir / "index").segment_count()
    stored = run["stored"]
    figures = {
        "base": options.base, "new": stored, "batch": options.batch,
        "mode": "inline" if options.inline else "indexer process",
        "segments": segments, "calibration_ms": round(speed, 2),
        "end_to_end_per_s": round(stored / run["wall"], 1),
        "ingest_per_s": round(stored / run["ingest"], 1),
        "end_to_end_per_cpu_s": round(stored / cpu, 1),
        "search_p50_ms": round(statistics.median(timings), 1),
        "search_p95_ms": round(statistics.quantiles(timings, n=20)[18], 1),
    }  # fmt: skip
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if options.inline:
        figures["index_sync_per_s"] = round(stored / run["index"], 1)
    else:
        figures["index_lag_s"] = round(run["lag"], 2)
        figures["segments_at_catch_up"] = run["busy_segments"]
        figures["merges_done_after_s"] = round(run["merged_after"], 1)
        # the largest child that has ended: the indexer (spawned, so it holds only its own work)
        figures["indexer_peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        )
    print(f"store holding {options.base:,} releases; {stored:,} new ones, feeds of "
          f"{options.batch}; index synced {'after each feed' if options.inline else 'by the indexer process'}")  # fmt: skip
    print(f"end to end (feed parse, text, language, date, classify, store, index): "
          f"{figures['end_to_end_per_s']:,.0f} releases/s")  # fmt: skip
    print(f"  per CPU second (all processes): {figures['end_to_end_per_cpu_s']:,.0f} releases")
    if options.inline:
        print(f"  ingest without the index: {figures['ingest_per_s']:,.0f}/s;"
              f" index sync: {figures['index_sync_per_s']:,.0f}/s")  # fmt: skip
    else:
        print(f"  ingest (store writes) alone: {figures['ingest_per_s']:,.0f}/s; the index caught"
              f" up {figures['index_lag_s']} s after the last store write, in"
              f" {figures['segments_at_catch_up']} segments; the merges left for idle time done"
              f" {figures['merges_done_after_s']} s later")  # fmt: skip
    print(f"machine: {figures['calibration_ms']} ms of one core to classify the reference release"
          " (mean of before and after; figures scale with it)")  # fmt: skip
    memory = f"peak RSS: ingesting process {figures['peak_rss_mb']} MB"
    if not options.inline:
        memory += f", indexer process {figures['indexer_peak_rss_mb']} MB"
    print(memory)
    print(f"search with facets: p50 {figures['search_p50_ms']} ms,"
          f" p95 {figures['search_p95_ms']} ms ({segments} index segments)")  # fmt: skip
    if options.json:
        print(json.dumps({"benchmark": "ingest_search", **figures}))
    sys.exit(0 if stored == options.count else 1)


if __name__ == "__main__":
    main()
