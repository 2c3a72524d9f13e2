"""axe-core finds no serious or critical violation on any page type; keyboard use works."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import first_article_path

PAGE_TYPES = {
    "home": "/",
    "search": "/search?q=counterfeit",
    "search-facet": "/search?country=CA&sector=pharma",
    "search-empty": "/search?q=zzzqqq",
    "search-error": "/search?q=%22unclosed",
    "not-found": "/articles/999999",
    "sources": "/sources",
    "about": "/about",
    "statistics": "/statistics",
    "country": "/countries/CA",
    "country-index": "/countries",
    "sector": "/sectors/pharma",
    "agencies": "/agencies",
    "agency": "/agencies/ca-cbsa",
    "resources": "/resources",
    "browse-not-found": "/countries/ZZ",
}


def axe_violations(page: Any, axe_source: str) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the loaded page; serious and critical ones."""
    page.evaluate(axe_source)  # through DevTools: the site's CSP forbids injected scripts
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_runs_and_sees_problems(page: Any, axe_source: str) -> None:
    """The check itself works: a page with an unlabelled field and an image without alt fails."""
    page.goto("/about")
    page.evaluate(
        "() => { document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<input type=text><img src=/static/style.css>'); }"
    )
    found = {v["id"] for v in axe_violations(page, axe_source)}
    assert {"label", "image-alt"} <= found


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


@pytest.mark.parametrize("name", [*PAGE_TYPES, "article"])
def test_no_serious_axe_violation(page: Any, axe_source: str, name: str) -> None:
    path = PAGE_TYPES.get(name) or first_article_path(page)
    page.goto(path)
    violations = axe_violations(page, axe_source)
    assert not violations, f"{name} ({path}):\n{describe(violations)}"


def focused(page: Any) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return {id: e.id, cls: e.className, text: e.textContent.trim(),"
        " outline: s.outlineStyle, width: parseFloat(s.outlineWidth),"
        " left: e.getBoundingClientRect().left}; }"
    )


def test_tab_reaches_skip_link_first_then_search_box(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["cls"] == "skip-link" and first["text"] == "Skip to content"
    assert first["left"] >= 0, "the skip link shows itself when focused"
    assert first["outline"] != "none" and first["width"] >= 2, "visible focus"
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "quick-q":
            break
    assert focused(page)["id"] == "quick-q", "Tab reaches the search box"
    assert focused(page)["outline"] != "none"


def test_skip_link_moves_focus_to_the_content(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    assert page.evaluate("() => document.activeElement.id") == "content"


def test_search_with_the_keyboard_alone(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    while focused(page)["id"] != "quick-q":
        page.keyboard.press("Tab")
    page.keyboard.type("counterfeit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=counterfeit*")
    assert page.locator("ol.releases li.release").count() > 0


def test_focus_is_visible_on_facets_and_the_original_link(page: Any) -> None:
    page.goto(first_article_path(page))
    page.locator(".original a.button").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible applies
    style = focused(page)
    assert style["cls"] == "button" and style["text"] == "Read the original release"
    assert style["outline"] != "none" and style["width"] >= 2, style
    page.goto("/search")
    page.locator("aside.facets a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = focused(page)
    assert style["outline"] != "none" and style["width"] >= 2, style
