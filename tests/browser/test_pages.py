"""What a reader does in a real browser: search, narrow by facets, open a release, follow it."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.pages import first_article_path

LOOPBACK = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")


def result_total(page: Any) -> int:
    return int(page.locator("#results-heading").inner_text().split()[0])


def test_search_by_typing_in_the_box(page: Any) -> None:
    page.goto("/search")
    everything = result_total(page)
    page.get_by_label("Words to look for").fill("counterfeit")
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url("**/search?q=counterfeit*")
    assert 0 < result_total(page) < everything
    assert page.get_by_label("Words to look for").input_value() == "counterfeit"
    titles = page.locator("ol.releases li.release h3").all_inner_texts()
    assert titles and all(t.strip() for t in titles)


def test_quick_search_in_the_header(page: Any) -> None:
    page.goto("/about")
    page.get_by_label("Search releases").fill("piratería")
    page.locator("form.quick-search button").click()
    page.wait_for_url("**/search?q=*")
    assert page.get_by_label("Words to look for").input_value() == "piratería"


def test_a_facet_link_narrows_the_results(page: Any) -> None:
    page.goto("/search")
    everything = result_total(page)
    facet = page.locator("aside.facets section.facet li").filter(has_not=page.locator(".selected"))
    link = facet.first.locator("a")
    label = link.inner_text().strip()
    expected = int(facet.first.locator(".count").inner_text())
    assert expected < everything, "the first facet value does not cover everything"
    link.click()
    page.wait_for_load_state()
    assert result_total(page) == expected
    assert page.locator("section.active-filters").get_by_text(label).count() == 1
    page.get_by_role("link", name="Remove filter", exact=False).first.click()
    assert result_total(page) == everything


def test_open_an_article_from_the_home_page(page: Any) -> None:
    page.goto("/")
    first = page.locator("ol.releases li.release h3 a").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.locator("h1").inner_text().strip() == title
    assert page.get_by_role("heading", name="Tags and why").is_visible()


def test_original_link_points_to_the_agency(page: Any) -> None:
    page.goto(first_article_path(page))
    link = page.get_by_role("link", name="Read the original release").first
    href = link.get_attribute("href")
    assert href.startswith("https://") and not LOOPBACK.match(href)
    assert page.locator(".original-url").inner_text().strip() == href
    agency = page.locator("header .meta a[rel=noopener]").first.get_attribute("href")
    assert agency.startswith("http") and not LOOPBACK.match(agency)
    ours = page.locator("header .meta a").first.get_attribute("href")
    assert ours.startswith("/agencies/")  # the agency's page here, then its own site
