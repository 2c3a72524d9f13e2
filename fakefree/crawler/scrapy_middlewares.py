"""Downloader middlewares of the Scrapy child: Retry-After honoured, and text decoded right.

RetryAfterMiddleware: a 429 or 503 whose Retry-After is within FAKEFREE_RETRY_AFTER_MAX is asked
again after the wait, and every request to that host waits too (Scrapy's own RetryMiddleware no
longer retries these two statuses); any other such answer stands and fails as http_4xx/http_5xx.

CharsetMiddleware: Scrapy trusts a declared charset even when the bytes say otherwise (French or
Spanish text in Windows-1252 served as UTF-8 comes out with U+FFFD), and guesses Central European
encodings for unlabelled Latin-1. Every text response is re-labelled with the encoding
`fakefree.crawler.charset` chooses, the same as the feed and API readers use.
"""

from __future__ import annotations

import codecs
import logging
import time
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.asyncio import sleep

from fakefree.crawler.charset import choose_encoding
from fakefree.crawler.retry_after import MAX_ATTEMPTS, wait_to_honour
from fakefree.crawler.scrapy_mirror import real_url

log = logging.getLogger(__name__)

WAITED_META = "fakefree_retry_after"  # (seconds waited, retries made) for this request
RETRY_AFTER_PRIORITY = 545  # beside Scrapy's RetryMiddleware (550)
CHARSET_PRIORITY = 585  # sees responses after HttpCompressionMiddleware (590) inflated them


def crawl_source_id(crawler: Crawler) -> str:
    """The catalogue id of the source being crawled, for log lines."""
    source = getattr(crawler.spider, "source", None)
    return getattr(source, "id", "?")


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("FAKEFREE_RETRY_AFTER_MAX", 60.0)
        self.not_before: dict[str, float] = {}  # host -> time.monotonic() it may be asked again

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlsplit(real_url(request)).netloc
        pause = self.not_before.get(host, 0.0) - time.monotonic()
        if pause > 0:
            await sleep(pause)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        waited, retries = request.meta.get(WAITED_META, (0.0, 0))
        header = response.headers.get(b"Retry-After")
        wait = wait_to_honour(response.status, header, waited, self.cap)
        if wait is None or retries + 1 >= MAX_ATTEMPTS:
            return response
        url = real_url(request)
        log.info("%s: %s: HTTP %d, asking again in %gs as Retry-After says",
                 crawl_source_id(self.crawler), url, response.status, wait)  # fmt: skip
        self.not_before[urlsplit(url).netloc] = time.monotonic() + wait
        meta = {**request.meta, WAITED_META: (waited + wait, retries + 1)}
        return request.replace(dont_filter=True, meta=meta)


class CharsetMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        encoding = choose_encoding(response.body, content_type)
        if codecs.lookup(encoding).name == codecs.lookup(response.encoding).name:
            return response
        log.debug("%s: decoded as %s, not %s", real_url(request), encoding, response.encoding)
        return response.replace(encoding=encoding)


def middleware_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__name__}"


DOWNLOADER_MIDDLEWARES = {
    middleware_path(RetryAfterMiddleware): RETRY_AFTER_PRIORITY,
    middleware_path(CharsetMiddleware): CHARSET_PRIORITY,
}
