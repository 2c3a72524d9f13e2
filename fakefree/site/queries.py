"""Search parameters in URLs: parsing them into a SearchQuery, and building stable links back.

The same parameters serve /search, /search.atom, /search.rss and /api/v1/search:
q, country, sector, ip_type, action, language, agency (repeatable), from and to (a date range:
2025, 2025-03 or 2025-03-14, inclusive), sort and page; the pages and feeds also take
per=case (one entry per case).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from fakefree.index.documents import Article
from fakefree.index.fulltext import SearchQuery, SearchResult
from fakefree.index.periods import parse_period
from fakefree.index.query_errors import N_, QueryError

from .db import get_search_index, get_store

# URL parameter -> index facet field, in the order links are written.
FILTER_PARAMS = {
    "country": "countries",
    "sector": "sectors",
    "ip_type": "ip_types",
    "action": "actions",
    "language": "language",
    "agency": "source_id",
}
PARAM_FOR_FIELD = {field: param for param, field in FILTER_PARAMS.items()}
SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000  # deeper pages are out of range anyway; bounds the work of one request


@dataclass(frozen=True)
class SearchParams:
    """What a search URL asks for, normalised (sorted filters, no empty values)."""

    text: str
    filters: dict[str, tuple[str, ...]]  # facet field -> selected values
    sort: str
    page: int
    date_from: str = ""  # as typed (2025, 2025-03 or 2025-03-14), checked
    date_to: str = ""
    per_case: bool = False  # one entry per case: the releases of one case are folded together

    def to_query(self, per_page: int) -> SearchQuery:
        first, last = parse_period(self.date_from, self.date_to)
        return SearchQuery(
            text=self.text, filters=self.filters, page=self.page, per_page=per_page,
            sort=self.sort, published_from=first, published_to=last,
        )  # fmt: skip

    @property
    def has_period(self) -> bool:
        return bool(self.date_from or self.date_to)

    def period_bounds(self) -> tuple[str, str]:
        """The range as full dates (YYYY-MM-DD, or ""), as a date input shows them."""
        first, last = parse_period(self.date_from, self.date_to)
        return (first.isoformat() if first else "", last.isoformat() if last else "")

    def with_period(self, date_from: str | None, date_to: str | None) -> dict[str, Any]:
        """url_for arguments with another date range (None removes a bound), back to page 1."""
        return self.url_args(**{"from": date_from, "to": date_to})

    def url_args(self, page: int | None = None, **changes: Any) -> dict[str, Any]:
        """Keyword arguments for url_for: a stable, bookmarkable form of these parameters.

        `changes` replace parameters (None removes one); the order is always the same.
        """
        args: dict[str, Any] = {"q": self.text}
        for param, field in FILTER_PARAMS.items():
            args[param] = list(self.filters.get(field, ()))
        args["from"], args["to"] = self.date_from, self.date_to
        args["sort"] = None if self.sort == default_sort(self.text) else self.sort
        args["page"] = page if page and page > 1 else None
        args["per"] = "case" if self.per_case else None
        args.update(changes)
        return {k: v for k, v in args.items() if v not in (None, "", [])}

    def toggled(self, field: str, value: str) -> dict[str, Any]:
        """url_for arguments with `value` added to or removed from a filter (back to page 1)."""
        current = set(self.filters.get(field, ()))
        current ^= {value}
        return self.url_args(**{PARAM_FOR_FIELD[field]: sorted(current)})

    def without_filters(self) -> dict[str, Any]:
        """url_for arguments for the same words with every filter and the date range removed."""
        return self.url_args(
            **{PARAM_FOR_FIELD[field]: None for field in self.filters}, **{"from": None, "to": None}
        )

    def is_selected(self, field: str, value: str) -> bool:
        return value in self.filters.get(field, ())


def default_sort(text: str) -> str:
    return "relevance" if text.strip() else "date"


def _positive_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:  # not '²' (tests/fuzz)
        raise QueryError(
            N_("%(name)s must be a whole number from 1 up, not %(value)s."),
            name, name=name, value=repr(raw[:20]),
        )  # fmt: skip
    return int(raw)


def parse_search_args(args: MultiDict[str, str]) -> SearchParams:
    """Read and check a search URL's parameters; raises QueryError with a message for the user."""
    text = args.get("q", "").strip()  # its length and syntax are checked by the index
    filters = {}
    for param, field in FILTER_PARAMS.items():
        values = sorted({v.strip() for v in args.getlist(param) if v.strip()})
        if values:
            filters[field] = tuple(values)
    sort = args.get("sort", "") or default_sort(text)
    if sort not in SORTS:
        raise QueryError(N_("sort must be one of %(sorts)s."), "sort", sorts=", ".join(SORTS))
    page = min(_positive_int(args.get("page"), "page", 1), MAX_PAGE)
    date_from, date_to = args.get("from", "").strip(), args.get("to", "").strip()
    parse_period(date_from, date_to)  # checked here, so that every caller gets the error
    per = args.get("per", "")
    if per not in ("", "case", "release"):
        raise QueryError(N_("per must be case or release."), "per")
    return SearchParams(text, filters, sort, page, date_from, date_to, per == "case")


def parse_per_page(args: MultiDict[str, str], default: int) -> int:
    """The API's page size: absent is `default`; present, a whole number up to MAX_PER_PAGE."""
    if args.get("per_page") == "":
        raise QueryError(
            N_("per_page must be a whole number from 1 to %(max)s."), "per_page", max=MAX_PER_PAGE
        )
    per_page = _positive_int(args.get("per_page"), "per_page", default)
    if per_page > MAX_PER_PAGE:
        raise QueryError(N_("per_page must be at most %(max)s."), "per_page", max=MAX_PER_PAGE)
    return per_page


def run_search(params: SearchParams, per_page: int) -> tuple[SearchResult, list[Article]]:
    """Search the index, then load the hits from the store (published ones only, in hit order)."""
    result = get_search_index().search(params.to_query(per_page))
    articles = [a for a in get_store().get_articles(result.ids) if a.is_relevant]
    return result, articles
