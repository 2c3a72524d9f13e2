"""Europol's newsroom: a JavaScript application whose pages embed their data as JSON.

Every page sets `window.SERVER_DATA={...};`. On the newsroom
(https://www.europol.europa.eu/media-press/newsroom) the releases are in
NodeLoader.node.lists[0].items, each {title, alias (the path), published (epoch seconds)}. On a
release page (/media-press/newsroom/news/{slug}) NodeLoader.node holds the release itself:
title, introduction and body (HTML), published, crimeAreas. A page without that node is read with
the catalogue's selectors instead. (Europol's RSS, /cms/api/rss/news, was reported to carry no
item dates, which is why the listing is read here.)
"""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy.http import Response

from fakefree.crawler.spiders.generic import GenericSpider, squash
from fakefree.crawler.spiders.listing import ListingItem, join_url
from fakefree.index.documents import RawDocument

log = logging.getLogger(__name__)

MARKER = "window.SERVER_DATA="


def server_data(page: str) -> dict[str, Any]:
    """The object assigned to window.SERVER_DATA in the page; {} when absent or unreadable."""
    start = page.find(MARKER)
    if start == -1:
        return {}
    try:
        data, _ = json.JSONDecoder().raw_decode(page, start + len(MARKER))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def page_node(data: dict[str, Any]) -> dict[str, Any]:
    loader = data.get("NodeLoader")
    node = loader.get("node") if isinstance(loader, dict) else None
    return node if isinstance(node, dict) else {}


def listing_item(entry: Any, response: Response) -> ListingItem | None:
    if not isinstance(entry, dict):
        return None
    alias, title = str(entry.get("alias") or ""), squash(str(entry.get("title") or ""))
    url = join_url(response, alias) if alias else None
    if not url or not title:
        return None
    published = entry.get("published")
    return ListingItem(
        url=url,
        title=title,
        published=str(published) if published else None,
        category=squash(str(entry.get("type") or "")),
    )


def parse_listing(response: Response) -> tuple[list[ListingItem], None]:
    """The releases of the newsroom's first list (the pager is not known: one page)."""
    lists = page_node(server_data(response.text)).get("lists") or [{}]
    first = lists[0] if isinstance(lists, list) and isinstance(lists[0], dict) else {}
    entries = first.get("items")
    items = (listing_item(e, response) for e in (entries if isinstance(entries, list) else []))
    return [item for item in items if item is not None], None


def node_document(response: Response, source_id: str) -> RawDocument | None:
    """The release held in the page's SERVER_DATA node, or None when the page has none."""
    node = page_node(server_data(response.text))
    body = "\n".join(str(node.get(k) or "") for k in ("introduction", "body")).strip()
    if not body:
        return None
    listed = node.get("crimeAreas")
    areas = (
        [a.get("title") for a in listed if isinstance(a, dict)] if isinstance(listed, list) else []
    )
    published = node.get("published")
    return RawDocument(
        url=response.url,
        source_id=source_id,
        title=squash(str(node.get("title") or "")),
        html=body,
        published=str(published) if published else None,
        extra={"crime_areas": [a for a in areas if a]},
    )


class EuropolSpider(GenericSpider):
    name = "europol"
    needs_items = False

    def read_listing(self, response: Response) -> tuple[list[ListingItem], str | None]:
        items, _ = parse_listing(response)
        if not items:
            log.warning("%s: %s: no list in SERVER_DATA", self.source.id, response.url)
        return items[: self.config.max_items or None], None

    def read_release(self, response: Response) -> RawDocument:
        return node_document(response, self.source.id) or super().read_release(response)
