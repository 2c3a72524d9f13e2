"""Plain HTTP for the feed and JSON-API readers: timeouts, a size cap, politeness, robots.txt.

feedparser's own fetching has no timeout, so every byte a reader parses comes through here.
One request at a time per host, with FAKEFREE_DOWNLOAD_DELAY between two; Retry-After honoured
on 429 and 503 up to FAKEFREE_RETRY_AFTER_MAX; the URLs a source polls are asked for
conditionally (`poll`, `remember`). Failures raise CrawlError with one kind from the fixed list.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import requests

from fakefree.crawler.charset import decode_body
from fakefree.crawler.conditional import CrawlContext, Validators, body_hash
from fakefree.crawler.errors import CrawlError, http_error_kind
from fakefree.crawler.mirror import from_mirror, to_mirror
from fakefree.crawler.retry_after import MAX_ATTEMPTS, wait_to_honour
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
        """The body decoded by its declared charset, else its <meta> one, else detection."""
        return decode_body(self.body, self.content_type)

    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified, body_hash(self.body))


def received_bytes(r: requests.Response, body_size: int) -> int:
    """Bytes of one answer as they came over the wire (status line, headers, body)."""
    headers = sum(len(k) + len(v) + 4 for k, v in r.headers.items())
    return len(f"HTTP/1.1 {r.status_code} {r.reason}") + 4 + headers + body_size


class Fetcher:
    """One polite HTTP client for one crawl: a session, a delay per host, robots.txt per host.

    With a CrawlContext, every answer is counted in its traffic and `poll` is conditional."""

    def __init__(
        self, settings: Settings, source_id: str = "", context: CrawlContext | None = None
    ) -> None:
        self.settings = settings
        self.source_id = source_id
        self.context = context or CrawlContext()
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
        """GET a real URL (through the mirror when one is set); raise CrawlError on failure.

        A 429 or 503 with an acceptable Retry-After is asked again after the wait."""
        if check_robots and not self.allowed(url):
            raise CrawlError("robots", f"robots.txt forbids {url}")
        waited = 0.0
        for attempt in range(1, MAX_ATTEMPTS + 1):
            r, body = self._send(url, headers)
            wait = wait_to_honour(
                r.status_code, r.headers.get("Retry-After"), waited, self.settings.retry_after_max
            )
            if wait is None or attempt == MAX_ATTEMPTS:
                break
            log.info("%s: %s: HTTP %d, retrying in %gs as Retry-After asks",
                     self.source_id, url, r.status_code, wait)  # fmt: skip
            time.sleep(wait)
            waited += wait
        if r.status_code >= 400:
            raise CrawlError(http_error_kind(r.status_code), _status_message(url, r, waited))
        content_type = r.headers.get("Content-Type", "")
        return Response(
            url=from_mirror(r.url, self.settings.mirror),
            status=r.status_code,
            body=body,
            content_type=content_type,
            encoding=requests.utils.get_encoding_from_headers(r.headers)
            if "charset" in content_type.lower()
            else None,
            etag=r.headers.get("ETag"),
            last_modified=r.headers.get("Last-Modified"),
        )

    def poll(self, url: str, *, headers: dict[str, str] | None = None) -> Response | None:
        """GET a URL the source is polled at (feed, API page, listing), asking only for a change
        since the last crawl: None when there is none (304, or the very same body)."""
        cache = self.context.cache
        known = cache.lookup(url) if cache else None
        conditional = known.request_headers() if known else {}
        response = self.get(url, headers={**(headers or {}), **conditional})
        if response.status == 304 or (known is not None and known.same_body(response.body)):
            log.info("%s: %s: unchanged since the last crawl (HTTP %d)",
                     self.source_id, url, response.status)  # fmt: skip
            return None
        return response

    def remember(self, url: str, response: Response) -> None:
        """Keep the validators of a polled URL once everything found there has been taken in."""
        if self.context.cache is not None:
            self.context.cache.save(url, response.validators())

    def _send(self, url: str, headers: dict[str, str] | None) -> tuple[requests.Response, bytes]:
        """One request, after our turn for the host; every answer is counted."""
        self._wait_turn(urlsplit(url).netloc)
        target = to_mirror(url, self.settings.mirror)
        timeout = self.settings.http_timeout
        try:
            r = self.session.get(target, headers=headers, timeout=(timeout, timeout), stream=True)
        except requests.RequestException as exc:
            self.context.traffic.add(1, 0)
            raise _request_error(url, exc, timeout) from exc
        with r:
            for earlier in r.history:  # redirects are answers too
                self.context.traffic.add(1, received_bytes(earlier, len(earlier.content)))
            try:
                return r, self._read_capped(r, url)
            except requests.RequestException as exc:
                raise _request_error(url, exc, timeout) from exc

    def _read_capped(self, r: requests.Response, url: str) -> bytes:
        limit = self.settings.max_response_bytes
        declared = r.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            self.context.traffic.add(1, received_bytes(r, 0))
            raise CrawlError("too_large", f"{url}: {declared} bytes declared, limit {limit}")
        chunks, size = [], 0
        try:
            for chunk in r.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise CrawlError("too_large", f"{url}: body over {limit} bytes")
                chunks.append(chunk)
        finally:
            self.context.traffic.add(1, received_bytes(r, size))
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


def _status_message(url: str, r: requests.Response, waited: float) -> str:
    message = f"{url}: HTTP {r.status_code}"
    retry_after = r.headers.get("Retry-After")
    if r.status_code in (429, 503) and retry_after:
        message += f" (Retry-After {retry_after.strip()!r}"
        message += f" after waiting {waited:g}s)" if waited else "; longer than we wait)"
    return message


def _request_error(url: str, exc: requests.RequestException, timeout: float) -> CrawlError:
    """The CrawlError for a request that got no (complete) answer."""
    if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
        return CrawlError("timeout", f"{url}: no answer within {timeout:g}s")
    if isinstance(exc, requests.TooManyRedirects):
        return CrawlError("network", f"{url}: too many redirects")
    return CrawlError("network", f"{url}: {type(exc).__name__}: {exc}")
