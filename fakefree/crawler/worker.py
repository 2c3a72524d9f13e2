"""The worker: one APScheduler that runs each source on its own interval, with jitter.

Only this process schedules crawls. A lock file under the data directory makes a second worker
on the same data refuse to start, so gunicorn's processes never each start a scheduler. A failing
source backs off: after n failures in a row its next crawl waits interval * 2**(n-1), at most
FAKEFREE_BACKOFF_MAX minutes; scheduled runs that fall inside that wait are skipped (the count
comes from the store, so a restarted worker keeps backing off). Each Scrapy crawl runs in a child
process under a hard time limit, and a per-source lock keeps two crawls of a source apart.

Crawls only write the store: the worker's indexer process (fakefree.index.indexer) brings the
full-text index along on the other core, and a watchdog job restarts it if it ever dies. A
process of its own analyses the releases that crawls bring (text, language, classification:
ingest.ingest_many) while the crawl's thread stores them, so ingest uses a second core too.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import random
import signal
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.run import run_source
from fakefree.index.indexer import Indexer
from fakefree.index.store import Store, from_iso
from fakefree.settings import Settings

log = logging.getLogger(__name__)


class WorkerAlreadyRunning(RuntimeError):
    pass


def hold_worker_lock(settings: Settings) -> int:
    """Take the data directory's worker lock for the life of the process; returns its fd."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.data_dir / "worker.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        os.close(fd)
        raise WorkerAlreadyRunning(f"a worker already runs on {settings.data_dir}") from exc
    return fd


def interval_seconds(source: Source, settings: Settings) -> float:
    """How often the source is crawled (FAKEFREE_CRAWL_INTERVAL overrides the catalogue)."""
    return settings.crawl_interval or source.interval_minutes * 60.0


def backoff_delay(interval: float, failures: int, cap: float) -> float:
    """How long after its last failure a source waits: its interval doubled for each failure in
    a row beyond the first, never more than `cap` (nor less than the interval)."""
    if failures <= 0:
        return 0.0
    return min(interval * 2 ** min(failures - 1, 30), max(cap, interval))


def backing_off_until(source: Source, settings: Settings, now: datetime) -> datetime | None:
    """When the source may be crawled again, if it is backing off from failures now."""
    with Store(settings.db_path) as store:
        state = store.source_state(source.id)
    if not state or not state["consecutive_failures"] or not state["last_error_at"]:
        return None
    interval = interval_seconds(source, settings)
    cap = settings.backoff_max_minutes * 60
    wait = backoff_delay(interval, state["consecutive_failures"], cap)
    # half an interval of slack: jitter and the crawl's own length move the scheduled times
    due = from_iso(state["last_error_at"]) + timedelta(seconds=wait - interval / 2)
    return due if now < due else None


INDEXER_CHECK_SECONDS = 15


def _exit_with_parent(parent: int) -> None:
    """In the analysis process: end it when the worker is gone (a SIGKILLed worker leaves its
    pool's process waiting on a queue that nobody will write to)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class AnalysisPool:
    """One process analysing releases for every crawl of the worker, made again if it breaks
    (a crash of that process: ingest_many computes the releases in hand itself meanwhile)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def get(self) -> Executor:
        with self._lock:
            if self._pool is None or getattr(self._pool, "_broken", False):
                if self._pool is not None:
                    log.error("analysis pool broken; starting a new one")
                    self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_exit_with_parent, initargs=(os.getpid(),),
                )  # fmt: skip
            return self._pool

    def shutdown(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


def crawl_job(
    source: Source,
    settings: Settings,
    sync_index: bool = True,
    analysis: AnalysisPool | None = None,
) -> None:
    """One scheduled crawl of a source, unless it is backing off from failures; the index is
    synced after it unless an indexer process follows the store (`sync_index` False)."""
    due = backing_off_until(source, settings, datetime.now(UTC))
    if due is not None:
        log.info("%s: backing off after failures; next crawl from %s", source.id, due.isoformat())
        return
    analyse = analysis.get() if analysis is not None else None
    outcome = run_source(source, settings, sync_index=sync_index, analyse=analyse)
    if not outcome.ok:
        log.warning(
            "source %s unreachable or failing (%s): %s — the others go on",
            source.id, outcome.error_kind, outcome.error_message,
        )  # fmt: skip


def build_scheduler(
    settings: Settings,
    sources: tuple[Source, ...],
    indexer: Indexer | None = None,
    analysis: AnalysisPool | None = None,
) -> BlockingScheduler:
    """A scheduler with one job per enabled source, each on its interval with jitter. With an
    indexer, crawls leave the index to it and a job checks every few seconds that it runs."""
    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone=UTC,
    )
    now = datetime.now(UTC)
    for source in sources:
        if not source.enabled:
            continue
        interval = interval_seconds(source, settings)
        first = now + timedelta(seconds=random.uniform(0, 5)) if settings.crawl_on_start else None
        scheduler.add_job(
            crawl_job,
            IntervalTrigger(seconds=interval, jitter=max(1, int(interval // 10)), timezone=UTC),
            args=(source, settings, indexer is None, analysis),
            id=source.id,
            name=f"crawl {source.id}",
            next_run_time=first or now + timedelta(seconds=interval),
        )
    if indexer is not None:
        scheduler.add_job(indexer.ensure_running, IntervalTrigger(seconds=INDEXER_CHECK_SECONDS),
                          id="indexer-watchdog", name="indexer watchdog")  # fmt: skip
    return scheduler


def run_worker(settings: Settings) -> None:
    """Run the scheduler until SIGTERM or SIGINT."""
    lock_fd = hold_worker_lock(settings)
    sources = load_sources(settings.config_dir / "sources.toml")
    with Store(settings.db_path) as store:
        store.sync_sources(sources)
    indexer = Indexer(settings.db_path, settings.index_dir)
    indexer.start()
    analysis = AnalysisPool()
    scheduler = build_scheduler(settings, sources, indexer, analysis)

    def stop(signum: int, _frame: object) -> None:
        log.info("worker: signal %d, stopping", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    enabled = sum(s.enabled for s in sources)
    log.info("worker: %d sources scheduled (data in %s)", enabled, settings.data_dir)
    try:
        scheduler.start()
    finally:
        analysis.shutdown()
        indexer.stop()  # after its last sync, the index holds every release crawled
        os.close(lock_fd)
