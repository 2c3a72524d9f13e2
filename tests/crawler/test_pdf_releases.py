"""A release published as a PDF reaches the store as text, whether a feed links to it or a
listing spider meets it (the bytes cross from the crawl child as base64 JSON)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from types import MappingProxyType

from fakefree.catalogue import SourceURL
from fakefree.crawler.run import run_source
from fakefree.index.store import Store

from .conftest import MIRROR_ROOT, settings_for, start_mirror
from .pdfs import RELEASE_LINES, make_pdf

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Communiqués</title><link>https://agency.example/</link>
<item><title>Saisie de contrefaçons au port de Montréal</title>
<link>https://agency.example/communiques/2026-014.pdf</link>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate><description>Communiqué en PDF.</description></item>
</channel></rss>""".encode()
SPANISH_LINES = [
    "Comunicado: la Fiscalía aseguró 9 mil discos y videojuegos piratas en Puebla.",
    "La mercancía apócrifa reproducía obras protegidas por derechos de autor.",
]
GOBMX_RELEASE = "www.gob.mx/fgr/prensa/comunicado-fgr-058-26-dictan-sentencia-de-4-anos-de-prision-a-persona-que-vendia-videojuegos-y-discos-piratas-en-puebla"


def stored_texts(settings, source_id: str) -> dict[str, str]:
    with Store(settings.db_path) as store:
        rows = store.db.execute(
            "SELECT url, body_text FROM articles WHERE source_id=?", (source_id,)
        )
        return {url: text for url, text in rows}


def test_feed_entry_linking_a_pdf(tmp_path, catalogue) -> None:
    root = tmp_path / "site"
    (root / "agency.example/communiques").mkdir(parents=True)
    (root / "agency.example/feed.xml").write_bytes(FEED)
    (root / "agency.example/communiques/2026-014.pdf").write_bytes(make_pdf(RELEASE_LINES))
    source = replace(
        catalogue["ca-cbsa"],
        urls=(SourceURL("https://agency.example/feed.xml", "fr"),),
        options=MappingProxyType({}),
    )
    site = start_mirror(root)
    try:
        settings = settings_for(site.url, tmp_path / "data")
        with Store(settings.db_path) as store:
            store.sync_sources([source])
        outcome = run_source(source, settings)
    finally:
        site.server.shutdown()
    assert outcome.ok and outcome.new == 1
    (text,) = stored_texts(settings, source.id).values()
    assert "4 200 montres et sacs contrefaits" in text


def test_listing_release_served_as_pdf(tmp_path, catalogue) -> None:
    root = tmp_path / "site"
    shutil.copytree(MIRROR_ROOT / "www.gob.mx", root / "www.gob.mx")
    (root / GOBMX_RELEASE).write_bytes(make_pdf(SPANISH_LINES))
    site = start_mirror(root)
    try:
        settings = settings_for(site.url, tmp_path / "data")
        with Store(settings.db_path) as store:
            store.sync_sources([catalogue["mx-fgr"]])
        outcome = run_source(catalogue["mx-fgr"], settings)
    finally:
        site.server.shutdown()
    assert outcome.ok and outcome.new == 6
    texts = stored_texts(settings, "mx-fgr")
    pdf_release = next(text for url, text in texts.items() if "discos-piratas-en-puebla" in url)
    assert "mercancía apócrifa reproducía obras" in pdf_release
