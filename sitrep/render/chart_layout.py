"""Chart geometry shared by the PDF (reportlab vectors) and PNG (Pillow, for the DOCX) renderers.

Everything a chart shows is placed here once, in points, with y growing *downwards* from the
top edge: the title lines, the legend, the value-axis caption, grid lines and tick labels, the
bars or line points, the value labels, the category labels and the source line. Each renderer
only measures text in its own engine (the ``measure`` callback) and draws the result, so the PDF
and the DOCX show the same chart.

Right-to-left charts (``Chart.rtl``) are mirrored: the first category (and the first series in a
group and in the legend) is on the right, the value axis and its labels are on the right, and
the title, caption and source are right-aligned. Text stays in logical order here; the
renderers shape and order it for display.

**Time runs left to right in every language.** A chart whose categories are points in time
(``Chart.timeline``: the displacement trend) keeps the oldest on the left in Arabic too; only its
text and value axis are mirrored. Arabic-language charts in the wild mostly draw time that way
(line charts above all), and so do Arabic school textbooks whose algebra is written right to
left; charting libraries with an RTL mode (AG Charts, Syncfusion) mirror text and legends but
leave axis directions alone. Sources are listed in the README ("Charts").

A chart of one to three categories is drawn at a reduced plot height (:func:`plot_ratio`): two
bars or two points do not need 40% of a page.

Pure Python: no drawing library is imported.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from sitrep.compose.document import Chart
from sitrep.render.chart_scale import (
    ARABIC,
    LATIN,
    Box,
    ChartLayout,
    Measure,
    Metrics,
    Polyline,
    Rule,
    Text,
    clean,
    display_order,
    format_tick,
    nice_ticks,
    number_style,
    tick_decimals,
    wrap,
)

__all__ = ["ARABIC", "AXIS_WIDTH", "Box", "ChartLayout", "GRID_WIDTH", "LATIN", "LINE_WIDTH", "MARKER", "Measure",
           "Metrics", "Polyline", "Rule", "Text", "category_order", "clean", "display_order", "format_tick",
           "layout_chart", "nice_ticks", "number_style", "plot_ratio", "tick_decimals", "wrap"]

KINDS = ("bar", "line")

PAD = 3.0
TITLE_SIZE = 10.0
LEGEND_SIZE = 7.5
CAPTION_SIZE = 7.0
TICK_SIZE = 7.0
CATEGORY_SIZE = 7.5
MIN_CATEGORY_SIZE = 6.0
VALUE_SIZE = 7.0
MIN_VALUE_SIZE = 5.5
SOURCE_SIZE = 6.5
PLOT_RATIO = 0.45
"""Plot height as a fraction of the chart width."""
SMALL_PLOT_RATIO = 0.22
"""The same for a chart of at most SMALL_CATEGORIES categories."""
SMALL_CATEGORIES = 3
NUDGE = 2.5
"""Gap between a bar top (or a point marker) and its value label."""
MAX_BAR = 40.0
LINE_WIDTH = 1.6
MARKER = 4.6
"""Diameter of a line chart's point markers."""
GRID_WIDTH = 0.5
AXIS_WIDTH = 0.7
SWATCH = 7.0
LINE_SWATCH = 14.0
"""Width of a line chart's legend key (a short line with a marker)."""


def plot_ratio(chart: Chart) -> float:
    """Plot height / chart width: lower for a chart of few categories."""
    return SMALL_PLOT_RATIO if len(chart.categories) <= SMALL_CATEGORIES else PLOT_RATIO


def category_order(chart: Chart) -> list[int]:
    """Categories from left to right: mirrored in a right-to-left chart unless they are time."""
    return display_order(len(chart.categories), chart.rtl and not chart.timeline)


def check(chart: Chart) -> None:
    """Reject charts the renderers cannot draw truthfully (raise ``ValueError``)."""
    if chart.kind not in KINDS:
        raise ValueError(f"unknown chart kind {chart.kind!r} (expected one of {', '.join(KINDS)})")
    if not chart.categories or not chart.series:
        raise ValueError(f"chart {chart.title!r} needs at least one category and one series")
    for series in chart.series:
        if len(series.values) != len(chart.categories):
            raise ValueError(f"chart {chart.title!r}: series {series.name!r} has {len(series.values)} values "
                             f"for {len(chart.categories)} categories")
        if series.labels and len(series.labels) != len(series.values):
            raise ValueError(f"chart {chart.title!r}: series {series.name!r} has {len(series.labels)} labels "
                             f"for {len(series.values)} values")
        for value in series.values:
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"chart {chart.title!r}: series {series.name!r} has the value {value!r}; "
                                 "charts draw finite values from 0 up")


class _Lines:
    """Stacks lines of text from the top down."""

    def __init__(self, metrics: Metrics, top: float) -> None:
        self.m, self.y = metrics, top

    def baseline(self, size: float) -> float:
        """Take one line of ``size`` and return its baseline."""
        m = self.m
        lead = m.leading * size
        base = self.y + (lead - (m.ascent + m.descent) * size) / 2 + m.ascent * size
        self.y += lead
        return base


def layout_chart(chart: Chart, width: float, measure: Measure,
                 tick_format: Callable[[float], str] | None = None) -> ChartLayout:
    """Place every part of ``chart`` in a box ``width`` points wide; the height follows."""
    check(chart)
    rtl = chart.rtl
    m = ARABIC if rtl else LATIN
    inner = width - 2 * PAD
    start_x, start_align = (width - PAD, "right") if rtl else (PAD, "left")
    texts: list[Text] = []
    rules: list[Rule] = []
    swatches: list[Box] = []
    stack = _Lines(m, PAD)

    # Title.
    if chart.title.strip():
        for line in wrap(clean(chart.title), TITLE_SIZE, True, inner, measure):
            texts.append(Text(line, start_x, stack.baseline(TITLE_SIZE), TITLE_SIZE, bold=True, align=start_align))
        stack.y += 3

    # Legend (only when there is something to tell apart).
    series_order = display_order(len(chart.series), rtl)
    if len(chart.series) > 1:
        stack.y = _legend(chart, inner, measure, m, stack.y, swatches, texts)
        stack.y += 3

    # Value axis: ticks, their labels and the plot's horizontal extent.
    top_value = max(max(s.values) for s in chart.series)
    ticks = nice_ticks(top_value)
    if tick_format is None:
        decimals = tick_decimals(ticks)
        group, decimal = number_style(chart)
        tick_texts = [format_tick(t, decimals, group, decimal) for t in ticks]
    else:
        tick_texts = [clean(tick_format(t)) for t in ticks]
    tick_room = max(measure(t, TICK_SIZE, False) for t in tick_texts) + 4
    plot_x = PAD if rtl else PAD + tick_room
    plot_w = inner - tick_room
    n = len(chart.categories)
    slot = plot_w / n
    order = category_order(chart)

    # Bars inside a slot.
    k = len(chart.series)
    if chart.kind == "bar":
        spacing = min(1.5, slot * 0.02) if k > 1 else 0.0
        group_w = slot * (0.74 if k > 1 else 0.6)
        bar_w = min(MAX_BAR, (group_w - (k - 1) * spacing) / k)
        group_w = k * bar_w + (k - 1) * spacing
        pitch = bar_w + spacing if k > 1 else slot
    else:
        spacing, bar_w, group_w, pitch = 0.0, 0.0, 0.0, slot
    group_spacing = slot - group_w

    # Value labels shrink (down to a floor) until neighbours do not touch.
    labels = [label for s in chart.series for label in s.labels]
    value_size = VALUE_SIZE
    if labels:
        widest = max(measure(clean(label), VALUE_SIZE, False) for label in labels)
        if widest > pitch - 1.5:
            value_size = max(MIN_VALUE_SIZE, math.floor(VALUE_SIZE * (pitch - 1.5) / widest * 2) / 2)

    # Caption of the value axis, on the axis side above the plot.
    if chart.value_axis:
        caption_x, caption_align = (plot_x + plot_w + tick_room, "right") if rtl else (PAD, "left")
        texts.append(Text(clean(chart.value_axis), caption_x, stack.baseline(CAPTION_SIZE), CAPTION_SIZE,
                          align=caption_align, role="muted"))
    headroom = (m.ascent + m.descent) * value_size + NUDGE + (MARKER / 2 if chart.kind == "line" else 0) + 1
    plot_top = stack.y + headroom
    plot_h = width * plot_ratio(chart)
    plot = Box(plot_x, plot_top, plot_w, plot_h)
    bottom = plot_top + plot_h

    def value_y(value: float) -> float:
        return bottom - value / ticks[-1] * plot_h

    for tick, label in zip(ticks, tick_texts, strict=True):
        y = value_y(tick)
        if tick:
            rules.append(Rule(plot_x, y, plot_x + plot_w, y, "grid"))
        baseline = y + (m.ascent - m.descent) / 2 * TICK_SIZE
        if rtl:
            texts.append(Text(label, plot_x + plot_w + 4, baseline, TICK_SIZE, align="left", role="muted"))
        else:
            texts.append(Text(label, plot_x - 4, baseline, TICK_SIZE, align="right", role="muted"))

    # Marks and their value labels.
    bars: list[Box] = []
    lines: list[Polyline] = []
    markers: list[tuple[float, float, int]] = []
    if chart.kind == "bar":
        for j, c in enumerate(order):
            for p, s in enumerate(series_order):
                series = chart.series[s]
                x = plot_x + j * slot + group_spacing / 2 + p * (bar_w + spacing)
                top = value_y(series.values[c])
                bars.append(Box(x, top, bar_w, bottom - top, s))
        value_texts = _bar_labels(chart, bars, order, series_order, value_size, m, measure,
                                  (plot_x, plot_top - headroom, plot_x + plot_w, bottom))
    else:
        centres = [plot_x + (j + 0.5) * slot for j in range(n)]
        for s in series_order:
            series = chart.series[s]
            points = tuple((centres[j], value_y(series.values[c])) for j, c in enumerate(order))
            lines.append(Polyline(s, points))
            markers.extend((x, y, s) for x, y in points)
        value_texts = _point_labels(chart, lines, order, value_y, value_size, m, measure,
                                    (plot_x, plot_top - headroom, plot_x + plot_w, bottom))
    texts.extend(value_texts)
    rules.append(Rule(plot_x, bottom, plot_x + plot_w, bottom, "axis"))

    # Category labels under the axis, wrapped to their slot; smaller when a word does not fit, and
    # only every k-th one (from the first category) when even that is too wide.
    names = [clean(name) for name in chart.categories]
    longest_word = max((measure(w, CATEGORY_SIZE, False) for name in names for w in name.split()), default=0.0)
    size, every = CATEGORY_SIZE, 1
    if longest_word > slot - 2:
        size = max(MIN_CATEGORY_SIZE, math.floor(CATEGORY_SIZE * (slot - 2) / longest_word * 2) / 2)
        while longest_word * size / CATEGORY_SIZE > every * slot - 2 and every < n:
            every += 1
    room = every * slot - 4
    deepest = bottom + 2.5
    for j, c in enumerate(order):
        if c % every:
            continue
        name_lines = wrap(names[c], size, False, room, measure)
        half = max(measure(line, size, False) for line in name_lines) / 2
        centre = min(max(plot_x + (j + 0.5) * slot, PAD + half), width - PAD - half)
        column = _Lines(m, bottom + 2.5)
        for line in name_lines:
            texts.append(Text(line, centre, column.baseline(size), size, align="center"))
        deepest = max(deepest, column.y)
    stack.y = deepest + 5

    # Source line.
    if chart.source.strip():
        for line in wrap(clean(chart.source), SOURCE_SIZE, False, inner, measure):
            texts.append(Text(line, start_x, stack.baseline(SOURCE_SIZE), SOURCE_SIZE, align=start_align,
                              role="muted"))
    height = stack.y + PAD
    return ChartLayout(kind=chart.kind, width=width, height=height, plot=plot, ticks=tuple(ticks),
                       category_order=tuple(order), series_order=tuple(series_order), bar_width=bar_w,
                       bar_spacing=spacing, group_spacing=group_spacing, rules=tuple(rules), bars=tuple(bars),
                       lines=tuple(lines), markers=tuple(markers), swatches=tuple(swatches), texts=tuple(texts))


_Rect = tuple[float, float, float, float]
"""left, top, right, bottom."""


def _bar_labels(chart: Chart, bars: list[Box], order: list[int], series_order: list[int], size: float,
                m: Metrics, measure: Measure, bounds: _Rect) -> list[Text]:
    """Value labels above the bars; a label that would touch a neighbour's is raised a line or two.

    Labels are placed in reading order (from the right in right-to-left charts), so the first
    one read stays next to its bar.
    """
    text_h = (m.ascent + m.descent) * size
    rects = [(b.x, b.y, b.x + b.width, b.y + b.height) for b in bars]
    taken: list[_Rect] = []
    out: list[Text] = []
    per_slot = len(series_order)
    positions = range(len(bars))
    for i in (reversed(positions) if chart.rtl else positions):
        bar = bars[i]
        series = chart.series[bar.series]
        if not series.labels:
            continue
        label = clean(series.labels[order[i // per_slot]])
        w = measure(label, size, False)
        centre = bar.x + bar.width / 2
        candidates = [(centre - w / 2, bar.y - NUDGE - text_h - level * (text_h + 2), centre + w / 2,
                       bar.y - NUDGE - level * (text_h + 2)) for level in range(3)]
        others = rects[:i] + rects[i + 1:]
        best = min(range(len(candidates)),
                   key=lambda k: (_collisions(candidates[k], [], others, taken, bounds), k))
        rect = candidates[best]
        taken.append(rect)
        out.append(Text(label, centre, rect[3] - m.descent * size, size, align="center"))
    return out


def _point_labels(chart: Chart, lines: list[Polyline], order: list[int], value_y: Callable[[float], float],
                  size: float, m: Metrics, measure: Measure, bounds: _Rect) -> list[Text]:
    """Value labels of a line chart, each where it touches no line, marker or other label.

    Tried in this order: above the point, below it, then beside it (above or below, to the
    left or right: a rising or falling line leaves one of those corners free). When every
    place collides, the one with the fewest collisions is taken.
    """
    segments = [(a, b) for line in lines for a, b in zip(line.points, line.points[1:], strict=False)]
    by_series = {line.series: line.points for line in lines}
    radius = MARKER / 2
    dots: list[_Rect] = [(x - radius, y - radius, x + radius, y + radius)
                         for points in by_series.values() for x, y in points]
    taken: list[_Rect] = []
    out: list[Text] = []
    text_h = (m.ascent + m.descent) * size
    gap = radius + NUDGE
    for j, _c in enumerate(order):
        for s, series in enumerate(chart.series):
            if not series.labels:
                continue
            label = clean(series.labels[order[j]])
            w = measure(label, size, False)
            x, y = by_series[s][j]
            side = radius + 0.8
            candidates = [  # (rect, anchor x, align)
                ((x - w / 2, y - gap - text_h, x + w / 2, y - gap), x, "center"),
                ((x - w / 2, y + gap, x + w / 2, y + gap + text_h), x, "center"),
                ((x - side - w, y - 1 - text_h, x - side, y - 1), x - side, "right"),
                ((x + side, y - 1 - text_h, x + side + w, y - 1), x + side, "left"),
                ((x - side - w, y + 1, x - side, y + 1 + text_h), x - side, "right"),
                ((x + side, y + 1, x + side + w, y + 1 + text_h), x + side, "left"),
            ]
            best = min(range(len(candidates)),
                       key=lambda i: (_collisions(candidates[i][0], segments, dots, taken, bounds), i))
            rect, anchor, align = candidates[best]
            taken.append(rect)
            out.append(Text(label, anchor, rect[3] - m.descent * size, size, align=align))
    return out


def _collisions(rect: _Rect, segments: list[tuple[tuple[float, float], tuple[float, float]]],
                dots: list[_Rect], taken: list[_Rect], bounds: _Rect) -> int:
    left, top, right, bottom = rect
    margin = 0.8
    grown = (left - margin, top - margin, right + margin, bottom + margin)
    count = sum(_segment_hits(grown, a, b) for a, b in segments)
    count += sum(_overlap(grown, other) for other in (*dots, *taken))
    if left < bounds[0] - 2 or right > bounds[2] + 2 or top < bounds[1] or bottom > bounds[3] - 1:
        count += 100
    return count


def _overlap(a: _Rect, b: _Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_hits(rect: _Rect, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the segment a–b passes through the rectangle (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - rect[0]), (dx, rect[2] - x0), (-dy, y0 - rect[1]), (dy, rect[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _legend(chart: Chart, inner: float, measure: Measure, m: Metrics, top: float, swatches: list[Box],
            texts: list[Text]) -> float:
    """Legend keys in reading order (from the right in right-to-left charts), wrapped into rows."""
    rtl = chart.rtl
    key_w = LINE_SWATCH if chart.kind == "line" else SWATCH
    gap, item_gap = 3.0, 12.0
    items = [(s, clean(series.name)) for s, series in enumerate(chart.series)]
    widths = [key_w + gap + measure(name, LEGEND_SIZE, False) for _, name in items]
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, item_w in enumerate(widths):
        if rows[-1] and used + item_gap + item_w > inner:
            rows.append([])
            used = 0.0
        used += (item_gap if rows[-1] else 0) + item_w
        rows[-1].append(i)
    row_h = max(m.leading * LEGEND_SIZE, SWATCH + 3)
    y = top
    for row in rows:
        centre = y + row_h / 2
        baseline = centre + (m.ascent - m.descent) / 2 * LEGEND_SIZE
        cursor = inner + PAD if rtl else PAD
        for i in row:
            s, name = items[i]
            if rtl:
                swatches.append(Box(cursor - key_w, centre - SWATCH / 2, key_w, SWATCH, s))
                texts.append(Text(name, cursor - key_w - gap, baseline, LEGEND_SIZE, align="right"))
                cursor -= widths[i] + item_gap
            else:
                swatches.append(Box(cursor, centre - SWATCH / 2, key_w, SWATCH, s))
                texts.append(Text(name, cursor + key_w + gap, baseline, LEGEND_SIZE, align="left"))
                cursor += widths[i] + item_gap
        y += row_h
    return y
