"""Charts and maps as inline SVG for the HTML edition, drawn from the shared layouts.

The geometry comes from :mod:`sitrep.render.chart_layout` and :mod:`sitrep.render.map_layout`,
the same as the PDF's vectors and the DOCX's pictures; text is measured with the font files the
PNG pictures use (Pillow), so the layout is the one the other formats show. The SVG's user unit
is the layout's point, and the ``viewBox`` lets the browser scale the picture to the column (a
phone shows the whole chart, smaller). Text stays in logical order: the browser shapes and orders
it (``direction="rtl"`` on a right-to-left picture), and takes its font from the page's stack.

Every text is escaped; numbers are written with two decimals at most, so the same chart gives
the same bytes. This module imports no PDF or DOCX library (only Pillow, to measure text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

from sitrep.compose.document import AreaMap, Chart
from sitrep.render.chart_layout import AXIS_WIDTH, GRID_WIDTH, LINE_WIDTH, MARKER, Measure, Text, layout_chart
from sitrep.render.chart_style import ChartColors
from sitrep.render.map_layout import (
    AREA_EDGE,
    AREA_EDGE_WIDTH,
    FRAME,
    FRAME_WIDTH,
    HALO,
    LABEL_BACKING,
    MARKER_EDGE_WIDTH,
    MARKER_RADIUS,
    OUTLINE,
    OUTLINE_WIDTH,
    SCALE_WIDTH,
    TEXT,
    layout_map,
    shade_color,
)
from sitrep.render.map_layout import MARKER as LOCATION

__all__ = ["MIN_BAR", "chart_svg", "map_svg", "pillow_measure"]

MIN_BAR = 0.5
"""Points of bar drawn for a value too small to show at the chart's scale (not zero)."""
_MEASURE_SCALE = 200 / 72
"""Text is measured at the PNG pictures' scale (200 dpi), so the layout is exactly theirs."""


def pillow_measure(regular: Path, bold: Path, rtl: bool) -> Measure:
    """Text width in points, measured with the font files the PNG pictures use (Pillow, raqm when present)."""
    from sitrep.render.chart_png import _text_mode
    from sitrep.render.map_png import _fonts

    text_of, options = _text_mode(rtl)
    fonts = _fonts(regular, bold, _MEASURE_SCALE)  # measured large: hinting at 7 px would round the widths

    def measure(text: str, size: float, is_bold: bool) -> float:
        return float(fonts.get(size, is_bold).getlength(text_of(text), **options)) / _MEASURE_SCALE

    return measure


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros (short, and the same bytes every run)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _anchor(align: str, rtl: bool) -> str:
    """SVG ``text-anchor`` for a layout alignment: in right-to-left text ``start`` is the right end."""
    if align == "center":
        return "middle"
    return "end" if (align == "right") != rtl else "start"


def _text(t: Text, rtl: bool, fill: str) -> str:
    weight = ' font-weight="700"' if t.bold else ""
    return (f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}"{weight} text-anchor="{_anchor(t.align, rtl)}"'
            f' fill="{fill}">{escape(t.text)}</text>')


def _open(width: float, height: float, title: str, description: str, rtl: bool, uid: str) -> list[str]:
    """The ``<svg>`` element with its accessible name (``<title>``) and description (``<desc>``)."""
    direction = ' direction="rtl"' if rtl else ""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" role="img"'
            f' aria-labelledby="{uid}-t {uid}-d"{direction} class="figure">',
            f'<title id="{uid}-t">{escape(title)}</title>',
            f'<desc id="{uid}-d">{escape(description or title)}</desc>']


def chart_svg(chart: Chart, width: float, measure: Measure, colors: ChartColors, uid: str,
              tick_format: Callable[[float], str] | None = None) -> str:
    """``chart`` as an inline ``<svg>`` of ``width`` points (its ``viewBox``); ``uid`` keeps its ids unique."""
    lay = layout_chart(chart, width, measure, tick_format=tick_format)
    out = _open(lay.width, lay.height, chart.title, chart.description, chart.rtl, uid)
    role = {"text": colors.text, "muted": colors.muted, "grid": colors.grid, "axis": colors.muted}
    for rule in lay.rules:
        if rule.role == "grid":
            out.append(f'<line x1="{_n(rule.x0)}" y1="{_n(rule.y0)}" x2="{_n(rule.x1)}" y2="{_n(rule.y1)}"'
                       f' stroke="{colors.grid}" stroke-width="{_n(GRID_WIDTH)}"/>')
    for bar in lay.bars:
        # A value that is not zero shows at least a hairline of bar, as in the PNG; zero shows none.
        height = max(bar.height, MIN_BAR) if bar.height > 0 else 0.0
        out.append(f'<rect x="{_n(bar.x)}" y="{_n(bar.y + bar.height - height)}" width="{_n(bar.width)}"'
                   f' height="{_n(height)}" fill="{colors.for_series(bar.series)}"/>')
    for line in lay.lines:
        out.append(f'<polyline points="{_points(line.points)}" fill="none" stroke="{colors.for_series(line.series)}"'
                   f' stroke-width="{_n(LINE_WIDTH)}" stroke-linejoin="round"/>')
    for x, y, s in lay.markers:
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(MARKER / 2)}" fill="{colors.for_series(s)}"/>')
    for rule in lay.rules:
        if rule.role == "axis":
            out.append(f'<line x1="{_n(rule.x0)}" y1="{_n(rule.y0)}" x2="{_n(rule.x1)}" y2="{_n(rule.y1)}"'
                       f' stroke="{colors.muted}" stroke-width="{_n(AXIS_WIDTH)}"/>')
    for key in lay.swatches:
        color = colors.for_series(key.series)
        if chart.kind == "line":
            middle = key.y + key.height / 2
            out.append(f'<line x1="{_n(key.x)}" y1="{_n(middle)}" x2="{_n(key.x + key.width)}" y2="{_n(middle)}"'
                       f' stroke="{color}" stroke-width="{_n(LINE_WIDTH)}"/>')
            out.append(f'<circle cx="{_n(key.x + key.width / 2)}" cy="{_n(middle)}" r="{_n(MARKER / 2)}"'
                       f' fill="{color}"/>')
        else:
            out.append(f'<rect x="{_n(key.x)}" y="{_n(key.y)}" width="{_n(key.width)}" height="{_n(key.height)}"'
                       f' fill="{color}"/>')
    out += [_text(t, chart.rtl, role.get(t.role, colors.text)) for t in lay.texts]
    out.append("</svg>")
    return "\n".join(out)


def _ring_path(rings: Iterable[tuple[tuple[float, float], ...]]) -> str:
    return " ".join("M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in ring) + " Z" for ring in rings if ring)


def map_svg(block: AreaMap, width: float, measure: Measure, muted: str, uid: str) -> str:
    """``block`` as an inline ``<svg>`` of ``width`` points; the frame clips the areas like the PDF's path."""
    lay = layout_map(block, width, measure)
    out = _open(lay.width, lay.height, block.title, block.description, block.rtl, uid)
    f = lay.frame
    out.append(f'<clipPath id="{uid}-clip"><rect x="{_n(f.x)}" y="{_n(f.y)}" width="{_n(f.width)}"'
               f' height="{_n(f.height)}"/></clipPath>')
    out.append(f'<g clip-path="url(#{uid}-clip)">')
    for area in lay.areas:
        out.append(f'<path d="{_ring_path(area.rings)}" fill="{shade_color(area.shade, lay.classes)}"'
                   f' fill-rule="evenodd" stroke="{AREA_EDGE}" stroke-width="{_n(AREA_EDGE_WIDTH)}"/>')
    if lay.outlines:
        out.append(f'<path d="{_ring_path(lay.outlines)}" fill="none" stroke="{OUTLINE}"'
                   f' stroke-width="{_n(OUTLINE_WIDTH)}"/>')
    out += [_dot(x, y) for x, y in lay.markers]
    out.append("</g>")
    out.append(f'<rect x="{_n(f.x)}" y="{_n(f.y)}" width="{_n(f.width)}" height="{_n(f.height)}" fill="none"'
               f' stroke="{FRAME}" stroke-width="{_n(FRAME_WIDTH)}"/>')
    for s in lay.swatches:
        if s.shade == -2:
            middle = s.y + s.height / 2
            out.append(f'<line x1="{_n(s.x)}" y1="{_n(middle)}" x2="{_n(s.x + s.width)}" y2="{_n(middle)}"'
                       f' stroke="{OUTLINE}" stroke-width="{_n(OUTLINE_WIDTH)}"/>')
        elif s.shade == -3:
            out.append(_dot(s.x + s.width / 2, s.y + s.height / 2))
        else:
            out.append(f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.width)}" height="{_n(s.height)}"'
                       f' fill="{shade_color(s.shade, lay.classes)}" stroke="{FRAME}" stroke-width="0.5"/>')
    x, y, length = lay.scale
    if length > 0:
        out.append(f'<path d="M{_n(x)} {_n(y - 2.5)} L{_n(x)} {_n(y)} L{_n(x + length)} {_n(y)}'
                   f' L{_n(x + length)} {_n(y - 2.5)}" fill="none" stroke="{TEXT}" stroke-width="{_n(SCALE_WIDTH)}"/>')
    for t in lay.texts:
        if t.role == "label":  # a light backing keeps a name readable on every shade
            w = measure(t.text, t.size, t.bold)
            out.append(f'<rect x="{_n(t.x - w / 2 - HALO)}" y="{_n(t.y - 0.85 * t.size - HALO / 2)}"'
                       f' width="{_n(w + 2 * HALO)}" height="{_n(1.15 * t.size + HALO)}" fill="#FFFFFF"'
                       f' fill-opacity="{_n(LABEL_BACKING)}"/>')
        out.append(_text(t, block.rtl, muted if t.role == "muted" else TEXT))
    out.append("</svg>")
    return "\n".join(out)


def _dot(x: float, y: float) -> str:
    return (f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(MARKER_RADIUS)}" fill="{LOCATION}" stroke="#FFFFFF"'
            f' stroke-width="{_n(MARKER_EDGE_WIDTH)}"/>')
