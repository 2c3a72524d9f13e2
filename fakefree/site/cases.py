"""Cases blueprint: /cases/<id> (a case and its timeline), the article page's case section (the
`article_case` template global), `fold_by_case` (one entry per case for listings and feeds) and
the case as JSON for the API (`case_json`).

A case's id is its oldest member's article id; after a merge an old case id still leads to the
case through that release (a redirect).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, Flask, Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext, ngettext

from fakefree.index.case_view import CaseView, case_id_of, case_sizes, case_version, load_case
from fakefree.index.cases import REPUBLISHERS
from fakefree.index.documents import Article
from fakefree.index.store import to_iso

from .caching import cached_response, versioned_etag
from .db import get_store

bp = Blueprint("cases", __name__)

NO_CASE = "There is no case with this number."
RULES = {
    "case_number": lazy_gettext("Same court case or file number"),
    "defendant": lazy_gettext("Same defendant named"),
    "operation": lazy_gettext("Same named operation"),
    "same_event": lazy_gettext("Same figures reported within a few days"),
    "near_duplicate": lazy_gettext("Nearly the same text"),
}
KEY_KINDS = {
    "d": lazy_gettext("case number"),
    "o": lazy_gettext("operation"),
    "n": lazy_gettext("name"),
    "m": lazy_gettext("sum"),
    "q": lazy_gettext("number"),
}


@dataclass(frozen=True)
class CaseEntry:
    """One entry of a listing folded by case: the newest listed release of the case."""

    article: Article
    case_id: int | None
    count: int  # releases in the whole case
    listed: int  # releases of the case in the list that was folded


def fold_by_case(articles: list[Article]) -> list[CaseEntry]:
    """One entry per case, in the order the cases first appear in `articles`; each entry shows
    the newest of its case's listed releases, with the case's size."""
    sizes = case_sizes(get_store().db, [a.id for a in articles])
    order: list[Any] = []
    groups: dict[Any, list[Article]] = {}
    for article in articles:
        key = sizes[article.id][0] if article.id in sizes else ("article", article.id)
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(article)
    entries = []
    for key in order:
        listed = groups[key]
        newest = max(listed, key=lambda a: (a.published_at or a.fetched_at, a.id))
        case_id, count = sizes.get(newest.id, (None, 1))
        entries.append(CaseEntry(newest, case_id, max(count, len(listed)), len(listed)))
    return entries


FOLD_READ_AHEAD = 4  # a feed folded by case reads this many times its size of releases


def per_case() -> bool:
    """Whether the request asks for one entry per case (`?per=case`)."""
    return request.args.get("per") == "case"


def feed_size(size: int) -> int:
    """How many releases a feed of `size` entries reads: more when it is folded by case."""
    return size * FOLD_READ_AHEAD if per_case() else size


def feed_entries(articles: list[Article], size: int) -> list[Article]:
    """A feed's releases: as they are, or with `?per=case` the newest release of each case,
    its summary ending with the number of releases about the case."""
    if not per_case():
        return articles[:size]
    return [_noted(entry) for entry in fold_by_case(articles)[:size]]


def _noted(entry: CaseEntry) -> Article:
    if entry.count < 2:
        return entry.article
    note = ngettext(
        "(%(num)s release about this case)", "(%(num)s releases about this case)", entry.count
    )
    return replace(entry.article, summary=f"{entry.article.summary} {note}".strip())


def key_label(key: str) -> dict[str, str]:
    """A stored key ('n:rosa delgado') as its kind's label and its value."""
    kind, _, value = key.partition(":")
    if kind == "m":
        currency, _, amount = value.partition(":")
        value = f"{int(amount):,} {currency}"
    return {"kind": str(KEY_KINDS.get(kind, kind)), "value": value}


def _case_context(case: CaseView, article_id: int | None = None) -> dict[str, Any]:
    return {
        "case": case,
        "current_id": article_id,
        "rules": RULES,
        "key_label": key_label,
        "republishers": REPUBLISHERS,
    }


def article_case(article: Article) -> dict[str, Any] | None:
    """What the article page shows of the article's case (None for a case of one release)."""
    store = get_store()
    case_id = case_id_of(store, article.id)
    case = load_case(store, case_id) if case_id is not None else None
    if case is None or case.size < 2:
        return None
    return _case_context(case, article.id)


@bp.get("/cases/<int:case_id>")
def case_page(case_id: int) -> Response:
    store = get_store()
    case = load_case(store, case_id) if case_id < 2**63 else None
    if case is None or not case.releases:
        moved = case_id_of(store, case_id) if case_id < 2**63 else None
        if moved is not None and moved != case_id:
            return redirect(url_for("cases.case_page", case_id=moved), code=301)
        abort(404, description=NO_CASE)
    etag = versioned_etag(f"case-{case_id}-{case_version(store, case_id)}")
    render = lambda: render_template("cases/case.html", **_case_context(case))  # noqa: E731
    return cached_response(render, etag, None)


def case_json(case_id: int) -> dict[str, Any] | None:
    """The case as the API gives it: its releases in order, the primary one, the links."""
    case = load_case(get_store(), case_id)
    if case is None or not case.releases:
        return None
    return {
        "id": case.id,
        "size": case.size,
        "primary_id": case.primary_id,
        "first_published_at": to_iso(case.first_at),
        "last_published_at": to_iso(case.last_at),
        "link": url_for("cases.case_page", case_id=case.id, _external=True),
        "releases": [
            {
                "id": a.id,
                "title": a.title,
                "url": a.url,
                "published_at": to_iso(a.published_at),
                "language": a.language,
                "agency": a.agency,
                "source_id": a.source_id,
                "actions": list(a.actions),
                "primary": a.id == case.primary_id,
                "link": url_for("pages.article", article_id=a.id, _external=True),
            }
            for a in case.releases
        ],
        "links": case.links,
    }


def article_case_fields(article_id: int) -> dict[str, Any]:
    """`case_id` and `case_size` of an article (for the article's JSON)."""
    found = case_sizes(get_store().db, [article_id]).get(article_id)
    return {"case_id": found[0] if found else None, "case_size": found[1] if found else 1}


def article_case_version(article_id: int) -> str:
    """Part of an article page's ETag: changes when a release joins or leaves its case."""
    store = get_store()
    return case_version(store, case_id_of(store, article_id))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(article_case=article_case)
