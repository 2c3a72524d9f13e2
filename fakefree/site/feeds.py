"""Feeds blueprint: Atom and RSS 2.0 for the latest releases and for any search."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, request, url_for

from fakefree.index.documents import Article
from fakefree.index.fulltext import QueryError

from .caching import cached_response, collection_version
from .db import get_store
from .feedwriter import MIMETYPES, FeedCategory, FeedInfo, FeedItem, render_feed
from .labels import TAXONOMY_KINDS, tag_label
from .queries import SearchParams, parse_search_args, run_search
from .templating import SITE_NAME

bp = Blueprint("feeds", __name__)

FEED_SIZE = 50
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _categories(article: Article) -> tuple[FeedCategory, ...]:
    about = url_for("pages.about", _external=True)
    return tuple(
        FeedCategory(term=tag, label=tag_label(kind, tag), scheme=f"{about}#{kind}")
        for kind in TAXONOMY_KINDS
        for tag in getattr(article, kind)
    )


def feed_item(article: Article) -> FeedItem:
    """An article as a feed entry, with absolute links to our page and to the original."""
    page = url_for("pages.article", article_id=article.id, _external=True)
    return FeedItem(
        id=page,
        link=page,
        original_url=article.url,
        title=article.title,
        summary=article.summary,
        language=article.language,
        published=article.published_at or article.fetched_at,
        updated=article.updated_at,
        agency=article.agency,
        agency_homepage=article.agency_homepage,
        categories=_categories(article),
    )


def _latest_updated(articles: list[Article], fallback: datetime | None) -> datetime:
    """The feed's <updated>: its newest entry's (an entry never seems updated before it appeared)."""
    moments = (max(a.updated_at, a.published_at or a.updated_at) for a in articles)
    return max(moments, default=fallback or _EPOCH)


def _latest_feed(fmt: str, last_modified: datetime | None) -> bytes:
    articles = get_store().latest_articles(limit=FEED_SIZE)
    info = FeedInfo(
        title=f"{SITE_NAME}: latest IP enforcement actions",
        subtitle="Press releases on arrests, seizures, charges and sentences for counterfeiting,"
        " piracy and trade-secret theft, from agencies worldwide.",
        self_url=url_for("feeds.latest", fmt=fmt, _external=True),
        html_url=url_for("pages.home", _external=True),
        language="en",
        updated=_latest_updated(articles, last_modified),
        items=[feed_item(a) for a in articles],
    )
    return render_feed(info, fmt)


@bp.get("/feeds/latest.<any(atom, rss):fmt>")
def latest(fmt: str) -> Response:
    etag, last_modified = collection_version(get_store())
    return cached_response(
        lambda: _latest_feed(fmt, last_modified), etag, last_modified, MIMETYPES[fmt]
    )


def _search_feed_title(params: SearchParams) -> str:
    chosen = [tag_label(field, v) for field, values in params.filters.items() for v in values]
    words = [f"“{params.text}”"] if params.text else []
    return f"{SITE_NAME}: search {' · '.join(words + chosen) or 'all releases'}"


def _feed_params() -> SearchParams:
    """The search's parameters; a feed always starts at page 1 and is newest first by default."""
    params = parse_search_args(request.args)
    sort = params.sort if "sort" in request.args else "date"
    return replace(params, sort=sort, page=1)


def _search_feed(params: SearchParams, fmt: str, last_modified: datetime | None) -> bytes:
    result, articles = run_search(params, FEED_SIZE)
    languages = params.filters.get("language", ())
    info = FeedInfo(
        title=_search_feed_title(params),
        subtitle=f"{result.total} releases match this search.",
        self_url=url_for("feeds.search", fmt=fmt, _external=True, **params.url_args()),
        html_url=url_for("search.search", _external=True, **params.url_args()),
        language=languages[0] if len(languages) == 1 else "en",
        updated=_latest_updated(articles, last_modified),
        items=[feed_item(a) for a in articles],
    )
    return render_feed(info, fmt)


@bp.get("/search.<any(atom, rss):fmt>")
def search(fmt: str) -> Response:
    try:
        params = _feed_params()
        etag, last_modified = collection_version(get_store())
        return cached_response(
            lambda: _search_feed(params, fmt, last_modified), etag, last_modified, MIMETYPES[fmt]
        )
    except QueryError as exc:
        abort(400, description=str(exc))
