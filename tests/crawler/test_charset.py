"""French and Spanish text in Windows-1252 or Latin-1, served as UTF-8 or with no charset at all,
comes out right: by the declared charset when the bytes fit it, then by a <meta> or XML
declaration, then by detection — in the fetcher, in feedparser and in the Scrapy child."""

from __future__ import annotations

import pytest

from fakefree.crawler.charset import choose_encoding, decode_body
from fakefree.crawler.run import run_source
from fakefree.index.store import Store

from .conftest import settings_for
from .faults import Fault

FRENCH = "<p>Saisie de contrefaçons à Montréal : « pièces » d’automobiles</p>"
SPANISH = "<p>La Fiscalía aseguró mercancía apócrifa en Guadalajara; piratería</p>"


def page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}</head><body>{text}</body></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        (page(FRENCH, "utf-8").encode("cp1252"), "text/html; charset=utf-8", "cp1252"),
        (page(SPANISH).encode("latin-1"), "text/html", "cp1252"),
        (page(SPANISH, "iso-8859-1").encode("latin-1"), "text/html", "cp1252"),
        (page(FRENCH).encode("utf-8"), "text/html; charset=iso-8859-1", "utf-8"),
        (page(FRENCH, "windows-1252").encode("utf-8"), "", "utf-8"),
        (b"\xef\xbb\xbf" + page(SPANISH).encode("utf-8"), "text/html; charset=cp1252", "utf-8"),
        (page("plain ASCII").encode("ascii"), "text/html; charset=us-ascii", "cp1252"),
    ],
    ids=["cp1252-as-utf8", "latin1-unlabelled", "latin1-meta", "utf8-as-latin1",
         "utf8-wrong-meta", "bom", "ascii"],
)  # fmt: skip
def test_encoding_choice(body: bytes, content_type: str, encoding: str) -> None:
    assert choose_encoding(body, content_type) == encoding
    text = decode_body(body, content_type)
    assert "\ufffd" not in text and ("Montréal" in text or "apócrifa" in text or "ASCII" in text)


def stored(settings, source_id: str) -> list[tuple[str, str]]:
    with Store(settings.db_path) as store:
        rows = store.db.execute(
            "SELECT title, body_text FROM articles WHERE source_id=?", (source_id,)
        ).fetchall()
    return [tuple(r) for r in rows]


def crawl(fault_server, tmp_path, source) -> list[tuple[str, str]]:
    settings = settings_for(fault_server.url, tmp_path / "data")
    with Store(settings.db_path) as store:
        store.sync_sources([source])
    outcome = run_source(source, settings)
    assert outcome.ok and outcome.new > 0, outcome
    return stored(settings, source.id)


def test_feed_and_pages_in_windows_1252(fault_server, tmp_path, catalogue) -> None:
    fault_server.inject(
        "api.io.canada.ca/io-server/gc/news/fr/", Fault("recode", encoding="latin-1", charset=None)
    )
    fault_server.inject("www.canada.ca/fr/", Fault("recode", encoding="cp1252", charset="utf-8"))
    rows = crawl(fault_server, tmp_path, catalogue["ca-cbsa"])
    assert not any("\ufffd" in title + text for title, text in rows)
    french = " ".join(title + " " + text for title, text in rows)
    assert "pièces automobiles contrefaites" in french and "agents frontaliers" in french


def test_listing_and_releases_in_latin_1(fault_server, tmp_path, catalogue) -> None:
    fault_server.inject("www.gob.mx/fgr/es/", Fault("recode", encoding="cp1252", charset="utf-8"))
    fault_server.inject(
        "www.gob.mx/fgr/prensa/", Fault("recode", encoding="latin-1", charset=None, meta=None)
    )
    rows = crawl(fault_server, tmp_path, catalogue["mx-fgr"])
    assert len(rows) == 6 and not any("\ufffd" in title + text for title, text in rows)
    spanish = " ".join(title + " " + text for title, text in rows)
    assert "calzado apócrifos" in spanish and "Fiscalía General de la República" in spanish
    assert "4 años de prisión" in spanish  # ñ: Scrapy alone would guess cp1250 and write ń
