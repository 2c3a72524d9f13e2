"""Classification of one release: relevance, countries, sectors, IP types and actions, each tag
with its evidence (the words or the rule that produced it).

First version, rules only (config/taxonomy.toml holds every word and number):
- relevance: weighted term groups, title counting `title_weight` times; negative contexts
  cancel groups near them (or anywhere, for document-wide contexts); relevant from `threshold`;
- countries: the source's jurisdiction, plus every country named as a place; a country named
  after an origin cue ("made in", "procedentes de") or before one ("Chinese-made", "nationals")
  goes to origin_countries instead; ambiguous names count only when confirmed by another name;
- sectors, IP types, actions: their terms; a `named` cue adds a tag ("Operation Pangea"); an
  `alone` tag is dropped beside others; a relevant release with no tag of a kind gets the
  `fallback` tag (sectors: other), and with no IP type, the one its look-alike words infer.
The release's language is not used yet: terms of all three languages are matched in every
release (Canadian releases mix them, Spanish releases quote English brand names).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fakefree.index.taxonomy import TAG_KINDS, Relevance, Taxonomy, load_taxonomy
from fakefree.index.words import TermHit, TermMatcher, fold, parse_term, pattern_source

JURISDICTION = "source jurisdiction"
HIDING = "-"  # key prefix, in a matcher, of phrases that only hide the terms inside them
_CUE_REACH = 60  # characters before a country name searched for an origin cue
_NAME = r"[A-ZÀ-ÖØ-Þ][\w-]*(?: [A-ZÀ-ÖØ-Þ][\w-]*){0,2}"  # up to three Capitalised words


@dataclass(frozen=True)
class Classification:
    is_relevant: bool
    relevance_score: float
    countries: tuple[str, ...]
    origin_countries: tuple[str, ...]
    sectors: tuple[str, ...]
    ip_types: tuple[str, ...]
    actions: tuple[str, ...]
    evidence: dict[str, list[str]]  # "relevance", "countries:MX", "sectors:pharma" ... → words
    facts: dict[str, Any] = field(default_factory=dict)  # key facts, each with its evidence


@dataclass(frozen=True)
class _Rules:
    """The taxonomy compiled for matching: built once per taxonomy."""

    tags: Mapping[str, TermMatcher]
    named: Mapping[str, Mapping[str, re.Pattern[str]]]  # kind → tag id → cue + Name pattern
    relevance: TermMatcher
    negatives: TermMatcher
    countries: TermMatcher
    origin_before: re.Pattern[str]
    origin_after: re.Pattern[str]
    origin_join: re.Pattern[str]


@functools.lru_cache(maxsize=8)
def _compile(taxonomy: Taxonomy) -> _Rules:
    rel, origin = taxonomy.relevance, taxonomy.origin
    before, between = _source(origin.before), _source(origin.between)
    return _Rules(
        tags={kind: _tag_matcher(taxonomy, kind) for kind in TAG_KINDS},
        named={k: _named_patterns(taxonomy, k) for k in TAG_KINDS},
        relevance=TermMatcher({name: group.terms for name, group in rel.groups.items()}),
        negatives=TermMatcher({name: neg.terms for name, neg in rel.negatives.items()}),
        countries=TermMatcher({**taxonomy.countries.names, HIDING: taxonomy.countries.not_places}),
        origin_before=re.compile(rf"(?<!\w)(?:{before})(?: (?:{between}))? ?$"),
        origin_after=re.compile(rf" (?:{_source(origin.after)})(?!\w)"),
        origin_join=re.compile(
            rf"(?: (?:{_source(origin.joins)})(?: (?:{_source(origin.repeats)}))?)? ?"
        ),
    )


def _source(terms: tuple[str, ...]) -> str:
    return pattern_source(map(parse_term, terms))


def _tag_matcher(taxonomy: Taxonomy, kind: str) -> TermMatcher:
    tags = taxonomy.tags(kind).values()
    hidden = {HIDING + tag.id: tag.not_terms for tag in tags}
    return TermMatcher({**{tag.id: tag.terms for tag in tags}, **hidden})


def _named_patterns(taxonomy: Taxonomy, kind: str) -> dict[str, re.Pattern[str]]:
    patterns = {}
    for tag in taxonomy.tags(kind).values():
        if tag.named:
            cues = "|".join(map(re.escape, tag.named))
            patterns[tag.id] = re.compile(rf"(?<!\w)(?i:{cues})\s+[«\"“‘']?\s?{_NAME}")
    return patterns


def classify(
    title: str, text: str, language: str, jurisdiction: str, taxonomy: Taxonomy | None = None
) -> Classification:
    """Tags of one release. `language`: en/fr/es; `jurisdiction`: the source's code (US, EU...)."""
    taxonomy = taxonomy or load_taxonomy()
    rules = _compile(taxonomy)
    places = (fold(title), fold(text))
    verdict = _relevance(places, taxonomy.relevance, rules)
    relevant = verdict.score >= taxonomy.relevance.threshold
    countries, origins = _countries(places, jurisdiction.upper(), taxonomy, rules)
    tags = {
        kind: _tags(kind, places, (title, text), relevant, taxonomy, rules) for kind in TAG_KINDS
    }
    if relevant and not tags["ip_types"] and verdict.inferred:
        ip_type, words = verdict.inferred
        tags["ip_types"] = {ip_type: [f"inferred from: {', '.join(words)}"]}
    evidence = {"relevance": verdict.counted, "relevance:cancelled": verdict.cancelled}
    evidence = {key: words for key, words in evidence.items() if words}
    for kind, found in (("countries", countries), ("origin_countries", origins), *tags.items()):
        evidence.update({f"{kind}:{key}": words for key, words in found.items()})
    return Classification(
        is_relevant=relevant,
        relevance_score=round(verdict.score, 2),
        countries=tuple(countries),
        origin_countries=tuple(origins),
        **{kind: tuple(found) for kind, found in tags.items()},
        evidence=evidence,
    )


class _Verdict(NamedTuple):
    score: float
    counted: list[str]  # the phrases that scored
    cancelled: list[str]  # "phrase (reason)" for those that did not
    inferred: tuple[str, list[str]] | None  # IP type inferred, with the words behind it


def _relevance(places: tuple[str, str], rel: Relevance, rules: _Rules) -> _Verdict:
    negatives = [list(rules.negatives.finditer(folded)) for folded in places]
    everywhere = _cancelled_everywhere(negatives, rel)
    counts: Counter[tuple[int, str, str]] = Counter()
    cancelled: list[str] = []
    for where, folded in enumerate(places):
        for hit in rules.relevance.finditer(folded):
            group = max(hit.keys, key=lambda name: rel.groups[name].weight)
            reason = _cancelling(hit, group, negatives[where], everywhere, rel)
            if reason:
                _append(cancelled, f"{hit.phrase} ({reason})")
            else:
                counts[where, group, hit.phrase] += 1
    score, counted = _score(counts, rel)
    return _Verdict(score, counted, cancelled, _inferred(counts, rel))


def _cancelled_everywhere(negatives: list[list[TermHit]], rel: Relevance) -> set[str]:
    """The groups cancelled in the whole release by a document-wide negative context."""
    contexts = {rel.negatives[name] for hits in negatives for hit in hits for name in hit.keys}
    return {group for c in contexts if c.scope == "document" for group in c.cancels}


def _cancelling(
    hit: TermHit, group: str, near: list[TermHit], everywhere: set[str], rel: Relevance
) -> str:
    """Why a hit does not count ('' when it counts)."""
    if rel.groups[group].weight == 0:
        return "not about a case"
    if group in everywhere:
        return "negative context in the release"
    for other in near:
        for context in (rel.negatives[name] for name in other.keys):
            if context.scope != "window" or group not in context.cancels:
                continue
            if other.start < hit.end + context.window and other.end > hit.start - context.window:
                return f"near {other.phrase!r}"
    return ""


def _score(counts: Counter[tuple[int, str, str]], rel: Relevance) -> tuple[float, list[str]]:
    by_group: Counter[str] = Counter()
    phrases: dict[str, list[str]] = {}
    for (where, group, phrase), n in counts.items():
        place_weight = rel.title_weight if where == 0 else 1.0
        by_group[group] += rel.groups[group].weight * place_weight * min(n, rel.max_hits_per_phrase)
        _append(phrases.setdefault(group, []), phrase)
    leading = any(by_group[g] > 0 and not rel.groups[g].supporting for g in by_group)
    counted = [g for g in by_group if by_group[g] > 0] if leading else []
    score = float(sum(by_group[g] for g in counted))
    return score, [phrase for g in counted for phrase in phrases[g]]


def _inferred(
    counts: Counter[tuple[int, str, str]], rel: Relevance
) -> tuple[str, list[str]] | None:
    for group in rel.groups.values():
        words = [phrase for (_, g, phrase) in counts if g == group.name]
        if group.infers and words:
            return group.infers, list(dict.fromkeys(words))
    return None


def _countries(
    places: tuple[str, str], jurisdiction: str, taxonomy: Taxonomy, rules: _Rules
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Places of the action and places of origin, each code → evidence, in order of mention."""
    found: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
    confirmed: set[str] = set()
    for folded in places:
        for hit, origin in _framed(folded, rules):
            for code in hit.keys:
                _append(found[bool(origin)].setdefault(code, []), origin or hit.phrase)
            if hit.phrase not in taxonomy.countries.ambiguous:
                confirmed.update(hit.keys)
    places_found, origins = ({c: w for c, w in f.items() if c in confirmed} for f in found)
    if jurisdiction in taxonomy.countries.labels:
        own = [JURISDICTION, *places_found.pop(jurisdiction, [])]
        places_found = {jurisdiction: own, **places_found}
    return places_found, origins


def _framed(folded: str, rules: _Rules) -> Iterator[tuple[TermHit, str]]:
    """Each country named, with its origin phrase ('made in china'; '' for a place of action).
    Names joined to an origin ("made in China and India") share its cue."""
    chain_start, chain_end = -1, -1
    for hit in rules.countries.finditer(folded):
        hit = hit._replace(keys=tuple(key for key in hit.keys if key != HIDING))
        if not hit.keys:
            continue
        before = rules.origin_before.search(folded, max(0, hit.start - _CUE_REACH), hit.start)
        if before:
            chain_start = before.start()
        elif chain_start < 0 or not rules.origin_join.fullmatch(folded, chain_end, hit.start):
            chain_start = -1
            after = rules.origin_after.match(folded, hit.end)
            yield hit, folded[hit.start : after.end()] if after else ""
            continue
        chain_end = hit.end
        yield hit, folded[chain_start : hit.end]


def _tags(
    kind: str,
    places: tuple[str, str],
    originals: tuple[str, str],
    relevant: bool,
    taxonomy: Taxonomy,
    rules: _Rules,
) -> dict[str, list[str]]:
    """One kind's tags → evidence, in the taxonomy's order."""
    found: dict[str, list[str]] = {}
    for folded, original in zip(places, originals, strict=True):
        for tag_id, words in rules.tags[kind].find(folded).items():
            if not tag_id.startswith(HIDING):
                for word in words:
                    _append(found.setdefault(tag_id, []), word)
        for tag_id, pattern in rules.named[kind].items():
            for match in pattern.finditer(original):
                _append(found.setdefault(tag_id, []), " ".join(match.group().split()))
    tags = taxonomy.tags(kind)
    if any(not tags[tag_id].alone for tag_id in found):
        found = {tag_id: words for tag_id, words in found.items() if not tags[tag_id].alone}
    fallback = [tag.id for tag in tags.values() if tag.fallback]
    if relevant and not found and fallback:
        found = {fallback[0]: [f"no {kind} term matched"]}
    return {tag_id: found[tag_id] for tag_id in tags if tag_id in found}


def _append(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
