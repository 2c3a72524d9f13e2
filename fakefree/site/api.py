"""JSON API blueprint, /api/v1: search, one article, sources, taxonomy, statistics, and the
OpenAPI document that describes them (openapi.py). Errors share one shape (errors.py); every
answer carries validators (caching.py); CORS (cors.py) and rate limits (ratelimit.py) apply.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, url_for
from werkzeug.datastructures import MultiDict

from fakefree.index.documents import Article
from fakefree.index.fulltext import QueryError, SearchQuery, SearchResult

from .apidata import (
    article_detail,
    facets_json,
    search_hit,
    source_json,
    stats_json,
    taxonomy_json,
)
from .caching import cached_response, collection_response, content_response, versioned_etag
from .cases import article_case_fields, case_json
from .cursors import CursorError, make_cursor, read_cursor
from .db import get_search_index, get_store
from .openapi import openapi_document
from .pages import published_article_or_404
from .queries import SearchParams, parse_per_page, parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api/v1")

JSON = "application/json"
DEFAULT_PER_PAGE = 20
MAX_RESULTS = 10_000  # a cursor never goes deeper: offset + per_page stays within this
MAX_ID = 2**63 - 1  # SQLite's largest integer


def json_bytes(data: Any) -> bytes:
    return current_app.json.dumps(data).encode("utf-8")


def search_window(
    params: SearchParams, offset: int, limit: int
) -> tuple[SearchResult, list[Article]]:
    """`limit` published hits from `offset` on, and the whole search's total and facets."""
    query = replace(params.to_query(offset + limit), page=1)
    result = get_search_index().search(query)
    ids = result.ids[offset : offset + limit]
    return result, [a for a in get_store().get_articles(ids) if a.is_relevant]


def _search_args() -> tuple[SearchParams, int, int]:
    """The search, page size and offset asked for; a QueryError or CursorError if unusable."""
    args = MultiDict(request.args)
    args.poplist("page")  # the API pages with cursors only
    params = replace(parse_search_args(args), page=1)
    per_page = parse_per_page(args, DEFAULT_PER_PAGE)
    cursor = args.get("cursor", "")
    return params, per_page, read_cursor(cursor, params) if cursor else 0


def _search_body(params: SearchParams, per_page: int, offset: int) -> bytes:
    limit = max(0, min(per_page, MAX_RESULTS - offset))
    try:
        result, articles = search_window(params, offset, limit)
    except QueryError as exc:  # the words' syntax is checked by the index
        abort(400, description=str(exc))
    following = offset + per_page
    cursor = make_cursor(params, following) if following < min(result.total, MAX_RESULTS) else None
    more = dict(params.url_args(sort=params.sort), per_page=per_page, cursor=cursor)
    return json_bytes(
        {
            "total": result.total,
            "per_page": per_page,
            "results": [search_hit(a, result) for a in articles],
            "facets": facets_json(result),
            "next_cursor": cursor,
            "next": url_for("api.search", _external=True, **more) if cursor else None,
        }
    )


@bp.get("/search")
def search() -> Response:
    try:
        params, per_page, offset = _search_args()
    except (QueryError, CursorError) as exc:
        abort(400, description=str(exc))
    return collection_response(lambda: _search_body(params, per_page, offset), JSON)


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> Response:
    if article_id > MAX_ID:
        abort(404, description="There is no published release with this number.")
    found = published_article_or_404(article_id)
    case = article_case_fields(found.id)  # the release's case (issue 8)
    etag = versioned_etag(
        f"api-article-{found.id}-{found.rev}-{case['case_id']}-{case['case_size']}"
    )
    body = lambda: json_bytes({**article_detail(found), **case})  # noqa: E731
    return cached_response(body, etag, found.updated_at, JSON)


@bp.get("/cases/<int:case_id>")
def case(case_id: int) -> Response:
    """A case: its releases oldest first, the primary one, and why they were grouped."""
    data = case_json(case_id) if case_id <= MAX_ID else None
    if data is None:
        abort(404, description="There is no case with this number.")
    return content_response(json_bytes(data), JSON)


@bp.get("/sources")
def sources() -> Response:
    rows = get_store().source_health()
    return content_response(json_bytes({"sources": [source_json(r) for r in rows]}), JSON)


@bp.get("/taxonomy")
def taxonomy() -> Response:
    return content_response(json_bytes(taxonomy_json()), JSON)


def _stats_body() -> bytes:
    store = get_store()
    result = get_search_index().search(SearchQuery(per_page=1, sort="date"))
    return json_bytes(stats_json(store.count_articles(), store.month_counts(), result))


@bp.get("/stats")
def stats() -> Response:
    return collection_response(_stats_body, JSON)


@bp.get("/openapi.json")
def openapi() -> Response:
    return content_response(json_bytes(openapi_document()), JSON)
