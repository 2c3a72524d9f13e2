"""The quality floor: this fails when the classifier does worse on the development set than it
did when the floors were pinned (just below the measured figures), whatever the change was: a
term, a weight, a rule. Raise a floor when an improvement is measured; never lower one to let a
change through without saying why in the commit.

The set is tests/fixtures/devset (written releases in English, French and Spanish, plus the
labels of the real justice.gov records); `fakefree evaluate --errors` shows what went wrong.
The held-out slice (every 5th release of each file) was never looked at while tuning: its floors
say how well the rules generalise."""

from __future__ import annotations

import pytest

from fakefree.index.evaluate import ACCEPTANCE, Scores, evaluate
from fakefree.index.labelled import default_set, load_labelled

# Measured, all / held-out: relevance 0.996 / 1.000, countries 0.966 / 0.857, sectors 0.975 /
# 0.939, IP types 0.992 / 0.977, actions 0.995 / 0.969, language 1.000 / 1.000, origins 0.949 /
# 0.857, facts 0.994 / 0.973.
FLOORS = {
    "all": {
        "relevance F1": 0.99, "country accuracy": 0.96, "sector micro-F1": 0.97,
        "IP-type micro-F1": 0.985, "action micro-F1": 0.99, "language accuracy": 0.995,
        "origin accuracy": 0.94, "facts micro-F1": 0.985,
    },
    "held-out": {
        "relevance F1": 0.99, "country accuracy": 0.85, "sector micro-F1": 0.93,
        "IP-type micro-F1": 0.97, "action micro-F1": 0.96, "language accuracy": 0.99,
        "origin accuracy": 0.85, "facts micro-F1": 0.96,
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def scores() -> dict[str, Scores]:
    releases = load_labelled(default_set())
    assert len([r for r in releases if r.text]) >= 150  # the written releases
    return evaluate(releases)[0]


@pytest.mark.parametrize("slice_name", sorted(FLOORS))
def test_quality_stays_above_its_floor(scores: dict[str, Scores], slice_name: str) -> None:
    measured = scores[slice_name].summary()
    below = {name: measured[name] for name, floor in FLOORS[slice_name].items()
             if measured[name] < floor}  # fmt: skip
    assert not below, f"{slice_name}: below the floor: {below}"


def test_the_issue_acceptance_figures_are_met(scores: dict[str, Scores]) -> None:
    measured = scores["all"].summary()
    assert all(measured[name] >= floor for name, floor in ACCEPTANCE.items()), measured


def test_the_set_is_balanced_over_languages_and_sectors() -> None:
    written = [r for r in load_labelled(default_set()) if r.text]
    languages = [r.labels["language"] for r in written]
    assert min(languages.count(lang) for lang in ("en", "fr", "es")) >= 50
    relevant = [r for r in written if r.labels["relevant"]]
    negatives = len(written) - len(relevant)
    assert negatives >= 50  # the hard negatives: currency, documents, pills, hacking, taxes...
    sectors = [s for r in relevant for s in r.labels["sectors"]]
    assert all(sectors.count(s) >= 4 for s in set(sectors) - {"other"}), sectors
