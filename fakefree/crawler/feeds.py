"""Atom and RSS feeds: bytes fetched by us (timeouts, size cap), parsed by feedparser.

feedparser never fetches anything here (its own fetching has no timeout). A feed that is broken
but still has entries is used, with the problem logged; one with no entries, or an HTML page where
a feed was expected, fails the source with CrawlError('parse'). When the source names a
`body_selector`, the page of each new entry is fetched and its body extracted; if that page
fails, the entry's own summary stands in for the body. An entry whose link is a PDF, or whose
page turns out to be one, carries the PDF's bytes (ingest extracts the text). Feeds are asked
for conditionally: a feed unchanged since the last crawl has nothing new.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup

from fakefree.catalogue import Source, SourceURL
from fakefree.crawler.conditional import CrawlContext
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.fetch import Fetcher
from fakefree.index.documents import RawDocument
from fakefree.index.pdftext import is_pdf
from fakefree.index.urls import canonical_url
from fakefree.settings import Settings

log = logging.getLogger(__name__)

ALWAYS_DROPPED = "script, style, noscript, form, nav, iframe"
ISSUED_META = (
    'meta[name="dcterms.issued"]',
    'meta[property="article:published_time"]',
    'meta[name="date"]',
)


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def _safe_charrefs(body: bytes) -> bytes:
    """Character references to no character (surrogates, past U+10FFFF) made U+FFFD: feedparser's
    loose parser raises on them (found by tests/fuzz/test_feed_parser.py)."""

    def fix(match: re.Match[bytes]) -> bytes:
        ref = match.group(1)
        code = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
        return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)

    return _CHARREF.sub(fix, body)


def _entry_document(
    entry: dict, feed_url: str, source_id: str, language: str | None
) -> RawDocument | None:
    link = entry.get("link") or next(
        (lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None
    )
    title = " ".join(str(entry.get("title", "")).split())
    if not link or not title:
        log.warning("%s: %s: skipping an entry without link or title", source_id, feed_url)
        return None
    content = entry.get("content") or []
    return RawDocument(
        url=urljoin(feed_url, link),
        source_id=source_id,
        title=title,
        html=content[0].get("value", "") if content else "",
        summary=str(entry.get("summary", "")),
        published=entry.get("published") or entry.get("updated") or None,
        language=language,
        extra={"feed_id": entry.get("id", "")},
    )


def parse_feed(
    body: bytes,
    url: str,
    source_id: str,
    language: str | None,
    content_type: str = "application/xml",
) -> list[RawDocument]:
    """The entries of an Atom or RSS document as RawDocuments (`url` is the feed's real URL).

    A feed with no entries is fine; an empty answer, an HTML page, or a document too broken to
    give one usable entry raises CrawlError('parse')."""
    if not body.strip() or _looks_like_html(body):
        what = "an empty answer" if not body.strip() else "an HTML page"
        raise CrawlError("parse", f"{url}: {what} where a feed was expected")
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        # Without feedparser's own sanitizing and link resolving (half its time): ingest cleans
        # every body with nh3 and resolves its links against the release's URL, and titles are
        # made plain text (text.one_line).
        parsed = feedparser.parse(_safe_charrefs(body), response_headers=headers,
                                  sanitize_html=False, resolve_relative_uris=False)  # fmt: skip
    except (ValueError, UnicodeError) as exc:  # feedparser's loose parser on odd references
        raise CrawlError("parse", f"{url}: not a readable feed ({exc!r})") from exc
    docs = [d for d in (_entry_document(e, url, source_id, language) for e in parsed.entries) if d]
    problem = parsed.get("bozo_exception") if parsed.bozo else None
    if isinstance(problem, feedparser.CharacterEncodingOverride):
        log.info("%s: %s: %s", source_id, url, problem)
    elif problem is not None and not docs:
        raise CrawlError("parse", f"{url}: not a readable feed ({problem})")
    elif problem is not None:
        log.warning(
            "%s: %s: malformed feed, %d entries used (%s)", source_id, url, len(docs), problem
        )
    if not parsed.entries and not parsed.get("version"):
        raise CrawlError("parse", f"{url}: neither Atom nor RSS")
    if not parsed.entries:
        log.warning("%s: %s: feed has no entries", source_id, url)
    return docs


def extract_page(html: str, selector: str, drop: str = "") -> tuple[str, str | None]:
    """The inner HTML of the first element matching `selector` (minus scripts, navigation and
    anything matching `drop`) and the page's issued date if a metadata tag declares it.

    Raises CrawlError('parse') when nothing matches `selector`.
    """
    soup = BeautifulSoup(html, "lxml")
    issued = next(
        (tag.get("content", "").strip() for tag in map(soup.select_one, ISSUED_META) if tag),
        None,
    )
    root = soup.select_one(selector)
    if root is None:
        raise CrawlError("parse", f"no element matches {selector!r}")
    for junk in root.select(", ".join(filter(None, (ALWAYS_DROPPED, drop)))):
        junk.decompose()
    return root.decode_contents().strip(), issued or None


def fill_from_page(doc: RawDocument, fetcher: Fetcher, source: Source) -> RawDocument:
    """Fetch the entry's page and take its body (or its PDF); on failure keep the summary."""
    selector = source.option("body_selector")
    try:
        page = fetcher.get(doc.url)
        if is_pdf(page.content_type, page.url, page.body):
            doc.pdf = page.body
            return doc
        if not selector:
            raise CrawlError("parse", "not a PDF after all, and no body_selector")
        body, issued = extract_page(page.text(), selector, source.option("drop_selector", ""))
    except CrawlError as exc:
        log.warning("%s: %s: page unusable (%s); keeping the feed summary", source.id, doc.url, exc)
        doc.html = doc.html or doc.summary
        return doc
    doc.html = body
    doc.extra["issued"] = issued
    doc.published = doc.published or issued
    return doc


def _needs_page(doc: RawDocument, source: Source) -> bool:
    return bool(source.option("body_selector")) or is_pdf("", doc.url, b"")


def read_one_feed(
    fetcher: Fetcher, source: Source, feed: SourceURL, is_known: Callable[[str], bool]
) -> Iterator[RawDocument]:
    response = fetcher.poll(
        feed.url, headers={"Accept": "application/atom+xml, application/rss+xml, */*"}
    )
    if response is None:
        return
    docs = parse_feed(response.body, feed.url, source.id, feed.language, response.content_type)
    new = [d for d in docs if not is_known(canonical_url(d.url))]
    log.info("%s: %s: %d entries, %d new", source.id, feed.url, len(docs), len(new))
    for doc in new:
        yield fill_from_page(doc, fetcher, source) if _needs_page(doc, source) else doc
    fetcher.remember(feed.url, response)


def read_feed(
    source: Source,
    settings: Settings,
    is_known: Callable[[str], bool],
    context: CrawlContext | None = None,
) -> Iterator[RawDocument]:
    """Read every feed URL of the source; if one fails, the others are still read and the first
    failure is raised at the end."""
    failure: CrawlError | None = None
    with Fetcher(settings, source.id, context) as fetcher:
        for feed in source.urls:
            try:
                yield from read_one_feed(fetcher, source, feed, is_known)
            except CrawlError as exc:
                log.error("%s: %s: feed failed: %s", source.id, feed.url, exc)
                failure = failure or exc
    if failure is not None:
        raise failure
