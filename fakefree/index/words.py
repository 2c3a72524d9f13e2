"""Words: folding text for matching, and a compiled matcher for many terms at once.

Term syntax (the same everywhere in config/taxonomy.toml):
- a term matches whole words only, case ignored and accents folded ("Contrefaçon" = "contrefacon");
- a word ending in `*` matches any word starting with it ("counterfeit*" matches "counterfeiting");
- a term of several words matches those words in sequence, whatever spaces or punctuation separate
  them in the text ("trade-secret" and "trade secret" are the same term).

At one place in the text the longest term wins, and matching resumes after it: this is how a
longer phrase ("counterfeit currency") hides the shorter term inside it ("counterfeit").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}
_LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"}  # not split by NFKD
_REPLACED = {**_APOSTROPHES, **_LETTERS}
_REPLACEABLE = re.compile("[" + "".join(_REPLACED) + "]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_SEPARATORS = re.compile(r"(?:[^\w']|_|'{2,})+")
_WILDCARD = "*"  # never present in folded text, so it can stand for "rest of the word" in a trie
_CACHE_LIMIT = 200_000


def fold(text: str) -> str:
    """Lower-case, accent-free text with one space between words (apostrophes kept as ')."""
    text = _REPLACEABLE.sub(lambda match: _REPLACED[match.group()], text.casefold())
    if not text.isascii():  # most English releases skip the costly part
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _SEPARATORS.sub(" ", text).strip(" ")


class TermHit(NamedTuple):
    phrase: str  # the folded words as they appear in the text
    keys: tuple[str, ...]  # every key owning a term that matches exactly this phrase
    start: int
    end: int


def parse_term(term: str) -> str:
    """A term in matcher form: folded words joined by one space, `*` kept after prefix words."""
    words = []
    for raw in term.split():
        stem = raw.removesuffix(_WILDCARD)
        folded = fold(stem)
        if _WILDCARD in stem or not folded:
            raise ValueError(f"term {term!r}: `*` may only end a word, after at least a letter")
        words.append(folded + _WILDCARD * (stem != raw))
    if not words:
        raise ValueError("empty term")
    return " ".join(words)


def pattern_source(terms: Iterable[str]) -> str:
    """The regular expression (without word boundaries) matching any of the parsed terms."""
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_source(trie) if trie else "(?!)"


def _trie_source(node: dict) -> str:
    literals = sorted(k for k in node if k and k != _WILDCARD)
    branches = [re.escape(k) + _trie_source(node[k]) for k in literals]
    if _WILDCARD in node:  # after the literals, so a longer literal phrase is tried first
        branches.append(r"\w*" + _trie_source(node[_WILDCARD]))
    if not branches:
        return ""
    joined = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{joined})?" if len(branches) > 1 or len(joined) > 1 else joined + "?"
    return joined


def word_regex(terms: Iterable[str]) -> re.Pattern[str]:
    """Whole-word regular expression for parsed terms; the longest term at a place wins."""
    return re.compile(rf"(?<!\w)(?:{pattern_source(terms)})(?!\w)")


class TermMatcher:
    """Finds the terms of many keys in folded text with one compiled regular expression.

    `terms` maps a key (a sector id, a country code ...) to its terms in the syntax above.
    """

    def __init__(self, terms: Mapping[str, Iterable[str]]) -> None:
        self._exact: dict[str, set[str]] = {}
        prefix_terms: list[tuple[str, str]] = []
        for key, key_terms in terms.items():
            for parsed in map(parse_term, key_terms):
                if _WILDCARD in parsed:
                    prefix_terms.append((parsed, key))
                else:
                    self._exact.setdefault(parsed, set()).add(key)
        self._regex = word_regex([*self._exact, *(parsed for parsed, _ in prefix_terms)])
        self._prefix = [(re.compile(pattern_source([p])), key) for p, key in prefix_terms]
        self._resolved: dict[str, tuple[str, ...]] = {}

    def finditer(self, folded: str) -> Iterator[TermHit]:
        """Every match in `folded` (text already passed through `fold`), in order."""
        for match in self._regex.finditer(folded):
            phrase = match.group()
            yield TermHit(phrase, self._keys_for(phrase), match.start(), match.end())

    def find(self, folded: str) -> dict[str, list[str]]:
        """Each key found → its distinct matched phrases, in order of first appearance."""
        found: dict[str, list[str]] = {}
        for hit in self.finditer(folded):
            for key in hit.keys:
                phrases = found.setdefault(key, [])
                if hit.phrase not in phrases:
                    phrases.append(hit.phrase)
        return found

    def _keys_for(self, phrase: str) -> tuple[str, ...]:
        keys = self._resolved.get(phrase)
        if keys is None:
            found = set(self._exact.get(phrase, ()))
            found.update(key for regex, key in self._prefix if regex.fullmatch(phrase))
            keys = tuple(sorted(found))
            if len(self._resolved) > _CACHE_LIMIT:
                self._resolved.clear()
            self._resolved[phrase] = keys
        return keys
