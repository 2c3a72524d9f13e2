"""The SVG chart writer and the tables it draws: well-formed, named, escaped, top N + other."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from fakefree.index.statistics import MonthlyCounts
from fakefree.site.stattables import build_table, csv_rows, last_months
from fakefree.site.svgchart import Series, nice_step, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def test_nice_steps() -> None:
    assert [nice_step(n) for n in (0, 3, 7, 10, 48, 260, 9_999)] == [1, 1, 2, 2, 10, 100, 2000]


def test_labels_are_escaped_and_the_svg_parses() -> None:
    hostile = '</title><script>alert(1)</script>&"'
    svg = stacked_bars("c1", hostile, "desc & more", ["2025-01", "2025-02"],
                       [Series(hostile, (3, 0)), Series("Other", (1, 2), other=True)])  # fmt: skip
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == hostile
    assert "<script>" not in svg
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    rects = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(rects) == 3  # zero values draw nothing
    assert {r.find(f"{SVG}title").text for r in rects} >= {"Other, 2025-02: 2"}
    assert any(r.get("fill") == "#6b7280" for r in rects)  # "other" in grey


def test_series_must_match_the_categories() -> None:
    with pytest.raises(ValueError):
        stacked_bars("c", "t", "d", ["a", "b"], [Series("x", (1,))])


def test_last_months_cross_a_year() -> None:
    months = last_months(date(2026, 2, 15), 4)
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_top_tags_then_other_and_the_csv_keeps_every_tag() -> None:
    by_tag = {f"T{i}": {"2026-01": 10 - i} for i in range(8)}  # T0 has most
    counts = MonthlyCounts("countries", "releases", by_tag, {"2026-01": 30})
    table = build_table(counts, "monthly", date(2026, 1, 20), top=6)
    assert table.tags == ("T0", "T1", "T2", "T3", "T4", "T5")
    last = table.rows[-1]
    assert last.values == (10, 9, 8, 7, 6, 5) and last.other == 4 + 3 and last.total == 30
    lines = csv_rows(table)
    assert lines[0] == ["month", *(f"T{i}" for i in range(8)), "total"]
    assert lines[-1] == ["2026-01", 10, 9, 8, 7, 6, 5, 4, 3, 30]


def test_yearly_table_runs_to_this_year_without_future_dates() -> None:
    counts = MonthlyCounts("sectors", "releases", {"media": {"2023-05": 2, "2031-01": 1}},
                           {"2023-05": 2, "2031-01": 1})  # fmt: skip
    table = build_table(counts, "yearly", date(2025, 6, 1))
    assert [r.period for r in table.rows] == ["2023", "2024", "2025"]
    assert [r.values for r in table.rows] == [(2,), (0,), (0,)]
