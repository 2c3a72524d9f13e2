"""Every page works with JavaScript switched off; feeds are announced and served; screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import first_article_path

MAIN_PAGES = {
    "home": "/",
    "search": "/search?q=counterfeit",
    "search-facet": "/search?country=MX",
    "sources": "/sources",
    "about": "/about",
}


@pytest.fixture
def no_js_page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


def test_search_facets_and_article_without_javascript(no_js_page: Any) -> None:
    page = no_js_page
    page.goto("/")
    page.get_by_label("Search releases").fill("counterfeit")
    page.locator("form.quick-search button").click()
    page.wait_for_url("**/search?q=counterfeit*")
    total = int(page.locator("#results-heading").inner_text().split()[0])
    assert total > 0
    page.locator("aside.facets section.facet li a").first.click()
    assert page.locator("section.active-filters").count() == 1
    page.locator("ol.releases li.release h3 a").first.click()
    assert page.get_by_role("link", name="Read the original release").first.is_visible()


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_main_pages_render_without_javascript(no_js_page: Any, name: str) -> None:
    response = no_js_page.goto(MAIN_PAGES[name])
    assert response.status == 200
    assert no_js_page.locator("main h1").first.is_visible()


def test_feeds_are_announced_and_served(page: Any) -> None:
    page.goto("/search?country=MX")
    links = page.locator("head link[rel=alternate]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h.endswith("/feeds/country/MX.atom") for h in hrefs), hrefs
    for href in hrefs:
        answer = page.request.get(href)
        assert answer.status == 200, href
        assert answer.body().strip()
    atom = page.request.get("/feeds/latest.atom").text()
    assert "<feed" in atom and "<entry" in atom


def test_screenshots_of_the_main_pages(page: Any, screenshots: Path) -> None:
    """Screenshots for a human to look at; and no page asks for anything off our own server."""
    pages = {**MAIN_PAGES, "article": first_article_path(page)}
    for name, path in pages.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        target = screenshots / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000, name
    assert page.blocked == [], "pages load nothing from other hosts (no CDN, no tracker)"
