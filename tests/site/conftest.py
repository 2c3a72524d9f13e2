"""Fixtures for the site: a real store and a real search index on a temporary data directory.

The filled collection is built once per session (building a Whoosh index takes a moment);
tests that change the store use `fresh_app`, which starts from an empty data directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.catalogue import Source, SourceURL
from fakefree.index.fulltext import open_index
from fakefree.index.store import Store
from fakefree.settings import Settings, load_settings
from fakefree.site import create_app

HOSTILE_TITLE = "Fake watches <script>alert('title')</script> seized\x0b at the border"
HOSTILE_BODY = (
    "<p>Officers opened <b>forty</b> crates.</p>"
    "<script>alert('body')</script>"
    '<img src="x" onerror="alert(2)">'
    '<p onclick="alert(4)">Click-free paragraph.</p>'
    '<a href="javascript:alert(3)">bad link</a> '
    '<a href="/press/other-case">related case</a>'
)


def _source(sid: str, agency: str, jurisdiction: str, lang: str) -> Source:
    return Source(
        id=sid, name=f"{agency} news", agency=agency, jurisdiction=jurisdiction,
        homepage=f"https://{sid}.example/", languages=(lang,), reader="feed",
        urls=(SourceURL(f"https://{sid}.example/feed"),),
    )  # fmt: skip


SOURCES = (
    _source("us-agency", "US Test Agency", "US", "en"),
    _source("fr-douane", "Douane de test", "FR", "fr"),
    _source("mx-aduana", "Aduana de prueba", "MX", "es"),
)


def record(key: str, source_id: str, **fields: object) -> dict:
    """A complete article record for Store.upsert_article (sample text written for these tests)."""
    base = {
        "url": f"https://{source_id}.example/press/{key}", "source_id": source_id,
        "title": "Untitled", "summary": "", "body_text": "", "body_html": "", "language": "en",
        "published_at": datetime(2025, 3, 1, 12, tzinfo=UTC),
        "fetched_at": datetime(2025, 3, 2, 8, tzinfo=UTC), "content_hash": key,
        "is_relevant": True, "relevance_score": 3.0, "countries": [], "origin_countries": [],
        "sectors": [], "ip_types": [], "actions": [], "evidence": {},
    }  # fmt: skip
    base.update(fields)
    return base


ARTICLES = {
    "pills": record(
        "pills", "us-agency", language="en",
        title="Two sellers sentenced over counterfeit heart pills",
        summary="A court sentenced two people who sold fake heart medicine online.",
        body_text="The pair shipped fake heart pills to buyers in several states.",
        body_html="<p>The pair shipped <em>fake heart pills</em> to buyers in several states.</p>",
        published_at=datetime(2025, 3, 5, 15, 30, tzinfo=UTC),
        countries=["US"], sectors=["pharma"], ip_types=["counterfeit"], actions=["sentence"],
        evidence={"sectors:pharma": ["heart pills", "medicine"], "actions:sentence": ["sentenced"],
                  "relevance": ["counterfeit"]},
    ),
    "parfums": record(
        "parfums", "fr-douane", language="fr",
        title="Saisie de parfums contrefaits dans un entrepôt",
        summary="Les douaniers ont saisi des milliers de flacons de parfum contrefaits.",
        body_text="Les flacons contrefaits étaient stockés dans un entrepôt près du port.",
        published_at=datetime(2025, 3, 4, 9, tzinfo=UTC),
        countries=["FR"], sectors=["personal-care"], ip_types=["counterfeit"], actions=["seizure"],
        evidence={"sectors:personal-care": ["parfums"], "actions:seizure": ["saisi"]},
    ),
    "discos": record(
        "discos", "mx-aduana", language="es",
        title="Aseguran discos piratas en un mercado",
        summary="Agentes aseguraron cientos de discos con películas copiadas sin permiso.",
        body_text="Los discos piratas se vendían en puestos del mercado central.",
        published_at=datetime(2025, 3, 3, 18, tzinfo=UTC),
        countries=["MX"], sectors=["media"], ip_types=["piracy"], actions=["seizure"],
        evidence={"ip_types:piracy": ["piratas"]},
    ),
    "hostile": record(
        "hostile", "us-agency", language="en", title=HOSTILE_TITLE,
        summary="Crates of fake watches\x0b were stopped at the border.",
        body_text="Officers opened forty crates of fake watches.", body_html=HOSTILE_BODY,
        published_at=datetime(2025, 3, 2, 10, tzinfo=UTC),
        countries=["US"], sectors=["apparel"], ip_types=["counterfeit"], actions=["seizure"],
    ),
    "banknotes": record(
        "banknotes", "us-agency", language="en", is_relevant=False, relevance_score=0.1,
        title="Hidden notice about forged banknotes",
        summary="Police warn shopkeepers about forged banknotes.",
        body_text="Forged banknotes circulated at the fair.",
        published_at=datetime(2025, 3, 6, 10, tzinfo=UTC), countries=["US"],
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Collection:
    settings: Settings
    ids: dict[str, int]  # ARTICLES key -> article id


def make_settings(data_dir: Path) -> Settings:
    return load_settings().replace(data_dir=data_dir, secret_key="")


def fill_collection(settings: Settings, articles: dict[str, dict]) -> dict[str, int]:
    """Write the sources and articles into a real store, then sync the real search index."""
    with Store(settings.db_path) as store:
        store.sync_sources(SOURCES)
        for rec in articles.values():
            store.upsert_article(rec)
        open_index(settings.index_dir).sync(store)
        sql = "SELECT id FROM articles WHERE url=?"
        return {
            key: store.db.execute(sql, (rec["url"],)).fetchone()[0] for key, rec in articles.items()
        }


@pytest.fixture(scope="session")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    settings = make_settings(tmp_path_factory.mktemp("site-data"))
    return Collection(settings, fill_collection(settings, ARTICLES))


@pytest.fixture
def app(collection: Collection) -> Flask:
    return create_app({"SETTINGS": collection.settings, "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def ids(collection: Collection) -> dict[str, int]:
    return collection.ids


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    """Settings on an empty data directory of this test's own, with the sources registered."""
    settings = make_settings(tmp_path / "data")
    with Store(settings.db_path) as store:
        store.sync_sources(SOURCES)
    return settings


@pytest.fixture
def fresh_app(fresh_settings: Settings) -> Iterator[Flask]:
    yield create_app({"SETTINGS": fresh_settings, "TESTING": True})
