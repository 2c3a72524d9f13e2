"""Conditional GET for cacheable pages and feeds: ETag + Last-Modified, 304, Cache-Control.

The validators come from the store (the highest article revision, the article count and the
sources' last crawl), so they change exactly when what a page shows can change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from importlib.metadata import version as _package_version

from flask import Response, request
from werkzeug.http import is_resource_modified

from fakefree.index.store import Store, from_iso

MAX_AGE = 300
# Part of every ETag, so that a new release of the site (new templates) invalidates old copies.
SITE_VERSION = _package_version("fakefree")


def versioned_etag(*parts: str) -> str:
    """A short ETag from `parts` and the site's version."""
    text = "|".join((SITE_VERSION, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def collection_version(store: Store, with_health: bool = False) -> tuple[str, datetime | None]:
    """An ETag and a Last-Modified for everything derived from the collection at this moment."""
    parts = [str(store.max_rev()), str(store.count_articles(relevant_only=False))]
    last_modified = store.last_change()
    if with_health:
        last_run = max((r["last_run_at"] or "" for r in store.source_health()), default="")
        parts.append(last_run)
        last_modified = max(filter(None, [last_modified, from_iso(last_run)]), default=None)
    parts.append(request.full_path)
    return versioned_etag(*parts), last_modified


def cached_response(
    render: Callable[[], str | bytes],
    etag: str,
    last_modified: datetime | None,
    mimetype: str = "text/html",
) -> Response:
    """Answer 304 when the client's copy is current; otherwise call `render` for the body."""
    response = Response(mimetype=mimetype)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    if is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response.set_data(render())
    return response.make_conditional(request)
