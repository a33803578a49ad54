"""The map as drawn: one layout, vectors in the PDF, a 200 dpi PNG with alt text in the DOCX.

Documents are read back (PDF text with pypdf and poppler, the DOCX reopened with python-docx,
the PNG opened with Pillow); synthetic boundaries always, the shared COD-AB of Syria when it
is next to the project.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from sitrep.compose import compose_document, load_template
from sitrep.compose.document import AreaMap, Document
from sitrep.pipeline import Prepared, prepare
from sitrep.render import RENDERERS
from sitrep.render.chart_layout import LATIN
from sitrep.render.map_layout import PALETTE, class_colors, layout_map

from .conftest import TODAY
from .mapdata import SHARED, geojson, map_workspace

BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
DISCLAIMER_EN = "do not imply official endorsement or acceptance by the United Nations"
DISCLAIMER_AR = "من جانب الأمم المتحدة"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    # The boundary cache is the user's, like the font cache: pointing SITREP_CACHE_DIR elsewhere
    # for this module would also move the fonts, whose bold instance carries its creation time,
    # and later in-process builds would embed a different font file than other processes do.
    root = tmp_path_factory.mktemp("map")
    ws = map_workspace(root, 'boundaries = "boundaries/adm2.geojson"', geojson(root / "adm2.geojson"))
    return prepare(ws, today=TODAY)


def document(prepared: Prepared, language: str) -> Document:
    template = load_template("flash-update", prepared.config.workspace)
    doc, findings = compose_document(prepared.report, template, language)
    assert not [f for f in findings if f.code == "W-label-missing"]
    return doc


def area_map(doc: Document) -> AreaMap:
    (block,) = [b for b in doc.blocks if isinstance(b, AreaMap)]
    return block


def fixed_measure(text: str, size: float, bold: bool) -> float:
    return len(text) * size * (0.6 if bold else 0.55)


def poppler_text(tmp_path: Path, data: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return unicodedata.normalize("NFKC", out).translate(BIDI_MARKS)


# The layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_legend_and_scale_bar_sit_on_the_reading_side(prepared: Prepared, language: str) -> None:
    block = area_map(document(prepared, language))
    lay = layout_map(block, 500, fixed_measure)
    frame = lay.frame
    assert all(s.x >= 0 and s.x + s.width <= lay.width for s in lay.swatches)
    bar_x, _, bar = lay.scale
    if block.rtl:
        assert all(s.x >= frame.x + frame.width for s in lay.swatches) and bar_x >= frame.x + frame.width
    else:
        assert all(s.x + s.width <= frame.x for s in lay.swatches) and bar_x + bar <= frame.x
    # One swatch per class, then the unaffected one, the outline key and the location dot.
    assert [s.shade for s in lay.swatches] == [*range(block.classes), -1, -2, *([-3] if block.markers else [])]


def test_the_scale_bar_measures_what_it_says(prepared: Prepared) -> None:
    import math

    block = area_map(document(prepared, "en"))
    lay = layout_map(block, 500, fixed_measure)
    lon0, lat0, lon1, lat1 = block.view
    # A degree of latitude is 111.32 km: the frame's height in km must agree with the scale bar's ratio.
    k = math.cos(math.radians((lat0 + lat1) / 2))
    points_per_degree = min(lay.frame.width / ((lon1 - lon0) * k), lay.frame.height / (lat1 - lat0))
    assert lay.scale[2] == pytest.approx(lay.km * points_per_degree / 111.32)
    assert any(t.text == f"{lay.km} km" for t in lay.texts)


def test_area_labels_stay_inside_the_frame_and_never_overlap(prepared: Prepared) -> None:
    block = area_map(document(prepared, "en"))
    lay = layout_map(block, 400, fixed_measure)
    labels = [t for t in lay.texts if t.role == "label"]
    assert {t.text for t in labels} <= {a.label for a in block.areas if a.label} and labels
    boxes = []
    for t in labels:
        w = fixed_measure(t.text, t.size, False)
        box = (t.x - w / 2, t.y - LATIN.ascent * t.size, t.x + w / 2, t.y + LATIN.descent * t.size)
        f = lay.frame
        assert f.x <= box[0] and box[2] <= f.x + f.width and f.y <= box[1] and box[3] <= f.y + f.height
        assert not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in boxes)
        boxes.append(box)


def test_the_palette_runs_light_to_dark_for_any_class_count() -> None:
    def lightness(colour: str) -> int:
        return sum(int(colour[i:i + 2], 16) for i in (1, 3, 5))

    for classes in range(1, 6):
        colours = class_colors(classes)
        assert len(colours) == classes and set(colours) <= set(PALETTE)
        assert [lightness(c) for c in colours] == sorted((lightness(c) for c in colours), reverse=True)


# PDF -----------------------------------------------------------------------------------------


def test_english_pdf_page_one_has_map_legend_labels_and_disclaimer(prepared: Prepared) -> None:
    from pypdf import PdfReader

    doc = document(prepared, "en")
    data = RENDERERS["pdf"](doc)
    page = PdfReader(io.BytesIO(data)).pages[0]
    text = re.sub(r"\s+", " ", page.extract_text())
    assert "Affected areas" in text and "Newly displaced people" in text and DISCLAIMER_EN in text
    assert "Not affected or no data" in text and "Governorate boundary" in text
    shaded = [a for a in prepared.report.map.areas if a.value]  # type: ignore[union-attr]
    for area in shaded:
        assert area.names["en"] in text
    assert re.search(r"\b\d+ km\b", text)
    # Areas are vector paths filled even-odd (B*), not an image.
    content = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    assert content.count("B*") >= len(prepared.report.map.areas)  # type: ignore[union-attr]
    assert "/Image" not in str(page["/Resources"].get("/XObject", {}))
    assert data == RENDERERS["pdf"](doc)  # byte-identical when rendered again


def test_arabic_pdf_page_one_has_the_map_in_arabic(prepared: Prepared, tmp_path: Path) -> None:
    text = poppler_text(tmp_path, RENDERERS["pdf"](document(prepared, "ar")))
    assert "المناطق المتضررة" in text and "النازحون الجدد" in text and DISCLAIMER_AR in text
    assert "حدود المحافظة" in text and "كم" in text
    for name in ("جبل سمعان", "حارم", "أريحا"):
        assert name in text


def test_the_example_without_its_boundary_file_has_no_map_and_says_where_to_save_it() -> None:
    from .conftest import EXAMPLE

    plain = prepare(EXAMPLE, today=TODAY)
    assert plain.report.map is None
    (missing,) = [f for f in plain.findings if "map" in f.code]
    assert missing.code == "W-map-boundaries-missing" and missing.hint is not None
    assert "boundaries/syr_adm_shp.zip" in missing.hint and "cod-ab-syr" in missing.hint
    doc = document(plain, "en")
    assert not [b for b in doc.blocks if isinstance(b, AreaMap)]
    assert DISCLAIMER_EN not in re.sub(r"\s+", " ", _pdf_text(RENDERERS["pdf"](doc)))


def test_a_workspace_without_a_map_table_has_no_map_and_no_map_finding(make_workspace: object) -> None:
    ws = make_workspace()  # type: ignore[operator]
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.map is None and not [f for f in prepared.findings if "map" in f.code]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_outline_file_and_attribution_from_report_toml(tmp_path: Path) -> None:
    from pypdf import PdfReader

    adm1 = tmp_path / "adm1.geojson"
    geojson(adm1, field="ADM1_PCODE", parent_field=None, codes={"SY07": ("SY07",)})
    ws = map_workspace(tmp_path, 'boundaries = "boundaries/adm2.geojson"\noutlines = "boundaries/adm1.geojson"\n'
                                 'attribution = "Test boundaries, made in the test"',
                       geojson(tmp_path / "adm2.geojson", parent_field=None))
    (ws / "boundaries" / "adm1.geojson").write_bytes(adm1.read_bytes())
    shared = prepare(ws, today=TODAY)
    m = shared.report.map
    assert m is not None and len(m.outlines) == 1  # the one area of the outline file, not two dissolved ones
    text = re.sub(r"\s+", " ", PdfReader(io.BytesIO(RENDERERS["pdf"](document(shared, "en")))).pages[0].extract_text())
    assert "Administrative boundaries: Test boundaries, made in the test." in text


def test_the_situation_report_shows_the_map_too(prepared: Prepared) -> None:
    template = load_template("situation-report", prepared.config.workspace)
    doc, _ = compose_document(prepared.report, template, "en")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert "AreaMap" in kinds and kinds.index("AreaMap") == kinds.index("KeyFigures") + 1


# DOCX ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_docx_has_the_map_as_a_200_dpi_png_with_alt_text(prepared: Prepared, language: str) -> None:
    from docx import Document as Docx
    from PIL import Image

    doc = document(prepared, language)
    data = RENDERERS["docx"](doc)
    assert data == RENDERERS["docx"](doc)
    docx = Docx(io.BytesIO(data))
    block = area_map(doc)
    described = [el for el in docx.element.body.iter() if el.tag.endswith("}docPr")
                 and el.get("title") == block.title]
    assert len(described) == 1
    alt = described[0].get("descr")
    shaded = sorted((a for a in prepared.report.map.areas if a.value),  # type: ignore[union-attr]
                    key=lambda a: -(a.value or 0))
    for area in shaded:
        assert area.names[language] in alt
        assert f"{area.value:,}" in alt
    images = [part for part in docx.part.package.parts if part.content_type == "image/png"]
    pictures = [Image.open(io.BytesIO(p.blob)) for p in images]
    maps = [p for p in pictures if p.info.get("dpi") and round(p.info["dpi"][0]) == 200 and p.width > 1300]
    assert maps
    # Every class colour is there, unchanged (the image is saved with a palette).
    colours = {c for _, c in maps[0].convert("RGB").getcolors(maxcolors=1 << 20)}
    shown = {a.shade for a in block.areas if a.shade >= 0}
    assert shown and all(tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) in colours
                         for h in (class_colors(block.classes)[c] for c in shown))


# The shared COD-AB of Syria --------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared COD-AB extract is not next to the project")
def test_shared_syria_districts_shade_aleppo_and_idleb_in_a_small_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    ws = map_workspace(tmp_path, 'boundaries = "boundaries/syr_adm2.geojson"', SHARED / "syr_adm2.geojson")
    shared = prepare(ws, today=TODAY)
    m = shared.report.map
    assert m is not None and not [f for f in shared.findings if f.code.startswith("W-map")]
    shaded = {a.pcode[:4] for a in m.areas if a.value}
    assert shaded == {"SY02", "SY07"}
    for language in ("en", "ar"):
        data = RENDERERS["pdf"](document(shared, language))
        assert len(data) < 500_000
    text = PdfReader(io.BytesIO(RENDERERS["pdf"](document(shared, "en")))).pages[0].extract_text()
    assert "Jebel Saman" in text and "Harim" in text and DISCLAIMER_EN in re.sub(r"\s+", " ", text)
