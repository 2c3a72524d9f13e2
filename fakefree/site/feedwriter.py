"""Atom and RSS 2.0 documents written with feedgen, from plain data (no Flask here).

JSON Feed 1.1 is written from the same data by `jsonfeed.py`.

Every text goes through `xml_text`, which removes the characters XML 1.0 forbids (control
characters such as \\x0b), so a bad title from a source can never make the whole feed invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

FORMATS = ("atom", "rss")
MIMETYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
_NOT_XML_1_0 = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """`text` without the characters XML 1.0 does not allow."""
    return _NOT_XML_1_0.sub("", text or "")


def is_web_url(url: str | None) -> bool:
    """An absolute http(s) URL with nothing XML forbids: safe to hand to a feed reader."""
    url = url or ""
    return url.lower().startswith(("http://", "https://")) and xml_text(url) == url


@dataclass(frozen=True)
class FeedCategory:
    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class FeedItem:
    id: str  # our absolute article URL: stable and unique
    link: str  # our article page
    original_url: str  # the agency's release
    title: str
    summary: str
    language: str
    published: datetime
    updated: datetime
    agency: str
    agency_homepage: str = ""
    categories: tuple[FeedCategory, ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    title: str
    subtitle: str
    self_url: str  # the feed's own absolute URL, also its id
    html_url: str  # the page this feed follows
    language: str
    updated: datetime
    items: list[FeedItem] = field(default_factory=list)


class EntryDetails(BaseEntryExtension):
    """What feedgen 1.0 leaves out of an entry.

    Atom: xml:lang, and the links' rel/type/title (feedgen writes entry links with their href
    only, so "related" would read as a second "alternate"). RSS: an atom:link to the original
    release, since an RSS item has a single <link> (our page).
    """

    def __init__(self) -> None:
        self.lang = ""
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):  # noqa: ANN001, ANN201 - feedgen's extension hook
        if self.lang:
            entry.set(_XML_LANG, self.lang)
        for element, link in zip(entry.findall("link"), self.links, strict=False):
            for name in ("rel", "type", "title"):
                if link.get(name):
                    element.set(name, link[name])
        return entry

    def extend_rss(self, item):  # noqa: ANN001, ANN201 - feedgen's extension hook
        for link in self.links:
            if link.get("rel") == "related":
                etree.SubElement(item, _ATOM_LINK, href=link["href"], rel="related")
        return item


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _add_item(fg: FeedGenerator, item: FeedItem) -> None:
    entry = fg.add_entry(order="append")
    entry.id(xml_text(item.id))
    entry.guid(xml_text(item.id), permalink=True)
    entry.title(xml_text(item.title) or "(untitled)")
    links = [{"href": item.link, "rel": "alternate", "type": "text/html"}]
    if is_web_url(item.original_url):
        links.append({"href": item.original_url, "rel": "related", "title": "Original release"})
    entry.link(links)
    entry.summary(xml_text(item.summary) or xml_text(item.title) or "(no summary)")
    entry.published(utc(item.published))
    entry.updated(max(utc(item.updated), utc(item.published)))
    author = {"name": xml_text(item.agency)}
    if is_web_url(item.agency_homepage):
        author["uri"] = xml_text(item.agency_homepage)
    entry.author(author)
    for cat in item.categories:
        entry.category(term=xml_text(cat.term), label=xml_text(cat.label), scheme=cat.scheme)
    entry.dc.dc_language(item.language)
    entry.register_extension("details", EntryDetails)
    entry.details.lang, entry.details.links = item.language, links


def _feed_generator(info: FeedInfo) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.id(info.self_url)
    fg.title(xml_text(info.title))
    fg.subtitle(xml_text(info.subtitle) or xml_text(info.title))
    fg.link(href=info.self_url, rel="self")
    fg.link(href=info.html_url, rel="alternate", type="text/html")  # last: RSS's channel link
    fg.language(info.language)
    fg.updated(utc(info.updated))
    fg.generator("Fake Free")
    return fg


def render_feed(info: FeedInfo, fmt: str) -> bytes:
    """The feed as UTF-8 XML bytes, in `fmt` ("atom" or "rss")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}")
    fg = _feed_generator(info)
    for item in info.items:
        _add_item(fg, item)
    return fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)
