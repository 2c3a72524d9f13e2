"""Every feed, in every format, passes strict checks: well-formed XML (or JSON valid against the
JSON Feed 1.1 schema), feedparser bozo = 0, valid dates, unique ids, absolute URLs, and none of
the characters XML forbids even though a release in the collection holds some."""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from flask.testing import FlaskClient
from lxml import etree

from tests.site.conftest import ARTICLES

JSON_FEED_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text()
)
ATOM = "{http://www.w3.org/2005/Atom}"
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
FEED_PATHS = (
    "/feeds/latest",
    "/feeds/country/US",
    "/feeds/country/MX",
    "/feeds/sector/pharma",
    "/feeds/ip_type/counterfeit",
    "/feeds/action/seizure",
    "/feeds/agency/us-agency",
    "/feeds/language/fr",
    "/search",
)
ALL_FEEDS = [f"{path}.{fmt}" for path in FEED_PATHS for fmt in ("atom", "rss", "json")]
ALL_FEEDS += ["/search.atom?q=watches&country=US", "/search.json?q=parfums&sort=relevance"]


def assert_absolute(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, url


def fetch(client: FlaskClient, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_data()
    assert not FORBIDDEN.search(body.decode("utf-8")), url
    return body


def check_xml_feed(body: bytes) -> None:
    root = etree.fromstring(body)  # well-formed XML 1.0, or this raises
    for element in root.iter():
        for name in ("href", "uri", "url"):
            if element.get(name):
                assert_absolute(element.get(name))
        if element.tag in (f"{ATOM}id", "guid", "link", f"{ATOM}uri"):
            assert_absolute(element.text)
        if element.tag in (f"{ATOM}updated", f"{ATOM}published"):
            assert RFC3339.match(element.text), element.text
        if element.tag in ("pubDate", "lastBuildDate"):
            assert parsedate_to_datetime(element.text).tzinfo is not None
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    ids = [entry.id for entry in parsed.entries]
    assert len(ids) == len(set(ids))
    assert all(entry.published_parsed for entry in parsed.entries)


def check_json_feed(body: bytes) -> None:
    feed = json.loads(body)
    jsonschema.validate(feed, JSON_FEED_SCHEMA)  # formats are checked below
    for url in (feed["home_page_url"], feed["feed_url"]):
        assert_absolute(url)
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids))
    for item in feed["items"]:
        for name in ("id", "url", "external_url"):
            assert_absolute(item[name])
        for name in ("date_published", "date_modified"):
            assert RFC3339.match(item[name]) and datetime.fromisoformat(item[name])


@pytest.mark.parametrize("url", ALL_FEEDS)
def test_every_feed_passes_strict_checks(client: FlaskClient, url: str) -> None:
    body = fetch(client, url)
    if urlsplit(url).path.endswith(".json"):
        check_json_feed(body)
    else:
        check_xml_feed(body)


def test_json_feed_items_carry_language_tags_and_the_original(
    client: FlaskClient, ids: dict[str, int]
) -> None:
    feed = json.loads(fetch(client, "/feeds/latest.json"))
    item = next(i for i in feed["items"] if i["id"].endswith(f"/articles/{ids['discos']}"))
    assert item["external_url"] == ARTICLES["discos"]["url"]
    assert item["language"] == "es"
    assert item["date_published"] == "2025-03-03T18:00:00Z"
    assert "Mexico" in item["tags"] and "Seizure" in item["tags"]
    assert {"term": "MX", "label": "Mexico"}.items() <= item["_fakefree"]["categories"][0].items()
    assert item["authors"] == [{"name": "Aduana de prueba", "url": "https://mx-aduana.example/"}]
    hostile = next(i for i in feed["items"] if i["id"].endswith(f"/articles/{ids['hostile']}"))
    assert "\x0b" not in hostile["title"] and "<script>" in hostile["title"]  # text, not markup


def feed_titles(body: bytes, fmt: str) -> tuple[str, list[str]]:
    """The feed's title and its entries' titles, as a reader gets them."""
    if fmt == "json":
        feed = json.loads(body)
        return feed["title"], [item["title"] for item in feed["items"]]
    parsed = feedparser.parse(body)
    return parsed.feed.title, [entry.title for entry in parsed.entries]


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_facet_feed_holds_only_that_facet(client: FlaskClient, fmt: str) -> None:
    title, titles = feed_titles(fetch(client, f"/feeds/action/seizure.{fmt}"), fmt)
    expected = sorted(
        ARTICLES[k]["title"].replace("\x0b", "") for k in ("parfums", "discos", "hostile")
    )
    assert sorted(titles) == expected
    assert title == "Fake Free: Action · Seizure"


@pytest.mark.parametrize(
    "url",
    ["/feeds/country/ZZ.atom", "/feeds/sector/nothing.rss", "/feeds/agency/nobody.json",
     "/feeds/language/de.atom", "/feeds/planet/MX.atom", "/feeds/country/MX.html"],
)  # fmt: skip
def test_unknown_facet_feed_is_a_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_language_feed_says_its_language(client: FlaskClient) -> None:
    parsed = feedparser.parse(fetch(client, "/feeds/language/fr.rss"))
    assert parsed.feed.language == "fr"
    assert [e.title for e in parsed.entries] == [ARTICLES["parfums"]["title"]]


def test_opml_lists_every_facet_feed_with_absolute_urls(client: FlaskClient) -> None:
    response = client.get("/feeds/facets.opml")
    assert response.content_type.startswith("text/x-opml")
    root = etree.fromstring(response.get_data())
    groups = {g.get("text"): g for g in root.find("body")}
    assert set(groups) == {"Country", "Sector", "IP type", "Action", "Agency", "Language"}
    feeds = [o for g in groups.values() for o in g]
    assert {o.get("text") for o in groups["Country"]} == {"United States", "France", "Mexico"}
    assert len(groups["Sector"]) == 13 and len(groups["Language"]) == 3
    for outline in feeds:
        assert outline.get("type") == "rss"
        assert_absolute(outline.get("xmlUrl")) and assert_absolute(outline.get("htmlUrl"))
    for outline in feeds[:3] + feeds[-3:]:
        assert client.get(outline.get("xmlUrl")).status_code == 200


def test_search_filtered_by_one_facet_discovers_the_facet_feed(client: FlaskClient) -> None:
    page = client.get("/search?country=MX").get_data(as_text=True)
    for fmt, mimetype in (("atom", "atom+xml"), ("rss", "rss+xml"), ("json", "feed+json")):
        assert f'type="application/{mimetype}" title="This search' in page
        assert f'href="/feeds/country/MX.{fmt}"' in page
    assert 'href="/search.csv?country=MX"' in page


def test_search_with_words_discovers_its_search_feed(client: FlaskClient) -> None:
    page = client.get("/search?q=pills&sector=pharma&sort=date").get_data(as_text=True)
    assert (
        'type="application/feed+json" title="This search (JSON Feed)" href="/search.json?q=pills&amp;sector=pharma"'
        in page
    )
