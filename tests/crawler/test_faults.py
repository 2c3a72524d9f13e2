"""Every fault a source's server can throw at the crawler: the right error kind is recorded, the
other sources' releases still arrive, and nothing already stored changes or is lost.

Each test starts from a store holding one clean crawl of the source about to fail, breaks that
source on the fault server, and crawls it together with the others (in threads, as the worker
does). The recorded sites are real fixtures; the crawls are real (the spider in its child).
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.readers import read_spider
from fakefree.crawler.run import RunOutcome, run_source
from fakefree.index.store import Store
from fakefree.settings import Settings

from .conftest import MIRROR_ROOT, never_known, settings_for
from .faults import Fault, FaultServer, start_fault_server
from .test_readers import catalogue_with

API = "www.justice.gov/api/"
FEED_EN = "api.io.canada.ca/io-server/gc/news/en/"
LISTING = "www.gob.mx/fgr/es/archivo/prensa"
IN_PROCESS = ("us-doj", "ca-cbsa")  # the JSON-API and feed readers
SPIDER = "mx-fgr"
LONG_WAIT = "3600"  # a Retry-After beyond any cap

READER_FAULTS = [
    ("hang", "us-doj", API, Fault("hang"), "timeout"),
    ("stall", "ca-cbsa", FEED_EN, Fault("stall"), "timeout"),
    ("500", "us-doj", API, Fault("status", status=500), "http_5xx"),
    (
        "429-long",
        "ca-cbsa",
        FEED_EN,
        Fault("status", status=429, retry_after=LONG_WAIT),
        "http_4xx",
    ),
    ("503-long", "us-doj", API, Fault("status", status=503, retry_after=LONG_WAIT), "http_5xx"),
    ("429-none", "us-doj", API, Fault("status", status=429), "http_4xx"),
    ("redirect-loop", "us-doj", API, Fault("redirect_loop"), "network"),
    ("truncated", "ca-cbsa", FEED_EN, Fault("truncate"), "network"),
    ("malformed-xml", "ca-cbsa", FEED_EN, Fault("malformed_xml"), "parse"),
    ("html-for-feed", "ca-cbsa", FEED_EN, Fault("html"), "parse"),
    ("html-for-json", "us-doj", API, Fault("html"), "parse"),
    ("empty-body", "ca-cbsa", FEED_EN, Fault("empty_body"), "parse"),
    ("50MB-declared", "us-doj", API, Fault("huge"), "too_large"),
    ("50MB-undeclared", "ca-cbsa", FEED_EN, Fault("huge", declare_length=False), "too_large"),
]
SPIDER_FAULTS = [
    ("hang", SPIDER, LISTING, Fault("hang"), "timeout"),
    ("500", SPIDER, LISTING, Fault("status", status=500), "http_5xx"),
    ("429-long", SPIDER, LISTING, Fault("status", status=429, retry_after=LONG_WAIT), "http_4xx"),
    ("redirect-loop", SPIDER, LISTING, Fault("redirect_loop"), "network"),
    ("truncated", SPIDER, LISTING, Fault("truncate"), "network"),
    ("50MB-undeclared", SPIDER, LISTING, Fault("huge", declare_length=False), "too_large"),
]


class World:
    """The fault server, the three sources, and one clean crawl of each kept as a template."""

    def __init__(self, server: FaultServer, catalogue: dict[str, Source], root: Path) -> None:
        self.server = server
        self.sources = {sid: catalogue[sid] for sid in (*IN_PROCESS, SPIDER)}
        self.root = root
        self._templates: dict[str, Path] = {}

    def settings(self, data_dir: Path) -> Settings:
        settings = settings_for(self.server.url, data_dir, http_timeout=0.5, retry_after_max=2.0)
        with Store(settings.db_path) as store:
            store.sync_sources(self.sources.values())
        return settings

    def store_after_clean_crawl(self, source_id: str, data_dir: Path) -> Settings:
        """Settings on `data_dir`, whose store holds one clean crawl of `source_id` only."""
        if source_id not in self._templates:
            template = self.settings(self.root / source_id)
            assert run_source(self.sources[source_id], template).new > 0
            self._templates[source_id] = template.db_path
        data_dir.mkdir(parents=True)
        shutil.copy(self._templates[source_id], data_dir / self._templates[source_id].name)
        return self.settings(data_dir)


@pytest.fixture(scope="module")
def world(catalogue, tmp_path_factory: pytest.TempPathFactory):
    server = start_fault_server(MIRROR_ROOT)
    yield World(server, catalogue, tmp_path_factory.mktemp("templates"))
    server.stop()


@pytest.fixture(autouse=True)
def no_faults_left(world: World):
    yield
    world.server.clear()


def stored(settings: Settings, source_id: str) -> tuple[list[tuple], list[tuple]]:
    """Every stored column of the source's articles, and the whole HTTP cache."""
    with Store(settings.db_path) as store:
        articles = store.db.execute(
            "SELECT * FROM articles WHERE source_id=? ORDER BY url", (source_id,)
        ).fetchall()
        cache = store.db.execute("SELECT * FROM http_cache ORDER BY url").fetchall()
    return [tuple(r) for r in articles], [tuple(r) for r in cache]


def crawl_together(sources: list[Source], settings: Settings) -> dict[str, RunOutcome]:
    with ThreadPoolExecutor(max_workers=len(sources)) as pool:
        outcomes = pool.map(lambda s: run_source(s, settings), sources)
    return {o.source_id: o for o in outcomes}


def check_fault(world: World, tmp_path: Path, faulted: str, prefix: str, fault: Fault, kind: str):
    settings = world.store_after_clean_crawl(faulted, tmp_path / "data")
    articles_before, cache_before = stored(settings, faulted)
    world.server.inject(prefix, fault)
    others = [s for sid, s in world.sources.items() if sid in IN_PROCESS and sid != faulted]
    outcomes = crawl_together([world.sources[faulted], *others], settings)
    failed = outcomes[faulted]
    assert (failed.ok, failed.error_kind) == (False, kind), failed.error_message
    assert "127.0.0.1" not in failed.error_message  # operators see the agency's URL
    for other in others:
        assert outcomes[other.id].ok and outcomes[other.id].new > 0, outcomes[other.id]
    articles_after, cache_after = stored(settings, faulted)
    assert articles_after == articles_before and len(articles_before) > 0
    assert set(cache_before) <= set(cache_after)  # no validator of the failed source moved
    with Store(settings.db_path) as store:
        health = {row["id"]: row for row in store.source_health()}
    assert health[faulted]["last_error_kind"] == kind
    assert health[faulted]["consecutive_failures"] == 1
    assert all(health[o.id]["consecutive_failures"] == 0 for o in others)


@pytest.mark.parametrize(
    ("faulted", "prefix", "fault", "kind"),
    [case[1:] for case in READER_FAULTS],
    ids=[f"{case[1]}-{case[0]}" for case in READER_FAULTS],
)
def test_reader_fault(world, tmp_path, faulted, prefix, fault, kind) -> None:
    check_fault(world, tmp_path, faulted, prefix, fault, kind)


@pytest.mark.parametrize(
    ("faulted", "prefix", "fault", "kind"),
    [case[1:] for case in SPIDER_FAULTS],
    ids=[f"{case[1]}-{case[0]}" for case in SPIDER_FAULTS],
)
def test_spider_fault(world, tmp_path, faulted, prefix, fault, kind) -> None:
    check_fault(world, tmp_path, faulted, prefix, fault, kind)


def test_spider_redirect_loop_fails_without_a_mirror_too(world, tmp_path) -> None:
    """Read straight from the server (no mirror middleware to mark requests): the loop must
    still fail the crawl, not vanish in Scrapy's duplicate filter as an empty success."""
    url = f"{world.server.url}/{LISTING}?idiom=es&order=DESC"
    config = catalogue_with(tmp_path, url)
    (source,) = load_sources(config / "sources.toml")
    world.server.inject(LISTING, Fault("redirect_loop"))
    settings = settings_for("", tmp_path / "data", config_dir=config)
    with pytest.raises(CrawlError) as err:
        list(read_spider(source, settings, never_known))
    assert err.value.kind == "network" and "max redirections" in err.value.message
