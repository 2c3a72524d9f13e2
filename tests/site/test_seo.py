"""Head tags (canonical, OpenGraph, JSON-LD), sitemap.xml and robots.txt."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import lxml.html
from flask.testing import FlaskClient

from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import ARTICLES, HOSTILE_TITLE

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def head(page: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page).find("head")


def meta(doc: lxml.html.HtmlElement, prop: str) -> str | None:
    found = doc.xpath(f'meta[@property="{prop}"]/@content | meta[@name="{prop}"]/@content')
    return found[0] if found else None


def test_article_has_canonical_opengraph_and_news_article(
    client: FlaskClient, ids: dict[str, int]
) -> None:
    page = client.get(f"/articles/{ids['parfums']}?utm_source=mail&lang=fr").get_data(as_text=True)
    doc = head(page)
    url = f"http://localhost/articles/{ids['parfums']}?lang=fr"
    # Tracking noise dropped; the language kept: each language version is its own page, as its
    # hreflang alternates say (a canonical naming another language would void them).
    assert doc.xpath('link[@rel="canonical"]/@href') == [url]
    assert meta(doc, "og:url") == url and meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == ARTICLES["parfums"]["title"]
    assert meta(doc, "og:site_name") == "Fake Free" and meta(doc, "og:locale") == "fr_FR"
    assert meta(doc, "og:description").startswith("Les douaniers ont saisi")
    (script,) = doc.xpath('script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle" and data["headline"] == ARTICLES["parfums"]["title"]
    plain = url.removesuffix("?lang=fr")  # the release's address, whatever the interface language
    assert data["inLanguage"] == "fr" and data["url"] == plain
    assert data["mainEntityOfPage"]["@id"] == plain
    assert data["isBasedOn"] == ARTICLES["parfums"]["url"]
    assert data["sourceOrganization"]["name"] == "Douane de test"
    assert data["datePublished"] == "2025-03-04T09:00:00Z" and data["dateModified"]


def test_a_hostile_title_cannot_break_out_of_the_json_ld(
    client: FlaskClient, ids: dict[str, int]
) -> None:
    page = client.get(f"/articles/{ids['hostile']}").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block, "the JSON-LD block ends at its own closing tag"
    assert "<" not in block.group(1) and ">" not in block.group(1)
    assert json.loads(block.group(1))["headline"].startswith("Fake watches <script>")
    assert "<script>alert" not in page  # nowhere on the page, escaped everywhere
    assert HOSTILE_TITLE.split("<")[0] in page


def test_search_canonical_keeps_the_meaningful_parameters(client: FlaskClient) -> None:
    page = client.get("/search?sector=pharma&country=US&fbclid=zz&page=1").get_data(as_text=True)
    (canonical,) = head(page).xpath('link[@rel="canonical"]/@href')
    assert canonical == "http://localhost/search?country=US&sector=pharma"
    home = head(client.get("/").get_data(as_text=True))
    assert home.xpath('link[@rel="canonical"]/@href') == ["http://localhost/"]
    assert meta(home, "og:type") == "website" and meta(home, "og:title")


def test_error_pages_have_no_canonical(client: FlaskClient) -> None:
    page = client.get("/articles/999999").get_data(as_text=True)
    assert 'rel="canonical"' not in page and "og:url" not in page


def test_sitemap_lists_pages_and_published_releases_only(
    client: FlaskClient, ids: dict[str, int]
) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and "xml" in response.mimetype
    root = ET.fromstring(response.data)
    assert root.tag == f"{SM}urlset"
    entries = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root}
    for key in ("pills", "parfums", "discos", "hostile"):
        lastmod = entries[f"http://localhost/articles/{ids[key]}"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lastmod)
    assert f"http://localhost/articles/{ids['banknotes']}" not in entries
    for page in ("/", "/statistics", "/agencies", "/resources", "/countries/US",
                 "/sectors/pharma", "/agencies/us-agency"):  # fmt: skip
        assert f"http://localhost{page}" in entries, page
    assert "http://localhost/countries/DE" not in entries  # no release there
    again = client.get("/sitemap.xml", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_large_collection_gets_a_sitemap_index(collection: object) -> None:
    settings: Settings = collection.settings  # type: ignore[attr-defined]
    app = create_app({"SETTINGS": settings, "TESTING": True, "SITEMAP_LIMIT": 3})
    client = app.test_client()
    # Another host: bodies are kept per process, host, URL and revision, not per app config.
    host = "http://big.example"
    root = ET.fromstring(client.get("/sitemap.xml", base_url=host).data)
    assert root.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in root]
    assert parts == [f"{host}/sitemaps/pages.xml", f"{host}/sitemaps/articles-0.xml",
                     f"{host}/sitemaps/articles-1.xml"]  # fmt: skip
    articles = []
    for part in parts[1:]:
        urlset = ET.fromstring(client.get(part.removeprefix(host), base_url=host).data)
        assert len(urlset) <= 3
        articles += [u.findtext(f"{SM}loc") for u in urlset]
    assert len(articles) == 4  # the four published releases, each once
    assert client.get("/sitemaps/articles-2.xml", base_url=host).status_code == 404
    assert client.get("/sitemaps/other.xml", base_url=host).status_code == 404


def test_robots_txt_points_at_the_sitemap(client: FlaskClient) -> None:
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *" and "Allow: /" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines


def test_signed_in_pages_are_not_indexed(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page and "og:title" not in page
    assert "Disallow: /operator/" in client.get("/robots.txt").get_data(as_text=True)


def test_a_page_title_is_escaped_once_in_the_head(client: FlaskClient) -> None:
    page = client.get("/search?q=%3Cb%3Efake%3C%2Fb%3E").get_data(as_text=True)
    og_title = meta(head(page), "og:title")
    assert og_title == "Search: <b>fake</b>"  # as the reader would see it, not &lt;b&gt;
    assert '<meta property="og:title" content="Search: &lt;b&gt;fake&lt;/b&gt;">' in page
