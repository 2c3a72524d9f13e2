"""Pages blueprint: home, one article, the sources' health, about."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from fakefree.index.documents import Article
from fakefree.index.fact_text import describe_facts

from .caching import cached_response, collection_version, versioned_etag
from .db import get_store
from .health import find_outage
from .labels import TAXONOMY_KINDS

bp = Blueprint("pages", __name__)

LATEST_COUNT = 20
TAG_COUNT_LIMIT = 12


def published_article_or_404(article_id: int) -> Article:
    """The article if it exists and is published; anything else is a 404, never a hint."""
    article = get_store().get_article(article_id)
    if article is None or not article.is_relevant:
        abort(404, description="There is no published release with this number.")
    return article


def _render_home() -> str:
    store = get_store()
    return render_template(
        "pages/home.html",
        articles=store.latest_articles(limit=LATEST_COUNT),
        total=store.count_articles(),
        country_counts=store.tag_counts("countries", limit=TAG_COUNT_LIMIT),
        sector_counts=store.tag_counts("sectors", limit=TAG_COUNT_LIMIT),
        outage=find_outage(store.source_health()),
    )


@bp.get("/")
def home() -> Response:
    etag, last_modified = collection_version(with_health=True)
    return cached_response(_render_home, etag, last_modified)


def _other_evidence(article: Article) -> dict[str, list[str]]:
    """Evidence whose key is not one of the article's shown tags (relevance rules and the like)."""
    shown = {f"{kind}:{tag}" for kind in TAXONOMY_KINDS for tag in getattr(article, kind)}
    return {key: words for key, words in article.evidence.items() if key not in shown}


def _render_article(found: Article) -> str:
    return render_template(
        "pages/article.html",
        article=found,
        tag_kinds=TAXONOMY_KINDS,
        other_evidence=_other_evidence(found),
        facts=describe_facts(found.facts),
    )


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> Response:
    found = published_article_or_404(article_id)
    etag = versioned_etag(f"article-{found.id}-{found.rev}")
    return cached_response(lambda: _render_article(found), etag, found.updated_at)


@bp.get("/sources")
def sources() -> str:
    return render_template("pages/sources.html", rows=get_store().source_health())


@bp.get("/about")
def about() -> str:
    return render_template("pages/about.html", tag_kinds=TAXONOMY_KINDS)
