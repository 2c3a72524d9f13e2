"""`fakefree cases`: rebuild, fill, explain, on a real data directory in a real process."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fakefree.index.store import Store
from tests.conftest import run_fakefree
from tests.index.conftest import SOURCE, record


def test_cases_rebuild_fill_and_explain(instance_env: dict[str, str]) -> None:
    with Store(Path(instance_env["FAKEFREE_DATA_DIR"]) / "fakefree.sqlite3") as store:
        store.sync_sources([SOURCE])
        for key, day, text in (
            ("charge", 5, "Teodoro Valdivia Ruelas, 47, was charged with selling fake watches."),
            ("plea", 90, "Teodoro Valdivia Ruelas pleaded guilty to selling fake watches."),
            ("other", 6, "Graciela Ponce Urquidi, 35, was charged with selling fake watches."),
        ):
            store.upsert_article(
                record(f"https://agency.example/{key}", body_text=text,
                       published_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day))
            )  # fmt: skip
    rebuilt = run_fakefree(instance_env, "cases", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "grouped 3 releases" in rebuilt.stdout and "2 cases for 3 published" in rebuilt.stdout
    explained = run_fakefree(instance_env, "cases", "--explain", "1", "2")
    why = json.loads(explained.stdout[explained.stdout.index("{") :])
    assert why["same_case"] and "n:teodoro ruelas" in why["shared_keys"]
    apart = run_fakefree(instance_env, "cases", "--explain", "1", "3")
    assert json.loads(apart.stdout[apart.stdout.index("{") :])["same_case"] is False
    filled = run_fakefree(instance_env, "cases", "--fill")
    assert "0 releases brought up to date" in filled.stdout
