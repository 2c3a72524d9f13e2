"""sitemap.xml and robots.txt.

The sitemap lists the home page, the static pages, every browse page (countries with releases,
every sector, IP type and action, every agency) and every published release with its last
change. Past SITEMAP_LIMIT URLs (50,000, the protocol's bound) /sitemap.xml becomes a sitemap
index of /sitemaps/pages.xml and /sitemaps/articles-N.xml, each within the bound. Unpublished
releases never appear. Bodies are rendered once per process and collection revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, current_app, url_for

from fakefree.index import listings

from .browse import TOPICS
from .caching import collection_response
from .db import get_store
from .facets import facet_values
from .queries import SearchParams, run_search

bp = Blueprint("sitemap", __name__)

SITEMAP_LIMIT = 50_000
XML_MIMETYPE = "application/xml"
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
STATIC_ENDPOINTS = (
    "pages.home", "pages.about", "pages.sources", "pages.resources", "stats.statistics_page",
    "browse.agencies",
)  # fmt: skip
# Heavy or endless URL spaces a crawler should leave alone (the browse pages cover them), and
# the signed-in pages.
DISALLOWED = ("/search", "/api/", "/feeds/", "/statistics/", "/agency/", "/operator/", "/login")


def page_size() -> int:
    return int(current_app.config.get("SITEMAP_LIMIT", SITEMAP_LIMIT))


def _w3c(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _urlset(entries: Iterable[tuple[str, datetime | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_NS}">']
    for loc, lastmod in entries:
        mod = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{mod}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def page_urls() -> list[tuple[str, datetime | None]]:
    """Every page besides the releases: static pages, browse indexes and browse pages."""
    urls = [url_for(endpoint, _external=True) for endpoint in STATIC_ENDPOINTS]
    result, _ = run_search(SearchParams("", {}, "date", 1), 1)
    with_releases = {v for v, n in result.facets.get("countries", []) if n}
    for segment, field in TOPICS.items():
        urls.append(url_for("browse.topic_index", segment=segment, _external=True))
        values = facet_values(field)
        if field == "countries":
            values = tuple(v for v in values if v in with_releases)
        endpoint = {"countries": "country", "sectors": "sector", "ip_types": "ip_type",
                    "actions": "action"}[field]  # fmt: skip
        arg = "code" if field == "countries" else "value"
        urls += [url_for(f"browse.{endpoint}", _external=True, **{arg: v}) for v in values]
    urls += [
        url_for("browse.agency", source_id=s, _external=True) for s in facet_values("source_id")
    ]
    return [(u, None) for u in urls]


def article_urls(part: int) -> list[tuple[str, datetime | None]]:
    stamps = listings.published_stamps(get_store().db, part, page_size())
    return [
        (url_for("pages.article", article_id=aid, _external=True), updated)
        for aid, updated in stamps
    ]


def _article_parts() -> int:
    count = listings.published_count(get_store().db)
    return max(1, -(-count // page_size()))


def _sitemap() -> bytes:
    pages = page_urls()
    count = listings.published_count(get_store().db)
    if len(pages) + count <= page_size():
        return _urlset(pages + article_urls(0))
    parts = [url_for("sitemap.part", name="pages", _external=True)]
    parts += [url_for("sitemap.part", name=f"articles-{n}", _external=True)
              for n in range(_article_parts())]  # fmt: skip
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{_NS}">']
    lines += [f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in parts]
    lines.append("</sitemapindex>\n")
    return "\n".join(lines).encode("utf-8")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    return collection_response(_sitemap, XML_MIMETYPE)


def _part(name: str) -> bytes:
    if name == "pages":
        return _urlset(page_urls())
    number = name.removeprefix("articles-")
    if not (number.isascii() and number.isdigit()) or int(number) >= _article_parts():
        abort(404, description="There is no such sitemap.")
    return _urlset(article_urls(int(number)))


@bp.get("/sitemaps/<name>.xml")
def part(name: str) -> Response:
    return collection_response(lambda: _part(name), XML_MIMETYPE)


@bp.get("/robots.txt")
def robots() -> Response:
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {url_for('sitemap.sitemap', _external=True)}")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
