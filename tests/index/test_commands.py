"""`fakefree classify`, `fakefree evaluate` and `fakefree reclassify`, and what they share with
ingest: one code path from raw words to tags and facts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fakefree.catalogue import load_sources
from fakefree.cli import cli
from fakefree.index.documents import RawDocument
from fakefree.index.fulltext import SearchQuery, open_index
from fakefree.index.ingest import build_record
from fakefree.index.reclassify import reclassify_store
from fakefree.index.release_json import analyse_json, analyse_lines
from fakefree.index.store import Store
from fakefree.index.taxonomy import load_taxonomy
from fakefree.settings import REPO_ROOT

from .conftest import SOURCE

RELEASES = [
    # (url, title, html) written for these tests
    ("https://agency.example/1", "Aseguran 3 mil pares de tenis apócrifos en Tijuana",
     "<p>La FGR aseguró en Tijuana 3 mil pares de tenis apócrifos procedentes de China. "
     "Dos personas fueron detenidas.</p>"),
    ("https://agency.example/2", "Detienen a persona con billetes falsos en Oaxaca",
     "<p>Elementos de la Guardia Nacional detuvieron a un hombre con billetes falsos.</p>"),
]  # fmt: skip


def raw(url: str, title: str, html: str) -> RawDocument:
    return RawDocument(url=url, source_id=SOURCE.id, title=title, html=html, published="2025-03-01")


def test_classify_json_takes_the_ingest_path() -> None:
    sources = {SOURCE.id: SOURCE}
    for url, title, html in RELEASES:
        record = build_record(SOURCE, raw(url, title, html))
        found = analyse_json(
            {"title": title, "html": html, "source": SOURCE.id, "url": url}, sources
        )
        assert (
            found["relevant"] == record["is_relevant"] and found["language"] == record["language"]
        )
        for field in ("countries", "origin_countries", "sectors", "ip_types", "actions", "facts"):
            assert found[field] == record[field], field
        assert found["evidence"] == {k: v for k, v in record["evidence"].items() if k != "date"}


def test_classify_json_errors_keep_their_line() -> None:
    lines = ['{"title": "A", "text": "b"}', "", "{not json", '{"text": "no title"}',
             '{"title": "A", "source": "nowhere"}']  # fmt: skip
    found = list(analyse_lines(lines, {}))
    assert "relevant" in found[0]
    assert [(f.get("line"), "error" in f) for f in found[1:]] == [(3, True), (4, True), (5, True)]
    assert "unknown source 'nowhere'" in found[-1]["error"]


def test_classify_command_prints_one_line_per_release() -> None:
    lines = "\n".join(
        json.dumps({"title": t, "html": h, "source": "mx-fgr"}) for _, t, h in RELEASES
    )
    out = CliRunner().invoke(cli, ["classify"], input=lines + "\n")
    assert out.exit_code == 0, out.output
    results = [json.loads(line) for line in out.output.splitlines()]
    assert [r["relevant"] for r in results] == [True, False]
    assert results[0]["facts"]["quantity_seized"]["value"] == 3000
    assert results[0]["countries"] == ["MX"] and results[0]["origin_countries"] == ["CN"]
    assert CliRunner().invoke(cli, ["classify"], input="{oops\n").exit_code == 1


def test_evaluate_command_prints_the_figures(tmp_path: Path) -> None:
    labelled = tmp_path / "mine.jsonl"
    rows = [{"title": t, "html": h, "jurisdiction": "MX", "relevant": i == 0, "language": "es"}
            for i, (_, t, h) in enumerate(RELEASES)]  # fmt: skip
    labelled.write_text("\n".join(json.dumps(row) for row in rows))
    out = CliRunner().invoke(cli, ["evaluate", "--set", str(labelled), "--errors", "--check"])
    assert out.exit_code == 0, out.output
    assert "2 labelled releases" in out.output and "relevance F1" in out.output
    assert (
        "relevant                               1.000           1.000           1.000" in out.output
    )


@pytest.fixture
def stricter_taxonomy(tmp_path: Path) -> Path:
    """A copy of the configuration in which 'apócrifo' and its kin are no longer IP words."""
    config = tmp_path / "config"
    shutil.copytree(REPO_ROOT / "config", config)
    path = config / "taxonomy.toml"
    text = re.sub(r'"apocrif\*",\s*', "", path.read_text(encoding="utf-8"))
    path.write_text(text.replace('"mercancia apocrifa", "mercancias apocrifas",', ""), "utf-8")
    return config


def test_reclassify_rewrites_what_changed(store: Store, stricter_taxonomy: Path) -> None:
    for release in RELEASES:
        record = build_record(SOURCE, raw(*release))
        record["evidence"]["date"] = ["kept as ingest wrote it"]
        store.upsert_article(record)
    before = store.max_rev()
    first = reclassify_store(store, load_taxonomy(stricter_taxonomy / "taxonomy.toml"))
    assert (first.articles, first.changed, first.relevant_before, first.relevant_after) == (
        2,
        1,
        1,
        0,
    )
    assert store.max_rev() == before + 1
    article = store.get_article(1)
    assert not article.is_relevant and article.evidence["date"] == ["kept as ingest wrote it"]
    again = reclassify_store(store, load_taxonomy(stricter_taxonomy / "taxonomy.toml"))
    assert again.changed == 0 and store.max_rev() == before + 1


def test_reclassify_command_updates_the_index(
    tmp_path: Path, stricter_taxonomy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKEFREE_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    assert runner.invoke(cli, ["reindex"]).exit_code == 0  # creates the store and the index
    source = next(
        s for s in load_sources(REPO_ROOT / "config" / "sources.toml") if s.id == "mx-fgr"
    )
    with Store(tmp_path / "data" / "fakefree.sqlite3") as store:
        store.upsert_article(build_record(source, raw(*RELEASES[0])))
        open_index(tmp_path / "data" / "index").sync(store)
    assert open_index(tmp_path / "data" / "index").search(SearchQuery(text="tenis")).total == 1
    monkeypatch.setenv("FAKEFREE_CONFIG_DIR", str(stricter_taxonomy))
    out = runner.invoke(cli, ["reclassify"])
    assert out.exit_code == 0, out.output
    assert "reclassified 1 articles: 1 changed, relevant 1 → 0; 1 index updates" in out.output
    assert open_index(tmp_path / "data" / "index").search(SearchQuery(text="tenis")).total == 0
