"""Reading cases for pages, feeds, the API and statistics: one case with its timeline, and
counts of cases beside counts of releases.

A published release without a case row yet (grouping failed, or the store predates it) counts
as a case of its own, so the figures never lose a release.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fakefree.index import case_store as cs
from fakefree.index.case_rules import judge
from fakefree.index.case_store import case_links
from fakefree.index.documents import Article
from fakefree.index.store import TAG_COLUMNS, Store


@dataclass(frozen=True)
class CaseView:
    """A case: its releases oldest first (the timeline), the primary one, and why they joined."""

    id: int
    primary_id: int
    releases: list[Article]
    links: list[dict[str, Any]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.releases)

    @property
    def primary(self) -> Article | None:
        return next((a for a in self.releases if a.id == self.primary_id), None)

    @property
    def first_at(self) -> Any:
        return self.releases[0].published_at if self.releases else None

    @property
    def last_at(self) -> Any:
        return self.releases[-1].published_at if self.releases else None

    def titles(self) -> dict[int, str]:
        return {a.id: a.title for a in self.releases}

    def links_of(self, article_id: int) -> list[dict[str, Any]]:
        return [link for link in self.links if article_id in (link["article_id"], link["other_id"])]


def case_id_of(store: Store, article_id: int) -> int | None:
    row = store.db.execute("SELECT case_id FROM case_members WHERE article_id=?", (article_id,))
    found = row.fetchone()
    return found[0] if found else None


def load_case(store: Store, case_id: int) -> CaseView | None:
    """The case with this id and its published releases, or None."""
    row = store.db.execute("SELECT primary_id FROM cases WHERE id=?", (case_id,)).fetchone()
    if row is None:
        return None
    ids = [r[0] for r in store.db.execute(
        "SELECT article_id FROM case_members WHERE case_id=?", (case_id,)
    )]  # fmt: skip
    releases = [a for a in store.get_articles(ids) if a.is_relevant]
    releases.sort(key=lambda a: (a.published_at is None, a.published_at, a.id))
    return CaseView(case_id, row[0], releases, case_links(store.db, ids))


def case_version(store: Store, case_id: int | None) -> str:
    """Changes whenever the case's membership or primary changes (for validators)."""
    if case_id is None:
        return "none"
    row = store.db.execute(
        "SELECT size, primary_id, updated_at FROM cases WHERE id=?", (case_id,)
    ).fetchone()
    return "-".join(map(str, tuple(row))) if row else "none"


def case_counts_by_month(db: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """(month 'YYYY-MM', cases that began that month, releases published that month)."""
    releases = dict(
        db.execute(
            "SELECT substr(published_at, 1, 7) AS month, count(*) FROM articles WHERE is_relevant = 1"
            " AND published_at IS NOT NULL GROUP BY month"
        ).fetchall()
    )
    cases = dict(
        db.execute(
            "SELECT substr(a.published_at, 1, 7) AS month, count(*) FROM articles a LEFT JOIN"
            " case_members m ON m.article_id = a.id LEFT JOIN cases c ON c.id = m.case_id"
            " WHERE a.is_relevant = 1 AND a.published_at IS NOT NULL"
            " AND (c.id IS NULL OR c.primary_id = a.id) GROUP BY month"
        ).fetchall()
    )
    return [(month, cases.get(month, 0), releases[month]) for month in sorted(releases)]


def case_counts_by_tag(db: sqlite3.Connection, column: str) -> list[tuple[str, int, int]]:
    """(tag, cases with a release carrying it, releases carrying it) for a tag column
    (countries, sectors, ip_types ...), most cases first."""
    if column not in TAG_COLUMNS:
        raise ValueError(column)
    rows = db.execute(
        f"SELECT j.value AS tag, count(DISTINCT coalesce(m.case_id, -a.id)) AS cases,"
        f" count(*) AS releases FROM articles a JOIN json_each(a.{column}) j LEFT JOIN"
        " case_members m ON m.article_id = a.id WHERE a.is_relevant = 1 GROUP BY j.value"
        " ORDER BY cases DESC, tag"
    ).fetchall()
    return [(tag, cases, releases) for tag, cases, releases in rows]


def case_totals(db: sqlite3.Connection) -> tuple[int, int]:
    """(cases, releases) among published releases."""
    row = db.execute(
        "SELECT count(DISTINCT coalesce(m.case_id, -a.id)), count(*) FROM articles a"
        " LEFT JOIN case_members m ON m.article_id = a.id WHERE a.is_relevant = 1"
    ).fetchone()
    return int(row[0]), int(row[1])


def reasons_text(reasons: dict[str, Any] | str) -> dict[str, Any]:
    """A link's reasons as a dict (they are stored as JSON)."""
    return json.loads(reasons) if isinstance(reasons, str) else reasons


def explain(db: sqlite3.Connection, a: int, b: int) -> dict:
    """Why releases `a` and `b` are (or are not) in one case: their cases, the stored link
    between them if any, and what the rules make of the pair now."""
    fa, fb = cs.load_signature(db, a), cs.load_signature(db, b)
    case_a, case_b = cs.case_of(db, a), cs.case_of(db, b)
    stored = [
        link
        for link in cs.case_links(db, [a, b])
        if {link["article_id"], link["other_id"]} == {a, b}
    ]
    result: dict = {"a": a, "b": b, "case_a": case_a, "case_b": case_b, "same_case": case_a ==
                    case_b and case_a is not None, "link": stored[0] if stored else None}  # fmt: skip
    if fa and fb:
        shared = set(fa.keys) & set(fb.keys)
        verdict = judge(fa, fb, shared, set())
        result["keys_a"], result["keys_b"] = list(fa.keys), list(fb.keys)
        result["shared_keys"] = sorted(shared)
        result["verdict"] = verdict.reasons() if verdict else None
    return result


def case_sizes(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Article id -> (case id, releases in the case), for the ids that have a case."""
    ids = list(ids)
    found: dict[int, tuple[int, int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT m.article_id, c.id, c.size FROM case_members m JOIN cases c ON c.id ="
            f" m.case_id WHERE m.article_id IN ({marks})",
            chunk,
        )
        found.update({a: (c, n) for a, c, n in rows})
    return found


def size_histogram(db: sqlite3.Connection) -> Counter:
    return Counter(dict(db.execute("SELECT size, count(*) FROM cases GROUP BY size").fetchall()))
