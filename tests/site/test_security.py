from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from fakefree.index.sanitize import sanitize_html
from fakefree.site.security import http_url


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for path in ("/", "/search", "/feeds/latest.atom", "/api/v1/search", "/nothing", "/about"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"]


def test_pages_use_no_inline_script_or_external_resources(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "<script" not in page and "style=" not in page
    assert 'rel="stylesheet" href="/static/style.css"' in page
    assert client.get("/static/style.css").status_code == 200


def test_title_markup_is_escaped_everywhere(client: FlaskClient, ids: dict[str, int]) -> None:
    for path in ("/", f"/articles/{ids['hostile']}", "/search?q=watches"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page
        assert "&lt;script&gt;alert(" in page


def test_hostile_body_is_neutralised(client: FlaskClient, ids: dict[str, int]) -> None:
    page = client.get(f"/articles/{ids['hostile']}").get_data(as_text=True)
    body = page.split('aria-label="Text of the release"')[1]
    assert "<b>forty</b>" in body and "Click-free paragraph." in body
    for bad in ("<script", "alert('body')", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in body
    # a relative link is resolved against the release's own address, never into this site
    assert 'href="https://us-agency.example/press/other-case" rel="nofollow noopener"' in body


@pytest.mark.parametrize(
    "html",
    [
        '<svg onload="alert(1)"><circle/></svg>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.test/"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_sanitize_html_drops_active_content(html: str) -> None:
    cleaned = sanitize_html(html)
    for bad in ("svg", "onload", "javascript", "data:", "style", "iframe", "display:none"):
        assert bad not in cleaned.lower()


def test_sanitize_html_keeps_structure_and_safe_links() -> None:
    html = (
        "<h2>Case</h2><ul><li>one</li></ul><table><tr><th>Item</th><td>3</td></tr></table>"
        '<a href="https://agency.test/x">site</a> <a href="mailto:press@agency.test">mail</a>'
    )
    cleaned = sanitize_html(html)
    assert "<h2>Case</h2>" in cleaned and "<li>one</li>" in cleaned and "<th>Item</th>" in cleaned
    assert '<a href="https://agency.test/x" rel="nofollow noopener">' in cleaned
    assert 'href="mailto:press@agency.test"' in cleaned


def test_sanitize_html_relative_links() -> None:
    assert 'href="https://a.test/news/b"' in sanitize_html(
        '<a href="b">x</a>', "https://a.test/news/a"
    )
    assert "href" not in sanitize_html('<a href="/b">x</a>')


def test_http_url_filter() -> None:
    assert http_url("https://agency.test/") == "https://agency.test/"
    assert http_url("javascript:alert(1)") == "#"
    assert http_url(None) == "#"
