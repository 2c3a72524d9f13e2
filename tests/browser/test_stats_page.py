"""The statistics page in a real browser, with JavaScript on and off: charts drawn, tables
readable, CSV downloadable; the country, agency and resources pages open from the navigation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests


@pytest.fixture(params=["javascript", "no-javascript"])
def any_page(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    enabled = request.param == "javascript"
    context = browser.new_context(
        base_url=base_url, java_script_enabled=enabled, viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    tab.mode = request.param
    yield tab
    context.close()


def test_statistics_page_shows_charts_and_tables(any_page: Any, screenshots: Path) -> None:
    page = any_page
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Statistics").click()
    page.wait_for_url("**/statistics")
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() == 6
    for i in range(6):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert chart.is_visible() and box and box["width"] > 300 and box["height"] > 150
    # Each chart is an image with a name, drawn with bars.
    first = page.get_by_role("img", name="Releases per month by country, last 24 months")
    assert first.count() == 1
    assert page.locator("#countries-monthly svg rect").count() > 1
    tables = page.locator("table.stats-table")
    assert tables.count() == 6 and tables.first.is_visible()
    assert tables.first.locator("tbody tr").count() == 24
    assert page.locator("table.stats-table caption").first.is_visible()
    page.screenshot(path=str(screenshots / f"statistics-{page.mode}.png"), full_page=True)


def test_csv_link_downloads_the_table(page: Any, base_url: str) -> None:
    page.goto("/statistics")
    href = page.locator("#countries-yearly a[type='text/csv']").get_attribute("href")
    response = requests.get(base_url + href, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].startswith("year,") and lines[0].endswith(",total")
    rows = page.locator("#countries-yearly table tbody tr")
    assert len(lines) - 1 == rows.count()
    last_total = rows.last.locator("td").last.inner_text()
    assert lines[-1].split(",")[-1] == last_total.replace(",", "")


def test_browse_pages_open_from_the_navigation(page: Any) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    page.locator("ul.topic-index a", has_text="Canada").click()
    page.wait_for_url("**/countries/CA")
    assert page.locator("main h1").inner_text() == "Canada"
    assert page.locator("ol.releases li.release").count() > 0
    page.locator(".country-agencies a[href^='/agencies/']").first.click()
    assert page.locator("dl.agency-facts").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Resources").click()
    assert page.locator("section#CA h2").inner_text() == "Canada"
    assert not page.blocked, "nothing was asked off our own server"


def test_statistics_by_keyboard(page: Any) -> None:
    """Tab moves through the page's links (contents, then downloads) with a visible focus."""
    page.goto("/statistics")
    page.locator(".stats-toc a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible applies
    page.keyboard.press("Enter")
    assert page.url.endswith("#countries-monthly")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('type')") == "text/csv":
            break
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return {href: e.getAttribute('href'), outline: s.outlineStyle}; }"
    )
    assert focused["href"].endswith(".csv") and focused["outline"] != "none"
