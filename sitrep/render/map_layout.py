"""Map geometry shared by the PDF (reportlab vectors) and PNG (Pillow, for the DOCX) renderers.

Like :mod:`sitrep.render.chart_layout`: everything the map shows is placed here once, in
points, with y growing downwards from the top edge, and each renderer only measures text in
its own engine and draws. The parts, from the top: the title; a row holding the legend panel
on the reading side (left, or right in right-to-left maps: the legend title, one swatch per
class, the not-affected swatch, the governorate outline key, the affected-location dot and the
scale bar) and the map frame beside it, with the location dots over the areas; then the
notes (figures not shown, attribution, UN disclaimer) across the full width.

The map is projected equirectangularly, with longitudes shortened by the cosine of the
view's middle latitude (at the scale of a governorate or a country the distortion is far
below what the eye sees), and the view is widened to the frame's proportions. Areas are
drawn whole; the renderers clip them to the frame. Vertices closer than :data:`MIN_STEP`
points are dropped, which keeps the PDF small.

Pure Python: no drawing library is imported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.compose.document import AreaMap
from sitrep.render.chart_layout import ARABIC, LATIN, Measure, Metrics, Text, clean, wrap

PAD = 3.0
TITLE_SIZE = 10.0
LEGEND_TITLE_SIZE = 8.0
LEGEND_SIZE = 7.5
LABEL_SIZE = 7.0
MIN_LABEL_SIZE = 6.0
NOTE_SIZE = 6.5
SWATCH_W, SWATCH_H = 12.0, 8.0
PANEL_SHARE = (0.22, 0.32)
"""Narrowest and widest legend panel, as shares of the map's width."""
GAP = 8.0
FRAME_RATIO = (0.5, 0.72)
"""Lowest and highest frame height, as a share of the frame width."""
MIN_STEP = 0.4
"""Vertices closer than this (points) to the last kept one are dropped."""
AREA_EDGE_WIDTH = 0.35
OUTLINE_WIDTH = 0.9
FRAME_WIDTH = 0.5
SCALE_WIDTH = 1.2
HALO = 1.2
"""Width of the white edge drawn around area labels so they read on any shade."""
LABEL_BACKING = 0.72
"""Opacity of the white box behind an area label (a box, not a halo: a halo would put each
name twice into the PDF's text layer)."""
KM_PER_DEGREE = 111.32
MARKER_RADIUS = 2.4
"""Radius (points) of an affected location's dot, with its white edge of :data:`MARKER_EDGE_WIDTH`."""
MARKER_EDGE_WIDTH = 0.7

PALETTE = ("#FDE3D3", "#F9B99A", "#F08A64", "#DD5A3C", "#B23222")
"""Light to dark, OCHA-like sequential reds (the theme's accent is close to the fourth)."""
NOT_AFFECTED = "#E4E6E8"
AREA_EDGE = "#FFFFFF"
OUTLINE = "#5E666E"
FRAME = "#B8C0C8"
TEXT = "#222222"
MARKER = "#1D2B3A"
"""Affected locations: a near-black blue dot with a white edge, read on every shade of red and grey."""


def class_colors(classes: int) -> tuple[str, ...]:
    """The palette for ``classes`` legend classes: spread from light to dark."""
    if classes <= 0:
        return ()
    if classes == 1:
        return (PALETTE[3],)
    last = len(PALETTE) - 1
    return tuple(PALETTE[round(i * last / (classes - 1))] for i in range(classes))


def shade_color(shade: int, classes: int) -> str:
    return NOT_AFFECTED if shade < 0 else class_colors(classes)[min(shade, classes - 1)]


@dataclass(frozen=True, slots=True)
class Frame:
    x: float
    y: float
    """Top edge."""
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Area:
    shade: int
    rings: tuple[tuple[tuple[float, float], ...], ...]
    """In points from the layout's top-left corner; filled even-odd (holes stay open)."""


@dataclass(frozen=True, slots=True)
class Swatch:
    x: float
    y: float
    width: float
    height: float
    shade: int
    """Legend class, -1 for not affected, -2 for the outline key (a line), -3 for the location marker (a dot)."""


@dataclass(frozen=True, slots=True)
class MapLayout:
    width: float
    height: float
    frame: Frame
    areas: tuple[Area, ...]
    """Not-affected areas first, then the shaded ones (their edges drawn last, on top)."""
    outlines: tuple[tuple[tuple[float, float], ...], ...]
    swatches: tuple[Swatch, ...]
    scale: tuple[float, float, float]
    """Scale bar: x of its left end, y, length in points."""
    texts: tuple[Text, ...]
    classes: int
    km: int
    """Length of the scale bar in kilometres."""
    markers: tuple[tuple[float, float], ...] = ()
    """Centres of the affected-location dots inside the frame (one per distinct spot)."""


class _Stack:
    def __init__(self, m: Metrics, top: float) -> None:
        self.m, self.y = m, top

    def baseline(self, size: float) -> float:
        lead = self.m.leading * size
        base = self.y + (lead - (self.m.ascent + self.m.descent) * size) / 2 + self.m.ascent * size
        self.y += lead
        return base


def layout_map(block: AreaMap, width: float, measure: Measure) -> MapLayout:
    """Place every part of ``block`` in a box ``width`` points wide; the height follows."""
    rtl = block.rtl
    m = ARABIC if rtl else LATIN
    inner = width - 2 * PAD
    start_x, align = (width - PAD, "right") if rtl else (PAD, "left")
    texts: list[Text] = []
    stack = _Stack(m, PAD)
    if block.title.strip():
        for line in wrap(clean(block.title), TITLE_SIZE, True, inner, measure):
            texts.append(Text(line, start_x, stack.baseline(TITLE_SIZE), TITLE_SIZE, bold=True, align=align))
        stack.y += 3
    top = stack.y

    # Legend panel width: what its texts need, within the allowed shares.
    entry_texts = [clean(e.text) for e in block.legend]
    needed = max([measure(t, LEGEND_SIZE, False) for t in entry_texts] + [0.0]) + SWATCH_W + 4
    panel_w = min(max(needed, inner * PANEL_SHARE[0]), inner * PANEL_SHARE[1])
    frame_w = inner - panel_w - GAP

    # The view widened to the frame's proportions; the frame as high as the view needs, within limits.
    lon0, lat0, lon1, lat1 = block.view
    k = math.cos(math.radians((lat0 + lat1) / 2))
    view_w, view_h = max((lon1 - lon0) * k, 1e-6), max(lat1 - lat0, 1e-6)
    frame_h = min(max(frame_w * view_h / view_w, frame_w * FRAME_RATIO[0]), frame_w * FRAME_RATIO[1])
    frame_x = PAD if rtl else PAD + panel_w + GAP
    frame = Frame(frame_x, top, frame_w, frame_h)
    scale = min(frame_w / view_w, frame_h / view_h)
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2

    ox, oy, kx = frame.x + frame_w / 2 - cx * k * scale, frame.y + frame_h / 2 + cy * scale, k * scale

    def project(lon: float, lat: float) -> tuple[float, float]:
        return ox + lon * kx, oy - lat * scale

    def ring(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        out: list[tuple[float, float]] = []
        last_x = last_y = -1e9
        for lon, lat in points:
            x, y = ox + lon * kx, oy - lat * scale
            if abs(x - last_x) + abs(y - last_y) >= MIN_STEP:
                out.append((x, y))
                last_x, last_y = x, y
        return tuple(out)

    # Only what reaches into the frame is drawn (the rest would be clipped away).
    half_w, half_h = frame_w / 2 / (k * scale), frame_h / 2 / scale
    visible = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    areas = sorted((a for a in block.areas if _reaches(a.rings[:1], visible)), key=lambda a: a.shade)
    drawn = tuple(Area(a.shade, tuple(r for r in map(ring, a.rings) if len(r) >= 3)) for a in areas)
    outlines = tuple(r for r in map(ring, (o for o in block.outlines if _reaches((o,), visible))) if len(r) >= 3)
    markers = _markers(block, project, frame)
    texts += _labels(block, project, frame, measure, m, markers)

    # Legend panel.
    panel_x0 = frame.x + frame_w + GAP if rtl else PAD
    panel_x1 = panel_x0 + panel_w
    legend = _Stack(m, top)
    for line in wrap(clean(block.legend_title), LEGEND_TITLE_SIZE, True, panel_w, measure):
        texts.append(Text(line, panel_x1 if rtl else panel_x0, legend.baseline(LEGEND_TITLE_SIZE), LEGEND_TITLE_SIZE,
                          bold=True, align=align))
    legend.y += 2
    swatches: list[Swatch] = []
    row_h = max(m.leading * LEGEND_SIZE, SWATCH_H + 3)
    for entry, text in zip(block.legend, entry_texts, strict=True):
        lines = wrap(text, LEGEND_SIZE, False, panel_w - SWATCH_W - 4, measure)
        centre = legend.y + row_h / 2
        sx = panel_x1 - SWATCH_W if rtl else panel_x0
        swatches.append(Swatch(sx, centre - SWATCH_H / 2, SWATCH_W, SWATCH_H, entry.shade))
        tx, talign = (sx - 4, "right") if rtl else (sx + SWATCH_W + 4, "left")
        for i, line in enumerate(lines):
            baseline = centre + (m.ascent - m.descent) / 2 * LEGEND_SIZE + i * m.leading * LEGEND_SIZE
            texts.append(Text(line, tx, baseline, LEGEND_SIZE, align=talign))
        legend.y += row_h + (len(lines) - 1) * m.leading * LEGEND_SIZE

    # Scale bar: the longest offered length that fits the panel.
    points_per_km = scale / KM_PER_DEGREE
    fitting = [(km, label) for km, label in block.scale_labels if km * points_per_km <= panel_w * 0.8]
    km, label = fitting[-1] if fitting else (block.scale_labels[0] if block.scale_labels else (0, ""))
    bar = km * points_per_km
    legend.y += 6
    bar_y = legend.y + 3
    bar_x = panel_x1 - bar if rtl else panel_x0
    if label:
        texts.append(Text(clean(label), panel_x1 if rtl else panel_x0, bar_y + 3 + m.ascent * LEGEND_SIZE + 1,
                          LEGEND_SIZE, align=align, role="muted"))
    legend.y = bar_y + 4 + m.leading * LEGEND_SIZE

    # Notes across the width, under the taller of panel and frame.
    stack.y = max(frame.y + frame_h, legend.y) + 4
    for note in block.notes:
        for line in wrap(clean(note), NOTE_SIZE, False, inner, measure):
            texts.append(Text(line, start_x, stack.baseline(NOTE_SIZE), NOTE_SIZE, align=align, role="muted"))
    return MapLayout(width=width, height=stack.y + PAD, frame=frame, areas=drawn, outlines=outlines,
                     swatches=tuple(swatches), scale=(bar_x, bar_y, bar), texts=tuple(texts),
                     classes=block.classes, km=km, markers=markers)


_Rect = tuple[float, float, float, float]


def _reaches(rings: tuple[tuple[tuple[float, float], ...], ...], box: _Rect) -> bool:
    """Whether the rings' bounding box meets ``box`` (longitude/latitude)."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return bool(xs) and min(xs) <= box[2] and box[0] <= max(xs) and min(ys) <= box[3] and box[1] <= max(ys)


def _markers(block: AreaMap, project: Callable[[float, float], tuple[float, float]],
             frame: Frame) -> tuple[tuple[float, float], ...]:
    """The dots' centres in the frame, rounded to a tenth of a point; dots on one spot are drawn once."""
    spots: dict[tuple[float, float], None] = {}
    for lon, lat in block.markers:
        x, y = project(lon, lat)
        if frame.x <= x <= frame.x + frame.width and frame.y <= y <= frame.y + frame.height:
            spots[(round(x, 1), round(y, 1))] = None
    return tuple(spots)


def _labels(block: AreaMap, project: Callable[[float, float], tuple[float, float]], frame: Frame, measure: Measure,
            m: Metrics, markers: tuple[tuple[float, float], ...] = ()) -> list[Text]:
    """Names of the shaded areas at their label points, darkest first; a name that would overlap
    another or leave the frame is moved a line up or down, then set smaller, then left out. A
    name is kept off the location dots where one of those places allows, else it covers them."""
    taken: list[_Rect] = []
    out: list[Text] = []
    r = MARKER_RADIUS + MARKER_EDGE_WIDTH
    dots = [(x - r, y - r, x + r, y + r) for x, y in markers]
    for area in sorted((a for a in block.areas if a.label), key=lambda a: (-a.shade, a.label)):
        x, y = project(*area.label_at)
        text = clean(area.label)
        tries = [(size, avoid) for avoid in ((True, False) if dots else (False,))
                 for size in (LABEL_SIZE, MIN_LABEL_SIZE)]
        for size, avoid_dots in tries:
            w = measure(text, size, False) + 2 * HALO
            h = (m.ascent + m.descent) * size + HALO
            obstacles = taken + dots if avoid_dots else taken
            placed = None
            for shift in (0.0, -h, h):
                rect = (x - w / 2, y + shift - h / 2, x + w / 2, y + shift + h / 2)
                inside = (rect[0] >= frame.x and rect[2] <= frame.x + frame.width and rect[1] >= frame.y
                          and rect[3] <= frame.y + frame.height)
                if inside and not any(_overlap(rect, other) for other in obstacles):
                    placed = rect
                    break
            if placed is not None:
                taken.append(placed)
                baseline = (placed[1] + placed[3]) / 2 + (m.ascent - m.descent) / 2 * size
                out.append(Text(text, x, baseline, size, align="center", role="label"))
                break
    return out


def _overlap(a: _Rect, b: _Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


__all__ = ["MARKER", "MARKER_EDGE_WIDTH", "MARKER_RADIUS", "MapLayout", "class_colors", "layout_map", "shade_color"]
