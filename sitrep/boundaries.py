"""Administrative boundaries for the map: read, checked, simplified and cached.

Reads what OCHA publishes on HDX as COD-AB: GeoJSON (lon/lat, EPSG:4326), or a zipped
shapefile, read with pyshp (no GDAL install). The P-code field is the one named in
``[map] pcode_field`` or found by the COD-AB conventions (``ADM2_PCODE``, ``admin2Pcode``,
``adm2_pcode``; the deepest level wins), with the parent level's field and the name fields
(``ADM2_EN``, ``ADM2_AR``, ``admin2Name_ar``) next to it.

COD-AB files are several MB and hold far more detail than a map a few centimetres wide can
show: the areas are simplified together as one coverage with shapely (shared edges stay
shared, so no gaps or slivers appear), to about 1/1500 of the country's extent. The result is
cached as JSON under ``~/.cache/sitrep/boundaries`` (or ``$SITREP_CACHE_DIR``), keyed by the
file's SHA-256, so later builds only parse a small file.

Nothing here raises on bad input: each problem becomes a warning naming the file and the
field, and the map is left out (the rest of the report never depends on it). shapely and
pyshp are imported only by this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.codes import (
    W_MAP_BOUNDARIES_MISSING,
    W_MAP_BOUNDARIES_TOO_LARGE,
    W_MAP_BOUNDARIES_UNREADABLE,
    W_MAP_PCODE_FIELD,
    Code,
)
from sitrep.errors import Finding, Findings, Position
from sitrep.fs import cache_folder, write_atomic

Ring = tuple[tuple[float, float], ...]
"""Closed ring of (longitude, latitude); the first ring of a polygon is its outer edge."""
Polygon = tuple[Ring, ...]

SIMPLIFY_FRACTION = 1 / 1500
"""Simplification tolerance as a fraction of the layer's larger extent (about 0.5 km for Syria):
below a tenth of a millimetre on a map of the affected governorates 8 cm wide."""
DIGITS = 4
"""Decimals kept in longitude and latitude (about 11 m)."""
CACHE_VERSION = 1
PCODE_FIELD = re.compile(r"adm(?:in)?([0-4])_?p_?code", re.IGNORECASE)
LEGACY_PCODE_FIELDS = ("PCODE", "P_CODE", "pcode")
"""Fields of older COD-AB editions (level unknown: taken from the gazetteer)."""
HDX_HINT = ("download the country's administrative boundaries from HDX (dataset cod-ab-{iso3}: "
            "https://data.humdata.org/dataset/cod-ab-{iso3}), save the district layer (GeoJSON, or the zipped "
            "shapefile) in the workspace and name it under [map] boundaries in report.toml")


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    """One admin area's outline."""

    pcode: str
    parent: str = ""
    """The admin-1 P-code when the file has that field."""
    names: dict[str, str]
    """language -> name, from the file's name fields (the gazetteer's names come first)."""
    polygons: tuple[Polygon, ...]
    label_at: tuple[float, float]
    """Where a label sits: the point inside the largest part farthest from its edge."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [x for polygon in self.polygons for x, _ in polygon[0]]
        ys = [y for polygon in self.polygons for _, y in polygon[0]]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True, kw_only=True)
class Boundaries:
    """The areas of one boundary file, simplified."""

    source: str
    """File name, for messages."""
    field: str
    """The P-code field used."""
    level: int
    """Admin level of the P-code field (0: not told by the field name)."""
    shapes: tuple[Shape, ...]
    outlines: tuple[Shape, ...] = ()
    """Parent areas (governorates) dissolved from ``shapes`` when the file names them."""
    vertices_read: int = 0
    vertices_kept: int = 0


def cache_dir() -> Path:
    return cache_folder("boundaries")


def read_boundaries(path: Path, *, pcode_field: str = "", max_size_mb: float = 50.0, key: str = "map.boundaries",
                    use_cache: bool = True) -> tuple[Boundaries | None, Findings]:
    """Read a boundary file (GeoJSON or zipped shapefile); None and warnings when it cannot serve.

    ``key`` is the report.toml key the path came from (findings point at the file and name it).
    """
    findings = Findings()
    where = Position(file=path.name)

    def fail(code: Code, message: str, hint: str) -> tuple[None, Findings]:
        findings.add(code(message + "; the map is left out", hint=hint, position=where))
        return None, findings

    try:
        size = path.stat().st_size
    except OSError as exc:
        return fail(W_MAP_BOUNDARIES_UNREADABLE, f"cannot open the boundary file: {exc.strerror or exc}",
                    f"check {key} in report.toml (a path relative to the workspace)")
    limit = int(max_size_mb * 1024 * 1024)
    if size > limit:
        return fail(W_MAP_BOUNDARIES_TOO_LARGE, f"the boundary file has {size / 1e6:,.1f} MB, over the limit of "
                    f"{max_size_mb:g} MB", "use the simplified layer of one admin level, or raise map.max_size_mb")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    cache_file = cache_dir() / f"{digest[:32]}-{_safe(pcode_field)}-v{CACHE_VERSION}.json"
    if use_cache:
        cached = _load_cache(cache_file, path.name)
        if cached is not None:
            return cached, findings
    try:
        records = _records(path, data, limit)
    except _Unreadable as exc:
        return fail(W_MAP_BOUNDARIES_UNREADABLE, f"the boundary file cannot be read: {exc}",
                    "save it as GeoJSON (EPSG:4326) or as a zipped shapefile, as published on HDX")
    if not records:
        return fail(W_MAP_BOUNDARIES_UNREADABLE, "the boundary file holds no areas",
                    "use the COD-AB district (admin 2) layer of the country")
    fields = sorted({name for props, _ in records for name in props})
    field, level = _pcode_field(fields, pcode_field)
    if not field:
        named = f"the field '{pcode_field}' named in map.pcode_field is not" if pcode_field else "no P-code field is"
        return fail(W_MAP_PCODE_FIELD, f"{named} in the boundary file (fields: {', '.join(fields[:12])})",
                    "name the P-code field with pcode_field = \"…\" under [map] (COD-AB: ADM2_PCODE)")
    try:
        boundaries = _simplified(records, field, level, path.name)
    except _Unreadable as exc:
        return fail(W_MAP_BOUNDARIES_UNREADABLE, f"the boundary file cannot be read: {exc}",
                    "save it as GeoJSON (EPSG:4326) or as a zipped shapefile, as published on HDX")
    except Exception as exc:  # noqa: BLE001 - geometry the geometry engine rejects must not stop the report
        return fail(W_MAP_BOUNDARIES_UNREADABLE, f"the boundary file holds geometry that cannot be used "
                    f"({type(exc).__name__}: {str(exc)[:80]})", "check the file in QGIS, or download it again from HDX")
    if not boundaries.shapes:
        return fail(W_MAP_PCODE_FIELD, f"no area of the boundary file has a P-code in the field '{field}'",
                    "name the P-code field with pcode_field = \"…\" under [map]")
    if use_cache:
        _save_cache(cache_file, boundaries)
    return boundaries, findings


class _Unreadable(Exception):
    pass


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "", text)[:40]


def _records(path: Path, data: bytes, limit: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(properties, GeoJSON geometry) of each feature."""
    if data[:4] == b"PK\x03\x04":
        return _shapefile_records(data, limit)
    if path.suffix.lower() == ".shp":
        raise _Unreadable("a shapefile needs its .dbf and .shx next to it: give the zipped shapefile instead")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _Unreadable(f"not GeoJSON ({str(exc)[:80]})") from exc
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        doc = {"type": "FeatureCollection", "features": [doc]}
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"),
                                                                                              list):
        raise _Unreadable("not a GeoJSON FeatureCollection")
    _check_crs(doc.get("crs"))
    out = []
    for feature in doc["features"]:
        if not isinstance(feature, dict):
            continue
        props, geom = feature.get("properties"), feature.get("geometry")
        if isinstance(props, dict) and isinstance(geom, dict):
            out.append((props, geom))
    return out


def _check_crs(crs: object) -> None:
    """GeoJSON is longitude/latitude by definition; a named projected CRS is refused."""
    name = json.dumps(crs) if crs else ""
    if name and not re.search(r"4326|CRS84|WGS.?84", name, re.IGNORECASE):
        raise _Unreadable(f"its coordinates are in another reference system ({name[:80]}); save it in EPSG:4326")


def _shapefile_records(data: bytes, limit: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    import shapefile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        stem = _layer(archive)
        parts = {}
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            info = next((i for i in archive.infolist() if i.filename.lower() == (stem + ext).lower()), None)
            if info is None:
                continue
            if info.file_size > 4 * limit:
                raise _Unreadable(f"{info.filename} unpacks to {info.file_size / 1e6:,.0f} MB")
            parts[ext] = archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise _Unreadable(f"a broken zip file ({exc})") from exc
    if ".dbf" not in parts:
        raise _Unreadable("the zipped shapefile has no .dbf (the table with the P-codes)")
    if ".prj" in parts:
        prj = parts[".prj"].decode("latin-1")
        if prj.lstrip().upper().startswith("PROJCS"):
            raise _Unreadable("its coordinates are projected; save the layer in EPSG:4326 (longitude/latitude)")
    encoding = parts.get(".cpg", b"UTF-8").decode("ascii", "replace").strip() or "UTF-8"
    try:
        reader = shapefile.Reader(shp=io.BytesIO(parts[".shp"]), dbf=io.BytesIO(parts[".dbf"]),
                                  shx=io.BytesIO(parts[".shx"]) if ".shx" in parts else None, encoding=encoding,
                                  encodingErrors="replace")
        out = []
        for record in reader.iterShapeRecords():
            geom = record.shape.__geo_interface__
            out.append((record.record.as_dict(), dict(geom)))
        return out
    except (shapefile.ShapefileException, LookupError, ValueError, IndexError, struct.error) as exc:
        raise _Unreadable(f"the shapefile is damaged ({str(exc)[:80]})") from exc


def _layer(archive: zipfile.ZipFile) -> str:
    """The shapefile to map in a zip (its path without ``.shp``).

    COD-AB publishes every admin level in one zip (``syr_admbnda_adm0_…`` to ``adm4``, and lines
    as ``admbndl``): the district polygons (admin 2) are taken, else the governorates (admin 1).
    """
    shps = sorted(info.filename for info in archive.infolist() if info.filename.lower().endswith(".shp")
                  and not Path(info.filename).name.startswith("."))
    if len(shps) == 1:
        return shps[0][:-4]
    if not shps:
        raise _Unreadable("the zip holds no shapefile (.shp)")
    for level in ("2", "1"):
        hits = [n for n in shps if re.search(rf"adm(?:in|bnda_adm)?{level}(?!\d)", Path(n).name, re.IGNORECASE)
                and not re.search(r"admbnd[lp]", Path(n).name, re.IGNORECASE)]
        if len(hits) == 1:
            return hits[0][:-4]
    names = ", ".join(Path(n).name for n in shps[:8])
    raise _Unreadable(f"the zip holds {len(shps)} shapefiles ({names}) and none is clearly the district layer; "
                      "keep only the layer to map")


def _pcode_field(fields: list[str], named: str) -> tuple[str, int]:
    """The P-code field and its admin level (0 when the name does not tell)."""
    if named:
        match = next((f for f in fields if f == named), None) or next(
            (f for f in fields if f.casefold() == named.casefold()), None)
        if match is None:
            return "", 0
        named_level = PCODE_FIELD.fullmatch(match)
        return match, int(named_level.group(1)) if named_level else 0
    levels = [(int(m.group(1)), f) for f in fields if (m := PCODE_FIELD.fullmatch(f))]
    if levels:
        deepest, field = max(levels)
        return field, deepest
    legacy = next((f for f in fields if f in LEGACY_PCODE_FIELDS), "")
    return legacy, 0


def _name_fields(fields: Iterable[str], level: int) -> dict[str, str]:
    """language -> field, e.g. {"en": "ADM2_EN", "ar": "ADM2_AR"} (or admin2Name_ar)."""
    pattern = re.compile(rf"adm(?:in)?{level}_?(?:name_?)?([a-z]{{2}})", re.IGNORECASE)
    out: dict[str, str] = {}
    for field in fields:
        match = pattern.fullmatch(field)
        if match and match.group(1).lower() not in ("pc", "id"):
            out.setdefault(match.group(1).lower(), field)
    return out


def _parent_field(fields: Iterable[str], level: int) -> str:
    if level < 2:
        return ""
    return next((f for f in fields if (m := PCODE_FIELD.fullmatch(f)) and int(m.group(1)) == level - 1), "")


def _simplified(records: list[tuple[dict[str, Any], dict[str, Any]]], field: str, level: int,
                source: str) -> Boundaries:
    import shapely
    from shapely.geometry import shape as to_geometry

    fields = sorted({name for props, _ in records for name in props})
    names_by = _name_fields(fields, level) if level else {}
    parent_field = _parent_field(fields, level)
    geoms: dict[str, Any] = {}
    attrs: dict[str, tuple[str, dict[str, str]]] = {}
    for props, geom in records:
        pcode = str(props.get(field) or "").strip().upper()
        if not pcode:
            continue
        try:
            g = to_geometry(geom)
        except Exception as exc:  # noqa: BLE001 - shapely raises several types for malformed coordinates
            raise _Unreadable(f"the area {pcode} has a geometry that is not valid GeoJSON ({str(exc)[:60]})") from exc
        if g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        if not g.is_valid:
            g = shapely.make_valid(g)
        geoms[pcode] = geoms[pcode].union(g) if pcode in geoms else g
        names = {lang: str(props[f]).strip() for lang, f in names_by.items() if props.get(f)}
        attrs.setdefault(pcode, (str(props.get(parent_field) or "").strip().upper() if parent_field else "", names))
    if not geoms:
        return Boundaries(source=source, field=field, level=level, shapes=())
    codes = sorted(geoms)
    collection = [geoms[c] for c in codes]
    minx, miny, maxx, maxy = shapely.total_bounds(collection)
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise _Unreadable("some coordinates are not numbers")
    if minx < -180.5 or maxx > 180.5 or miny < -90.5 or maxy > 90.5:
        raise _Unreadable("its coordinates are not longitude/latitude; save the layer in EPSG:4326")
    tolerance = max(maxx - minx, maxy - miny) * SIMPLIFY_FRACTION
    read = int(shapely.get_num_coordinates(collection).sum())
    try:
        simple = list(shapely.coverage_simplify(collection, tolerance, simplify_boundary=True))
    except Exception:  # noqa: BLE001 - not a valid coverage (overlaps): simplify each area alone
        simple = [g.simplify(tolerance, preserve_topology=True) for g in collection]
    simple = [shapely.set_precision(g, 10 ** -DIGITS) if not g.is_empty else g for g in simple]
    shapes = [shape for code, g in zip(codes, simple, strict=True)
              if (shape := _shape(code, attrs[code][0], attrs[code][1], g)) is not None]
    outlines: list[Shape] = []
    if parent_field:
        outlines = dissolve_shapes(shapes, {s.pcode: s.parent for s in shapes if s.parent}, simple_geoms=dict(
            zip(codes, simple, strict=True)))
    kept = sum(len(ring) for s in shapes for polygon in s.polygons for ring in polygon)
    return Boundaries(source=source, field=field, level=level, shapes=tuple(shapes), outlines=tuple(outlines),
                      vertices_read=read, vertices_kept=kept)


def _polygons(geom: Any) -> list[Any]:
    """The polygons in a geometry, however nested (make_valid may return a collection with lines)."""
    if geom.geom_type == "Polygon":
        return [] if geom.is_empty else [geom]
    return [p for part in getattr(geom, "geoms", ()) for p in _polygons(part)]


def _shape(pcode: str, parent: str, names: dict[str, str], geom: Any) -> Shape | None:
    """The area as plain rings and its label point; None when nothing of it is a polygon."""
    from shapely.ops import polylabel

    polygons = _polygons(geom)
    if not polygons:
        return None
    largest = max(polygons, key=lambda p: p.area)
    try:
        point = polylabel(largest, tolerance=max(largest.length / 500, 1e-6))
    except Exception:  # noqa: BLE001 - polylabel fails on some degenerate shapes; any inside point will do
        point = largest.representative_point()

    def ring(coords: Iterable[Any]) -> Ring:
        return tuple((round(float(c[0]), DIGITS), round(float(c[1]), DIGITS)) for c in coords)

    return Shape(pcode=pcode, parent=parent, names=names,
                 polygons=tuple((ring(p.exterior.coords), *(ring(i.coords) for i in p.interiors)) for p in polygons),
                 label_at=(round(point.x, DIGITS), round(point.y, DIGITS)))


def dissolve_shapes(shapes: Iterable[Shape], parent_of: Mapping[str, str],
                    simple_geoms: Mapping[str, Any] | None = None) -> list[Shape]:
    """Parent areas (governorates) as the union of their children; children without a parent are skipped."""
    import shapely
    from shapely.geometry import Polygon as ShapelyPolygon

    groups: dict[str, list[Any]] = {}
    for s in shapes:
        parent = parent_of.get(s.pcode)
        if not parent:
            continue
        geom = simple_geoms.get(s.pcode) if simple_geoms else None
        if geom is None:
            geom = shapely.union_all([ShapelyPolygon(p[0], p[1:]) for p in s.polygons])
        groups.setdefault(parent, []).append(geom)
    out = []
    for parent in sorted(groups):
        union = shapely.set_precision(shapely.union_all(groups[parent]), 10 ** -DIGITS)
        shape = _shape(parent, "", {}, union)
        if shape is not None:
            out.append(shape)
    return out


def _load_cache(path: Path, source: str) -> Boundaries | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Boundaries(source=source, field=raw["field"], level=raw["level"],
                          shapes=tuple(_shape_from(s) for s in raw["shapes"]),
                          outlines=tuple(_shape_from(s) for s in raw["outlines"]),
                          vertices_read=raw["read"], vertices_kept=raw["kept"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # no cache yet, or an unusable one: read the file again


def _shape_from(raw: dict[str, Any]) -> Shape:
    return Shape(pcode=raw["pcode"], parent=raw["parent"], names=dict(raw["names"]),
                 polygons=tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon)
                                for polygon in raw["polygons"]),
                 label_at=(float(raw["label_at"][0]), float(raw["label_at"][1])))


def _save_cache(path: Path, b: Boundaries) -> None:
    def encode(s: Shape) -> dict[str, Any]:
        return {"pcode": s.pcode, "parent": s.parent, "names": s.names, "polygons": s.polygons,
                "label_at": s.label_at}

    payload = json.dumps({"field": b.field, "level": b.level, "shapes": [encode(s) for s in b.shapes],
                          "outlines": [encode(s) for s in b.outlines], "read": b.vertices_read,
                          "kept": b.vertices_kept}, ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a read-only cache only costs time on the next build
        write_atomic(path, payload.encode("utf-8"))


def missing_boundaries(iso3: str, key: str = "map.boundaries", target: str = "") -> Finding:
    """The build's note when no boundary file is set or found: where to get one (and where to put it)."""
    hint = HDX_HINT.format(iso3=iso3.lower())
    if target:
        hint = (f"download the country's administrative boundaries from HDX (dataset cod-ab-{iso3.lower()}: "
                f"https://data.humdata.org/dataset/cod-ab-{iso3.lower()}), the zipped shapefile or a GeoJSON of "
                f"the district layer, and save it as {target} in the workspace")
    return W_MAP_BOUNDARIES_MISSING("no boundary file for the map; the map is left out", hint=hint,
                                    position=Position(file="report.toml", key=key))


__all__ = ["Boundaries", "Polygon", "Ring", "Shape", "cache_dir", "dissolve_shapes", "missing_boundaries",
           "read_boundaries"]
