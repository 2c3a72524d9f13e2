"""The real catalogue (config/sources.toml): it loads, every source can be read, and every
source's first request has a recorded answer in the test mirror."""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import soupsieve

from fakefree.catalogue import Source
from fakefree.crawler.doj_api import page_url
from fakefree.crawler.mirror import mirror_file
from fakefree.crawler.readers import READERS
from fakefree.crawler.spiders import SPIDERS, load_spider

from .conftest import MIRROR_ROOT


def first_request(source: Source) -> str:
    url = source.urls[0].url
    return page_url(source, url, 0) if source.reader == "json_api" else url


def test_the_three_skeleton_sources(catalogue) -> None:
    skeleton = {"us-doj", "ca-cbsa", "mx-fgr"}
    assert {sid: (s.jurisdiction, s.reader) for sid, s in catalogue.items() if sid in skeleton} == {
        "us-doj": ("US", "json_api"),
        "ca-cbsa": ("CA", "feed"),
        "mx-fgr": ("MX", "spider"),
    }
    assert catalogue["ca-cbsa"].languages == ("en", "fr")
    assert [u.language for u in catalogue["ca-cbsa"].urls] == ["en", "fr"]


def test_every_source_is_readable(catalogue) -> None:
    for source in catalogue.values():
        assert source.reader in READERS
        assert source.homepage.startswith("https://") and source.site
        assert all(u.url.startswith("https://") for u in source.urls)
        assert {u.language for u in source.urls} - {None} <= set(source.languages)
        ZoneInfo(source.option("timezone", "UTC"))
        if source.reader == "spider":
            assert source.option("spider") in SPIDERS
            assert load_spider(source.option("spider")).name == source.option("spider")
        if source.option("body_selector"):
            soupsieve.compile(source.option("body_selector"))
            soupsieve.compile(source.option("drop_selector", "*"))


def test_every_first_request_is_recorded(catalogue) -> None:
    for source in catalogue.values():
        for url in {first_request(source), *(u.url for u in source.urls[1:])}:
            parts = urlsplit(url)
            request_path = f"/{parts.netloc}{parts.path}" + (
                f"?{parts.query}" if parts.query else ""
            )
            assert mirror_file(MIRROR_ROOT, request_path) is not None, url
