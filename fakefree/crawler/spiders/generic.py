"""One listing spider for most agencies' HTML newsrooms, configured by selectors in the catalogue.

The source's `options` say where releases, links, titles and dates sit on a listing page, how
to reach the next page (a pager link, or a numbered query parameter), and where the text and
date sit on a release page (see listing_config.py for every option). The walk itself, robots.txt,
known releases and failures are ListingSpider's. Sites that need more (a list embedded as JSON,
a date kept in script data) derive from GenericSpider and override `read_listing` or
`read_release`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from parsel import Selector, SelectorList
from scrapy.http import Response

from fakefree.catalogue import Source
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.spiders.listing import ListingItem, ListingSpider, join_url
from fakefree.crawler.spiders.listing_config import ListingConfig, read_date
from fakefree.index.documents import RawDocument

log = logging.getLogger(__name__)

ALWAYS_DROPPED = "script, style, noscript, form, nav, iframe"


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def select_text(node: Selector | Response, css: str) -> str:
    """The text of every element `css` matches, joined; with a pseudo-element ("::text",
    "::attr(name)"), the values it selects."""
    if not css:
        return ""
    if "::" in css:
        return squash(" ".join(node.css(css).getall()))
    return squash(" ".join(" ".join(el.xpath(".//text()").getall()) for el in node.css(css)))


def first_text(node: Response, css: str) -> str:
    """The text of the first element `css` matches."""
    found = node.css(css) if css else []
    return squash(" ".join(found[0].xpath(".//text()").getall())) if found else ""


def select_link(item: Selector | Response, css: str) -> str | None:
    """The href of the first element `css` matches (or the value an "::attr(...)" selector
    gives)."""
    if "::" in css:
        return (item.css(css).get() or "").strip() or None
    links = item.css(css)
    href = links[0].attrib.get("href", "").strip() if links else ""
    return href or None


def next_by_param(url: str, config: ListingConfig) -> str:
    """The URL of the next listing page when pages are numbered by a query parameter."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    current = dict(query).get(config.page_param, "")
    number = int(current) if current.isascii() and current.isdigit() else config.page_start
    rest = [(k, v) for k, v in query if k != config.page_param]
    rest.append((config.page_param, str(number + config.page_step)))
    return urlunsplit(parts._replace(query=urlencode(rest)))


def next_page(response: Response, config: ListingConfig, has_items: bool) -> str | None:
    if config.next:
        href = select_link(response, config.next)
        return join_url(response, href) if href else None
    if config.page_param and has_items:
        return next_by_param(response.url, config)
    return None


def listing_item(item: Selector, response: Response, config: ListingConfig) -> ListingItem | None:
    href = select_link(item, config.link)
    title = select_text(item, config.title or config.link)
    url = join_url(response, href) if href else None
    if not url or not title:
        return None
    return ListingItem(
        url=url,
        title=title,
        published=read_date(select_text(item, config.date), config) if config.date else None,
        category=select_text(item, config.category),
    )


def parse_listing(
    response: Response, config: ListingConfig
) -> tuple[list[ListingItem], str | None]:
    """The releases of one listing page (at most `max_items`) and the next page's URL."""
    found = (listing_item(item, response, config) for item in response.css(config.item))
    items = [item for item in found if item is not None]
    if config.max_items:
        items = items[: config.max_items]
    return items, next_page(response, config, bool(items))


def release_body(node: SelectorList, drop: str) -> str:
    """The inner HTML of the first body element, without scripts, navigation and `drop`."""
    if not node:
        return ""
    body = node[0]
    for junk in body.css(", ".join(filter(None, (ALWAYS_DROPPED, drop)))):
        junk.drop()
    return "".join(body.xpath("node()").getall()).strip()


def parse_release(response: Response, config: ListingConfig, source_id: str) -> RawDocument:
    """One release page; `published` is the page's date (see read_date). Raises
    CrawlError('parse') when the body selector matches nothing."""
    title = first_text(response, config.page_title)  # read before `drop` edits the page
    page_date = read_date(select_text(response, config.page_date), config)
    body = release_body(response.css(config.body), config.drop)
    if not body:
        raise CrawlError("parse", f"{response.url}: nothing matches {config.body!r}")
    return RawDocument(
        url=response.url, source_id=source_id, title=title, html=body, published=page_date
    )


class GenericSpider(ListingSpider):
    """A listing spider whose every selector comes from the catalogue."""

    name = "generic"
    needs_items = True  # spiders that read the listing otherwise set False

    def __init__(self, source: Source, is_known: Callable[[str], bool], **kwargs: Any) -> None:
        super().__init__(source, is_known, **kwargs)
        try:
            self.config = ListingConfig.from_options(source.options, self.needs_items)
        except ValueError as exc:
            self.config = ListingConfig()
            self.failure = CrawlError("parse", f"{source.id}: bad spider options: {exc}")
            log.error("%s: %s", source.id, self.failure.message)

    def start_requests(self) -> Iterator[scrapy.Request]:
        if self.failure is None:
            yield from super().start_requests()

    def read_listing(self, response: Response) -> tuple[list[ListingItem], str | None]:
        return parse_listing(response, self.config)

    def read_release(self, response: Response) -> RawDocument:
        return parse_release(response, self.config, self.source.id)
