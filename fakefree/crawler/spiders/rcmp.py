"""RCMP news on rcmp.ca: the newsroom page carries its whole list as JSON.

https://rcmp.ca/en/news (and, by our guess, https://rcmp.ca/fr/nouvelles) is a Drupal page whose
`script[data-drupal-selector=drupal-settings-json]` holds, at poweb.all_news.rest_export_all_news,
the list of releases as a JSON *string* of items {title, view_node (the release's path),
created (ISO 8601), type}. There is no pager: one page holds the list. Release pages are read with
the catalogue's selectors (GenericSpider); `max_items` bounds how many list items a run takes.
"""

from __future__ import annotations

import html
import json
import logging
from typing import Any

from scrapy.http import Response

from fakefree.crawler.spiders.generic import GenericSpider, squash
from fakefree.crawler.spiders.listing import ListingItem, join_url

log = logging.getLogger(__name__)

SETTINGS_SCRIPT = 'script[data-drupal-selector="drupal-settings-json"]::text'
NEWS_PATH = ("poweb", "all_news", "rest_export_all_news")


def news_entries(settings_json: str) -> list[dict[str, Any]]:
    """The list of news items inside the drupal-settings JSON; [] when it is not there."""
    try:
        value: Any = json.loads(settings_json)
        for key in NEWS_PATH:
            value = value[key]
        entries = json.loads(value) if isinstance(value, str) else value
    except (ValueError, KeyError, TypeError):
        return []
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def entry_item(entry: dict[str, Any], response: Response) -> ListingItem | None:
    path = str(entry.get("view_node") or "").strip()
    title = squash(html.unescape(str(entry.get("title") or "")))
    url = join_url(response, path) if path and path != "#" else None
    if not url or not title:
        return None
    return ListingItem(
        url=url,
        title=title,
        published=str(entry.get("created") or "").strip() or None,
        category=squash(str(entry.get("type") or "")),
    )


def parse_listing(response: Response) -> tuple[list[ListingItem], None]:
    """The releases listed in the page's settings JSON (there is never a next page)."""
    entries = news_entries(response.css(SETTINGS_SCRIPT).get() or "")
    items = (entry_item(e, response) for e in entries)
    return [item for item in items if item is not None], None


class RcmpSpider(GenericSpider):
    name = "rcmp"
    needs_items = False

    def read_listing(self, response: Response) -> tuple[list[ListingItem], str | None]:
        items, _ = parse_listing(response)
        if not items:
            log.warning("%s: %s: no news list in the drupal settings", self.source.id, response.url)
        return items[: self.config.max_items or None], None
