"""CSV export of any search (/search.csv?...): every matching release, one row each, streamed.

The rows are written as the store yields them, a batch at a time, so a large export never sits
in memory. Cells that a spreadsheet would take for a formula (=, +, -, @ first) are prefixed
with an apostrophe: an export must never run code on a journalist's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace

from flask import Blueprint, Response, abort, request, stream_with_context, url_for
from werkzeug.http import is_resource_modified

from fakefree.index.documents import Article
from fakefree.index.fulltext import QueryError
from fakefree.index.store import to_iso

from .caching import collection_state, request_key, versioned_etag, with_validators
from .db import get_search_index, get_store
from .feedwriter import xml_text
from .labels import tag_label
from .queries import SearchParams, parse_search_args

bp = Blueprint("exports", __name__)

MAX_ROWS = 50_000
BATCH = 200
CSV_FIELDS = (
    "id", "published_at", "title", "summary", "agency", "source_id", "jurisdiction", "language",
    "countries", "country_names", "origin_countries", "sectors", "ip_types", "actions",
    "original_url", "fakefree_url", "updated_at",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell's text without control characters, never read as a formula by a spreadsheet."""
    text = xml_text("" if value is None else str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(article: Article) -> list[str]:
    joined = {kind: "; ".join(getattr(article, kind)) for kind in (
        "countries", "origin_countries", "sectors", "ip_types", "actions")}  # fmt: skip
    values = {
        **joined,
        "id": article.id,
        "published_at": to_iso(article.published_at),
        "title": article.title,
        "summary": article.summary,
        "agency": article.agency,
        "source_id": article.source_id,
        "jurisdiction": article.jurisdiction,
        "language": article.language,
        "country_names": "; ".join(tag_label("countries", c) for c in article.countries),
        "original_url": article.url,
        "fakefree_url": url_for("pages.article", article_id=article.id, _external=True),
        "updated_at": to_iso(article.updated_at),
    }
    return [safe_cell(values[name]) for name in CSV_FIELDS]


def _matching_ids(params: SearchParams) -> list[int]:
    query = replace(params, page=1).to_query(per_page=MAX_ROWS)
    return get_search_index().search(query).ids


def csv_lines(ids: list[int]) -> Iterator[str]:
    """The header, then one line per published article, BATCH articles per store read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for start in range(0, len(ids), BATCH):
        for article in get_store().get_articles(ids[start : start + BATCH]):
            if article.is_relevant:
                writer.writerow(csv_row(article))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@bp.get("/search.csv")
def search_csv() -> Response:
    state = collection_state()
    etag = versioned_etag(str(state.rev), *request_key())
    if not is_resource_modified(request.environ, etag=etag, last_modified=state.last_modified):
        return with_validators(Response(status=304), etag, state.last_modified)
    try:
        ids = _matching_ids(parse_search_args(request.args))
    except QueryError as exc:
        abort(400, description=str(exc))
    response = Response(stream_with_context(csv_lines(ids)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="fakefree-search.csv"'
    response.headers["X-Total-Count"] = str(len(ids))
    return with_validators(response, etag, state.last_modified)
