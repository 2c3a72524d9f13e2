"""The query language: words, "phrases", AND/OR/NOT, -word, (groups), word*, field prefixes.

Whoosh's parser with a chosen set of plugins: public field prefixes (title:, body:, country:,
year: ...) become the index's own fields, any other prefix is an error that names the known ones,
and what would be silently odd or slow (a leading wildcard, an unclosed quote) is refused with a
message fit to show the user (QueryError, translated by the site).
"""

from __future__ import annotations

import copy
import logging
import os
import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from whoosh.qparser import MultifieldParser, plugins, syntax
from whoosh.qparser.taggers import FnTagger
from whoosh.query import AndNot, DateRange, Not, NullQuery, Phrase, Prefix, Query, Term

from fakefree.index.fulltext.analysis import (
    BOOSTS,
    LANGUAGES,
    TEXT_FIELDS,
    analyze_word,
    fold,
    make_schema,
)
from fakefree.index.query_errors import N_, QueryError

log = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 500


MAX_PREFIXES = 5  # word* expands to every matching term: a few per query at most


# Field prefixes in the query text: words in a part of the text, or a facet value.
TEXT_PREFIXES = {"title": "title", "body": "body", "text": "body"}


FACET_PREFIXES = {"country": "countries", "sector": "sectors", "ip_type": "ip_types",
                  "action": "actions", "agency": "source_id", "language": "language"}  # fmt: skip


QUERY_PREFIXES = (*TEXT_PREFIXES, *FACET_PREFIXES, "year")


_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


_URL_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)  # a pasted link is words, not a field


_BAD_STAR = re.compile(r"(?<!\w\w\w)\*|\*(?=[\w*])")


def _clean(text: str) -> str:
    """Typographic quotes as straight ones; control characters and link schemes as spaces."""
    return _URL_SCHEME.sub(" ", _CONTROL.sub(" ", text.translate(_QUOTES))).strip()


def _check_syntax(text: str) -> None:
    """What Whoosh would accept silently but the user did not mean, or what costs too much."""
    if text.count('"') % 2:
        raise QueryError(N_('A quotation mark is not closed: phrases go "between quotes".'))
    outside = text.split('"')[::2]  # the parts outside phrases
    if any(_BAD_STAR.search(part) for part in outside):
        raise QueryError(
            N_("A * can only end a word of 3 letters or more (for example counterf*).")
        )
    if sum(part.count("*") for part in outside) > MAX_PREFIXES:
        raise QueryError(N_("Use at most %(max)s words ending in *."), max=MAX_PREFIXES)


def correct_word(searcher: Any, word: str) -> str | None:
    """A word the index knows near `word` (the most frequent within 2 edits), in the form the
    user typed it when the index term is its stem; None if `word` is known or nothing is near."""
    candidates = []
    for lang in LANGUAGES:
        term = analyze_word(word, lang)
        if term is None or len(term) < 4:
            return None
        body = f"body_{lang}"
        if searcher.doc_frequency(body, term) or searcher.doc_frequency(f"title_{lang}", term):
            return None
        for found in searcher.suggest(body, term, limit=1, maxdist=2, prefix=1):
            candidates.append((searcher.doc_frequency(body, found), found, term, lang))
    if not candidates:
        return None
    _, found, term, lang = max(candidates)
    lowered = fold(word)
    same = len(os.path.commonprefix([term, lowered]))
    cut = len(term) - same  # letters the stemmer changed at the end (luxery -> luxeri)
    surface = found[: len(found) - cut] + lowered[same:]
    for candidate in (surface, found):  # only a word that finds what the suggestion counted
        if analyze_word(candidate, lang) == found:
            return candidate
    return None


class _Prebuilt(syntax.SyntaxNode):
    """A node whose query is already made: a facet value or a year written in the query."""

    def __init__(self, query: Query, node: Any) -> None:
        self.q = query
        self.startchar, self.endchar = node.startchar, node.endchar

    def r(self) -> str:
        return repr(self.q)

    def query(self, parser: Any) -> Query:  # noqa: ARG002
        return self.q


class _PrefixNode(syntax.TextNode):
    """word*: every term of the field that starts with the folded word (no stemming)."""

    def query(self, parser: Any) -> Query:  # noqa: ARG002
        return Prefix(self.fieldname, fold(self.text))


class _PrefixPlugin(plugins.TaggingPlugin):
    expr = r"(?P<text>\w{3,})\*(?=\s|\)|$)"
    nodetype = _PrefixNode


class _Minus(syntax.MarkerNode):
    pass


class _FieldsAndMinusPlugin(plugins.Plugin):
    """Public field prefixes (title:, country:mx, year:2025 ...) to the index's fields, an
    error for any other prefix, and -word as NOT word. Runs after the fields filter (100) and
    before the one that spreads plain words over every text field (110)."""

    def taggers(self, parser: Any) -> list:  # noqa: ARG002
        return [(FnTagger(r"(?:(?<=[\s(])|^)-(?=[\w\"(])", _Minus, "minus"), 0)]

    def filters(self, parser: Any) -> list:  # noqa: ARG002
        return [(self.do_fields, 105)]

    def do_fields(self, parser: Any, group: Any) -> Any:
        out, negate = group.empty_copy(), False
        for node in group:
            if isinstance(node, _Minus):
                negate = True
                continue
            node = self.do_fields(parser, node) if isinstance(node, syntax.GroupNode) else node
            node = _fielded(node)
            out.append(syntax.NotGroup([node]) if negate else node)
            negate = False
        return out


_DANGLING = re.compile(r"([A-Za-z_]+):")


def _fielded(node: Any) -> Any:
    """A node with a public field prefix, as nodes over the index's own fields."""
    dangling = isinstance(node, syntax.WordNode) and node.fieldname is None
    if dangling and (found := _DANGLING.fullmatch(node.text)):  # "country:" and nothing after
        name = _known_prefix(found[1])
        raise QueryError(
            N_("Put a value right after %(field)s: (for example %(example)s)."),
            field=name, example=_EXAMPLES.get(name, f"{name}:word"),
        )  # fmt: skip
    if not node.has_fieldname or node.fieldname is None:
        return node
    name = _known_prefix(node.fieldname)
    if name in TEXT_PREFIXES:
        copies = []
        for lang in LANGUAGES:
            copy_ = copy.copy(node)
            copy_.set_fieldname(f"{TEXT_PREFIXES[name]}_{lang}", override=True)
            copies.append(copy_)
        return syntax.OrGroup(copies)
    value = getattr(node, "text", "").strip()
    if name == "year":
        if not (value.isdigit() and len(value) == 4):
            raise QueryError(N_("year: takes a year such as 2025, not %(value)s."),
                             value=repr(value[:20]))  # fmt: skip
        year = int(value)
        span = DateRange("published", datetime(year, 1, 1), datetime(year + 1, 1, 1), endexcl=True)
        return _Prebuilt(span, node)
    field_name = FACET_PREFIXES[name]
    return _Prebuilt(
        Term(field_name, value.upper() if field_name == "countries" else value.lower()), node
    )


_EXAMPLES = {"title": "title:airbags", "body": "body:warehouse", "text": "text:warehouse",
             "country": "country:mx", "sector": "sector:pharma", "ip_type": "ip_type:piracy",
             "action": "action:seizure", "agency": "agency:us-doj", "language": "language:fr",
             "year": "year:2025"}  # fmt: skip


def _known_prefix(name: str) -> str:
    name = name.lower()
    if name not in QUERY_PREFIXES:
        raise QueryError(
            N_("Unknown field %(field)s; use %(known)s."),
            field=repr(name), known=", ".join(f"{p}:" for p in QUERY_PREFIXES),
        )  # fmt: skip
    return name


@lru_cache(maxsize=1)
def _parser() -> MultifieldParser:
    """Words over every text field (all required), "phrases", AND/OR/NOT (upper case), -word,
    (groups), field prefixes and word*; no ranges, boosts, fuzzy or leading wildcards."""
    parser = MultifieldParser(list(TEXT_FIELDS), make_schema(), fieldboosts=BOOSTS)
    for plugin in (plugins.FieldsPlugin, plugins.WildcardPlugin, plugins.RangePlugin,
                   plugins.EveryPlugin, plugins.SingleQuotePlugin, plugins.BoostPlugin):  # fmt: skip
        parser.remove_plugin_class(plugin)
    parser.add_plugin(plugins.FieldsPlugin(expr=r"(?P<text>[A-Za-z_]+):", remove_unknown=False))
    parser.add_plugin(_PrefixPlugin())
    parser.add_plugin(_FieldsAndMinusPlugin())
    return parser


def match_terms(parsed: Query) -> dict[str, frozenset[str]]:
    """Text field -> terms the query looks for there (not those it excludes)."""
    found: dict[str, set[str]] = {}

    def walk(q: Query) -> None:
        if isinstance(q, Not):
            return
        if isinstance(q, AndNot):
            walk(q.a)
            return
        if isinstance(q, Prefix) and q.fieldname in BOOSTS:
            found.setdefault(q.fieldname, set()).add(q.text + "*")
        elif isinstance(q, Term) and q.fieldname in BOOSTS:
            found.setdefault(q.fieldname, set()).add(q.text)
        elif isinstance(q, Phrase) and q.fieldname in BOOSTS:
            found.setdefault(q.fieldname, set()).update(q.words)
        for child in q.children():
            walk(child)

    walk(parsed)
    return {name: frozenset(terms) for name, terms in found.items()}


def parse_text(text: str) -> Any:
    """The query for `text`, None when it has no words; QueryError when it cannot run."""
    text = _clean(text)
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            N_("The query is too long (over %(max)s characters)."), max=MAX_QUERY_LENGTH
        )
    if not text:
        return None  # no words: every document, filtered
    _check_syntax(text)
    try:
        parsed = _parser().parse(text)
    except QueryError:
        raise
    except Exception as exc:  # Whoosh raises many kinds on odd syntax
        log.info("query not understood: %r (%s)", text, exc)
        raise QueryError(N_("The query could not be understood.")) from exc
    if parsed is None or parsed is NullQuery or getattr(parsed, "error", None):
        raise QueryError(N_("The query has no word to search for."))
    if isinstance(parsed, Not):
        raise QueryError(N_("NOT needs something to leave out from: add words before it."))
    return parsed
