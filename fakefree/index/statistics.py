"""Read-only figures over the store: releases per month by country, sector and IP type; counts
since a moment; releases per agency.

Kept apart from store.py so the store stays about writing and loading articles. Every function
takes the store's SQLite connection and only reads. Tags are JSON arrays in their columns, so a
count by tag walks `json_each` over the published rows: one scan per tag column, about 0.2 s at
100,000 releases (the site caches the result per collection revision).

What is counted is a `unit`: "releases" (one per published article: a release about two
countries counts once for each) or "cases" (groups of releases about one case, see cases.py):
a case counts once, in the month of its primary release and under that release's tags; a
release in no case is a case of its own.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from fakefree.index.store import TAG_COLUMNS, to_iso

# unit -> the SQL expression counting it over rows of `articles a`.
UNITS = {
    "releases": "count(*)",
    "cases": "sum(NOT EXISTS (SELECT 1 FROM case_members m JOIN cases c ON c.id = m.case_id"
    " WHERE m.article_id = a.id AND c.primary_id != a.id))",
}
DEFAULT_UNIT = "releases"
_PUBLISHED = "a.is_relevant AND a.published_at IS NOT NULL"
# Counts since a moment write `is_relevant = 1`, not a bare truth value: only then does SQLite
# read the (is_relevant, published_at) index range instead of every row (60 ms, not 270, at 100k).


def _unit_sql(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNITS)}")
    return UNITS[unit]


def _column(column: str) -> str:
    if column not in TAG_COLUMNS:
        raise ValueError(f"not a tag column: {column!r}")
    return column


@dataclass(frozen=True)
class MonthlyCounts:
    """Counts per month ('YYYY-MM') of one tag column, and of all releases whatever their tags."""

    column: str
    unit: str
    by_tag: dict[str, dict[str, int]] = field(default_factory=dict)  # tag -> month -> n
    totals: dict[str, int] = field(default_factory=dict)  # month -> n (each release once)

    def months(self) -> list[str]:
        return sorted(self.totals)

    def tag_totals(self, months: list[str] | None = None) -> dict[str, int]:
        """tag -> count over `months` (default: every month)."""
        chosen = set(self.totals if months is None else months)
        return {
            tag: sum(n for month, n in per.items() if month in chosen)
            for tag, per in self.by_tag.items()
        }

    def by_year(self) -> MonthlyCounts:
        """The same counts per year ('YYYY'), summed from the months."""
        by_tag: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[str, int] = defaultdict(int)
        for tag, per in self.by_tag.items():
            for month, n in per.items():
                by_tag[tag][month[:4]] += n
        for month, n in self.totals.items():
            totals[month[:4]] += n
        return MonthlyCounts(
            self.column, self.unit, {t: dict(p) for t, p in by_tag.items()}, dict(totals)
        )


def monthly_totals(db: sqlite3.Connection, unit: str = DEFAULT_UNIT) -> dict[str, int]:
    """month -> published releases (each counted once)."""
    rows = db.execute(
        f"SELECT substr(a.published_at, 1, 7) AS month, {_unit_sql(unit)} AS n FROM articles a"
        f" WHERE {_PUBLISHED} GROUP BY month"
    )
    return {month: n for month, n in rows}


def monthly_counts(
    db: sqlite3.Connection,
    column: str,
    unit: str = DEFAULT_UNIT,
    totals: dict[str, int] | None = None,
) -> MonthlyCounts:
    """Counts per month and tag of one tag column (countries, sectors, ip_types ...);
    `totals` (from monthly_totals) saves a scan when several columns are counted."""
    rows = db.execute(
        f"SELECT substr(a.published_at, 1, 7) AS month, j.value AS tag, {_unit_sql(unit)} AS n"
        f" FROM articles a, json_each(a.{_column(column)}) j WHERE {_PUBLISHED}"
        " GROUP BY month, tag"
    )
    by_tag: dict[str, dict[str, int]] = defaultdict(dict)
    for month, tag, n in rows:
        by_tag[tag][month] = n
    return MonthlyCounts(column, unit, dict(by_tag), totals or monthly_totals(db, unit))


def counts_since(
    db: sqlite3.Connection, column: str, since: datetime, unit: str = DEFAULT_UNIT
) -> list[tuple[str, int]]:
    """tag -> count of releases published since `since` (most first, then by id); uses the
    (is_relevant, published_at) index, so it reads only the recent rows."""
    rows = db.execute(
        f"SELECT j.value AS tag, {_unit_sql(unit)} AS n FROM articles a,"
        f" json_each(a.{_column(column)}) j WHERE a.is_relevant = 1 AND a.published_at >= ?"
        " GROUP BY tag ORDER BY n DESC, tag",
        (to_iso(since),),
    )
    return [(tag, n) for tag, n in rows]


def count_since(db: sqlite3.Connection, since: datetime, unit: str = DEFAULT_UNIT) -> int:
    """Published releases since `since`."""
    sql = (
        f"SELECT {_unit_sql(unit)} FROM articles a WHERE a.is_relevant = 1 AND a.published_at >= ?"
    )
    return db.execute(sql, (to_iso(since),)).fetchone()[0]


def value_count_since(
    db: sqlite3.Connection, column: str, value: str, since: datetime, unit: str = DEFAULT_UNIT
) -> int:
    """Published releases since `since` carrying `value` in a tag column."""
    sql = (
        f"SELECT {_unit_sql(unit)} FROM articles a WHERE a.is_relevant = 1 AND a.published_at >= ?"
        f" AND EXISTS (SELECT 1 FROM json_each(a.{_column(column)}) j WHERE j.value = ?)"
    )
    return db.execute(sql, (to_iso(since), value)).fetchone()[0]


@dataclass(frozen=True)
class AgencyCount:
    source_id: str
    releases: int
    latest: str | None  # ISO date of its newest published release


def agency_counts(db: sqlite3.Connection) -> dict[str, AgencyCount]:
    """source id -> its published releases and the date of the newest (uses articles_source)."""
    rows = db.execute(
        "SELECT a.source_id, count(*), max(a.published_at) FROM articles a"
        " WHERE a.is_relevant GROUP BY a.source_id"
    )
    return {sid: AgencyCount(sid, n, latest) for sid, n, latest in rows}
