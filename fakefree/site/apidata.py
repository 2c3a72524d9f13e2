"""What the JSON API returns, as JSON-ready dicts: articles, facets, sources, the taxonomy and
statistics. Field names and order are those of the OpenAPI document (openapi.py)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from fakefree.index.documents import Article
from fakefree.index.fulltext import LANGUAGES, SearchResult
from fakefree.index.sanitize import sanitize_html
from fakefree.index.store import TAG_COLUMNS, to_iso

from .facets import site_taxonomy
from .hits import make_hit, parts_html
from .labels import TAXONOMY_KINDS, language_name, tag_label
from .queries import PARAM_FOR_FIELD

_LIST_TAGS = ("countries", "sectors", "ip_types", "actions")
SOURCE_FIELDS = (
    "id", "name", "agency", "jurisdiction", "homepage", "enabled", "interval_minutes",
    "last_run_at", "last_success_at", "last_error_at", "last_error_kind", "last_error_message",
    "consecutive_failures", "items_found", "items_new", "published",
)  # fmt: skip


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


def search_hit(article: Article, result: SearchResult) -> dict[str, Any]:
    """A search result with `snippet`: HTML of escaped text, the query's words in <mark>."""
    snippet = parts_html(make_hit(article, result).snippet)
    return {**article_summary(article), "snippet": str(snippet)}


def facets_json(result: SearchResult) -> dict[str, list[dict[str, Any]]]:
    """Facets keyed by their URL parameter (country, sector, ..., year), each value labelled."""
    return {
        PARAM_FOR_FIELD.get(field, field): [
            {"value": value, "label": tag_label(field, value), "count": count}
            for value, count in counts
        ]
        for field, counts in result.facets.items()
        if field in PARAM_FOR_FIELD or field == "year"
    }


def source_status(row: dict[str, Any]) -> str:
    """One word for a source's health: disabled, never_run, failing or ok."""
    if not row["enabled"]:
        return "disabled"
    if not row["last_run_at"]:
        return "never_run"
    return "failing" if row["consecutive_failures"] else "ok"


def source_json(row: dict[str, Any]) -> dict[str, Any]:
    item = {name: row[name] for name in SOURCE_FIELDS}
    item["enabled"] = bool(row["enabled"])
    item["status"] = source_status(row)
    return item


def taxonomy_json() -> dict[str, list[dict[str, Any]]]:
    """Every tag id of every kind with its labels in English, French and Spanish."""
    taxonomy = site_taxonomy()
    kinds: dict[str, list[dict[str, Any]]] = {
        kind: [
            {"id": tag, "labels": {lang: taxonomy.label(kind, tag, lang) for lang in LANGUAGES}}
            for tag in taxonomy.ids(kind)
        ]
        for kind in TAXONOMY_KINDS
    }
    kinds["languages"] = [{"id": lang, "label": language_name(lang)} for lang in LANGUAGES]
    return kinds


def stats_json(total: int, by_month: list[tuple[str, int]], result: SearchResult) -> dict[str, Any]:
    """The collection's figures: how many releases, per month, and per facet value."""
    return {
        "total": total,
        "by_month": [{"month": month, "count": count} for month, count in by_month],
        "by_facet": facets_json(result),
    }
