"""The map in the PDF: vectors drawn on the canvas from the shared map layout.

Areas are filled paths (even-odd, so holes stay open) clipped to the map frame, with thin
white edges between them, the governorate outlines and the location dots on top; the legend, scale bar, labels
and notes sit where :mod:`sitrep.render.map_layout` put them, the same places the DOCX's PNG
shows them. Right-to-left text is shaped and ordered for display line by line
(:func:`~sitrep.render.pdf_rtl.shape` then :func:`~sitrep.render.pdf_rtl.visual`), after the
layout has wrapped it. Each label appears once in the text layer: its backing is a white box,
not a second copy of the text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from sitrep.compose.document import AreaMap
from sitrep.render.fonts import FontFace
from sitrep.render.map_layout import (
    AREA_EDGE,
    AREA_EDGE_WIDTH,
    FRAME,
    FRAME_WIDTH,
    HALO,
    LABEL_BACKING,
    MARKER,
    MARKER_EDGE_WIDTH,
    MARKER_RADIUS,
    OUTLINE,
    OUTLINE_WIDTH,
    SCALE_WIDTH,
    TEXT,
    MapLayout,
    layout_map,
    shade_color,
)


class MapFlowable(Flowable):
    """A platypus flowable that draws one :class:`AreaMap` ``width`` points wide."""

    def __init__(self, block: AreaMap, width: float, *, font: FontFace, muted: str) -> None:
        super().__init__()
        self.block, self.font, self.muted = block, font, muted
        self.display = _display(block.rtl)
        self.layout, self.paths = _prepared(block, width, font)
        self.width, self.height = width, self.layout.height
        self.hAlign = "RIGHT" if block.rtl else "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_map(self.canv, self.layout, self.paths, font=self.font, muted=self.muted, display=self.display)


@lru_cache(maxsize=8)
def _prepared(block: AreaMap, width: float, font: FontFace) -> tuple[MapLayout, tuple[str, ...]]:
    """The layout and each area's path operators, computed once for both passes of the PDF
    renderer (the first only counts pages)."""
    display = _display(block.rtl)

    def measure(text: str, size: float, bold: bool) -> float:
        return float(stringWidth(display(text), font.bold if bold else font.regular, size))

    lay = layout_map(block, width, measure)
    paths = tuple(_path_ops(area.rings, lay.height) for area in lay.areas)
    return lay, (*paths, _path_ops(lay.outlines, lay.height))


def _path_ops(rings: Any, height: float) -> str:
    """PDF path construction operators (m, l, h) for closed rings, y flipped to the PDF's upward axis.

    Written directly: reportlab's path object formats every number in Python, which took most
    of the map's drawing time for a few thousand vertices."""
    parts = []
    for ring in rings:
        (x0, y0), *rest = ring
        parts.append(f"{x0:.1f} {height - y0:.1f} m")
        parts.extend(f"{x:.1f} {height - y:.1f} l" for x, y in rest)
        parts.append("h")
    return "\n".join(parts)


def draw_map(canvas: Any, lay: MapLayout, paths: tuple[str, ...], *, font: FontFace, muted: str,
             display: Callable[[str], str]) -> None:
    """Draw ``lay`` with its top-left corner at the canvas origin's top (y up from the bottom edge);
    ``paths`` holds each area's path operators and, last, the outlines' (:func:`_prepared`)."""
    h = lay.height
    f = lay.frame
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(f.x, h - f.y - f.height, f.width, f.height)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.setStrokeColor(HexColor(AREA_EDGE))
    canvas.setLineWidth(AREA_EDGE_WIDTH)
    canvas.setLineJoin(1)
    for area, ops in zip(lay.areas, paths, strict=False):
        if area.rings:
            canvas.setFillColor(HexColor(shade_color(area.shade, lay.classes)))
            canvas.addLiteral(ops + "\nB*")  # fill even-odd (holes stay open), then stroke
    canvas.setStrokeColor(HexColor(OUTLINE))
    canvas.setLineWidth(OUTLINE_WIDTH)
    if lay.outlines:
        canvas.addLiteral(paths[-1] + "\nS")
    if lay.markers:
        canvas.addLiteral(_dots(lay.markers, h))
    canvas.restoreState()

    canvas.saveState()
    canvas.setStrokeColor(HexColor(FRAME))
    canvas.setLineWidth(FRAME_WIDTH)
    canvas.rect(f.x, h - f.y - f.height, f.width, f.height, stroke=1, fill=0)
    for s in lay.swatches:
        if s.shade == -2:
            canvas.setStrokeColor(HexColor(OUTLINE))
            canvas.setLineWidth(OUTLINE_WIDTH)
            canvas.line(s.x, h - s.y - s.height / 2, s.x + s.width, h - s.y - s.height / 2)
        elif s.shade == -3:
            canvas.addLiteral(_dots(((s.x + s.width / 2, s.y + s.height / 2),), h))
        else:
            canvas.setFillColor(HexColor(shade_color(s.shade, lay.classes)))
            canvas.setStrokeColor(HexColor(FRAME))
            canvas.setLineWidth(0.3)
            canvas.rect(s.x, h - s.y - s.height, s.width, s.height, stroke=1, fill=1)
    x, y, length = lay.scale
    if length > 0:
        canvas.setStrokeColor(HexColor(TEXT))
        canvas.setLineWidth(SCALE_WIDTH)
        canvas.line(x, h - y, x + length, h - y)
        canvas.setLineWidth(0.6)
        for tick in (x, x + length):
            canvas.line(tick, h - y + 2.5, tick, h - y)
    colors = {"text": HexColor(TEXT), "muted": HexColor(muted), "label": HexColor(TEXT)}
    for t in lay.texts:
        name = font.bold if t.bold else font.regular
        shown = display(t.text)
        if t.role == "label":
            w = stringWidth(shown, name, t.size)
            canvas.setFillColor(Color(1, 1, 1, alpha=LABEL_BACKING))
            canvas.rect(t.x - w / 2 - HALO, h - t.y - 0.3 * t.size - HALO / 2, w + 2 * HALO, 1.15 * t.size + HALO,
                        stroke=0, fill=1)
        canvas.setFillColor(colors[t.role])
        canvas.setFont(name, t.size)
        draw = {"left": canvas.drawString, "right": canvas.drawRightString, "center": canvas.drawCentredString}
        draw[t.align](t.x, h - t.y, shown)
    canvas.restoreState()


def _dots(centres: Any, height: float) -> str:
    """The location dots as PDF operators: one path of circles (four Bézier arcs each), filled
    dark and edged white in one ``B`` operation; the graphics state is restored by the caller's
    ``restoreState`` (colours and width are set here as operators)."""
    r, k = MARKER_RADIUS, MARKER_RADIUS * 0.5523
    fill = HexColor(MARKER)
    parts = [f"q {fill.red:.3f} {fill.green:.3f} {fill.blue:.3f} rg 1 1 1 RG {MARKER_EDGE_WIDTH} w"]
    for x, y0 in centres:
        y = height - y0
        parts.append(f"{x + r:.2f} {y:.2f} m {x + r:.2f} {y + k:.2f} {x + k:.2f} {y + r:.2f} {x:.2f} {y + r:.2f} c "
                     f"{x - k:.2f} {y + r:.2f} {x - r:.2f} {y + k:.2f} {x - r:.2f} {y:.2f} c "
                     f"{x - r:.2f} {y - k:.2f} {x - k:.2f} {y - r:.2f} {x:.2f} {y - r:.2f} c "
                     f"{x + k:.2f} {y - r:.2f} {x + r:.2f} {y - k:.2f} {x + r:.2f} {y:.2f} c h")
    parts.append("B Q")
    return "\n".join(parts)


def _display(rtl: bool) -> Callable[[str], str]:
    if not rtl:
        return str
    return _rtl_display


@lru_cache(maxsize=4096)
def _rtl_display(text: str) -> str:
    """Shaped and in display order; cached, as line breaking measures the same words many times."""
    from sitrep.render.pdf_rtl import shape, visual

    return visual(shape(text))


__all__ = ["MapFlowable", "draw_map"]
