"""The search page in a real browser: highlighted hits, the help box and the year facet without
JavaScript, removable filters by keyboard, a malformed query announced next to the box."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.test_accessibility import axe_violations, describe


@pytest.fixture
def no_js_page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


def test_hits_mark_the_words_searched_for(page: Any) -> None:
    page.goto("/search?q=counterfeit")
    marked = page.locator("ol.releases mark").all_inner_texts()
    assert marked and all(word.lower().startswith("counterfeit") for word in marked)


def test_help_box_and_year_facet_work_without_javascript(no_js_page: Any) -> None:
    page = no_js_page
    page.goto("/search?q=counterfeit")
    help_box = page.locator("details.search-help")
    assert (
        not help_box.get_attribute("open")
        and not page.get_by_text("this exact phrase").is_visible()
    )
    page.locator("details.search-help summary").click()
    assert page.get_by_text("this exact phrase").is_visible()
    year_link = page.locator("section.facet-year li a").first
    year = year_link.inner_text()
    year_link.click()
    page.wait_for_url(f"**from={year}&to={year}*")
    assert page.locator("#from").input_value() == f"{year}-01-01"
    assert page.get_by_role("link", name=f"Remove filter Published: {year}").count() == 1


def test_filters_are_removed_by_keyboard(page: Any) -> None:
    page.goto("/search?q=counterfeit&from=2000&to=2099")
    chip = page.get_by_role("link", name="Remove filter Published: 2000 to 2099")
    chip.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=counterfeit")
    assert page.locator("section.active-filters").count() == 0


def test_malformed_query_is_announced_next_to_the_box(page: Any, axe_source: str) -> None:
    page.goto("/search")
    page.get_by_label("Words to look for").fill("foo:bar watches")
    page.locator("form.search-form button[type=submit]").click()
    alert = page.get_by_role("alert")
    assert "Unknown field 'foo'" in alert.inner_text()
    box = page.get_by_label("Words to look for")
    assert box.input_value() == "foo:bar watches"
    assert box.get_attribute("aria-describedby") == "search-error"
    assert page.locator("details.search-help").get_attribute("open") is not None
    violations = axe_violations(page, axe_source)
    assert not violations, describe(violations)
