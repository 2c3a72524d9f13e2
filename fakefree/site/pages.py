"""Pages blueprint: home, one article, the sources' health, about, official resources.

Every page answers conditional requests (ETag, Last-Modified, 304): pages made from the
collection from its revision (and the day, for the home page's 30-day counts), static ones from
a hash of their body.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response, abort, render_template
from flask_babel import gettext as _

from fakefree.index import statistics
from fakefree.index.documents import Article
from fakefree.index.fact_text import describe_facts

from .caching import cached_response, collection_version, content_response, versioned_etag
from .cases import article_case_version, feed_size, fold_by_case, per_case
from .db import get_store
from .health import find_outage
from .i18n import current_language
from .labels import TAXONOMY_KINDS, tag_label, ui_tag_label
from .resources import Jurisdiction, site_resources
from .seo import describe_page, news_article_ld
from .stats import collection_counts

bp = Blueprint("pages", __name__)

LATEST_COUNT = 20
TAG_COUNT_LIMIT = 12
RECENT_DAYS = 30


def published_article_or_404(article_id: int) -> Article:
    """The article if it exists and is published; anything else is a 404, never a hint."""
    article = get_store().get_article(article_id)
    if article is None or not article.is_relevant:
        abort(404, description="There is no published release with this number.")
    return article


def _home_counts() -> tuple[bool, dict[str, list[tuple[str, int]]]]:
    """Counts by country and sector over the last 30 days (read from the recent rows only);
    when nothing was published in that time, the counts of every release, said as such."""
    since = datetime.now(UTC) - timedelta(days=RECENT_DAYS)
    store = get_store()
    recent = {
        col: statistics.counts_since(store.db, col, since)[:TAG_COUNT_LIMIT]
        for col in ("countries", "sectors")
    }
    if any(recent.values()):
        return True, recent
    every = collection_counts()  # computed once per revision, shared with /statistics
    return False, {col: _most(every[col].tag_totals()) for col in recent}


def _most(totals: dict[str, int]) -> list[tuple[str, int]]:
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [(tag, n) for tag, n in ranked if n][:TAG_COUNT_LIMIT]


def _render_home() -> str:
    store = get_store()
    are_recent, counts = _home_counts()
    articles = store.latest_articles(limit=feed_size(LATEST_COUNT))
    cases = {}
    if per_case():  # one entry per case: the newest release of each, with the case's size
        entries = fold_by_case(articles)[:LATEST_COUNT]
        cases = {entry.article.id: entry for entry in entries}
        articles = [entry.article for entry in entries]
    return render_template(
        "pages/home.html",
        articles=articles,
        cases=cases,
        per_case=per_case(),
        total=store.count_articles(),
        country_counts=counts["countries"],
        sector_counts=counts["sectors"],
        counts_are_recent=are_recent,
        recent_days=RECENT_DAYS,
        outage=find_outage(store.source_health()),
    )


@bp.get("/")
def home() -> Response:
    etag, last_modified = collection_version(with_health=True)
    today = datetime.now(UTC).date().isoformat()  # the 30-day counts move with the day
    etag = versioned_etag(etag, today, "per-case" if per_case() else "")
    return cached_response(_render_home, etag, last_modified)


def _other_evidence(article: Article) -> dict[str, list[str]]:
    """Evidence whose key is not one of the article's shown tags (relevance rules and the like)."""
    shown = {f"{kind}:{tag}" for kind in TAXONOMY_KINDS for tag in getattr(article, kind)}
    return {key: words for key, words in article.evidence.items() if key not in shown}


def _describe_article(found: Article) -> None:
    keywords = [ui_tag_label(kind, tag) for kind in TAXONOMY_KINDS for tag in getattr(found, kind)]
    describe_page(
        title=found.title,
        description=found.summary[:300] or _("A press release by %(agency)s.", agency=found.agency),
        og_type="article",
        json_ld=news_article_ld(found, keywords),
    )


def _render_article(found: Article) -> str:
    _describe_article(found)
    return render_template(
        "pages/article.html",
        article=found,
        tag_kinds=TAXONOMY_KINDS,
        other_evidence=_other_evidence(found),
        facts=describe_facts(found.facts, current_language()),
    )


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> Response:
    found = published_article_or_404(article_id)
    # The case section changes when another release joins or leaves the case: part of the ETag.
    etag = versioned_etag(f"article-{found.id}-{found.rev}-{article_case_version(found.id)}")
    return cached_response(lambda: _render_article(found), etag, found.updated_at)


@bp.get("/sources")
def sources() -> Response:
    etag, last_modified = collection_version(with_health=True)
    render = lambda: render_template("pages/sources.html", rows=get_store().source_health())  # noqa: E731
    return cached_response(render, etag, last_modified)


def _static_page(template: str, **context: object) -> Response:
    """A page that depends on the code and config only: its ETag is a hash of its body."""
    return content_response(render_template(template, **context).encode(), "text/html")


@bp.get("/about")
def about() -> Response:
    return _static_page("pages/about.html", tag_kinds=TAXONOMY_KINDS)


@bp.app_template_global()
def in_language(texts: Mapping[str, str]) -> str:
    """The interface language's text of an en/fr/es mapping (English when it lacks one)."""
    return texts.get(current_language()) or texts["en"]


@bp.app_template_global()
def resource_label(jurisdiction: Jurisdiction) -> str:
    if jurisdiction.label:
        return in_language(jurisdiction.label)
    return tag_label("countries", jurisdiction.code, current_language())


@bp.get("/resources")
def resources() -> Response:
    describe_page(
        title=_("Protecting IP and reporting counterfeits: official services"),
        description=_(
            "Each country's official IP office and the services that take reports of"
            " counterfeit goods and piracy."
        ),  # fmt: skip
    )
    return _static_page("pages/resources.html", jurisdictions=site_resources())
