"""The map as a PNG image (for the DOCX), drawn with Pillow from the shared map layout.

The geometry comes from :mod:`sitrep.render.map_layout`, the same as the PDF's vectors; only
text is measured here, with the font files themselves, and shaped the way the chart images
shape it (:mod:`sitrep.render.chart_png`: raqm when Pillow has it). The areas are drawn at
twice the size and reduced (smooth edges); the image is saved with only its resolution as
metadata, so the bytes depend only on the map, the fonts and the Pillow version.

This module must not import reportlab or fontTools (the DOCX renderer uses it).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.compose.document import AreaMap
from sitrep.render.chart_png import _Fonts, _text_mode
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
    layout_map,
    shade_color,
)

SUPERSAMPLE = 2
_ANCHOR = {"left": "ls", "right": "rs", "center": "ms"}


def map_png(block: AreaMap, width_px: int, *, regular: Path, bold: Path, muted: str, dpi: int = 200) -> bytes:
    """``block`` as PNG bytes, ``width_px`` pixels wide, laid out for ``dpi`` (sizes in points at ``dpi``)."""
    from PIL import Image, ImageDraw

    if width_px < 100:
        raise ValueError(f"a map image needs at least 100 pixels of width, not {width_px}")
    scale = dpi / 72
    text_of, options = _text_mode(block.rtl)
    fonts = _fonts(regular, bold, scale)

    def measure(text: str, size: float, is_bold: bool) -> float:
        return float(fonts.get(size, is_bold).getlength(text_of(text), **options)) / scale

    lay = layout_map(block, width_px / scale, measure)
    height_px = max(1, round(lay.height * scale))
    image = Image.new("RGB", (width_px, height_px), "#FFFFFF")

    def px(value: float) -> float:
        return value * scale

    def stroke(width_pt: float, k: float = scale) -> int:
        return max(1, round(width_pt * k))

    # The areas are drawn at twice the size on a layer as large as the frame, reduced (smooth
    # edges) and pasted in: the frame cuts them like the PDF's clipping path. Text and legend are
    # drawn at the final size (FreeType smooths text itself).
    f = lay.frame
    box = (round(px(f.x)), round(px(f.y)), round(px(f.x + f.width)), round(px(f.y + f.height)))
    k = scale * SUPERSAMPLE
    x0, y0 = f.x, f.y

    def sx(x: float, y: float) -> tuple[float, float]:
        return (x - x0) * k, (y - y0) * k

    layer = Image.new("RGB", ((box[2] - box[0]) * SUPERSAMPLE, (box[3] - box[1]) * SUPERSAMPLE), "#FFFFFF")
    draw = ImageDraw.Draw(layer)
    for area in lay.areas:
        fill = shade_color(area.shade, lay.classes)
        if len(area.rings) == 1:
            draw.polygon([sx(x, y) for x, y in area.rings[0]], fill=fill)
        elif area.rings:
            _fill_even_odd(layer, area.rings, fill, sx)
        for ring in area.rings:
            draw.line([sx(x, y) for x, y in (*ring, ring[0])], fill=AREA_EDGE, width=stroke(AREA_EDGE_WIDTH, k))
    for ring in lay.outlines:
        draw.line([sx(x, y) for x, y in (*ring, ring[0])], fill=OUTLINE, width=stroke(OUTLINE_WIDTH, k))
    for x, y in lay.markers:
        _dot(draw, sx(x, y), k)
    image.paste(layer.reduce(SUPERSAMPLE), box[:2])

    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle(box, outline=FRAME, width=stroke(FRAME_WIDTH))
    for s in lay.swatches:
        if s.shade == -2:
            middle = round(px(s.y + s.height / 2))
            draw.line([(px(s.x), middle), (px(s.x + s.width), middle)], fill=OUTLINE, width=stroke(OUTLINE_WIDTH))
        elif s.shade == -3:
            _dot(draw, (px(s.x + s.width / 2), px(s.y + s.height / 2)), scale)
        else:
            draw.rectangle([round(px(s.x)), round(px(s.y)), round(px(s.x + s.width)), round(px(s.y + s.height))],
                           fill=shade_color(s.shade, lay.classes), outline=FRAME, width=1)
    x, y, length = lay.scale
    if length > 0:
        draw.line([(px(x), px(y)), (px(x + length), px(y))], fill=TEXT, width=stroke(SCALE_WIDTH))
        for tick in (x, x + length):
            draw.line([(px(tick), px(y - 2.5)), (px(tick), px(y))], fill=TEXT, width=stroke(0.6))
    colors = {"text": TEXT, "muted": muted, "label": TEXT}
    backing = (255, 255, 255, round(255 * LABEL_BACKING))
    for t in lay.texts:
        font = fonts.get(t.size, t.bold)
        shown = text_of(t.text)
        if t.role == "label":
            w = float(font.getlength(shown, **options)) / scale
            draw.rectangle([px(t.x - w / 2 - HALO), px(t.y - 0.85 * t.size - HALO / 2),
                            px(t.x + w / 2 + HALO), px(t.y + 0.3 * t.size + HALO / 2)], fill=backing)
        draw.text((px(t.x), px(t.y)), shown, font=font, fill=colors[t.role], anchor=_ANCHOR[t.align], **options)

    out = io.BytesIO()
    # Level 3: most of level 6's compression at two thirds of its time (a palette image would be
    # smaller still, but quantising shifts the legend's colours).
    image.save(out, format="PNG", optimize=False, compress_level=3, dpi=(dpi, dpi), pnginfo=None)
    return out.getvalue()


def _dot(draw: Any, centre: tuple[float, float], k: float) -> None:
    """One location dot at ``centre`` (pixels), ``k`` pixels per point: dark, with a white edge."""
    r, edge = (MARKER_RADIUS + MARKER_EDGE_WIDTH / 2) * k, max(1, round(MARKER_EDGE_WIDTH * k))
    x, y = centre
    draw.ellipse([x - r, y - r, x + r, y + r], fill=MARKER, outline="#FFFFFF", width=edge)


@lru_cache(maxsize=4)
def _fonts(regular: Path, bold: Path, scale: float) -> _Fonts:
    """Fonts kept between images: loading a face and its glyphs again cost more than drawing the map."""
    return _Fonts(regular, bold, scale)


def _fill_even_odd(layer: Any, rings: tuple[tuple[tuple[float, float], ...], ...], fill: str,
                   at: Callable[[float, float], tuple[float, float]]) -> None:
    """Fill the rings even-odd like the PDF (holes stay open, whatever was drawn there stays)."""
    from PIL import Image, ImageChops, ImageDraw

    points = [[at(x, y) for x, y in ring] for ring in rings]
    xs = [x for ring in points for x, _ in ring]
    ys = [y for ring in points for _, y in ring]
    x0, y0 = int(min(xs)), int(min(ys))
    size = (int(max(xs)) - x0 + 2, int(max(ys)) - y0 + 2)
    mask = Image.new("1", size, 0)
    for ring in points:
        one = Image.new("1", size, 0)
        ImageDraw.Draw(one).polygon([(x - x0, y - y0) for x, y in ring], fill=1)
        mask = ImageChops.logical_xor(mask, one)
    layer.paste(fill, (x0, y0, x0 + size[0], y0 + size[1]), mask)


__all__ = ["map_png"]
