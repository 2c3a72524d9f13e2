from __future__ import annotations

from datetime import UTC, datetime

import feedparser
import pytest
from flask.testing import FlaskClient
from lxml import etree

from fakefree.site.feedwriter import FeedInfo, FeedItem, render_feed, xml_text
from tests.site.conftest import ARTICLES

FEED_URLS = ("/feeds/latest.atom", "/feeds/latest.rss", "/search.atom", "/search.rss")


def fetch_feed(client: FlaskClient, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    etree.fromstring(response.get_data())  # well-formed XML 1.0, or this raises
    return feedparser.parse(response.get_data())


@pytest.mark.parametrize("url", FEED_URLS)
def test_feed_is_valid_with_unique_ids_and_absolute_links(client: FlaskClient, url: str) -> None:
    feed = fetch_feed(client, url)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 4  # every published release, not the unpublished one
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry in feed.entries:
        assert entry.link.startswith("http://localhost/articles/")
    assert "forged banknotes" not in str(feed)


def test_atom_entry_has_original_link_categories_dates_and_language(
    client: FlaskClient, ids: dict[str, int]
) -> None:
    feed = fetch_feed(client, "/feeds/latest.atom")
    entry = next(e for e in feed.entries if e.id.endswith(f"/articles/{ids['parfums']}"))
    assert entry.id == f"http://localhost/articles/{ids['parfums']}"
    related = [link.href for link in entry.links if link.rel == "related"]
    assert related == [ARTICLES["parfums"]["url"]]
    assert {"FR", "personal-care", "counterfeit", "seizure"} <= {t.term for t in entry.tags}
    assert entry.published_parsed[:5] == (2025, 3, 4, 9, 0)
    assert entry.language == "fr"
    assert feed.feed.language == "en"
    assert feed.feed.links[0].href.startswith("http://localhost/")


def test_rss_item_has_guid_date_and_language(client: FlaskClient, ids: dict[str, int]) -> None:
    feed = fetch_feed(client, "/feeds/latest.rss")
    entry = next(e for e in feed.entries if e.id.endswith(f"/articles/{ids['discos']}"))
    assert entry.published == "Mon, 03 Mar 2025 18:00:00 +0000"
    assert entry.language == "es"
    assert entry.link == f"http://localhost/articles/{ids['discos']}"
    assert [link.href for link in entry.links if link.rel == "related"] == [
        ARTICLES["discos"]["url"]
    ]
    assert feed.feed.link == "http://localhost/"


def test_control_characters_and_markup_in_a_title_stay_text(client: FlaskClient) -> None:
    for url in ("/feeds/latest.atom", "/feeds/latest.rss"):
        feed = fetch_feed(client, url)
        titles = [e.title for e in feed.entries]
        assert "Fake watches <script>alert('title')</script> seized at the border" in titles
        assert b"<script>" not in client.get(url).get_data()


def test_search_feed_follows_the_filters(client: FlaskClient) -> None:
    feed = fetch_feed(client, "/search.atom?country=MX&country=FR")
    assert sorted(e.title for e in feed.entries) == sorted(
        ARTICLES[k]["title"] for k in ("parfums", "discos")
    )
    feed = fetch_feed(client, "/search.rss?q=pills&language=en")
    assert [e.title for e in feed.entries] == [ARTICLES["pills"]["title"]]
    assert feed.feed.language == "en"


def test_search_feed_with_a_bad_query_is_a_400(client: FlaskClient) -> None:
    assert client.get('/search.atom?q="open').status_code == 400


@pytest.mark.parametrize("url", ["/feeds/latest.atom", "/search.rss?country=US"])
def test_feed_conditional_get(client: FlaskClient, url: str) -> None:
    first = client.get(url)
    etag = first.headers["ETag"]
    assert "max-age=300" in first.headers["Cache-Control"]
    assert first.headers["Content-Type"].startswith(("application/atom+xml", "application/rss+xml"))
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_xml_text_removes_only_forbidden_characters() -> None:
    assert xml_text("a\x00b\x0bc\x1fd\ufffee") == "abcde"
    assert xml_text("tab\tnew\nline\r é 漢 😀") == "tab\tnew\nline\r é 漢 😀"
    assert xml_text(None) == ""


def test_render_feed_survives_hostile_text_in_every_field() -> None:
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    item = FeedItem(
        id="http://x.test/articles/1", link="http://x.test/articles/1",
        original_url="https://agency.test/a?\x01b", title="\x0bT<i>", summary="S\x08",
        language="fr", published=moment, updated=moment, agency="Agency\x02",
    )  # fmt: skip
    info = FeedInfo("Title\x0c", "", "http://x.test/feed", "http://x.test/", "en", moment, [item])
    for fmt in ("atom", "rss"):
        parsed = feedparser.parse(render_feed(info, fmt))
        assert parsed.bozo == 0 and parsed.entries[0].title == "T<i>"
