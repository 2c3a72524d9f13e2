"""Readers: the one thing a source's crawl asks of its reader is to FIND releases.

    Reader = Callable[[Source, Settings, is_known, CrawlContext | None], Iterator[RawDocument]]

`is_known(canonical_url)` tells whether a release is stored already: readers never yield it
again, and a listing walk stops at the first page where every release is known. With a
CrawlContext, the URLs a source is polled at are asked for conditionally (an unchanged one has
nothing new) and the crawl's requests and bytes are counted. A failure that stops the whole
source raises CrawlError; a failing release page is logged and skipped. Spiders run in a child
process (`fakefree.crawler.scrapy_child`) under a hard time limit; the child reports its traffic
and the validators of its listing pages in its status line, kept here once its releases are in.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from fakefree.catalogue import Source
from fakefree.crawler.conditional import CONDITIONAL_FLAG, CrawlContext, Validators
from fakefree.crawler.doj_api import read_doj_api
from fakefree.crawler.errors import ERROR_KINDS, CrawlError
from fakefree.crawler.feeds import read_feed
from fakefree.index.documents import RawDocument
from fakefree.settings import Settings

log = logging.getLogger(__name__)

Reader = Callable[
    [Source, Settings, Callable[[str], bool], CrawlContext | None], Iterator[RawDocument]
]
CHILD_MODULE = "fakefree.crawler.scrapy_child"


def child_env(settings: Settings) -> dict[str, str]:
    """The environment of a crawl child: ours, with every setting it uses made explicit."""
    env = dict(os.environ)
    env.update(
        FAKEFREE_DATA_DIR=str(settings.data_dir),
        FAKEFREE_CONFIG_DIR=str(settings.config_dir),
        FAKEFREE_MIRROR=settings.mirror,
        FAKEFREE_CONTACT_URL=settings.contact_url,
        FAKEFREE_HTTP_TIMEOUT=str(settings.http_timeout),
        FAKEFREE_MAX_RESPONSE_BYTES=str(settings.max_response_bytes),
        FAKEFREE_DOWNLOAD_DELAY=str(settings.download_delay),
        FAKEFREE_RETRY_AFTER_MAX=str(settings.retry_after_max),
        FAKEFREE_CRAWL_TIME_LIMIT=str(settings.crawl_time_limit),
        FAKEFREE_LOG_LEVEL=settings.log_level,
    )
    return env


def read_child_output(path: Path, source_id: str) -> tuple[list[RawDocument], dict | None]:
    """The documents a child wrote, and its status line (None if it never wrote one)."""
    docs, status = [], None
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for line in filter(None, text.splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            log.warning("%s: unreadable line from the crawl child: %.80s", source_id, line)
            continue
        if "_status" in data:
            status = data
        else:
            docs.append(RawDocument.from_dict(data))
    return docs, status


def last_line(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "(no output)"


def status_error(
    source_id: str, status: dict | None, returncode: int, stderr: str
) -> CrawlError | None:
    if status is not None and status.get("_status") == "ok":
        return None
    if status is not None:
        kind = status.get("kind") if status.get("kind") in ERROR_KINDS else "parse"
        return CrawlError(kind, str(status.get("message", "")))
    if returncode < 0:
        return CrawlError("parse", f"{source_id}: crawl child killed by signal {-returncode}")
    return CrawlError(
        "parse", f"{source_id}: crawl child failed (exit {returncode}): {last_line(stderr)}"
    )


def run_child(
    source: Source, settings: Settings, out: Path, conditional: bool = False
) -> subprocess.CompletedProcess | None:
    """Run one crawl child to its end; None when it was killed at the time limit."""
    command = [sys.executable, "-m", CHILD_MODULE, source.id, str(out)]
    command += [CONDITIONAL_FLAG] if conditional else []
    try:
        proc = subprocess.run(
            command,
            env=child_env(settings),
            capture_output=True,
            text=True,
            timeout=settings.crawl_time_limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning("%s: crawl child killed at the %gs limit", source.id, settings.crawl_time_limit)
        return None
    for line in proc.stderr.splitlines():
        log.debug("%s child: %s", source.id, line)
    return proc


def keep_child_report(status: dict | None, context: CrawlContext | None) -> None:
    """Fold the child's traffic into the crawl's and keep its listing pages' validators."""
    if status is None or context is None:
        return
    context.traffic.add(int(status.get("requests", 0)), int(status.get("bytes_received", 0)))
    if context.cache is None:
        return
    for url, values in (status.get("http_cache") or {}).items():
        context.cache.save(url, Validators(**values))


def read_spider(
    source: Source,
    settings: Settings,
    is_known: Callable[[str], bool],
    context: CrawlContext | None = None,
) -> Iterator[RawDocument]:
    """Run the source's spider in a child process; yield what it found, then raise its failure.

    `is_known` is answered by the child from the store itself (settings.db_path)."""
    conditional = context is not None and context.cache is not None
    with tempfile.TemporaryDirectory(prefix="fakefree-crawl-") as tmp:
        out = Path(tmp) / "documents.jsonl"
        proc = run_child(source, settings, out, conditional)
        docs, status = read_child_output(out, source.id)
    yield from docs
    keep_child_report(status, context)
    if proc is None:
        raise CrawlError(
            "timeout", f"{source.id}: crawl killed after {settings.crawl_time_limit:g}s"
        )
    error = status_error(source.id, status, proc.returncode, proc.stderr)
    if error is not None:
        raise error


READERS: dict[str, Reader] = {"json_api": read_doj_api, "feed": read_feed, "spider": read_spider}


def read_source(
    source: Source,
    settings: Settings,
    is_known: Callable[[str], bool],
    context: CrawlContext | None = None,
) -> Iterator[RawDocument]:
    """The documents of one source, found by the reader the catalogue names."""
    try:
        reader = READERS[source.reader]
    except KeyError:
        raise CrawlError("parse", f"{source.id}: no reader {source.reader!r}") from None
    return reader(source, settings, is_known, context)
