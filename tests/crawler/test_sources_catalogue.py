"""The real catalogue (config/sources.toml) loads, is valid, covers what issue 3 asks for, and
every source has its recorded site and its expected output."""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.doj_api import page_url
from fakefree.crawler.mirror import mirror_file
from fakefree.crawler.spiders import SPIDERS, load_spider
from fakefree.crawler.spiders.listing_config import ListingConfig
from fakefree.settings import REPO_ROOT

from .conftest import MIRROR_ROOT

CATALOGUE = REPO_ROOT / "config" / "sources.toml"
SOURCE_IDS = sorted(s.id for s in load_sources(CATALOGUE))
EXPECTED = MIRROR_ROOT.parent / "expected"
REQUIRED = {
    "us-doj": "US", "us-usao": "US", "us-ice": "US", "us-cbp": "US", "us-iprcenter": "US",
    "us-fda-oci": "US", "ca-rcmp": "CA", "ca-cbsa": "CA", "mx-fgr": "MX", "mx-impi": "MX",
    "mx-anam": "MX", "mx-indautor": "MX", "eu-europol": "EU", "int-interpol": "INT",
    "eu-euipo": "EU", "int-wco": "INT", "gb-colp": "GB", "gb-ipo": "GB",
}  # fmt: skip
OTHER_CONTINENTS = {"AU": "Oceania", "HK": "Asia", "IN": "Asia", "ES": "Europe", "FR": "Europe"}
SELECTOR_SPIDERS = {"generic", "rcmp", "europol", "euipo"}  # configured by ListingConfig
# Hosts recorded without a robots.txt (the skeleton's GC news API): a missing one allows all.
WITHOUT_ROBOTS = {"api.io.canada.ca"}


def recorded(url: str) -> bool:
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return mirror_file(MIRROR_ROOT, f"/{parts.netloc}{parts.path}{query}") is not None


def first_requests(source: Source) -> list[str]:
    if source.reader == "json_api":
        return [page_url(source, u.url, 0) for u in source.urls]
    return [u.url for u in source.urls]


def test_the_catalogue_loads_with_its_coverage(catalogue) -> None:
    assert [s.id for s in load_sources(CATALOGUE)] == list(catalogue)  # validated at load
    assert len(catalogue) >= 20
    jurisdictions = {s.jurisdiction for s in catalogue.values()}
    assert len(jurisdictions) >= 10
    assert {lang for s in catalogue.values() for lang in s.languages} == {"en", "fr", "es"}
    assert {sid: catalogue[sid].jurisdiction for sid in REQUIRED if sid in catalogue} == REQUIRED
    others = jurisdictions & set(OTHER_CONTINENTS)
    assert len(others) >= 4 and len({OTHER_CONTINENTS[j] for j in others} - {"Europe"}) >= 2


def test_languages_are_covered_by_urls(catalogue) -> None:
    pinned = {u.language for s in catalogue.values() for u in s.urls if s.enabled}
    assert {"en", "fr", "es"} <= pinned
    for source in catalogue.values():
        languages = {u.language for u in source.urls}
        assert languages - {None} <= set(source.languages), source.id
        assert None in languages or languages == set(source.languages), source.id


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_source_entry_is_complete(source_id: str, catalogue) -> None:
    source = catalogue[source_id]
    assert source.site and source.name and source.agency, "site, name and agency say what it is"
    urls = [source.homepage, *(u.url for u in source.urls)]
    assert all(url.startswith("https://") for url in urls), urls
    ZoneInfo(source.option("timezone"))  # every source says how to read dates without a zone
    if source.reader == "spider":
        name = source.option("spider")
        assert name in SPIDERS and load_spider(name).name == name
        if name in SELECTOR_SPIDERS:
            ListingConfig.from_options(source.options, load_spider(name).needs_items)


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_source_has_its_recorded_site(source_id: str, catalogue) -> None:
    source = catalogue[source_id]
    for url in first_requests(source):
        assert recorded(url), f"no recorded answer for {url}"
        host = urlsplit(url).netloc
        assert host in WITHOUT_ROBOTS or (MIRROR_ROOT / host / "robots.txt").is_file(), url
    assert (EXPECTED / f"{source_id}.json").is_file(), "no expected output"


def test_every_expected_file_names_a_source(catalogue) -> None:
    assert {p.stem for p in EXPECTED.glob("*.json")} == set(catalogue)
