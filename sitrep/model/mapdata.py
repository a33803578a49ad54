"""The report's map: which areas are shaded, by what figure, in which classes.

:func:`with_map` joins the merged figures to the boundary file named in ``[map]`` by P-code,
checks the P-codes against the gazetteer, picks the view (the governorates with affected
areas) and the legend classes, and keeps the affected locations whose coordinates fall in or
near the district their row names (the points to mark). Everything is language-neutral: names in every language the
gazetteer (or the file) gives, values as integers; the compose stage words and formats them.

The map never blocks the report: every problem here is a warning or a note, and the report
simply has no map (``SituationReport.map`` is None).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from decimal import Decimal

from sitrep.boundaries import Boundaries, Polygon, Shape, dissolve_shapes, missing_boundaries, read_boundaries
from sitrep.codes import (
    I_MAP_PCODES_MATCHED,
    I_MAP_UNPLACED,
    W_MAP_AREA_NO_SHAPE,
    W_MAP_BOUNDARIES_UNREADABLE,
    W_MAP_PCODE_MISMATCH,
    W_MAP_POINT_OUTSIDE,
)
from sitrep.config import CONFIG_NAME, ReportConfig
from sitrep.errors import Findings, Position
from sitrep.gazetteer import Gazetteer
from sitrep.geopoints import distances_km
from sitrep.mapconfig import Measure
from sitrep.model.report import AreaFigures, Box, LocationEntry, MapArea, MapPoint, ReportMap, SituationReport

MAX_CLASSES = 5
VIEW_MARGIN = 0.06
"""Space around the whole layer when no area is affected, as a fraction of its extent."""
AFFECTED_MARGIN = 0.3
"""Neighbouring land shown around the affected areas, as a fraction of their extent."""
KEEP_MARGIN = 0.6
"""Areas farther than this (fraction of the view) from the view are not passed to the renderers."""
FAR_KM = 5.0
"""A location's point farther than this outside the area its row names is not marked (a slip in
the coordinates or in the district; simplified boundaries move edges by well under 1 km)."""
POINT_BOX = 0.02
"""Half the size (degrees) of the box a marked point adds to the view (its marker and some land)."""


def measure_value(line: AreaFigures, measure: Measure) -> int:
    v = line.values  # a measure not reported (None) adds nothing to the map (issue 23)
    if measure == "displaced":
        return v.get("idps") or 0
    if measure == "casualties":
        return (v.get("killed") or 0) + (v.get("injured") or 0)
    return v.get(measure) or 0


def nice_up(value: float) -> int:
    """The smallest round number (1, 2, 2.5 or 5 times a power of ten; whole) at or above ``value``."""
    if value <= 1:
        return 1
    exponent = math.floor(math.log10(value))
    for base in ("1", "2", "2.5", "5", "10"):
        candidate = Decimal(base) * Decimal(10) ** exponent
        if candidate >= Decimal(repr(value)) and candidate == candidate.to_integral_value():
            return int(candidate)
    return int(Decimal(10) ** (exponent + 1))


def class_breaks(values: Iterable[int], max_classes: int = MAX_CLASSES) -> tuple[int, ...]:
    """Upper bounds of up to ``max_classes`` legend classes over the positive values.

    Quantile classes (each holds about as many areas), each bound rounded up to a round number
    so the legend reads "1–500, 501–2,000, …"; bounds that round to the same number merge.
    """
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return ()
    k = min(max_classes, len(set(positive)))
    bounds: list[int] = []
    for i in range(1, k + 1):
        bound = nice_up(positive[math.ceil(i * len(positive) / k) - 1])
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return tuple(bounds)


def class_of(value: int | None, breaks: tuple[int, ...]) -> int:
    """Index of the legend class of ``value``; -1 for no value or zero (not affected)."""
    if not value or value <= 0:
        return -1
    return next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)


def with_map(report: SituationReport, config: ReportConfig, gazetteer: Gazetteer) -> tuple[SituationReport,
                                                                                          Findings]:
    """``report`` with its map, when ``[map]`` names usable boundaries; findings say what went wrong."""
    findings = Findings()
    settings = config.map
    if settings is None:
        return report, findings  # no map asked for (the templates leave their map block out)
    if settings.boundaries is None:
        findings.add(missing_boundaries(config.country))
        return report, findings
    if not settings.boundaries.is_file():
        finding = missing_boundaries(config.country, target=settings.boundaries_key)
        findings.add(dataclasses.replace(finding, message=f"the boundary file '{settings.boundaries_key}' does "
                                                          "not exist; the map is left out"))
        return report, findings
    boundaries, read_findings = read_boundaries(settings.boundaries, pcode_field=settings.pcode_field,
                                                max_size_mb=settings.max_size_mb)
    findings.extend(read_findings)
    if boundaries is None:
        return report, findings
    where = Position(file=boundaries.source, key=boundaries.field)
    level = boundaries.level or _level_from_gazetteer(boundaries, gazetteer)
    known = {a.pcode for a in gazetteer.level(level)} if level in (1, 2) else set()
    matched = [s for s in boundaries.shapes if s.pcode in known]
    if level not in (1, 2) or not matched:
        sample = ", ".join(s.pcode for s in boundaries.shapes[:3])
        findings.add(W_MAP_PCODE_MISMATCH(f"none of the {len(boundaries.shapes)} P-codes in the field "
                             f"'{boundaries.field}' ({sample}, …) is in the gazetteer; the map is left out",
                             hint="use boundaries of the same country and edition as the gazetteer, at the "
                                  "governorate (admin 1) or district (admin 2) level", position=where))
        return report, findings
    if len(matched) < len(boundaries.shapes):
        findings.add(I_MAP_PCODES_MATCHED(f"{len(matched)} of the {len(boundaries.shapes)} areas in the "
                          f"boundary file match the gazetteer; the others are drawn unshaded with the file's names",
                          position=where))

    values, unplaced = _values(report, settings.measure, level)
    shape_codes = {s.pcode for s in boundaries.shapes}
    no_shape = sorted(p for p, v in values.items() if v and p not in shape_codes)
    if no_shape:
        findings.add(W_MAP_AREA_NO_SHAPE(f"{len(no_shape)} area(s) with figures have no shape in the "
                             f"boundary file, so they are not shaded: {', '.join(no_shape[:12])}",
                             hint="check that the boundaries are the edition the gazetteer uses", position=where))
    if unplaced:
        findings.add(I_MAP_UNPLACED(f"{unplaced:,} of the mapped figure ({settings.measure}) were reported "
                          "without a district and are not shown on the map", position=where))

    outlines = _outlines(boundaries, settings.outlines, settings.max_size_mb, gazetteer, level, findings)
    points = _points(report.locations, boundaries.shapes, outlines, level, findings) if settings.mark_locations \
        else ()
    areas = [_area(s, gazetteer, values.get(s.pcode)) for s in boundaries.shapes]
    affected = [a for a in areas if a.value]
    view = _view(affected, outlines, boundaries.shapes, gazetteer, level, points)
    keep = _grow(view, KEEP_MARGIN)
    areas = [a for a in areas if _intersects(_bbox(a.polygons), keep)]
    kept_outlines = tuple(o for o in outlines if _intersects(_bbox(o.polygons), keep))
    report_map = ReportMap(measure=settings.measure, level=level, areas=tuple(areas),
                           outlines=tuple(o.polygons for o in kept_outlines), view=view,
                           breaks=class_breaks(v for v in values.values()), source=boundaries.source,
                           attribution=settings.attribution, unplaced=unplaced, points=points)
    return dataclasses.replace(report, map=report_map), findings


def _points(locations: Iterable[LocationEntry], shapes: tuple[Shape, ...], outlines: tuple[Shape, ...],
            level: int, findings: Findings) -> tuple[MapPoint, ...]:
    """The affected locations to mark: those with coordinates inside the boundaries' extent and
    within :data:`FAR_KM` of the area their row names; a warning at the row for each other one."""
    located = [loc for loc in locations if loc.point is not None]
    if not located:
        return ()
    extent = _union(_bbox(s.polygons) for s in shapes)
    assert extent is not None
    extent = _grow(extent, 0.02)
    by_code = {s.pcode: s for s in (*shapes, *outlines)}
    named = [(loc.adm2.pcode if loc.adm2 and level == 2 else loc.adm1.pcode) for loc in located]
    wanted = [by_code[c] for c in dict.fromkeys(named) if c in by_code]
    lon_lat = [(loc.point[1], loc.point[0]) for loc in located if loc.point]
    away = distances_km(wanted, lon_lat)
    out = []
    for i, (loc, code, (lon, lat)) in enumerate(zip(located, named, lon_lat, strict=True)):
        where = loc.point_from.position if loc.point_from else Position(file=CONFIG_NAME)
        place = loc.place or (loc.adm2 or loc.adm1).names.get("en", code)
        if not _inside((lon, lat), extent):
            hint = "check the coordinates (decimal degrees, north and east positive)"
            if _inside((lat, lon), extent):
                hint = "latitude and longitude seem swapped: the latitude goes in Latitude, the longitude in Longitude"
            elif _inside((-lon, lat), extent) or _inside((lon, -lat), extent):
                hint = "check the sign of the coordinates: north and east are positive"
            findings.add(W_MAP_POINT_OUTSIDE(f"the point of '{place}' ({lat:g}, {lon:g}) is outside the map's "
                                             "boundaries; it is not marked", hint=hint, position=where))
            continue
        distance = away.get(code, (0.0,) * len(lon_lat))[i]
        if distance > FAR_KM:
            area = (loc.adm2 if level == 2 and loc.adm2 else loc.adm1)
            hint = "check the coordinates and the district the row names"
            if _inside((lat, lon), extent):
                hint += " (are latitude and longitude swapped?)"
            findings.add(W_MAP_POINT_OUTSIDE(f"the point of '{place}' ({lat:g}, {lon:g}) lies {distance:,.0f} km "
                                             f"outside {area.names.get('en', code)} ({code}), the area its row "
                                             "names; it is not marked", hint=hint, position=where))
            continue
        out.append(MapPoint(lon=lon, lat=lat, place=loc.place, pcode=code))
    return tuple(sorted(out, key=lambda p: (p.lon, p.lat, p.place)))


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _level_from_gazetteer(boundaries: Boundaries, gazetteer: Gazetteer) -> int:
    """The admin level most of the file's P-codes have in the gazetteer (0: none match)."""
    counts = {level: sum(1 for s in boundaries.shapes if (a := gazetteer.get(s.pcode)) and a.level == level)
              for level in (1, 2)}
    best = max(counts, key=lambda lv: counts[lv])
    return best if counts[best] else 0


def _values(report: SituationReport, measure: Measure, level: int) -> tuple[dict[str, int], int]:
    """P-code -> value at the map's level, and the amount reported without such an area."""
    lines = report.casualties if measure in ("killed", "injured", "casualties") else report.displacement
    values: dict[str, int] = {}
    unplaced = 0
    for line in lines:
        value = measure_value(line, measure)
        if level == 1 and line.subtotal:
            values[line.adm1.pcode] = values.get(line.adm1.pcode, 0) + value
        elif level == 2 and not line.subtotal:
            if line.adm2 is None:
                unplaced += value
            else:
                values[line.adm2.pcode] = values.get(line.adm2.pcode, 0) + value
    return values, unplaced


def _area(shape: Shape, gazetteer: Gazetteer, value: int | None) -> MapArea:
    area = gazetteer.get(shape.pcode)
    names = dict(shape.names)
    if area is not None:
        names.update(area.names)
    names.setdefault("en", shape.pcode)
    return MapArea(pcode=shape.pcode, names=names, value=value, polygons=shape.polygons, label_at=shape.label_at)


def _outlines(boundaries: Boundaries, path: object, max_size_mb: float, gazetteer: Gazetteer, level: int,
              findings: Findings) -> tuple[Shape, ...]:
    from pathlib import Path

    if isinstance(path, Path):
        if not path.is_file():
            findings.add(W_MAP_BOUNDARIES_UNREADABLE(f"the outline file '{path.name}' does not exist; "
                                 "governorate outlines are dissolved from the districts",
                                 position=Position(file=CONFIG_NAME, key="map.outlines")))
        else:
            parents, more = read_boundaries(path, max_size_mb=max_size_mb, key="map.outlines")
            findings.extend(more)
            if parents is not None:
                return parents.shapes
    if level == 1:
        return ()
    if boundaries.outlines:
        return boundaries.outlines
    parent_of = {s.pcode: a.parent for s in boundaries.shapes if (a := gazetteer.get(s.pcode)) and a.parent}
    return tuple(dissolve_shapes(boundaries.shapes, parent_of))


def _bbox(polygons: Iterable[Polygon]) -> Box:
    xs, ys = [], []
    for polygon in polygons:
        for x, y in polygon[0]:
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _grow(box: Box, fraction: float) -> Box:
    dx, dy = (box[2] - box[0]) * fraction, (box[3] - box[1]) * fraction
    return box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy


def _intersects(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _view(affected: list[MapArea], outlines: tuple[Shape, ...], shapes: tuple[Shape, ...], gazetteer: Gazetteer,
          level: int, points: tuple[MapPoint, ...] = ()) -> Box:
    """The affected areas and marked locations with a margin of their neighbours, but never less
    than half the extent of the governorates that hold them (one small district alone would show
    no context); everything when nothing is affected."""
    if not affected and not points:
        box = _union(_bbox(s.polygons) for s in shapes)
        assert box is not None
        return _grow(box, VIEW_MARGIN)
    box = _union([*(_bbox(a.polygons) for a in affected),
                  *((p.lon - POINT_BOX, p.lat - POINT_BOX, p.lon + POINT_BOX, p.lat + POINT_BOX) for p in points)])
    assert box is not None
    box = _grow(box, AFFECTED_MARGIN)
    if level == 2:
        parents = {a.parent for p in affected if (a := gazetteer.get(p.pcode)) and a.parent}
        parents |= {a.parent for p in points if (a := gazetteer.get(p.pcode)) and a.parent}
        context = _union(_bbox(o.polygons) for o in outlines if o.pcode in parents)
        if context is not None:
            box = _at_least(box, (context[2] - context[0]) / 2, (context[3] - context[1]) / 2)
    return box


def _at_least(box: Box, width: float, height: float) -> Box:
    """``box`` widened around its centre to at least ``width`` × ``height``."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    w, h = max(box[2] - box[0], width), max(box[3] - box[1], height)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


__all__ = ["MapArea", "ReportMap", "class_breaks", "class_of", "measure_value", "nice_up", "with_map"]
