"""The gob.mx spider's parsing, on stored responses (no network)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from fakefree.crawler.errors import CrawlError
from fakefree.crawler.spiders.gobmx import next_page_url, parse_listing, parse_release

from .conftest import MIRROR_ROOT

SITE = MIRROR_ROOT / "www.gob.mx"
LISTING = "https://www.gob.mx/fgr/es/archivo/prensa?idiom=es&order=DESC"
CLOTHING = "comunicado-fgr-dpe-3714-2025-fgr-asegura-mas-de-8-mil-prendas-de-vestir-y-pares-de-calzado-apocrifos-en-guadalajara-jalisco"
GAMES = "comunicado-fgr-058-26-dictan-sentencia-de-4-anos-de-prision-a-persona-que-vendia-videojuegos-y-discos-piratas-en-puebla"


def stored(url: str, name: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=(SITE / name).read_bytes(), encoding="utf-8")


def release(slug: str) -> HtmlResponse:
    return stored(f"https://www.gob.mx/fgr/prensa/{slug}?idiom=es", f"fgr/prensa/{slug}")


def test_first_listing_page() -> None:
    items, next_url = parse_listing(stored(LISTING, "fgr/es/archivo/prensa?idiom=es&order=DESC"))
    assert len(items) == 4
    assert next_url == LISTING + "&page=2"
    homicide = items[0]
    assert homicide.url.startswith("https://www.gob.mx/fgr/prensa/comunicado-fgr-dpe-0412-2026-")
    assert homicide.url.endswith("?idiom=es")
    assert homicide.title.startswith("FGR obtiene vinculación a proceso")
    assert homicide.published == "2026-02-18 17:40:00"
    assert homicide.category == "Comunicado Estatal"


def test_last_listing_page_has_no_next() -> None:
    page2 = LISTING + "&page=2"
    items, next_url = parse_listing(
        stored(page2, "fgr/es/archivo/prensa?idiom=es&order=DESC&page=2")
    )
    assert [i.published for i in items] == ["2025-11-25 18:21:00", "2025-07-30 16:02:00"]
    assert next_url is None  # the pager only links back to page 1


def test_next_page_falls_back_to_the_last_page_link() -> None:
    html = b"""<html><body><article><h2>A</h2><a class="small-link" href="/x/prensa/a">more</a></article>
    <div><a href="/x/archivo/prensa?page=1">1</a> <a href="/x/archivo/prensa?page=3">3</a>
    <a href="/x/archivo/prensa?page=4">4</a></div></body></html>"""
    response = HtmlResponse(
        url="https://www.gob.mx/x/archivo/prensa?page=3", body=html, encoding="utf-8"
    )
    assert next_page_url(response) == "https://www.gob.mx/x/archivo/prensa?page=4"
    last = HtmlResponse(
        url="https://www.gob.mx/x/archivo/prensa?page=4", body=html, encoding="utf-8"
    )
    assert next_page_url(last) is None


def test_listing_without_articles_is_empty() -> None:
    empty = HtmlResponse(
        url=LISTING, body=b"<html><body><main>Sin resultados</main></body></html>", encoding="utf-8"
    )
    assert parse_listing(empty) == ([], None)


def test_release_page() -> None:
    doc = parse_release(release(CLOTHING), "mx-fgr")
    assert doc.url.endswith(CLOTHING + "?idiom=es")
    assert doc.source_id == "mx-fgr"
    assert (
        doc.title
        == "FGR asegura más de 8 mil prendas de vestir y pares de calzado apócrifos en Guadalajara, Jalisco"
    )
    assert doc.published == "25 de noviembre de 2025"
    assert "Instituto Mexicano de la Propiedad Industrial" in doc.html
    assert "FGR/DPE/3714/2025" in doc.html
    assert "<script" not in doc.html and "Compartir" not in doc.html and "Trámites" not in doc.html


def test_release_with_national_numbering() -> None:
    doc = parse_release(release(GAMES), "mx-fgr")
    assert doc.published == "3 de febrero de 2026"
    assert "piratas" in doc.html and "Comunicado FGR 058/26" in doc.html


def test_page_without_a_release_is_a_parse_error() -> None:
    page = HtmlResponse(
        url="https://www.gob.mx/fgr/prensa/x",
        body=b"<html><body><p>Error 500</p></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(CrawlError) as err:
        parse_release(page, "mx-fgr")
    assert err.value.kind == "parse"
