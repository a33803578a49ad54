"""Charts as PNG images (for the DOCX), drawn with Pillow from the shared chart layout.

The geometry comes from :mod:`sitrep.render.chart_layout`, the same as the PDF's vector chart;
only text is measured here, with the font files themselves. Arabic is shaped and ordered by
Pillow's raqm layout engine (HarfBuzz + FriBiDi, in the Pillow wheels): text is passed in
logical order with ``direction="rtl"``. Without raqm (a Pillow built without it) Arabic is
reshaped and bidi-ordered beforehand instead.

The image is drawn at twice its size and reduced (smooth edges on lines and markers, text
included), and saved without metadata apart from its resolution, so the bytes depend only on
the chart, the fonts and the Pillow version.

This module must not import reportlab or fontTools (the DOCX renderer uses it).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitrep.compose.document import Chart
from sitrep.render.chart_layout import AXIS_WIDTH, GRID_WIDTH, LINE_WIDTH, MARKER, layout_chart
from sitrep.render.chart_style import ChartColors
from sitrep.render.direction import mark_runs, strip_controls

SUPERSAMPLE = 2
_ANCHOR = {"left": "ls", "right": "rs", "center": "ms"}


def chart_png(chart: Chart, width_px: int, *, regular: Path, bold: Path, colors: ChartColors, dpi: int = 200,
              tick_format: Callable[[float], str] | None = None) -> bytes:
    """``chart`` as PNG bytes, ``width_px`` pixels wide, laid out for ``dpi`` (1600 px at 200 dpi = 8 in).

    ``regular`` and ``bold`` are font files (:func:`~sitrep.render.fonts.font_files`); sizes are in
    points at ``dpi``, so the image placed at ``width_px / dpi`` inches shows text at the PDF's sizes.
    """
    from PIL import Image, ImageDraw

    if width_px < 50:
        raise ValueError(f"a chart image needs at least 50 pixels of width, not {width_px}")
    scale = dpi / 72
    k = scale * SUPERSAMPLE
    text_of, text_options = _text_mode(chart.rtl)
    fonts = _Fonts(regular, bold, k)

    def measure(text: str, size: float, is_bold: bool) -> float:
        return float(fonts.get(size, is_bold).getlength(text_of(text), **text_options)) / k

    lay = layout_chart(chart, width_px / scale, measure, tick_format=tick_format)
    height_px = max(1, round(lay.height * scale))
    image = Image.new("RGB", (width_px * SUPERSAMPLE, height_px * SUPERSAMPLE), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    role_color = {"text": colors.text, "muted": colors.muted, "grid": colors.grid, "axis": colors.muted}

    def px(value: float) -> float:
        return value * k

    def stroke(width_pt: float) -> int:
        return max(1, round(width_pt * k))

    for rule in lay.rules:
        if rule.role == "grid":
            draw.line([(px(rule.x0), px(rule.y0)), (px(rule.x1), px(rule.y1))], fill=colors.grid,
                      width=stroke(GRID_WIDTH))

    def box(x: float, y: float, width: float, height: float, fill: str, min_height: int = 0) -> None:
        x0, y0, x1, y1 = round(px(x)), round(px(y)), round(px(x + width)), round(px(y + height))
        y0 = min(y0, y1 - min_height)
        if x1 > x0 and y1 > y0:
            draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=fill)

    for bar in lay.bars:
        # A value that is not zero shows at least one pixel of bar; zero shows none (its label "0" does).
        box(bar.x, bar.y, bar.width, bar.height, colors.for_series(bar.series),
            min_height=SUPERSAMPLE if bar.height > 0 else 0)
    for line in lay.lines:
        draw.line([(px(x), px(y)) for x, y in line.points], fill=colors.for_series(line.series),
                  width=stroke(LINE_WIDTH), joint="curve")
    radius = MARKER / 2 * k
    for x, y, s in lay.markers:
        draw.ellipse([px(x) - radius, px(y) - radius, px(x) + radius, px(y) + radius], fill=colors.for_series(s))
    for rule in lay.rules:
        if rule.role == "axis":
            draw.line([(px(rule.x0), px(rule.y0)), (px(rule.x1), px(rule.y1))], fill=role_color["axis"],
                      width=stroke(AXIS_WIDTH))
    for key in lay.swatches:
        color = colors.for_series(key.series)
        if chart.kind == "line":
            middle = px(key.y + key.height / 2)
            draw.line([(px(key.x), middle), (px(key.x + key.width), middle)], fill=color, width=stroke(LINE_WIDTH))
            centre = px(key.x + key.width / 2)
            draw.ellipse([centre - radius, middle - radius, centre + radius, middle + radius], fill=color)
        else:
            box(key.x, key.y, key.width, key.height, color)
    for text in lay.texts:
        draw.text((px(text.x), px(text.y)), text_of(text.text), font=fonts.get(text.size, text.bold),
                  fill=role_color[text.role], anchor=_ANCHOR[text.align], **text_options)

    image = image.resize((width_px, height_px), Image.Resampling.BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6, dpi=(dpi, dpi), pnginfo=None)
    return out.getvalue()


class _Fonts:
    """Pillow fonts by (size in points, bold), at the drawing's scale."""

    def __init__(self, regular: Path, bold: Path, scale: float) -> None:
        self.paths = {False: regular, True: bold}
        self.scale = scale
        self.cache: dict[tuple[float, bool], Any] = {}

    def get(self, size: float, bold: bool) -> Any:
        key = (size, bold)
        if key not in self.cache:
            from PIL import ImageFont, features

            engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
            self.cache[key] = ImageFont.truetype(str(self.paths[bold]), size * self.scale, layout_engine=engine)
        return self.cache[key]


def _text_mode(rtl: bool) -> tuple[Callable[[str], str], dict[str, Any]]:
    """How text is handed to Pillow: (transform, keyword arguments of ``text``/``getlength``)."""
    from PIL import features

    if features.check("raqm"):
        if rtl:  # raqm orders the text itself; the runs are marked by the same rule as everywhere
            return mark_runs, {"direction": "rtl", "language": "ar"}
        return str, {"direction": "ltr"}
    if not rtl:
        return str, {}
    return _shaped_visual, {}


def _shaped_visual(text: str) -> str:
    """Arabic joined and in display order, for a Pillow without raqm (the basic engine does neither)."""
    from arabic_reshaper import ArabicReshaper
    from bidi.algorithm import get_display

    reshaped = ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True}).reshape(
        mark_runs(text))
    return strip_controls(str(get_display(reshaped, base_dir="R")))


__all__ = ["chart_png"]
