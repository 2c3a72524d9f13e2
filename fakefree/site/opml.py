"""OPML 2.0 (http://opml.org/spec2.opml): a list of feeds a reader imports in one go.

Written with lxml from plain data, every text stripped of what XML forbids (no Flask here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from .feedwriter import xml_text

OPML_MIMETYPE = "text/x-opml"


@dataclass(frozen=True)
class OpmlFeed:
    title: str
    xml_url: str  # the feed
    html_url: str  # the page it follows


@dataclass(frozen=True)
class OpmlGroup:
    title: str
    feeds: list[OpmlFeed]


def render_opml(title: str, groups: list[OpmlGroup], created: datetime | None = None) -> bytes:
    """An OPML document: one outline per group, holding one `type="rss"` outline per feed."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = xml_text(title)
    moment = created or datetime.now(UTC)
    etree.SubElement(head, "dateCreated").text = format_datetime(moment, usegmt=True)
    body = etree.SubElement(root, "body")
    for group in groups:
        outline = etree.SubElement(body, "outline", text=xml_text(group.title))
        for feed in group.feeds:
            etree.SubElement(
                outline,
                "outline",
                type="rss",
                text=xml_text(feed.title),
                title=xml_text(feed.title),
                xmlUrl=feed.xml_url,
                htmlUrl=feed.html_url,
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
