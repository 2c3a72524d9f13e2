"""What the generic listing spider reads from a source's `options`, checked when it is built.

    item_selector        one element per release on a listing page (required for a listing)
    link_selector        inside an item, the link to the release (default `a[href]`)
    title_selector       inside an item, the title (default: the link's text)
    date_selector        inside an item, the date ("::attr(datetime)" reads an attribute)
    category_selector    inside an item, a category or label (optional)
    next_selector        the pager's link to the next listing page, or else
    page_param           the query parameter numbering listing pages, with
      page_start, page_step    its value on the first page (default 1) and its step (default 1)
    max_items            releases taken per listing page at most (0: all)
    body_selector        on a release page, the element holding the text (required)
    drop_selector        inside the body, elements to remove (share widgets, blurbs ...)
    page_title_selector  on a release page, the title (default `h1`)
    page_date_selector   on a release page, the date
    date_pattern         regex (or list) picking the date out of the text found (optional)
    date_format          strptime format (or list) for dates whose order is ambiguous, such as
                         22/09/2023; a date read with one is given on as ISO 8601. Dates in words
                         are given on as found: ingest reads them in en/fr/es.

A selector whose text is wanted joins the text of every element it matches, in document order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator

_TIME_DIRECTIVES = ("%H", "%I", "%M", "%S")


@dataclass(frozen=True)
class ListingConfig:
    item: str = ""
    link: str = "a[href]"
    title: str = ""
    date: str = ""
    category: str = ""
    next: str = ""
    page_param: str = ""
    page_start: int = 1
    page_step: int = 1
    max_items: int = 0
    body: str = ""
    drop: str = ""
    page_title: str = "h1"
    page_date: str = ""
    date_patterns: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()

    @classmethod
    def from_options(cls, options: Mapping[str, Any], needs_items: bool = True) -> ListingConfig:
        """The configuration in a source's options; ValueError names the first bad option."""
        config = cls(
            item=str(options.get("item_selector", "")),
            link=str(options.get("link_selector", "a[href]")),
            title=str(options.get("title_selector", "")),
            date=str(options.get("date_selector", "")),
            category=str(options.get("category_selector", "")),
            next=str(options.get("next_selector", "")),
            page_param=str(options.get("page_param", "")),
            page_start=int(options.get("page_start", 1)),
            page_step=int(options.get("page_step", 1)),
            max_items=int(options.get("max_items", 0)),
            body=str(options.get("body_selector", "")),
            drop=str(options.get("drop_selector", "")),
            page_title=str(options.get("page_title_selector", "h1")),
            page_date=str(options.get("page_date_selector", "")),
            date_patterns=_strings(options.get("date_pattern", ())),
            date_formats=_strings(options.get("date_format", ())),
        )
        config.check(needs_items)
        return config

    def check(self, needs_items: bool) -> None:
        if needs_items and not self.item:
            raise ValueError("item_selector is required")
        if not self.body:
            raise ValueError("body_selector is required")
        if self.page_step < 1:
            raise ValueError("page_step must be >= 1")
        for name in ("item", "link", "title", "date", "category", "next", "body", "drop"):
            _check_css(name, getattr(self, name))
        _check_css("page_title", self.page_title)
        _check_css("page_date", self.page_date)
        for pattern in self.date_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"date_pattern {pattern!r}: {exc}") from exc


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(v) for v in value)


def _check_css(name: str, css: str) -> None:
    if not css:
        return
    try:
        HTMLTranslator().css_to_xpath(css)
    except SelectorError as exc:
        raise ValueError(f"{name} selector {css!r}: {exc}") from exc


def read_date(text: str | None, config: ListingConfig) -> str | None:
    """The date in `text`: the configured pattern's match (its first group if it has one),
    as ISO 8601 when a configured format reads it, else as found; None when empty."""
    found = " ".join((text or "").split())
    for pattern in config.date_patterns:
        match = re.search(pattern, found)
        if match:
            found = match.group(1) if match.groups() else match.group(0)
            break
    for fmt in config.date_formats:
        try:
            parsed = datetime.strptime(found, fmt)
        except ValueError:
            continue
        has_time = any(d in fmt for d in _TIME_DIRECTIVES)
        return parsed.isoformat() if has_time else parsed.date().isoformat()
    return found or None
