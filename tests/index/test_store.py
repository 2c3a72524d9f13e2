from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from fakefree.index.store import Store
from tests.index.conftest import SOURCE, record


def test_wal_mode(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_new_then_unchanged_then_updated(store: Store) -> None:
    url = "https://agency.example/a"
    assert store.upsert_article(record(url)) == "new"
    rev1 = store.max_rev()
    assert store.upsert_article(record(url)) == "unchanged"
    assert store.max_rev() == rev1
    assert store.upsert_article(record(url, content_hash="other", title="Nuevo")) == "updated"
    assert store.count_articles(relevant_only=False) == 1
    assert store.max_rev() == rev1 + 1
    assert store.latest_articles()[0].title == "Nuevo"


def test_article_round_trip(store: Store) -> None:
    store.upsert_article(record("https://agency.example/b"))
    (art,) = store.latest_articles()
    assert art.countries == ("MX",) and art.sectors == ("apparel",)
    assert art.published_at == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert art.evidence == {"sectors:apparel": ["ropa"]}
    assert art.agency == SOURCE.agency and art.agency_homepage == SOURCE.homepage
    assert store.get_article(art.id) == art
    assert store.get_articles([art.id, 999]) == [art]


def test_not_relevant_is_not_listed(store: Store) -> None:
    store.upsert_article(record("https://agency.example/c", is_relevant=False))
    assert store.latest_articles() == []
    assert store.count_articles() == 0 and store.count_articles(relevant_only=False) == 1


def test_tag_counts(store: Store) -> None:
    store.upsert_article(record("https://agency.example/1", countries=["MX", "US"]))
    store.upsert_article(record("https://agency.example/2"))
    assert store.tag_counts("countries") == [("MX", 2), ("US", 1)]


def test_runs_fold_into_health(store: Store) -> None:
    run = store.start_run(SOURCE.id)
    store.finish_run(run, error_kind="timeout", error_message="slow", found=0)
    run = store.start_run(SOURCE.id)
    store.finish_run(run, error_kind="network", error_message="down")
    (health,) = store.source_health()
    assert health["consecutive_failures"] == 2 and health["last_error_kind"] == "network"
    run = store.start_run(SOURCE.id)
    store.finish_run(run, found=3, new=2)
    (health,) = store.source_health()
    assert health["consecutive_failures"] == 0 and health["items_new"] == 2
    assert health["last_success_at"]


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    bad = record("https://agency.example/x", source_id="no-such-source")
    with pytest.raises(sqlite3.IntegrityError):
        store.upsert_article(bad)
    assert store.count_articles(relevant_only=False) == 0
    assert store.upsert_article(record("https://agency.example/y")) == "new"


def test_two_connections_see_each_other(store: Store) -> None:
    other = Store(store.path)
    store.upsert_article(record("https://agency.example/z"))
    assert other.count_articles() == 1
    other.close()


def test_an_old_store_is_migrated_keeping_its_articles(tmp_path) -> None:
    from fakefree.index.schema import MIGRATIONS, statements

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for statement in statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version=1")
    db.execute(
        "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,NULL,NULL,NULL,NULL,NULL,0,0,0)",
        (SOURCE.id, "n", "a", "MX", "h", "feed", 1, 60),
    )
    db.execute(
        "INSERT INTO articles (url, source_id, title, summary, body_text, body_html, language,"
        " fetched_at, updated_at, content_hash, is_relevant, relevance_score, countries,"
        " origin_countries, sectors, ip_types, actions, evidence, rev) VALUES"
        " ('https://a.example/1', ?, 't', 's', 'b', '<p>b</p>', 'es', '2025-01-01T00:00:00Z',"
        " '2025-01-01T00:00:00Z', 'h', 1, 4, '[]', '[]', '[]', '[]', '[]', '{}', 1)",
        (SOURCE.id,),
    )
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        (art,) = store.latest_articles()
        assert art.facts == {} and art.title == "t"
        assert store.upsert_article(record("https://a.example/2", facts={"quantity": 3})) == "new"


def test_rewriting_a_classification_takes_a_new_rev_only_when_it_changes(store) -> None:
    from fakefree.index.store import CLASSIFICATION_COLUMNS

    store.upsert_article(record("https://a.example/1"))
    store.upsert_article(record("https://a.example/2"))
    assert store.article_ids() == [1, 2]
    (article,) = store.get_articles([1])
    same = {col: getattr(article, col) for col in CLASSIFICATION_COLUMNS}
    assert store.rewrite_classification(1, same) is False
    assert store.max_rev() == 2
    changed = {**same, "sectors": ["toys-sports"], "facts": {"operation": {"value": "X"}}}
    assert store.rewrite_classification(1, changed) is True
    (article,) = store.get_articles([1])
    assert (article.rev, article.sectors, article.facts) == (3, ("toys-sports",), changed["facts"])
    assert store.rewrite_classification(99, changed) is False
