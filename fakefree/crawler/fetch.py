"""Plain HTTP for the feed and JSON-API readers: timeouts, a size cap, politeness, robots.txt.

feedparser's own fetching has no timeout, so every byte a reader parses comes through here.
Failures raise CrawlError with one kind from the fixed list.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import requests

from fakefree.crawler.errors import CrawlError, http_error_kind
from fakefree.crawler.mirror import from_mirror, to_mirror
from fakefree.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Response:
    url: str  # the real URL (never the mirror's)
    status: int
    body: bytes
    content_type: str
    encoding: str | None  # declared in the Content-Type header, if any
    etag: str | None = None
    last_modified: str | None = None

    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8, else cp1252 (never fails)."""
        for enc in (self.encoding, "utf-8"):
            if enc:
                try:
                    return self.body.decode(enc)
                except (LookupError, UnicodeDecodeError):
                    continue
        return self.body.decode("cp1252", errors="replace")


class Fetcher:
    """One polite HTTP client for one crawl: a session, a delay per host, robots.txt per host."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.max_redirects = 5
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, *, headers: dict[str, str] | None = None, check_robots: bool = True
    ) -> Response:
        """GET a real URL (through the mirror when one is set); raise CrawlError on failure."""
        if check_robots and not self.allowed(url):
            raise CrawlError("robots", f"robots.txt forbids {url}")
        self._wait_turn(urlsplit(url).netloc)
        target = to_mirror(url, self.settings.mirror)
        timeout = self.settings.http_timeout
        try:
            with self.session.get(
                target, headers=headers, timeout=(timeout, timeout), stream=True
            ) as r:
                body = self._read_capped(r, url)
        except requests.Timeout as exc:
            raise CrawlError("timeout", f"{url}: no answer within {timeout:g}s") from exc
        except requests.TooManyRedirects as exc:
            raise CrawlError("network", f"{url}: too many redirects") from exc
        except requests.RequestException as exc:
            raise CrawlError("network", f"{url}: {type(exc).__name__}: {exc}") from exc
        if r.status_code >= 400:
            raise CrawlError(http_error_kind(r.status_code), f"{url}: HTTP {r.status_code}")
        return Response(
            url=from_mirror(r.url, self.settings.mirror),
            status=r.status_code,
            body=body,
            content_type=r.headers.get("Content-Type", ""),
            encoding=requests.utils.get_encoding_from_headers(r.headers)
            if "charset" in r.headers.get("Content-Type", "").lower()
            else None,
            etag=r.headers.get("ETag"),
            last_modified=r.headers.get("Last-Modified"),
        )

    def _read_capped(self, r: requests.Response, url: str) -> bytes:
        limit = self.settings.max_response_bytes
        declared = r.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise CrawlError("too_large", f"{url}: {declared} bytes declared, limit {limit}")
        chunks, size = [], 0
        for chunk in r.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise CrawlError("too_large", f"{url}: body over {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            if last is not None:
                pause = self.settings.download_delay - (now - last)
                if pause > 0:
                    time.sleep(pause)
            self._last_request[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch `url` (no robots.txt: allowed)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(key)
        if parser is None:
            parser = RobotFileParser()
            try:
                resp = self.get(f"{key}/robots.txt", check_robots=False)
                parser.parse(resp.text().splitlines())
            except CrawlError as exc:
                if exc.kind == "http_5xx":
                    # RFC 9309: a server error on robots.txt means crawl nothing for now; the
                    # failure is the server's, so report it as such (and ask again next time).
                    raise CrawlError(
                        "http_5xx", f"{url}: robots.txt unavailable ({exc.message})"
                    ) from exc
                parser.allow_all = True  # none, or unreachable: the page request will tell
            self._robots[key] = parser
        return parser.can_fetch(self.settings.user_agent, url)
