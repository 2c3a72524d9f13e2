"""Small helpers shared by the browser tests."""

from __future__ import annotations

from typing import Any


def first_article_path(page: Any, search: str = "/search?sort=date") -> str:
    """The path of the first release listed by `search`."""
    page.goto(search)
    href = page.locator("ol.releases li.release h3 a").first.get_attribute("href")
    assert href and href.startswith("/articles/"), href
    return href
