"""EUIPO news (www.euipo.europa.eu/{lang}/news/{slug}): a Next.js site fed by Storyblok.

The listing (/{lang}/news-and-events/news) and release pages are read with the catalogue's
selectors. A release page shows its date as DD/MM/YYYY next to the title, but related stories
show theirs too; the page's script data (`self.__next_f.push([1, "..."])`) holds several
Storyblok stories, each with its `full_slug` and `first_published_at`. The release's date is the
`first_published_at` of the story whose full_slug is the page's own path ("en/news/{slug}");
failing that, the visible date the catalogue's page_date_selector finds.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from scrapy.http import Response

from fakefree.crawler.spiders.generic import GenericSpider
from fakefree.index.documents import RawDocument

FLIGHT_CHUNK = re.compile(r'self\.__next_f\.push\(\[\s*1\s*,\s*("(?:[^"\\]|\\.)*")\s*\]\)')
FIRST_PUBLISHED = re.compile(r'"first_published_at"\s*:\s*"([^"]+)"')


def flight_text(page: str) -> str:
    """The Next.js flight data of a page: every pushed string, unescaped and joined."""
    chunks = []
    for match in FLIGHT_CHUNK.finditer(page):
        try:
            chunks.append(json.loads(match.group(1)))
        except ValueError:
            continue
    return "".join(chunks)


def story_first_published(page: str, full_slug: str) -> str | None:
    """The first_published_at that follows `"full_slug":"<full_slug>"` before the next story's
    full_slug (Storyblok writes full_slug before first_published_at); None if there is none."""
    text = flight_text(page)
    marker = re.compile(r'"full_slug"\s*:\s*"' + re.escape(full_slug) + '"')
    for match in marker.finditer(text):
        following = text.find('"full_slug"', match.end())
        found = FIRST_PUBLISHED.search(
            text, match.end(), following if following != -1 else len(text)
        )
        if found:
            return found.group(1)
    return None


def page_slug(url: str) -> str:
    return urlsplit(url).path.strip("/")


class EuipoSpider(GenericSpider):
    name = "euipo"

    def read_release(self, response: Response) -> RawDocument:
        doc = super().read_release(response)
        doc.published = story_first_published(response.text, page_slug(response.url)) or (
            doc.published
        )
        return doc
