"""Highlighted titles and snippets for the hits shown on a page, without storing the text twice.

The index does not store bodies (it would double its size); the page already loads each hit's
text from the store, so the text is searched again here, word by word, with the same analyzer
as the index: a word is marked when its index term is one the query looks for, so the query
"contrefait" marks "contrefaits" and an accent-free query marks accented words. To stay cheap,
one regular expression over the folded text finds the words that start like a wanted term, and
only those go through the stemmer (cached).

The result is a list of (text, marked) parts: the caller escapes each part and wraps the marked
ones in <mark>, so stored text can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from fakefree.index.fulltext import WORD_PATTERN, analyze_word, fold

Parts = list[tuple[str, bool]]
WIDTH = 240  # characters of a snippet, about three lines
SCAN_LIMIT = 20_000  # characters of a body read at most
MAX_SPANS = 60  # matches weighed when choosing the window


@dataclass(frozen=True)
class Wanted:
    """The terms to mark in one language's text: whole terms, and prefixes (from word*)."""

    lang: str
    terms: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, lang: str, terms: Iterable[str]) -> Wanted:
        whole = frozenset(t for t in terms if not t.endswith("*"))
        prefixes = tuple(sorted(t[:-1] for t in terms if t.endswith("*")))
        return cls(lang, whole, prefixes)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def accepts(self, word: str, folded: str) -> bool:
        """Whether `word` (and its folded form) is one the query looks for."""
        return folded.startswith(self.prefixes) or analyze_word(word, self.lang) in self.terms


def _head(term: str) -> str:
    """How a word whose index term is `term` starts (a stem may change its last letters)."""
    return term[: max(1, min(len(term) - 1, 4))]


@lru_cache(maxsize=256)
def _candidates(heads: tuple[str, ...]) -> re.Pattern[str]:
    """Words of folded text that start like a wanted term: the only ones worth stemming."""
    either = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{either})\w*")


def _spans(text: str, wanted: Wanted) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` the query looks for."""
    folded = fold(text)
    if len(folded) != len(text):  # a rare letter whose lower case is longer: word by word
        words = (m.span() for m in WORD_PATTERN.finditer(text))
        return [(s, e) for s, e in words if wanted.accepts(text[s:e], fold(text[s:e]))]
    heads = tuple(sorted({_head(t) for t in wanted.terms} | set(wanted.prefixes)))
    found = (m.span() for m in _candidates(heads).finditer(folded))
    return [(s, e) for s, e in found if wanted.accepts(text[s:e], folded[s:e])]


def _parts(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Parts:
    out: Parts = []
    at = start
    for s, e in spans:
        if s < start or e > end:
            continue
        if s > at:
            out.append((text[at:s], False))
        out.append((text[s:e], True))
        at = e
    if at < end:
        out.append((text[at:end], False))
    return out


def mark(text: str, wanted: Wanted) -> Parts:
    """The whole of a short text (a title) with the wanted words marked."""
    return _parts(text, _spans(text, wanted) if wanted else [], 0, len(text))


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The stretch of `width` characters holding the most distinct wanted words."""
    best, best_start = -1, 0
    spans = spans[:MAX_SPANS]
    for i, (s, _) in enumerate(spans):
        inside = {text[a:b].lower() for a, b in spans[i:] if b <= s + width}
        if len(inside) > best:
            best, best_start = len(inside), s
    start = max(0, best_start - width // 4)
    if start:  # begin at a word
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def snippet(text: str, wanted: Wanted, width: int = WIDTH) -> Parts:
    """A stretch of `text` around the wanted words, marked, with … where it was cut; empty
    when none of them is in the text."""
    text = " ".join(text[:SCAN_LIMIT].split())
    spans = _spans(text, wanted) if wanted else []
    if not spans:
        return []
    start, end = _window(text, spans, width)
    parts = _parts(text, spans, start, end)
    if start > 0:
        parts.insert(0, ("…", False))
    if end < len(text):
        parts.append(("…", False))
    return parts
