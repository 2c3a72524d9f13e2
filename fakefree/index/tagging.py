"""Sectors, IP types and actions of a release, each tag with the words that produced it.

Tags come from the sentences of the case: never from the header or a hypothetical sentence
("faces up to ten years" is no sentence), nor from background unless the release is a policy
release (then its yearly figures and advice are its content).
- Sectors are scored ([sector_scores]): each sentence naming a sector adds its zone's score
  (title, lead, a body sentence that speaks of the goods, another body sentence); a sector is
  kept from `keep_at` and from `keep_share` of the best sector's score. Goods listed in passing
  ("officers also seize clothing and electronics") do not outweigh the goods of the case.
- A tag's `weak` terms mean it only beside goods of its `weak_needs` sectors, else `weak_else`:
  Mexican "ropa pirata" is counterfeit clothing, "discos piratas" are pirated records.
- A tag's `persons` terms mean `persons_tag` in a sentence naming people ([people]): goods
  "detained" at the border are seized, "six suspects were detained" were arrested.
- `sole_for`: a trade-secret case is about technology, whatever the stolen designs were for.
- In a speech only the title's case actions count; `alone` tags go when others are found, and a
  relevant release with none of a kind gets its `fallback` (sectors: other, actions: policy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fakefree.index import taxonomy_file as tf
from fakefree.index.sentences import ReleaseText, Sentence
from fakefree.index.words import TermMatcher, parse_term, word_regex

HIDING = "-"  # key prefix of phrases that only hide the terms inside them
WEAK = "?"  # key prefix of weak terms
PERSONS = "@"  # key prefix of terms read by the people in the sentence
_NAME = r"[A-ZÀ-ÖØ-Þ][\w-]*(?: (?:[A-ZÀ-ÖØ-Þ][\w-]*|[IVXL]+|\d+))*"  # Capitalised words, numerals
_NAME_WORDS = 4
_SCORES = ("title", "lead", "goods", "body", "keep_at", "keep_share")

Tags = dict[str, list[str]]  # tag id → evidence


@dataclass(frozen=True)
class SectorScores:
    title: float
    lead: float
    goods: float  # a body sentence that also speaks of seizing or faking goods
    body: float
    keep_at: float
    keep_share: float


def parse_sector_scores(raw: Any) -> SectorScores:
    tf.check_keys(raw, "sector_scores", _SCORES, _SCORES)
    return SectorScores(*(tf.number(raw[key], f"sector_scores.{key}") for key in _SCORES))


@dataclass(frozen=True)
class KindRules:
    """One kind's terms compiled: built once per taxonomy."""

    matcher: TermMatcher  # tag id (or a prefixed key) → terms
    named: Mapping[str, re.Pattern[str]]  # tag id → cue + Name pattern
    order: tuple[str, ...]  # tag ids in the taxonomy's order
    alone: frozenset[str]
    fallback: str
    weak: Mapping[str, tuple[frozenset[str], str]]  # tag → (sectors it needs, tag otherwise)
    persons: Mapping[str, str]  # tag → the tag its `persons` terms mean beside people
    sole_for: Mapping[str, frozenset[str]]  # sector → IP types


def compile_kind(tags: Mapping[str, Any]) -> KindRules:
    """`tags`: one kind's Tag objects by id."""
    terms: dict[str, Iterable[str]] = {}
    for tag in tags.values():
        terms.update({tag.id: tag.terms, HIDING + tag.id: tag.not_terms})
        terms.update({WEAK + tag.id: tag.weak, PERSONS + tag.id: tag.persons})
    return KindRules(
        matcher=TermMatcher(terms),
        named={t.id: _named_pattern(t.named) for t in tags.values() if t.named},
        order=tuple(tags),
        alone=frozenset(t.id for t in tags.values() if t.alone),
        fallback=next((t.id for t in tags.values() if t.fallback), ""),
        weak={t.id: (frozenset(t.weak_needs), t.weak_else) for t in tags.values() if t.weak},
        persons={t.id: t.persons_tag for t in tags.values() if t.persons},
        sole_for={t.id: frozenset(t.sole_for) for t in tags.values() if t.sole_for},
    )


def _named_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    joined = "|".join(map(re.escape, cues))
    return re.compile(rf"(?<!\w)(?i:{joined})\s+[«\"“‘']?\s?({_NAME})")


def people_regex(terms: Iterable[str]) -> re.Pattern[str]:
    return word_regex(parse_term(term) for term in terms)


def counted(text: ReleaseText, background: bool, speech: bool = False) -> Iterator[Sentence]:
    """The sentences tags are read from."""
    for sentence in text.sentences:
        if sentence.zone == "header" or (sentence.background and not background):
            continue
        if speech and sentence.zone != "title":
            continue
        yield sentence


def find_tags(sentences: Iterable[Sentence], rules: KindRules, people: re.Pattern[str]) -> Tags:
    """Every tag of a kind whose terms or named cues appear, weak terms marked '?'."""
    found: Tags = {}
    for sentence in sentences:
        for hit in rules.matcher.finditer(sentence.folded):
            for key in hit.keys:
                tag_id = _reading(key, sentence, rules, people)
                if tag_id:
                    _append(found.setdefault(tag_id, []), hit.phrase)
        for tag_id, pattern in rules.named.items():
            for match in pattern.finditer(sentence.text):
                name = " ".join(match.group().split()[: _NAME_WORDS + 1])
                _append(found.setdefault(tag_id, []), name)
    return found


def _reading(key: str, sentence: Sentence, rules: KindRules, people: re.Pattern[str]) -> str:
    """The tag a matched key means in this sentence ('' for hiding phrases)."""
    if key[0] == HIDING:
        return ""
    if key[0] == PERSONS:
        tag_id = key[1:]
        return rules.persons[tag_id] if people.search(sentence.folded) else tag_id
    return key


def sector_scores(
    sentences: Iterable[Sentence], rules: KindRules, scores: SectorScores, goods: set[Sentence]
) -> dict[str, tuple[float, list[str]]]:
    """Sector → (score, words). `goods`: the sentences that speak of seizing or faking goods."""
    found: dict[str, tuple[float, list[str]]] = {}
    for sentence in sentences:
        weight = _sentence_score(sentence, scores, sentence in goods)
        for tag_id, words in rules.matcher.find(sentence.folded).items():
            if tag_id[0] not in (HIDING, WEAK, PERSONS):
                score, evidence = found.get(tag_id, (0.0, []))
                found[tag_id] = (score + weight, evidence + [w for w in words if w not in evidence])
    return found


def _sentence_score(sentence: Sentence, scores: SectorScores, goods: bool) -> float:
    if sentence.zone in ("title", "lead"):
        return getattr(scores, sentence.zone)
    return scores.goods if goods else scores.body


def kept_sectors(found: Mapping[str, tuple[float, list[str]]], scores: SectorScores) -> Tags:
    best = max((score for score, _ in found.values()), default=0.0)
    floor = max(scores.keep_at, scores.keep_share * best)
    return {tag: words for tag, (score, words) in found.items() if score >= floor}


def resolve_weak(found: Tags, rules: KindRules, sectors: Iterable[str]) -> Tags:
    """Weak terms given to their tag beside the goods it needs, else to the other tag."""
    resolved = {tag: words for tag, words in found.items() if tag[0] != WEAK}
    present = set(sectors)
    for key, words in found.items():
        if key[0] == WEAK:
            needs, otherwise = rules.weak[key[1:]]
            tag_id = key[1:] if needs & present else otherwise
            for word in words:
                _append(resolved.setdefault(tag_id, []), word)
    return resolved


def finish(found: Tags, rules: KindRules, relevant: bool, kind: str) -> Tags:
    """`alone` tags dropped beside others, the fallback for a relevant release with none."""
    if any(tag not in rules.alone for tag in found):
        found = {tag: words for tag, words in found.items() if tag not in rules.alone}
    if relevant and not found and rules.fallback:
        found = {rules.fallback: [f"no {kind} term matched"]}
    return {tag: found[tag] for tag in rules.order if tag in found}


def sole_sectors(sectors: Tags, ip_types: Iterable[str], rules: KindRules) -> Tags:
    """A sector `sole_for` IP types stays alone when the release's IP types are all of them."""
    types = set(ip_types)
    for sector, only_for in rules.sole_for.items():
        if sector in sectors and types and types <= only_for:
            return {sector: sectors[sector]}
    return sectors


def _append(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
