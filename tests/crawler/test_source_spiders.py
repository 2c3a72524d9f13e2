"""The catalogue-configured spiders' pure parts, on stored responses (no network, no Scrapy run):
the generic spider's options, dates, pagination and traps, and the dedicated RCMP, Europol and
EUIPO parsers."""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest
from scrapy.http import HtmlResponse

from fakefree.catalogue import Source, SourceURL
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.spiders.euipo import page_slug, story_first_published
from fakefree.crawler.spiders.europol import node_document, server_data
from fakefree.crawler.spiders.europol import parse_listing as europol_listing
from fakefree.crawler.spiders.generic import (
    GenericSpider,
    next_by_param,
    parse_listing,
    parse_release,
    select_text,
)
from fakefree.crawler.spiders.listing_config import ListingConfig, read_date
from fakefree.crawler.spiders.rcmp import news_entries
from fakefree.crawler.spiders.rcmp import parse_listing as rcmp_listing

from .conftest import MIRROR_ROOT

CBP_LISTING = "https://www.cbp.gov/newsroom/media-releases/all"
ICE_RELEASE = "https://www.ice.gov/news/releases/hsi-miami-seizes-42-million-counterfeit-luxury-goods-bound-flea-markets"
PIB_RELEASE = "https://www.pib.gov.in/PressReleasePage.aspx?PRID=2151234&reg=3&lang=1"


def stored(url: str, path: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=(MIRROR_ROOT / path).read_bytes(), encoding="utf-8")


def html(url: str, text: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=text.encode("utf-8"), encoding="utf-8")


def config(**options: object) -> ListingConfig:
    return ListingConfig.from_options({"item_selector": "li", "body_selector": "main", **options})


def options_of(source_id: str, catalogue) -> ListingConfig:
    return ListingConfig.from_options(catalogue[source_id].options)


# -- options ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"body_selector": "main"}, "item_selector"),
        ({"item_selector": "li"}, "body_selector"),
        ({"item_selector": "li[", "body_selector": "main"}, "item selector"),
        ({"item_selector": "li", "body_selector": "main", "date_pattern": "(\\d"}, "date_pattern"),
        ({"item_selector": "li", "body_selector": "main", "page_step": 0}, "page_step"),
    ],
)
def test_bad_options_are_refused_by_name(options: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ListingConfig.from_options(options)


def test_a_spider_reading_its_own_list_needs_no_item_selector() -> None:
    assert ListingConfig.from_options({"body_selector": "main"}, needs_items=False).item == ""


def test_bad_options_fail_the_crawl_before_any_request() -> None:
    source = Source(
        id="xx-bad", name="Bad", agency="Bad", jurisdiction="XX", homepage="https://bad.example/",
        languages=("en",), reader="spider", urls=(SourceURL("https://bad.example/news"),),
        options=MappingProxyType({"spider": "generic", "body_selector": "main"}),
    )  # fmt: skip
    spider = GenericSpider(source=source, is_known=lambda url: False)
    assert spider.failure is not None and spider.failure.kind == "parse"
    assert "item_selector" in spider.failure.message
    assert list(spider.start_requests()) == []


# -- dates --------------------------------------------------------------------------------


def test_a_day_first_date_is_given_on_as_iso() -> None:
    abf = config(date_pattern=r"\d{1,2}/\d{1,2}/\d{4}", date_format="%d/%m/%Y")
    assert read_date("Border Operations 05/02/2026", abf) == "2026-02-05"  # not 2 May


def test_two_digit_years_and_times() -> None:
    policia = config(date_format=["%d/%m/%y", "%d/%m/%Y"])
    assert read_date("12/02/26", policia) == "2026-02-12"
    assert read_date("12/02/2026", policia) == "2026-02-12"
    pib = config(
        date_pattern=r"\d{1,2} [A-Z]{3} \d{4} \d{1,2}:\d{2}[AP]M", date_format="%d %b %Y %I:%M%p"
    )
    assert read_date("Posted On: 14 FEB 2026 5:32PM by PIB Mumbai", pib) == "2026-02-14T17:32:00"


def test_dates_in_words_are_given_on_as_found() -> None:
    douane = config(date_pattern=r"\d{1,2}(?:er)? \w+ \d{4}")
    assert read_date("Publié le 12 février 2026", douane) == "12 février 2026"
    assert read_date("  February  5, 2026 ", config()) == "February 5, 2026"
    assert read_date("", config()) is None and read_date(None, config()) is None


def test_a_pattern_group_picks_the_date() -> None:
    assert read_date("last modified (2026-02-06)", config(date_pattern=r"\((.+)\)")) == "2026-02-06"


# -- listings -----------------------------------------------------------------------------


def test_cbp_dates_come_from_the_spans_not_the_placeholder(catalogue) -> None:
    response = stored(CBP_LISTING, "www.cbp.gov/newsroom/media-releases/all")
    items, next_url = parse_listing(response, options_of("us-cbp", catalogue))
    assert [i.published for i in items] == ["2026-02-19", "2026-02-17", "2026-02-13"]
    assert next_url == CBP_LISTING + "?page=1"
    assert items[2].url.startswith("https://www.cbp.gov/newsroom/local-media-release/agentes-")


def test_the_last_page_has_no_next(catalogue) -> None:
    response = stored(CBP_LISTING + "?page=1", "www.cbp.gov/newsroom/media-releases/all?page=1")
    items, next_url = parse_listing(response, options_of("us-cbp", catalogue))
    assert len(items) == 1 and next_url is None


def test_select_text_joins_matches_or_reads_attributes() -> None:
    page = html(
        "https://x.example/", '<p><span>Aug 07</span> <span>2026</span><a href="/a">A</a></p>'
    )
    assert select_text(page, "p span") == "Aug 07 2026"
    assert select_text(page, "a::attr(href)") == "/a"
    assert select_text(page, "") == ""


@pytest.mark.parametrize(
    ("url", "step", "start", "expected"),
    [
        (
            "https://g.example/news?pagina=1&buscar=si",
            1,
            1,
            "https://g.example/news?buscar=si&pagina=2",
        ),
        ("https://g.example/news", 1, 1, "https://g.example/news?pagina=2"),
        ("https://g.example/news", 30, 0, "https://g.example/news?pagina=30"),
        ("https://g.example/news?pagina=30", 30, 0, "https://g.example/news?pagina=60"),
    ],
)
def test_pages_numbered_by_a_parameter(url: str, step: int, start: int, expected: str) -> None:
    options = config(page_param="pagina", page_step=step, page_start=start)
    assert next_by_param(url, options) == expected


def test_a_numbered_walk_ends_at_an_empty_page() -> None:
    options = config(page_param="page", link_selector="a")
    full = html("https://g.example/n?page=2", '<ul><li><a href="/r/1">One</a></li></ul>')
    assert parse_listing(full, options)[1] == "https://g.example/n?page=3"
    empty = html("https://g.example/n?page=3", "<ul></ul>")
    assert parse_listing(empty, options) == ([], None)


def test_max_items_bounds_a_page() -> None:
    page = html("https://g.example/n", "<ul>" + "<li><a href='/r'>R</a></li>" * 5 + "</ul>")
    assert len(parse_listing(page, config(max_items=2))[0]) == 2


# -- release pages ------------------------------------------------------------------------


def test_ice_release_skips_the_mission_blurb(catalogue) -> None:
    path = "www.ice.gov/news/releases/" + ICE_RELEASE.rsplit("/", 1)[1]
    doc = parse_release(stored(ICE_RELEASE, path), options_of("us-ice", catalogue), "us-ice")
    assert doc.published == "2026-02-20" and doc.title.startswith("HSI Miami seizes")
    assert doc.html.startswith("<p>MIAMI —") and "protects the homeland" not in doc.html


def test_title_and_date_are_read_before_drop_removes_them(catalogue) -> None:
    path = "www.pib.gov.in/PressReleasePage.aspx?PRID=2151234&lang=1&reg=3"
    doc = parse_release(stored(PIB_RELEASE, path), options_of("in-pib", catalogue), "in-pib")
    assert doc.title.startswith("DRI seizes counterfeit cosmetics")
    assert doc.published == "2026-02-14T17:32:00"
    assert "Posted On" not in doc.html and "<h2>" not in doc.html and "Acting on" in doc.html


def test_a_page_without_the_body_is_a_parse_error() -> None:
    with pytest.raises(CrawlError, match="parse"):
        parse_release(html("https://x.example/r", "<h1>T</h1>"), config(), "xx")


# -- RCMP: the list inside drupal-settings ------------------------------------------------


def test_rcmp_list_comes_from_the_settings_json() -> None:
    response = stored("https://rcmp.ca/fr/nouvelles", "rcmp.ca/fr/nouvelles/index.html")
    items, next_url = rcmp_listing(response)
    assert next_url is None and [i.published for i in items][0] == "2026-02-16T14:30:00-08:00"
    assert items[0].url.startswith("https://rcmp.ca/fr/nouvelles/2026/02/saisie-de-chandails")
    assert items[0].category == "Communiqué"


@pytest.mark.parametrize(
    "settings",
    ["not json", "{}", '{"poweb": {"all_news": {"rest_export_all_news": "[oops"}}}', "[]"],
)
def test_rcmp_without_a_readable_list_finds_nothing(settings: str) -> None:
    assert news_entries(settings) == []


def test_rcmp_skips_placeholder_links() -> None:
    entries = [{"title": "A", "view_node": "#"}, {"title": "", "view_node": "/en/news/x"}]
    settings = {"poweb": {"all_news": {"rest_export_all_news": json.dumps(entries)}}}
    page = f'<script type="application/json" data-drupal-selector="drupal-settings-json">{json.dumps(settings)}</script>'
    assert rcmp_listing(html("https://rcmp.ca/en/news", page)) == ([], None)


# -- Europol: window.SERVER_DATA ----------------------------------------------------------


def test_server_data_survives_braces_inside_strings() -> None:
    page = '<script>window.SERVER_DATA={"a": "x};y", "b": {"c": 1}};</script>'
    assert server_data(page) == {"a": "x};y", "b": {"c": 1}}
    assert server_data("<p>no data</p>") == {} and server_data("window.SERVER_DATA={bad") == {}


def test_europol_listing_and_release_from_server_data() -> None:
    base = "https://www.europol.europa.eu/media-press/newsroom"
    items, _ = europol_listing(
        stored(base, "www.europol.europa.eu/media-press/newsroom/index.html")
    )
    assert len(items) == 3 and items[0].published == "1771232400"
    slug = items[0].url.rsplit("/", 1)[1]
    page = stored(items[0].url, f"www.europol.europa.eu/media-press/newsroom/news/{slug}")
    doc = node_document(page, "eu-europol")
    assert doc is not None and doc.extra["crime_areas"] == ["Intellectual property crime"]
    assert doc.html.startswith("<p>Law enforcement") and "The Hague" in doc.html
    assert node_document(html(items[0].url, "<main>text</main>"), "eu-europol") is None


# -- EUIPO: the page's own Storyblok story ------------------------------------------------


def flight(data: str) -> str:
    return f"<script>self.__next_f.push([1,{json.dumps(data)}])</script>"


def test_only_the_pages_own_story_dates_it() -> None:
    layout = '{"story":{"full_slug":"en/layout","first_published_at":"2023-05-24T19:21:12Z"}}'
    page = '{"page":{"full_slug":"en/news/x","sort_by_date":null,"first_published_at":"2026-05-28T15:00:25Z"}}'
    text = flight(layout) + flight(page)
    assert story_first_published(text, "en/news/x") == "2026-05-28T15:00:25Z"
    assert story_first_published(text, "en/news/other") is None
    undated = flight(layout) + flight('{"page":{"full_slug":"en/news/y"}}')
    assert story_first_published(undated, "en/news/y") is None  # the layout's date stays out
    assert page_slug("https://www.euipo.europa.eu/en/news/x") == "en/news/x"
