"""The case on the article page, the case page, the case in the API and feeds by case."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.settings import Settings
from fakefree.site import create_app
from fakefree.site.cases import fold_by_case
from tests.site.conftest import fill_collection, record

ATOM = "{http://www.w3.org/2005/Atom}"
CHARGE = (
    "Odalys Ferreira Brandão, 39, and Kasimir Lindqvist, 44, were charged with selling 6,140"
    " counterfeit headphones worth $1,372,900. U.S. Attorney Helen Crane announced the charges."
)
SENTENCE = (
    "Odalys Ferreira Brandão, 40, was sentenced to 30 months for selling counterfeit headphones."
    " Kasimir Lindqvist <b>awaits</b> sentencing."
)
ARTICLES = {
    "charge": record(
        "charge", "us-agency", title="Two charged over counterfeit headphones",
        summary="Two people charged.", body_text=CHARGE, countries=["US"], actions=["charge"],
        published_at=datetime(2024, 2, 6, 15, tzinfo=UTC),
    ),
    "sentence": record(
        "sentence", "us-agency", title="Seller of counterfeit headphones <sentenced>",
        summary="A seller sentenced.", body_text=SENTENCE, countries=["US"], actions=["sentence"],
        published_at=datetime(2024, 9, 17, 15, tzinfo=UTC),
    ),
    "lone": record(
        "lone", "us-agency", title="Counterfeit chargers seized", summary="Chargers seized.",
        body_text="Officers seized 310 counterfeit chargers from a kiosk.", countries=["US"],
        published_at=datetime(2024, 9, 20, 15, tzinfo=UTC),
    ),
}  # fmt: skip


@pytest.fixture
def grouped(fresh_settings: Settings) -> tuple[Flask, dict[str, int]]:
    ids = fill_collection(fresh_settings, ARTICLES)
    return create_app({"SETTINGS": fresh_settings, "TESTING": True}), ids


def test_the_article_page_shows_its_case_with_the_timeline_and_why(grouped) -> None:
    app, ids = grouped
    page = app.test_client().get(f"/articles/{ids['sentence']}").get_data(as_text=True)
    assert 'id="case-heading"' in page
    assert f'href="/articles/{ids["charge"]}"' in page and f'href="/cases/{ids["charge"]}"' in page
    timeline = page[page.index('class="case-timeline"') :]
    assert timeline.index("Two charged over") < timeline.index('class="case-here"')  # oldest first
    assert "primary source" in page and "<details" in page and "Same defendant named" in page
    assert "odalys brandao" in page
    assert "<sentenced>" not in page and "&lt;sentenced&gt;" in page
    lone = app.test_client().get(f"/articles/{ids['lone']}").get_data(as_text=True)
    assert 'id="case-heading"' not in lone


def test_the_case_page_answers_and_an_old_case_number_redirects(grouped) -> None:
    app, ids = grouped
    client: FlaskClient = app.test_client()
    page = client.get(f"/cases/{ids['charge']}")
    assert page.status_code == 200 and "2 releases" in page.get_data(as_text=True)
    moved = client.get(f"/cases/{ids['sentence']}")
    assert moved.status_code == 301 and moved.location.endswith(f"/cases/{ids['charge']}")
    assert client.get("/cases/987654").status_code == 404
    assert client.get("/cases/99999999999999999999").status_code == 404


def test_the_api_gives_the_case_of_an_article_and_the_case(grouped) -> None:
    app, ids = grouped
    client = app.test_client()
    article = client.get(f"/api/v1/articles/{ids['sentence']}").get_json()
    assert article["case_id"] == ids["charge"] and article["case_size"] == 2
    lone = client.get(f"/api/v1/articles/{ids['lone']}").get_json()
    assert lone["case_id"] == ids["lone"] and lone["case_size"] == 1
    case = client.get(f"/api/v1/cases/{ids['charge']}").get_json()
    assert [r["id"] for r in case["releases"]] == [ids["charge"], ids["sentence"]]
    assert case["primary_id"] == ids["charge"] and case["links"][0]["reasons"]["rule"]
    missing = client.get("/api/v1/cases/987654")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_feeds_can_give_one_entry_per_case(grouped) -> None:
    app, ids = grouped
    client = app.test_client()
    every = ElementTree.fromstring(client.get("/feeds/latest.atom").data)
    folded = ElementTree.fromstring(client.get("/feeds/latest.atom?per=case").data)
    assert len(every.findall(f"{ATOM}entry")) == 3
    entries = folded.findall(f"{ATOM}entry")
    assert len(entries) == 2
    newest = entries[1] if "chargers" in entries[0].findtext(f"{ATOM}title") else entries[0]
    assert newest.findtext(f"{ATOM}id").endswith(f"/articles/{ids['sentence']}")
    assert "2 releases about this case" in newest.findtext(f"{ATOM}summary")
    search = client.get("/search.json?q=counterfeit&per=case").get_json()
    assert len(search["items"]) == 2


def test_fold_by_case_keeps_the_newest_release_of_each_case(grouped) -> None:
    app, ids = grouped
    with app.test_request_context():
        from fakefree.site.db import get_store

        articles = get_store().get_articles([ids["charge"], ids["lone"], ids["sentence"]])
        entries = fold_by_case(articles)
    assert [e.article.id for e in entries] == [ids["sentence"], ids["lone"]]
    assert [(e.case_id, e.count, e.listed) for e in entries] == [
        (ids["charge"], 2, 2),
        (ids["lone"], 1, 1),
    ]


def test_an_article_page_changes_its_etag_when_a_release_joins_its_case(fresh_settings) -> None:
    ids = fill_collection(fresh_settings, {"charge": ARTICLES["charge"]})
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    first = client.get(f"/articles/{ids['charge']}")
    assert 'id="case-heading"' not in first.get_data(as_text=True)
    fill_collection(fresh_settings, {"sentence": ARTICLES["sentence"]})
    again = client.get(
        f"/articles/{ids['charge']}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200 and 'id="case-heading"' in again.get_data(as_text=True)


def test_statistics_count_cases_and_releases_separately(grouped) -> None:
    app, _ids = grouped
    client = app.test_client()
    releases = client.get("/statistics/countries-yearly.csv").get_data(as_text=True).splitlines()
    cases = client.get("/statistics/countries-yearly.csv?unit=cases").get_data(as_text=True)
    assert releases[0] == "year,US,total" and "2024,3,3" in releases
    assert "2024,2,2" in cases.splitlines()  # charge + sentence are one case; the lone seizure
    page = client.get("/statistics?unit=cases").get_data(as_text=True)
    assert "All cases" in page and "countries-yearly.csv?unit=cases" in page
    assert "about 2 cases" in client.get("/statistics").get_data(as_text=True)
    assert client.get("/statistics?unit=planets").status_code == 404


def test_search_can_show_one_entry_per_case(grouped) -> None:
    app, ids = grouped
    client = app.test_client()
    every = client.get("/search?q=headphones").get_data(as_text=True)
    assert every.count('class="release"') == 2 and "per=case" in every
    folded = client.get("/search?q=headphones&per=case").get_data(as_text=True)
    assert folded.count('class="release"') == 1
    assert f'href="/articles/{ids["sentence"]}"' in folded  # the newest release of the case
    assert "2 releases about this case" in folded and f'href="/cases/{ids["charge"]}"' in folded
    assert 'name="per" value="case"' in folded  # a new search keeps the choice
    assert client.get("/search?q=headphones&per=planet").status_code == 400


def test_the_home_page_can_show_one_entry_per_case(grouped) -> None:
    app, ids = grouped
    client = app.test_client()
    every = client.get("/")
    assert every.get_data(as_text=True).count('class="release"') == 3
    folded = client.get("/?per=case", headers={"If-None-Match": every.headers["ETag"]})
    page = folded.get_data(as_text=True)
    assert folded.status_code == 200 and page.count('class="release"') == 2
    assert "2 releases about this case" in page and f'href="/cases/{ids["charge"]}"' in page
