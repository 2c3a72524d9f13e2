"""Incremental crawling: the validators of the URLs a source polls, and the traffic of a crawl.

Every crawl polls a few URLs (feeds, API pages, listing pages). The validators of each one
(ETag, Last-Modified and a hash of the body) are kept in the store's `http_cache` table, but only
once everything found at that URL has been taken in, so a crawl that dies half-way asks again.
The next crawl sends If-None-Match / If-Modified-Since: a 304, or a body with the same hash,
means nothing new there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from fakefree.index.store import Store

CONDITIONAL_FLAG = "--conditional"  # tells a crawl child to ask with the stored validators


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None

    def request_headers(self) -> dict[str, str]:
        """The conditional headers that ask for the resource only if it has changed."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def same_body(self, body: bytes) -> bool:
        return self.content_hash is not None and self.content_hash == body_hash(body)

    def to_dict(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified,
                "content_hash": self.content_hash}  # fmt: skip


class HttpCache:
    """The validators kept in the store for one source's polled URLs (real URLs, never the
    mirror's). Each source keeps its own: two sources reading one feed differently must not
    take each other's 304s, so the key is the URL with `#source=ID` appended."""

    def __init__(self, store: Store, source_id: str) -> None:
        self.store = store
        self.source_id = source_id

    def key(self, url: str) -> str:
        return f"{url}#source={self.source_id}"

    def lookup(self, url: str) -> Validators | None:
        row = self.store.http_validators(self.key(url))
        if row is None:
            return None
        return Validators(row["etag"], row["last_modified"], row["content_hash"])

    def save(self, url: str, validators: Validators) -> None:
        self.store.save_http_validators(
            self.key(url), validators.etag, validators.last_modified, validators.content_hash
        )


@dataclass
class Traffic:
    """Requests sent and bytes received (status line, headers and body) by one crawl."""

    requests: int = 0
    bytes_received: int = 0

    def add(self, requests: int, bytes_received: int) -> None:
        self.requests += requests
        self.bytes_received += bytes_received


@dataclass
class CrawlContext:
    """What a reader gets besides its source: the validators of earlier crawls (None: poll
    unconditionally and keep nothing) and the traffic counters of this crawl."""

    cache: HttpCache | None = None
    traffic: Traffic = field(default_factory=Traffic)
