"""Untrusted release HTML reduced to a small, safe allow-list (nh3, the ammonia sanitizer).

Kept in `index` so that ingest can store clean HTML and the site can clean it again on output:
the site must never show an agency's markup as it came.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd",
        "strong", "em", "b", "i", "u", "sub", "sup", "small", "abbr", "cite", "q", "code", "pre",
        "blockquote", "h2", "h3", "h4", "h5", "h6", "a",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
# Tags whose content is dropped along with the tag (the rest keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "svg", "math", "noscript", "template"})


def _resolve_link(base_url: str, tag: str, attribute: str, value: str) -> str | None:
    """Resolve a relative href against the release's URL; without one, drop it."""
    if attribute != "href":
        return value
    try:
        if urlsplit(value.strip()).scheme:
            return value  # nh3 then checks the scheme against URL_SCHEMES
        return urljoin(base_url, value.strip()) if base_url else None
    except ValueError:  # an unreadable URL ("http://[::1"): drop the link, keep its text
        return None


def sanitize_html(html: str, base_url: str = "") -> str:
    """Keep only structural tags and http/https/mailto links; no script, style, svg or on* attributes.

    Relative links are resolved against `base_url` (the release's own URL) when given, and
    removed otherwise, so they never point into this site.
    """
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=partial(_resolve_link, base_url),
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )
