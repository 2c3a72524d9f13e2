"""The worker's schedule: one job per enabled source on its interval, and exponential backoff
of a failing source, computed from the failures the store counts."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from fakefree.crawler.run import run_source, source_lock
from fakefree.crawler.worker import backing_off_until, backoff_delay, build_scheduler, crawl_job
from fakefree.index.fulltext import SearchIndex, SearchQuery
from fakefree.index.indexer import Indexer
from fakefree.index.store import Store, from_iso
from fakefree.settings import REPO_ROOT
from tests.conftest import process_alive, wait_for

from .conftest import settings_for


def test_backoff_doubles_per_failure_up_to_the_cap() -> None:
    assert [backoff_delay(600, n, cap=4800) for n in range(6)] == [0, 600, 1200, 2400, 4800, 4800]
    assert backoff_delay(600, 3, cap=60) == 600  # never below the interval itself
    assert backoff_delay(60, 500, cap=86400) == 86400  # no overflow


def test_failing_source_skips_scheduled_runs_while_backing_off(
    tmp_path, catalogue, refused_url
) -> None:
    settings = settings_for(refused_url, tmp_path / "data", crawl_interval=600.0)
    source = catalogue["us-doj"]
    with Store(settings.db_path) as store:
        store.sync_sources([source])
    crawl_job(source, settings)  # unreachable: first failure
    crawl_job(source, settings)  # fired again too soon: skipped
    with Store(settings.db_path) as store:
        runs = store.recent_runs(source.id)
        state = store.source_state(source.id)
    assert [r["error_kind"] for r in runs] == ["network"]
    failed_at = from_iso(state["last_error_at"])
    assert backing_off_until(source, settings, failed_at + timedelta(seconds=400)) is None
    with Store(settings.db_path) as store:  # two more failures: the wait is now 4 intervals
        for _ in range(2):
            store.finish_run(store.start_run(source.id), error_kind="timeout", error_message="x")
        failed_at = from_iso(store.source_state(source.id)["last_error_at"])
    due = backing_off_until(source, settings, failed_at + timedelta(seconds=601))
    assert due == failed_at + timedelta(seconds=4 * 600 - 300)
    assert backing_off_until(source, settings, due) is None


def test_scheduler_has_one_job_per_enabled_source(tmp_path, catalogue) -> None:
    settings = settings_for("", tmp_path, crawl_interval=30.0)
    sources = (*catalogue.values(), replace(catalogue["us-doj"], id="off", enabled=False))
    scheduler = build_scheduler(settings, sources)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {s.id for s in sources if s.enabled}
    trigger = jobs["us-doj"].trigger
    assert trigger.interval == timedelta(seconds=30) and trigger.jitter == 3


def test_no_two_crawls_of_one_source_at_once(tmp_path, catalogue, refused_url) -> None:
    settings = settings_for(refused_url, tmp_path / "data")
    with Store(settings.db_path) as store:
        store.sync_sources([catalogue["us-doj"]])
    with source_lock(settings, "us-doj") as held:  # as another process's crawl would
        assert held
        outcome = run_source(catalogue["us-doj"], settings)
    assert outcome.skipped and outcome.ok
    with Store(settings.db_path) as store:
        assert store.recent_runs("us-doj") == []


def test_scheduler_with_an_indexer_leaves_the_index_to_it(tmp_path, catalogue) -> None:
    settings = settings_for("", tmp_path, crawl_interval=30.0)
    indexer = Indexer(settings.db_path, settings.index_dir)  # never started here
    scheduler = build_scheduler(settings, tuple(catalogue.values()), indexer)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert jobs["indexer-watchdog"].func == indexer.ensure_running
    assert jobs["us-doj"].args[2] is False  # crawls do not sync the index themselves


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def test_worker_crawls_indexes_and_stops_with_its_indexer(instance_env, mirror, tmp_path) -> None:
    env = {**instance_env, "FAKEFREE_MIRROR": mirror.url, "FAKEFREE_CRAWL_ON_START": "1",
           "FAKEFREE_CRAWL_INTERVAL": "3600"}  # fmt: skip
    data_dir = Path(env["FAKEFREE_DATA_DIR"])
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen([sys.executable, "-m", "fakefree.cli", "worker"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)  # fmt: skip
    try:

        def indexed() -> bool:
            if "mx-fgr:" not in log_path.read_text():  # a crawl has finished
                return False
            with Store(data_dir / "fakefree.sqlite3") as store:
                rev = store.max_rev()
            return rev > 0 and SearchIndex(data_dir / "index").synced_rev() == rev

        wait_for(indexed, 120, "crawled releases to be indexed by the worker's indexer")
        helpers = _children(worker.pid)
        assert helpers, "the indexer runs as a child of the worker"
        assert SearchIndex(data_dir / "index").search(SearchQuery(text="")).total > 0
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
    # the indexer has ended with the worker; multiprocessing's resource tracker follows it
    wait_for(
        lambda: not [pid for pid in helpers if process_alive(pid)], 20, "the worker's children"
    )
    output = log_path.read_text()
    assert "indexer: stopped" in output
    assert "Traceback" not in output


POOL_OWNER = """
import os, time
from fakefree.crawler.worker import AnalysisPool
pool = AnalysisPool()
print(pool.get().submit(os.getpid).result(), flush=True)
time.sleep(600)
"""


def test_the_analysis_process_ends_when_the_worker_is_killed() -> None:
    owner = subprocess.Popen([sys.executable, "-c", POOL_OWNER], stdout=subprocess.PIPE,
                             text=True, cwd=REPO_ROOT)  # fmt: skip
    try:
        pid = int(owner.stdout.readline())
        assert process_alive(pid)
        owner.kill()  # SIGKILL: no shutdown of the pool at all
        owner.wait(10)
        wait_for(lambda: not process_alive(pid), 20, "the analysis process to end")
    finally:
        if owner.poll() is None:
            owner.kill()
