from __future__ import annotations

import pytest

from fakefree.index.fulltext import QueryError, SearchIndex, SearchQuery
from fakefree.index.store import Store
from tests.index.conftest import record


@pytest.fixture
def index(tmp_path, store: Store) -> SearchIndex:
    store.upsert_article(
        record(
            "https://agency.example/es",
            title="Aseguran medicamentos falsificados en Guadalajara",
            body_text="Agentes aseguraron cajas de medicamentos apócrifos.",
            language="es",
            sectors=["pharma"],
        )
    )
    store.upsert_article(
        record(
            "https://agency.example/fr",
            title="Saisie de parfums contrefaits à Montréal",
            body_text="Les agents ont saisi des parfums contrefaits.",
            language="fr",
            countries=["CA"],
            sectors=["personal-care"],
        )
    )
    store.upsert_article(
        record(
            "https://agency.example/en",
            title="Man sentenced for selling counterfeit airbags",
            body_text="A federal court sentenced the importer.",
            language="en",
            countries=["US"],
            sectors=["auto-aero"],
            actions=["sentence"],
        )
    )
    store.upsert_article(
        record(
            "https://agency.example/no",
            title="Tax evasion plea",
            body_text="Not about IP.",
            language="en",
            is_relevant=False,
        )
    )
    ix = SearchIndex(tmp_path / "index")
    assert ix.sync(store) == 4
    return ix


def titles(ix: SearchIndex, store: Store, **kw) -> list[str]:
    res = ix.search(SearchQuery(**kw))
    return [a.title for a in store.get_articles(res.ids)]


def test_inflected_forms_find_base_forms(index: SearchIndex, store: Store) -> None:
    assert titles(index, store, text="contrefait") == ["Saisie de parfums contrefaits à Montréal"]
    assert titles(index, store, text="medicamento falsificado") == [
        "Aseguran medicamentos falsificados en Guadalajara"
    ]
    assert titles(index, store, text="airbag") == ["Man sentenced for selling counterfeit airbags"]


def test_accents_are_folded(index: SearchIndex, store: Store) -> None:
    assert titles(index, store, text="montreal") == ["Saisie de parfums contrefaits à Montréal"]
    assert len(titles(index, store, text="apocrifos")) == 1


def test_non_relevant_not_indexed(index: SearchIndex, store: Store) -> None:
    assert titles(index, store, text="tax") == []
    assert index.doc_count() == 3


def test_facets_and_filters(index: SearchIndex) -> None:
    res = index.search(SearchQuery())
    assert res.total == 3
    assert dict(res.facets["language"]) == {"en": 1, "es": 1, "fr": 1}
    assert dict(res.facets["countries"])["MX"] == 1
    narrowed = index.search(SearchQuery(filters={"countries": ("CA", "US")}))
    assert narrowed.total == 2
    both = index.search(SearchQuery(filters={"countries": ("CA", "US"), "sectors": ("auto-aero",)}))
    assert both.total == 1


def test_pagination(index: SearchIndex) -> None:
    first = index.search(SearchQuery(per_page=2, sort="date"))
    second = index.search(SearchQuery(per_page=2, page=2, sort="date"))
    assert first.pages == 2 and len(first.ids) == 2 and len(second.ids) == 1
    assert not set(first.ids) & set(second.ids)


@pytest.mark.parametrize("bad", ['"unclosed phrase', "x" * 600])
def test_malformed_queries(index: SearchIndex, bad: str) -> None:
    with pytest.raises(QueryError):
        index.search(SearchQuery(text=bad))


def test_unknown_filter(index: SearchIndex) -> None:
    with pytest.raises(QueryError):
        index.search(SearchQuery(filters={"password": ("x",)}))


def test_sync_follows_updates_and_unpublishing(index: SearchIndex, store: Store) -> None:
    store.upsert_article(record("https://agency.example/fr", is_relevant=False, content_hash="2"))
    assert index.sync(store) == 1
    assert index.search(SearchQuery(text="contrefait")).total == 0
    assert index.sync(store) == 0


def test_rebuild_gives_same_results(index: SearchIndex, store: Store) -> None:
    queries = [SearchQuery(text=t) for t in ("contrefait", "airbag", "medicamento", "")]
    before = [index.search(q).ids for q in queries]
    assert index.rebuild(store) == 4
    assert [index.search(q).ids for q in queries] == before


def test_lost_index_is_rebuilt_by_sync(tmp_path, index: SearchIndex, store: Store) -> None:
    fresh = SearchIndex(tmp_path / "other-index")
    assert fresh.sync(store) == 4
    assert fresh.search(SearchQuery(text="airbag")).total == 1


def test_facets_count_within_words_and_filters(index: SearchIndex) -> None:
    res = index.search(SearchQuery(text="contrefait OR airbag"))
    assert res.total == 2
    assert dict(res.facets["countries"]) == {"CA": 1, "US": 1}
    res = index.search(SearchQuery(text="contrefait OR airbag", filters={"countries": ("US",)}))
    assert res.total == 1 and dict(res.facets["language"]) == {"en": 1}
    by_date = index.search(SearchQuery(text="contrefait OR airbag", sort="date"))
    assert by_date.total == 2 and set(by_date.ids) == set(res.ids) | set(by_date.ids)


def test_an_empty_index_answers(tmp_path) -> None:
    empty = SearchIndex(tmp_path / "empty")
    for query in (SearchQuery(), SearchQuery(text="counterfeit"), SearchQuery(sort="date")):
        res = empty.search(query)
        assert res.total == 0 and res.ids == [] and res.pages == 1
