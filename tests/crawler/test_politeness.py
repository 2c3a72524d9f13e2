"""Politeness: a user agent with a contact URL, one request at a time per host with a delay,
and Retry-After honoured on 429 and 503 up to a cap — by the fetcher and by the Scrapy child."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fakefree.crawler.errors import CrawlError
from fakefree.crawler.fetch import Fetcher
from fakefree.crawler.retry_after import retry_after_seconds, wait_to_honour
from fakefree.crawler.run import run_source
from fakefree.crawler.scrapy_child import scrapy_settings
from fakefree.index.store import Store

from .conftest import settings_for
from .faults import Fault

API_PAGE = "www.justice.gov/api/v1/press_releases.json"
LISTING = "www.gob.mx/fgr/es/archivo/prensa"


def test_retry_after_values() -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(b" 5 ") == 5.0
    assert retry_after_seconds("Mon, 02 Mar 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Mon, 02 Mar 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    assert wait_to_honour(429, "10", waited=0, cap=60) == 10.0
    assert wait_to_honour(503, "10", waited=55, cap=60) is None  # past the cap
    assert wait_to_honour(500, "10", waited=0, cap=60) is None  # only 429 and 503
    assert wait_to_honour(429, None, waited=0, cap=60) is None


def requests_to(server, fragment: str) -> list:
    return [s for s in server.seen if fragment in s.path]


def test_fetcher_waits_as_retry_after_asks(fault_server, tmp_path, catalogue) -> None:
    fault_server.inject(API_PAGE, Fault("status", status=429, retry_after="1", times=1))
    settings = settings_for(fault_server.url, tmp_path / "data", retry_after_max=5.0)
    with Store(settings.db_path) as store:
        store.sync_sources([catalogue["us-doj"]])
    outcome = run_source(catalogue["us-doj"], settings)
    assert outcome.ok and outcome.new == 8
    first, again = requests_to(fault_server, "page=0")
    assert again.at - first.at >= 1.0


def test_fetcher_gives_up_past_the_cap(fault_server, tmp_path) -> None:
    fault_server.inject("www.gob.mx/robots.txt", Fault("status", status=503, retry_after="1"))
    settings = settings_for(fault_server.url, tmp_path, retry_after_max=1.0)
    with Fetcher(settings, "test") as fetcher, pytest.raises(CrawlError) as err:
        fetcher.get("https://www.gob.mx/robots.txt", check_robots=False)
    assert err.value.kind == "http_5xx" and "Retry-After" in err.value.message
    assert len(fault_server.seen) == 2  # asked once more after one second, then gave up


def test_retry_after_zero_is_not_an_endless_loop(fault_server, tmp_path, catalogue) -> None:
    fault_server.inject("www.gob.mx/robots.txt", Fault("status", status=429, retry_after="0"))
    settings = settings_for(fault_server.url, tmp_path / "data")
    with Fetcher(settings, "test") as fetcher, pytest.raises(CrawlError) as err:
        fetcher.get("https://www.gob.mx/robots.txt", check_robots=False)
    assert err.value.kind == "http_4xx" and len(fault_server.seen) == 3
    fault_server.seen.clear()
    fault_server.inject(LISTING, Fault("status", status=503, retry_after="0"))
    with Store(settings.db_path) as store:
        store.sync_sources([catalogue["mx-fgr"]])
    outcome = run_source(catalogue["mx-fgr"], settings)
    assert outcome.error_kind == "http_5xx" and len(requests_to(fault_server, LISTING)) == 3


def test_fetcher_is_polite_to_each_host(fault_server, tmp_path) -> None:
    settings = settings_for(fault_server.url, tmp_path, download_delay=0.3)
    with Fetcher(settings, "test") as fetcher:
        for _ in range(3):
            fetcher.get("https://www.gob.mx/robots.txt", check_robots=False)
    times = [s.at for s in fault_server.seen]
    assert all(b - a >= 0.29 for a, b in zip(times, times[1:], strict=False))
    agent = fault_server.seen[0].headers["User-Agent"]
    assert settings.contact_url in agent and agent.startswith("FakeFreeBot/")


def test_spider_waits_as_retry_after_asks(fault_server, tmp_path, catalogue) -> None:
    fault_server.inject(LISTING, Fault("status", status=503, retry_after="1", times=1))
    settings = settings_for(fault_server.url, tmp_path / "data", retry_after_max=5.0)
    with Store(settings.db_path) as store:
        store.sync_sources([catalogue["mx-fgr"]])
    outcome = run_source(catalogue["mx-fgr"], settings)
    assert outcome.ok and outcome.new == 6, outcome
    first, again = requests_to(fault_server, "prensa?idiom=es&order=DESC")[:2]
    assert again.at - first.at >= 1.0
    assert settings.contact_url in first.headers["User-Agent"]


def test_scrapy_child_settings_are_polite(tmp_path) -> None:
    settings = settings_for("", tmp_path, download_delay=2.0, retry_after_max=30.0)
    values = scrapy_settings(settings)
    assert values["ROBOTSTXT_OBEY"] and values["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert values["DOWNLOAD_DELAY"] == 2.0 and values["DOWNLOAD_MAXSIZE"] > 0
    assert settings.contact_url in values["USER_AGENT"]
    assert 429 not in values["RETRY_HTTP_CODES"] and 503 not in values["RETRY_HTTP_CODES"]
    assert values["FAKEFREE_RETRY_AFTER_MAX"] == 30.0
    assert any("RetryAfterMiddleware" in path for path in values["DOWNLOADER_MIDDLEWARES"])
