"""Pages per country, sector, IP type, action and agency, and the agency directory."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import ARTICLES, record
from tests.site.recent import days_ago, fill_recent


@pytest.fixture
def browse_client(fresh_settings: Settings) -> FlaskClient:
    fill_recent(fresh_settings)
    return create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()


def test_country_page_lists_its_releases_counts_feeds_agencies_and_resources(
    browse_client: FlaskClient,
) -> None:
    response = browse_client.get("/countries/US")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>United States</h1>" in page
    assert "2 releases published" in page and "2 in the last 30 days" in page
    assert "Counterfeit insulin pens seized" in page and "Aseguran juguetes" in page
    assert "forged banknotes" not in page  # unpublished
    assert "Démantèlement" not in page  # another country's release
    for fmt, mime in (("atom", "application/atom+xml"), ("rss", "application/rss+xml"),
                      ("json", "application/feed+json")):  # fmt: skip
        assert f'<link rel="alternate" type="{mime}"' in page
        assert f'href="/feeds/country/US.{fmt}"' in page
    assert 'href="/agencies/us-agency"' in page and 'href="https://us-agency.example/"' in page
    assert 'href="https://www.uspto.gov/"' in page  # where to turn in the US
    assert 'href="/resources#US"' in page
    # Counts by the other tags link to their own pages.
    assert re.search(r'href="/sectors/pharma">[^<]+</a> <span class="count">1<', page)


def test_country_codes_are_upper_case_and_unknown_ones_are_a_helpful_404(
    browse_client: FlaskClient,
) -> None:
    lower = browse_client.get("/countries/mx")
    assert lower.status_code == 301 and lower.headers["Location"].endswith("/countries/MX")
    missing = browse_client.get("/countries/ZZ")
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert "There is no country with the code “ZZ”." in page
    assert 'href="/countries"' in page
    assert 'rel="canonical"' not in page  # nothing to index on an error page
    hostile = browse_client.get("/sectors/%3Cscript%3E")
    assert hostile.status_code == 404 and "<script>" not in hostile.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "title", "shown", "hidden"),
    [
        ("/sectors/media", "Film, TV, music, books and games", "Démantèlement", "insulin"),
        ("/ip-types/piracy", None, "Sentencia por venta", "juguetes"),
        ("/actions/seizure", "Seizure", "insulin pens", "Démantèlement"),
    ],
)
def test_sector_ip_type_and_action_pages(
    browse_client: FlaskClient, path: str, title: str | None, shown: str, hidden: str
) -> None:
    response = browse_client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if title:
        assert f"<h1>{title}</h1>" in page
    assert shown in page and hidden not in page
    assert browse_client.get(path + "-nope").status_code == 404


def test_topic_indexes_list_values_with_counts(browse_client: FlaskClient) -> None:
    page = browse_client.get("/countries").get_data(as_text=True)
    assert re.search(r'href="/countries/MX">Mexico</a> <span class="count">2 releases', page)
    assert 'href="/countries/DE"' not in page  # no release: not listed
    sectors = browse_client.get("/sectors").get_data(as_text=True)
    assert 'href="/sectors/tobacco"' in sectors  # every sector, even without releases
    assert browse_client.get("/ip-types").status_code == 200
    assert browse_client.get("/actions").status_code == 200


def test_agency_directory_groups_agencies_by_country(browse_client: FlaskClient) -> None:
    page = browse_client.get("/agencies").get_data(as_text=True)
    headings = re.findall(r'<h2 id="country-(\w+)">', page)
    assert headings == ["FR", "MX", "US"]  # by country name: France, Mexico, United States
    assert 'href="https://fr-douane.example/"' in page and 'href="/agencies/fr-douane"' in page
    assert 'href="/countries/FR"' in page


def test_agency_page_shows_health_releases_and_feed(browse_client: FlaskClient) -> None:
    page = browse_client.get("/agencies/mx-aduana").get_data(as_text=True)
    assert "<h1>Aduana de prueba</h1>" in page
    assert "Aseguran juguetes" in page and "Sentencia por venta" in page
    assert "insulin" not in page
    assert 'href="/feeds/agency/mx-aduana.atom"' in page
    assert "Not read yet" in page  # never crawled in this test
    assert 'href="/countries/MX"' in page
    missing = browse_client.get("/agencies/../../etc")
    assert missing.status_code == 404
    assert browse_client.get("/agencies/nobody").status_code == 404


def test_pages_of_a_long_listing(fresh_settings: Settings) -> None:
    many = {f"n{i}": record(f"n{i}", "fr-douane", title=f"Saisie numéro {i}", countries=["FR"],
                            published_at=days_ago(i + 1)) for i in range(25)}  # fmt: skip
    fill_recent(fresh_settings, many)
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    first = client.get("/countries/FR").get_data(as_text=True)
    assert "Saisie numéro 0<" in first and "Saisie numéro 24<" not in first
    assert 'rel="next" href="/countries/FR?page=2"' in first
    second = client.get("/countries/FR?page=2").get_data(as_text=True)
    assert "Saisie numéro 24<" in second and 'rel="prev" href="/countries/FR"' in second
    assert 'rel="canonical" href="http://localhost/countries/FR?page=2"' in second
    beyond = client.get("/countries/FR?page=9").get_data(as_text=True)
    assert 'href="/countries/FR?page=2">Go to the last page' in beyond
    assert client.get("/countries/FR?page=zero").status_code == 400


def test_browse_pages_answer_304(browse_client: FlaskClient) -> None:
    for path in ("/countries/US", "/sectors/media", "/agencies", "/agencies/us-agency",
                 "/countries", "/resources", "/about", "/sources"):  # fmt: skip
        first = browse_client.get(path)
        assert first.status_code == 200, path
        etag = first.headers["ETag"]
        again = browse_client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path


def test_article_links_to_its_agency_and_tag_pages(client: FlaskClient, ids: dict) -> None:
    page = client.get(f"/articles/{ids['pills']}").get_data(as_text=True)
    assert 'href="/agencies/us-agency">US Test Agency</a>' in page
    assert 'href="/countries/US"' in page and 'href="/sectors/pharma"' in page
    assert 'href="/actions/sentence"' in page
    assert ARTICLES["pills"]["title"] in page


def test_home_counts_the_last_30_days(browse_client: FlaskClient) -> None:
    page = browse_client.get("/").get_data(as_text=True)
    assert "Releases of the last 30 days" in page
    aside = page.split('class="counts"')[1]
    # US: two recent releases; FR's is 45 days old and the unpublished notice never counts.
    assert re.search(r'href="/countries/US">[^<]+</a> <span class="count">2<', aside)
    assert 'href="/countries/FR"' not in aside
    assert 'href="/statistics"' in aside
