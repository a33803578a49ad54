"""Every language × format, read back: figures formatted for the locale, labels translated,
Arabic right-to-left in both formats (logical text, joined letters, mirrored structure)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from sitrep.i18n import Localizer
from sitrep.i18n.catalog import catalog_languages, load_messages, missing_translations
from sitrep.pipeline import build, prepare

from .conftest import LANGUAGES, TODAY
from .test_example import STEM, docx_text, pdf_text

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BIDI_MARKS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def pdftotext(path: Path) -> str:
    """poppler's text layer (the way most readers copy text), NFKC-normalised, marks removed."""
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed; ./dev.sh test installs it"
    raw = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    text = unicodedata.normalize("NFKC", raw)
    return "".join(c for c in text if c not in BIDI_MARKS)


def squeeze(text: str) -> str:
    """NFKC text without whitespace, bidi marks or Arabic harakat, for comparing extracted text.

    Line wrapping and extractors' spacing differ; and where a lam-alef ligature carries a mark,
    the text layer puts the mark after the ligature (قبولاً for قبولًا) — the same word on the page.
    (test_arabic_brackets_harakat_and_wrapped_line_order checks that harakat are kept.)
    """
    normal = unicodedata.normalize("NFKC", text).casefold()  # the title band shows the country in capitals
    return "".join(c for c in normal if not c.isspace() and c not in BIDI_MARKS and not "\u064b" <= c <= "\u0652")


def bbox_words(path: Path) -> list[tuple[str, float, float]]:
    """(word, x, y) in drawing order from ``pdftotext -bbox``: how the page looks, not how it reads."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return [(unicodedata.normalize("NFKC", w), float(x), float(y))
            for x, y, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def read_pdf(path: Path, language: str) -> str:
    return pdftotext(path) if language == "ar" else pdf_text(path)


def test_every_language_has_a_complete_catalog() -> None:
    assert set(catalog_languages()) >= {"fr", "es", "ar", "ru", "zh"}
    for language in catalog_languages():
        assert missing_translations(language) == [], language


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_and_labels_in_both_formats(all_languages, language: str) -> None:  # type: ignore[no-untyped-def]
    out, (prepared, _) = all_languages
    figures = prepared.report.figures
    loc = Localizer(language, country="SYR")
    expected = [loc.number(figures.killed), loc.number(figures.injured), loc.number(figures.displaced),
                loc.gettext("civilians killed"), loc.gettext("Highlights"),
                loc.gettext("Flash Update No. {number}").format(number=loc.number(1)),
                loc.date(prepared.report.as_of), loc.country_name("SYR")]
    pdf = read_pdf(out / f"{STEM}_{language}.pdf", language)
    docx = docx_text(out / f"{STEM}_{language}.docx")
    for text in (pdf, docx):
        for item in expected:  # compared without spaces: labels wrap inside key-figure cards
            assert squeeze(item) in squeeze(text), (language, item)


def test_numbers_follow_the_locale(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    import re

    # French and Russian group thousands with a (narrow) no-break space, Spanish with a point.
    assert re.search(r"36[\s\u202f\u00a0]050", pdf_text(out / f"{STEM}_fr.pdf"))
    assert "36,050" not in pdf_text(out / f"{STEM}_fr.pdf")
    assert "36.050" in pdf_text(out / f"{STEM}_es.pdf")
    assert re.search(r"36[\s\u00a0]050", pdf_text(out / f"{STEM}_ru.pdf"))
    assert "29 de noviembre de 2024" in pdf_text(out / f"{STEM}_es.pdf")
    assert "تشرين الثاني" in pdftotext(out / f"{STEM}_ar.pdf")  # Levantine month names for Syria


def test_narrative_is_translated_and_filled(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, (prepared, result) = all_languages
    for language in LANGUAGES:
        text = read_pdf(out / f"{STEM}_{language}.pdf", language)
        assert "{" not in text, language
    assert not [f for f in result.findings if f.code == "W-translation-missing"]
    assert not [f for f in result.findings if f.code == "W-label-missing"]


def test_arabic_pdf_text_is_logical_and_shaped(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    path = out / f"{STEM}_ar.pdf"
    text = pdftotext(path)
    words = text.split()
    assert "حلب" in words and "إدلب" in words  # governorate names as whole words, letters in order
    assert "27" in words and "36,050" in words  # numbers keep their left-to-right digits
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansArabic-Regular" in fonts and "NotoSansArabic-Bold" in fonts
    assert path.stat().st_size < 500_000


def test_arabic_docx_is_real_right_to_left(all_languages) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    out, _ = all_languages
    doc = Document(str(out / f"{STEM}_ar.docx"))
    body = doc.element.body
    paragraphs = [p for p in body.iter(f"{W_NS}p") if "".join(t.text or "" for t in p.iter(f"{W_NS}t")).strip()]
    assert paragraphs and all(p.find(f"{W_NS}pPr/{W_NS}bidi") is not None for p in paragraphs)
    arabic_runs = [r for r in body.iter(f"{W_NS}r")
                   if any("\u0600" <= c <= "\u06ff" for t in r.iter(f"{W_NS}t") for c in (t.text or ""))]
    assert arabic_runs and all(r.find(f"{W_NS}rPr/{W_NS}rtl") is not None for r in arabic_runs)
    tables = list(body.iter(f"{W_NS}tbl"))
    assert tables and all(t.find(f"{W_NS}tblPr/{W_NS}bidiVisual") is not None for t in tables)
    lang = doc.styles["Normal"].element.rPr.find(f"{W_NS}lang")
    assert lang.get(f"{W_NS}bidi") == "ar-SY"
    assert "حلب" in docx_text(out / f"{STEM}_ar.docx")  # logical order, searchable


def test_latin_docx_has_no_rtl_marks(all_languages) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    out, _ = all_languages
    body = Document(str(out / f"{STEM}_fr.docx")).element.body
    assert body.find(f".//{W_NS}bidi") is None and body.find(f".//{W_NS}bidiVisual") is None


ARABIC_PARAGRAPH = ("قُتل {killed_total} مدنياً في حلب وإدلب وفق مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (OCHA)، "
                    "بينهم {killed_children} أطفال. " * 6) + "نهاية الفقرة."


def test_arabic_brackets_harakat_and_wrapped_line_order(make_workspace, tmp_path: Path) -> None:
    from .conftest import CASUALTY_HEADER

    ws = make_workspace({"p.xlsx": {
        "Casualties": [CASUALTY_HEADER, [dt.date(2024, 11, 28), "Aleppo", "", 27, 8, 3, 0, "Alpha"]],
        "Narrative": [["Section", "English", "Arabic"],
                      ["overview", "{killed_total} people were killed.", "بداية الفقرة. " + ARABIC_PARAGRAPH]]}})
    result = build(prepare(ws, today=TODAY), languages=["ar"], formats=["pdf"], out_dir=tmp_path / "out")
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    flat = " ".join(pdftotext(pdf).split())
    assert "قُتل" in flat  # the damma is kept, letters in logical order
    assert flat.index("بداية الفقرة") < flat.index("نهاية الفقرة")  # wrapped lines keep their order
    words = bbox_words(pdf)
    # How it looks: brackets face the Latin name ("(OCHA)", never ")OCHA(")…
    ocha = [w for w, _, _ in words if "OCHA" in w]
    assert ocha and all("(OCHA)" in w and ")OCHA(" not in w for w in ocha)
    # …the paragraph's first line starts at the right: its first figure (27 killed) is right of the
    # first children figure (8), as a reader going right to left meets them…
    # (-bbox words hold the glyphs as drawn, left to right, so an Arabic word reads reversed.)
    start = next(y for w, _, y in words if "بداية" in w[::-1])
    end = next(y for w, _, y in words if "نهاية" in w[::-1])
    first_line = [(w, x) for w, x, y in words if abs(y - start) < 1]
    assert max(x for w, x in first_line if w == "27") > max(x for w, x in first_line if w == "8")
    assert max(x for w, x in first_line if "بداية" in w[::-1]) > max(x for w, x in first_line if w == "27")
    # …and wrapped lines go down the page in reading order.
    assert start < end


def test_missing_label_falls_back_to_english_with_a_warning(make_workspace, tmp_path: Path) -> None:
    ws = make_workspace({"n.xlsx": {"Narrative": [["Section", "English"], ["overview", "Only English here."]]}})
    template = ws / "templates" / "flash-update"
    template.mkdir(parents=True)
    source = (Path(__file__).resolve().parents[1] / "templates" / "flash-update" / "template.toml").read_text()
    (template / "template.toml").write_text(source.replace('title = "Situation overview"',
                                                           'title = "A brand-new section title"'))
    result = build(prepare(ws, today=TODAY), languages=["fr"], formats=["pdf"], out_dir=tmp_path / "out")
    codes = [(f.code, f.message) for f in result.findings]
    assert any(c == "W-label-missing" and "A brand-new section title" in m for c, m in codes)
    assert any(c == "W-translation-missing" and "overview" in m for c, m in codes)
    text = pdf_text(next(o.path for o in result.outputs if o.format == "pdf"))
    assert "A brand-new section title" in text and "Only English here." in text
    assert load_messages("fr")["Translation pending; original text shown."] in text


def test_arabic_indic_digits_option() -> None:
    loc = Localizer("ar", country="SYR", digits="arabic-indic")
    assert loc.number(36050) == "٣٦٬٠٥٠"
    assert Localizer("ar", country="SYR").number(36050) == "36,050"
    assert Localizer("fr", digits="arabic-indic").number(27) == "27"


def test_bidi_isolates_from_pasted_text_do_not_break_the_arabic_pdf() -> None:
    from sitrep.render.direction import first_strong
    from sitrep.render.pdf_rtl import display_line

    line = "\u2068OCHA Syria (example)\u2069 · تحديث \u2066WFP\u2069 \u2067نص\u2069"
    shown = display_line(line)
    assert "OCHA Syria (example)" in shown and "WFP" in shown
    assert first_strong("  (27) حلب") == "R" and first_strong("27 Aleppo") == "L"


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_golden_structure_per_language(all_languages, golden, language: str) -> None:  # type: ignore[no-untyped-def]
    from .test_example import docx_structure, pdf_layout

    out, _ = all_languages
    golden(f"nw-syria-2024/{language}/document.txt", docx_structure(out / f"{STEM}_{language}.docx"))
    golden(f"nw-syria-2024/{language}/pdf-layout.txt", pdf_layout(out / f"{STEM}_{language}.pdf"))
