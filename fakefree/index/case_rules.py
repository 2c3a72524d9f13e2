"""When two releases are about the same case: the rules, and the reasons each join keeps.

A pair of releases is joined on evidence that rules out the decoys (same agency, same crime,
same city, other defendants), and never on one generic key alone:
1. the same court case or file number, with another shared key or within DUPLICATE_DAYS
   (districts number their cases alike: "1:24-cr-20117" exists in many);
2. the same defendant: a name of weight 2 (not a common surname), or a common one with another
   shared key, within MAX_DAYS (charge, plea and sentence come months apart);
3. the same named operation within OPERATION_DAYS (a yearly operation's editions are different
   cases: an edition number in the name makes another key, and without one, releases more
   than OPERATION_DAYS apart need another shared key, within a year);
4. the same event: shared numbers (quantities, sums) within EVENT_DAYS, in any language (this
   is how an agency's English and French versions meet): two of them, or one that is not round
   when one of the releases states no other number;
5. near-duplicate text (MinHash of 3-shingles, same language) within DUPLICATE_DAYS with a
   shared number, or near-identical text with no contradicting number.
Contradictions veto a join: both releases name defendants (or operations, or case numbers) and
share none. Releases must share a jurisdiction (the source's, or a country of action).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fakefree.index.case_features import Features, key_weight, similarity

MAX_DAYS = 4 * 365
OPERATION_DAYS = 120
EVENT_DAYS = 3
DUPLICATE_DAYS = 30
NEAR_DUPLICATE = 0.5
NEAR_IDENTICAL = 0.85


@dataclass
class Verdict:
    """A decided join: its rule, its score and what matched (stored as the link's reasons)."""

    rule: str
    score: float
    keys: list[str] = field(default_factory=list)
    similarity: float = 0.0
    days: int = 0

    def reasons(self) -> dict:
        return {
            "rule": self.rule,
            "keys": self.keys,
            "similarity": round(self.similarity, 3),
            "days": self.days,
        }


def _kinds(keys: set[str] | tuple[str, ...], kind: str) -> set[str]:
    return {k for k in keys if k.startswith(kind + ":")}


def compatible(a: Features, b: Features) -> bool:
    """Whether two releases can be about one case: same source or jurisdiction, or a shared
    country of action."""
    if a.source_id == b.source_id or a.jurisdiction == b.jurisdiction:
        return True
    places_a = {a.jurisdiction, *a.countries}
    return bool(places_a & {b.jurisdiction, *b.countries})


def _conflict(a: Features, b: Features, shared: set[str], kind: str, generic: set[str]) -> bool:
    """Both releases state keys of `kind` and share none of them."""
    mine = _kinds(a.keys, kind) - generic
    theirs = _kinds(b.keys, kind) - generic
    return bool(mine and theirs and not (_kinds(shared, kind)))


def _stated_once(a: Features, b: Features) -> bool:
    """One of the releases states a single number (so one shared number is all it can share)."""
    return min(len(_kinds(a.keys, "m") | _kinds(a.keys, "q")),
               len(_kinds(b.keys, "m") | _kinds(b.keys, "q"))) <= 1  # fmt: skip


def name_score(shared: set[str]) -> float:
    """Weight of the shared names, one per person (two keys of one long name count once)."""
    best: dict[str, float] = {}
    for key in _kinds(shared, "n"):
        first = key[2:].split(" ", 1)[0]
        best[first] = max(best.get(first, 0.0), key_weight(key))
    return sum(best.values())


def judge(a: Features, b: Features, shared: set[str], generic: set[str]) -> Verdict | None:
    """The join of `a` and `b` (with `shared` the keys they have in common, generic keys left
    out), or None. See the module's docstring for the rules."""
    days = abs(a.day - b.day)
    if days > MAX_DAYS or not compatible(a, b):
        return None
    sim = similarity(a.minhash, b.minhash) if a.language == b.language else 0.0
    total = sum(key_weight(k) for k in shared)
    keys = sorted(shared)
    docket = sum(key_weight(k) for k in _kinds(shared, "d"))
    if docket and (total - docket >= 1 or days <= DUPLICATE_DAYS):
        return Verdict("case_number", total, keys, sim, days)
    vetoes = ("o", "n") if docket else ("d", "o", "n")
    if any(_conflict(a, b, shared, kind, generic) for kind in vetoes):
        return None
    names = name_score(shared)
    others = total - sum(key_weight(k) for k in _kinds(shared, "n"))
    if names >= 2 or (names >= 1 and (others >= 1 or (days <= EVENT_DAYS and sim >= 0.3))):
        return Verdict("defendant", total, keys, sim, days)
    operation = bool(_kinds(shared, "o"))
    other_than_op = total - sum(key_weight(k) for k in _kinds(shared, "o"))
    if operation and (days <= OPERATION_DAYS or (other_than_op >= 1 and days <= 365)):
        return Verdict("operation", total, keys, sim, days)
    numbers = _kinds(shared, "m") | _kinds(shared, "q")
    specific = sum(key_weight(k) for k in numbers)
    if days <= EVENT_DAYS and specific >= 1 and (len(numbers) >= 2 or _stated_once(a, b)):
        return Verdict("same_event", total, keys, sim, days)
    if (
        days <= DUPLICATE_DAYS
        and sim >= NEAR_DUPLICATE
        and total >= 1
        and not (_conflict(a, b, shared, "m", generic))
    ):
        return Verdict("near_duplicate", total, keys, sim, days)
    if (
        days <= DUPLICATE_DAYS
        and sim >= NEAR_IDENTICAL
        and not any(_conflict(a, b, shared, kind, generic) for kind in ("m", "q"))
    ):
        return Verdict("near_duplicate", total, keys, sim, days)
    return None
