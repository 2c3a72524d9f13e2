"""Classification of one release: relevance, countries, sectors, IP types, actions and facts,
every tag and fact with its evidence (the words or the rule that produced it).

Rules only; config/taxonomy.toml holds every word and weight. The steps, each in its module:
- `sentences`: the release cut into sentences with zones (title, header, lead, body) and flags
  (background: boilerplate, advice, yearly figures; hypothetical: penalties a charge carries);
- `relevance`: weighted term groups, sentence by sentence, with negative contexts;
- `places`: the places of action and the origins;
- `tagging`: sectors (scored by zone), IP types, actions;
- `facts`: quantities, values, sentences, fines, people, operation names.
A relevant release that reports no case action is a policy release (training, awareness, yearly
figures, speeches): its background sentences are then read too, being its content.
Terms of all three languages are matched in every release (Canadian releases mix them, Spanish
releases quote English brand names); the release's language is kept for callers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from fakefree.index.facts import FactRules, compile_facts, extract_facts
from fakefree.index.places import (
    JURISDICTION,
    PlaceRules,
    compile_places,
    find_places,
)
from fakefree.index.relevance import RelevanceRules, Verdict, compile_relevance, judge
from fakefree.index.sentences import ReleaseText, split_release
from fakefree.index.tagging import (
    KindRules,
    Tags,
    compile_kind,
    counted,
    find_tags,
    finish,
    kept_sectors,
    people_regex,
    resolve_weak,
    sector_scores,
    sole_sectors,
)
from fakefree.index.taxonomy import TAG_KINDS, Taxonomy, load_taxonomy
from fakefree.index.words import parse_term

__all__ = ["JURISDICTION", "Classification", "classify"]

POLICY = "policy"


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
    facts: dict[str, Any] = field(default_factory=dict)  # see fakefree.index.facts


@dataclass(frozen=True)
class _Rules:
    """The taxonomy compiled for matching: built once per taxonomy."""

    relevance: RelevanceRules
    places: PlaceRules
    kinds: dict[str, KindRules]
    people: re.Pattern[str]
    facts: FactRules


@functools.lru_cache(maxsize=8)
def _compile(taxonomy: Taxonomy) -> _Rules:
    kinds = {kind: compile_kind(taxonomy.tags(kind)) for kind in TAG_KINDS}
    countries = taxonomy.countries
    places = compile_places(
        taxonomy.places,
        countries.names,
        countries.demonyms,
        countries.not_places,
        countries.ambiguous,
        countries.labels,
    )
    relevance = compile_relevance(taxonomy.relevance, kinds["sectors"].matcher)
    facts = compile_facts(_goods_terms(taxonomy), kinds["actions"].named.get("operation"))
    return _Rules(relevance, places, kinds, people_regex(taxonomy.people), facts)


def _goods_terms(taxonomy: Taxonomy) -> list[str]:
    """Words naming goods: the sectors', the relevance groups' (counterfeit, apocryphal...)."""
    groups = [g for g in taxonomy.relevance.groups.values() if g.weight and not g.supporting]
    terms = [*taxonomy.goods, *(t for tag in taxonomy.sectors.values() for t in tag.terms)]
    return [parse_term(term) for term in [*terms, *(t for g in groups for t in g.terms)]]


def classify(
    title: str, text: str, language: str, jurisdiction: str, taxonomy: Taxonomy | None = None
) -> Classification:
    """Tags of one release. `language`: en/fr/es; `jurisdiction`: the source's code (US, EU...)."""
    taxonomy = taxonomy or load_taxonomy()
    rules, jurisdiction = _compile(taxonomy), jurisdiction.upper()
    release = split_release(title, text, taxonomy.sentences)
    verdict = judge(release, rules.relevance)
    tags = _case_tags(release, verdict, taxonomy, rules, background=False)
    policy = verdict.relevant and list(tags["actions"]) == [POLICY]
    if policy:  # a policy release: its figures and advice are its content
        tags = {**_case_tags(release, verdict, taxonomy, rules, True), "actions": tags["actions"]}
    tags["countries"], tags["origin_countries"] = find_places(
        release, jurisdiction, rules.places, background=policy
    )
    seized = "seizure" in tags["actions"]
    return Classification(
        is_relevant=verdict.relevant,
        relevance_score=round(verdict.score, 2),
        **{kind: tuple(found) for kind, found in tags.items()},
        evidence=_evidence(verdict, tags),
        facts=extract_facts(release.sentences, jurisdiction, language, rules.facts, seized),
    )


def _evidence(verdict: Verdict, tags: dict[str, Tags]) -> dict[str, list[str]]:
    """'relevance', 'relevance:cancelled' and 'kind:tag' → the words behind each."""
    evidence = {"relevance": verdict.counted, "relevance:cancelled": verdict.cancelled}
    evidence = {key: words for key, words in evidence.items() if words}
    for kind, found in tags.items():
        evidence.update({f"{kind}:{key}": words for key, words in found.items()})
    return evidence


def _case_tags(
    release: ReleaseText, verdict: Verdict, taxonomy: Taxonomy, rules: _Rules, background: bool
) -> dict[str, Tags]:
    """Sectors, IP types and actions read from the case's sentences."""
    kinds, relevant = rules.kinds, verdict.relevant
    sentences = list(counted(release, background))
    goods = {release.sentences[i] for i in verdict.sentences}
    if background:  # re-reading a policy release: its figures are about its subject
        goods |= {sentence for sentence in sentences if sentence.background}
    scored = sector_scores(sentences, kinds["sectors"], taxonomy.sector_scores, goods)
    sectors = kept_sectors(scored, taxonomy.sector_scores)
    ip_types = resolve_weak(
        find_tags(sentences, kinds["ip_types"], rules.people), kinds["ip_types"], sectors
    )
    if relevant and not ip_types and verdict.inferred:
        ip_type, words = verdict.inferred
        ip_types = {ip_type: [f"inferred from: {', '.join(words)}"]}
    ip_types = finish(ip_types, kinds["ip_types"], relevant, "ip_types")
    sectors = finish(
        sole_sectors(sectors, ip_types, kinds["sectors"]), kinds["sectors"], relevant, "sectors"
    )
    done = [s for s in counted(release, background, release.speech) if not s.hypothetical]
    actions = finish(
        find_tags(done, kinds["actions"], rules.people), kinds["actions"], relevant, "actions"
    )
    return {"sectors": sectors, "ip_types": ip_types, "actions": actions}
