"""The map block in one language: legend classes worded, labels named, notes and alt text.

The model (:class:`~sitrep.model.report.ReportMap`) says which area has which value and the
class bounds; this module turns it into the localised :class:`~sitrep.compose.document.AreaMap`
both renderers draw.
"""

from __future__ import annotations

from collections.abc import Callable

from sitrep.compose.document import AreaMap, LegendEntry, MapShape
from sitrep.i18n import N_
from sitrep.model.mapdata import class_of
from sitrep.model.report import ReportMap

MEASURE_LABELS = {"displaced": N_("Newly displaced people"), "households": N_("Households"),
                  "killed": N_("Killed"), "injured": N_("Injured"), "casualties": N_("Killed and injured")}
SCALE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
DISCLAIMER = N_("The boundaries and names shown and the designations used on this map do not imply "
                "official endorsement or acceptance by the United Nations.")
DEFAULT_ATTRIBUTION = "OCHA COD-AB"
MAX_NAMED_POINTS = 12
"""Marked locations named one by one in the alt text; more are counted."""


def compose_map(m: ReportMap, *, title: str, language: str, rtl: bool, gettext: Callable[[str], str],
                number: Callable[[int], str], isolate: Callable[[str], str]) -> AreaMap:
    """The localised map block (``gettext`` translates labels, ``number`` formats figures)."""
    _ = gettext
    shapes = []
    for area in m.areas:
        shade = class_of(area.value, m.breaks)
        rings = tuple(ring for polygon in area.polygons for ring in polygon)
        label = area.names.get(language) or area.names["en"] if shade >= 0 else ""
        shapes.append(MapShape(rings=rings, shade=shade, label=label, label_at=area.label_at))
    legend = []
    for i, bound in enumerate(m.breaks):
        low = 1 if i == 0 else m.breaks[i - 1] + 1
        legend.append(LegendEntry(text=f"{number(low)}–{number(bound)}" if low < bound else number(bound), shade=i))
    legend.append(LegendEntry(text=_("Not affected or no data"), shade=-1))
    if m.outlines and m.level == 2:
        legend.append(LegendEntry(text=_("Governorate boundary"), shade=-2))
    if m.points:
        legend.append(LegendEntry(text=_("Affected location"), shade=-3))

    measure = _(MEASURE_LABELS[m.measure])
    notes = []
    if m.unplaced:
        notes.append(_("Figures reported without a district ({n}) are not shown on the map.").format(
            n=number(m.unplaced)))
    source = m.attribution or f"{DEFAULT_ATTRIBUTION}, {m.source}"
    notes.append(_("Administrative boundaries: {source}.").format(source=isolate(source)))
    notes.append(_(DISCLAIMER))

    shaded = sorted((a for a in m.areas if a.value), key=lambda a: (-(a.value or 0), a.pcode))
    listed = "; ".join(f"{isolate(a.names.get(language) or a.names['en'])} {number(a.value or 0)}" for a in shaded)
    description = (_("Map of affected areas shaded by {measure}: {areas}. Other areas are not affected or have no "
                     "data.").format(measure=measure, areas=listed) if shaded
                   else _("Map of {measure}: no area has figures to map.").format(measure=measure))
    if m.points:
        named = list(dict.fromkeys(p.place for p in m.points if p.place))
        if named and len(named) <= MAX_NAMED_POINTS:
            description += " " + _("Affected locations marked: {places}.").format(
                places="; ".join(isolate(n) for n in named))
        else:
            description += " " + _("Affected locations marked: {n}.").format(n=number(len(m.points)))
    outlines = tuple(ring for polygons in m.outlines for polygon in polygons for ring in polygon[:1])
    return AreaMap(title=title, areas=tuple(shapes), outlines=outlines, view=m.view, classes=len(m.breaks),
                   legend_title=measure, legend=tuple(legend),
                   scale_labels=tuple((km, _("{n} km").format(n=number(km))) for km in SCALE_KM),
                   notes=tuple(notes), rtl=rtl, description=description,
                   markers=tuple(dict.fromkeys((p.lon, p.lat) for p in m.points)))


__all__ = ["compose_map"]
