"""JSON API blueprint, /api/v1: search and one article. Errors share one shape (see errors.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request, url_for

from fakefree.index.documents import Article
from fakefree.index.fulltext import QueryError, SearchResult
from fakefree.index.sanitize import sanitize_html
from fakefree.index.store import TAG_COLUMNS, to_iso

from .labels import tag_label
from .pages import published_article_or_404
from .queries import PARAM_FOR_FIELD, parse_per_page, parse_search_args, run_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DEFAULT_PER_PAGE = 20
_LIST_TAGS = ("countries", "sectors", "ip_types", "actions")


def article_summary(article: Article) -> dict[str, Any]:
    """An article as a search result: what a listing needs, with both links."""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "summary": article.summary,
        "published_at": to_iso(article.published_at),
        "language": article.language,
        "agency": article.agency,
        "source_id": article.source_id,
        "jurisdiction": article.jurisdiction,
        **{kind: list(getattr(article, kind)) for kind in _LIST_TAGS},
        "link": url_for("pages.article", article_id=article.id, _external=True),
    }


def article_detail(article: Article) -> dict[str, Any]:
    """Every public field of an article, its evidence and its text."""
    return {
        **article_summary(article),
        "agency_homepage": article.agency_homepage,
        **{kind: list(getattr(article, kind)) for kind in TAG_COLUMNS},
        "fetched_at": to_iso(article.fetched_at),
        "updated_at": to_iso(article.updated_at),
        "relevance_score": article.relevance_score,
        "evidence": article.evidence,
        "body_text": article.body_text,
        "body_html": sanitize_html(article.body_html, article.url),
    }


def facets_json(result: SearchResult) -> dict[str, list[dict[str, Any]]]:
    """Facets keyed by their URL parameter (country, sector, ...), each value with its label."""
    return {
        PARAM_FOR_FIELD[field]: [
            {"value": value, "label": tag_label(field, value), "count": count}
            for value, count in counts
        ]
        for field, counts in result.facets.items()
        if field in PARAM_FOR_FIELD
    }


@bp.get("/search")
def search() -> dict[str, Any]:
    try:
        params = parse_search_args(request.args)
        per_page = parse_per_page(request.args, DEFAULT_PER_PAGE)
        result, articles = run_search(params, per_page)
    except QueryError as exc:
        abort(400, description=str(exc))
    return {
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "per_page": result.per_page,
        "results": [article_summary(a) for a in articles],
        "facets": facets_json(result),
    }


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> dict[str, Any]:
    return article_detail(published_article_or_404(article_id))
