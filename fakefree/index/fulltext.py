"""Full-text search: the only module that imports Whoosh.

The index is derived from the store. `sync` indexes every article whose `rev` is above the last
one indexed (kept in a small file written after each commit), so a crash at any moment is
repaired by the next sync; `rebuild` makes a new index beside the old one and swaps it in.
Writers take an OS file lock, so the crawler and the site never meet Whoosh's LockError.
"""

from __future__ import annotations

import fcntl
import logging
import math
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.qparser import MultifieldParser
from whoosh.query import And, NullQuery, Or, Term
from whoosh.support.charset import accent_map
from whoosh.writing import IndexingError

from fakefree.index.docsets import DocSets, bitset
from fakefree.index.documents import Article
from fakefree.index.store import Store

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr", "es")
FACET_FIELDS = ("countries", "sectors", "ip_types", "actions", "language", "source_id")
_MULTI = ("countries", "sectors", "ip_types", "actions")
_TEXT_FIELDS = tuple(f"{part}_{lang}" for lang in LANGUAGES for part in ("title", "body"))
_BOOSTS = {f: (2.0 if f.startswith("title") else 1.0) for f in _TEXT_FIELDS}
MAX_QUERY_LENGTH = 500
SYNC_BATCH = 5000


class QueryError(ValueError):
    """A query that cannot be run; the message is fit to show the user."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"  # or "date"


@dataclass(frozen=True)
class SearchResult:
    total: int
    ids: list[int]
    facets: dict[str, list[tuple[str, int]]]
    page: int
    per_page: int
    pages: int


def _french_stem(word: str, _stem=stemmer_for_language("fr")) -> str:  # noqa: B008
    """Snowball French after dropping a plural s/x: Snowball alone stems "contrefait" to
    "contref" but "contrefaits" to "contrefait", so singular and plural would not meet."""
    if len(word) > 4 and word[-1] in "sx":
        word = word[:-1]
    return _stem(word)


def _analyzer(lang: str):  # noqa: ANN202 (a Whoosh analyzer chain)
    """Words, lower case, the language's stop words and stemmer, then accents folded."""
    stem = StemFilter(stemfn=_french_stem) if lang == "fr" else StemFilter(lang=lang)
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(lang=lang)
        | stem
        | CharsetFilter(accent_map)
    )


def make_schema() -> Schema:
    text_fields = {
        f"{part}_{lang}": TEXT(analyzer=_analyzer(lang), phrase=True, field_boost=1.0)
        for lang in LANGUAGES
        for part in ("title", "body")
    }
    return Schema(
        id=ID(stored=True, unique=True),
        language=ID,
        source_id=ID,
        published=DATETIME(sortable=True),
        **{name: KEYWORD(commas=True) for name in _MULTI},
        **text_fields,
    )


def _document(article: Article) -> dict:
    lang = article.language if article.language in LANGUAGES else "en"
    doc = {
        "id": str(article.id),
        "language": lang,
        "source_id": article.source_id,
        f"title_{lang}": article.title,
        f"body_{lang}": f"{article.summary}\n{article.body_text}",
        **{name: ",".join(getattr(article, name)) for name in _MULTI},
    }
    if article.published_at is not None:
        doc["published"] = article.published_at.replace(tzinfo=None)
    return doc


class SearchIndex:
    """The Whoosh index under `path`; one instance per process keeps one searcher open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock_path = path.parent / f"{path.name}.lock"
        self._rev_path = path / "synced_rev"
        self._searcher = None
        self._docsets: DocSets | None = None
        self._mutex = threading.Lock()
        self._ix = self._open_or_create()

    def _open_or_create(self):  # noqa: ANN202
        self.path.mkdir(parents=True, exist_ok=True)
        if windex.exists_in(str(self.path)):
            return windex.open_dir(str(self.path))
        with self._write_lock():
            if windex.exists_in(str(self.path)):
                return windex.open_dir(str(self.path))
            return windex.create_in(str(self.path), make_schema())

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer at a time across processes (blocks until the lock is free)."""
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # --- writing ------------------------------------------------------------------------------

    def synced_rev(self) -> int:
        try:
            return int(self._rev_path.read_text().strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _set_synced_rev(self, rev: int) -> None:
        tmp = self._rev_path.with_suffix(".tmp")
        tmp.write_text(str(rev))
        os.replace(tmp, self._rev_path)

    def sync(self, store: Store) -> int:
        """Index what the store changed since the last sync; returns the number of changes."""
        with self._write_lock():
            self._ix = windex.open_dir(str(self.path))
            return self._apply_changes(store, self.synced_rev())

    def _apply_changes(self, store: Store, since: int) -> int:
        done = 0
        while changes := store.changes_since(since, limit=SYNC_BATCH):
            writer = self._ix.writer(limitmb=256)
            try:
                # One deletion query per batch: update_document would open a searcher over
                # every segment for each document (30 ms each at 100k articles).
                writer.delete_by_query(Or([Term("id", str(a.id)) for a in changes]))
                for article in changes:
                    if article.is_relevant:
                        writer.add_document(**_document(article))
            except (IndexingError, ValueError):
                writer.cancel()
                raise
            writer.commit()
            since = changes[-1].rev
            self._set_synced_rev(since)
            done += len(changes)
        return done

    def rebuild(self, store: Store) -> int:
        """Build a fresh index from the store beside this one, then swap it in."""
        with self._write_lock():
            fresh = self.path.with_name(self.path.name + ".new")
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir(parents=True)
            builder = SearchIndex.__new__(SearchIndex)
            builder.path, builder._rev_path = fresh, fresh / "synced_rev"
            builder._ix = windex.create_in(str(fresh), make_schema())
            count = builder._apply_changes(store, 0)
            old = self.path.with_name(self.path.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.path, old)
            os.replace(fresh, self.path)
            shutil.rmtree(old, ignore_errors=True)
            self._ix = windex.open_dir(str(self.path))
            with self._mutex:
                self._searcher = None
                self._docsets = None
            return count

    # --- reading ------------------------------------------------------------------------------

    def _current(self) -> tuple[Any, DocSets]:
        """The searcher and its document sets, both renewed when the index has changed."""
        with self._mutex:
            if self._searcher is None:
                self._ix = windex.open_dir(str(self.path))
                self._searcher = self._ix.searcher()
                self._docsets = None
            elif not self._searcher.up_to_date():
                try:
                    self._searcher = self._searcher.refresh()
                except FileNotFoundError:  # the index was swapped by a rebuild
                    self._ix = windex.open_dir(str(self.path))
                    self._searcher = self._ix.searcher()
                self._docsets = None
            if self._docsets is None:
                self._docsets = _docsets(self._searcher)
            return self._searcher, self._docsets

    def doc_count(self) -> int:
        return self._current()[0].doc_count()

    def search(self, query: SearchQuery) -> SearchResult:
        """Run a query with facet filters; raises QueryError for a query that cannot run."""
        parsed = self._parse(query.text)
        for name in query.filters:
            if name not in FACET_FIELDS:
                raise QueryError(f"Unknown filter {name!r}.")
        filters = {k: tuple(v for v in vs if v) for k, vs in query.filters.items()}
        filters = {k: vs for k, vs in filters.items() if vs}
        searcher, docsets = self._current()
        page, per_page = max(1, query.page), query.per_page
        start = (page - 1) * per_page
        matched = docsets.matching(filters)
        if parsed is not None and query.sort == "date":
            matched &= bitset(searcher.docs_for_query(parsed), docsets.size)
        if parsed is None or query.sort == "date":
            docnums = docsets.page_by_date(matched, start, per_page)
        else:
            # Whoosh scores every match even for a top-N (block skipping rarely applies to our
            # multi-field queries), so take them all: the facet counts need the whole set anyway.
            results = searcher.search(parsed, limit=None, filter=_filter(filters))
            matched = bitset(results.docs(), docsets.size)
            docnums = [results.docnum(i) for i in range(start, min(start + per_page, len(results)))]
        ids = [int(searcher.stored_fields(d)["id"]) for d in docnums]
        total = matched.bit_count()
        pages = max(1, math.ceil(total / per_page))
        return SearchResult(total, ids, docsets.counts(matched), page, per_page, pages)

    def _parse(self, text: str) -> Any:
        text = text.strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise QueryError(f"The query is too long (over {MAX_QUERY_LENGTH} characters).")
        if not text:
            return None  # no words: every document, filtered
        parser = MultifieldParser(list(_TEXT_FIELDS), self._ix.schema, fieldboosts=_BOOSTS)
        if text.count('"') % 2:
            raise QueryError('A quotation mark is not closed: phrases go "between quotes".')
        try:
            parsed = parser.parse(text)
        except Exception as exc:  # Whoosh raises many kinds on odd syntax
            raise QueryError(f"The query could not be understood ({exc}).") from exc
        if parsed is None or parsed is NullQuery:
            raise QueryError("The query has no word to search for.")
        return parsed


def _filter(filters: Mapping[str, tuple[str, ...]]) -> Any:
    parts = [Or([Term(name, v) for v in values]) for name, values in filters.items()]
    return And(parts) if parts else None


def _docsets(searcher: Any) -> DocSets:
    """Read the facet fields' postings and the date order of the live documents."""
    reader = searcher.reader()
    live = list(reader.all_doc_ids())
    postings = {
        name: {
            term.decode("utf-8"): reader.postings(name, term).all_ids()
            for term in reader.lexicon(name)
        }
        for name in FACET_FIELDS
    }
    if not live or not reader.has_column("published"):  # an empty index has no columns
        return DocSets(postings, live, live, reader.doc_count_all())
    dates = reader.column_reader("published")
    newest_first = sorted(live, key=lambda d: dates[d] or 0, reverse=True)
    return DocSets(postings, live, newest_first, reader.doc_count_all())


_INDEXES: dict[Path, SearchIndex] = {}
_INDEXES_LOCK = threading.Lock()


def open_index(path: Path) -> SearchIndex:
    """The process-wide SearchIndex for `path` (its searcher refreshes when the index changes)."""
    with _INDEXES_LOCK:
        if path not in _INDEXES:
            _INDEXES[path] = SearchIndex(path)
        return _INDEXES[path]
