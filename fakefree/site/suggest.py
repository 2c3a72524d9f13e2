"""What to relax when a search finds nothing: each way out with the number it would give.

Tried in this order, at most MAX_TRIES counts (counts only: no scoring, no facets): a spelling
correction of unknown words, each filter value removed alone, the date range removed, and any of
the words instead of all of them. Only the ways that find something are offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .db import get_search_index
from .queries import SearchParams

MAX_TRIES = 6
_PLAIN_WORDS = re.compile(r"[\w'’ -]+")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # spelling | filter | period | any_word
    args: dict[str, Any]  # url_for arguments of the relaxed search
    count: int
    field: str = ""  # for "filter": the facet field and value removed
    value: str = ""
    text: str = ""  # for "spelling" and "any_word": the new words


def _plain_words(text: str) -> list[str]:
    """The words of a query without syntax (no quotes, prefixes or operators), else []."""
    if not _PLAIN_WORDS.fullmatch(text):
        return []
    words = text.split()
    return [] if any(w in _OPERATORS or w.startswith("-") for w in words) else words


def _candidates(params: SearchParams) -> list[tuple[Suggestion, SearchParams]]:
    out = []
    words = _plain_words(params.text)
    if words and (better := get_search_index().correct(" ".join(words))):
        relaxed = replace(params, text=better, page=1)
        out.append((Suggestion("spelling", relaxed.url_args(), 0, text=better), relaxed))
    for field, values in sorted(params.filters.items()):
        for value in values:
            kept = tuple(v for v in values if v != value)
            filters = {k: v for k, v in params.filters.items() if k != field}
            relaxed = replace(params, filters={**filters, **({field: kept} if kept else {})})
            args = params.toggled(field, value)
            out.append((Suggestion("filter", args, 0, field=field, value=value), relaxed))
    if params.has_period:
        relaxed = replace(params, date_from="", date_to="", page=1)
        out.append((Suggestion("period", params.with_period(None, None), 0), relaxed))
    if len(words) > 1:
        relaxed = replace(params, text=" OR ".join(words), page=1)
        out.append((Suggestion("any_word", relaxed.url_args(), 0, text=relaxed.text), relaxed))
    return out


def suggestions(params: SearchParams) -> list[Suggestion]:
    """Ways to relax a search that found nothing, each with how many releases it finds."""
    tries = _candidates(params)[:MAX_TRIES]
    counts = get_search_index().count_many([relaxed.to_query(1) for _, relaxed in tries])
    return [replace(s, count=n) for (s, _), n in zip(tries, counts, strict=True) if n]
