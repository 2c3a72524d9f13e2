"""What the stress tests and their long versions (benchmarks/concurrent_writers.py, load.py)
share: the real web server on loopback, an ingesting process beside it, HTTP clients that keep
every status and latency, and the final comparison of store, index and what was reported.

Nothing is mocked: gunicorn serves `fakefree.site:create_app()` (through `fakefree serve`),
the ingest child is tests/stress/ingest_child.py, SQLite and Whoosh are on disk.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fakefree.index.fulltext import SearchIndex, SearchQuery
from fakefree.index.store import Store
from fakefree.index.submissions import create_account, create_token
from fakefree.settings import REPO_ROOT
from tests.conftest import free_port

# What a lock error looks like wherever it could surface: a page, a JSON error, the server log.
LOCK_WORDS = ("database is locked", "LockError", "database table is locked", "SQLITE_BUSY")


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAKEFREE_", "PORT"))}
    env.update(FAKEFREE_DATA_DIR=str(data_dir), FAKEFREE_LOG_LEVEL="WARNING",
               FAKEFREE_API_RATE_LIMIT="1000000/minute", FAKEFREE_SUBMISSIONS_PER_HOUR="1000000",
               FAKEFREE_WEB_WORKERS="2", **extra)  # fmt: skip
    return env


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def stop(self) -> str:
        """Stop gunicorn; its log (errors and tracebacks; the access log is not kept)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        return self.log_path.read_text(errors="replace")


def start_server(data_dir: Path, log_dir: Path, **env: str) -> Server:
    """`fakefree serve` (gunicorn, 2 sync workers) on a free loopback port, once it answers."""
    port = free_port()
    log_path = log_dir / f"gunicorn-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "fakefree.cli", "serve", "--port", str(port)],
            env=server_env(data_dir, **env), cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            if request(port, "GET", "/")[0] == 200:
                return Server(process, port, log_path)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the server did not answer within 60 s: {log_path.read_text()}")


def request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Tally:
    """Every answer the clients got: statuses and latencies per endpoint, lock errors, failures."""

    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lock_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # no answer at all (connection errors)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, status: int, body: bytes, seconds: float) -> None:
        text = body[:100_000].decode("utf-8", "replace")
        with self.lock:
            self.statuses[name][status] += 1
            self.latencies[name].append(seconds)
            if any(word in text for word in LOCK_WORDS):
                self.lock_errors.append(f"{name} {status}: {text[:200]}")

    def fail(self, name: str, error: BaseException) -> None:
        with self.lock:
            self.failures.append(f"{name}: {error!r}")

    def server_errors(self) -> dict[str, int]:
        return {n: sum(c for s, c in st.items() if s >= 500) for n, st in self.statuses.items()}

    def total(self) -> int:
        return sum(sum(st.values()) for st in self.statuses.values())


def timed(
    tally: Tally, name: str, port: int, method: str, path: str, body: bytes | None = None,
    headers: dict | None = None,
) -> tuple[int, bytes]:  # fmt: skip
    t0 = time.perf_counter()
    try:
        status, data = request(port, method, path, body, headers)
    except OSError as exc:
        tally.fail(name, exc)
        return 0, b""
    tally.record(name, status, data, time.perf_counter() - t0)
    return status, data


READ_PATHS = {
    "home": ["/"],
    "search": ["/search?q=counterfeit", "/search?q=contrefaits&language=fr",
               "/search?q=relojes+OR+bolsos", "/search?country=FR&sort=date"],
    "feed": ["/feeds/latest.atom"],
    "api": ["/api/v1/search?q=watches", "/api/v1/search?sector=apparel&per_page=50"],
}  # fmt: skip


def reader(tally: Tally, port: int, until: float, article_ids: list[int]) -> None:
    """Read pages round-robin until `until`: home, searches, a feed, the API, articles."""
    rounds = 0
    while time.monotonic() < until:
        for name, paths in READ_PATHS.items():
            timed(tally, name, port, "GET", paths[rounds % len(paths)])
        if article_ids:
            timed(
                tally, "article", port, "GET", f"/articles/{article_ids[rounds % len(article_ids)]}"
            )
        rounds += 1


def make_tokens(data_dir: Path) -> dict[str, str]:
    """An agency's and an operator's API tokens, made as `fakefree agencies` makes them."""
    with Store(data_dir / "fakefree.sqlite3") as store:
        create_account(store, "stress-agency", "Stress Agency", "FR", "pw-agency")
        create_account(store, "stress-op", "Fake Free", "INT", "pw-op", role="operator")
        return {name: create_token(store, f"stress-{name}")[1] for name in ("agency", "op")}


def submission(i: int) -> dict[str, Any]:
    return {
        "title": f"Douane : saisie de {100 + i} parfums contrefaits (dossier {i})",
        "language": "fr", "published": "2025-05-06",
        "body_html": f"<p>Les douaniers ont saisi {100 + i} flacons de parfum contrefaits.</p>",
        "original_url": f"https://submitted.example/communiques/{i}",
        "suggested_countries": ["FR"],
    }  # fmt: skip


def approver(tally: Tally, port: int, tokens: dict[str, str], until: float, first: int,
             approved: dict[int, int]) -> None:  # fmt: skip
    """Submit as the agency and approve as the operator, through the API, until `until`."""
    i = first
    while time.monotonic() < until:
        headers = {"Authorization": f"Bearer {tokens['agency']}", "Idempotency-Key": f"s{i}",
                   "Content-Type": "application/json"}  # fmt: skip
        status, data = timed(tally, "submit", port, "POST", "/api/v1/submissions",
                             json.dumps(submission(i)).encode(), headers)  # fmt: skip
        if status == 201:
            sid = json.loads(data)["id"]
            headers = {"Authorization": f"Bearer {tokens['op']}"}
            status, data = timed(tally, "approve", port, "POST",
                                 f"/api/v1/submissions/{sid}/approve", b"", headers)  # fmt: skip
            if status == 200:
                approved[sid] = json.loads(data)["article_id"]
        i += 1


def start_ingest(data_dir: Path, first: int, count: int, batch: int = 20,
                 pause: float = 0.0) -> subprocess.Popen:  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "tests.stress.ingest_child", str(data_dir), str(first), str(count),
         "--batch", str(batch), "--pause", str(pause)],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish_ingest(child: subprocess.Popen, timeout: float) -> list[str]:
    """Wait for the ingest child; the URLs it reported as committed (it must end well)."""
    out, err = child.communicate(timeout=timeout)
    assert child.returncode == 0 and out.rstrip().endswith("done"), err[-3000:]
    return [line for line in out.splitlines() if line.startswith("https://")]


def check_everything_kept(data_dir: Path, urls: list[str], approved: dict[int, int]) -> dict:
    """Every reported release and approval is in the store, and the index holds exactly the
    store's published set, without a sync by us: the writers' own syncs must have got there."""
    with Store(data_dir / "fakefree.sqlite3") as store:
        stored = {row[0] for row in store.db.execute("SELECT url FROM articles")}
        lost = sorted(set(urls) - stored)
        assert not lost, f"{len(lost)} committed releases lost: {lost[:5]}"
        rows = store.db.execute("SELECT id, status, article_id FROM submissions").fetchall()
        states = {sid: (status, article) for sid, status, article in rows}
        for sid, article_id in approved.items():
            assert states[sid] == ("approved", article_id), (sid, states.get(sid))
            assert store.get_article(article_id) is not None, f"approved {sid}: no article"
        published = {a.id for a in store.latest_articles(limit=10_000_000)}
        max_rev = store.max_rev()
    index = SearchIndex(data_dir / "index")
    everything = index.search(SearchQuery(per_page=10_000_000))
    assert index.synced_rev() == max_rev, (index.synced_rev(), max_rev)
    assert set(everything.ids) == published and everything.total == len(published)
    assert set(approved.values()) <= set(everything.ids)
    return {"releases": len(urls), "approvals": len(approved), "published": len(published)}
