"""Charts drawn on the server as SVG: no script, no external library or CDN, readable offline.

A chart is an image with a name (role="img", <title>, <desc>), text labels on both axes and a
legend in text; every bar segment carries its own <title> (its series, category and value) that
browsers show on hover. Colours reach 3:1 against white (WCAG 1.4.11) and segments are parted by
white lines. The figures themselves are always also given in a table next to the chart: the
chart is never the only way to read them.

Built with ElementTree, so every label is escaped and the result is well-formed XML.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
# Each at least 3:1 against white; "other" series use the last, a neutral grey.
PALETTE = ("#1f5fa8", "#b34700", "#2e7d32", "#8e24aa", "#c2185b", "#00796b", "#5d4037")
OTHER_COLOUR = "#6b7280"
INK, GRID = "#1d232b", "#d5dae0"
WIDTH, PLOT_HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
LEGEND_ROW, LEGEND_COLUMNS = 22, 2
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]  # one per category
    other: bool = False  # the "everything else" series: drawn in grey


def nice_step(top: int, ticks: int = 5) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most `ticks` steps up to `top`."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1, factor * power)
    return 10 * power  # pragma: no cover (the loop always returns)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _colour(index: int, series: Series) -> str:
    return OTHER_COLOUR if series.other else PALETTE[index % len(PALETTE)]


def _y_axis(svg: ET.Element, top: int, step: int, fmt: Callable[[int], str]) -> float:
    """Grid lines and value labels; returns the pixels per unit."""
    scale = PLOT_HEIGHT / top
    axis = _el(svg, "g", aria_hidden="true", font_size=12, fill=INK)
    for value in range(0, top + 1, step):
        y = TOP + PLOT_HEIGHT - value * scale
        _el(axis, "line", x1=LEFT, x2=WIDTH - RIGHT, y1=f"{y:.1f}", y2=f"{y:.1f}", stroke=GRID)
        _el(axis, "text", fmt(value), x=LEFT - 6, y=f"{y + 4:.1f}", text_anchor="end")
    return scale


def _bars(
    svg: ET.Element,
    categories: Sequence[str],
    series: Sequence[Series],
    scale: float,
    fmt: Callable[[int], str],
) -> None:
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(categories))
    bar = max(2.0, slot * 0.7)
    every = math.ceil(len(categories) / MAX_X_LABELS)
    base = TOP + PLOT_HEIGHT
    for i, category in enumerate(categories):
        x = LEFT + i * slot + (slot - bar) / 2
        group = _el(svg, "g")
        y = float(base)
        for k, one in enumerate(series):
            value = one.values[i]
            if value <= 0:
                continue
            h = value * scale
            y -= h
            rect = _el(group, "rect", x=f"{x:.1f}", y=f"{y:.1f}", width=f"{bar:.1f}")
            rect.set("height", f"{h:.1f}")
            rect.set("fill", _colour(k, one))
            rect.set("stroke", "#ffffff")
            _el(rect, "title", f"{one.label}, {category}: {fmt(value)}")
        if i % every == 0:
            label_x = x + bar / 2
            _el(svg, "text", category, x=f"{label_x:.1f}", y=base + 18, font_size=12,
                fill=INK, text_anchor="middle", aria_hidden="true")  # fmt: skip
    _el(svg, "line", x1=LEFT, x2=WIDTH - RIGHT, y1=base, y2=base, stroke=INK)


def _legend(svg: ET.Element, series: Sequence[Series], top: int) -> None:
    legend = _el(svg, "g", font_size=12, fill=INK, aria_hidden="true")
    column_width = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS
    for k, one in enumerate(series):
        row, col = divmod(k, LEGEND_COLUMNS)
        x, y = LEFT + col * column_width, top + row * LEGEND_ROW
        _el(legend, "rect", x=f"{x:.1f}", y=y, width=14, height=14, fill=_colour(k, one))
        _el(legend, "text", one.label, x=f"{x + 20:.1f}", y=y + 12)


def stacked_bars(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[int], str] = str,
) -> str:
    """An SVG stacked bar chart (one bar per category, one segment per series) as a string."""
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.label!r} has {len(one.values)} values")
    stacks = [sum(one.values[i] for one in series) for i in range(len(categories))]
    step = nice_step(max(stacks, default=0))
    top = step * max(1, math.ceil(max(stacks, default=0) / step))
    legend_top = TOP + PLOT_HEIGHT + BOTTOM
    height = legend_top + math.ceil(len(series) / LEGEND_COLUMNS) * LEGEND_ROW + 4
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {WIDTH} {height}", "class": "chart", "role": "img",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc", "id": chart_id,
        "font-family": "system-ui, sans-serif",
    })  # fmt: skip
    _el(svg, "title", title, id=f"{chart_id}-title")
    _el(svg, "desc", description, id=f"{chart_id}-desc")
    scale = _y_axis(svg, top, step, fmt)
    _bars(svg, categories, series, scale, fmt)
    _legend(svg, series, legend_top)
    return ET.tostring(svg, encoding="unicode")
