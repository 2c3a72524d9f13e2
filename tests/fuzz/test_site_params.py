"""Generated query strings on every search-shaped URL, through the real Flask app: never a 5xx,
and every API error in the one JSON error shape."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask
from hypothesis import example, given
from hypothesis import strategies as st

from .budget import fuzz

PARAMS = ["q", "country", "sector", "ip_type", "action", "language", "agency", "from", "to",
          "sort", "page", "per_page", "cursor", "lang", "format", "x"]  # fmt: skip
ODD = ["", "0", "-1", "99999999999999999999", "1e3", "2025", "2025-02-30", "2025-13", "0000",
       "US", "fr", "pharma", "date", "relevance", "NaN", "\x00", "%", "%zz", "&", "=", "../",
       "title_en:", '"', "NOT", "a" * 600, "é", "𝔘", "<script>", "eyJ4IjoxfQ.sig", "\ud800"]  # fmt: skip
VALUE = st.one_of(st.sampled_from(ODD), st.text(max_size=20))
QUERY = st.lists(st.tuples(st.sampled_from(PARAMS), VALUE), max_size=6)
PATHS = ["/search", "/search.atom", "/search.rss", "/search.json", "/search.csv", "/api/v1/search"]


def encode(pairs: list[tuple[str, str]]) -> str:
    """The query string; lone surrogates and raw bytes go as they would on the wire."""
    return urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs])


def check(app: Flask, url: str) -> None:
    response = app.test_client().get(url)
    assert response.status_code < 500, (url, response.status_code)
    if url.startswith("/api/") and response.status_code >= 400:
        error = response.get_json()["error"]
        assert error["status"] == response.status_code and error["code"] and error["message"]


@fuzz(1.5)
@given(st.sampled_from(PATHS), QUERY)
@example("/api/v1/search", [("cursor", "x" * 5000)])
@example("/search", [("from", "2025-99"), ("to", "0")])
@example("/search", [("page", "\u00b2")])  # int("²") raised: a 500
@example("/api/v1/search", [("per_page", "99999999999999999999")])
@example("/search.csv", [("q", "\ud800")])
def test_search_urls_never_fail(fuzz_app: Flask, path: str, pairs: list[tuple[str, str]]) -> None:
    check(fuzz_app, f"{path}?{encode(pairs)}")


@fuzz(0.5)
@given(st.one_of(st.integers(-(2**70), 2**70).map(str), st.text(max_size=12).map(quote)),
       st.sampled_from(["/api/v1/articles/", "/articles/", "/feeds/country/", "/api/v1/cases/"]))  # fmt: skip
@example("99999999999999999999999", "/api/v1/articles/")
@example("-1", "/articles/")
def test_id_urls_never_fail(fuzz_app: Flask, ident: str, prefix: str) -> None:
    check(fuzz_app, prefix + ident)
