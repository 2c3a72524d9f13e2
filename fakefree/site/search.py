"""Search blueprint: full text, facet filters as links, pagination."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from fakefree.index.fulltext import FACET_FIELDS, QueryError

from .queries import SearchParams, parse_search_args, run_search

bp = Blueprint("search", __name__)

PER_PAGE = 20


def _render_error(message: str, params: SearchParams | None) -> tuple[str, int]:
    page = render_template("search/search.html", error=message, params=params, result=None)
    return page, 400


@bp.get("/search")
def search() -> Response | str | tuple[str, int]:
    params = None
    try:
        params = parse_search_args(request.args)
        result, articles = run_search(params, PER_PAGE)
    except QueryError as exc:
        return _render_error(str(exc), params)
    if result.total and params.page > result.pages:
        return redirect(url_for("search.search", **params.url_args(page=result.pages)))
    return render_template(
        "search/search.html",
        params=params,
        result=result,
        articles=articles,
        facet_fields=[f for f in FACET_FIELDS if result.facets.get(f) or params.filters.get(f)],
        error=None,
    )
