"""Countries of a release: where the action took place, kept apart from where goods or offenders
came from ([origin], [places] and [countries] of the taxonomy).

- The source's jurisdiction is always a place of action (evidence: "source jurisdiction").
- A country named in a sentence of the case (not the header, not background) is a place of
  action, unless an origin cue frames it ("made in China", "Chinese nationals", "procedentes de
  Vietnam": an origin; names joined to it share the cue), or an `ignore_before` cue precedes it
  in the sentence (destinations, transit, "based in", "banned in", "for the benefit of").
- A demonym ("Spanish", "mexicanas") counts only beside an authority ("Spanish police",
  "autoridades mexicanas": a place) or as an origin ("Chinese national"); an Italian brand or a
  Canadian company says nothing about where the action was.
- An ambiguous name ("Georgia") counts only when another name confirms its country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fakefree.index import taxonomy_file as tf
from fakefree.index.sentences import ReleaseText, Sentence
from fakefree.index.words import TermHit, TermMatcher, parse_term, pattern_source

JURISDICTION = "source jurisdiction"
HIDING = "-"  # key of the phrases that only hide a country name inside them
DEMONYM = "~"  # key prefix of demonyms
_CUE_REACH = 60  # characters before a country searched for an origin or ignore cue
_AUTHORITY_GAP = r"(?: [\w']+){0,3}"  # up to three words between a demonym and an authority


@dataclass(frozen=True)
class Places:
    """The [origin] and [places] tables: cues around a country name."""

    before: tuple[str, ...]  # origin cues right before a country: "made in", "procedentes de"
    between: tuple[str, ...]  # words allowed between the cue and the country: "the", "la"
    after: tuple[str, ...]  # origin cues right after a country: "origin", "nationals"
    joins: tuple[str, ...]  # carry a cue on to the next country: "and", "et"
    repeats: tuple[str, ...]  # may follow a join, repeating the cue: "and in", "et en"
    ignore_before: tuple[str, ...]  # neither place nor origin after these: "destined for"
    authorities: tuple[str, ...]  # a demonym beside these is a place: "police", "autoridades"


def parse_places(origin: Any, places: Any) -> Places:
    keys = ("before", "between", "after", "joins", "repeats")
    tf.check_keys(origin, "origin", keys, ("before", "after"))
    tf.check_keys(places, "places", ("ignore_before", "authorities"), ("ignore_before",))
    cues = [tf.strings(origin.get(key, []), f"origin.{key}") for key in keys]
    ignore = tf.terms(places["ignore_before"], "places.ignore_before")
    return Places(*cues, ignore, tf.optional_terms(places, "authorities", "places"))


@dataclass(frozen=True)
class PlaceRules:
    """Everything needed to find places, compiled once per taxonomy."""

    names: TermMatcher  # country code (or DEMONYM + code, or HIDING) → its names
    ambiguous: frozenset[str]
    known: frozenset[str]  # every code with a label
    origin_before: re.Pattern[str]
    origin_after: re.Pattern[str]
    origin_join: re.Pattern[str]
    ignore_before: re.Pattern[str]
    authority_after: re.Pattern[str]  # "Spanish [National] police"
    authority_next: re.Pattern[str]  # an authority word right away: "national police"
    authority_before: re.Pattern[str]  # "autoridades mexicanas", "la police espagnole"


def compile_places(
    places: Places,
    names: Mapping[str, tuple[str, ...]],
    demonyms: Mapping[str, tuple[str, ...]],
    hiding: tuple[str, ...],
    ambiguous: frozenset[str],
    known: Iterable[str],
) -> PlaceRules:
    source = {name: _source(terms) for name, terms in vars(places).items()}
    terms = {**names, **{DEMONYM + code: found for code, found in demonyms.items()}}
    join = (
        rf"(?: (?:{source['joins']})(?: (?:{source['repeats']}))?(?: (?:{source['between']}))?)? ?"
    )
    return PlaceRules(
        names=TermMatcher({**terms, HIDING: hiding}),
        ambiguous=ambiguous,
        known=frozenset(known),
        origin_before=re.compile(rf"(?<!\w)(?:{source['before']})(?: (?:{source['between']}))? ?$"),
        origin_after=re.compile(rf" (?:{source['after']})(?!\w)"),
        origin_join=re.compile(join),
        ignore_before=re.compile(rf"(?<!\w)(?:{source['ignore_before']})(?!\w)"),
        authority_after=re.compile(rf"^{_AUTHORITY_GAP} (?:{source['authorities']})(?!\w)"),
        authority_next=re.compile(rf" (?:{source['authorities']})(?!\w)"),
        authority_before=re.compile(rf"(?<!\w)(?:{source['authorities']}){_AUTHORITY_GAP} $"),
    )


def _source(terms: tuple[str, ...]) -> str:
    return pattern_source(map(parse_term, terms))


Found = dict[str, list[str]]  # code → evidence, in order of mention


def find_places(
    text: ReleaseText, jurisdiction: str, rules: PlaceRules, background: bool = False
) -> tuple[Found, Found]:
    """(places of action, places of origin); `background`: count background sentences too.
    A speech's places are those of its title: a speaker ranges over the world."""
    found: tuple[Found, Found] = ({}, {})
    confirmed: set[str] = set()
    for sentence in text.sentences:
        if sentence.zone == "header" or (sentence.background and not background):
            continue
        if text.speech and sentence.zone != "title":
            continue
        for code, phrase, origin in _framed(sentence, rules):
            _append(found[bool(origin)].setdefault(code, []), origin or phrase)
            if phrase not in rules.ambiguous:
                confirmed.add(code)
    places, origins = ({c: w for c, w in f.items() if c in confirmed} for f in found)
    if jurisdiction in rules.known:
        places = {jurisdiction: [JURISDICTION, *places.pop(jurisdiction, [])], **places}
    return places, origins


def _framed(sentence: Sentence, rules: PlaceRules) -> Iterator[tuple[str, str, str]]:
    """(code, phrase, origin phrase or '') for each country a sentence names as a place or an
    origin. Names joined to an origin ("made in China and India") share its cue."""
    folded = sentence.folded
    chain_start, chain_end = -1, -1
    for hit in rules.names.finditer(folded):
        codes, demonym = _codes(hit)
        if not codes or rules.ignore_before.search(
            folded, max(0, hit.start - _CUE_REACH), hit.start
        ):
            chain_start = -1
            continue
        before = rules.origin_before.search(folded, max(0, hit.start - _CUE_REACH), hit.start)
        if before:
            chain_start = before.start()
        elif chain_start < 0 or not rules.origin_join.fullmatch(folded, chain_end, hit.start):
            chain_start = -1
            after = rules.origin_after.match(folded, hit.end)
            if after and rules.authority_next.match(folded, after.end()):
                after = None  # "Polish National Police" acts; "a Polish national" came from
            origin = folded[hit.start : after.end()] if after else ""
            if origin or _is_place(hit, demonym, folded, rules):
                yield from ((code, hit.phrase, origin) for code in codes)
            continue
        chain_end = hit.end
        yield from ((code, hit.phrase, folded[chain_start : hit.end]) for code in codes)


def _codes(hit: TermHit) -> tuple[tuple[str, ...], bool]:
    """The countries a hit names, and whether only as a demonym."""
    names = tuple(key for key in hit.keys if key[0] not in (HIDING, DEMONYM))
    if names:
        return names, False
    return tuple(key[1:] for key in hit.keys if key.startswith(DEMONYM)), True


def _is_place(hit: TermHit, demonym: bool, folded: str, rules: PlaceRules) -> bool:
    if not demonym:
        return True
    return bool(
        rules.authority_after.match(folded[hit.end :])
        or rules.authority_before.search(folded, max(0, hit.start - _CUE_REACH), hit.start)
    )


def _append(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
