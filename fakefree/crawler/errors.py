"""The short fixed list of reasons a crawl fails, kept per source and shown to operators."""

from __future__ import annotations

ERROR_KINDS = ("network", "timeout", "http_4xx", "http_5xx", "robots", "parse", "too_large")


class CrawlError(Exception):
    """A failure of one kind from ERROR_KINDS, with a message naming the URL."""

    def __init__(self, kind: str, message: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


def http_error_kind(status: int) -> str:
    return "http_5xx" if status >= 500 else "http_4xx"
