"""A Scrapy downloader middleware that sends every request to the local mirror.

Active when FAKEFREE_MIRROR is set. It sits after every built-in middleware, so robots.txt,
retries and the user agent all work on the real URL; it then re-issues the request at
MIRROR/HOST/PATH?QUERY (robots.txt requests included) and gives the answer back under the real
URL, so spiders only ever see the agencies' addresses.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from fakefree.crawler.mirror import from_mirror, to_mirror

log = logging.getLogger(__name__)

REAL_URL_META = "fakefree_real_url"
PRIORITY = 950  # after the built-in downloader middlewares (the last of them, HttpCache, is 900)


def real_url(request: Request) -> str:
    """The real URL behind a request, mirrored or not."""
    return request.meta.get(REAL_URL_META, request.url)


class MirrorMiddleware:
    def __init__(self, mirror: str) -> None:
        self.mirror = mirror.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirror = crawler.settings.get("FAKEFREE_MIRROR", "")
        if not mirror:
            raise NotConfigured("no mirror set")
        return cls(mirror)

    def process_request(self, request: Request, spider: object = None) -> Request | None:
        if REAL_URL_META in request.meta or request.url.startswith(self.mirror + "/"):
            return None
        meta = {
            **request.meta,
            REAL_URL_META: request.url,
            "dont_obey_robotstxt": True,  # robots.txt was checked on the real URL already
            "allow_offsite": True,
        }
        log.debug("mirror: %s -> %s", request.url, to_mirror(request.url, self.mirror))
        return request.replace(url=to_mirror(request.url, self.mirror), meta=meta, dont_filter=True)

    def process_response(
        self, request: Request, response: Response, spider: object = None
    ) -> Response:
        if not response.url.startswith(self.mirror + "/"):
            return response
        return response.replace(url=from_mirror(response.url, self.mirror))
