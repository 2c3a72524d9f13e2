from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.store import Store
from fakefree.index.taxonomy import load_taxonomy
from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import ARTICLES, Collection, fill_collection


def test_home_lists_only_published_releases(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert ARTICLES["pills"]["title"] in page
    assert ARTICLES["parfums"]["title"] in page
    assert ARTICLES["discos"]["title"] in page
    assert "forged banknotes" not in page


def test_home_shows_counts_by_country_and_sector_as_links_to_their_pages(
    client: FlaskClient,
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/countries/US"' in page
    assert 'href="/sectors/pharma"' in page
    # Nothing in the last 30 days here (2025 releases): the counts of every release, said so.
    assert "none in the last 30 days" in page
    # US: pills and hostile are published; the banknotes notice is not counted.
    us_count = re.search(r'href="/countries/US">[^<]+</a> <span class="count">(\d+)', page)
    assert us_count and us_count.group(1) == "2"


def test_home_marks_foreign_language_content(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<h3 lang="fr">' in page and '<h3 lang="es">' in page


def test_home_has_feed_autodiscovery_and_visible_subscribe_links(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert '<link rel="alternate" type="application/feed+json"' in page
    assert 'Subscribe to this list:\n    <a href="/feeds/latest.atom"' in page
    assert 'href="/feeds/facets.opml"' in page


def test_empty_collection_says_so(fresh_app: Flask) -> None:
    page = fresh_app.test_client().get("/").get_data(as_text=True)
    assert "The collection is empty" in page
    assert "could not be reached" not in page


def test_failing_sources_banner(fresh_settings: Settings) -> None:
    with Store(fresh_settings.db_path) as store:
        run = store.start_run("fr-douane")
        store.finish_run(run, error_kind="timeout", error_message="no answer after 20 s")
        store.finish_run(store.start_run("us-agency"), found=3, new=1)
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    page = client.get("/").get_data(as_text=True)
    assert "1 of 3 sources could not be reached:" in page
    assert "Douane de test (timeout)" in page
    assert "last tried" in page


def test_article_page_shows_original_link_tags_and_evidence(
    client: FlaskClient, ids: dict[str, int]
) -> None:
    page = client.get(f"/articles/{ids['pills']}").get_data(as_text=True)
    assert f'href="{ARTICLES["pills"]["url"]}"' in page
    assert "Read the original release" in page
    assert 'href="https://us-agency.example/"' in page  # the agency's homepage
    assert "<details><summary>Evidence</summary>" in page
    assert "heart pills" in page and "sentenced" in page
    assert "<em>fake heart pills</em>" in page  # sanitized body keeps harmless markup


def test_tags_are_shown_with_taxonomy_labels(
    client: FlaskClient, ids: dict[str, int], collection: Collection
) -> None:
    taxonomy = load_taxonomy(collection.settings.config_dir / "taxonomy.toml")
    page = client.get(f"/articles/{ids['pills']}").get_data(as_text=True)
    for kind, tag in (("sectors", "pharma"), ("actions", "sentence"), ("countries", "US")):
        label = taxonomy.label(kind, tag)
        assert label != tag
        assert f">{label}</a>" in page


def test_article_page_marks_its_language(client: FlaskClient, ids: dict[str, int]) -> None:
    page = client.get(f"/articles/{ids['parfums']}").get_data(as_text=True)
    assert '<h1 lang="fr">' in page
    assert 'lang="fr">' in page.split("Text of the release")[1][:200]


def test_unpublished_article_is_not_found(client: FlaskClient, ids: dict[str, int]) -> None:
    response = client.get(f"/articles/{ids['banknotes']}")
    assert response.status_code == 404
    assert "forged banknotes" not in response.get_data(as_text=True)


def test_missing_article_gives_friendly_page(client: FlaskClient) -> None:
    response = client.get("/articles/999999")
    assert response.status_code == 404
    assert "text/html" in response.content_type
    assert 'href="/">Back to the latest releases' in response.get_data(as_text=True)


def test_sources_page_shows_health(fresh_settings: Settings) -> None:
    fill_collection(fresh_settings, {"pills": ARTICLES["pills"]})
    with Store(fresh_settings.db_path) as store:
        run = store.start_run("mx-aduana")
        store.finish_run(run, error_kind="network", error_message="connection refused")
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    page = client.get("/sources").get_data(as_text=True)
    assert "Aduana de prueba" in page
    assert "<strong>network</strong>" in page and "connection refused" in page
    assert 'href="/search?agency=us-agency">1</a>' in page  # published count


def test_about_page(client: FlaskClient) -> None:
    response = client.get("/about")
    assert response.status_code == 200
    assert "How releases are tagged" in response.get_data(as_text=True)


def test_home_answers_304_to_a_matching_etag(client: FlaskClient) -> None:
    first = client.get("/")
    assert first.status_code == 200 and first.headers["ETag"]
    assert (
        "public" in first.headers["Cache-Control"]
        and "max-age=300" in first.headers["Cache-Control"]
    )
    assert first.headers["Last-Modified"]
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_home_etag_changes_when_a_source_fails(fresh_settings: Settings) -> None:
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    before = client.get("/").headers["ETag"]
    with Store(fresh_settings.db_path) as store:
        store.finish_run(store.start_run("us-agency"), error_kind="http", error_message="503")
    response = client.get("/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert "could not be reached" in response.get_data(as_text=True)
