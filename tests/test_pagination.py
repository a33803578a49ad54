"""Pagination rules, checked on rendered pages (poppler's word boxes) and on the DOCX's Word markup:
tables split with their header repeated and enough rows on each side, a heading never ends a page,
no page but the last is left mostly empty."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sitrep.render.docx import render_docx
from sitrep.render.pdf import render_pdf
from sitrep.render.typeset import BOXES, KEEP, PAGE, STYLES

from .test_example import STEM
from .typeset_docs import long_table

MM = 72 / 25.4


def pages(path: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, the text lines of the body frame (yMin, yMax, text) from top to bottom; the running
    footer and the diagonal DRAFT mark (taller than any text line) are left out."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r'xmlns="[^"]+"', "", xml, count=1))
    out = []
    for page in root.iter("page"):
        bottom = float(page.get("height", 0)) - (16 + PAGE.footer_band_mm) * MM
        lines = [(float(line.get("yMin", 0)), float(line.get("yMax", 0)),
                  " ".join(w.text or "" for w in line.iter("word"))) for line in page.iter("line")]
        out.append(sorted(line for line in lines if line[1] <= bottom + 1 and line[1] - line[0] < 30))
    return out


def fill(page: list[tuple[float, float, str]], height: float) -> float:
    """How far down the body frame the lowest text reaches (0..1)."""
    top, bottom = 16 * MM, height - (16 + PAGE.footer_band_mm) * MM
    return (max(y for _, y, _ in page) - top) / (bottom - top)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_long_table_splits_with_its_header_on_every_page_and_three_rows_each_side(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", render_pdf(long_table(90)))
    result = pages(path)
    assert len(result) >= 2
    for number, page in enumerate(result, start=1):
        texts = [t for _, _, t in page]
        # poppler gives a table's far-apart cells as lines of their own.
        first_row = next(i for i, t in enumerate(texts) if t.startswith("Camp "))
        assert {"Site", "People"} <= set(texts[:first_row]), f"page {number} lacks the repeated header row"
        assert sum(1 for t in texts if t.startswith("Camp ") or t == "Total") >= KEEP.table_min_rows


@pytest.mark.parametrize(("rows", "filler"), [(40, 4), (12, 6), (12, 7)])
def test_a_heading_and_intro_stay_with_a_table_that_splits_instead_of_jumping(tmp_path: Path, rows: int,
                                                                               filler: int) -> None:
    """Most of a page of text, then heading, intro and a table longer than the rest of the page: the
    heading and its intro do not end the page, the table starts on their page and splits there
    (a 12-row table used to jump whole to the next page, leaving them alone above a blank foot)."""
    path = write(tmp_path, "lead.pdf", render_pdf(long_table(rows, filler=filler)))
    result = pages(path)
    first = [t for _, _, t in result[0]]
    assert "Locations" in first and "Camp 1" in first
    assert re.fullmatch(r"Camp \d+|\d+", first[-1]), f"the first page should end inside the table, not {first[-1]!r}"
    assert fill(result[0], 297 * 72 / 25.4) > 1 - KEEP.max_empty_fraction


def test_a_short_table_never_leaves_fewer_than_three_rows_on_a_page(tmp_path: Path) -> None:
    for filler in range(3, 7):
        result = pages(write(tmp_path, f"f{filler}.pdf", render_pdf(long_table(8, filler=filler))))
        for page in result:
            rows = [t for _, _, t in page if t.startswith("Camp ") or t == "Total"]
            assert not rows or len(rows) >= KEEP.table_min_rows, (filler, rows)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_example_pages_are_full_and_never_end_on_a_heading(all_languages: tuple[Path, object],
                                                            language: str) -> None:
    from pypdf import PdfReader

    path = all_languages[0] / f"{STEM}_{language}.pdf"
    headings = {re.sub(r"\s", "", o.title) for o in PdfReader(path).outline}
    result = pages(path)
    for number, page in enumerate(result[:-1], start=1):
        assert fill(page, 297 * MM) > 1 - KEEP.max_empty_fraction, f"page {number} is more than 20% empty"
        last = re.sub(r"\s", "", page[-1][2])
        assert last not in headings, f"page {number} ends with the heading {page[-1][2]!r}"


def test_docx_tables_repeat_their_header_and_keep_rows_together() -> None:
    import io

    from docx import Document as open_docx
    from docx.oxml.ns import qn

    d = open_docx(io.BytesIO(render_docx(long_table(20))))
    intro = next(p for p in d.paragraphs if p.text == "The table below lists every site.")
    assert intro.paragraph_format.keep_with_next is True  # a heading's intro stays with its table
    assert d.styles["Normal"].paragraph_format.widow_control is True
    table = d.tables[0]
    rows = table.rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    keep = [bool(r.cells[0].paragraphs[0].paragraph_format.keep_with_next) for r in rows]
    n = KEEP.table_min_rows
    # Header + first rows chained; last rows chained; the middle free to break.
    assert keep[:n] == [True] * n and keep[n] is False
    assert keep[-n:-1] == [True] * (n - 1) and keep[-1] is False and keep[-n - 1] is False


def test_a_sub_heading_that_opens_a_page_names_its_sector(tmp_path: Path) -> None:
    """Wherever "Gaps" falls, if it opens a page it reads "Shelter · Gaps"; over these fillers it does."""
    from .typeset_docs import sector

    opened = []
    for filler in range(5, 12):
        result = pages(write(tmp_path, f"s{filler}.pdf", render_pdf(sector(filler))))
        firsts = [page[0][2] for page in result[1:]]
        assert "Gaps" not in firsts, f"filler {filler}: a page opens with 'Gaps' alone"
        opened += [t for t in firsts if t == "Shelter · Gaps"]
        assert "Shelter · Gaps" not in [t for page in result for _, _, t in page[1:]]  # only at a page's top
    assert opened, "no layout put Gaps at the top of a page: the test did not test anything"


def test_a_nearly_empty_last_page_is_pulled_back() -> None:
    """One-line paragraphs spilling a few lines onto a second page come out on one page (tighter
    spacing), whenever the tighter layout fits; otherwise nothing changes."""
    import io

    from pypdf import PdfReader

    from sitrep.render.pdf import _layout
    from sitrep.render.pdf_styles import Styles

    from .typeset_docs import paragraphs

    pulled = 0
    for count in range(36, 46):
        doc = paragraphs(count, words=8)
        _, natural, last = _layout(doc, Styles(doc))
        _, tight, _ = _layout(doc, Styles(doc, squeeze=KEEP.squeeze))
        rendered = len(PdfReader(io.BytesIO(render_pdf(doc))).pages)
        if natural > 1 and last < KEEP.last_page_min_fill and tight < natural:
            assert rendered == tight, f"{count} paragraphs: last page {last:.0%} full, not pulled back"
            pulled += 1
        else:
            assert rendered == natural, f"{count} paragraphs: spacing changed although nothing was gained"
    assert pulled, "no document in the range had a nearly empty last page"


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "ru", "zh"])
def test_the_band_keeps_the_reporting_period_on_one_line(all_languages: tuple[Path, object], language: str) -> None:
    band = [t for _, y, t in pages(all_languages[0] / f"{STEM}_{language}.pdf")[0] if y < 45 * MM]
    assert any("2024" in t and "27" in t for t in band), band


def test_docx_progress_bar_stays_with_its_caption() -> None:
    import io

    from docx import Document as open_docx

    from .typeset_docs import every_block

    d = open_docx(io.BytesIO(render_docx(every_block()[0])))
    body = list(d.element.body.iterchildren())
    caption = next(p for p in d.paragraphs if p.text == "120 of 300 reached")
    bar = body[body.index(caption._p) - 1]  # the bar is the table right before its caption
    assert bar.tag.endswith("}tbl")
    keeps = [p.get_or_add_pPr().find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}keepNext")
             for p in bar.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")]
    assert keeps and all(k is not None for k in keeps)


def test_a_progress_bar_keeps_the_note_under_it(tmp_path: Path) -> None:
    """Wherever the page breaks, "Partners: …" never opens a page without its bar (with 6 or 20
    filler lines it used to)."""
    from sitrep.compose.document import Document, Heading, Paragraph, ProgressBar

    for lines in (6, 20, 23):
        blocks: list[object] = [Paragraph(text="One line of filler text.") for _ in range(lines)]
        for i in range(14):
            blocks += [Heading(text=f"Sector {i}", level=2), ProgressBar(fraction=0.5, caption=f"{i} reached"),
                       Paragraph(text=f"Partners: P{i}", style="note")]
        doc = Document(language="en", rtl=False, title="Bars", subject="Bars", author="Tests", file_stem="bars",
                       footer="Tests", page_label="Page {page} of {pages}", blocks=tuple(blocks))  # type: ignore[arg-type]
        for page in pages(write(tmp_path, f"b{lines}.pdf", render_pdf(doc)))[1:]:
            assert not page[0][2].startswith("Partners:"), f"{lines}: a page opens with {page[0][2]!r}"


def test_right_to_left_text_splits_with_two_lines_on_each_side() -> None:
    """No widows or orphans in the PDF's own line layout (Arabic, Chinese): a split leaves at least
    two lines on each side, or moves the paragraph whole."""
    from sitrep.render.pdf_rtl import RTLText
    from sitrep.render.pdf_styles import Styles

    from .typeset_docs import paragraphs

    st = Styles(paragraphs(1))
    text = RTLText("نص " * 200, font=st.font, size=10, leading=12)
    text.wrap(200, 1000)
    lines = len(text._lines)
    assert lines > 6
    assert text.split(200, 12 * 1.5) == []  # one line would fit: the paragraph moves whole
    first, rest = text.split(200, 12 * (lines - 1) + 1)  # all but one would fit: two go over
    assert (first.height / 12, rest.height / 12) == (lines - 2, 2)


def test_a_chart_that_almost_fits_is_drawn_narrower_rather_than_leaving_a_gap(tmp_path: Path) -> None:
    """Text, then a chart a little taller than the rest of the page: the chart is drawn narrower on
    that page (its text keeps its size); it moves to the next page only when even its narrowest
    allowed drawing would not fit, so the gap it leaves is smaller than that drawing."""
    from sitrep.compose.document import Chart, ChartSeries, Document, Paragraph
    from sitrep.render.chart_pdf import chart_drawing
    from sitrep.render.chart_style import chart_colors
    from sitrep.render.pdf_styles import Styles

    # Six bars: a chart drawn at full size (a two-point series is drawn small, compose/charts.py).
    chart = Chart(kind="bar", title="Newly displaced people", categories=tuple(f"No. {i}" for i in range(1, 7)),
                  series=(ChartSeries(name="People", values=tuple(float(v) for v in range(10, 70, 10)),
                                      labels=tuple(str(v) for v in range(10, 70, 10))),),
                  source="Source: tests")
    narrowed, full = 0, 0.0
    frame = 297 * MM - (32 + PAGE.footer_band_mm) * MM
    for lines in range(20, 34):
        blocks = (*[Paragraph(text="One line of filler text.") for _ in range(lines)], chart,
                  Paragraph(text="After the chart."))
        doc = Document(language="en", rtl=False, title="C", subject="C", author="Tests", file_stem="c",
                       footer="Tests", page_label="Page {page} of {pages}", blocks=blocks)
        path = write(tmp_path, f"c{lines}.pdf", render_pdf(doc))
        result = pages(path)
        first = [t for _, _, t in result[0]]
        if "Newly displaced people" in first:
            right = _right_edge(path)
            full = full or right
            narrowed += right < full - 20  # drawn narrower than at the first (roomy) layout
        else:
            width = (210 - 32) * MM * KEEP.figure_min_width
            narrowest = chart_drawing(chart, width, font=Styles(doc).face, colors=chart_colors(doc.theme)).height
            # What it needs: the drawing, the space under it, and the space under the text above it.
            needed = narrowest + BOXES.after_figure_mm * MM + STYLES["body"].space_after
            assert (1 - fill(result[0], 297 * MM)) * frame < needed, f"{lines}: the chart left a gap it fits in"
    assert narrowed, "no layout needed a narrower chart: the test did not test anything"


def _right_edge(path: Path) -> float:
    """Where a chart's last category label ("No. 6") sits on page 1: further left when drawn narrower."""
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">No.</word>', xml)
    return max(float(x) for x in words)
