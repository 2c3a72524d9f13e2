"""How well the classifier does on labelled releases (`fakefree evaluate`).

Each release goes through `ingest.analyse_release`, the code path of ingest (language detected,
never taken from the label). Figures, over the releases that carry the label:
- relevance: precision, recall and F1 of the relevant class, over every release;
- language: accuracy, over every release;
- countries (and origins): accuracy, the predicted set equal to the labelled one, over the
  releases labelled relevant;
- sectors, IP types, actions: micro precision, recall and F1 and the same per label, over the
  releases labelled relevant;
- facts: per fact, a predicted value counts when it equals the label (numbers within 1%).
Figures are given for the whole set, the tuning slice and the held-out slice (every 5th release).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fakefree.index.classify import Classification
from fakefree.index.ingest import Analysis, analyse_release, clean_text
from fakefree.index.labelled import LabelledRelease
from fakefree.index.taxonomy import TAG_KINDS
from fakefree.index.words import fold

SLICES = ("all", "tuning", "held-out")
SET_KINDS = ("countries", "origin_countries")
FACT_TOLERANCE = 0.01
# The acceptance figures of issue 4 and the floor each must reach.
ACCEPTANCE = {
    "relevance F1": 0.95,
    "country accuracy": 0.95,
    "sector micro-F1": 0.90,
    "IP-type micro-F1": 0.90,
    "action micro-F1": 0.85,
    "language accuracy": 0.99,
}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: Iterable[Any], predicted: Iterable[Any]) -> None:
        expected, predicted = set(expected), set(predicted)
        self.tp += len(expected & predicted)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Scores:
    """The figures of one slice of a labelled set."""

    releases: int = 0
    relevance: Counts = field(default_factory=Counts)
    accuracy: dict[str, Ratio] = field(default_factory=dict)  # language, countries, origins
    tags: dict[str, dict[str, Counts]] = field(default_factory=dict)  # kind → label → counts
    facts: dict[str, Counts] = field(default_factory=dict)

    def micro(self, kind: str) -> Counts:
        total = Counts()
        for counts in self.tags.get(kind, {}).values():
            total.tp, total.fp, total.fn = (
                total.tp + counts.tp, total.fp + counts.fp, total.fn + counts.fn
            )  # fmt: skip
        return total

    def facts_micro(self) -> Counts:
        total = Counts()
        for counts in self.facts.values():
            total.tp, total.fp, total.fn = (
                total.tp + counts.tp, total.fp + counts.fp, total.fn + counts.fn
            )  # fmt: skip
        return total

    def summary(self) -> dict[str, float]:
        """The acceptance figures, in the order of ACCEPTANCE, then origins and facts."""
        figures = {
            "relevance F1": self.relevance.f1,
            "country accuracy": self.accuracy.get("countries", Ratio()).value,
            "sector micro-F1": self.micro("sectors").f1,
            "IP-type micro-F1": self.micro("ip_types").f1,
            "action micro-F1": self.micro("actions").f1,
            "language accuracy": self.accuracy.get("language", Ratio()).value,
            "origin accuracy": self.accuracy.get("origin_countries", Ratio()).value,
            "facts micro-F1": self.facts_micro().f1,
        }
        return {name: round(value, 4) for name, value in figures.items()}


Analyser = Callable[[LabelledRelease], Analysis]


def analyse_labelled(release: LabelledRelease) -> Analysis:
    """The ingest code path, on a labelled release."""
    text = clean_text(release.html, release.text)
    return analyse_release(release.title, text, release.jurisdiction, release.declared_language)


def evaluate(
    releases: list[LabelledRelease], analyse: Analyser = analyse_labelled
) -> tuple[dict[str, Scores], list[str]]:
    """Scores per slice, and one line per release that differs from its labels."""
    scores = {name: Scores() for name in SLICES}
    errors = []
    for release in releases:
        found = analyse(release)
        slices = ("all", "held-out" if release.held_out else "tuning")
        for name in slices:
            _score(scores[name], release.labels, found)
        if differences := _differences(release.labels, found):
            where = " (held out)" if release.held_out else ""
            errors.append(f"{release.id}{where}: " + "; ".join(differences))
    return scores, errors


def _score(scores: Scores, labels: Mapping[str, Any], found: Analysis) -> None:
    tags = found.tags
    scores.releases += 1
    if "relevant" in labels:
        scores.relevance.add({True} & {labels["relevant"]}, {True} & {tags.is_relevant})
    if "language" in labels:
        scores.accuracy.setdefault("language", Ratio()).add(labels["language"] == found.language)
    if not labels.get("relevant"):
        return
    for kind in SET_KINDS:
        if kind in labels:
            ok = set(labels[kind]) == set(getattr(tags, kind))
            scores.accuracy.setdefault(kind, Ratio()).add(ok)
    for kind in (k for k in TAG_KINDS if k in labels):
        _score_labels(scores.tags.setdefault(kind, {}), labels[kind], getattr(tags, kind))
    if "facts" in labels:
        _score_facts(scores.facts, labels["facts"], tags.facts)


def _score_labels(
    per_label: dict[str, Counts], expected: Iterable[str], predicted: Iterable[str]
) -> None:
    expected, predicted = set(expected), set(predicted)
    for label in expected | predicted:
        per_label.setdefault(label, Counts()).add(expected & {label}, predicted & {label})


def _score_facts(
    per_fact: dict[str, Counts], expected: Mapping[str, Any], predicted: Mapping[str, Any]
) -> None:
    for key in set(expected) | set(predicted):
        counts = per_fact.setdefault(key, Counts())
        got = predicted.get(key)
        right = key in expected and got is not None and fact_matches(expected[key], got)
        counts.add({key} if key in expected else set(), {key if right else "wrong"} if got else ())


def fact_matches(label: Any, fact: Mapping[str, Any]) -> bool:
    """Whether an extracted fact says what its label says: 37, [1900000, "CAD"] or "Pangea"."""
    if isinstance(label, str):
        return fold(label) == fold(str(fact.get("value", "")))
    if isinstance(label, list):
        amount, currency = label
        return fact.get("currency") == currency and _close(amount, fact.get("value"))
    return _close(label, fact.get("value"))


def _close(expected: float, value: Any) -> bool:
    if not isinstance(value, int | float):
        return False
    return abs(value - expected) <= FACT_TOLERANCE * max(abs(expected), 1)


def _differences(labels: Mapping[str, Any], found: Analysis) -> list[str]:
    tags: Classification = found.tags
    out = []
    if "language" in labels and labels["language"] != found.language:
        out.append(f"language {labels['language']} → {found.language}")
    if "relevant" in labels and labels["relevant"] != tags.is_relevant:
        out.append(f"relevant {labels['relevant']} → {tags.is_relevant} {tags.evidence}")
    if not labels.get("relevant"):
        return out
    for kind in (*SET_KINDS, *TAG_KINDS):
        if kind in labels and set(labels[kind]) != set(getattr(tags, kind)):
            out.append(f"{kind} {sorted(labels[kind])} → {list(getattr(tags, kind))}")
    for key, label in labels.get("facts", {}).items():
        fact = tags.facts.get(key)
        if fact is None or not fact_matches(label, fact):
            out.append(f"facts.{key} {label!r} → {fact}")
    extra = set(tags.facts) - set(labels.get("facts", tags.facts))
    out.extend(f"facts.{key} (not stated) → {tags.facts[key]}" for key in sorted(extra))
    return out


def format_report(scores: Mapping[str, Scores], detail: str = "all") -> str:
    """The acceptance figures of every slice, then per-label figures of the `detail` slice."""
    lines = [_row("figure", *(f"{name} ({scores[name].releases})" for name in SLICES), "floor")]
    summaries = {name: scores[name].summary() for name in SLICES}
    for figure in summaries["all"]:
        values = [f"{summaries[name][figure]:.3f}" for name in SLICES]
        floor = ACCEPTANCE.get(figure)
        verdict = "-" if floor is None else "ok" if summaries["all"][figure] >= floor else "BELOW"
        lines.append(_row(figure, *values, verdict if floor is None else f"{floor:.2f} {verdict}"))
    lines += ["", f"Per label, {detail} releases:", _row("label", "precision", "recall", "F1", "n")]
    lines += _per_label(scores[detail])
    return "\n".join(lines)


def _per_label(scores: Scores) -> list[str]:
    lines = [_counts_row("relevant", scores.relevance)]
    for kind in TAG_KINDS:
        per_label = scores.tags.get(kind, {})
        lines += [_counts_row(f"{kind}:{label}", per_label[label]) for label in sorted(per_label)]
        lines.append(_counts_row(f"{kind} (micro)", scores.micro(kind)))
    lines += [_counts_row(f"facts:{key}", scores.facts[key]) for key in sorted(scores.facts)]
    for name, ratio in sorted(scores.accuracy.items()):
        lines.append(_row(f"{name} accuracy", "", "", f"{ratio.value:.3f}", str(ratio.total)))
    return lines


def _counts_row(name: str, counts: Counts) -> str:
    support = str(counts.tp + counts.fn)
    return _row(name, *(f"{v:.3f}" for v in (counts.precision, counts.recall, counts.f1)), support)


def _row(name: str, *cells: str) -> str:
    return f"{name:<28}" + "".join(f"{cell:>16}" for cell in cells)
