"""The statistics page's tables: counts per month (the last 24) or per year, for the top tags of
one kind plus "other", from the store's monthly counts. Pure functions, no Flask: the chart,
the HTML table and the CSV file are all drawn from one StatTable, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fakefree.index.statistics import MonthlyCounts

PERIODS = ("monthly", "yearly")
MONTHS_SHOWN = 24
TOP_TAGS = 6


@dataclass(frozen=True)
class StatRow:
    period: str  # 'YYYY-MM' or 'YYYY'
    values: tuple[int, ...]  # one per tag of StatTable.tags
    other: int  # releases of every other tag
    total: int  # releases of the period, each counted once


@dataclass(frozen=True)
class StatTable:
    column: str  # countries, sectors, ip_types
    period: str  # monthly or yearly
    tags: tuple[str, ...]  # the top tags, most releases first
    rows: tuple[StatRow, ...]
    all_tags: tuple[str, ...]  # every tag with a release in the window, most first
    by_tag: dict[str, tuple[int, ...]]  # every tag -> one count per row (the CSV's columns)
    unit: str = "releases"  # what is counted: releases or cases

    @property
    def has_other(self) -> bool:
        return any(row.other for row in self.rows)

    @property
    def is_empty(self) -> bool:
        return not any(row.total for row in self.rows)


def last_months(today: date, count: int = MONTHS_SHOWN) -> list[str]:
    """The `count` months ending with today's, oldest first ('YYYY-MM')."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def years(counts: MonthlyCounts, today: date) -> list[str]:
    """Every year from the first release's to this one (none in the future)."""
    known = [m[:4] for m in counts.months() if m[:4] <= f"{today.year:04d}"]
    if not known:
        return []
    return [f"{y:04d}" for y in range(int(min(known)), today.year + 1)]


def build_table(counts: MonthlyCounts, period: str, today: date, top: int = TOP_TAGS) -> StatTable:
    """The table of one tag kind over the last 24 months or over the years."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    if period == "yearly":
        counts, periods = counts.by_year(), years(counts, today)
    else:
        periods = last_months(today)
    sums = counts.tag_totals(periods)
    ranked = tuple(t for t in sorted(sums, key=lambda t: (-sums[t], t)) if sums[t] > 0)
    by_tag = {t: tuple(counts.by_tag[t].get(p, 0) for p in periods) for t in ranked}
    chosen = ranked[:top]
    rows = tuple(
        StatRow(
            period=p,
            values=tuple(by_tag[t][i] for t in chosen),
            other=sum(by_tag[t][i] for t in ranked[top:]),
            total=counts.totals.get(p, 0),
        )
        for i, p in enumerate(periods)
    )
    return StatTable(counts.column, period, chosen, rows, ranked, by_tag, counts.unit)


def csv_rows(table: StatTable) -> list[list[object]]:
    """The table for a spreadsheet: a header (period, every tag id, total), then one row per
    period with every tag, not only the top ones."""
    header: list[object] = ["month" if table.period == "monthly" else "year", *table.all_tags]
    lines = [header + ["total"]]
    for i, row in enumerate(table.rows):
        lines.append([row.period, *(table.by_tag[t][i] for t in table.all_tags), row.total])
    return lines
