"""Search blueprint: full text, facet filters and a date range as links, highlighted hits,
pagination, and what to relax when nothing is found."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from fakefree.index.fulltext import FACET_FIELDS, QUERY_PREFIXES
from fakefree.index.query_errors import QueryError

from .cases import fold_by_case
from .hits import make_hits, parts_html
from .queries import FILTER_PARAMS, SearchParams, parse_search_args, run_search
from .suggest import suggestions

bp = Blueprint("search", __name__)

PER_PAGE = 20


def _render_error(exc: QueryError, params: SearchParams | None) -> tuple[str, int]:
    """The form as the user filled it, the message (translated) next to the field at fault."""
    page = render_template(
        "search/search.html",
        error=gettext(exc.msgid, **exc.params) if exc.params else gettext(exc.msgid),
        error_param=exc.param,
        params=params,
        # When the parameters themselves were wrong, the filters as they came, kept in the form.
        raw_filters=[(p, v) for p in FILTER_PARAMS for v in request.args.getlist(p) if v.strip()],
        result=None,
        query_prefixes=QUERY_PREFIXES,
    )
    return page, 400


@bp.get("/search")
def search() -> Response | str | tuple[str, int]:
    params = None
    try:
        params = parse_search_args(request.args)
        result, articles = run_search(params, PER_PAGE)
    except QueryError as exc:
        return _render_error(exc, params)
    if result.total and params.page > result.pages:
        return redirect(url_for("search.search", **params.url_args(page=result.pages)))
    hits = make_hits(articles, result)
    cases = {}
    if params.per_case:  # the releases of one case on this page become one entry, its newest
        cases = {entry.article.id: entry for entry in fold_by_case(articles)}
        hits = [hit for hit in hits if hit.article.id in cases]
    return render_template(
        "search/search.html",
        params=params,
        result=result,
        articles=articles,
        hits=hits,
        cases=cases,
        parts_html=parts_html,
        suggestions=[] if result.total else suggestions(params),
        facet_fields=[f for f in FACET_FIELDS if result.facets.get(f) or params.filters.get(f)],
        query_prefixes=QUERY_PREFIXES,
        error=None,
    )
