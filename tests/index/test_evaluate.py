"""Labelled sets and the figures computed on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakefree.index.classify import Classification
from fakefree.index.evaluate import Counts, evaluate, fact_matches, format_report
from fakefree.index.ingest import Analysis
from fakefree.index.labelled import LabelledRelease, LabelledSetError, load_labelled


def test_counts() -> None:
    counts = Counts()
    counts.add({"a", "b"}, {"b", "c"})
    counts.add({"a"}, {"a"})
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)
    assert (counts.precision, counts.recall, round(counts.f1, 3)) == (2 / 3, 2 / 3, 0.667)
    assert Counts().f1 == 1.0  # nothing to find and nothing found


@pytest.mark.parametrize(
    ("label", "fact", "matches"),
    [
        (37, {"value": 37}, True),
        (1000, {"value": 1005}, True),  # within 1%
        (1000, {"value": 1100}, False),
        ([1900000, "CAD"], {"value": 1900000, "currency": "CAD"}, True),
        ([1900000, "CAD"], {"value": 1900000, "currency": "USD"}, False),
        ("Señal Cero", {"value": "senal cero"}, True),
    ],
)
def test_fact_matches(label: object, fact: dict, matches: bool) -> None:
    assert fact_matches(label, fact) is matches


def test_sets_in_toml_jsonl_and_folders(tmp_path: Path) -> None:
    releases = [{"id": f"r{i}", "title": f"Release {i}", "text": "t", "relevant": i % 2 == 0}
                for i in range(1, 8)]  # fmt: skip
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in releases) + "\n\n")
    (tmp_path / "b.toml").write_text('[[release]]\ntitle = "T"\ntext = "x"\nlanguage = "fr"\n')
    (tmp_path / "notes.md").write_text("not a set")
    loaded = load_labelled(tmp_path)
    assert [r.id for r in loaded] == ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "b:1"]
    assert [r.held_out for r in loaded] == [False] * 4 + [True] + [False] * 3  # every 5th
    assert loaded[1].labels == {"relevant": True} and loaded[-1].labels == {"language": "fr"}


def test_records_are_read_in_place_by_uuid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = {"results": [{"uuid": "u1", "title": "A\n title", "body": "<p>Body</p>"}]}
    (tmp_path / "records.json").write_text(json.dumps(records))
    labels = tmp_path / "labels.toml"
    labels.write_text('records = "records.json"\njurisdiction = "US"\nlanguage = "en"\n'
                      '[[release]]\nuuid = "u1"\nrelevant = false\n')  # fmt: skip
    monkeypatch.setattr("fakefree.index.labelled.REPO_ROOT", tmp_path)
    (release,) = load_labelled(labels)
    assert (release.id, release.title, release.html) == ("u1", "A title", "<p>Body</p>")
    assert release.labels == {"relevant": False, "language": "en"}
    labels.write_text(labels.read_text().replace('"u1"\nrelevant', '"u2"\nrelevant'))
    with pytest.raises(LabelledSetError, match="u2"):
        load_labelled(labels)
    (tmp_path / "records.json").unlink()  # the shared data is not on every machine
    assert load_labelled(labels) == []


def test_a_release_without_title_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "no title"}\n')
    with pytest.raises(LabelledSetError, match="bad:1: a release needs a title"):
        load_labelled(tmp_path / "bad.jsonl")


def fake_analysis(release: LabelledRelease) -> Analysis:
    """Answers: relevant when the title says so, sector pharma, language en."""
    relevant = "relevant" in release.title
    tags = Classification(
        is_relevant=relevant, relevance_score=5.0 if relevant else 0.0, countries=("US",),
        origin_countries=(), sectors=("pharma",), ip_types=("counterfeit",), actions=("seizure",),
        evidence={}, facts={"prison_months": {"value": 12, "evidence": "x"}},
    )  # fmt: skip
    return Analysis(release.title, release.text, "en", tags)


def test_scores_per_slice_and_differences() -> None:
    labels = {"relevant": True, "language": "en", "countries": ["US"], "sectors": ["pharma"],
              "ip_types": ["counterfeit"], "actions": ["seizure", "arrest"],
              "facts": {"prison_months": 12}}  # fmt: skip
    releases = [
        LabelledRelease("a", "relevant one", labels=labels),
        LabelledRelease("b", "relevant two", labels={**labels, "sectors": ["apparel"]}),
        LabelledRelease("c", "other", labels={"relevant": True, "language": "fr"}, held_out=True),
        LabelledRelease("d", "other", labels={"relevant": False, "language": "en"}),
    ]
    scores, differences = evaluate(releases, fake_analysis)
    everything = scores["all"].summary()
    assert everything["relevance F1"] == round(2 * (1 * 2 / 3) / (1 + 2 / 3), 4)
    assert everything["language accuracy"] == 0.75
    assert everything["sector micro-F1"] == 0.5
    assert everything["action micro-F1"] == round(2 * 1 * 0.5 / 1.5, 4)
    assert scores["held-out"].releases == 1 and scores["tuning"].releases == 3
    assert scores["all"].facts["prison_months"].f1 == 1.0
    assert [line.split(":")[0] for line in differences] == ["a", "b", "c (held out)"]
    report = format_report(scores, "all")
    assert "relevance F1" in report and "sectors:apparel" in report and "BELOW" in report
