"""The parts of a chart layout: the placed pieces (text, boxes, rules, polylines), font metrics,
value-axis ticks, number formats, category order and text wrapping. Used by the chart layout
(and the map's), drawn by neither; pure Python."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from sitrep.compose.document import Chart

Measure = Callable[[str, float, bool], float]
"""(logical text, font size in points, bold) -> advance width in points."""


@dataclass(frozen=True, slots=True)
class Metrics:
    """Vertical text metrics as fractions of the font size (what a line of this script needs)."""

    ascent: float
    descent: float
    leading: float


LATIN = Metrics(ascent=0.76, descent=0.24, leading=1.25)
ARABIC = Metrics(ascent=0.92, descent=0.5, leading=1.6)
"""Noto Sans Arabic: taller letters, deep descenders and marks above and below."""


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    """Logical order; the renderer shapes and orders right-to-left text."""
    x: float
    y: float
    """Baseline, from the top edge."""
    size: float
    bold: bool = False
    align: str = "left"
    """Where ``x`` is: ``left`` (the text starts there), ``right`` (ends there) or ``center``."""
    role: str = "text"
    """``text`` | ``muted``."""


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    """Top edge."""
    width: float
    height: float
    series: int = -1
    """Index into ``Chart.series`` (its colour); -1 for boxes that are not series marks."""


@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    role: str
    """``grid`` | ``axis``."""


@dataclass(frozen=True, slots=True)
class Polyline:
    series: int
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class ChartLayout:
    kind: str
    width: float
    height: float
    plot: Box
    ticks: tuple[float, ...]
    category_order: tuple[int, ...]
    """Category index at each position from left to right."""
    series_order: tuple[int, ...]
    """Series index at each position (in a bar group, in the legend) from left to right."""
    bar_width: float
    bar_spacing: float
    group_spacing: float
    """Bar geometry inside one category slot (slot = group_spacing + n·bar_width + (n−1)·bar_spacing)."""
    rules: tuple[Rule, ...]
    bars: tuple[Box, ...]
    lines: tuple[Polyline, ...]
    markers: tuple[tuple[float, float, int], ...]
    """(x, y, series) of each line point."""
    swatches: tuple[Box, ...]
    """Legend keys (a filled square for bars, a line with a marker for lines)."""
    texts: tuple[Text, ...]




def nice_ticks(max_value: float) -> list[float]:
    """Value-axis ticks from 0 to at least ``max_value``: 2 to 6 evenly spaced round numbers.

    The step is 1, 2, 2.5 or 5 times a power of ten. The axis always starts at 0 (an automatic
    axis that starts elsewhere hid the smallest bar).
    """
    step = _nice_step(max_value)
    if step is None:
        return [0.0, 1.0]
    count = max(1, int((Decimal(max_value) / step).to_integral_value(rounding=ROUND_CEILING)))
    return [float(i * step) for i in range(count + 1)]


def _nice_step(max_value: float) -> Decimal | None:
    if not math.isfinite(max_value) or max_value <= 1e-9:
        return None
    top = Decimal(max_value)
    exponent = math.floor(math.log10(max_value / 5))
    for base in ("1", "2", "2.5", "5", "10", "20"):
        step = Decimal(base) * Decimal(10) ** exponent
        if step * 5 >= top:
            return step
    raise AssertionError("unreachable: 20·10^e·5 exceeds any value below 5·10^(e+1)")


def tick_decimals(ticks: list[float] | tuple[float, ...]) -> int:
    """Decimals needed to write every tick exactly (0 for whole numbers)."""
    if len(ticks) < 2:
        return 0
    exponent = Decimal(repr(ticks[1] - ticks[0])).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def display_order(count: int, rtl: bool) -> list[int]:
    """Indices in drawing order from left to right: reversed for right-to-left charts."""
    order = list(range(count))
    return order[::-1] if rtl else order


_GROUPED = re.compile(r"\d{1,3}(?:(\D)\d{3})+")


def number_style(chart: Chart) -> tuple[str, str]:
    """(grouping separator, decimal separator) as the chart's own value labels write numbers.

    Value labels are formatted for the language by the composer; tick labels use the same
    separators, read back from a label whose value has four or more digits (``12 400``,
    ``12.400``) and from one with decimals (``2,5``). Without such labels: ``","`` and ``"."``
    (no grouping when large values are labelled without it); a ``.`` or space grouping implies
    a decimal comma.
    """
    group: str | None = None
    decimal: str | None = None
    large_labels = False
    for series in chart.series:
        for value, label in zip(series.values, series.labels, strict=False):
            if value == int(value):
                if value >= 1000:
                    large_labels = True
                    match = _GROUPED.search(label)
                    if group is None and match and re.sub(r"\D", "", match.group(0)) == str(int(value)):
                        group = match.group(1)
            elif decimal is None:
                match = re.search(r"\d(\D)\d+\D*$", label)
                if match:
                    decimal = match.group(1)
    if group is None:
        group = "" if large_labels else ","
    if decimal is None:
        decimal = "." if group in (",", "") else ","
    return group, decimal


def format_tick(value: float, decimals: int, group: str, decimal: str) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def clean(text: str) -> str:
    """Control characters removed (no glyph; they break PDF text); tabs become spaces, newlines stay."""
    text = text.replace("\t", " ")
    return "".join(c for c in text if c == "\n" or ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0)


def wrap(text: str, size: float, bold: bool, width: float, measure: Measure) -> list[str]:
    """Greedy line breaking at spaces (and at newlines); lines in logical order."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and measure(candidate, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines
