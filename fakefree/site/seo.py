"""What a page tells search engines and link previews: its canonical URL, OpenGraph and Twitter
tags, and schema.org JSON-LD, rendered by templates/seo/head.html (included by base.html).

A view describes its page with `describe_page(...)` (kept in `g` for the request); a page that
says nothing still gets a canonical link and tags made from its <title>. Error pages get none.
The canonical URL is the page's absolute URL with only the parameters that change what it
shows (page, and a search's words, filters and order): tracking noise and `lang` are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import lazy_gettext
from markupsafe import Markup, escape

from fakefree.index.documents import Article
from fakefree.index.store import to_iso

from .i18n import current_language
from .queries import FILTER_PARAMS
from .templating import SITE_NAME

# Parameters kept in canonical URLs: on every page, and on the search page besides.
KEPT_PARAMS = ("page", "unit", "lang")  # lang: each language version is its own page
SEARCH_PARAMS = ("q", *FILTER_PARAMS, "from", "to", "sort", "page", "per", "lang")
# Signed-in pages: never indexed, never previewed.
PRIVATE_BLUEPRINTS = ("agency_web", "operator_web", "auth")
OG_LOCALES = {"en": "en_US", "fr": "fr_FR", "es": "es_ES"}
DEFAULT_DESCRIPTION = lazy_gettext(
    "Press releases on arrests, seizures, charges and sentences against counterfeiting, piracy"
    " and trade-secret theft, from agencies worldwide."
)


@dataclass(frozen=True)
class PageMeta:
    """What a view says about its page (empty fields fall back to defaults)."""

    title: str = ""
    description: str = ""
    og_type: str = "website"
    json_ld: dict[str, Any] | None = None


def describe_page(
    title: str = "",
    description: str = "",
    og_type: str = "website",
    json_ld: dict[str, Any] | None = None,
) -> None:
    """Set this request's page title, description, OpenGraph type and JSON-LD for the head."""
    g.page_meta = PageMeta(title, description, og_type, json_ld)


def canonical_url() -> str:
    """The absolute URL of this page with its meaningful parameters only, in a stable order."""
    kept = SEARCH_PARAMS if request.endpoint == "search.search" else KEPT_PARAMS
    pairs = [
        (name, value)
        for name in kept
        for value in sorted(request.args.getlist(name))
        if value.strip() and not (name == "page" and value == "1")
    ]
    return request.base_url + (f"?{urlencode(pairs)}" if pairs else "")


def json_ld_markup(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> block that nothing can break out of:
    <, > and & are written as \\u escapes, so "</script>" or "<!--" in a title stays data."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def seo_meta(page_title: str = "", status: int = 200) -> dict[str, Any] | None:
    """Everything the head needs, or None for an error page (nothing to index there); signed-in
    pages get only a noindex."""
    if request.blueprint in PRIVATE_BLUEPRINTS:
        return {"noindex": True}
    if status != 200:
        return None
    meta: PageMeta = g.get("page_meta") or PageMeta()
    language = current_language()
    return {
        "canonical": canonical_url(),
        # The <title> block comes already escaped (Markup): escape() keeps it, never twice.
        "title": meta.title or escape(page_title).strip() or SITE_NAME,
        "description": meta.description or str(DEFAULT_DESCRIPTION),
        "og_type": meta.og_type,
        "site_name": SITE_NAME,
        "locale": OG_LOCALES.get(language, "en_US"),
        "alternate_locales": [v for k, v in OG_LOCALES.items() if k != language],
        "json_ld": json_ld_markup(meta.json_ld) if meta.json_ld else None,
    }


def news_article_ld(article: Article, keywords: list[str]) -> dict[str, Any]:
    """schema.org NewsArticle for one release: our page, based on the agency's original."""
    page = url_for("pages.article", article_id=article.id, _external=True)
    agency: dict[str, Any] = {"@type": "GovernmentOrganization", "name": article.agency}
    if article.agency_homepage.startswith(("http://", "https://")):
        agency["url"] = article.agency_homepage
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "inLanguage": article.language,
        "url": page,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "isBasedOn": article.url,
        "author": agency,
        "sourceOrganization": agency,
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": url_for("pages.home", _external=True),
        },
        "dateModified": to_iso(article.updated_at),
        "keywords": keywords,
    }
    if article.published_at:
        data["datePublished"] = to_iso(article.published_at)
    return data


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(seo_meta=seo_meta)
