"""Synthetic boundaries for the map tests: squares carrying the example gazetteer's P-codes.

The squares sit where north-west Syria is (longitude 35.5–38.5, latitude 35–37), one per
district, adjacent so they form a coverage as COD-AB layers do. Nothing here comes from a
real boundary file.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from .conftest import EXAMPLE

DISTRICTS = {"SY02": ("SY0200", "SY0202", "SY0203", "SY0204", "SY0205", "SY0206", "SY0207", "SY0208"),
             "SY07": ("SY0700", "SY0702", "SY0703", "SY0704", "SY0705")}
SIDE = 0.4
SHARED = EXAMPLE.parents[2] / "shared" / "data" / "cod-ab-syr"
"""The simplified OCHA COD-AB of Syria, when the project sits next to ../shared (never committed)."""


def squares(codes: dict[str, tuple[str, ...]] | None = None) -> list[tuple[str, str, list[list[float]]]]:
    """(P-code, parent P-code, outer ring) of each district square: Idleb's in two columns, Aleppo's
    in four columns east of them."""
    out = []
    for parent, children in sorted((codes or DISTRICTS).items()):
        for i, code in enumerate(children):
            column, row = (2 + i % 4, i // 4) if parent == "SY02" else (i % 2, i // 2)
            x0, y0 = 35.6 + column * SIDE, 35.2 + row * SIDE
            ring = [[x0, y0], [x0 + SIDE, y0], [x0 + SIDE, y0 + SIDE], [x0, y0 + SIDE], [x0, y0]]
            out.append((code, parent, ring))
    return out


def geojson(path: Path, *, field: str = "ADM2_PCODE", parent_field: str | None = "ADM1_PCODE",
            codes: dict[str, tuple[str, ...]] | None = None, names: bool = True) -> Path:
    features = []
    for code, parent, ring in squares(codes):
        props: dict[str, object] = {field: code}
        if parent_field:
            props[parent_field] = parent
        if names:
            props |= {"ADM2_EN": f"District {code}", "ADM2_AR": f"منطقة {code}"}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def zipped_shapefile(path: Path, *, prj: str | None = None, with_dbf: bool = True,
                     other_layers: tuple[str, ...] = ()) -> Path:
    """The same squares as a zipped shapefile (ADM2_PCODE, ADM1_PCODE), written with pyshp; with
    ``other_layers``, copies of the same layer under those names too (as COD-AB zips hold every level)."""
    import shapefile

    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("ADM2_PCODE", "C", size=12)
        writer.field("ADM1_PCODE", "C", size=8)
        for code, parent, ring in squares():
            # Shapefile outer rings run clockwise.
            writer.poly([list(reversed(ring))])
            writer.record(code, parent)
    with zipfile.ZipFile(path, "w") as archive:
        for stem in other_layers:
            for ext, part in ((".shp", shp), (".shx", shx), (".dbf", dbf)):
                archive.writestr(stem + ext, part.getvalue())
        archive.writestr("syr_admbnda_adm2.shp", shp.getvalue())
        archive.writestr("syr_admbnda_adm2.shx", shx.getvalue())
        if with_dbf:
            archive.writestr("syr_admbnda_adm2.dbf", dbf.getvalue())
        if prj is not None:
            archive.writestr("syr_admbnda_adm2.prj", prj)
    return path


def map_workspace(root: Path, map_toml: str, boundaries: Path | None = None) -> Path:
    """A copy of the example workspace with a [map] table (and its boundary file in boundaries/)."""
    ws = root / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "*.sqlite", "make_inputs.py"))
    if boundaries is not None:
        (ws / "boundaries").mkdir(exist_ok=True)
        shutil.copy(boundaries, ws / "boundaries" / boundaries.name)
    toml = ws / "report.toml"
    # The example's own [map] (a file it does not ship) gives way to the test's.
    text = re.sub(r"^\[map\]\n(?:[^\[\n].*\n)*", "", toml.read_text(encoding="utf-8"), flags=re.M)
    toml.write_text(text + "\n[map]\n" + map_toml + "\n", encoding="utf-8")
    return ws
