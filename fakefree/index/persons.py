"""Facts about people in a release: how many were arrested or charged, and the longest prison
term pronounced, in English, French and Spanish (see `fakefree.index.facts` for the shape).

Matching runs on `numbers.plain` sentences; number words are those of the release's language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from fakefree.index.money import Money
from fakefree.index.numbers import count_value, duration_months, duration_regex, number_words
from fakefree.index.sentences import Sentence


class Read(NamedTuple):
    """A sentence of the case with its plain text and its sums of money."""

    sentence: Sentence
    plain: str
    money: tuple[Money, ...]
    digits: bool  # whether it has a digit: no quantity, sum or term of prison without


def cues(*stems: str) -> re.Pattern[str]:
    """Words starting with one of `stems` (regular expressions on plain text)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(stems) + r")")


def evidence(read: Read, start: int, end: int, limit: int = 160) -> str:
    """The sentence's own words between two offsets of its plain text."""
    return " ".join(read.sentence.text[max(0, start) : end].split())[:limit]


def last(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """Where the last match of `pattern` in text[start:end] starts."""
    found = None
    for match in pattern.finditer(text, start, end):
        found = match.start()
    return found


ARRESTED = cues(
    "arrest", "apprehend", "interpell", "arrete", "garde a vue", "detenid", "detuv", "detien",
    "detencion", "captur", "aprehendid", "aprehendier", "custody", "detained",
)  # fmt: skip
CHARGED = cues(
    "charged", "indict", "charges against", "accuse", "accusation", "mis en examen",
    "mises en examen", "inculp", r"vincul\w* a proceso", "imputad", r"investigad[oa]s", "acusad",
    "plead", "convicted", "prosecut", "poursuivi", "defere", "remis au parquet",
)  # fmt: skip
_PEOPLE = (
    r"(?:people|persons|individuals|suspects|men|women|defendants|members|sellers|vendors|"
    r"traders|nationals|personnes|individus|hommes|femmes|vendeurs|membres|prevenus|personas|"
    r"individuos|sujetos|hombres|mujeres|imputados|vendedores|integrantes|miembros)"
)
_PRISON = cues("prison", "imprison", "jail", "incarcer", "behind bars", "emprisonnement",
               "prision", "carcel", "reclusion")  # fmt: skip
_SENTENCED = cues("sentenced to", "sentence of", r"condamne\w* a", r"sentenciad\w* a",
                  r"condenad\w* a", "pena de", "sentencia de", "jailed for", "term of")  # fmt: skip
_NOT_PRISON = cues("supervised release", "probation", "mise a l'epreuve", "avec sursis",
                   "de sursis", "suspended", "libertad condicional", "condicional")  # fmt: skip


@functools.cache
def _count_regex(language: str) -> re.Pattern[str]:
    """Numbers of people: "nine people", "769 suspects", "Two Imperial County men", "12 detenidos"."""
    number = rf"\d+(?![.,]?\d)|{number_words(language)}"
    return re.compile(
        rf"(?<![\w.,])(?P<n>{number})(?: [\w'-]+){{0,2}} {_PEOPLE}(?!\w)"
        rf"|(?<![\w.,])(?P<n2>{number}) (?:arrests|arrestations|interpellations|detenidos"
        r"|detenciones|capturados|arrested|charged|indicted|imputados)(?!\w)"
    )


def people(read: list[Read], cue: re.Pattern[str], language: str) -> dict[str, Any] | None:
    """The largest number of people stated in a sentence with an arrest (or charge) cue."""
    best: dict[str, Any] | None = None
    for item in read:
        starts = [match.start() for match in cue.finditer(item.plain)]
        if not starts:
            continue
        for match, count in _counts(item.plain, language):
            if best is None or count > best["value"]:
                start = min(match.start(), *starts)
                best = {"value": count, "evidence": evidence(item, start, match.end() + 20)}
    return best


def _counts(text: str, language: str) -> Iterator[tuple[re.Match[str], int]]:
    for match in _count_regex(language).finditer(text):
        value = count_value(match.group("n") or match.group("n2"), language)
        if value >= 2:
            yield match, value


def prison_months(read: list[Read], language: str) -> dict[str, Any] | None:
    """The longest prison term pronounced: a duration after "sentenced to" or before "in
    prison", never in a hypothetical sentence, suspended parts and supervision left out."""
    best: dict[str, Any] | None = None
    for item in read:
        if item.sentence.hypothetical:
            continue
        for match in duration_regex(language).finditer(item.plain):
            found = _prison_term(item, match, language)
            if found and (best is None or found["value"] > best["value"]):
                best = found
    return best


def _prison_term(item: Read, match: re.Match[str], language: str) -> dict[str, Any] | None:
    start, end = match.start(), match.end()
    if _NOT_PRISON.search(item.plain, end, end + 25):
        return None
    before = last(_SENTENCED, item.plain, max(0, start - 60), start)
    after = _PRISON.search(item.plain, end, end + 30)
    if before is None and not after:
        return None
    span = (before if before is not None else start, after.end() if after else end)
    return {"value": duration_months(match, language), "evidence": evidence(item, *span)}
