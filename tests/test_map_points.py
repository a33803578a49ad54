"""Affected locations with coordinates: read from the Locations sheet, checked, marked on the map.

Coordinates are read in the forms partners type (decimal point or comma, degrees-minutes-seconds,
hemisphere letters); a bad cell is a warning on that cell and the place is kept without a point.
On the map, a point outside the boundaries or far from the district its row names is a warning at
its row and is not marked. Synthetic squares always (tests/mapdata.py); the shared OCHA COD-AB of
Syria when it is next to the project.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from sitrep.compose.document import AreaMap
from sitrep.kinds import LOCATIONS
from sitrep.kinds.columns import translate
from sitrep.kinds.coords import CoordinateError, parse_coordinate
from sitrep.pipeline import prepare
from sitrep.render import RENDERERS
from sitrep.render.map_layout import MARKER

from .conftest import REPORT_TOML, TODAY
from .mapdata import SHARED, geojson, map_workspace, squares
from .test_map_render import document, poppler_text

D = dt.date(2024, 11, 28)
HEADER = ["Date", "Governorate", "District", "Community", "Status", "Reporting organisation", "Latitude",
          "Longitude"]
SQUARE = {code: ring for code, _, ring in squares()}


def centre(pcode: str) -> tuple[float, float]:
    """(latitude, longitude) of the middle of a synthetic district square."""
    ring = SQUARE[pcode]
    return (ring[0][1] + ring[2][1]) / 2, (ring[0][0] + ring[2][0]) / 2


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))


# Reading one cell ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "axis", "value"), [
    ("36.2021", "latitude", 36.2021), ("36,2021", "latitude", 36.2021), ("-3.5", "longitude", -3.5),
    ("36°12'07.6\"N", "latitude", 36 + 12 / 60 + 7.6 / 3600), ("36 12 7.6 N", "latitude", 36 + 12 / 60 + 7.6 / 3600),
    ("N 36° 12.5'", "latitude", 36 + 12.5 / 60), ("37°08′03″E", "longitude", 37 + 8 / 60 + 3 / 3600),
    ("3.5 W", "longitude", -3.5), ("3,5 O", "longitude", -3.5), ("12.5 S", "latitude", -12.5),
    ("٣٦٫٢", "latitude", 36.2), ("−12.25", "latitude", -12.25)])
def test_coordinates_are_read_in_the_forms_partners_type(text: str, axis: str, value: float) -> None:
    assert parse_coordinate(text, axis) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(("text", "axis", "says"), [
    ("36.2, 37.1", "latitude", "two numbers"), ("37.1 E", "latitude", "not a latitude"),
    ("95", "latitude", "swapped"), ("181", "longitude", "±180"), ("36 75", "latitude", "minutes of 60"),
    ("36.5 12", "latitude", "minutes after decimal degrees"), ("-36 N", "latitude", "minus sign"),
    ("near the school", "latitude", "not a latitude"), ("N 36 S", "latitude", "twice")])
def test_what_is_not_a_coordinate_is_refused_with_a_reason(text: str, axis: str, says: str) -> None:
    with pytest.raises(CoordinateError, match=None) as caught:
        parse_coordinate(text, axis)
    assert says in str(caught.value) and caught.value.hint


# The Locations sheet ---------------------------------------------------------------------------


def locations_sheet(language: str, *rows: list[object]) -> dict[str, list[list[object]]]:
    """A Locations sheet with its header labels (and sheet name) in ``language``."""
    return {translate("Locations", language): [[translate(label, language) for label in HEADER], *rows]}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_latitude_and_longitude_columns_are_read_in_every_template_language(make_workspace, language: str) -> None:  # type: ignore[no-untyped-def]
    ws = make_workspace({"p.xlsx": locations_sheet(
        language,
        [D, "Aleppo", "Jebel Saman", "Atareb", "hostilities", "Alpha", 36.1386, 36.8306],
        [D, "Idleb", "Idleb", "Saraqeb", "shelling", "Alpha", "35°51'46\"N", "36°48'02\"E"],
        [D, "Idleb", "Idleb", "Sarmin", "airstrikes", "Alpha", "35,9053", "36,7231"],
        [D, "Idleb", "Harim", "Dana", "hosting-idps", "Alpha", "north of Sarmada", 36.77],
        [D, "Idleb", "Harim", "Sarmada", "hosting-idps", "Alpha", 36.1786, None],
        [D, "Idleb", "Ariha", "Ariha", "airstrikes", "Alpha", 136.6, 35.8],
        [D, "Idleb", "Jisr-Ash-Shugur", "Jisr-Ash-Shugur", "shelling", "Alpha", None, None])})
    prepared = prepare(ws, today=TODAY)
    points = {r.place: r.point for r in prepared.merged.of(LOCATIONS)}
    assert points["Atareb"] == (36.1386, 36.8306)
    assert points["Saraqeb"] == pytest.approx((35 + 51 / 60 + 46 / 3600, 36 + 48 / 60 + 2 / 3600), abs=1e-6)
    assert points["Sarmin"] == (35.9053, 36.7231)
    # A bad or half coordinate keeps the place (it is still an affected location), without a point.
    assert points["Dana"] is None and points["Sarmada"] is None and points["Ariha"] is None
    assert points["Jisr-Ash-Shugur"] is None
    warned = {f"{f.position.sheet}!{f.position.cell}": f.message for f in prepared.findings
              if f.code == "W-coordinate" and f.position}
    sheet = translate("Locations", language)
    assert set(warned) == {f"{sheet}!G5", f"{sheet}!H6", f"{sheet}!G7"}
    assert "not a latitude" in warned[f"{sheet}!G5"] and "swapped" in warned[f"{sheet}!G7"]
    assert not prepared.findings.has_errors()
    # The merged records keep their points through the HXL export.
    from sitrep.distribute.data import hxl_csv

    exported = hxl_csv(LOCATIONS, prepared.merged, prepared.gazetteer).decode("utf-8-sig")
    assert "#geo+lat,#geo+lon" in exported and "36.1386,36.8306" in exported
    import json

    from sitrep.distribute.data import report_json

    data = json.loads(report_json(prepared.report, prepared.merged, prepared.findings, prepared.log))
    points = {loc["place"]: loc["point"] for loc in data["locations"]}
    assert points["Atareb"] == [36.1386, 36.8306] and points["Dana"] is None


# On the map: synthetic squares -------------------------------------------------------------------


def map_toml(extra: str = "") -> str:
    return REPORT_TOML.format(policy="priority") + f'\n[map]\nboundaries = "adm2.geojson"\n{extra}\n'


def squares_workspace(make_workspace, tmp_path: Path, rows: list[list[object]], extra: str = "") -> Path:  # type: ignore[no-untyped-def]
    displaced = [["Date", "Governorate", "District", "Newly displaced people", "Reporting organisation"],
                 [D, "Aleppo", "Jebel Saman", 5000, "Alpha"], [D, "Idleb", "Harim", 1200, "Alpha"]]
    ws: Path = make_workspace({"p.xlsx": {"Displacement": displaced, **locations_sheet("en", *rows)}},
                              toml=map_toml(extra))
    geojson(ws / "adm2.geojson")
    return ws


def test_points_in_their_district_are_marked_and_the_others_are_warned_at_their_row(
        make_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lat, lon = centre("SY0200")
    far_lat, far_lon = centre("SY0705")
    rows = [[D, "Aleppo", "Jebel Saman", "Inside", "hostilities", "Alpha", lat, lon],
            [D, "Aleppo", "Jebel Saman", "Elsewhere", "hostilities", "Alpha", far_lat, far_lon],
            [D, "Aleppo", "Jebel Saman", "Swapped", "hostilities", "Alpha", lon, lat],
            [D, "Aleppo", "Jebel Saman", "Null island", "hostilities", "Alpha", 0, 0],
            [D, "Idleb", "", "Governorate only", "shelling", "Alpha", *centre("SY0703")],
            [D, "Idleb", "Harim", "No point", "hosting-idps", "Alpha", None, None]]
    prepared = prepare(squares_workspace(make_workspace, tmp_path, rows), today=TODAY)
    m = prepared.report.map
    assert m is not None
    assert sorted(p.place for p in m.points) == ["Governorate only", "Inside"]
    inside = next(p for p in m.points if p.place == "Inside")
    assert (inside.lat, inside.lon, inside.pcode) == (pytest.approx(lat), pytest.approx(lon), "SY0200")
    outside = {f.position.row: f for f in prepared.findings if f.code == "W-map-point-outside" and f.position}
    assert sorted(outside) == [3, 4, 5]
    assert all(f.position is not None and f.position.file == "p.xlsx" and f.position.sheet == "Locations"
               for f in outside.values())
    assert "outside District SY0200" not in outside[3].message and "Jebel Saman (SY0200)" in outside[3].message
    assert "swapped" in (outside[4].hint or "")
    assert "outside the map's boundaries" in outside[5].message
    # The view takes the marked points in; the composed block carries them and a legend entry.
    assert m.view[0] <= lon <= m.view[2] and m.view[1] <= lat <= m.view[3]
    block = next(b for b in document(prepared, "en").blocks if isinstance(b, AreaMap))
    assert len(block.markers) == 2 and block.legend[-1].text == "Affected location"
    assert "Affected locations marked: Inside; Governorate only." in block.description or \
        "Affected locations marked: Governorate only; Inside." in block.description


def test_mark_locations_false_leaves_points_off_the_map(make_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [[D, "Aleppo", "Jebel Saman", "Inside", "hostilities", "Alpha", *centre("SY0200")],
            [D, "Aleppo", "Jebel Saman", "Swapped", "hostilities", "Alpha", 36.6, 35.4]]
    prepared = prepare(squares_workspace(make_workspace, tmp_path, rows, "mark_locations = false"), today=TODAY)
    assert prepared.report.map is not None and prepared.report.map.points == ()
    assert not [f for f in prepared.findings if f.code == "W-map-point-outside"]
    block = next(b for b in document(prepared, "en").blocks if isinstance(b, AreaMap))
    assert not block.markers and all(e.shade != -3 for e in block.legend)


def test_mark_locations_must_be_a_flag(make_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sitrep.config import read_config

    config, findings = read_config(squares_workspace(make_workspace, tmp_path, [], 'mark_locations = "yes"'))
    (bad,) = [f for f in findings if f.position and f.position.key == "map.mark_locations"]
    assert config is None and bad.position is not None and bad.position.file == "report.toml"
    assert "true or false" in bad.message


@pytest.mark.parametrize("language", ["en", "ar"])
def test_markers_are_drawn_in_the_pdf_and_the_docx_image(make_workspace, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    from docx import Document as Docx
    from PIL import Image
    from pypdf import PdfReader

    rows = [[D, "Aleppo", "Jebel Saman", f"Place {i}", "hostilities", "Alpha",
             centre("SY0200")[0] + 0.05 * i, centre("SY0200")[1]] for i in range(3)]
    prepared = prepare(squares_workspace(make_workspace, tmp_path, rows), today=TODAY)
    doc = document(prepared, language)
    pdf = RENDERERS["pdf"](doc)
    # Vectors: one dark dot per marked place plus the legend's, each a closed path of four arcs.
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    ops = content.get_data().decode("latin-1")
    r, g, b = (int(MARKER[i:i + 2], 16) / 255 for i in (1, 3, 5))
    dots = [chunk for chunk in ops.split(f"q {r:.3f} {g:.3f} {b:.3f} rg 1 1 1 RG")[1:]]
    assert sum(chunk.split("B Q", 1)[0].count(" c h") for chunk in dots) == 3 + 1
    legend = "موقع متضرر" if language == "ar" else "Affected location"
    assert legend in poppler_text(tmp_path, pdf)
    # The DOCX's PNG: the dots' colour is there, and only because of them.
    docx = Docx(io.BytesIO(RENDERERS["docx"](doc)))
    (image,) = [p for p in docx.part.package.parts if p.content_type == "image/png"
                and Image.open(io.BytesIO(p.blob)).width > 1300]
    colours = dict((c, n) for n, c in Image.open(io.BytesIO(image.blob)).convert("RGB").getcolors(1 << 20))
    marker = tuple(int(MARKER[i:i + 2], 16) for i in (1, 3, 5))
    assert colours.get(marker, 0) > 4 * 20  # four dots of about 5 pixels across at 200 dpi
    alt = docx.inline_shapes[0]._inline.docPr.get("descr") if docx.inline_shapes else ""
    assert "Place 0" in (alt or "")


# The shared OCHA COD-AB of Syria ---------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared COD-AB extract is not next to the project")
def test_the_example_communities_fall_in_their_districts_of_the_shared_cod_ab(tmp_path: Path) -> None:
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/syr_adm2.geojson"', SHARED / "syr_adm2.geojson")
    prepared = prepare(ws, today=TODAY)
    m = prepared.report.map
    assert m is not None and not [f for f in prepared.findings if f.code.startswith("W-map")]
    with_points = [loc for loc in prepared.report.locations if loc.point]
    assert len(with_points) == 11 and len(m.points) == 11  # two communities have no coordinates
    # Ariha town put in Al Ma'ra district (SY0702) is 11 km out: warned at its row, not marked.
    inputs = ws / "inputs" / "local-councils.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(inputs)
    sheet = wb["Locations"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 5).value == "Ariha")
    sheet.cell(row, 3).value, sheet.cell(row, 4).value = "Al Ma'ra", "SY0702"
    wb.save(inputs)
    moved = prepare(ws, today=TODAY)
    (warned,) = [f for f in moved.findings if f.code == "W-map-point-outside"]
    assert warned.position is not None and warned.position.row == row and "SY0702" in warned.message
    assert moved.report.map is not None and len(moved.report.map.points) == 10


def test_a_name_moves_off_a_dot_at_its_label_point(make_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sitrep.render.map_layout import MARKER_RADIUS, layout_map

    from .test_map_render import fixed_measure

    rows = [[D, "Aleppo", "Jebel Saman", "Centre", "hostilities", "Alpha", *centre("SY0200")]]
    prepared = prepare(squares_workspace(make_workspace, tmp_path, rows), today=TODAY)
    block = next(b for b in document(prepared, "en").blocks if isinstance(b, AreaMap))
    area = next(a for a in block.areas if a.label and a.label_at == pytest.approx(block.markers[0], abs=0.01))
    lay = layout_map(block, 500, fixed_measure)
    ((x, y),) = lay.markers
    label = next(t for t in lay.texts if t.role == "label" and t.text == area.label)
    # The name sits a line above or below the dot instead of on it.
    assert abs(label.y - y) > MARKER_RADIUS + 0.5 * label.size
