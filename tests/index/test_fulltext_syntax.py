"""The query language of the index: field prefixes, phrases, operators, wildcards, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fakefree.index.fulltext import QueryError, SearchIndex, SearchQuery
from fakefree.index.store import Store
from tests.index.conftest import record

DOCS = {
    "watches": dict(
        title="Customs seize counterfeit luxury watches at the port",
        body_text="Officers found watches that were luxury copies, and fake handbags.",
        language="en", countries=["US"], sectors=["apparel"], actions=["seizure"],
        published_at=datetime(2024, 12, 31, 23, tzinfo=UTC),
    ),
    "handbags": dict(
        title="Seller of fake handbags sentenced",
        body_text="The court heard that the luxury goods were counterfeit watches and bags.",
        language="en", countries=["GB"], sectors=["apparel"], actions=["sentence"],
        published_at=datetime(2025, 1, 1, 8, tzinfo=UTC),
    ),
    "parfums": dict(
        title="Saisie de parfums contrefaits à Marseille",
        body_text="Les douaniers ont découvert des flacons contrefaits dans un camion.",
        language="fr", countries=["FR"], sectors=["personal-care"], actions=["seizure"],
        published_at=datetime(2025, 3, 15, 10, tzinfo=UTC),
    ),
    "discos": dict(
        title="Aseguran discos piratas en Tepito",
        body_text="Agentes aseguraron miles de discos piratas y películas copiadas.",
        language="es", countries=["MX"], sectors=["media"], ip_types=["piracy"],
        actions=["seizure"], published_at=datetime(2025, 6, 30, 18, tzinfo=UTC),
    ),
    "undated": dict(
        title="Pirated software sold online", body_text="An online shop sold pirated licences.",
        language="en", countries=["CA"], sectors=["software"], ip_types=["piracy"],
        actions=["charge"], published_at=None,
    ),
}  # fmt: skip


@pytest.fixture
def index(tmp_path, store: Store) -> SearchIndex:
    for key, fields in DOCS.items():
        store.upsert_article(record(f"https://agency.example/{key}", **fields))
    ix = SearchIndex(tmp_path / "index")
    ix.sync(store)
    return ix


def found(ix: SearchIndex, store: Store, text: str = "", **kw: object) -> set[str]:
    """The DOCS keys a query finds."""
    by_title = {fields["title"]: key for key, fields in DOCS.items()}
    ids = ix.search(SearchQuery(text=text, per_page=50, **kw)).ids
    return {by_title[a.title] for a in store.get_articles(ids)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title:watches", {"watches"}),  # "watches" is in the other's body only
        ("body:watches", {"watches", "handbags"}),
        ("text:camion", {"parfums"}),
        ("title:(handbags OR parfums)", {"handbags", "parfums"}),
        ("country:mx", {"discos"}),
        ("country:MX OR country:fr", {"discos", "parfums"}),
        ("sector:apparel", {"watches", "handbags"}),
        ("ip_type:piracy", {"discos", "undated"}),
        ("action:sentence", {"handbags"}),
        ("agency:test-src language:fr", {"parfums"}),
        ("language:ES", {"discos"}),
        ("year:2025", {"handbags", "parfums", "discos"}),
        ("year:2024 luxury", {"watches"}),
        ("luxury -year:2024", {"handbags"}),
        ("Title:Seller", {"handbags"}),
    ],
)
def test_field_prefixes(index: SearchIndex, store: Store, text: str, expected: set) -> None:
    assert found(index, store, text) == expected


def test_phrase_is_stricter_than_words(index: SearchIndex, store: Store) -> None:
    assert found(index, store, "luxury watches") == {"watches", "handbags"}
    assert found(index, store, '"luxury watches"') == {"watches"}
    assert found(index, store, "“luxury watches”") == {"watches"}  # typographic quotes


def test_operators(index: SearchIndex, store: Store) -> None:
    assert found(index, store, "watches NOT handbags") == set()
    assert found(index, store, "luxury NOT sentenced") == {"watches"}
    assert found(index, store, "luxury -sentenced") == {"watches"}
    assert found(index, store, "discos OR parfums") == {"discos", "parfums"}
    assert found(index, store, "(discos OR parfums) marseille") == {"parfums"}
    # Lower-case operators are words (stop words here), so "or" does not widen the search.
    assert found(index, store, "discos or parfums") == set()


def test_trailing_wildcard(index: SearchIndex, store: Store) -> None:
    assert found(index, store, "contref*") == {"parfums"}
    assert found(index, store, "pira*") == {"discos", "undated"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo:bar", "Unknown field 'foo'; use title:, body:, text:, country:"),
        ("countries:MX", "Unknown field 'countries'"),
        ("country:", "Put a value right after country: (for example country:mx)"),
        ("title: watches", "Put a value right after title:"),
        ("year:abc", "year: takes a year such as 2025, not 'abc'"),
        ("*", "A * can only end a word of 3 letters or more"),
        ("*atch", "A * can only end a word"),
        ("wa*", "A * can only end a word"),
        ("w*tch", "A * can only end a word"),
        ("abc* abd* abe* abf* abg* abh*", "at most 5 words ending in *"),
        ('"open phrase', "A quotation mark is not closed"),
        ("NOT watches", "NOT needs something to leave out from"),
        ("AND", "no word to search for"),
        ("((((", "no word to search for"),
        ("x" * 501, "too long"),
    ],
)
def test_malformed_queries_say_why(index: SearchIndex, text: str, message: str) -> None:
    with pytest.raises(QueryError, match=None) as caught:
        index.search(SearchQuery(text=text))
    assert message in str(caught.value)
    assert caught.value.param == "q" and caught.value.msgid


def test_year_facet_counts_and_order(index: SearchIndex) -> None:
    assert index.search(SearchQuery()).facets["year"] == [("2025", 3), ("2024", 1)]
    assert index.search(SearchQuery(text="luxury")).facets["year"] == [("2025", 1), ("2024", 1)]


def test_date_range_is_inclusive_and_keeps_facets_right(index: SearchIndex, store: Store) -> None:
    day = date(2025, 1, 1)
    assert found(index, store, published_from=day, published_to=day) == {"handbags"}
    assert found(index, store, published_to=date(2024, 12, 31)) == {"watches"}
    assert found(index, store, published_from=date(2025, 3, 15)) == {"parfums", "discos"}
    ranged = index.search(SearchQuery(published_from=date(2025, 1, 1), sort="date"))
    assert ranged.total == 3 and dict(ranged.facets["countries"]) == {"GB": 1, "FR": 1, "MX": 1}
    by_relevance = SearchQuery(text="luxury", published_from=date(2025, 1, 1))
    assert found(index, store, "luxury", published_from=date(2025, 1, 1)) == {"handbags"}
    assert index.search(by_relevance).facets["year"] == [("2025", 1)]
    assert found(index, store, published_from=date(2030, 1, 1)) == set()
    empty = SearchQuery(text="luxury", published_from=date(2030, 1, 1))
    assert index.search(empty).total == 0 and index.count(empty) == 0


def test_count_agrees_with_search(index: SearchIndex) -> None:
    for query in (
        SearchQuery(text="luxury OR discos"),
        SearchQuery(text="seizure", filters={"countries": ("US", "MX")}),
        SearchQuery(filters={"sectors": ("apparel",)}, published_to=date(2024, 12, 31)),
    ):
        assert index.count(query) == index.search(query).total


def test_spelling_correction(index: SearchIndex, store: Store) -> None:
    assert index.correct("luxery watches") == "luxury watches"  # the typed form, corrected
    assert index.correct("camoin handbbags") == "camion handbags"
    # Whatever the form offered, it finds what the suggestion promises.
    assert found(index, store, index.correct("pelicullas")) == {"discos"}
    assert index.correct("luxury watches") is None  # nothing unknown
    assert index.correct("zzzzqqq") is None  # nothing near


def test_terms_to_mark_leave_out_negated_words(index: SearchIndex) -> None:
    terms = index.search(SearchQuery(text='contrefaits "luxury watches" -handbags dis*')).terms
    assert terms["body_fr"] >= {"contref", "dis*"}
    assert {"luxuri", "watch"} <= terms["title_en"]
    assert not any("handbag" in t for ts in terms.values() for t in ts)
    title_only = index.search(SearchQuery(text="title:seller")).terms
    assert set(title_only) == {"title_en", "title_fr", "title_es"}
