"""Case grouping: the releases about one case (across agencies, languages and time) as one case.

Incremental: a release written to the store (`on_article_written`, called by the store inside
the article's own transaction) finds its candidates through the inverted index of keys and
MinHash bands (case_keys), never a scan; each candidate is judged (case_rules); the release
joins the case of every candidate it links to, merging cases when it bridges two. A key held
by releases of more than GENERIC_CASES cases (an official's name, a boilerplate paragraph's
band) is generic: it finds no candidates and counts for nothing.
A release that changes or stops being published leaves its case first; the rest of the case is
split again along its stored links when it was the bridge.

Primary source (`primary_release`): the earliest release of the case; among the releases of its
first two days, a republisher (REPUBLISHERS: the IPR Center reposts DOJ, USAO and HSI releases)
comes after the agencies' own, then the earliest time, then the smallest id.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fakefree.index import case_store as cs
from fakefree.index.case_features import Features, extract_features
from fakefree.index.case_rules import Verdict, judge

log = logging.getLogger(__name__)

GENERIC_CASES = 6  # a key spread over more cases than this is generic
POSTINGS_LIMIT = 40  # postings read per key (more means generic)
MAX_CANDIDATES = 60
MAX_CASE_SIZE = 200  # the largest real cases have dozens of releases
REPUBLISHERS = frozenset({"us-iprcenter"})
FIRST_EVENT_DAYS = 2
_ARTICLE_SQL = (
    "SELECT a.id, a.title, a.body_text, a.language, a.source_id, s.jurisdiction, a.countries,"
    " a.published_at, a.facts, a.is_relevant FROM articles a JOIN sources s ON s.id = a.source_id"
)


def features_of_row(row: sqlite3.Row | tuple) -> Features:
    """The signature of an article row selected with _ARTICLE_SQL."""
    aid, title, body, language, source_id, jurisdiction, countries, published, facts, _ = row
    return extract_features(
        aid,
        title=title,
        text=body,
        language=language,
        source_id=source_id,
        jurisdiction=jurisdiction,
        countries=json.loads(countries),
        published=published,
        facts=json.loads(facts or "{}"),
    )


def on_article_written(db: sqlite3.Connection, article_id: int) -> None:
    """Bring one article's case up to date, inside the caller's transaction. A failure here is
    logged and undone (the article is kept; `fill_missing` assigns it later)."""
    db.execute("SAVEPOINT case_grouping")
    try:
        row = db.execute(f"{_ARTICLE_SQL} WHERE a.id=?", (article_id,)).fetchone()
        if row is None or not row[-1]:
            remove_release(db, article_id)
        else:
            assign_release(db, features_of_row(row))
        db.execute("RELEASE case_grouping")
    except Exception:
        log.exception("case grouping failed for article %s; left for `fakefree cases`", article_id)
        db.execute("ROLLBACK TO case_grouping")
        db.execute("RELEASE case_grouping")


def assign_release(db: sqlite3.Connection, f: Features) -> int:
    """Put one release in its case (joining, merging or opening one); returns the case id."""
    old = cs.load_signature(db, f.article_id)
    if old == f and cs.case_of(db, f.article_id) is not None:
        return cs.case_of(db, f.article_id)  # nothing that grouping reads has changed
    if old is not None:
        remove_release(db, f.article_id)
    verdicts, generic = _links(db, f)
    cs.save_signature(db, f, generic)
    for other_id, verdict in verdicts.items():
        cs.save_link(db, f.article_id, other_id, verdict.score, verdict.reasons())
    cases = _joinable({cs.case_of(db, other) for other in verdicts} - {None}, db, f.article_id)
    return _merge(db, f.article_id, cases)


def _joinable(cases: set[int], db: sqlite3.Connection, article_id: int) -> set[int]:
    """The cases a release may join: never past MAX_CASE_SIZE releases in all (a runaway merge
    through generic keys would swallow the collection), the largest first."""
    sizes = {c: cs.case_size(db, c) for c in cases}
    kept: set[int] = set()
    total = 1
    for case_id in sorted(cases, key=lambda c: -sizes[c]):
        if total + sizes[case_id] > MAX_CASE_SIZE:
            log.warning("release %s not joined to case %s: past %s releases", article_id, case_id,
                        MAX_CASE_SIZE)  # fmt: skip
            continue
        kept.add(case_id)
        total += sizes[case_id]
    return kept


def _links(db: sqlite3.Connection, f: Features) -> tuple[dict[int, Verdict], set[str]]:
    """The releases `f` joins, each with the verdict; and the keys found generic."""
    hits: dict[int, set[str]] = {}
    generic: set[str] = set()
    for key in (*f.keys, *f.bands()):
        rows = [(a, c) for a, c in cs.postings(db, key, POSTINGS_LIMIT + 1) if a != f.article_id]
        if len(rows) > POSTINGS_LIMIT or len({c or -a for a, c in rows}) > GENERIC_CASES:
            generic.add(key)
            continue
        for other, _ in rows:
            hits.setdefault(other, set()).add(key)
    ranked = sorted(hits, key=lambda other: (-len(hits[other]), other))[:MAX_CANDIDATES]
    others = cs.load_signatures(db, ranked)
    found = {}
    for other_id in ranked:
        if other_id not in others:
            continue
        shared = {k for k in hits[other_id] if not k.startswith("b")}
        verdict = judge(f, others[other_id], shared, generic)
        if verdict:
            found[other_id] = verdict
    return found, generic


def _merge(db: sqlite3.Connection, article_id: int, cases: set[int]) -> int:
    """The release joins `cases` (all merged into one, its id the smallest member's)."""
    target = min({article_id, *cases})
    if cases:
        marks = ",".join("?" * len(cases))
        db.execute(
            f"UPDATE case_members SET case_id=? WHERE case_id IN ({marks})", [target, *cases]
        )
        db.execute(f"DELETE FROM cases WHERE id IN ({marks})", list(cases))
    db.execute("INSERT OR REPLACE INTO case_members (article_id, case_id) VALUES (?,?)",
               (article_id, target))  # fmt: skip
    _refresh(db, target)
    return target


def remove_release(db: sqlite3.Connection, article_id: int) -> None:
    """Take a release out of grouping; its former case is split along the remaining links."""
    old = cs.load_signature(db, article_id)
    if old is not None:
        cs.delete_signature(db, old)
    case_id = cs.case_of(db, article_id)
    cs.delete_links(db, article_id)
    db.execute("DELETE FROM case_members WHERE article_id=?", (article_id,))
    if case_id is None:
        return
    db.execute("DELETE FROM cases WHERE id=?", (case_id,))
    rest = cs.members(db, case_id)
    for component in _components(rest, cs.links_among(db, rest)):
        target = min(component)
        marks = ",".join("?" * len(component))
        db.execute(
            f"UPDATE case_members SET case_id=? WHERE article_id IN ({marks})",
            [target, *component],
        )
        _refresh(db, target)


def _components(ids: list[int], edges: list[tuple[int, int]]) -> list[list[int]]:
    parent = {i: i for i in ids}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for i in ids:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def primary_release(rows: list[tuple[int, str | None, str]]) -> int:
    """The primary source among (id, published_at, source_id): see the module's docstring."""
    days = [_day(published) for _, published, _ in rows]
    first = min(days)
    event = [r for r, d in zip(rows, days, strict=True) if d - first <= FIRST_EVENT_DAYS]
    best = min(event, key=lambda r: (r[2] in REPUBLISHERS, r[1] or "9999", r[0]))
    return best[0]


def _day(published: str | None) -> int:
    if not published:
        return 10**9
    return datetime.fromisoformat(published.replace("Z", "+00:00")).toordinal()


def _refresh(db: sqlite3.Connection, case_id: int) -> None:
    """Rewrite a case's row (primary, size, first and last dates) from its members."""
    rows = db.execute(
        "SELECT a.id, a.published_at, a.source_id FROM case_members m JOIN articles a"
        " ON a.id = m.article_id WHERE m.case_id=?",
        (case_id,),
    ).fetchall()
    if not rows:
        db.execute("DELETE FROM cases WHERE id=?", (case_id,))
        return
    rows = [tuple(r) for r in rows]
    dates = sorted(r[1] for r in rows if r[1])
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    db.execute(
        "INSERT OR REPLACE INTO cases (id, primary_id, size, first_at, last_at, updated_at)"
        " VALUES (?,?,?,?,?,?)",
        (case_id, primary_release(rows), len(rows), dates[0] if dates else None,
         dates[-1] if dates else None, now),
    )  # fmt: skip


def fill_missing(db: sqlite3.Connection, limit: int = -1) -> int:
    """Assign published releases without a case (up to `limit`; -1: all), and drop unpublished
    ones from cases (after a failure of grouping, or a store from before grouping). Returns how
    many releases it changed."""
    rows = db.execute(
        f"{_ARTICLE_SQL} LEFT JOIN case_members m ON m.article_id = a.id WHERE a.is_relevant"
        " AND m.article_id IS NULL ORDER BY a.published_at, a.id LIMIT ?",
        (limit,),
    ).fetchall()
    for row in rows:
        assign_release(db, features_of_row(row))
    stale = db.execute(
        "SELECT m.article_id FROM case_members m JOIN articles a ON a.id = m.article_id"
        " WHERE NOT a.is_relevant"
    ).fetchall()
    for (article_id,) in stale:
        remove_release(db, article_id)
    return len(rows) + len(stale)


def fill_store(transaction: Callable[[], Any], batch: int = 500) -> int:
    """`fill_missing` in batches, each in its own `transaction()` (a context manager giving the
    connection), so that other writers wait a moment at most. Returns how many changed."""
    done = 0
    while True:
        with transaction() as db:
            changed = fill_missing(db, batch)
        done += changed
        if changed < batch:
            return done


def rebuild(
    connect: Callable[[], sqlite3.Connection],
    batch: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Group every published release from scratch, in order of publication, streaming the
    releases in batches (each batch one transaction). Returns how many were grouped."""
    db = connect()
    with _write(db):
        cs.clear_all(db)
    done, after = 0, ("", 0)
    while True:
        rows = db.execute(
            f"{_ARTICLE_SQL} WHERE a.is_relevant AND (coalesce(a.published_at, ''), a.id) > (?, ?)"
            " ORDER BY coalesce(a.published_at, ''), a.id LIMIT ?",
            (*after, batch),
        ).fetchall()
        if not rows:
            return done
        with _write(db):
            for row in rows:
                assign_release(db, features_of_row(row))
        done += len(rows)
        after = (rows[-1][7] or "", rows[-1][0])
        if progress:
            progress(done)


class _write:
    """BEGIN IMMEDIATE ... COMMIT on a connection in autocommit mode."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, *exc: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")
