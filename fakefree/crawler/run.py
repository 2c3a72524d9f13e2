"""One crawl of one source: find documents, ingest each, record the run, bring the index along.

A failing source is recorded with its error kind and never raises past `run_source`, so the
caller can go on with the others.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass

from fakefree.catalogue import Source
from fakefree.crawler.conditional import CrawlContext, HttpCache
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.readers import read_source
from fakefree.index.fulltext import open_index
from fakefree.index.ingest import IngestError, ingest_many
from fakefree.index.store import Store
from fakefree.index.urls import canonical_url
from fakefree.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOutcome:
    source_id: str
    ok: bool
    found: int = 0
    new: int = 0
    updated: int = 0
    error_kind: str | None = None
    error_message: str | None = None
    skipped: bool = False  # another crawl of the same source was under way
    requests: int = 0
    bytes_received: int = 0


@contextmanager
def source_lock(settings: Settings, source_id: str) -> Iterator[bool]:
    """Holds a per-source lock for the crawl; yields False if another process holds it."""
    folder = settings.data_dir / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{source_id}.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def run_source(
    source: Source, settings: Settings, sync_index: bool = True, analyse: Executor | None = None
) -> RunOutcome:
    """Crawl one source now; record the run and its health in the store. The index is synced
    after the crawl unless `sync_index` is False (the worker's indexer process follows the store
    on its own, fakefree.index.indexer). `analyse`: a process pool that computes the releases'
    records while this thread stores them (ingest.ingest_many)."""
    with source_lock(settings, source.id) as acquired:
        if not acquired:
            log.info("%s: a crawl is already under way, skipped", source.id)
            return RunOutcome(source.id, ok=True, skipped=True)
        with Store(settings.db_path) as store:
            outcome = _crawl(source, settings, store, analyse)
            if sync_index:
                open_index(settings.index_dir).sync(store)
    return outcome


def _crawl(
    source: Source, settings: Settings, store: Store, analyse: Executor | None
) -> RunOutcome:
    run_id = store.start_run(source.id)
    context = CrawlContext(cache=HttpCache(store, source.id))
    counts, error = _ingest_all(source, settings, store, context, analyse)
    kind, message = (error.kind, error.message) if error else (None, None)
    traffic = context.traffic
    store.finish_run(run_id, error_kind=kind, error_message=message, found=counts["found"],
                     new=counts["new"], updated=counts["updated"], requests=traffic.requests,
                     bytes_received=traffic.bytes_received)  # fmt: skip
    if error:
        log.warning("%s: crawl failed (%s): %s", source.id, kind, message)
    else:
        log.info("%s: %d found, %d new, %d updated; %d requests, %d bytes", source.id,
                 counts["found"], counts["new"], counts["updated"], traffic.requests,
                 traffic.bytes_received)  # fmt: skip
    return RunOutcome(source.id, error is None, counts["found"], counts["new"], counts["updated"],
                      kind, message, requests=traffic.requests,
                      bytes_received=traffic.bytes_received)  # fmt: skip


def _ingest_all(
    source: Source,
    settings: Settings,
    store: Store,
    context: CrawlContext,
    analyse: Executor | None = None,
) -> tuple[dict[str, int], CrawlError | None]:
    """Ingest every document the source's reader finds; the counts, and the crawl's failure."""
    counts = {"found": 0, "new": 0, "updated": 0, "unchanged": 0}

    def is_known(url: str) -> bool:
        return store.has_url(canonical_url(url))

    try:
        found = read_source(source, settings, is_known, context)
        for raw, status in ingest_many(store, source, found, analyse):
            counts["found"] += 1
            if isinstance(status, IngestError):
                log.warning("%s: %s skipped: %s", source.id, raw.url, status)
            else:
                counts[status] += 1
    except CrawlError as exc:
        return counts, exc
    except Exception as exc:  # a reader's bug must not stop the other sources
        log.exception("%s: reader failed", source.id)
        return counts, CrawlError("parse", f"{type(exc).__name__}: {exc}")
    return counts, None
