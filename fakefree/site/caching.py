"""Conditional GET for cacheable pages, feeds and API listings: ETag + Last-Modified, 304,
Cache-Control; and the per-process cache of rendered bodies.

The validators come from the store: the highest article revision changes with every article
write, so an ETag made of it, the site's version and the request's normalised path and query
changes exactly when what a feed or a listing shows can change. Reading them costs two indexed
`max()` queries on a connection kept open per thread; a 304 renders nothing.

HTML pages (and chart SVGs) are rendered in the reader's language at the same URL: their ETags
and cache keys include the language, and they say `Vary: Accept-Language, Cookie`, so a French
page is never served for an English one (feeds, CSV and the API do not change with the language
and do not vary).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version as _package_version
from pathlib import Path

from flask import Response, request
from werkzeug.http import http_date, is_resource_modified, quote_etag

from fakefree.index.store import Store

from .db import get_settings
from .i18n import current_language, mark_varying

MAX_AGE = 300
# Part of every ETag, so that a new release of the site (new templates) invalidates old copies.
SITE_VERSION = _package_version("fakefree")
_CACHE_CONTROL = f"public, max-age={MAX_AGE}"
RENDER_CACHE_ENTRIES = 512
RENDER_CACHE_BYTES = 64 * 1024 * 1024
_KEPT_STORES = 4  # validator connections kept per thread (one per data directory in use)
HTML = "text/html"
# Bodies that hold interface text, rendered in the reader's language (a chart's SVG has titles).
LANGUAGE_MIMETYPES = frozenset((HTML, "image/svg+xml"))


def versioned_etag(*parts: str) -> str:
    """A short ETag from `parts` and the site's version."""
    text = "|".join((SITE_VERSION, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class CollectionState:
    """What the validators of everything derived from the collection are made of."""

    rev: int
    last_modified: datetime | None


_local = threading.local()


def _validator_store(path: Path) -> Store:
    """A Store kept open for this thread and process (validators are read on every request)."""
    stores: OrderedDict[tuple[int, Path], Store] = _local.__dict__.setdefault(
        "stores", OrderedDict()
    )
    key = (os.getpid(), path)
    if key in stores:
        stores.move_to_end(key)
        return stores[key]
    stores[key] = Store(path)
    while len(stores) > _KEPT_STORES:
        _, oldest = stores.popitem(last=False)
        oldest.close()
    return stores[key]


def collection_state() -> CollectionState:
    store = _validator_store(get_settings().db_path)
    return CollectionState(rev=store.max_rev(), last_modified=store.last_change())


def request_key() -> tuple[str, str, str]:
    """The request's host, path, and query with the parameters sorted (order does not matter).

    The host is part of it because bodies hold absolute URLs built from it: a request with
    another Host header must never get, nor leave in the cache, a body made for another host.
    """
    args = sorted(request.args.items(multi=True))
    return f"{request.scheme}://{request.host}", request.path, "&".join(f"{k}={v}" for k, v in args)


def collection_version(with_health: bool = False) -> tuple[str, datetime | None]:
    """An ETag and a Last-Modified for a page derived from the collection (and, with
    `with_health`, from the sources' last crawls, which the home page's banner shows)."""
    state = collection_state()
    parts = [str(state.rev), *request_key()]
    last_modified = state.last_modified
    if with_health:
        last_run = _validator_store(get_settings().db_path).last_run_at()
        parts.append(str(last_run))
        last_modified = max(filter(None, [last_modified, last_run]), default=None)
    return versioned_etag(*parts), last_modified


def with_validators(response: Response, etag: str, last_modified: datetime | None) -> Response:
    """Set ETag, Last-Modified and Cache-Control (public, MAX_AGE) on `response`."""
    headers = response.headers  # set as text: the properties cost a third of a 304
    headers["ETag"] = quote_etag(etag)
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    headers["Cache-Control"] = _CACHE_CONTROL
    return response


def language_parts(mimetype: str, per_language: bool | None = None) -> tuple[str, ...]:
    """What an ETag or cache key needs besides the URL: the interface language, for bodies
    that hold interface text (`per_language`; by default HTML and SVG)."""
    if per_language is None:
        per_language = mimetype in LANGUAGE_MIMETYPES
    return ("lang", current_language()) if per_language else ()


def cached_response(
    render: Callable[[], str | bytes],
    etag: str,
    last_modified: datetime | None,
    mimetype: str = HTML,
    per_language: bool | None = None,
) -> Response:
    """Answer 304 when the client's copy is current; otherwise call `render` for the body.

    A body in the reader's language (HTML and SVG unless `per_language` says otherwise) gets an
    ETag per language, and the answer, 304 included, says it varies with the language."""
    language = language_parts(mimetype, per_language)
    if language:
        etag = versioned_etag(etag, *language)
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = with_validators(Response(status=304), etag, last_modified)
    else:
        response = with_validators(Response(render(), mimetype=mimetype), etag, last_modified)
        response = response.make_conditional(request)
    return mark_varying(response) if language else response


class RenderCache:
    """Bodies this process rendered, by key; the least recently used go first past the bounds."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._bodies: OrderedDict[object, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_or_render(self, key: object, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._bodies:
                self._bodies.move_to_end(key)
                return self._bodies[key]
        body = render()  # outside the lock: two threads may render the same body once each
        with self._lock:
            if key not in self._bodies:
                self._bodies[key] = body
                self._size += len(body)
            while self._bodies and (
                len(self._bodies) > self.max_entries or self._size > self.max_bytes
            ):
                _, old = self._bodies.popitem(last=False)
                self._size -= len(old)
        return body

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._size = 0


RENDERED = RenderCache(RENDER_CACHE_ENTRIES, RENDER_CACHE_BYTES)


def collection_response(render: Callable[[], bytes], mimetype: str) -> Response:
    """A response derived from the collection and the request's URL only (feeds, listings):
    validators from the store's revision, and the body rendered once per process and revision."""
    state = collection_state()
    language = language_parts(mimetype)
    key = (*request_key(), *language)
    etag = versioned_etag(str(state.rev), *key)
    cache_key = (get_settings().db_path, *key, state.rev)
    return cached_response(
        lambda: RENDERED.get_or_render(cache_key, render),
        etag,
        state.last_modified,
        mimetype,
        per_language=bool(language),
    )


def content_response(body: bytes, mimetype: str) -> Response:
    """A response whose ETag is a hash of its body (for what the revision does not cover)."""
    etag = versioned_etag(hashlib.sha256(body).hexdigest())
    return cached_response(lambda: body, etag, None, mimetype)
