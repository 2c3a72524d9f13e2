"""A release cut into sentences, each with its zone and its flags, for the classifier.

Agencies write a release in parts that do not weigh the same: a title, a header (source, date,
place), a lead that says what happened, a body, then boilerplate ("Quick facts", "About HSI"),
advice to consumers, the year's figures and the penalties a charge carries. So each sentence has:
- `zone`: title, header (short lines before the lead, and the dateline "DETROIT –"), lead (the
  first `lead_sentences` sentences of the body) or body;
- `background`: boilerplate, advice, trends and yearly figures, found by the `background` cues,
  by a year after a preposition ("In 2024,") together with an `aggregate` cue, or inside a section
  opened by a `headings` line ("Quick facts"); goods and places named there are not the case's;
- `hypothetical`: what could happen, not what did ("if convicted, faces up to", "s'expose à").
The title's `speech` cues ("delivers remarks") mark a speech. Cues: [sentences] in the taxonomy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fakefree.index import taxonomy_file as tf
from fakefree.index.words import fold, parse_term, word_regex

ZONES = ("title", "header", "lead", "body")
_CUES = ("background", "aggregate", "hypothetical", "headings", "speech")
_HEADER_WORDS = 12  # a line this short, before the lead, is a header line
_HEADING_WORDS = 5  # a line this short can be a heading
_WRAPPED_CHARS = 60  # a line this long that does not end a sentence goes on in the next one
_DATELINE_LINES = 4  # a dateline opens one of the first lines of the body
_PARAGRAPH_ENDS = ".!?:;\"'»”)…"
_DATELINE = re.compile(r"^([A-ZÀ-Ý][^.!?–—]{1,60}?)\s*(?:[–—]+\s*|\s--?\s+)(?=\S)")
_BREAK = re.compile(r"[.!?…][\"»”’)]*\s+(?=[\"«“‘(¿¡]?[A-ZÀ-ÖØ-Ý0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|Mt|No|Nos|Inc|Ltd|Co|Corp|Jr|Sr|Gen|Lt|Sgt|Det|Insp|Supt"
    r"|Cpl|Const|Sen|Rep|Gov|Hon|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Calif|Fla|Tex"
    r"|Mass|Mich|Ore|Wash|Ariz|Ga|Ky|Md|Va|Pa|Ill|Minn|Tenn|Miss|Ala|Conn|Colo|Nev|Okla|Ind|Wis"
    r"|Mo|La|Kan|Neb|Vt|Sra|Lic|Ing|Dra|Mme|Mlle|art|approx|etc|vs))\.[\"»”’)]*$"
)


@dataclass(frozen=True)
class Sentence:
    text: str  # as written
    folded: str  # through words.fold
    zone: str  # one of ZONES
    background: bool = False
    hypothetical: bool = False


@dataclass(frozen=True)
class ReleaseText:
    sentences: tuple[Sentence, ...]  # the title first
    speech: bool  # the title says it is a speech, remarks or testimony


@dataclass(frozen=True)
class SentenceCues:
    """The [sentences] table, compiled."""

    background: re.Pattern[str]
    aggregate: re.Pattern[str]
    hypothetical: re.Pattern[str]
    headings: re.Pattern[str]
    speech: re.Pattern[str]
    year: re.Pattern[str]  # a year after one of `year_prepositions`
    lead_sentences: int


def parse_cues(raw: Any) -> SentenceCues:
    """The [sentences] table of the taxonomy, validated and compiled."""
    where = "sentences"
    tf.check_keys(raw, where, (*_CUES, "year_prepositions", "lead_sentences"), _CUES)
    patterns = {key: _regex(tf.terms(raw[key], f"{where}.{key}")) for key in _CUES}
    prepositions = tf.strings(raw.get("year_prepositions", []), f"{where}.year_prepositions")
    before = "|".join(re.escape(fold(p)) for p in prepositions) or "(?!)"
    year = re.compile(rf"(?<!\w)(?:{before}) (?:the )?(?:fiscal year )?(?:19|20)\d\d(?!\w)")
    lead = int(tf.number(raw.get("lead_sentences", 2), f"{where}.lead_sentences"))
    return SentenceCues(**patterns, year=year, lead_sentences=lead)


def _regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    return word_regex(parse_term(term) for term in terms)


def split_release(title: str, text: str, cues: SentenceCues) -> ReleaseText:
    """The title and every sentence of the text, in order, with their zones and flags."""
    first = _sentence(title, "title", False, cues)
    sentences = [first, *_body_sentences(_without_title(text, title), first.folded, cues)]
    return ReleaseText(tuple(sentences), bool(cues.speech.search(first.folded)))


def _without_title(text: str, title: str) -> str:
    """The text without the title repeated at its start (pages often repeat their heading)."""
    stripped, title = text.lstrip(), " ".join(title.split())
    if title and " ".join(stripped[: len(title) + 20].split()).startswith(title):
        return stripped[len(title) :].lstrip(" \t") if stripped.startswith(title) else text
    return text


def _paragraphs(text: str) -> Iterator[str]:
    """The text's paragraphs: its lines, a hard-wrapped line (long, ending in a comma or going on
    in lower case) joined to the next one."""
    lines = [line for line in (line.strip() for line in text.split("\n")) if line]
    pending = ""
    for line, following in zip(lines, [*lines[1:], ""], strict=False):
        pending = f"{pending} {line}" if pending else line
        wrapped = len(line) >= _WRAPPED_CHARS and line[-1] not in _PARAGRAPH_ENDS
        if not (wrapped and (line[-1] in ",-" or following[:1].islower())):
            yield pending
            pending = ""


def _body_sentences(text: str, title: str, cues: SentenceCues) -> Iterator[Sentence]:
    """The body's sentences; `title` (folded): a line that only repeats it is left out."""
    lead_left, in_section = cues.lead_sentences, False
    for number, line in enumerate(_paragraphs(text)):
        words = len(line.split())
        if words <= len(title.split()) + 1 and fold(line) == title:
            continue
        if words <= _HEADING_WORDS and cues.headings.search(fold(line)):
            in_section = True
            continue
        before_lead = lead_left == cues.lead_sentences
        if before_lead and words <= _HEADER_WORDS and line[-1] not in ".!?":
            yield Sentence(line, fold(line), "header")
            continue
        for piece, dateline in _pieces(line, before_lead and number < _DATELINE_LINES):
            zone = "header" if dateline else "lead" if lead_left > 0 else "body"
            lead_left -= zone == "lead"
            yield _sentence(piece, zone, in_section, cues)


def _pieces(line: str, first: bool) -> Iterator[tuple[str, bool]]:
    """The sentences of a line, each with whether it is the dateline of the first body line."""
    found = _DATELINE.match(line) if first else None
    if found and len(found.group(1).split()) <= 6:
        yield found.group(1), True
        line = line[found.end() :]
    start = 0
    for found in _BREAK.finditer(line):
        if _ABBREVIATION.search(line, start, found.start() + 1):
            continue
        yield line[start : found.end()].strip(), False
        start = found.end()
    if line[start:].strip():
        yield line[start:].strip(), False


def _sentence(text: str, zone: str, in_section: bool, cues: SentenceCues) -> Sentence:
    folded = fold(text)
    yearly = bool(cues.year.search(folded) and cues.aggregate.search(folded))
    background = in_section or yearly or bool(cues.background.search(folded))
    return Sentence(text, folded, zone, background, bool(cues.hypothetical.search(folded)))
