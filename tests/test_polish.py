"""Details of the finished page (#16): the "no data yet" card, plural notes, number ranges in
right-to-left maps, Chinese dates in the band. Each read back from the rendered PDF and DOCX."""

from __future__ import annotations

import io
import unicodedata

import pytest

from sitrep.compose.document import Document, KeyFigure, KeyFigures
from sitrep.compose.known import NO_DATA_YET
from sitrep.i18n.catalog import load_messages
from sitrep.render.docx import render_docx
from sitrep.render.pdf import render_pdf
from sitrep.render.typeset import STYLES

LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
LOCALES = {"en": "en_GB", "ar": "ar_SY"}


def _document(language: str, blocks: tuple[object, ...]) -> Document:
    return Document(language=language, rtl=language == "ar", locale=LOCALES.get(language, language), title="T",
                    subject="T", author="Tests", file_stem="t", footer="Tests", page_label="{page}/{pages}",
                    blocks=blocks, as_of_iso="2024-12-01")  # type: ignore[arg-type]


def _drawn(data: bytes) -> list[tuple[str, float, float]]:
    """(text, size, baseline y) of every piece of text the PDF draws, presentation forms read as letters."""
    from pypdf import PdfReader

    out: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            out.append((unicodedata.normalize("NFKC", text), round(size * tm[3], 2), round(cm[5] + tm[5], 1)))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return out


def _no_data(language: str) -> str:
    return NO_DATA_YET if language == "en" else load_messages(language)[NO_DATA_YET]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_no_data_card_says_so_on_one_line_in_a_smaller_style(language: str) -> None:
    """Four cards in a row (the Flash Update's), the first without data: its words share one
    baseline in the PDF, drawn in the spec's no-data style in both formats."""
    text = _no_data(language)
    cards = tuple(KeyFigure(value=v, label="people", known=v != text) for v in (text, "27", "98", "36,050"))
    doc = _document(language, (KeyFigures(items=cards),))
    spec = STYLES["fig_value_unknown"]
    words = set(text.split())
    pieces = [(t, size, y) for t, size, y in _drawn(render_pdf(doc))
              if set(t.split()) & words or (language == "zh" and t.strip() in text)]
    assert pieces, f"{text!r} not drawn"
    assert sorted(w for t, _, _ in pieces for w in t.split()) == sorted(text.split()) or language in ("ar", "zh")
    assert len({y for _, _, y in pieces}) == 1, f"{text!r} wraps: {pieces}"
    assert {size for _, size, _ in pieces} == {spec.size}

    from docx import Document as open_docx
    from docx.enum.text import WD_LINE_SPACING

    cell = open_docx(io.BytesIO(render_docx(doc))).tables[0].rows[0].cells[0]
    runs = [r for p in cell.paragraphs for r in p.runs if r.text.strip()]
    first = cell.paragraphs[0]
    size = runs[0].font.size or first.style.font.size
    assert first.text.strip("\u200f\u200e") == text and size is not None and size.pt == spec.size
    # Its line is exactly as tall as a number's (the spec's leading), so the labels stay level.
    numbers = cell._parent.rows[0].cells[2].paragraphs[0]
    assert first.paragraph_format.line_spacing == numbers.paragraph_format.line_spacing
    assert first.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY


def _pdf_lines(data: bytes, tmp_path: object) -> list[str]:
    """The PDF's text laid out as lines (``pdftotext -layout``), spaces of any width read as one."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return [re.sub(r"\s+", " ", line).strip() for line in out.decode().splitlines()]


def test_a_chinese_reporting_period_is_never_broken_inside_its_dates(tmp_path: object) -> None:
    """A period across two months ("2024年11月27日 – 12月2日") is long enough to wrap in the band's
    side cell: it wraps before the date, never inside it (PDF read back; DOCX marks it whole)."""
    import datetime as dt

    from sitrep.compose.document import TitleBand
    from sitrep.i18n.localizer import Localizer

    loc = Localizer("zh")
    period = loc.date_range(dt.date(2024, 11, 27), dt.date(2024, 12, 2))
    label = load_messages("zh")["Reporting period: {period}"]
    band = TitleBand(country="叙利亚", crisis="叙利亚西北部局势升级", label="快讯第2期",
                     date_line="截至2024年12月2日",
                     period_line=label.format(period=period))
    doc = _document("zh", (band,))
    whole = period.replace("\u2009", " ")
    lines = _pdf_lines(render_pdf(doc), tmp_path)
    assert any(whole in line for line in lines), f"{whole!r} broken: {[ln for ln in lines if ln]}"

    from docx import Document as open_docx

    texts = [p.text for t in open_docx(io.BytesIO(render_docx(doc))).tables for c in t._cells for p in c.paragraphs]
    kept = [t for t in texts if "12" in t.replace("\u2060", "") and "27" in t.replace("\u2060", "")]
    assert kept and all("\u2060" in t.split("：")[-1] for t in kept), kept


CHILD_NOTES = {
    "en": {1: "including 1 child", 8: "including 8 children"},
    "fr": {1: "dont 1 enfant", 8: "dont 8 enfants"},
    "es": {1: "incluido 1 niño", 8: "incluidos 8 niños"},
    "ru": {1: "в том числе 1 ребёнок", 3: "в том числе 3 ребёнка", 8: "в том числе 8 детей",
           21: "в том числе 21 ребёнок"},
    "ar": {1: "بينهم 1 طفل", 2: "بينهم 2 طفلان", 8: "بينهم 8 أطفال", 11: "بينهم 11 طفلًا", 100: "بينهم 100 طفل"},
    "zh": {1: "其中儿童1名", 8: "其中儿童8名"},
}


def _notes(language: str, count: int, *, partial: bool = False) -> tuple[str, str]:
    from sitrep.compose.known import key_figure_items
    from sitrep.i18n.localizer import Localizer
    from sitrep.model.report import Figures

    loc = Localizer(language)
    f = Figures(killed=200, killed_children=count, displaced=900, households=count,
                partial=frozenset({"killed_children"} if partial else ()))
    killed, displaced = key_figure_items(f, ("killed", "displaced"), gettext=loc.gettext, ngettext=loc.ngettext,
                                         number=loc.number, change=lambda _d: "", changes={})
    assert not loc.missing, loc.missing
    return killed.note, displaced.note


@pytest.mark.parametrize("language", sorted(CHILD_NOTES))
def test_the_children_note_takes_the_plural_form_of_its_count(language: str) -> None:
    """CLDR plural rules through the catalogs' ``Plural-Forms``: one/other in English, French and
    Spanish, one/few/many in Russian, six forms in Arabic, one form in Chinese."""
    for count, expected in CHILD_NOTES[language].items():
        assert _notes(language, count)[0] == expected


def test_a_lower_bound_and_households_take_the_plural_form_too() -> None:
    assert _notes("en", 1, partial=True)[0] == "including at least 1 child"
    assert _notes("en", 1)[1] == "1 household"
    assert _notes("en", 5)[1] == "5 households"
    assert _notes("ru", 5)[1] == "5 домохозяйств"
    assert _notes("ar", 2)[1] == "2 أسرتان"


def test_the_singular_note_is_what_both_documents_show() -> None:
    from docx import Document as open_docx

    note = _notes("en", 1)[0]
    doc = _document("en", (KeyFigures(items=(KeyFigure(value="12", label="civilians killed", note=note),)),))
    assert any(t.startswith("including 1 child") for t, _, _ in _drawn(render_pdf(doc)))
    cell = open_docx(io.BytesIO(render_docx(doc))).tables[0].rows[0].cells[0]
    assert "including 1 child" in [p.text for p in cell.paragraphs]


def test_an_arabic_map_legend_orders_its_ranges_as_the_band_orders_its_dates() -> None:
    """A number range in right-to-left text reads from the right ("1–1,000" is drawn "1,000–1", the
    low bound on the right), as the band's "27–29 تشرين الثاني" is drawn "29–27": the legend and the
    band never disagree. Read back as laid-out words (``pdftotext -bbox``)."""
    import re
    import subprocess

    from sitrep.compose.document import AreaMap, LegendEntry, MapShape, TitleBand

    from .typeset_docs import SQUARE

    band = TitleBand(country="سوريا", crisis="التصعيد", label="تحديث عاجل رقم 1", date_line="حتى 29 تشرين الثاني 2024",
                     period_line="الفترة المشمولة بالتقرير: 27–29 تشرين الثاني 2024")
    area = AreaMap(title="المناطق المتضررة", areas=(MapShape(rings=(SQUARE,), shade=0, label="منطقة",
                                                              label_at=(36.25, 35.75)),),
                   outlines=(SQUARE,), view=(35.9, 35.4, 36.6, 36.1), classes=2, legend_title="النازحون الجدد",
                   legend=(LegendEntry(text="1–1,000", shade=0), LegendEntry(text="1,001–2,000", shade=1)),
                   scale_labels=((10, "10 كم"), (20, "20 كم")), notes=(), rtl=True)
    data = render_pdf(_document("ar", (band, area)))
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True).stdout
    words = re.findall(r">([^<]*–[^<]*)</word>", xml.decode())
    assert "29–27" in words and "1,000–1" in words and "2,000–1,001" in words, words
