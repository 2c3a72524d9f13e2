"""Health per source: failures in a row, since when, and the persistent-failure flag, as the
store keeps them and as /sources and `fakefree sources` show them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from fakefree.cli import cli
from fakefree.index.store import Store, from_iso, is_persistent_failure, utcnow
from fakefree.site import create_app

from .conftest import settings_for


def fail(store: Store, source_id: str, times: int, kind: str = "timeout") -> None:
    for _ in range(times):
        run = store.start_run(source_id)
        store.finish_run(run, error_kind=kind, error_message=f"https://agency.example/: {kind}")


def succeed(store: Store, source_id: str) -> None:
    store.finish_run(store.start_run(source_id), found=4, new=1)


@pytest.fixture
def health_settings(tmp_path, catalogue):
    settings = settings_for("", tmp_path / "data")
    with Store(settings.db_path) as store:
        store.sync_sources(catalogue.values())
        succeed(store, "us-doj")
        fail(store, "us-doj", 3, "http_5xx")  # persistent: three in a row
        succeed(store, "ca-cbsa")
        fail(store, "ca-cbsa", 1)  # failing once: not yet persistent
        succeed(store, "mx-fgr")
    return settings


def test_persistence_rule() -> None:
    now = utcnow()
    assert not is_persistent_failure(0, None, now)
    assert not is_persistent_failure(2, now - timedelta(hours=23), now)
    assert is_persistent_failure(3, now, now)
    assert is_persistent_failure(1, now - timedelta(hours=24), now)


def test_store_knows_since_when_and_whether_persistent(health_settings) -> None:
    with Store(health_settings.db_path) as store:
        health = {row["id"]: row for row in store.source_health()}
        first_failure = store.recent_runs("us-doj", limit=3)[-1]["started_at"]
        tomorrow = {r["id"]: r for r in store.source_health(utcnow() + timedelta(hours=25))}
    doj, cbsa, fgr = health["us-doj"], health["ca-cbsa"], health["mx-fgr"]
    assert (doj["consecutive_failures"], doj["persistent_failure"]) == (3, True)
    assert doj["failing_since"] == first_failure
    assert (cbsa["consecutive_failures"], cbsa["persistent_failure"]) == (1, False)
    assert from_iso(cbsa["failing_since"]) <= utcnow()
    assert (fgr["persistent_failure"], fgr["failing_since"]) == (False, None)
    assert tomorrow["ca-cbsa"]["persistent_failure"]  # a day without success
    assert not tomorrow["mx-fgr"]["persistent_failure"]


def test_sources_command_flags_persistent_failures(health_settings, monkeypatch) -> None:
    monkeypatch.setenv("FAKEFREE_DATA_DIR", str(health_settings.data_dir))
    out = CliRunner().invoke(cli, ["sources"]).output
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "PERSISTENT" in lines["us-doj"] and "failing" in lines["ca-cbsa"]
    assert " ok " in lines["mx-fgr"]
    assert "!! us-doj: PERSISTENT FAILURE: 3 failures in a row since" in out
    assert "! ca-cbsa: timeout:" in out and "!! ca-cbsa" not in out


def test_sources_page_flags_persistent_failures(health_settings) -> None:
    client = create_app({"SETTINGS": health_settings, "TESTING": True}).test_client()
    page = client.get("/sources").get_data(as_text=True)
    assert "1 source fails persistently" in page
    assert page.count("persistent failure</strong> since") == 1
    doj_row = page[page.index('<th scope="row">U.S. Department of Justice') :].split("</tr>")[0]
    assert "persistent failure" in doj_row and "http_5xx" in doj_row
