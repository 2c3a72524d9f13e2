"""The search page's features: highlighted hits, the year facet, the date range, chips,
malformed queries, and what to relax when nothing is found; with the API and feeds."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from fakefree.index.fulltext import QUERY_PREFIXES
from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import fill_collection, record


def marks(page: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", page)


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("pill", ["pills", "pills"]),  # the title, then the snippet: stemmed matches
        ("contrefait", ["contrefaits", "contrefaits"]),
        ("disco", ["discos", "discos"]),
        ("title:watches", ["watches"]),  # the title only
        ("body:heart", ["heart"]),  # the text only
        ("heart -pills", []),  # nothing found: heart is only with pills
    ],
)
def test_hits_mark_the_words_searched_for(client: FlaskClient, query: str, marked: list) -> None:
    html = page(client, f"/search?q={query}")
    assert marks(html) == marked


def test_marked_hits_stay_escaped(client: FlaskClient) -> None:
    html = page(client, "/search?q=watches")
    assert "<script>alert('title')" not in html
    assert "Fake <mark>watches</mark> &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "forty crates of fake <mark>watches</mark>" in html


@pytest.fixture
def hostile_client(fresh_settings: Settings) -> FlaskClient:
    """A collection of releases whose text is made to break out of the page."""
    body = 'Fake watches </mark><script>alert("x")</script> &amp; <b onclick=1>watches</b> &lt;'
    fill_collection(fresh_settings, {"evil": record(
        "evil", "us-agency", title='<img src=x onerror=alert(1)> "watches" & co',
        summary="Watches.", body_text=body, countries=["US"],
    )})  # fmt: skip
    return create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()


def test_hostile_text_is_escaped_before_marking(hostile_client: FlaskClient) -> None:
    html = page(hostile_client, "/search?q=watches")
    assert "<script>" not in html and "<img src=x" not in html and "<b onclick" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &#34;<mark>watches</mark>&#34; &amp; co" in html
    assert "&lt;/mark&gt;&lt;script&gt;" in html and "&amp;amp;" in html
    snippet = hostile_client.get("/api/v1/search?q=watches").get_json()["results"][0]["snippet"]
    assert snippet.startswith("Fake <mark>watches</mark> &lt;/mark&gt;&lt;script&gt;")
    assert "<b" not in snippet and "&amp;amp;" in snippet


def test_year_facet_links_to_that_year(client: FlaskClient) -> None:
    html = page(client, "/search")
    assert '<a href="/search?from=2025&amp;to=2025">2025</a> <span class="count">4</span>' in html
    chosen = page(client, "/search?from=2025&to=2025")
    assert 'href="/search" class="selected" aria-current="true">2025</a>' in chosen


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        ("from=2025-03-04", 2),  # inclusive: the release of 4 March at 09:00 is in
        ("to=2025-03-03", 2),
        ("from=2025-03-03&to=2025-03-04", 2),
        ("from=2025-03&to=2025-03", 4),
        ("from=2025-03-05&to=2025-03-05", 1),
        ("from=2026", 0),
        ("from=2025-03-03&to=2025-03-04&country=MX", 1),
        ("q=watches OR pills&from=2025-03-05", 1),
    ],
)
def test_date_range(client: FlaskClient, args: str, titles: int) -> None:
    html = page(client, f"/search?{args}")
    assert len(re.findall(r'<li class="release">', html)) == titles


def test_date_range_shows_in_the_form_and_as_a_chip(client: FlaskClient) -> None:
    html = page(client, "/search?country=MX&from=2025-03&to=2025-03")
    assert '<input id="from" name="from" type="date" value="2025-03-01">' in html
    assert '<input id="to" name="to" type="date" value="2025-03-31">' in html
    assert (
        'href="/search?country=MX"\n               aria-label="Remove filter Published: 2025-03">'
        in html
    )
    assert 'aria-label="Remove filter Country: Mexico">' in html
    assert 'href="/search?from=2025-03&amp;to=2025-03"' in html  # removing the country


@pytest.mark.parametrize(
    ("url", "message", "field"),
    [
        ("/search?q=foo:bar", "Unknown field &#39;foo&#39;; use title:, body:", "q"),
        ("/search?q=country:", "Put a value right after country:", "q"),
        ("/search?q=*atch", "A * can only end a word of 3 letters or more", "q"),
        ("/search?from=2025-13-01", "from is not a real date: &#39;2025-13-01&#39;", "from"),
        ("/search?to=2025-02-30", "to is not a real date", "to"),
        ("/search?from=2025&to=2024", "The date range ends before it starts", "from"),
    ],
)
def test_malformed_search_is_a_400_next_to_the_field(
    client: FlaskClient, url: str, message: str, field: str
) -> None:
    html = page(client, url, 400)
    assert message in html
    assert '<div id="search-error" class="banner banner-error" role="alert">' in html
    assert re.search(
        rf'<input id="{field}" [^>]*aria-invalid="true" aria-describedby="search-error"', html
    )
    assert "For example:" in html


def test_malformed_query_keeps_what_was_typed_and_opens_the_help(client: FlaskClient) -> None:
    html = page(client, "/search?q=title:fake%20foo:bar&country=US", 400)
    assert 'value="title:fake foo:bar"' in html
    assert '<input type="hidden" name="country" value="US">' in html
    assert '<details class="search-help" id="search-help" open>' in html
    html = page(client, "/search?q=watches&country=US&from=2025-13-01", 400)
    assert 'value="watches"' in html and '<input type="hidden" name="country" value="US">' in html
    assert 'id="q" name="q" type="search" maxlength="500" value="watches">' in html  # q is fine


def test_empty_result_suggests_what_to_relax_with_counts(client: FlaskClient) -> None:
    html = page(client, "/search?q=pills&country=FR&language=en")
    assert (
        '<a href="/search?q=pills&amp;language=en">without Country: France</a> — 1 release' in html
    )
    assert "without Language" not in html  # still nothing without it: not offered
    html = page(client, "/search?q=parfums&from=2020&to=2020")
    assert '<a href="/search?q=parfums">at any date</a> — 1 release' in html
    html = page(client, "/search?q=heart%20seized")
    assert "any of the words: heart OR seized</a> — 2 releases" in html
    html = page(client, "/search?q=parfumms")
    assert 'Did you mean <a href="/search?q=parfums">parfums</a>? (1 release)' in html


def test_api_takes_the_date_range_and_gives_snippets(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=watches&from=2025-03-02&to=2025-03-02").get_json()
    assert body["total"] == 1
    assert "forty crates of fake <mark>watches</mark>" in body["results"][0]["snippet"]
    assert body["facets"]["year"] == [{"value": "2025", "label": "2025", "count": 1}]
    assert client.get("/api/v1/search?from=2025-03-06").get_json()["total"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("from=2025-13-01", "from is not a real date: '2025-13-01'."),
        ("q=foo:bar", "Unknown field 'foo'; use title:, body:, text:, country:"),
        ("from=2025&to=2024", "The date range ends before it starts (from 2025-01-01 to 2024-12-31)."),
    ],
)  # fmt: skip
def test_api_errors_keep_the_json_shape(client: FlaskClient, args: str, message: str) -> None:
    response = client.get(f"/api/v1/search?{args}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and message in error["message"]


def test_api_cursor_belongs_to_its_date_range(client: FlaskClient) -> None:
    first = client.get("/api/v1/search?from=2025-03-02&per_page=1").get_json()
    assert first["total"] == 4 and "from=2025-03-02" in first["next"]
    cursor = first["next_cursor"]
    assert (
        client.get(f"/api/v1/search?from=2025-03-02&per_page=1&cursor={cursor}").status_code == 200
    )
    assert (
        client.get(f"/api/v1/search?from=2025-03-03&per_page=1&cursor={cursor}").status_code == 400
    )


def test_feeds_take_the_new_parameters(client: FlaskClient) -> None:
    atom = page(client, "/search.atom?from=2025-03-04")
    assert atom.count("</entry>") == 2 and "2025-03-04 – …" in atom
    feed = client.get("/search.json?q=country:mx").get_json()
    assert [item["title"] for item in feed["items"]] == ["Aseguran discos piratas en un mercado"]
    assert client.get("/search.rss?from=2025-13-01").status_code == 400


def test_search_page_announces_the_dated_search_feed(client: FlaskClient) -> None:
    html = page(client, "/search?country=MX&from=2025")
    assert 'href="/search.atom?country=MX&amp;from=2025"' in html  # not the country's own feed


def test_search_page_help_lists_every_field_prefix(client: FlaskClient) -> None:
    html = page(client, "/search")
    help_box = html[html.index('<details class="search-help"') : html.index("</details>")]
    for prefix in QUERY_PREFIXES:
        assert f"{prefix}:" in help_box, prefix
