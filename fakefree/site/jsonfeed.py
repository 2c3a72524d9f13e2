"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the same plain data as Atom and RSS.

Texts go through `xml_text` here too: it drops control characters and lone surrogates, which
JSON could escape but many readers choke on (and a lone surrogate cannot be encoded in UTF-8).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from .feedwriter import FeedInfo, FeedItem, is_web_url, utc, xml_text

VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_fakefree"  # JSON Feed extensions start with "_"


def rfc3339(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _author(name: str, url: str) -> dict[str, str]:
    author = {"name": xml_text(name) or "(unknown)"}
    if is_web_url(url):
        author["url"] = url
    return author


def json_feed_item(item: FeedItem) -> dict[str, Any]:
    """One item: our page as id and url, the agency's release as external_url."""
    summary = xml_text(item.summary) or xml_text(item.title) or "(no summary)"
    entry: dict[str, Any] = {
        "id": item.id,
        "url": item.link,
        "title": xml_text(item.title) or "(untitled)",
        "content_text": summary,
        "summary": summary,
        "date_published": rfc3339(item.published),
        "date_modified": rfc3339(max(utc(item.updated), utc(item.published))),
        "authors": [_author(item.agency, item.agency_homepage)],
        "tags": [xml_text(c.label) for c in item.categories],
        "language": item.language,
        EXTENSION: {
            "categories": [
                {"term": xml_text(c.term), "label": xml_text(c.label), "scheme": c.scheme}
                for c in item.categories
            ]
        },
    }
    if is_web_url(item.original_url):
        entry["external_url"] = item.original_url
    return entry


def render_json_feed(info: FeedInfo) -> bytes:
    """The feed as UTF-8 JSON bytes."""
    feed = {
        "version": VERSION,
        "title": xml_text(info.title),
        "home_page_url": info.html_url,
        "feed_url": info.self_url,
        "description": xml_text(info.subtitle) or xml_text(info.title),
        "authors": [{"name": "Fake Free", "url": info.html_url}],
        "language": info.language,
        "items": [json_feed_item(item) for item in info.items],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")
