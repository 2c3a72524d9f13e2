"""Conditional GET on every feed and API listing: validators, 304, Cache-Control; and new
content as soon as the store changes (the per-process render cache follows the revision)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.fulltext import open_index
from fakefree.index.store import Store
from fakefree.settings import Settings
from tests.site.conftest import record

CACHEABLE = (
    "/feeds/latest.atom", "/feeds/latest.rss", "/feeds/latest.json", "/feeds/country/MX.atom",
    "/feeds/agency/fr-douane.json", "/search.rss?country=US", "/search.json?q=pills",
    "/feeds/facets.opml", "/search.csv?country=FR", "/api/v1/search?country=US",
    "/api/v1/articles/1", "/api/v1/sources", "/api/v1/taxonomy", "/api/v1/stats",
    "/api/v1/openapi.json",
)  # fmt: skip


@pytest.mark.parametrize("url", CACHEABLE)
def test_conditional_get(client: FlaskClient, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    assert "max-age=300" in first.headers["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    if "Last-Modified" in first.headers:
        since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert since.status_code == 304


def test_same_query_in_another_order_has_the_same_etag(client: FlaskClient) -> None:
    one = client.get("/search.atom?country=US&sector=pharma").headers["ETag"]
    other = client.get("/search.atom?sector=pharma&country=US").headers["ETag"]
    assert one == other != client.get("/search.atom?country=US").headers["ETag"]


def _publish(settings: Settings, key: str, title: str) -> None:
    when = datetime(2025, 4, 1, 9, tzinfo=UTC)
    rec = record(key, "mx-aduana", title=title, published_at=when, fetched_at=when,
                 countries=["MX"], actions=["seizure"], language="es")  # fmt: skip
    with Store(settings.db_path) as store:
        store.upsert_article(rec)
        open_index(settings.index_dir).sync(store)


@pytest.mark.parametrize("url", ["/feeds/country/MX.rss", "/api/v1/search?country=MX"])
def test_a_new_release_changes_the_etag_and_the_body(
    fresh_app: Flask, fresh_settings: Settings, url: str
) -> None:
    client = fresh_app.test_client()
    _publish(fresh_settings, "first", "Primer aseguramiento de mercancía pirata")
    first = client.get(url)
    assert "Primer" in first.get_data(as_text=True)
    _publish(fresh_settings, "second", "Segundo aseguramiento de mercancía pirata")
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert "Segundo" in second.get_data(as_text=True)


def test_a_forged_host_never_reaches_another_clients_feed(client: FlaskClient) -> None:
    forged = client.get("/feeds/latest.atom", headers={"Host": "evil.example"})
    assert b"http://evil.example/" in forged.get_data()
    honest = client.get("/feeds/latest.atom")
    assert b"evil.example" not in honest.get_data()
    assert honest.headers["ETag"] != forged.headers["ETag"]
