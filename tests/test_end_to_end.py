"""A release travels from three sources to search, article page, feeds and API — for real.

A local server on 127.0.0.1 serves the recorded sites (and the real justice.gov records from
shared/data as a further API page); `fakefree crawl` runs as a real process (API reader, feed
reader, Scrapy spider in its own child process); then the site is asked what a reader would ask.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from fakefree.crawler.mirror import make_handler
from fakefree.index.store import Store
from fakefree.settings import Settings, load_settings
from fakefree.site import create_app
from tests.conftest import (
    FIXTURES,
    SHARED_DATA,
    SKELETON_SOURCES,
    config_with_sources,
    run_fakefree,
)

DOJ_PAGE = "www.justice.gov/api/v1/press_releases.json?direction=DESC&page={}&pagesize=50&sort=date"
REAL_DOJ = SHARED_DATA / "justice_gov_api_press_releases.json"


class FaultyMirror(ThreadingHTTPServer):
    """The mirror, with per-host faults: "500" answers an error, "hang" never answers in time."""

    faults: dict[str, str]


def start_mirror(root: Path) -> FaultyMirror:
    base = make_handler(root)

    class Handler(base):
        def do_GET(self) -> None:  # noqa: N802
            host = self.path.lstrip("/").split("/", 1)[0]
            fault = self.server.faults.get(host)
            if fault == "500":
                self.send_error(500, "injected failure")
            elif fault == "hang":
                time.sleep(4)
                self.send_error(503)
            else:
                super().do_GET()

    server = FaultyMirror(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.faults = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """The recorded sites plus the real DOJ page, served; a data directory; one crawl done."""
    root = tmp_path_factory.mktemp("mirror")
    shutil.copytree(FIXTURES / "mirror", root, dirs_exist_ok=True)
    real = json.loads(REAL_DOJ.read_text())
    (root / DOJ_PAGE.format(1)).write_text(json.dumps(real))
    empty = {"metadata": {"resultset": {"count": "0", "page": 2, "pagesize": 50}}, "results": []}
    (root / DOJ_PAGE.format(2)).write_text(json.dumps(empty))
    server = start_mirror(root)
    data = tmp_path_factory.mktemp("data")
    env = {
        "FAKEFREE_DATA_DIR": str(data),
        "FAKEFREE_MIRROR": f"http://127.0.0.1:{server.server_port}",
        "FAKEFREE_DOWNLOAD_DELAY": "0",
        "FAKEFREE_HTTP_TIMEOUT": "2",
        # The three sources of the three reader kinds; every source's reader has its own test.
        "FAKEFREE_CONFIG_DIR": str(
            config_with_sources(tmp_path_factory.mktemp("config"), SKELETON_SOURCES)
        ),
    }
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("FAKEFREE_")}, **env}
    first = run_fakefree(env, "crawl")
    assert first.returncode == 0, first.stdout + first.stderr
    yield {"env": env, "server": server, "data": data, "first": first}
    server.shutdown()


@pytest.fixture(scope="module")
def settings(world) -> Settings:
    # one test client asks the API for every hidden release: above the public rate limit
    return load_settings().replace(data_dir=Path(world["data"]), api_rate_limit="100000/hour")


@pytest.fixture(scope="module")
def client(settings):
    return create_app({"SETTINGS": settings, "TESTING": True}).test_client()


def articles(settings: Settings, relevant: bool) -> list:
    with Store(settings.db_path) as store:
        rows = store.db.execute("SELECT id FROM articles WHERE is_relevant=?", (int(relevant),))
        return store.get_articles([r["id"] for r in rows])


def test_every_reader_brought_releases(world, settings) -> None:
    out = world["first"].stdout
    for source_id in ("us-doj", "ca-cbsa", "mx-fgr"):
        assert f"{source_id}: ok" in out
    published = articles(settings, relevant=True)
    by_source = {a.source_id for a in published}
    assert {"us-doj", "ca-cbsa", "mx-fgr"} <= by_source  # and the rest of the catalogue
    assert {a.language for a in published} == {"en", "fr", "es"}


def test_home_lists_relevant_releases(client, settings) -> None:
    home = client.get("/").get_data(as_text=True)
    newest = sorted(articles(settings, relevant=True), key=lambda a: (a.published_at, a.id))
    for article in newest[-10:]:  # the home page shows the newest
        assert f"/articles/{article.id}" in home


def test_non_ip_releases_are_shown_nowhere(client, settings) -> None:
    hidden = articles(settings, relevant=False)
    real_titles = {r["title"] for r in json.loads(REAL_DOJ.read_text())["results"]}
    hidden_real = [a for a in hidden if a.title in {" ".join(t.split()) for t in real_titles}]
    assert len(hidden_real) >= 90, "the real DOJ stream is mostly not about IP"
    pages = [
        client.get("/").get_data(as_text=True),
        client.get("/search?per_page=100").get_data(as_text=True),
        client.get("/feeds/latest.atom").get_data(as_text=True),
        client.get("/feeds/latest.rss").get_data(as_text=True),
        client.get("/api/v1/search?per_page=100").get_data(as_text=True),
    ]
    for article in hidden:
        assert client.get(f"/articles/{article.id}").status_code == 404
        assert client.get(f"/api/v1/articles/{article.id}").status_code == 404
        for page in pages:
            assert f'/articles/{article.id}"' not in page
    for word in ("Columbus", "Medicare", "price-fixing"):
        res = client.get(f"/api/v1/search?q={word}").get_json()
        assert res["total"] == 0, word


def search_titles(client, query: str) -> list[str]:
    res = client.get("/api/v1/search", query_string={"q": query, "per_page": 50}).get_json()
    return [r["title"] for r in res["results"]]


def test_search_finds_releases_in_each_language(client, settings) -> None:
    published = articles(settings, relevant=True)
    english = next(a for a in published if a.language == "en" and "airbag" in a.body_text.lower())
    assert english.title in search_titles(client, "airbags")
    french = [a for a in published if a.language == "fr"]
    assert any("contrefait" in a.body_text.lower() for a in french)
    found = search_titles(client, "contrefaçon")  # singular noun: the releases say "contrefaits"
    found += search_titles(client, "contrefait")
    assert any(a.title in found for a in french)
    spanish = [a for a in published if a.language == "es"]
    found = search_titles(client, "falsificado")  # the release says "falsificados"
    assert any(a.title in found for a in spanish)
    assert search_titles(client, "apocrifo"), "accents are optional and plural/singular meet"


def test_article_page_links_to_the_original(client, settings) -> None:
    for article in articles(settings, relevant=True):
        page = client.get(f"/articles/{article.id}").get_data(as_text=True)
        assert f'href="{article.url}"' in page.replace("&amp;", "&")
        assert article.url.startswith("https://") and "127.0.0.1" not in article.url
        assert article.agency_homepage in page


@pytest.mark.parametrize("path", ["/feeds/latest.atom", "/feeds/latest.rss",
                                  "/search.atom?q=counterfeit", "/search.rss?q=counterfeit"])  # fmt: skip
def test_feeds_parse_cleanly(client, path: str) -> None:
    feed = feedparser.parse(client.get(path).data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids))
    assert all(e.link.startswith("http") for e in feed.entries)


def test_crawling_again_creates_no_duplicate(world, settings) -> None:
    with Store(settings.db_path) as store:
        before = store.count_articles(relevant_only=False)
    again = run_fakefree(world["env"], "crawl")
    assert again.returncode == 0, again.stderr
    assert "0 new" in again.stdout
    with Store(settings.db_path) as store:
        assert store.count_articles(relevant_only=False) == before
        urls = [r[0] for r in store.db.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls))


def test_reindex_returns_the_same_results(world, client) -> None:
    queries = ["counterfeit", "contrefaits", "piratería", "trade secret", "", "sentenced"]

    def answers() -> list:
        return [
            client.get("/api/v1/search", query_string={"q": q, "per_page": 100}).get_json()
            for q in queries
        ]

    before = answers()
    out = run_fakefree(world["env"], "reindex")
    assert out.returncode == 0 and "reindexed" in out.stdout, out.stderr
    assert answers() == before


@pytest.mark.parametrize(("fault", "kind"), [("500", "http_5xx"), ("hang", "timeout")])
def test_failing_source_is_recorded_and_the_others_still_arrive(
    world, tmp_path, fault, kind
) -> None:
    env = {**world["env"], "FAKEFREE_DATA_DIR": str(tmp_path / "data")}
    settings = load_settings().replace(data_dir=tmp_path / "data")
    server = world["server"]
    server.faults = {"www.justice.gov": fault}
    try:
        out = run_fakefree(env, "crawl")
    finally:
        server.faults = {}
    assert out.returncode == 1
    assert f"us-doj: FAILED ({kind})" in out.stdout
    assert "ca-cbsa: ok" in out.stdout and "mx-fgr: ok" in out.stdout
    with Store(settings.db_path) as store:
        health = {r["id"]: r for r in store.source_health()}
        assert health["us-doj"]["last_error_kind"] == kind
        assert health["us-doj"]["consecutive_failures"] >= 1
        assert health["ca-cbsa"]["consecutive_failures"] == 0
        assert (
            store.db.execute(
                "SELECT count(*) FROM articles WHERE source_id IN ('ca-cbsa', 'mx-fgr')"
            ).fetchone()[0]
            >= 6
        )
    sources_page = run_fakefree(env, "sources").stdout
    assert f"us-doj: {kind}" in sources_page
