"""Feeds blueprint: Atom, RSS 2.0 and JSON Feed 1.1 for the latest releases, for each facet
value (/feeds/country/MX.atom ...) and for any search; an OPML file of the facet feeds.

Every feed answers conditional requests from the store's revision, and is rendered once per
process and revision (caching.collection_response).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, request, url_for

from fakefree.index.documents import Article
from fakefree.index.fulltext import LANGUAGES, QueryError

from .caching import collection_response
from .cases import feed_entries, feed_size
from .db import get_store
from .facets import FACETS, known_value_or_404, site_taxonomy
from .feedwriter import MIMETYPES, FeedCategory, FeedInfo, FeedItem, render_feed
from .jsonfeed import render_json_feed
from .labels import TAXONOMY_KINDS, agency_names, kind_name, tag_label
from .opml import OPML_MIMETYPE, OpmlFeed, OpmlGroup, render_opml
from .queries import SearchParams, parse_search_args, run_search
from .templating import SITE_NAME

bp = Blueprint("feeds", __name__)

FEED_SIZE = 50
FEED_FORMATS = ("atom", "rss", "json")
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


def _latest_updated(articles: list[Article]) -> datetime:
    """The feed's <updated>: its newest entry's (an entry never seems updated before it appeared)."""
    moments = (max(a.updated_at, a.published_at or a.updated_at) for a in articles)
    return max(moments, default=_EPOCH)


def _render(fmt: str, articles: list[Article], **info: Any) -> bytes:
    feed = FeedInfo(
        **info, updated=_latest_updated(articles), items=[feed_item(a) for a in articles]
    )
    return render_json_feed(feed) if fmt == "json" else render_feed(feed, fmt)


def _latest_feed(fmt: str) -> bytes:
    return _render(
        fmt,
        feed_entries(get_store().latest_articles(limit=feed_size(FEED_SIZE)), FEED_SIZE),
        title=f"{SITE_NAME}: latest IP enforcement actions",
        subtitle="Press releases on arrests, seizures, charges and sentences for counterfeiting,"
        " piracy and trade-secret theft, from agencies worldwide.",
        self_url=url_for("feeds.latest", fmt=fmt, _external=True),
        html_url=url_for("pages.home", _external=True),
        language="en",
    )


@bp.get("/feeds/latest.<any(atom, rss, json):fmt>")
def latest(fmt: str) -> Response:
    return collection_response(lambda: _latest_feed(fmt), MIMETYPES[fmt])


def _search_feed(params: SearchParams, fmt: str, title: str, self_url: str) -> bytes:
    try:
        result, articles = run_search(params, feed_size(FEED_SIZE))
        articles = feed_entries(articles, FEED_SIZE)  # ?per=case: one entry per case (issue 8)
    except QueryError as exc:
        abort(400, description=str(exc))
    languages = params.filters.get("language", ())
    return _render(
        fmt,
        articles,
        title=title,
        subtitle=f"{result.total} releases match this search.",
        self_url=self_url,
        html_url=url_for("search.search", _external=True, **params.url_args()),
        language=languages[0] if len(languages) == 1 and languages[0] in LANGUAGES else "en",
    )


def _facet_feed(facet: str, value: str, fmt: str) -> bytes:
    field = FACETS[facet]
    known_value_or_404(field, value)
    params = SearchParams(text="", filters={field: (value,)}, sort="date", page=1)
    title = f"{SITE_NAME}: {kind_name(field)} · {tag_label(field, value)}"
    self_url = url_for("feeds.facet", facet=facet, value=value, fmt=fmt, _external=True)
    return _search_feed(params, fmt, title, self_url)


@bp.get(
    "/feeds/<any(country, sector, ip_type, action, agency, language):facet>/<value>.<any(atom, rss, json):fmt>"
)
def facet(facet: str, value: str, fmt: str) -> Response:
    return collection_response(lambda: _facet_feed(facet, value, fmt), MIMETYPES[fmt])


def search_feed_title(params: SearchParams) -> str:
    chosen = [tag_label(field, v) for field, values in params.filters.items() for v in values]
    words = [f"“{params.text}”"] if params.text else []
    if params.has_period:
        chosen.append(f"{params.date_from or '…'} – {params.date_to or '…'}")
    return f"{SITE_NAME}: search {' · '.join(words + chosen) or 'all releases'}"


def feed_params() -> SearchParams:
    """The search's parameters; a feed always starts at page 1 and is newest first by default."""
    try:
        params = parse_search_args(request.args)
    except QueryError as exc:
        abort(400, description=str(exc))
    sort = params.sort if "sort" in request.args else "date"
    return replace(params, sort=sort, page=1)


def search_feed_args(params: SearchParams) -> dict[str, Any]:
    """url_for arguments of a search's feed: its filters, and its order unless newest first."""
    return params.url_args(sort=None if params.sort == "date" else params.sort)


@bp.get("/search.<any(atom, rss, json):fmt>")
def search(fmt: str) -> Response:
    params = feed_params()
    self_url = url_for("feeds.search", fmt=fmt, _external=True, **search_feed_args(params))
    render = lambda: _search_feed(params, fmt, search_feed_title(params), self_url)  # noqa: E731
    return collection_response(render, MIMETYPES[fmt])


def _single_facet(params: SearchParams) -> tuple[str, str] | None:
    """(facet, value) when a search is exactly one facet value and no words."""
    if params.text or params.has_period or len(params.filters) != 1:
        return None
    ((field, values),) = params.filters.items()
    facet = next(name for name, f in FACETS.items() if f == field)
    return (facet, values[0]) if len(values) == 1 else None


@bp.app_template_global()
def feed_urls(params: SearchParams | None = None) -> dict[str, str]:
    """Format -> feed URL for a listing (feeds are newest first): the latest releases without
    params, the facet's own feed for a search of one facet value alone, else the search's."""
    if params is None:
        return {fmt: url_for("feeds.latest", fmt=fmt) for fmt in FEED_FORMATS}
    if one := _single_facet(params):
        facet, value = one
        return {
            fmt: url_for("feeds.facet", facet=facet, value=value, fmt=fmt) for fmt in FEED_FORMATS
        }
    args = params.url_args(sort=None)
    return {fmt: url_for("feeds.search", fmt=fmt, **args) for fmt in FEED_FORMATS}


def _opml_groups() -> list[OpmlGroup]:
    store = get_store()
    values = {
        "countries": [tag for tag, _ in store.tag_counts("countries", limit=10_000)],
        "sectors": list(site_taxonomy().ids("sectors")),
        "ip_types": list(site_taxonomy().ids("ip_types")),
        "actions": list(site_taxonomy().ids("actions")),
        "source_id": sorted(agency_names(), key=lambda sid: agency_names()[sid].lower()),
        "language": list(LANGUAGES),
    }
    return [
        OpmlGroup(
            title=kind_name(field),
            feeds=[
                OpmlFeed(
                    title=tag_label(field, value),
                    xml_url=url_for(
                        "feeds.facet", facet=facet, value=value, fmt="atom", _external=True
                    ),
                    html_url=url_for("search.search", _external=True, **{facet: value}),
                )
                for value in values[field]
            ],
        )
        for facet, field in FACETS.items()
    ]


def _facets_opml() -> bytes:
    return render_opml(
        f"{SITE_NAME}: feeds by country, sector, IP type, action, agency and language",
        _opml_groups(),
    )


@bp.get("/feeds/facets.opml")
def facets_opml() -> Response:
    return collection_response(_facets_opml, OPML_MIMETYPE)
