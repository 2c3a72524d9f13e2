"""The acceptance figures of case grouping on the fixture set written for it."""

from __future__ import annotations

from fakefree.index.case_eval import ACCEPTANCE, evaluate_folder, format_report, load_fixtures
from tests.conftest import FIXTURES

CASES = FIXTURES / "cases"


def test_the_fixture_set_has_the_cases_and_decoys_it_promises() -> None:
    releases = load_fixtures(CASES)
    real = {r.case for r in releases if r.kind != "decoy"}
    decoys = {r.case for r in releases if r.kind == "decoy"}
    assert len(real) >= 40 and len(decoys) >= 15
    by_case = {}
    for release in releases:
        by_case.setdefault(release.case, []).append(release)
    assert all(1 <= len(group) <= 5 for group in by_case.values())
    assert sum({r.language for r in group} >= {"en", "fr"} for group in by_case.values()) >= 8


def test_pairwise_precision_and_recall_meet_the_floors_and_french_meets_english() -> None:
    report = evaluate_folder(CASES)
    print(format_report(report, errors=True))
    assert not report.unpublished, "every fixture release is published (else it has no case)"
    assert report.precision >= ACCEPTANCE["precision"]
    assert report.recall >= ACCEPTANCE["recall"]
    assert report.language_pairs >= 10
    assert report.language_pairs_joined == report.language_pairs
