"""One Scrapy crawl of one source, in its own process (Twisted's reactor cannot restart).

    python -m fakefree.crawler.scrapy_child SOURCE_ID OUT_JSONL [--conditional]

Settings come from the environment (FAKEFREE_*), the catalogue from settings.config_dir. Writes
one JSON line per RawDocument found, then a last line: {"_status": "ok"} or
{"_status": "failed", "kind": ..., "message": ...}, with the crawl's "requests" and
"bytes_received" and, in "http_cache", the validators of the listing pages read in full (the
parent keeps them once it has stored the releases). Releases already in the store are skipped;
with --conditional, listing pages are asked for with the validators the store keeps.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.conditional import CONDITIONAL_FLAG, HttpCache
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.scrapy_middlewares import DOWNLOADER_MIDDLEWARES
from fakefree.crawler.scrapy_mirror import PRIORITY, MirrorMiddleware
from fakefree.crawler.spiders import load_spider
from fakefree.index.store import Store
from fakefree.index.urls import canonical_url
from fakefree.settings import Settings, load_settings

log = logging.getLogger(__name__)

MIRROR_MIDDLEWARE = f"{MirrorMiddleware.__module__}.{MirrorMiddleware.__name__}"


def scrapy_settings(settings: Settings) -> dict[str, Any]:
    """Scrapy's settings for one polite crawl, from ours."""
    values: dict[str, Any] = {
        "ROBOTSTXT_OBEY": True,
        "USER_AGENT": settings.user_agent,
        "DOWNLOAD_DELAY": settings.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_TIMEOUT": settings.http_timeout,
        "DOWNLOAD_MAXSIZE": settings.max_response_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 1,
        # 429 and 503 are retried by RetryAfterMiddleware, only when Retry-After allows it
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "FAKEFREE_RETRY_AFTER_MAX": settings.retry_after_max,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # Scrapy >= 2.19 opens a control port by default
        "LOG_LEVEL": settings.log_level,
        "CLOSESPIDER_TIMEOUT": max(1, int(settings.crawl_time_limit * 0.9)),  # end before the kill
        "FAKEFREE_MIRROR": settings.mirror,
        "DOWNLOADER_MIDDLEWARES": dict(DOWNLOADER_MIDDLEWARES),
    }
    if settings.mirror:
        values["DOWNLOADER_MIDDLEWARES"][MIRROR_MIDDLEWARE] = PRIORITY
    return values


def find_source(settings: Settings, source_id: str) -> Source:
    for source in load_sources(settings.config_dir / "sources.toml"):
        if source.id == source_id:
            return source
    raise CrawlError("parse", f"no source {source_id!r} in the catalogue")


def crawl(
    source: Source,
    settings: Settings,
    store: Store,
    out: IO[str],
    conditional: bool = False,
) -> dict:
    """Run the source's spider to the end; write each document; return the status line."""
    spider_class = load_spider(source.option("spider", ""))
    process = CrawlerProcess(scrapy_settings(settings))
    crawler = process.create_crawler(spider_class)
    closed: dict[str, str] = {}

    def write_item(item: Any, **_: Any) -> None:
        out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        out.flush()

    def note_close(reason: str, **_: Any) -> None:
        closed["reason"] = reason

    crawler.signals.connect(write_item, signal=signals.item_scraped)
    crawler.signals.connect(note_close, signal=signals.spider_closed)
    kwargs: dict[str, Any] = {"is_known": lambda url: store.has_url(canonical_url(url))}
    if conditional:
        kwargs["validators"] = HttpCache(store, source.id).lookup
    process.crawl(crawler, source=source, **kwargs)
    process.start()
    status = crawl_status(getattr(crawler.spider, "failure", None), closed.get("reason", ""))
    return {**status, **crawl_report(crawler)}


def crawl_report(crawler: Any) -> dict:
    """The crawl's traffic, and the validators of the listing pages it read in full."""
    stats = crawler.stats
    keep = getattr(crawler.spider, "validators_to_keep", dict)
    return {
        "requests": int(stats.get_value("downloader/response_count", 0))
        + int(stats.get_value("downloader/exception_count", 0)),
        "bytes_received": int(stats.get_value("downloader/response_bytes", 0)),
        "http_cache": keep(),
    }


def crawl_status(failure: CrawlError | None, close_reason: str) -> dict:
    if failure is not None:
        return {"_status": "failed", "kind": failure.kind, "message": failure.message}
    if close_reason == "closespider_timeout":
        return {
            "_status": "failed",
            "kind": "timeout",
            "message": "crawl stopped at its time limit",
        }
    return {"_status": "ok"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    conditional = CONDITIONAL_FLAG in args
    args = [a for a in args if a != CONDITIONAL_FLAG]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source_id, out_path = args
    settings = load_settings()
    with open(Path(out_path), "w", encoding="utf-8") as out:
        try:
            source = find_source(settings, source_id)
            with Store(settings.db_path) as store:
                status = crawl(source, settings, store, out, conditional)
        except CrawlError as exc:
            status = {"_status": "failed", "kind": exc.kind, "message": exc.message}
        except KeyError as exc:
            status = {"_status": "failed", "kind": "parse", "message": f"unknown spider {exc}"}
        out.write(json.dumps(status) + "\n")
    return 0 if status["_status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
