"""Validating a submitted release's JSON fields: a clear 400 for each wrong one.

The body's HTML is sanitized here (fakefree.index.sanitize), before it is ever stored; titles
and dates are plain text, escaped wherever they are shown. Only http and https links are
accepted as the original's address. Tags must be ids of the taxonomy (countries: its codes).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from werkzeug.exceptions import BadRequest

from fakefree.index.sanitize import sanitize_html
from fakefree.index.text import html_to_text

from .facets import site_taxonomy

MAX_BODY_BYTES = 200 * 1024  # the whole JSON request
LANGUAGES = ("en", "fr", "es")
MAX_TAGS = 20
_LIMITS = {"title": 500, "published": 100, "original_url": 2000}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_KNOWN = ("title", "published", "language", "body_html", "original_url",
          "suggested_countries", "suggested_sectors")  # fmt: skip


class FieldError(BadRequest):
    """A 400 naming the wrong field: the API shows the message, the form its own (translated)
    message for `field`."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(description=message)
        self.field = field


def bad(message: str, field: str = "") -> FieldError:
    return FieldError(message, field)


def text_field(body: dict[str, Any], name: str, required: bool) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise bad(f"'{name}' must be a string.", name)
    value = _CONTROL.sub("", value).strip()
    if required and not value:
        raise bad(f"'{name}' is required.", name)
    limit = _LIMITS.get(name, MAX_BODY_BYTES)
    if len(value) > limit:
        raise bad(f"'{name}' is longer than {limit} characters.", name)
    return value


def original_url(body: dict[str, Any]) -> str:
    url = text_field(body, "original_url", required=False)
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        readable = bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # "http://[::1", "https://host:99999": not an address (found by tests/fuzz)
        readable = False
    if not readable or parts.scheme not in ("http", "https") or re.search(r"\s", url):
        raise bad("'original_url' must be an absolute http or https address.", "original_url")
    return url


def tag_list(body: dict[str, Any], name: str, kind: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or len(value) > MAX_TAGS:
        raise bad(f"'{name}' must be a list of at most {MAX_TAGS} {kind} ids.", name)
    known = set(site_taxonomy().ids(kind))
    tags = [
        item.upper() if kind == "countries" else item for item in value if isinstance(item, str)
    ]
    unknown = [tag for tag in tags if tag not in known]
    if len(tags) != len(value) or unknown:
        raise bad(f"'{name}': unknown {kind} {', '.join(map(repr, unknown or value))}.", name)
    return list(dict.fromkeys(tags))


def validate_tags(body: dict[str, Any], names: tuple[str, ...]) -> dict[str, list[str]]:
    """An operator's corrections: {"countries": [...], "sectors": [...]}, each optional."""
    unknown = sorted(set(body) - set(names))
    if unknown:
        raise bad(f"unknown fields: {', '.join(unknown)}; expected {', '.join(names)}.")
    return {name: tag_list(body, name, name) for name in names if name in body}


def validate_submission(body: dict[str, Any]) -> dict[str, Any]:
    """The fields to store, the body sanitized; raises BadRequest naming the wrong field."""
    unknown = sorted(set(body) - set(_KNOWN))
    if unknown:
        raise bad(f"unknown fields: {', '.join(unknown)}; expected {', '.join(_KNOWN)}.")
    language = body.get("language")
    if language not in LANGUAGES:
        raise bad(f"'language' is required: one of {', '.join(LANGUAGES)}.", "language")
    url = original_url(body)
    html = sanitize_html(text_field(body, "body_html", required=True), url)
    if not html_to_text(html).strip():
        raise bad("'body_html' has no text once unsafe markup is removed.", "body_html")
    return {
        "title": text_field(body, "title", required=True),
        "published": text_field(body, "published", required=False),
        "language": language,
        "body_html": html,
        "original_url": url,
        "suggested_countries": tag_list(body, "suggested_countries", "countries"),
        "suggested_sectors": tag_list(body, "suggested_sectors", "sectors"),
    }
