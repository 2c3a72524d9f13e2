"""Listing and release pages of every spider, generated with the catalogue's own selectors in
them and broken on purpose: the parsing functions give items, a document, or CrawlError('parse').

The HTML is built from the tags and class names the real sources' selectors look for
(config/sources.toml), so the generated pages reach deep into the parsers, with odd links
(unreadable IPv6 hosts, superscript page numbers), odd dates and embedded JSON of any shape.
"""

from __future__ import annotations

import json
import re
from functools import cache

from hypothesis import example, given
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.spiders import euipo, europol, generic, gobmx, rcmp
from fakefree.crawler.spiders.listing_config import ListingConfig
from fakefree.settings import REPO_ROOT

from .budget import fuzz

TAGS = ["div", "article", "li", "a", "h1", "h2", "h3", "span", "p", "time", "main", "section",
        "ul", "table", "tr", "td", "script", "nav", "header", "small"]  # fmt: skip
HREFS = ["/press/1", "https://agency.example/x", "?page=\u00b2", "?page=2", "http://[::1", "",
         "#", "javascript:void(0)", "//other.example/y", "?page=99999999999999999999", " "]  # fmt: skip
DATES = ["4 mars 2025", "2025-03-04", "March 4, 2025", "04/03/2025", "31.02.2025", "\u00b2", ""]


@cache
def spider_sources() -> tuple[tuple[Source, ListingConfig], ...]:
    """Every catalogue source read by the generic spider (or one derived from it)."""
    found = []
    for source in load_sources(REPO_ROOT / "config" / "sources.toml"):
        if source.reader == "spider" and source.option("spider", "generic") != "gobmx":
            try:
                found.append((source, ListingConfig.from_options(source.options, False)))
            except ValueError:
                continue
    return tuple(found)


@cache
def vocabulary() -> tuple[str, ...]:
    """Class names and ids the catalogue's selectors mention, plus gob.mx's."""
    words = {"pagination", "small-link", "tag-presses", "article-body", "col-md-8"}
    for _, config in spider_sources():
        for css in (config.item, config.link, config.title, config.date, config.body, config.next):
            words.update(re.findall(r"[.#]([A-Za-z][\w-]*)", css))
    return tuple(sorted(words))


@st.composite
def node(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = []
    if draw(st.booleans()):
        attrs.append(
            f'class="{" ".join(draw(st.lists(st.sampled_from(vocabulary()), max_size=2)))}"'
        )
    if tag == "a" or draw(st.integers(0, 4)) == 0:
        attrs.append(f'href="{draw(st.sampled_from(HREFS))}"')
    if tag == "time":
        attrs.append(f'datetime="{draw(st.sampled_from(DATES))}"')
    if draw(st.integers(0, 6)) == 0:
        attrs.append('rel="next"')
    children = [draw(st.one_of(st.text(max_size=15), st.sampled_from(DATES)))]
    if depth < 2:
        children += draw(st.lists(node(depth + 1), max_size=3))
    close = f"</{tag}>" if draw(st.integers(0, 5)) else ""
    return f"<{tag} {' '.join(attrs)}>{''.join(children)}{close}"


PAGES = st.lists(node(), min_size=1, max_size=4).map(lambda nodes: f"<html><body>{''.join(nodes)}")
URLS = st.sampled_from(["https://agency.example/news?page=2", "https://agency.example/news",
                        "https://agency.example/news?page=\u00b2", "https://agency.example/a/b/"])  # fmt: skip


def response(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")


@fuzz(1.5)
@given(PAGES, URLS, st.data())
@example("<html><body><a href='?page=\u00b2'>x</a>", "https://agency.example/news", None)
def test_generic_listing_and_release_pages(html: str, url: str, data: st.DataObject) -> None:
    sources = spider_sources()
    assert len(sources) >= 10, "the catalogue's spider sources are all fuzzed"
    chosen = sources if data is None else [data.draw(st.sampled_from(sources))]
    for source, config in chosen:
        if config.item:  # else the spider reads its listing otherwise (europol, euipo)
            items, next_url = generic.parse_listing(response(url, html), config)
            assert all(item.url and item.title for item in items)
            assert next_url is None or next_url.startswith("http")
        try:
            doc = generic.parse_release(response(url, html), config, source.id)
        except CrawlError as exc:
            assert exc.kind == "parse"
        else:
            assert doc.html and doc.url == url


@fuzz(1)
@given(PAGES, URLS)
@example("<main><h1>T</h1><div class='article-body'>x</div><a href='?page=\u00b2'>2</a></main>",
         "https://agency.example/news?page=\u00b2")  # fmt: skip
def test_gobmx_listing_and_release_pages(html: str, url: str) -> None:
    items, next_url = gobmx.parse_listing(response(url, html))
    assert all(item.url and item.title for item in items)
    try:
        gobmx.parse_release(response(url, html), "mx-fgr")
    except CrawlError as exc:
        assert exc.kind == "parse"


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=10),
        st.sampled_from(["/news/1", "#", "Saisie", "2025-03-04", "http://[::1"]),
    ),  # fmt: skip
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "alias",
                    "published",
                    "items",
                    "lists",
                    "node",
                    "body",
                    "introduction",
                    "crimeAreas",
                    "NodeLoader",
                    "view_node",
                    "created",
                    "type",
                    "poweb",
                    "all_news",
                    "rest_export_all_news",
                ]
            ),  # fmt: skip
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@fuzz(3)
@given(JSON_VALUES, st.booleans())
@example({"NodeLoader": {"node": {"body": "x", "crimeAreas": 5}}}, False)
@example({"NodeLoader": {"node": {"lists": {"items": []}}}}, False)
def test_europol_embedded_data(value: object, truncate: bool) -> None:
    text = json.dumps(value)
    page = f"<html><script>window.SERVER_DATA={text[: len(text) // 2] if truncate else text}"
    page += ";</script><h1>Europol</h1></html>"
    items, _ = europol.parse_listing(response("https://www.europol.europa.eu/news", page))
    assert all(item.url and item.title for item in items)
    europol.node_document(response("https://www.europol.europa.eu/news/x", page), "eu-europol")


@fuzz(3)
@given(JSON_VALUES, st.booleans())
def test_rcmp_settings_json(value: object, nested_as_string: bool) -> None:
    inner = json.dumps(value) if nested_as_string else value
    settings = {"poweb": {"all_news": {"rest_export_all_news": inner}}}
    page = ('<html><script type="application/json" data-drupal-selector="drupal-settings-json">'
            f"{json.dumps(settings)}</script></html>")  # fmt: skip
    items, _ = rcmp.parse_listing(response("https://rcmp.ca/en/news", page))
    assert all(item.url and item.title for item in items)


@fuzz(2)
@given(st.lists(st.one_of(JSON_VALUES.map(json.dumps), st.text(max_size=20)), max_size=4),
       st.sampled_from(["news/x", "", "a\\b", '"']))  # fmt: skip
def test_euipo_flight_data(chunks: list[str], slug: str) -> None:
    pushes = "".join(f"<script>self.__next_f.push([1,{json.dumps(c)}])</script>" for c in chunks)
    found = euipo.story_first_published(pushes, slug)
    assert found is None or isinstance(found, str)
