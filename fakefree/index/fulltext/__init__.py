"""Full-text search: the only package that imports Whoosh, so replacing the search engine
touches nothing else.

    analysis   how text becomes terms per language (stemming, accents), the index's schema
    merging    merge policies: which segments a commit merges (tiered; busy, for bursts)
    querylang  the query syntax users write, parsed into Whoosh queries, with clear errors
    searching  the index on disk: sync from the store, search with filters, facets and counts
"""

from fakefree.index.fulltext.analysis import (
    FACET_FIELDS,
    LANGUAGES,
    WORD_PATTERN,
    _french_stem,
    analyze_word,
    fold,
    make_schema,
)
from fakefree.index.fulltext.merging import busy_merge, tiered_merge
from fakefree.index.fulltext.querylang import MAX_QUERY_LENGTH, QUERY_PREFIXES
from fakefree.index.fulltext.searching import (
    SYNC_BATCH,
    SearchIndex,
    SearchQuery,
    SearchResult,
    open_index,
)
from fakefree.index.query_errors import QueryError

__all__ = [
    "FACET_FIELDS", "LANGUAGES", "MAX_QUERY_LENGTH", "QUERY_PREFIXES", "SYNC_BATCH", "WORD_PATTERN",
    "QueryError", "SearchIndex", "SearchQuery", "SearchResult", "analyze_word", "fold",
    "busy_merge", "make_schema", "open_index", "tiered_merge",
    "_french_stem",  # indexes on disk pickled their schema naming it here: keep it importable
]  # fmt: skip
