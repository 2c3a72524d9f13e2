"""The site under load while a crawl ingests: every request answered, none with a 5xx.

gunicorn (`fakefree serve`, 2 sync workers) serves a small collection on loopback; the load
generator (tests/stress/loadgen.py: 2 processes x 4 connections) asks for the home page,
searches, articles and a feed round-robin for LOAD_SECONDS (default 15), while the ingest child
adds releases and syncs the index every 10, so searchers refresh under the readers' feet. No
timing is asserted here (the machine is shared); benchmarks/load.py runs the long version on a
10k or 100k collection and reports requests per second and p99.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.stress.harness import LOCK_WORDS, finish_ingest, start_ingest, start_server
from tests.stress.loadgen import run_load

SECONDS = float(os.environ.get("LOAD_SECONDS", "15"))


def load_plan(article_ids: list[int]) -> list[tuple[str, str]]:
    plan = [("home", "/"), ("search", "/search?q=counterfeit"), ("feed", "/feeds/latest.atom"),
            ("search", "/search?q=contrefaits&language=fr"), ("search", "/search?q=relojes+OR+bolsos"),
            ("search", "/search?country=MX&sort=date")]  # fmt: skip
    plan += [("article", f"/articles/{i}") for i in article_ids]
    return plan


def test_no_5xx_under_load_while_ingesting(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    finish_ingest(start_ingest(data_dir, 0, 60), timeout=120)
    server = start_server(data_dir, tmp_path)
    child = start_ingest(data_dir, 60, 100_000, batch=10, pause=0.02)
    try:
        figures = run_load(server.port, load_plan(list(range(1, 41, 3))), SECONDS)
    finally:
        child.terminate()
        child.wait(timeout=60)
        log = server.stop()
    added = sum(line.startswith("https://") for line in child.stdout.read().splitlines())
    print(figures, f"{added} releases ingested meanwhile")
    endpoints = figures["endpoints"]
    assert set(endpoints) == {"home", "search", "feed", "article"}
    for name, one in endpoints.items():
        assert one["requests"] > 0 and one["failures"] == 0, (name, one)
        assert one["5xx"] == 0, (name, one)
        assert set(one["statuses"]) == {"200"}, (name, one)  # the articles all exist
    assert added >= 20, "the ingest really ran during the load"
    assert "Traceback" not in log and not [w for w in LOCK_WORDS if w in log], log[-3000:]
