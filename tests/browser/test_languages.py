"""The interface in three languages in a real browser: the switch, the choice remembered from
page to page, the browser's own language on a first visit, axe-core on the translated pages,
and full-page screenshots of the main pages in each language (FAKEFREE_SCREENSHOTS, else
test-artifacts/screenshots/<lang>/<page>.png)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakefree.settings import REPO_ROOT
from tests.browser.pages import first_article_path
from tests.browser.test_accessibility import axe_violations, describe

LANGUAGES = ("en", "fr", "es")
HOME_HEADINGS = {
    "en": "Latest IP enforcement actions",
    "fr": "Dernières actions pour faire respecter la propriété intellectuelle",
    "es": "Últimas acciones de observancia de la propiedad intelectual",
}
MAIN_PAGES = {
    "home": "/",
    "search": "/search?q=counterfeit",
    "about": "/about",
    "sources": "/sources",
    "statistics": "/statistics",  # shot only where the route exists
    "agencies": "/agencies",
}


def language_screenshots() -> Path:
    folder = os.environ.get("FAKEFREE_SCREENSHOTS")
    return Path(folder) if folder else REPO_ROOT / "test-artifacts" / "screenshots"


@pytest.fixture
def context_in(browser: Any, base_url: str) -> Iterator[Any]:
    """Open browser contexts with a given locale (the Accept-Language Chromium sends)."""
    contexts: list[Any] = []

    def open_context(locale: str) -> Any:
        context = browser.new_context(
            base_url=base_url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


def html_lang(page: Any) -> str:
    return page.locator("html").get_attribute("lang")


def test_switch_to_french_and_stay_french(context_in: Any) -> None:
    page = context_in("en-US")
    page.goto("/")
    assert html_lang(page) == "en"
    assert page.locator("main h1").inner_text() == HOME_HEADINGS["en"]
    switch = page.get_by_role("navigation", name="Language")
    assert switch.get_by_role("link", name="English").get_attribute("aria-current") == "true"
    switch.get_by_role("link", name="Français").click()
    page.wait_for_url("**/?lang=fr")
    assert html_lang(page) == "fr"
    assert page.locator("main h1").inner_text() == HOME_HEADINGS["fr"]
    assert page.get_by_role("link", name="Français").get_attribute("aria-current") == "true"
    # An ordinary link, without ?lang=: the cookie keeps the choice.
    main_menu = page.get_by_role("navigation", name="Menu principal")
    main_menu.get_by_role("link", name="À propos").click()
    page.wait_for_url("**/about")
    assert html_lang(page) == "fr"
    assert page.locator("main h1").inner_text() == "À propos de Fake Free"
    page.get_by_label("Rechercher des communiqués").fill("contrefaçon")
    page.locator("form.quick-search button").click()
    page.wait_for_url("**/search?q=*")
    assert html_lang(page) == "fr" and "communiqué" in page.locator("#results-heading").inner_text()


def test_spanish_browser_gets_spanish_on_first_visit(context_in: Any) -> None:
    page = context_in("es-ES")
    page.goto("/")
    assert html_lang(page) == "es"
    assert page.locator("main h1").inner_text() == HOME_HEADINGS["es"]
    assert page.get_by_role("link", name="Español").get_attribute("aria-current") == "true"
    assert page.context.cookies() == [], "nothing is remembered until the reader chooses"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_serious_axe_violation_in_other_languages(
    context_in: Any, axe_source: str, lang: str
) -> None:
    page = context_in(lang)
    page.goto("/")
    assert html_lang(page) == lang
    violations = axe_violations(page, axe_source)
    assert not violations, f"home in {lang}:\n{describe(violations)}"


def test_screenshots_of_the_main_pages_in_each_language(context_in: Any) -> None:
    folder = language_screenshots()
    for lang in LANGUAGES:
        page = context_in(lang)
        pages = {**MAIN_PAGES, "article": first_article_path(page)}
        for name, path in pages.items():
            response = page.goto(path)
            if response.status == 404 and name in ("statistics", "agencies"):
                continue
            assert response.status == 200 and html_lang(page) == lang, (lang, path)
            page.wait_for_load_state("networkidle")
            target = folder / lang / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5_000, target
