"""The index on disk: writing it from the store (sync, rebuild) and searching it.

The index is derived from the store. `sync` indexes every article whose `rev` is above the last
one indexed (kept in a small file written after each commit), so a crash at any moment is
repaired by the next sync; `rebuild` makes a new index beside the old one and swaps it in.
Writers take an OS file lock, so the crawler and the site never meet Whoosh's LockError.
Facet filters, date ranges and facet counts are bitsets (index/docsets.py); Whoosh scores.

Merging: each sync's commit applies a merge policy (merging.py: tiered_merge by default;
busy_merge while a burst of releases goes on, with `merge_step` catching up in idle time).
`rebuild` (`fakefree reindex`)
writes one optimized segment; `optimize` merges everything on demand. The worker does not
optimize after a crawl round: at 100k articles that rewrites the whole index (about a minute)
while holding the write lock that the site's approvals wait for.
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.idsets import DocIdSet
from whoosh.query import And, DateRange, Or, Term
from whoosh.writing import NO_MERGE

from fakefree.index.docsets import DocSets, bitset
from fakefree.index.fulltext.analysis import FACET_FIELDS, document, make_schema
from fakefree.index.fulltext.merging import tiered_choice, tiered_merge
from fakefree.index.fulltext.querylang import correct_word, match_terms, parse_text
from fakefree.index.query_errors import N_, QueryError
from fakefree.index.store import Store

log = logging.getLogger(__name__)


def _remember_missing_columns() -> None:
    """Make Whoosh's per-document reader remember that a field has no length column.

    Writing a segment asks the length of every posting's field; for fields without lengths
    (ids, facets) Whoosh's reader asked the storage whether the column file exists each time:
    a third of a commit's flush (2 s in 20 at 100k articles). A finished segment's files never
    change, so the answer can be kept with the reader."""
    from whoosh.codec.whoosh3 import W3PerDocReader

    if getattr(W3PerDocReader, "_fakefree_patched", False):
        return
    original = W3PerDocReader._cached_reader
    missing = object()

    def cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        found = self._readers.get(fieldname, missing)
        if found is not missing:
            return found
        reader = original(self, fieldname, column)
        if reader is None:
            self._readers[fieldname] = None
        return reader

    W3PerDocReader._cached_reader = cached_reader
    W3PerDocReader._fakefree_patched = True


_remember_missing_columns()


SYNC_BATCH = 5000


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"  # or "date"
    published_from: date | None = None  # inclusive days
    published_to: date | None = None


@dataclass(frozen=True)
class SearchResult:
    total: int
    ids: list[int]
    facets: dict[str, list[tuple[str, int]]]  # also "year", newest first
    page: int
    per_page: int
    pages: int
    # Text field (title_fr, ...) -> the analysed terms the query looks for there ("word*" for a
    # prefix), to mark them in the hits shown (snippets.py); words under NOT are left out.
    terms: Mapping[str, frozenset[str]] = field(default_factory=dict)


class SearchIndex:
    """The Whoosh index under `path`; one instance per process keeps one searcher open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock_path = path.parent / f"{path.name}.lock"
        self._rev_path = path / "synced_rev"
        self._bound_path = path / "id_bound"
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

    def _id_bound(self, store: Store) -> int:
        """An article id at or above every id the index may hold: the store never deletes an
        article nor reuses its id, so an article above it is new to the index and needs no
        deletion. Written before each commit (an over-estimate is harmless); an index without
        the file (from before it existed) takes the store's highest id."""
        try:
            return int(self._bound_path.read_text().strip())
        except (FileNotFoundError, ValueError):
            (top,) = store.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()
            return int(top)

    def _set_id_bound(self, bound: int) -> None:
        tmp = self._bound_path.with_suffix(".tmp")
        tmp.write_text(str(bound))
        os.replace(tmp, self._bound_path)

    def sync(self, store: Store, mergetype: Any = tiered_merge) -> int:
        """Index what the store had changed, when the sync began, since the last sync; returns
        the number of changes. What arrives meanwhile waits for the next sync, so a caller that
        syncs on a rhythm (the indexer) decides how big its batches grow. `mergetype`:
        tiered_merge, or busy_merge to leave merging to idle time."""
        with self._write_lock():
            self._ix = windex.open_dir(str(self.path))
            return self._apply_changes(store, self.synced_rev(), mergetype, store.max_rev())

    def merge_step(self) -> bool:
        """One merge of tiered_merge's, with no new document (for idle time, after syncs that
        left merging to it); False when there is nothing to merge."""
        with self._write_lock():
            self._ix = windex.open_dir(str(self.path))
            if not tiered_choice(self._ix._segments()):
                return False
            writer = self._ix.writer(limitmb=256)
            try:
                writer.commit(mergetype=tiered_merge)
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise
            return True

    def _apply_changes(
        self, store: Store, since: int, mergetype: Any = tiered_merge, until: int | None = None
    ) -> int:
        done = 0
        while changes := store.changes_since(since, limit=SYNC_BATCH, until=until):
            bound = self._id_bound(store)
            seen = [a.id for a in changes if a.id <= bound]
            self._set_id_bound(max(bound, *(a.id for a in changes)))  # before the commit
            writer = self._ix.writer(limitmb=256)
            try:
                # One deletion query per batch (update_document would open a searcher over
                # every segment for each document, 30 ms each at 100k articles), and none for
                # a batch of new articles: its searcher alone costs 0.15 s at 100k.
                if seen:
                    writer.delete_by_query(Or([Term("id", str(i)) for i in seen]))
                for article in changes:
                    if article.is_relevant:
                        writer.add_document(**document(article))
                writer.commit(mergetype=mergetype)
            except BaseException:  # any failure (disk full, ...): never leave Whoosh's lock held
                if not writer.is_closed:
                    writer.cancel()
                raise
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
            builder._bound_path = fresh / "id_bound"
            builder._ix = windex.create_in(str(fresh), make_schema())
            count = builder._build(store)
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

    def _build(self, store: Store) -> int:
        """Index every article into this fresh index with one writer and one commit: one
        segment, the fastest to search, without the rewrite that merging batches would cost
        (Whoosh merges at about the speed it indexes). The writer spills to disk past limitmb."""
        done, since = 0, 0
        writer = self._ix.writer(limitmb=256)
        try:
            while changes := store.changes_since(since, limit=SYNC_BATCH):
                for article in changes:
                    if article.is_relevant:
                        writer.add_document(**document(article))
                since, done = changes[-1].rev, done + len(changes)
            bound = store.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
            self._set_id_bound(int(bound))  # at least every id indexed above
            writer.commit(mergetype=NO_MERGE)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        self._set_synced_rev(since)
        return done

    def optimize(self) -> int:
        """Merge every segment into one (searches are fastest on one segment; the cost is a
        rewrite of the whole index, so this is for idle time). Returns the segments there were."""
        with self._write_lock():
            self._ix = windex.open_dir(str(self.path))
            before = len(self._ix._segments())
            if before > 1:
                self._ix.optimize()
            return before

    def merge_due(self) -> bool:
        """Whether tiered_merge would merge something now (busy syncs may have left it)."""
        return bool(tiered_choice(windex.open_dir(str(self.path))._segments()))

    def segment_count(self) -> int:
        """How many segments the index on disk has (each costs every search a little)."""
        return len(windex.open_dir(str(self.path))._segments())

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
                except Exception:  # noqa: BLE001
                    # A rebuild swapped the index (FileNotFoundError), or a writer's merge deleted
                    # a segment mid-refresh and Whoosh's retry closed our readers twice
                    # (ReaderClosed, then on every later refresh: a 500 per search, found by
                    # tests/stress). Either way the old searcher is unusable: open a fresh one.
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
        searcher, docsets = self._current()
        mask, narrowed = _mask(docsets, query)
        parsed, mask, hoisted = _hoist(parse_text(query.text), docsets, mask)
        narrowed |= hoisted
        page, per_page = max(1, query.page), query.per_page
        start = (page - 1) * per_page
        if parsed is not None and query.sort == "date" and mask:
            mask &= self._documents(searcher, docsets, parsed)
        if parsed is None or query.sort == "date" or not mask:
            matched, docnums = mask, docsets.page_by_date(mask, start, per_page)
        else:
            # Whoosh scores every match even for a top-N (block skipping rarely applies to our
            # multi-field queries), so take them all: the facet counts need the whole set anyway.
            allow = _BitFilter(mask, docsets.size) if narrowed else None
            results = searcher.search(parsed, limit=None, filter=allow)
            matched = bitset(results.docs(), docsets.size)
            docnums = [results.docnum(i) for i in range(start, min(start + per_page, len(results)))]
        ids = [int(searcher.stored_fields(d)["id"]) for d in docnums]
        total = matched.bit_count()
        pages = max(1, math.ceil(total / per_page))
        terms = match_terms(parsed) if parsed is not None else {}
        return SearchResult(total, ids, docsets.counts(matched), page, per_page, pages, terms)

    def count(self, query: SearchQuery) -> int:
        """How many documents a query matches, without scoring, facets or a page."""
        return self.count_many([query])[0]

    def count_many(self, queries: list[SearchQuery]) -> list[int]:
        """Counts of several queries, each set of words looked up once (relaxed variants of one
        search share their words: only the filters change)."""
        searcher, docsets = self._current()
        parsed_texts: dict[str, Any] = {}
        counts = []
        for query in queries:
            if query.text not in parsed_texts:
                parsed_texts[query.text] = parse_text(query.text)
            mask, _ = _mask(docsets, query)
            parsed, mask, _ = _hoist(parsed_texts[query.text], docsets, mask)
            if parsed is not None and mask:
                mask &= self._documents(searcher, docsets, parsed)
            counts.append(mask.bit_count())
        return counts

    def _documents(self, searcher: Any, docsets: DocSets, parsed: Any) -> int:
        """Every document a query matches (no scoring), kept for the few latest queries of this
        index generation: a search by date and the counts of what to relax share them."""
        return docsets.remember(
            repr(parsed), lambda: bitset(searcher.docs_for_query(parsed), docsets.size)
        )

    def correct(self, text: str) -> str | None:
        """The query's plain words with unknown ones replaced by the nearest known word in any
        language ("Did you mean ...?"); None when no word is unknown or nothing is near."""
        searcher, _ = self._current()
        out, changed = [], False
        for word in text.split()[:8]:
            better = correct_word(searcher, word) if word.isalpha() else None
            out.append(better or word)
            changed |= better is not None
        return " ".join(out) if changed else None


def _mask(docsets: DocSets, query: SearchQuery) -> tuple[int, bool]:
    """The documents the filters and the date range allow, and whether any of them is set."""
    filters = {}
    for name, values in query.filters.items():
        if name not in FACET_FIELDS:
            raise QueryError(N_("Unknown filter %(name)s."), name=repr(name))
        if kept := tuple(v for v in values if v):
            filters[name] = kept
    mask = docsets.matching(filters)
    dated = query.published_from is not None or query.published_to is not None
    if dated:
        mask &= docsets.between(query.published_from, query.published_to)
    return mask, bool(filters) or dated


def _hoist(parsed: Any, docsets: DocSets, mask: int) -> tuple[Any, int, bool]:
    """Facet values and years the query requires at its top level, moved from the query to the
    bitset filter (the same documents, without Whoosh walking a date range's terms): returns the
    rest of the query (None if nothing is left), the narrowed mask, and whether it narrowed."""
    if parsed is None:
        return None, mask, False
    parts = list(parsed.subqueries) if isinstance(parsed, And) else [parsed]
    kept = []
    for part in parts:
        if isinstance(part, Term) and part.fieldname in FACET_FIELDS:
            mask &= docsets.matching({part.fieldname: (part.text,)})
        elif isinstance(part, DateRange) and part.fieldname == "published":
            last = part.enddate - timedelta(microseconds=1)  # the range excludes its end
            mask &= docsets.between(part.startdate.date(), last.date())
        else:
            kept.append(part)
    if len(kept) == len(parts):
        return parsed, mask, False
    rest = None if not kept else kept[0] if len(kept) == 1 else And(kept)
    return rest, mask, True


class _BitFilter(DocIdSet):
    """A bitset as the set of allowed documents Whoosh's collector asks `in` of."""

    def __init__(self, mask: int, size: int) -> None:
        self._bits = mask.to_bytes((size >> 3) + 1, "little")
        self._count = mask.bit_count()

    def __contains__(self, d: int) -> bool:
        return bool(self._bits[d >> 3] >> (d & 7) & 1)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        return (d for d in range(len(self._bits) * 8) if d in self)


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
    # Raw values: microseconds since datetime.min; an undated article has the column's default.
    raw = reader.column_reader("published", translate=False)
    days = {d: _day(raw[d]) for d in live}
    newest_first = sorted(live, key=lambda d: raw[d] if days[d] else -1, reverse=True)
    dated = sorted((day, d) for d, day in days.items() if day)
    return DocSets(postings, live, newest_first, reader.doc_count_all(), dated)


_USECS_PER_DAY = 86_400_000_000


_DAY_RANGE = range(date(1900, 1, 1).toordinal(), date(3000, 1, 1).toordinal())


def _day(usecs: Any) -> int:
    """The day ordinal of a raw published value (0 when the article has no date)."""
    day = usecs // _USECS_PER_DAY + 1 if isinstance(usecs, int) else 0
    return day if day in _DAY_RANGE else 0


_INDEXES: dict[Path, SearchIndex] = {}


_INDEXES_LOCK = threading.Lock()


def open_index(path: Path) -> SearchIndex:
    """The process-wide SearchIndex for `path` (its searcher refreshes when the index changes)."""
    with _INDEXES_LOCK:
        if path not in _INDEXES:
            _INDEXES[path] = SearchIndex(path)
        return _INDEXES[path]
