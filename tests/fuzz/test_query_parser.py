"""Any text and any filters given to the search engine: results, or a QueryError to show the
user; never another exception (which the site would turn into a 500)."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from fakefree.index.fulltext import FACET_FIELDS, SearchIndex, SearchQuery
from fakefree.index.query_errors import QueryError

from .budget import fuzz

SYNTAX = ["AND", "OR", "NOT", "(", ")", '"', "*", "?", "~", "~2", "^", "^3", ":", "[", "]", "{",
          "}", "TO", "title_en:", "body_fr:", "id:", "published:", "countries:", "\\", "-", "+",
          "''", "contrefaçon", "piratería", "counterfeit", "watch*", "*atch", "a" * 300, "\x00",
          "\u200b", "ǅ", "ß", "İ", "𝔘", "٣", " ", "  "]  # fmt: skip
QUERY_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map(" ".join),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map("".join),
)
VALUES = st.lists(st.one_of(st.sampled_from(["US", "FR", "fr", "pharma", "", "*", "a,b"]),
                            st.text(max_size=8)), max_size=3).map(tuple)  # fmt: skip
FILTERS = st.dictionaries(st.one_of(st.sampled_from(FACET_FIELDS), st.text(max_size=6)), VALUES,
                          max_size=3)  # fmt: skip
DAYS = st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31)))


@fuzz(4)
@given(QUERY_TEXT, FILTERS, st.integers(-5, 10**6), st.integers(1, 100),
       st.sampled_from(["relevance", "date", "bogus"]), DAYS, DAYS)  # fmt: skip
@example("title_en:", {}, 1, 20, "relevance", None, None)
@example("NOT", {}, 1, 20, "date", None, None)
@example('"', {}, 1, 20, "relevance", None, None)
@example("watch* OR [a TO", {"countries": ("US",)}, 2, 5, "relevance", None, None)
def test_search_returns_results_or_a_query_error(
    fuzz_index: SearchIndex, text: str, filters: dict, page: int, per_page: int, sort: str,
    first: date | None, last: date | None,
) -> None:  # fmt: skip
    query = SearchQuery(text=text, filters=filters, page=page, per_page=per_page, sort=sort,
                        published_from=first, published_to=last)  # fmt: skip
    try:
        result = fuzz_index.search(query)
    except QueryError as exc:
        assert str(exc), "a QueryError says what is wrong"
        return
    assert 0 <= len(result.ids) <= per_page and result.total >= len(result.ids)
