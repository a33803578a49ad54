"""The map's share of a build (bench/run.py section ``map``).

Boundaries: the shared simplified OCHA COD-AB of Syria (``../shared/data/cod-ab-syr``) when it
is next to the project, else synthetic squares over the example's districts; either way the
district layer is *densified* with shapely to the vertex count of the published COD-AB layer
(about 74,000 vertices, several MB of GeoJSON), so the first read simplifies a file as large
as the one officers download. Nothing is written into the project.

Measured in one process. With and without the map are run in turns, ``runs`` times each, and
the fastest of each is kept: a difference of a few tens of milliseconds drowns in the noise of
a shared machine, and the fastest run is the one least disturbed by other programs.

* ``cold_read_s``: reading and simplifying that file with no cache (the first build);
* ``join_s``: the model step with a warm cache (cached boundaries read, P-codes joined, view,
  classes): what every later build pays in ``prepare``;
* per language and format, render time with the map minus without it (the same document with
  its map block removed), and the file sizes with the map;
* ``added_s``: join plus compose plus every render's difference, for the English PDF + DOCX
  and for every language × format; the target is under 0.3 s for a build.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nw-syria-2024"
SHARED = ROOT.parent / "shared" / "data" / "cod-ab-syr" / "syr_adm2.geojson"
COD_AB_VERTICES = 73_709
"""Vertices of OCHA's published Syria ADM2 layer (shared/data/cod-ab-syr/SOURCE.md)."""


def _densified(target: Path) -> dict[str, Any]:
    """A district layer with about as many vertices as the published COD-AB: the shared extract
    (or synthetic squares) with extra points along every edge."""
    import shapely
    from shapely.geometry import mapping, shape

    if SHARED.is_file():
        features = json.loads(SHARED.read_text(encoding="utf-8"))["features"]
        source = "shared COD-AB Syria ADM2 (densified)"
    else:
        import sys

        sys.path.insert(0, str(ROOT))
        from tests.mapdata import squares

        features = [{"type": "Feature", "properties": {"ADM2_PCODE": code, "ADM1_PCODE": parent},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}} for code, parent, ring in squares()]
        source = "synthetic squares (densified); ../shared not found"
    geoms = [shape(f["geometry"]) for f in features]
    length = sum(g.length for g in geoms)
    step = length / COD_AB_VERTICES
    dense = [shapely.segmentize(g, step) for g in geoms]
    for feature, geom in zip(features, dense, strict=True):
        feature["geometry"] = mapping(geom)
    target.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    vertices = int(sum(shapely.get_num_coordinates(g) for g in dense))
    return {"source": source, "vertices": vertices, "bytes": target.stat().st_size}


def child_map(work: Path, languages: list[str], runs: int) -> dict[str, Any]:
    import os

    os.environ["SITREP_CACHE_DIR"] = str(work / "cache")
    from sitrep.boundaries import read_boundaries
    from sitrep.compose import compose_document, load_template
    from sitrep.compose.document import AreaMap
    from sitrep.model.mapdata import with_map
    from sitrep.pipeline import prepare
    from sitrep.render import RENDERERS

    ws = work / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "*.sqlite"))
    (ws / "boundaries").mkdir()
    layer = _densified(ws / "boundaries" / "adm2.geojson")
    toml = ws / "report.toml"
    # The example's own [map] names a file it does not ship; the benchmark's file replaces it.
    text = re.sub(r"^\[map\]\n(?:[^\[\n].*\n)*", "", toml.read_text(encoding="utf-8"), flags=re.M)
    toml.write_text(text + '\n[map]\nboundaries = "boundaries/adm2.geojson"\n', encoding="utf-8")

    def fastest(fn: Any) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    def in_turns(with_map_fn: Any, without_fn: Any) -> tuple[float, float]:
        a, b = [], []
        for _ in range(runs):
            for fn, times in ((with_map_fn, a), (without_fn, b)):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
        return min(a), min(b)

    cold = fastest(lambda: read_boundaries(ws / "boundaries" / "adm2.geojson", use_cache=False))
    prepared = prepare(ws)  # fills the cache
    assert prepared.report.map is not None, [str(f) for f in prepared.findings if "map" in f.code]
    plain = dataclasses.replace(prepared.report, map=None)
    gazetteer = _gazetteer(prepared)
    join = fastest(lambda: with_map(plain, prepared.config, gazetteer))
    template = load_template(prepared.config.template, prepared.config.workspace)
    per_output = []
    compose_added = 0.0
    for lang in languages:
        with_doc = compose_document(prepared.report, template, lang)[0]
        composed = in_turns(partial(compose_document, prepared.report, template, lang),
                            partial(compose_document, plain, template, lang))
        compose_added += composed[0] - composed[1]
        without_doc = dataclasses.replace(with_doc, blocks=tuple(b for b in with_doc.blocks
                                                                 if not isinstance(b, AreaMap)))
        for fmt in ("pdf", "docx"):
            RENDERERS[fmt](with_doc)  # imports and fonts, not charged to the map
            with_s, without_s = in_turns(partial(RENDERERS[fmt], with_doc), partial(RENDERERS[fmt], without_doc))
            per_output.append({"language": lang, "format": fmt, "with_s": with_s, "without_s": without_s,
                               "added_s": with_s - without_s, "bytes": len(RENDERERS[fmt](with_doc)),
                               "bytes_without": len(RENDERERS[fmt](without_doc))})
    english = sum(o["added_s"] for o in per_output if o["language"] == "en")
    return {"layer": layer, "cold_read_s": cold, "join_s": join, "compose_added_s": compose_added,
            "outputs": per_output, "added_en_s": join + english,
            "added_all_s": join + compose_added + sum(o["added_s"] for o in per_output),
            "pdf_max_kb": max(o["bytes"] for o in per_output if o["format"] == "pdf") / 1024,
            "vertices_kept": sum(len(r) for a in prepared.report.map.areas for p in a.polygons for r in p),
            "markers": len(prepared.report.map.points)}


def _gazetteer(prepared: Any) -> Any:
    from sitrep.gazetteer import read_gazetteer

    return read_gazetteer(prepared.config.gazetteer)


def print_map(m: dict[str, Any]) -> None:
    layer = m["layer"]
    print(f"\nmap ({layer['source']}: {layer['vertices']:,} vertices, {layer['bytes'] / 1e6:.1f} MB; "
          f"{m['vertices_kept']:,} vertices drawn, {m.get('markers', 0)} locations marked): "
          f"first read and simplification {m['cold_read_s']:.2f} s "
          f"(then cached); join with a warm cache {m['join_s'] * 1000:.0f} ms; compose, all languages "
          f"{m['compose_added_s'] * 1000:+.0f} ms")
    for o in m["outputs"]:
        print(f"  {o['language']} {o['format']:5} {o['added_s'] * 1000:+5.0f} ms  "
              f"{o['bytes'] / 1024:6.1f} KB ({(o['bytes'] - o['bytes_without']) / 1024:+.1f} KB for the map)")
    print(f"  map's added build time: English PDF + DOCX {m['added_en_s']:.2f} s, every language x format "
          f"{m['added_all_s']:.2f} s (target < 0.3 s for a build); largest PDF {m['pdf_max_kb']:.0f} KB "
          "(target < 500 KB)")
