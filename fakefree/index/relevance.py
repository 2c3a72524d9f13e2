"""Relevance: is a release about enforcing intellectual property? ([relevance] of the taxonomy)

Each sentence's terms score their group's weight, times the sentence's zone weight (title
`title_weight`, background `background_weight`, else 1); a phrase counts at most
`max_hits_per_phrase` times. A group with `near` terms (or `near_sectors`) counts only in a
sentence that also names one of them ("fake" beside handbags, "films" beside "without
authorization"). Supporting groups count only when a leading group scored. Negative contexts
cancel groups: within `window` characters in the sentence, or anywhere (scope "document").
A release is relevant when its score reaches `threshold` (times words / `long_text_words` for a
long text: a long speech needs more than two passing mentions) and a leading group scored in the
title or in at least `min_sentences` sentences that are not background: one passing mention in a
firearms release does not make it an IP case. And it must speak of enforcement (an
`enforcement` word outside background): news about trade-mark fees or a patent office's
procedures is about IP, not about enforcing it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from fakefree.index import taxonomy_file as tf
from fakefree.index.sentences import ReleaseText, Sentence
from fakefree.index.words import TermHit, TermMatcher, parse_term, word_regex

SCOPES = ("window", "document")
_NUMBERS = ("threshold", "title_weight", "background_weight", "max_hits_per_phrase")
_COUNTS = ("min_sentences", "long_text_words")


@dataclass(frozen=True)
class TermGroup:
    name: str
    weight: float
    terms: tuple[str, ...]
    supporting: bool = False  # counts only when a non-supporting group scored
    infers: str = ""  # IP type given to a relevant release that has no IP type of its own
    near: tuple[str, ...] = ()  # counts only in a sentence with one of these
    near_sectors: bool = False  # counts only in a sentence naming goods of a sector


@dataclass(frozen=True)
class NegativeContext:
    name: str
    scope: str  # one of SCOPES
    cancels: tuple[str, ...]  # names of the TermGroups it cancels
    terms: tuple[str, ...]
    window: int = 0  # characters on either side, for scope "window"


@dataclass(frozen=True)
class Relevance:
    threshold: float
    title_weight: float
    background_weight: float
    max_hits_per_phrase: int
    min_sentences: int
    long_text_words: int  # past this length the threshold grows with the text
    enforcement: tuple[str, ...]  # a relevant release has one of these outside background
    groups: Mapping[str, TermGroup]
    negatives: Mapping[str, NegativeContext]


def parse_relevance(raw: Any, ip_types: Iterable[str]) -> Relevance:
    keys = (*_NUMBERS, *_COUNTS, "enforcement", "groups", "negative")
    tf.check_keys(raw, "relevance", keys, required=keys)
    groups = {name: _group(spec, name, set(ip_types)) for name, spec in raw["groups"].items()}
    negatives = {name: _negative(spec, name, groups) for name, spec in raw["negative"].items()}
    numbers: dict[str, Any] = {k: tf.number(raw[k], f"relevance.{k}") for k in _NUMBERS}
    numbers["max_hits_per_phrase"] = max(1, int(numbers["max_hits_per_phrase"]))
    numbers.update({k: max(1, int(tf.number(raw[k], f"relevance.{k}"))) for k in _COUNTS})
    return Relevance(
        **numbers,
        enforcement=tf.optional_terms(raw["enforcement"], "terms", "relevance.enforcement"),
        groups=MappingProxyType(groups),
        negatives=MappingProxyType(negatives),
    )


def _group(spec: Any, name: str, ip_types: set[str]) -> TermGroup:
    where = f"relevance.groups.{name}"
    keys = ("weight", "supporting", "infers", "terms", "near", "near_sectors")
    tf.check_keys(spec, where, keys, ("weight", "terms"))
    infers = spec.get("infers", "")
    if infers and infers not in ip_types:
        raise tf.TaxonomyError(f"{where}.infers: no IP type {infers!r}")
    return TermGroup(
        name,
        tf.number(spec["weight"], f"{where}.weight"),
        tf.terms(spec["terms"], f"{where}.terms"),
        spec.get("supporting") is True,
        infers,
        tf.optional_terms(spec, "near", where),
        spec.get("near_sectors") is True,
    )


def _negative(spec: Any, name: str, groups: Mapping[str, TermGroup]) -> NegativeContext:
    where = f"relevance.negative.{name}"
    tf.check_keys(
        spec, where, ("scope", "window", "cancels", "terms"), ("scope", "cancels", "terms")
    )
    if spec["scope"] not in SCOPES:
        raise tf.TaxonomyError(f"{where}.scope: expected one of {', '.join(SCOPES)}")
    cancels = tf.strings(spec["cancels"], f"{where}.cancels", terms=False)
    if unknown := [group for group in cancels if group not in groups]:
        raise tf.TaxonomyError(f"{where}.cancels: no group named {unknown[0]!r}")
    if spec["scope"] == "window" and "window" not in spec:
        raise tf.TaxonomyError(f"{where}: scope 'window' needs a window (characters)")
    window = int(tf.number(spec.get("window", 0), f"{where}.window"))
    terms = tf.terms(spec["terms"], f"{where}.terms")
    return NegativeContext(name, spec["scope"], cancels, terms, window)


@dataclass(frozen=True)
class RelevanceRules:
    """[relevance] compiled: built once per taxonomy."""

    relevance: Relevance
    terms: TermMatcher
    negatives: TermMatcher
    near: Mapping[str, re.Pattern[str]]  # group → its near terms
    sectors: TermMatcher  # the goods of every sector, for `near_sectors`
    enforcement: re.Pattern[str]


def compile_relevance(relevance: Relevance, sectors: TermMatcher) -> RelevanceRules:
    groups = relevance.groups.values()
    return RelevanceRules(
        relevance,
        TermMatcher({group.name: group.terms for group in groups}),
        TermMatcher({name: neg.terms for name, neg in relevance.negatives.items()}),
        {g.name: word_regex(parse_term(t) for t in g.near) for g in groups if g.near},
        sectors,
        word_regex(parse_term(term) for term in relevance.enforcement),
    )


class Verdict(NamedTuple):
    score: float
    relevant: bool
    counted: list[str]  # the phrases that scored
    cancelled: list[str]  # "phrase (reason)" for those that did not
    inferred: tuple[str, list[str]] | None  # IP type inferred, with the words behind it
    sentences: frozenset[int]  # where a group scored: sentences about the goods or works


class _Hit(NamedTuple):
    group: str
    phrase: str
    weight: float  # the zone's weight
    sentence: int  # index; 0 is the title


def judge(text: ReleaseText, rules: RelevanceRules) -> Verdict:
    """The relevance of a release, with the words for and against."""
    rel = rules.relevance
    negatives = [list(rules.negatives.finditer(s.folded)) for s in text.sentences]
    everywhere = _cancelled_everywhere(negatives, rel)
    hits: list[_Hit] = []
    cancelled: list[str] = []
    for index, sentence in enumerate(text.sentences):
        weight = _zone_weight(sentence, rel)
        goods: list[bool] = []  # whether the sentence names goods of a sector, once looked up
        for hit in rules.terms.finditer(sentence.folded):
            group = _group_of(hit, sentence, rules, goods)
            reason = _cancelling(hit, group, negatives[index], everywhere, rel)
            if reason:
                _append(cancelled, f"{hit.phrase} ({reason})")
            else:
                hits.append(_Hit(group, hit.phrase, weight, index))
    verdict = _verdict(hits, cancelled, text, rel)
    if verdict.relevant and not _speaks_of_enforcement(text, rules):
        cancelled.append("no enforcement word: about IP, not about enforcing it")
        return verdict._replace(relevant=False)
    return verdict


def _speaks_of_enforcement(text: ReleaseText, rules: RelevanceRules) -> bool:
    return any(
        rules.enforcement.search(s.folded)
        for s in text.sentences
        if s.zone == "title" or not s.background
    )


def _zone_weight(sentence: Sentence, rel: Relevance) -> float:
    if sentence.zone == "title":
        return rel.title_weight
    return rel.background_weight if sentence.background else 1.0


def _group_of(hit: TermHit, sentence: Sentence, rules: RelevanceRules, goods: list[bool]) -> str:
    """The heaviest group of the hit whose `near` condition the sentence meets."""
    groups = sorted(hit.keys, key=lambda name: -rules.relevance.groups[name].weight)
    for name in groups:
        group = rules.relevance.groups[name]
        if group.near and not rules.near[name].search(sentence.folded):
            continue
        if group.near_sectors:
            if not goods:
                goods.append(next(rules.sectors.finditer(sentence.folded), None) is not None)
            if not goods[0]:
                continue
        return name
    return groups[-1]


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


def _verdict(hits: list[_Hit], cancelled: list[str], text: ReleaseText, rel: Relevance) -> Verdict:
    weights: dict[tuple[str, str], list[float]] = defaultdict(list)
    for hit in hits:
        weights[hit.group, hit.phrase].append(hit.weight)
    by_group: dict[str, float] = defaultdict(float)
    for (group, _), found in weights.items():
        best = sorted(found, reverse=True)[: rel.max_hits_per_phrase]
        by_group[group] += rel.groups[group].weight * sum(best)
    leading = [g for g in by_group if by_group[g] > 0 and not rel.groups[g].supporting]
    counted = [g for g in by_group if by_group[g] > 0] if leading else []
    score = float(sum(by_group[g] for g in counted))
    spread = _spread(hits, leading, text)
    words = sum(len(s.folded.split()) for s in text.sentences)
    threshold = rel.threshold * max(1.0, words / rel.long_text_words)
    relevant = score >= threshold and (0 in spread or len(spread) >= rel.min_sentences)
    phrases = [phrase for group, phrase in weights if group in counted]
    where = frozenset(hit.sentence for hit in hits if hit.group in counted)
    inferred = _inferred(hits, rel)
    return Verdict(score, relevant, list(dict.fromkeys(phrases)), cancelled, inferred, where)


def _spread(hits: list[_Hit], leading: list[str], text: ReleaseText) -> set[int]:
    """The title (0, always) and the sentences not background where a leading group scored."""
    return {
        hit.sentence
        for hit in hits
        if hit.group in leading
        and (hit.sentence == 0 or not text.sentences[hit.sentence].background)
    }


def _inferred(hits: list[_Hit], rel: Relevance) -> tuple[str, list[str]] | None:
    weight: dict[str, float] = defaultdict(float)
    for hit in hits:
        if rel.groups[hit.group].infers:
            weight[hit.group] += rel.groups[hit.group].weight * hit.weight
    if not weight:
        return None
    group = max(weight, key=weight.__getitem__)
    words = [hit.phrase for hit in hits if hit.group == group]
    return rel.groups[group].infers, list(dict.fromkeys(words))


def _append(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
