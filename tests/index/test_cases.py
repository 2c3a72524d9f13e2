"""Case grouping on a real store: keys, rules, incremental joins, merges, splits, rebuilds."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fakefree.index import cases
from fakefree.index.case_features import extract_features, key_weight, names, operations
from fakefree.index.case_view import (
    case_counts_by_month,
    case_counts_by_tag,
    explain,
    load_case,
)
from fakefree.index.store import Store
from tests.index.conftest import record

CHARGE = (
    "GUADALAJARA – Rosendo Ibarra Quiroz, 45, and Valeria Montaño, 38, were charged with"
    " selling 7,315 counterfeit phone cases worth $2,418,600. U.S. Attorney Helen Crane said the"
    " case, No. 2:24-cr-00871, was investigated by HSI."
)
SENTENCE = (
    "Rosendo Ibarra Quiroz, 46, was sentenced to 40 months in prison for selling counterfeit"
    " phone cases. Judge Lidia Sorensen also ordered restitution."
)
OTHER = (
    "Marcelo Tamez Garza, 51, was charged with selling 980 counterfeit phone cases from a stall"
    " in the same market. U.S. Attorney Helen Crane announced the charges."
)


def _features(text: str, **extra: object) -> object:
    values = {
        "title": "",
        "text": text,
        "language": "en",
        "source_id": "test-src",
        "jurisdiction": "MX",
        "countries": ["MX"],
        "published": "2024-03-01T00:00:00Z",
    }
    values.update(extra)
    return extract_features(1, **values)


def test_keys_name_defendants_not_officials_and_read_numbers_in_every_language() -> None:
    keys = set(_features(CHARGE).keys)
    assert {"n:rosendo quiroz", "n:valeria montano", "d:24-cr-871"} <= keys
    assert {"m:MXN:2418600", "q:7315"} <= keys  # "$" in a Mexican release is pesos
    assert not any("helen" in key or "crane" in key for key in keys)
    french = "Rosendo Ibarra Quiroz, 45 ans, a été accusé : 7 315 étuis saisis, 2 418 600 $."
    assert {"n:rosendo quiroz", "q:7315", "m:MXN:2418600"} <= set(_features(french).keys)
    assert "n:lidia sorensen" not in names(SENTENCE)


def test_operation_editions_are_different_keys_and_common_names_weigh_less() -> None:
    assert operations("Operation Pangea XVI ended.") == ["o:pangea xvi"]
    assert operations("l'opération Pangea XVII a permis") == ["o:pangea xvii"]
    assert operations("the Operation Center said") == []
    assert key_weight("n:john smith") < key_weight("n:rosendo quiroz")
    assert key_weight("m:USD:1000000") < key_weight("m:USD:2418600")


def _add(store: Store, key: str, text: str, when: datetime, **extra: object) -> int:
    store.upsert_article(
        record(f"https://agency.example/{key}", body_text=text, language="en",
               published_at=when, title=key, **extra)
    )  # fmt: skip
    return store.db.execute(
        "SELECT id FROM articles WHERE url=?", (f"https://agency.example/{key}",)
    ).fetchone()[0]


def _case(store: Store, article_id: int) -> int | None:
    return cases.cs.case_of(store.db, article_id)


def test_a_sentence_months_later_joins_the_charge_and_a_decoy_does_not(store: Store) -> None:
    charge = _add(store, "charge", CHARGE, datetime(2024, 3, 1, tzinfo=UTC))
    other = _add(store, "other", OTHER, datetime(2024, 3, 2, tzinfo=UTC))
    sentence = _add(store, "sentence", SENTENCE, datetime(2024, 11, 5, tzinfo=UTC))
    assert _case(store, charge) == _case(store, sentence) == charge
    assert _case(store, other) == other
    why = explain(store.db, charge, sentence)
    assert why["same_case"] and why["link"]["reasons"]["rule"] == "defendant"
    assert "n:rosendo quiroz" in why["link"]["reasons"]["keys"]
    view = load_case(store, charge)
    assert [a.id for a in view.releases] == [charge, sentence] and view.primary_id == charge


def test_a_bridge_merges_two_cases_and_its_change_splits_them_again(store: Store) -> None:
    first = _add(store, "a", "Ana Beltrán Ochoa, 33, was charged over fake perfume.", datetime(2024, 1, 5, tzinfo=UTC))  # fmt: skip
    second = _add(store, "b", "Ignacio Ferrán Tello, 41, was arrested with fake perfume.", datetime(2024, 1, 9, tzinfo=UTC))  # fmt: skip
    assert _case(store, first) != _case(store, second)
    bridge_text = "Ana Beltrán Ochoa and Ignacio Ferrán Tello were sentenced for fake perfume."
    bridge = _add(store, "bridge", bridge_text, datetime(2024, 6, 1, tzinfo=UTC))
    assert _case(store, first) == _case(store, second) == _case(store, bridge) == first
    assert load_case(store, first).size == 3
    _add(store, "bridge", "Ana Beltrán Ochoa was sentenced for fake perfume.", datetime(2024, 6, 1, tzinfo=UTC), content_hash="changed")  # fmt: skip
    assert _case(store, first) == _case(store, bridge) == first
    assert _case(store, second) == second and load_case(store, second).size == 1


def test_a_release_that_stops_being_published_leaves_its_case(store: Store) -> None:
    charge = _add(store, "charge", CHARGE, datetime(2024, 3, 1, tzinfo=UTC))
    sentence = _add(store, "sentence", SENTENCE, datetime(2024, 11, 5, tzinfo=UTC))
    store.rewrite_classification(
        sentence,
        {"is_relevant": False, "relevance_score": 0.0, "countries": [], "origin_countries": [],
         "sectors": [], "ip_types": [], "actions": [], "evidence": {}, "facts": {}},
    )  # fmt: skip
    assert _case(store, sentence) is None and load_case(store, charge).size == 1


def test_rebuild_and_fill_missing_give_the_incremental_cases(store: Store, tmp_path: Path) -> None:
    ids = [
        _add(store, "charge", CHARGE, datetime(2024, 3, 1, tzinfo=UTC)),
        _add(store, "other", OTHER, datetime(2024, 3, 2, tzinfo=UTC)),
        _add(store, "sentence", SENTENCE, datetime(2024, 11, 5, tzinfo=UTC)),
    ]
    before = {i: _case(store, i) for i in ids}
    done = cases.rebuild(lambda: _connect(store.path))
    assert done == 3 and {i: _case(store, i) for i in ids} == before
    store.db.execute("DELETE FROM case_members WHERE article_id=?", (ids[2],))
    assert cases.fill_missing(store.db) == 1 and _case(store, ids[2]) == ids[0]


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, timeout=60)
    db.row_factory = sqlite3.Row
    return db


def test_a_republication_is_never_the_primary_source() -> None:
    rows = [(3, "2024-05-10T09:00:00Z", "us-iprcenter"), (7, "2024-05-10T15:00:00Z", "us-usao"),
            (9, "2024-11-01T00:00:00Z", "us-usao")]  # fmt: skip
    assert cases.primary_release(rows) == 7
    assert cases.primary_release([(3, "2024-05-01T00:00:00Z", "us-iprcenter"), *rows[1:]]) == 3


def test_statistics_count_cases_and_releases_apart(store: Store) -> None:
    _add(store, "charge", CHARGE, datetime(2024, 3, 1, tzinfo=UTC))
    _add(store, "other", OTHER, datetime(2024, 3, 2, tzinfo=UTC))
    _add(store, "sentence", SENTENCE, datetime(2024, 11, 5, tzinfo=UTC))
    assert case_counts_by_month(store.db) == [("2024-03", 2, 2), ("2024-11", 0, 1)]
    assert case_counts_by_tag(store.db, "countries") == [("MX", 2, 3)]
    with pytest.raises(ValueError):
        case_counts_by_tag(store.db, "body_text")


def test_a_failure_of_grouping_never_loses_the_article(store: Store, monkeypatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("grouping bug")

    monkeypatch.setattr(cases, "assign_release", broken)
    article = _add(store, "charge", CHARGE, datetime(2024, 3, 1, tzinfo=UTC))
    assert store.get_article(article) is not None and _case(store, article) is None
    monkeypatch.undo()
    assert cases.fill_store(store.transaction) == 1 and _case(store, article) == article
