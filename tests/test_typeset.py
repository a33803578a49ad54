"""One typesetting specification: the PDF and the DOCX of the same document say the same text in
the same order with the same styles (read back from the files), and every block type is laid out
by both renderers."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from sitrep.compose.document import Block
from sitrep.render.docx import render_docx
from sitrep.render.html import render_html
from sitrep.render.pdf import render_pdf
from sitrep.render.typeset import STYLES, heading_style

from .typeset_docs import every_block

BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _visible(text: str) -> str:
    """The text as read: direction marks (invisible; a right-to-left DOCX marks its Latin runs with
    them) dropped, a no-break space (dates in the band) read as a space, a typed bullet (right-to-left
    lists) left out."""
    return text.translate(BIDI_MARKS).replace("\xa0", " ").strip().removeprefix("• ")


def _words(text: str) -> list[str]:
    """The words of a drawn line, in logical order for left-to-right text; a right-to-left line
    draws a Latin sentence's words in bidi (visual) order, so there they are compared as a set."""
    import re

    return re.findall(r"\w+", text)


def _pdf_runs(data: bytes) -> list[tuple[str, float, bool]]:
    """(text, size, bold) of every piece of text the PDF draws, as its content stream says: the size
    from the font operator and text matrix, the weight from the embedded font's name."""
    import io

    from pypdf import PdfReader

    out: list[tuple[str, float, bool]] = []

    def visit(text: str, _cm: list[float], tm: list[float], font: dict[str, str] | None, size: float) -> None:
        if text.strip() and font:
            bold = "Bold" in str(font.get("/BaseFont", ""))
            out.append((_visible(text), round(size * tm[3], 2), bold))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return out


def _docx_runs(data: bytes) -> list[tuple[str, float, bool, str]]:
    """(paragraph text, run size, run bold, paragraph style) of every paragraph in the body, tables included,
    in document order; a run without its own size or weight takes its paragraph style's."""
    import io

    from docx import Document as open_docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    d = open_docx(io.BytesIO(data))
    out = []
    for p in d.element.body.iter(qn("w:p")):
        para = DocxParagraph(p, d)
        runs = [r for r in para.runs if r.text.strip() and not r.font.superscript]
        if not runs:
            continue
        style = para.style
        size, bold = runs[0].font.size, runs[0].bold
        chain = style
        while chain is not None and (size is None or bold is None):  # Word's inheritance: basedOn
            size = size or chain.font.size
            bold = chain.font.bold if bold is None else bold
            chain = chain.base_style
        # A no-break space (dates in the band) is a space for matching the text.
        out.append((_visible(para.text), size.pt if size else 0.0, bool(bold), style.name))
    return out


def _html_runs(data: bytes) -> list[tuple[str, float, bool, str]]:
    """(text, size, bold, tag) of every element the HTML page styles with a typesetting class (``s-body``),
    in document order, read back with the standard library's parser: the size and weight from the
    page's own style sheet (its print size: ``calc(9.5pt * var(--k))``), the text as the element holds it."""
    import re
    from html.parser import HTMLParser

    page = data.decode("utf-8")
    css = {m[1]: (float(m[2]), m[3] == "700") for m in re.finditer(
        r"\.s-(\w+)\{font-size:calc\(([\d.]+)pt \* var\(--k\)\);line-height:[\d.]+;font-weight:(\d+)", page)}
    out: list[list[object]] = []
    open_runs: list[list[object] | None] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("meta", "img", "col", "br"):
                return
            style = next((c[2:] for c in (dict(attrs).get("class") or "").split() if c.startswith("s-")), None)
            if style is None:
                open_runs.append(None)
                return
            run: list[object] = ["", *css[style], tag]
            out.append(run)
            open_runs.append(run)

        def handle_endtag(self, tag: str) -> None:
            if tag not in ("meta", "img", "col", "br") and open_runs:
                open_runs.pop()

        def handle_data(self, data: str) -> None:
            for run in reversed(open_runs):
                if run is not None:
                    run[0] = str(run[0]) + data
                    return

    Reader().feed(page)
    return [(_visible(str(t)), float(str(size)), bool(b), str(tag)) for t, size, b, tag in out]


def test_the_parity_document_holds_every_block_type() -> None:
    doc, _ = every_block()
    assert {type(b) for b in doc.blocks} == set(typing.get_args(Block))


@pytest.mark.parametrize("rtl", [False, True])
def test_pdf_and_docx_draw_each_text_in_its_spec_style_and_in_the_same_order(rtl: bool) -> None:
    """Left to right (reportlab paragraphs) and right to left (sitrep's own line layout)."""
    import dataclasses

    doc, expected = every_block()
    if rtl:
        doc = dataclasses.replace(doc, rtl=True, language="ar", locale="ar_SY")
    pdf, docx, html = _pdf_runs(render_pdf(doc)), _docx_runs(render_docx(doc)), _html_runs(render_html(doc))
    pdf_positions, docx_positions, html_positions = [], [], []
    for text, name in expected:
        spec = STYLES[name]
        in_pdf = [i for i, (t, _, _) in enumerate(pdf) if _words(t)[:len(_words(text))] == _words(text)
                  or (rtl and sorted(_words(t)) == sorted(_words(text)))]
        in_docx = [i for i, (t, _, _, _) in enumerate(docx) if t.startswith(text)]
        assert in_pdf, f"{text!r} not drawn in the PDF"
        assert in_docx, f"{text!r} not in the DOCX"
        in_html = [i for i, (t, _, _, _) in enumerate(html) if t.startswith(text)]
        assert in_html, f"{text!r} not in the HTML"
        _, html_size, html_bold, tag = html[in_html[0]]
        assert (html_size, html_bold) == (spec.size, spec.bold), f"HTML {text!r}: {html_size} pt bold={html_bold}"
        _, pdf_size, pdf_bold = pdf[in_pdf[0]]
        _, docx_size, docx_bold, style = docx[in_docx[0]]
        assert (pdf_size, pdf_bold) == (spec.size, spec.bold), f"PDF {text!r}: {pdf_size} pt, {name}"
        assert (docx_size, docx_bold) == (spec.size, spec.bold), f"DOCX {text!r}: {docx_size} pt bold={docx_bold}"
        if name.startswith("heading"):
            assert style == f"Heading {name[-1]}"
            assert tag == f"h{int(name[-1]) + 1}"  # the page's <h1> is the report's title (the band)
        if name == "band_title":
            assert tag == "h1"
        pdf_positions.append(in_pdf[0])
        docx_positions.append(in_docx[0])
        html_positions.append(in_html[0])
    # A right-to-left row is drawn from the left, so the band's two cells come out of the content
    # stream in reverse reading order; the order is compared from the key figures on.
    start = 4 if rtl else 0
    assert pdf_positions[start:] == sorted(pdf_positions[start:]), "PDF order differs from the document's"
    assert docx_positions == sorted(docx_positions), "DOCX order differs from the document's"
    assert html_positions == sorted(html_positions), "HTML order differs from the document's"


def test_docx_heading_styles_take_spacing_and_fonts_from_the_spec() -> None:
    import io

    from docx import Document as open_docx
    from docx.oxml.ns import qn

    doc, _ = every_block()
    d = open_docx(io.BytesIO(render_docx(doc)))
    for level in (1, 2, 3):
        spec = STYLES[heading_style(level)]
        style = d.styles[f"Heading {level}"]
        fmt = style.paragraph_format
        assert (fmt.space_before.pt, fmt.space_after.pt) == (spec.space_before, spec.space_after)
        assert fmt.keep_with_next is True
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert {k.rsplit("}", 1)[1] for k in fonts.attrib} >= {"ascii", "hAnsi", "cs", "eastAsia"}
        assert not any("Theme" in k or "theme" in k for k in fonts.attrib), "a theme font overrides Arial in Word"
    assert all("theme" not in k.lower() for f in d.styles.element.iter(qn("w:rFonts")) for k in f.attrib)


def test_docx_base_has_no_foreign_thumbnail_or_properties() -> None:
    import io
    import zipfile

    doc, _ = every_block()
    data = render_docx(doc)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if "thumbnail" in n or "customXml" in n or "stylesWithEffects" in n], names
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Application>sitrep</Application>" in app and "Macintosh" not in app and "Normal.dotm" not in app
    assert render_docx(doc) == data  # byte-identical run to run


def test_contacts_are_two_columns_in_both_formats(tmp_path: Path) -> None:
    import io

    from docx import Document as open_docx

    from sitrep.compose.document import ContactCard, ContactList
    from sitrep.render.typeset import BOXES

    doc, _ = every_block()
    cards = tuple(ContactCard(name=f"Person {i}", title="Officer") for i in range(3))
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "blocks": (ContactList(items=cards),)})
    table = open_docx(io.BytesIO(render_docx(doc))).tables[0]
    assert len(table.columns) == BOXES.contacts_columns == 2
    assert [c.paragraphs[0].text for c in table.rows[0].cells] == ["Person 0", "Person 1"]
    runs = _pdf_runs(render_pdf(doc))
    names = [r for r in runs if r[0].startswith("Person")]
    assert names[0][1] >= next(r for r in runs if r[0] == "Officer")[1]  # a name is never smaller than a title
