"""The reader table, and the spider reader end to end: a real Scrapy child process against the
mirror, with its failures reported by kind."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from fakefree.catalogue import READERS as CATALOGUE_READERS
from fakefree.catalogue import Source
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.readers import READERS, child_env, read_source, read_spider, status_error
from fakefree.index.store import Store
from fakefree.index.urls import canonical_url
from fakefree.settings import Settings

from .conftest import never_known, settings_for, start_mirror

LISTING = "https://www.gob.mx/fgr/es/archivo/prensa?idiom=es&order=DESC"
PAGE_ONE_SLUGS = (
    "comunicado-fgr-dpe-0412-2026-fgr-obtiene-vinculacion-a-proceso-contra-probable-responsable-de-homicidio-en-chihuahua",
    "comunicado-fgr-058-26-dictan-sentencia-de-4-anos-de-prision-a-persona-que-vendia-videojuegos-y-discos-piratas-en-puebla",
    "comunicado-fgr-dpe-0087-2026-en-cateo-fgr-asegura-medicamentos-falsificados-y-sin-registro-sanitario-en-tlalnepantla-estado-de-mexico",
    "comunicado-fgr-dpe-3980-2025-vinculan-a-proceso-a-dos-personas-por-narcomenudeo-en-merida-yucatan",
)


def remember(settings: Settings, source: Source, slugs: tuple[str, ...]) -> None:
    """Store minimal articles for these FGR releases, as an earlier crawl would have."""
    with Store(settings.db_path) as store:
        store.sync_sources([source])
        for slug in slugs:
            store.upsert_article({
                "url": canonical_url(f"https://www.gob.mx/fgr/prensa/{slug}?idiom=es"),
                "source_id": source.id, "title": slug, "summary": "", "body_text": "",
                "body_html": "", "language": "es", "published_at": None,
                "fetched_at": datetime.now(UTC), "content_hash": slug, "is_relevant": False,
                "relevance_score": 0.0, "countries": [], "origin_countries": [], "sectors": [],
                "ip_types": [], "actions": [], "evidence": {},
            })  # fmt: skip


def catalogue_with(tmp_path: Path, url: str, spider: str = "gobmx") -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "sources.toml").write_text(f"""
[[source]]
id = "mx-test"
name = "Test listing"
agency = "Test agency"
jurisdiction = "MX"
homepage = "https://www.gob.mx/fgr"
languages = ["es"]
reader = "spider"
urls = [{{ url = "{url}", language = "es" }}]
options = {{ spider = "{spider}", max_pages = 5 }}
""")
    return folder


def test_every_catalogue_reader_has_an_implementation() -> None:
    assert set(READERS) == set(CATALOGUE_READERS)


def test_read_source_dispatches_on_the_reader(mirror, settings, catalogue) -> None:
    docs = list(read_source(catalogue["us-doj"], settings, never_known))
    assert len(docs) == 8 and docs[0].source_id == "us-doj"


def test_spider_finds_every_release_of_the_listing(mirror, settings, catalogue) -> None:
    docs = list(read_spider(catalogue["mx-fgr"], settings, never_known))
    assert len(docs) == 6
    assert all(d.url.startswith("https://www.gob.mx/fgr/prensa/") for d in docs)
    assert {d.language for d in docs} == {"es"} and {d.source_id for d in docs} == {"mx-fgr"}
    by_date = {d.published: d for d in docs}
    clothing = by_date["2025-11-25 18:21:00"]
    assert "calzado apócrifos" in clothing.title and "Guadalajara" in clothing.html
    assert clothing.extra == {
        "page_date": "25 de noviembre de 2025",
        "category": "Comunicado Estatal",
    }
    listings = [r for r in mirror.requests if "/archivo/prensa" in r]
    assert len(listings) == 2 and listings[1].endswith("page=2")
    assert "/www.gob.mx/robots.txt" in mirror.requests


def test_known_releases_stop_the_listing_walk(mirror, settings, catalogue) -> None:
    source = catalogue["mx-fgr"]
    remember(settings, source, PAGE_ONE_SLUGS[:2])
    docs = list(read_spider(source, settings, never_known))
    assert len(docs) == 4  # two of page one are known: not fetched, not yielded
    assert not any(PAGE_ONE_SLUGS[0] in r for r in mirror.requests)
    remember(settings, source, PAGE_ONE_SLUGS[2:])
    mirror.requests.clear()
    assert list(read_spider(source, settings, never_known)) == []
    assert [r for r in mirror.requests if "/archivo/prensa" in r] == [
        "/www.gob.mx/fgr/es/archivo/prensa?idiom=es&order=DESC"
    ]
    assert not any("/fgr/prensa/" in r for r in mirror.requests)


@pytest.mark.parametrize(
    ("which", "kind"), [("missing", "http_4xx"), ("refused", "network"), ("silent", "timeout")]
)
def test_first_listing_failure_fails_the_crawl(
    which, kind, mirror, tmp_path, refused_url, silent_url
) -> None:
    base = {"missing": mirror.url, "refused": refused_url, "silent": silent_url}[which]
    config = catalogue_with(tmp_path, "https://www.gob.mx/fgr/es/archivo/no-such-listing")
    settings = settings_for(base, tmp_path / "data", config_dir=config, http_timeout=0.5)
    source = Source("mx-test", "t", "t", "MX", "https://www.gob.mx", ("es",), "spider", ())
    with pytest.raises(CrawlError) as err:
        list(read_spider(source, settings, never_known))
    assert err.value.kind == kind
    assert "www.gob.mx/fgr/es/archivo/no-such-listing" in err.value.message
    assert "127.0.0.1" not in err.value.message  # the real URL, never the mirror's


def test_robots_txt_is_obeyed(tmp_path, catalogue) -> None:
    root = tmp_path / "site"
    (root / "www.gob.mx").mkdir(parents=True)
    (root / "www.gob.mx" / "robots.txt").write_text("User-agent: *\nDisallow: /fgr/\n")
    site = start_mirror(root)
    try:
        with pytest.raises(CrawlError) as err:
            list(
                read_spider(
                    catalogue["mx-fgr"], settings_for(site.url, tmp_path / "data"), never_known
                )
            )
    finally:
        site.server.shutdown()
    assert err.value.kind == "robots"
    assert site.requests == ["/www.gob.mx/robots.txt"]


def test_time_limit_kills_the_child(mirror, tmp_path, catalogue) -> None:
    settings = settings_for(mirror.url, tmp_path / "data", crawl_time_limit=0.2)
    with pytest.raises(CrawlError) as err:
        list(read_spider(catalogue["mx-fgr"], settings, never_known))
    assert err.value.kind == "timeout"


def test_unknown_spider_is_reported(mirror, tmp_path) -> None:
    config = catalogue_with(tmp_path, LISTING, spider="no-such-spider")
    settings = settings_for(mirror.url, tmp_path / "data", config_dir=config)
    source = Source("mx-test", "t", "t", "MX", "https://www.gob.mx", ("es",), "spider", ())
    with pytest.raises(CrawlError) as err:
        list(read_spider(source, settings, never_known))
    assert err.value.kind == "parse" and "no-such-spider" in err.value.message


def test_child_gets_every_setting_it_needs(tmp_path) -> None:
    settings = settings_for("http://127.0.0.1:9", tmp_path, download_delay=0.25, http_timeout=7.0)
    env = child_env(settings)
    assert env["FAKEFREE_MIRROR"] == "http://127.0.0.1:9"
    assert env["FAKEFREE_DATA_DIR"] == str(tmp_path)
    assert (
        float(env["FAKEFREE_DOWNLOAD_DELAY"]) == 0.25 and float(env["FAKEFREE_HTTP_TIMEOUT"]) == 7.0
    )


def test_child_outcomes_become_errors() -> None:
    assert status_error("s", {"_status": "ok"}, 0, "") is None
    failed = status_error(
        "s", {"_status": "failed", "kind": "http_5xx", "message": "HTTP 503"}, 1, ""
    )
    assert (failed.kind, failed.message) == ("http_5xx", "HTTP 503")
    crashed = status_error("s", None, 1, "Traceback ...\nImportError: no module named x\n")
    assert crashed.kind == "parse" and crashed.message.endswith("ImportError: no module named x")


def test_oversized_listing_is_too_large(mirror, tmp_path, catalogue) -> None:
    settings = settings_for(mirror.url, tmp_path / "data", max_response_bytes=2_000)
    with pytest.raises(CrawlError) as err:
        list(read_spider(catalogue["mx-fgr"], settings, never_known))
    assert err.value.kind == "too_large"
