"""The worker's schedule: one job per enabled source on its interval, and exponential backoff
of a failing source, computed from the failures the store counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from fakefree.crawler.run import run_source, source_lock
from fakefree.crawler.worker import backing_off_until, backoff_delay, build_scheduler, crawl_job
from fakefree.index.store import Store, from_iso

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
