"""gob.mx press archives (FGR, IMPI, ...): `/{agency}/es/archivo/prensa?idiom=es&order=DESC`.

Listing: each release is an `<article>` with an `h2` title, an `a.small-link` to the release,
`time[datetime]` ("2025-11-25 18:21:00") and a `.tag-presses` category; pages are 1-based
(`&page=N`, none on the first) and the pager's "next" link is the last link to a page.
Release page: the title in `h1`, a metadata line (issuer | date | kind) and the text in
`.article-body`; dates are written in Spanish words ("25 de noviembre de 2025").
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import Response

from fakefree.crawler.errors import CrawlError
from fakefree.crawler.spiders.listing import ListingItem, ListingSpider, join_url
from fakefree.index.documents import RawDocument

SPANISH_DATE = re.compile(
    r"\b(\d{1,2})\s+de\s+(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"setiembre|octubre|noviembre|diciembre)\s+(?:de|del)\s+(\d{4})\b",
    re.IGNORECASE,
)
BODY_SELECTORS = (".article-body", "main article", "main .col-md-8")
DROPPED = ("script", "style", "noscript", "form", "nav")


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _page_number(url: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get("page", "1")
    return int(value) if value.isascii() and value.isdigit() else 1  # not '²'


def next_page_url(response: Response) -> str | None:
    """The pager's next page: a rel=next link, else the last page link beyond the current one."""
    current = _page_number(response.url)
    rel_next = response.css('ul.pagination a[rel~="next"]::attr(href)').getall()
    candidates = rel_next or response.css('a[href*="page="]::attr(href)').getall()
    for href in reversed(candidates):
        url = join_url(response, href)
        if url and _page_number(url) > current:
            return url
    return None


def parse_listing(response: Response) -> tuple[list[ListingItem], str | None]:
    """The releases of one archive page, and the next page's URL (None on the last page)."""
    items = []
    for article in response.css("article"):
        href = article.css("a.small-link::attr(href)").get() or article.css("a::attr(href)").get()
        title = _squash(article.css("h2 ::text").get() or article.css("a::attr(aria-label)").get())
        url = join_url(response, href) if href else None
        if not url or not title:
            continue
        items.append(
            ListingItem(
                url=url,
                title=title,
                published=(article.css("time::attr(datetime)").get() or "").strip() or None,
                category=_squash(article.css(".tag-presses ::text").get()),
            )
        )
    return items, next_page_url(response)


def release_body(response: Response) -> str:
    """The release's HTML, from the first body container found, without scripts or forms."""
    for selector in BODY_SELECTORS:
        node = response.css(selector)
        if node:
            for tag in DROPPED:
                for junk in node[0].css(tag):
                    junk.drop()
            return "".join(node[0].xpath("node()").getall()).strip()
    return ""


def spanish_date(response: Response) -> str | None:
    """The first Spanish date in words on the page (metadata line, else the dateline)."""
    text = " ".join(response.css("main ::text").getall() or response.css("body ::text").getall())
    match = SPANISH_DATE.search(" ".join(text.split()))
    return match.group(0) if match else None


def parse_release(response: Response, source_id: str = "") -> RawDocument:
    """One release page as a RawDocument; `published` is the date in words, as found."""
    heading = response.css("main h1") or response.css("h1")
    title = _squash(" ".join(heading[0].css("::text").getall())) if heading else ""
    body = release_body(response)
    if not title or not body:
        raise CrawlError("parse", f"{response.url}: no title or no body on the release page")
    return RawDocument(
        url=response.url,
        source_id=source_id,
        title=title,
        html=body,
        published=spanish_date(response),
    )


class GobMxSpider(ListingSpider):
    name = "gobmx"
    parse_listing = staticmethod(parse_listing)
    parse_release = staticmethod(parse_release)
