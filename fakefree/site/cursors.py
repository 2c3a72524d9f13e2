"""Opaque, tamper-evident cursors for the API's pagination.

A cursor carries the offset of the next result and a fingerprint of the query it belongs to
(words, filters, order), signed with the app's secret key (itsdangerous, which Flask ships).
A cursor that was altered, or that belongs to another query, is refused with a CursorError.
"""

from __future__ import annotations

import hashlib
import json

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from .queries import SearchParams

_SALT = "fakefree.api.cursor.v1"


class CursorError(ValueError):
    """A cursor that cannot be used; the message is fit to show the API's user."""


def query_fingerprint(params: SearchParams) -> str:
    """A short hash of what decides the results' order: words, filters, sort (not the page)."""
    text = json.dumps([params.text, sorted(params.filters.items()), params.sort])
    if params.has_period:  # the date range (kept out when absent: older cursors stay valid)
        text += json.dumps([params.date_from, params.date_to])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def make_cursor(params: SearchParams, offset: int) -> str:
    return _serializer().dumps({"o": offset, "q": query_fingerprint(params)})


def read_cursor(cursor: str, params: SearchParams) -> int:
    """The offset a cursor points at, if it is ours and belongs to this very query."""
    try:
        data = _serializer().loads(cursor)
    except BadSignature as exc:
        raise CursorError("The cursor is not valid: use next_cursor as it was returned.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("o"), int) or data["o"] < 0:
        raise CursorError("The cursor is not valid: use next_cursor as it was returned.")
    if data.get("q") != query_fingerprint(params):
        raise CursorError(
            "The cursor belongs to another search: keep q, the filters and sort unchanged"
            " when following next_cursor."
        )
    return data["o"]
