"""The map's data side: reading boundaries, P-code fields and matching, legend classes, findings.

Boundaries are synthetic squares made in the tests (tests/mapdata.py); the shared OCHA COD-AB
of Syria is used as well when ../shared is there.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from sitrep.boundaries import read_boundaries
from sitrep.model.mapdata import class_breaks, class_of, nice_up
from sitrep.pipeline import prepare

from .conftest import TODAY
from .mapdata import DISTRICTS, SHARED, geojson, map_workspace, zipped_shapefile


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A boundary cache per test (nothing here renders, so the font cache is not moved)."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))


def codes_of(findings: object) -> list[str]:
    return sorted(f.code for f in findings)  # type: ignore[attr-defined]


# Legend classes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(0.5, 1), (1, 1), (3, 5), (17, 20), (21, 25), (180, 200),
                                                 (1001, 2000), (2400, 2500), (36050, 50000)])
def test_class_bounds_are_round_numbers(value: float, expected: int) -> None:
    assert nice_up(value) == expected


def test_legend_classes_cover_every_value_in_at_most_five_rising_classes() -> None:
    values = [120, 450, 900, 1250, 3000, 5200, 7700, 12000, 15300]
    breaks = class_breaks(values)
    assert 4 <= len(breaks) <= 5
    assert list(breaks) == sorted(set(breaks)) and breaks[-1] >= max(values)
    assert all(str(b).rstrip("0") in ("1", "2", "25", "5") for b in breaks)
    classes = [class_of(v, breaks) for v in values]
    assert classes == sorted(classes) and classes[0] == 0 and classes[-1] == len(breaks) - 1
    assert class_of(0, breaks) == -1 and class_of(None, breaks) == -1


def test_few_distinct_values_give_as_few_classes() -> None:
    assert class_breaks([]) == () and class_breaks([0, 0]) == ()
    assert class_breaks([40, 40, 40]) == (50,)
    assert len(class_breaks([10, 2000])) == 2


# Reading boundary files ----------------------------------------------------------------------


@pytest.mark.parametrize(("field", "level"), [("ADM2_PCODE", 2), ("admin2Pcode", 2), ("adm2_pcode", 2),
                                              ("PCODE", 0)])
def test_the_pcode_field_is_found_by_the_cod_ab_conventions(tmp_path: Path, field: str, level: int) -> None:
    path = geojson(tmp_path / "adm2.geojson", field=field, parent_field="ADM1_PCODE" if level else None)
    boundaries, findings = read_boundaries(path)
    assert not list(findings)
    assert boundaries is not None and (boundaries.field, boundaries.level) == (field, level)
    assert sorted(s.pcode for s in boundaries.shapes) == sorted(c for cs in DISTRICTS.values() for c in cs)
    if level:  # names by the same convention (ADM2_EN, ADM2_AR)
        assert boundaries.shapes[0].names["ar"].startswith("منطقة")
        # The parent field gives the governorate outlines, dissolved from the districts.
        assert sorted(o.pcode for o in boundaries.outlines) == ["SY02", "SY07"]


def test_a_named_pcode_field_wins_and_a_wrong_name_is_reported(tmp_path: Path) -> None:
    path = geojson(tmp_path / "adm2.geojson", field="CODE_X")
    boundaries, findings = read_boundaries(path, pcode_field="CODE_X")
    assert boundaries is not None and boundaries.field == "CODE_X" and len(boundaries.shapes) == 13
    boundaries, findings = read_boundaries(path, pcode_field="ADM9_PCODE")
    assert boundaries is None and codes_of(findings) == ["W-map-pcode-field"]
    (finding,) = findings
    assert "ADM9_PCODE" in finding.message and "CODE_X" in finding.message
    assert finding.position is not None and finding.position.file == "adm2.geojson"


def test_a_file_without_a_pcode_field_names_the_fields_it_has(tmp_path: Path) -> None:
    path = geojson(tmp_path / "adm2.geojson", field="NAME", parent_field=None, names=False)
    boundaries, findings = read_boundaries(path)
    assert boundaries is None and codes_of(findings) == ["W-map-pcode-field"]
    assert "NAME" in next(iter(findings)).message


@pytest.mark.parametrize("content", [b"not json at all", b'{"type": "Topology"}', b"\xff\xfe\x00garbage",
                                     b"[" * 100_000])
def test_an_unparsable_file_is_a_warning_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.geojson"
    path.write_bytes(content)
    boundaries, findings = read_boundaries(path)
    assert boundaries is None and codes_of(findings) == ["W-map-boundaries-unreadable"]
    (finding,) = findings
    assert finding.position is not None and finding.position.file == "broken.geojson"
    assert "the map is left out" in finding.message


def _feature(geometry: object, code: str = "SY0200") -> dict[str, object]:
    return {"type": "Feature", "properties": {"ADM2_PCODE": code}, "geometry": geometry}


SQUARE = [[36.0, 35.0], [36.5, 35.0], [36.5, 35.5], [36.0, 35.5], [36.0, 35.0]]


@pytest.mark.parametrize("geometry", [
    {"type": "Polygon", "coordinates": [[[36.0, 35.0], [36.5, "x"], [36.0, 35.5], [36.0, 35.0]]]},
    {"type": "Polygon", "coordinates": [[[36.0, 35.0], [float("nan"), 35.0], [36.0, 35.5], [36.0, 35.0]]]},
    {"type": "Polygon", "coordinates": [[[36.0, 35.0]]]},
    {"type": "Polygon", "coordinates": 7},
    {"type": "Polygon", "coordinates": [[[3.6e6, 3.5e6], [3.7e6, 3.5e6], [3.7e6, 3.6e6], [3.6e6, 3.5e6]]]},
    {"type": "Circle", "coordinates": [36.0, 35.0]},
    {"type": "LineString", "coordinates": SQUARE},
], ids=["text-coordinate", "nan", "one-point", "not-a-list", "projected", "unknown-type", "line-only"])
def test_hostile_geometry_is_a_warning_never_a_crash(tmp_path: Path, geometry: object) -> None:
    path = tmp_path / "adm2.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [_feature(geometry)]}), encoding="utf-8")
    boundaries, findings = read_boundaries(path)
    assert boundaries is None
    assert codes_of(findings) in (["W-map-boundaries-unreadable"], ["W-map-pcode-field"])


def test_a_self_intersecting_area_is_repaired_and_drawn(tmp_path: Path) -> None:
    crossing = [[36.0, 35.0], [36.5, 35.5], [36.5, 35.0], [36.0, 35.5], [36.0, 35.0]]
    bowtie = {"type": "Polygon", "coordinates": [crossing]}
    path = tmp_path / "adm2.geojson"
    features = [_feature(bowtie), _feature({"type": "Polygon", "coordinates": [SQUARE]}, "SY0202")]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    boundaries, findings = read_boundaries(path)
    assert not list(findings) and boundaries is not None
    assert {s.pcode for s in boundaries.shapes} == {"SY0200", "SY0202"}


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = geojson(tmp_path / "adm2.geojson")
    boundaries, findings = read_boundaries(path, max_size_mb=0.001)
    assert boundaries is None and codes_of(findings) == ["W-map-boundaries-too-large"]


def test_a_zipped_shapefile_reads_like_the_geojson(tmp_path: Path) -> None:
    from_zip, findings = read_boundaries(zipped_shapefile(tmp_path / "adm2.zip"))
    from_json, _ = read_boundaries(geojson(tmp_path / "adm2.geojson"))
    assert not list(findings) and from_zip is not None and from_json is not None
    assert from_zip.field == "ADM2_PCODE" and from_zip.level == 2
    assert {s.pcode: s.bbox for s in from_zip.shapes} == {s.pcode: s.bbox for s in from_json.shapes}


def test_the_district_layer_is_taken_from_a_zip_of_every_level(tmp_path: Path) -> None:
    layers = ("syr_admbnda_adm0_uncs", "syr_admbnda_adm1_uncs", "syr_admbndl_admall_uncs", "syr_admbnda_adm3_uncs")
    boundaries, findings = read_boundaries(zipped_shapefile(tmp_path / "adm.zip", other_layers=layers))
    assert not list(findings) and boundaries is not None and len(boundaries.shapes) == 13
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        for name in ("a.shp", "b.shp"):
            archive.writestr(name, b"")
    boundaries, findings = read_boundaries(tmp_path / "other.zip")
    assert boundaries is None and "none is clearly the district layer" in next(iter(findings)).message


@pytest.mark.parametrize(("kwargs", "words"), [({"with_dbf": False}, ".dbf"),
                                               ({"prj": 'PROJCS["WGS_1984_UTM_Zone_37N"]'}, "projected")])
def test_an_unusable_shapefile_says_why(tmp_path: Path, kwargs: dict[str, object], words: str) -> None:
    boundaries, findings = read_boundaries(zipped_shapefile(tmp_path / "adm2.zip", **kwargs))  # type: ignore[arg-type]
    assert boundaries is None and codes_of(findings) == ["W-map-boundaries-unreadable"]
    assert words in next(iter(findings)).message


def test_the_simplified_boundaries_are_cached_by_content(tmp_path: Path) -> None:
    path = geojson(tmp_path / "adm2.geojson")
    first, _ = read_boundaries(path)
    cached = list((tmp_path / "cache" / "boundaries").glob("*.json"))
    assert len(cached) == 1
    again, _ = read_boundaries(path)
    assert again == first
    cached[0].write_text("{broken", encoding="utf-8")  # an unusable cache is read past
    assert read_boundaries(path)[0] == first
    # Other bytes, other entry.
    path.write_text(path.read_text(encoding="utf-8").replace("SY0705", "SY0799"), encoding="utf-8")
    changed, _ = read_boundaries(path)
    assert changed is not None and "SY0799" in {s.pcode for s in changed.shapes}


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared COD-AB extract is not next to the project")
def test_shared_cod_ab_districts_read_with_names_and_outlines() -> None:
    boundaries, findings = read_boundaries(SHARED / "syr_adm2.geojson", use_cache=False)
    assert not list(findings) and boundaries is not None
    assert (boundaries.field, boundaries.level, len(boundaries.shapes), len(boundaries.outlines)) == \
        ("ADM2_PCODE", 2, 61, 14)
    harim = next(s for s in boundaries.shapes if s.pcode == "SY0703")
    assert harim.names == {"en": "Harim", "ar": "حارم"} and harim.parent == "SY07"
    x0, y0, x1, y1 = harim.bbox
    assert x0 < harim.label_at[0] < x1 and y0 < harim.label_at[1] < y1


# Joining the figures: findings of the build --------------------------------------------------


def test_the_map_shades_the_districts_with_figures(tmp_path: Path) -> None:
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/adm2.geojson"', geojson(tmp_path / "adm2.geojson"))
    prepared = prepare(ws, today=TODAY)
    m = prepared.report.map
    assert m is not None and m.measure == "displaced" and m.level == 2
    values = {a.pcode: a.value for a in m.areas if a.value}
    displaced = {line.adm2.pcode: line.values["idps"] for line in prepared.report.displacement
                 if line.adm2 is not None and line.values["idps"]}
    assert values == displaced and values
    assert m.breaks[-1] >= max(values.values())
    # The example's communities carry real town coordinates, which fall outside these synthetic
    # squares: most are point warnings (tests/test_map_points.py), nothing else is.
    assert not [f for f in prepared.findings if f.code.startswith("W-map") and f.code != "W-map-point-outside"]


def test_pcodes_that_match_no_area_of_the_gazetteer_leave_the_map_out(tmp_path: Path) -> None:
    foreign = {"XX01": ("XX0101", "XX0102"), "XX02": ("XX0201",)}
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/adm2.geojson"',
                       geojson(tmp_path / "adm2.geojson", codes=foreign))
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.map is None
    (finding,) = [f for f in prepared.findings if f.code == "W-map-pcode-mismatch"]
    assert "none of the 3 P-codes" in finding.message and "ADM2_PCODE" in finding.message
    assert finding.position is not None and finding.position.file == "adm2.geojson"


def test_partial_matches_are_counted_and_data_without_a_shape_is_listed(tmp_path: Path) -> None:
    some = {"SY02": ("SY0203", "SY0204"), "SY07": ("SY0700", "SY0702", "SY0705"), "XX01": ("XX0101",)}
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/adm2.geojson"',
                       geojson(tmp_path / "adm2.geojson", codes=some))
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.map is not None
    (matched,) = [f for f in prepared.findings if f.code == "I-map-pcodes-matched"]
    assert matched.message.startswith("5 of the 6 areas")
    (missing,) = [f for f in prepared.findings if f.code == "W-map-area-no-shape"]
    assert "SY0200" in missing.message and "SY0703" in missing.message  # Jebel Saman, Harim have figures


def test_without_boundaries_the_build_says_where_to_get_them(tmp_path: Path) -> None:
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/nowhere.geojson"')
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.map is None
    (finding,) = [f for f in prepared.findings if f.code == "W-map-boundaries-missing"]
    assert "nowhere.geojson" in finding.message and finding.hint is not None
    assert "cod-ab-syr" in finding.hint and "save it as boundaries/nowhere.geojson" in finding.hint
    assert not prepared.findings.has_errors()


@pytest.mark.parametrize(("toml", "key"), [('boundaries = "a.geojson"\nmeasure = "deaths"', "map.measure"),
                                           ('boundaries = "a.geojson"\ncolour = "red"', "map.colour"),
                                           ('boundaries = "/etc/a.geojson"', "map.boundaries"),
                                           ('boundaries = "a.geojson"\nmax_size_mb = "big"', "map.max_size_mb")])
def test_bad_map_keys_are_config_findings(tmp_path: Path, toml: str, key: str) -> None:
    from sitrep.config import read_config

    ws = map_workspace(tmp_path, toml)
    _, findings = read_config(ws)
    assert [(f.code, f.position.key if f.position else None) for f in findings] == [("E-config", key)]


def test_casualty_measures_sum_the_casualty_table(tmp_path: Path) -> None:
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/adm2.geojson"\nmeasure = "casualties"',
                       geojson(tmp_path / "adm2.geojson"))
    prepared = prepare(ws, today=TODAY)
    m = prepared.report.map
    assert m is not None
    shown = sum(a.value or 0 for a in m.areas) + m.unplaced
    assert shown == prepared.report.figures.killed + prepared.report.figures.injured


def test_governorate_level_boundaries_shade_governorates(tmp_path: Path) -> None:
    path = tmp_path / "adm1.geojson"
    geojson(path, field="ADM1_PCODE", parent_field=None, codes={"SY02": ("SY02",), "SY07": ("SY07",)})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][1]["geometry"]["coordinates"][0] = [[36.4, 35.2], [37.6, 35.2], [37.6, 36.0], [36.4, 36.0],
                                                         [36.4, 35.2]]
    path.write_text(json.dumps(data), encoding="utf-8")
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/adm1.geojson"', path)
    m = prepare(ws, today=TODAY).report.map
    assert m is not None and m.level == 1
    assert {a.pcode for a in m.areas if a.value} == {"SY02", "SY07"} and m.unplaced == 0
