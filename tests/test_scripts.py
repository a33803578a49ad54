"""Every script right, down to copy and paste: what is drawn, in which order, and what a reader
copies out of the PDF. Documents are read back (ToUnicode maps, pdftotext without normalisation,
the DOCX XML); nothing here looks at sitrep's own intermediate strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.render.direction import CONTROLS, mark_runs, strip_controls

from .conftest import LANGUAGES
from .test_example import STEM

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def drawn_characters(path: Path) -> dict[str, set[str]]:
    """Font name -> every character drawn with it, from the fonts' ToUnicode maps.

    reportlab embeds one subset per font and maps each glyph it drew back to text, so these maps
    list exactly what reached the page (a control character drawn as a box shows up here)."""
    from pypdf import PdfReader

    drawn: dict[str, set[str]] = {}
    reader = PdfReader(path)
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = drawn.setdefault(str(font["/BaseFont"]).split("+")[-1], set())
            entries = cmap.split("beginbfchar", 1)[-1].split("endbfchar", 1)[0]
            for target in re.findall(r"<[0-9A-Fa-f]{2,4}> <([0-9A-Fa-f]+)>", entries):
                chars.add(bytes.fromhex(target).decode("utf-16-be"))
    return drawn


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_direction_control_or_invisible_mark_is_drawn(all_languages, language: str) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    drawn = drawn_characters(out / f"{STEM}_{language}.pdf")
    assert drawn and all(drawn.values())
    shown = {c for chars in drawn.values() for text in chars for c in text}
    assert not shown & CONTROLS, sorted(hex(ord(c)) for c in shown & CONTROLS)
    # A character the font lacks is drawn by reportlab as code 0, the font's empty box, which
    # reads back as U+0000.
    from pypdf import PdfReader

    assert not ["\x00" in page.extract_text() for page in PdfReader(out / f"{STEM}_{language}.pdf").pages
                if "\x00" in page.extract_text()]


def test_strip_controls_leaves_text() -> None:
    assert strip_controls("\u200f\u202aIOM\u202c\u200f، \u2068WFP\u2069") == "IOM، WFP"
    assert strip_controls(mark_runs("الهاتف: +000 000 000 001")) == "الهاتف: +000 000 000 001"


# One mixed-direction rule ------------------------------------------------------------------------

@pytest.mark.parametrize(("logical", "shown"), [
    ("الهاتف: +000 000 000 001", "+000 000 000 001"),
    ("راسلوا jane.example@example.org للمزيد.", "jane.example@example.org"),
    ("انظر https://example.org/nws/fu-1.pdf للتفاصيل", "https://example.org/nws/fu-1.pdf"),
    ("المنطقة SY0200 في حلب", "SY0200"),
    ("في 29/11/2024 قُتل 27 مدنيًا", "29/11/2024"),
    ("Health Cluster, Flash Update No. 3 (27 civilians), 29 نوفمبر 2024",
     "Health Cluster, Flash Update No. 3 (27 civilians)"),
])
def test_left_to_right_runs_read_left_to_right_inside_arabic(logical: str, shown: str) -> None:
    from sitrep.render.pdf_rtl import display_line

    line = display_line(logical)
    assert shown in line  # drawn left to right as typed, in one piece
    assert not set(line) & CONTROLS


def test_a_number_after_a_latin_title_stays_with_the_arabic_date() -> None:
    from sitrep.render.pdf_rtl import display_line

    line = display_line("Health Cluster, Casualty reports, 29 نوفمبر 2024")
    # Display order, left to right: "2024 <month> 29 ,Health Cluster, Casualty reports" — the
    # title at the start (right), the day next to its month, not glued to the title.
    assert line.endswith("Health Cluster, Casualty reports")
    assert line.startswith("2024") and "29 ," in line


def test_a_sentence_ending_in_a_latin_run_keeps_its_full_stop_at_the_end() -> None:
    from sitrep.render.pdf_rtl import display_line

    assert display_line("ما أفاد به Health Cluster (WHO).").startswith(".Health Cluster (WHO)")


def test_arabic_pdf_phone_number_and_source_numbers_as_drawn(all_languages) -> None:  # type: ignore[no-untyped-def]
    from .test_languages import bbox_words

    out, _ = all_languages
    words = bbox_words(out / f"{STEM}_ar.pdf")
    rows: dict[float, list[tuple[str, float]]] = {}
    for word, x, y in words:
        rows.setdefault(round(y), []).append((word, x))
    lines = [" ".join(w for w, _ in sorted(row, key=lambda item: item[1])) for row in rows.values()]
    assert any("+000 000 000 001" in line for line in lines)  # never "001 000 000 000+"
    sources = [row for row in rows.values() if any("Cluster," in w for w, _ in row)]
    assert sources
    for row in sources:  # the list number is the rightmost word of its line
        assert re.fullmatch(r"\.\d", max(row, key=lambda item: item[1])[0])


def test_arabic_docx_marks_runs_footnotes_and_draft_header(all_languages) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    out, _ = all_languages
    doc = Document(str(out / f"{STEM}_ar.docx"))
    body = doc.element.body
    texts = ["".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in body.iter(f"{W_NS}p")]
    assert any("\u202a+000 000 000 001\u202c" in t for t in texts)  # an embedded left-to-right run
    superscripts = [r for r in body.iter(f"{W_NS}r") if r.find(f"{W_NS}rPr/{W_NS}vertAlign") is not None]
    footnotes = ["".join(t.text or "" for t in r.iter(f"{W_NS}t")) for r in superscripts]
    assert any(re.fullmatch("\u200f[\\d,]+", f) for f in footnotes)  # never "2020.1,2"
    header = doc.sections[0].header.paragraphs[0]._p
    assert header.find(f"{W_NS}pPr/{W_NS}bidi") is not None  # starts on the right
    draft = header.find(f"{W_NS}r")
    assert draft.find(f"{W_NS}rPr/{W_NS}b") is not None and draft.find(f"{W_NS}rPr/{W_NS}bCs") is not None


# The text layer --------------------------------------------------------------------------------

POPPLER_WRAPPERS = frozenset("\u202a\u202b\u202c")
"""pdftotext wraps each run it reorders in LRE/RLE … PDF in its own output; the PDF holds none."""


def raw_pdftotext(path: Path) -> str:
    """poppler's text, exactly as it comes out (no normalisation)."""
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed; ./dev.sh test installs it"
    return subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def test_arabic_pdf_text_layer_gives_base_letters_in_logical_order(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    raw = raw_pdftotext(out / f"{STEM}_ar.pdf")
    words = raw.translate({ord(c): " " for c in POPPLER_WRAPPERS}).split()
    assert "حلب" in words and "إدلب" in words
    assert "+000 000 000 001" in raw
    assert "الأطفال" in words  # lam-alef ligatures copy as lam then alef
    assert not [c for c in raw if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF]
    assert not set(raw) & (CONTROLS - POPPLER_WRAPPERS)


def test_every_presentation_form_maps_back_to_letters() -> None:
    from sitrep.render.fonts import text_of_glyph

    assert text_of_glyph(0xFEE3) == "م" and text_of_glyph(ord("A")) == "A"
    assert text_of_glyph(0xFEFB) == "\u0627\u0644"  # lam-alef, in visual order (extractors reorder it)
    for code in [*range(0xFB50, 0xFDFF), *range(0xFE70, 0xFEFF)]:
        text = text_of_glyph(code)
        assert not [c for c in text if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF] or text == chr(code)


# Pagination --------------------------------------------------------------------------------------

LONG_ARABIC = "قُتل {killed_total} مدنياً في حلب وإدلب، وفق تقارير الشركاء (Health Cluster). "
LONG_ENGLISH = "Partners report that roads between Idleb and western Aleppo remain closed to aid convoys. "


@pytest.mark.parametrize("characters", [12_000, 30_000])
def test_a_long_arabic_paragraph_and_a_long_english_fallback_flow_over_pages(
        make_workspace, tmp_path: Path, characters: int) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from sitrep.pipeline import build, prepare

    from .conftest import CASUALTY_HEADER, TODAY

    arabic = ("بداية الفقرة. " + LONG_ARABIC * (characters // len(LONG_ARABIC) + 1))[:characters] + " نهاية الفقرة."
    english = "Start of the fallback. " + LONG_ENGLISH * (characters // len(LONG_ENGLISH)) + "End of the fallback."
    ws = make_workspace({"p.xlsx": {
        "Casualties": [CASUALTY_HEADER, [dt.date(2024, 11, 28), "Aleppo", "", 27, 8, 3, 0, "Alpha"]],
        "Narrative": [["Section", "English", "Arabic"], ["overview", "{killed_total} people were killed.", arabic],
                      ["overview", english, ""]]}})
    result = build(prepare(ws, today=TODAY), languages=["ar"], formats=["pdf"], out_dir=tmp_path / "out")
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) >= characters // 6000  # split over pages, nothing lost:
    flat = " ".join(raw_pdftotext(pdf).translate({ord(c): " " for c in POPPLER_WRAPPERS}).split())
    assert "بداية الفقرة" in flat and "نهاية الفقرة" in flat
    assert "Start of the fallback." in flat and "End of the fallback." in flat
    assert flat.index("بداية الفقرة") < flat.index("نهاية الفقرة") < flat.index("Start of the fallback.")


def test_arabic_table_figures_line_up_on_their_units(all_languages) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    out, _ = all_languages
    html = subprocess.run(["pdftotext", "-bbox", str(out / f"{STEM}_ar.pdf"), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    right_edges = {w: float(x) for x, w in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', html)}
    # The displacement table's "newly displaced" column: 17,450 / 900 / 36,050 end at one x.
    column = [right_edges[w] for w in ("17,450", "900", "36,050")]
    assert max(column) - min(column) < 0.5, column


# Chinese -----------------------------------------------------------------------------------------

CLOSING = "，。、；：？！）》」』】”’％"
"""Punctuation that may never start a line (UAX #14 classes CL, CP, EX, IS, PO …)."""


def test_chinese_pdf_speaks_chinese_with_an_embedded_subset_font(all_languages) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    out, _ = all_languages
    path = out / f"{STEM}_zh.pdf"
    raw = raw_pdftotext(path)
    for label in ("快讯第1期", "要点", "平民死亡人数", "叙利亚西北部局势升级", "截至2024年11月29日",
                  "第1页，共3页", "资料来源", "按省和区分列的伤亡情况"):
        assert label in raw, label
    assert "\ufffd" not in raw
    assert "Aleppo" in raw  # the gazetteer has no Chinese names: English ones, as documented
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSansCJKSC" in line]
    assert cjk and all(line.split()[-5:-3] == ["yes", "yes"] for line in cjk)  # embedded, subset
    assert any("Bold" in line for line in cjk)
    assert path.stat().st_size < 500_000


def test_chinese_lines_break_between_han_characters_never_before_closing_punctuation(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    lines = [line.strip() for line in raw_pdftotext(out / f"{STEM}_zh.pdf").splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in CLOSING]
    # Narrative paragraphs wrap over several lines without spaces to break at.
    long_lines = [line for line in lines if len(line) > 30 and " " not in line]
    assert len(long_lines) > 10


def test_uax14_breaker_keeps_words_and_punctuation() -> None:
    from sitrep.render.linebreak import break_lines

    text = "在2024年11月27日，非国家武装团体（包括OCHA Syria）发动了大规模攻势。"
    for width in range(4, 30):
        lines = break_lines(text, width, len)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not [line for line in lines[1:] if line[0] in CLOSING]
        assert all(len(line) <= width for line in lines)
        assert not [line for line in lines if line.endswith("（")]
        if width >= 6:
            assert not [line for line in lines if line.startswith(("CHA", "yria"))]  # Latin words stay whole


def test_chinese_docx_names_an_east_asian_font_and_language(all_languages) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    out, _ = all_languages
    doc = Document(str(out / f"{STEM}_zh.docx"))
    rpr = doc.styles["Normal"].element.rPr
    assert rpr.find(f"{W_NS}rFonts").get(f"{W_NS}eastAsia") == "Microsoft YaHei"
    assert rpr.find(f"{W_NS}lang").get(f"{W_NS}eastAsia") == "zh-CN"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "要点" in text and "平民死亡人数" in "\n".join(c.text for t in doc.tables for c in t._cells)


def test_chinese_font_subset_is_cached_with_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from sitrep.render.fonts_cjk import cjk_font_files

    digests = []
    for run in ("a", "b"):
        monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / run))
        # "龘" is outside the common characters sitrep ships a cut of, so a subset is made and cached.
        regular, bold = cjk_font_files("叙利亚局势，第1期。龘")
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest() for p in (regular, bold)])
        assert regular.stat().st_size < 100_000 and bold.stat().st_size < 100_000
    assert digests[0] == digests[1]
