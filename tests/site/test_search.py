from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from fakefree.index.fulltext import FACET_FIELDS
from fakefree.site.queries import FILTER_PARAMS, parse_search_args
from tests.site.conftest import ARTICLES


def result_titles(page: str) -> list[str]:
    """The titles listed, without the <mark> of the words searched for."""
    titles = re.findall(r'<h3 lang="\w+"><a href="/articles/\d+">(.+?)</a></h3>', page)
    return [re.sub(r"</?mark>", "", t) for t in titles]


def test_every_facet_field_has_a_url_parameter() -> None:
    assert sorted(FILTER_PARAMS.values()) == sorted(FACET_FIELDS)


def test_search_finds_by_words(client: FlaskClient) -> None:
    page = client.get("/search?q=parfums").get_data(as_text=True)
    assert result_titles(page) == [ARTICLES["parfums"]["title"]]


def test_search_without_words_lists_every_published_release_newest_first(
    client: FlaskClient,
) -> None:
    titles = result_titles(client.get("/search").get_data(as_text=True))
    assert titles[:3] == [ARTICLES[k]["title"] for k in ("pills", "parfums", "discos")]
    assert len(titles) == 4  # the unpublished notice is not there


def test_facet_filter_narrows(client: FlaskClient) -> None:
    page = client.get("/search?action=seizure").get_data(as_text=True)
    assert len(result_titles(page)) == 3
    page = client.get("/search?action=seizure&country=FR").get_data(as_text=True)
    assert result_titles(page) == [ARTICLES["parfums"]["title"]]


def test_facets_link_to_add_and_remove_a_filter(client: FlaskClient) -> None:
    page = client.get("/search?country=MX").get_data(as_text=True)
    assert 'href="/search?country=MX&amp;language=es"' in page  # add a language
    assert 'href="/search"' in page  # removing the only filter
    assert 'aria-current="true"' in page  # the chosen value is marked


def test_filter_links_are_stable_whatever_the_order(client: FlaskClient) -> None:
    one = client.get("/search?country=US&country=FR").get_data(as_text=True)
    two = client.get("/search?country=FR&country=US").get_data(as_text=True)
    assert one == two
    assert 'href="/search?country=FR&amp;country=US&amp;sector=pharma"' in one


def test_malformed_query_is_a_400_with_the_message(client: FlaskClient) -> None:
    response = client.get('/search?q="unclosed phrase')
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "quotation mark is not closed" in page
    assert 'role="alert"' in page


def test_bad_sort_or_page_is_a_400(client: FlaskClient) -> None:
    assert client.get("/search?sort=random").status_code == 400
    assert client.get("/search?page=zero").status_code == 400
    assert client.get("/search?page=0").status_code == 400


def test_empty_result_suggests_removing_filters(client: FlaskClient) -> None:
    page = client.get("/search?country=FR&language=es").get_data(as_text=True)
    assert "No release matches" in page
    assert "search without any filter" in page


def test_page_beyond_the_last_redirects_to_the_last(client: FlaskClient) -> None:
    response = client.get("/search?country=US&page=40")
    assert response.status_code == 302
    assert response.headers["Location"] == "/search?country=US"


def test_search_page_has_feed_links_with_the_same_filters(client: FlaskClient) -> None:
    page = client.get("/search?q=pills&sector=pharma").get_data(as_text=True)
    assert 'href="/search.atom?q=pills&amp;sector=pharma"' in page
    assert 'type="application/rss+xml" title="This search (RSS)" href="/search.rss?q=pills' in page


def test_parse_search_args_normalises() -> None:
    params = parse_search_args(MultiDict([("country", "US"), ("country", " FR "), ("sector", "")]))
    assert params.filters == {"countries": ("FR", "US")}
    assert params.sort == "date" and params.page == 1
    assert parse_search_args(MultiDict({"q": "fake"})).sort == "relevance"
