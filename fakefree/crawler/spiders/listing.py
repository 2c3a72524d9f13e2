"""The walk every listing spider shares: listing pages, then the page of each new release.

A subclass supplies two pure functions, `parse_listing(response) -> (items, next_url)` and
`parse_release(response, source_id) -> RawDocument`, or, when its parsing depends on the
source's options (the generic spider), overrides `read_listing` and `read_release`. The walk
follows the next listing page until `max_pages`, and stops at the first page where every
release is already known. A failure of the first listing page fails the crawl
(`self.failure`); a failing release page is logged and skipped. A release's `published` is the listing's date when it gives one (machine-readable,
with the time), else the release page's. A release served as a PDF is passed on as its bytes.

Listing pages are asked for conditionally with the validators of the last crawl (`validators`):
a 304, or a body identical to last time's, ends that walk. The validators of each listing page
read this time are in `validators_to_keep()`, except for pages one of whose releases could not
be fetched (they must be read again next time).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import scrapy
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TCPTimedOutError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from fakefree.catalogue import Source
from fakefree.crawler.conditional import Validators, body_hash
from fakefree.crawler.errors import CrawlError, http_error_kind
from fakefree.crawler.scrapy_mirror import real_url
from fakefree.index.documents import RawDocument
from fakefree.index.pdftext import is_pdf
from fakefree.index.urls import canonical_url

log = logging.getLogger(__name__)

LISTING_META = "fakefree_listing"  # the listing page URL a request was made for, or found on


def no_validators(url: str) -> Validators | None:
    return None


def response_validators(response: Response) -> Validators:
    def header(name: bytes) -> str | None:
        value = response.headers.get(name)
        return value.decode("latin-1") if value else None

    return Validators(header(b"ETag"), header(b"Last-Modified"), body_hash(response.body))


def join_url(response: Response, href: str) -> str | None:
    """`href` resolved against the page; None when it cannot be read ("http://[::1"), so one
    broken link skips its own item, not the whole listing page."""
    try:
        return response.urljoin(href)
    except ValueError:
        return None


@dataclass(frozen=True)
class ListingItem:
    """One release as a listing page shows it."""

    url: str  # absolute, real
    title: str
    published: str | None = None  # as found, e.g. "2025-11-25 18:21:00"
    category: str = ""


def failure_kind(exc: BaseException) -> str:
    """The CrawlError kind for an exception Scrapy hands to an errback."""
    if isinstance(exc, HttpError):
        return http_error_kind(exc.response.status)
    if isinstance(exc, IgnoreRequest) and "robots" in str(exc).lower():
        return "robots"
    if isinstance(exc, DownloadCancelledError) or "max size" in str(exc).lower():
        return "too_large"
    if isinstance(exc, (DownloadTimeoutError, TwistedTimeoutError, TCPTimedOutError)):
        return "timeout"
    return "network"


def describe_failure(failure: Failure) -> str:
    """A short account of a failed request, naming the real URL only (never the mirror's)."""
    if isinstance(failure.value, HttpError):
        return f"HTTP {failure.value.response.status}"
    message = failure.getErrorMessage().replace(failure.request.url, real_url(failure.request))
    return f"{type(failure.value).__name__}: {message}"


class ListingSpider(scrapy.Spider):
    """Walks a paged listing of releases for one catalogue source."""

    name = "listing"
    parse_listing: ClassVar[Callable[[Response], tuple[list[ListingItem], str | None]]]
    parse_release: ClassVar[Callable[[Response, str], RawDocument]]

    def __init__(
        self,
        source: Source,
        is_known: Callable[[str], bool],
        validators: Callable[[str], Validators | None] = no_validators,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.is_known = is_known
        self.validators = validators
        self.max_pages = int(source.option("max_pages", 5))
        self.failure: CrawlError | None = None
        self.fresh: dict[str, Validators] = {}  # listing pages read in full this time
        self.incomplete: set[str] = set()  # listing pages with a release that could not be read

    async def start(self) -> AsyncIterator[scrapy.Request]:  # Scrapy >= 2.13
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        for start in self.source.urls:
            yield self.listing_request(start.url, page=1, language=start.language)

    def listing_request(self, url: str, page: int, language: str | None) -> scrapy.Request:
        known = self.validators(url)
        return scrapy.Request(
            url,
            callback=self.on_listing,
            errback=self.on_listing_failure,
            cb_kwargs={"page": page, "language": language},
            headers=known.request_headers() if known else None,
            meta={LISTING_META: url, "handle_httpstatus_list": [304]},
            dont_filter=True,  # a redirect loop must fail the walk, not vanish in the dupefilter
        )

    def read_listing(self, response: Response) -> tuple[list[ListingItem], str | None]:
        """The releases of one listing page and the next page's URL. A spider configured per
        source (rather than by two pure class functions) overrides this and `read_release`."""
        return type(self).parse_listing(response)

    def read_release(self, response: Response) -> RawDocument:
        return type(self).parse_release(response, self.source.id)

    def unchanged(self, response: Response) -> bool:
        """Whether a listing page is as the last crawl left it (304, or the same body)."""
        known = self.validators(response.meta[LISTING_META])
        if response.status == 304 or (known is not None and known.same_body(response.body)):
            log.info("%s: %s: unchanged since the last crawl (HTTP %d)",
                     self.source.id, response.url, response.status)  # fmt: skip
            return True
        return False

    def on_listing(self, response: Response, page: int, language: str | None) -> Iterator[Any]:
        if self.unchanged(response):
            return
        items, next_url = self.read_listing(response)
        if not items and page == 1:
            self.failure = CrawlError("parse", f"{response.url}: no release found on the listing")
            return
        new = [item for item in items if not self.is_known(canonical_url(item.url))]
        log.info("%s: %s: %d releases, %d new", self.source.id, response.url, len(items), len(new))
        self.fresh[response.meta[LISTING_META]] = response_validators(response)
        for item in new:
            yield scrapy.Request(
                item.url,
                callback=self.on_release,
                errback=self.on_release_failure,
                cb_kwargs={"item": item, "language": language},
                meta={LISTING_META: response.meta[LISTING_META]},
            )
        if new and next_url and page < self.max_pages:
            yield self.listing_request(next_url, page=page + 1, language=language)

    def validators_to_keep(self) -> dict[str, dict[str, str | None]]:
        """The validators of the listing pages whose every new release was read."""
        return {url: v.to_dict() for url, v in self.fresh.items() if url not in self.incomplete}

    def release_document(self, response: Response) -> RawDocument:
        """The release on its page; a release served as a PDF, as its bytes."""
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if is_pdf(content_type, response.url, response.body):
            return RawDocument(response.url, self.source.id, "", pdf=response.body)
        return self.read_release(response)

    def on_release(
        self, response: Response, item: ListingItem, language: str | None
    ) -> Iterator[RawDocument]:
        try:
            doc = self.release_document(response)
        except CrawlError as exc:
            log.warning("%s: %s: release page skipped: %s", self.source.id, response.url, exc)
            return
        doc.language = language
        doc.title = doc.title or item.title
        doc.extra.update(page_date=doc.published, category=item.category)
        doc.published = item.published or doc.published  # the listing's is machine-readable
        yield doc

    def on_listing_failure(self, failure: Failure) -> None:
        url, page = real_url(failure.request), failure.request.cb_kwargs.get("page", 1)
        error = CrawlError(failure_kind(failure.value), f"{url}: {describe_failure(failure)}")
        if page == 1 and self.failure is None:
            self.failure = error
        log.warning("%s: listing page %s failed: %s", self.source.id, page, error)

    def on_release_failure(self, failure: Failure) -> None:
        url = real_url(failure.request)
        self.incomplete.add(failure.request.meta.get(LISTING_META, ""))
        log.warning(
            "%s: %s: release page skipped: %s", self.source.id, url, describe_failure(failure)
        )
