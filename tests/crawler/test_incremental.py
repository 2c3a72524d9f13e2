"""Incremental crawling: the mirror answers 304, every reader asks conditionally, an unchanged
URL has nothing new, validators are kept only once a URL's releases are in, and each crawl's
requests and bytes are recorded."""

from __future__ import annotations

import requests

from fakefree.crawler.conditional import CrawlContext, HttpCache, Validators, body_hash
from fakefree.crawler.doj_api import read_doj_api
from fakefree.crawler.fetch import Fetcher
from fakefree.crawler.run import run_source
from fakefree.index.store import Store

from .conftest import never_known, settings_for
from .faults import Fault

ROBOTS = "/www.gob.mx/robots.txt"
POLLED = ("/api/v1/press_releases.json", "/io-server/gc/news/", "/archivo/prensa")
FGR_RELEASE = "www.gob.mx/fgr/prensa/comunicado-fgr-058-26"


def test_mirror_sends_validators_and_answers_304(mirror) -> None:
    url = f"{mirror.url}{ROBOTS}"
    first = requests.get(url, timeout=5)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and etag.startswith('"')
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=5).status_code == 304
    since = {"If-Modified-Since": last_modified}
    assert requests.get(url, headers=since, timeout=5).status_code == 304
    other = {"If-None-Match": '"another"', **since}  # If-None-Match decides when present
    assert requests.get(url, headers=other, timeout=5).status_code == 200


def test_poll_is_conditional_and_unchanged_means_none(mirror, settings) -> None:
    url = "https://www.gob.mx/robots.txt"
    with Store(settings.db_path) as store:
        context = CrawlContext(cache=HttpCache(store, "test"))
        with Fetcher(settings, "test", context) as fetcher:
            response = fetcher.poll(url)
            assert response is not None and response.etag
            fetcher.remember(url, response)
            assert fetcher.poll(url) is None  # 304
            body_only = Validators(content_hash=body_hash(response.body))
            context.cache.save(url, body_only)  # a server without validators: same body
            assert fetcher.poll(url) is None
    assert mirror.requests.count(ROBOTS) == 4


def test_validators_are_kept_only_after_the_releases(mirror, settings, catalogue) -> None:
    with Store(settings.db_path) as store:
        context = CrawlContext(cache=HttpCache(store, "test"))
        walk = read_doj_api(catalogue["us-doj"], settings, never_known, context)
        next(walk)  # a crawl that dies after its first release
        walk.close()
        assert store.db.execute("SELECT count(*) FROM http_cache").fetchone()[0] == 0
        assert len(list(read_doj_api(catalogue["us-doj"], settings, never_known, context))) == 8
        assert store.db.execute("SELECT count(*) FROM http_cache").fetchone()[0] == 2
    assert context.traffic.requests >= 4 and context.traffic.bytes_received > 10_000


def crawl_twice(source, settings) -> tuple:
    with Store(settings.db_path) as store:
        store.sync_sources([source])
    first, second = run_source(source, settings), run_source(source, settings)
    with Store(settings.db_path) as store:
        runs = store.recent_runs(source.id, limit=2)
    return first, second, runs


def test_second_crawl_of_each_reader_moves_little_and_writes_nothing(
    fault_server, tmp_path, catalogue
) -> None:
    settings = settings_for(fault_server.url, tmp_path / "data")
    for source_id in ("us-doj", "ca-cbsa", "mx-fgr"):
        first, second, runs = crawl_twice(catalogue[source_id], settings)
        assert first.ok and first.new > 0 and second.ok, (first, second)
        assert (second.found, second.new, second.updated) == (0, 0, 0)
        assert second.bytes_received < 0.05 * first.bytes_received, (first, second)
        assert [r["bytes_received"] for r in runs] == [second.bytes_received, first.bytes_received]
        assert [r["requests"] for r in runs] == [second.requests, first.requests]
    polled = [s for s in fault_server.seen if any(p in s.path for p in POLLED)]
    asked_again = [s for i, s in enumerate(polled) if s.path in {o.path for o in polled[:i]}]
    assert len(polled) == 6 + 4  # API pages 0 and 1, two feeds, listing pages 1 and 2; then
    assert len(asked_again) == 4  # API page 0, the feeds and listing page 1, all unchanged
    assert all(
        "If-None-Match" in s.headers and "If-Modified-Since" in s.headers for s in asked_again
    )


def test_spider_rereads_a_listing_with_a_missing_release(fault_server, tmp_path, catalogue):
    settings = settings_for(fault_server.url, tmp_path / "data")
    source = catalogue["mx-fgr"]
    with Store(settings.db_path) as store:
        store.sync_sources([source])
    fault_server.inject(FGR_RELEASE, Fault("status", status=500))
    first = run_source(source, settings)
    fault_server.clear()
    fault_server.seen.clear()
    second, third = run_source(source, settings), run_source(source, settings)
    assert (first.ok, first.new, second.new, third.found) == (True, 5, 1, 0)
    page_one = [
        s for s in fault_server.seen if s.path.endswith("/archivo/prensa?idiom=es&order=DESC")
    ]
    assert "If-None-Match" not in page_one[0].headers  # never kept: a release was missing
    assert "If-None-Match" in page_one[1].headers
