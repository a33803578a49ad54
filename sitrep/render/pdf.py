"""PDF renderer (reportlab platypus): the only module that imports reportlab.

Fonts are embedded and subset; ``invariant=1`` keeps the bytes identical between runs.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from sitrep.compose.document import (
    BulletList,
    ContactList,
    Document,
    Heading,
    KeyFigures,
    Paragraph,
    SourceList,
    Table,
    TitleBand,
)
from sitrep.render.fonts import LATIN, register_fonts

MM = 72 / 25.4
KEEP_TOGETHER_ROWS = 18
"""Tables up to this many rows never split across pages (no orphaned total line)."""


def _esc(text: str) -> str:
    """Text for a reportlab Paragraph: markup characters shown literally, controls removed."""
    cleaned = "".join(c for c in text if c in "\t\n" or ord(c) >= 32)
    return escape(cleaned)


class _Styles:
    def __init__(self, doc: Document) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.enums import TA_LEFT
        from reportlab.lib.styles import ParagraphStyle

        t = doc.theme
        self.primary, self.accent, self.muted = HexColor(t.primary), HexColor(t.accent), HexColor(t.muted)
        self.band_text = HexColor(t.band_text)
        self.table_header, self.subtotal = HexColor(t.table_header), HexColor(t.subtotal)
        font, bold = LATIN.regular, LATIN.bold
        self.font, self.bold = font, bold

        def style(name: str, **kw: Any) -> ParagraphStyle:
            base = {"fontName": font, "fontSize": 9.5, "leading": 13.2, "alignment": TA_LEFT}
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.body = style("body", spaceAfter=5)
        self.note = style("note", fontSize=8, leading=10.5, textColor=self.muted, spaceAfter=4)
        self.heading = style("heading", fontName=bold, fontSize=12.5, leading=16, textColor=self.primary,
                             spaceBefore=9, spaceAfter=4, keepWithNext=1)
        self.bullet = style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3)
        self.band_country = style("band_country", fontName=bold, fontSize=10, leading=13, textColor=self.band_text)
        self.band_title = style("band_title", fontName=bold, fontSize=19, leading=23, textColor=self.band_text)
        self.band_label = style("band_label", fontName=bold, fontSize=11.5, leading=15, textColor=self.band_text)
        self.band_small = style("band_small", fontSize=8.5, leading=11, textColor=self.band_text)
        self.fig_value = style("fig_value", fontName=bold, fontSize=20, leading=23, textColor=self.accent)
        self.fig_label = style("fig_label", fontName=bold, fontSize=8.5, leading=10.5)
        self.fig_note = style("fig_note", fontSize=7.5, leading=9.5, textColor=self.muted)
        self.cell = style("cell", fontSize=8.5, leading=10.8)
        self.cell_bold = style("cell_bold", fontName=bold, fontSize=8.5, leading=10.8)
        self.cell_head = style("cell_head", fontName=bold, fontSize=8, leading=10, textColor=self.primary)


def render_pdf(doc: Document) -> bytes:
    """Lay the document out on pages and return the PDF bytes.

    Two passes: the first counts the pages so the footer can say "Page 2 of 3"; the second
    writes the file. (A canvas that defers pages until the count is known would break the
    bookmark targets, which must point at real pages.)
    """
    register_fonts()
    st = _Styles(doc)
    _, pages = _layout(doc, st, total=None)
    data, _ = _layout(doc, st, total=pages)
    return data


def _layout(doc: Document, st: _Styles, total: int | None) -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    page_size = LETTER if doc.theme.page_size == "LETTER" else A4
    margin = doc.theme.margin_mm * MM
    buf = io.BytesIO()

    class _Template(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab hook
            anchor = getattr(flowable, "_sitrep_anchor", None)
            if anchor:
                self.canv.bookmarkPage(anchor)
                self.canv.addOutlineEntry(flowable.getPlainText(), anchor, level=0)

    def footer(canvas: Any, _doc: Any) -> None:
        width = page_size[0]
        canvas.saveState()
        canvas.setStrokeColor(st.primary)
        canvas.setLineWidth(0.6)
        canvas.line(margin, margin + 6 * MM, width - margin, margin + 6 * MM)
        canvas.setFont(st.font, 7.5)
        canvas.setFillColor(st.muted)
        canvas.drawString(margin, margin + 2.5 * MM, doc.footer)
        label = doc.page_label.format(page=canvas.getPageNumber(), pages=total or 0)
        canvas.drawRightString(width - margin, margin + 2.5 * MM, label)
        if doc.notice:
            canvas.setFont(st.font, 7)
            canvas.drawString(margin, margin - 1 * MM, doc.notice)
        canvas.restoreState()

    template = _Template(buf, pagesize=page_size, leftMargin=margin, rightMargin=margin,
                         topMargin=margin, bottomMargin=margin + 10 * MM, title=doc.title,
                         author=doc.author, subject=doc.subject, creator="sitrep", lang=doc.language,
                         invariant=1, initialFontName=st.font, initialFontSize=9.5)
    frame = Frame(margin, margin + 10 * MM, page_size[0] - 2 * margin, page_size[1] - 2 * margin - 10 * MM,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    story: list[Any] = []
    for block in doc.blocks:
        story.extend(_flowables(block, st, frame._width))
    template.build(story)
    return buf.getvalue(), template.page


def _flowables(block: object, st: _Styles, width: float) -> list[Any]:
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Spacer

    if isinstance(block, TitleBand):
        return [_title_band(block, st, width), Spacer(1, 4 * MM)]
    if isinstance(block, KeyFigures):
        return [_key_figures(block, st, width), Spacer(1, 2 * MM)]
    if isinstance(block, Heading):
        p = RLParagraph(_esc(block.text), st.heading)
        p._sitrep_anchor = block.anchor  # type: ignore[attr-defined]
        return [p]
    if isinstance(block, Paragraph):
        return _paragraph(block, st, st.note if block.style == "note" else st.body)
    if isinstance(block, BulletList):
        out = []
        for item in block.items:
            out.extend(_paragraph(item, st, st.bullet, bullet="•"))
        return out
    if isinstance(block, Table):
        return _table(block, st, width)
    if isinstance(block, SourceList):
        return [RLParagraph(f"<super>{n}</super> {_esc(text)}", st.note) for n, text in block.items]
    if isinstance(block, ContactList):
        return [_contacts(block, st, width)]
    raise TypeError(f"no PDF layout for {type(block).__name__}")


def _contacts(block: ContactList, st: _Styles, width: float) -> Any:
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    cards = []
    for c in block.items:
        lines = [f"<b>{_esc(c.name)}</b>"] + [_esc(x) for x in (c.title, c.email, c.phone) if x]
        cards.append(RLParagraph("<br/>".join(lines), st.body))
    rows = [cards[i:i + 2] + [""] * (2 - len(cards[i:i + 2])) for i in range(0, len(cards), 2)]
    table = RLTable(rows, colWidths=[width / 2] * 2)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _paragraph(p: Paragraph, st: _Styles, style: Any, bullet: str | None = None) -> list[Any]:
    from reportlab.platypus import Paragraph as RLParagraph

    text = _esc(p.text)
    if p.footnotes:
        text += "<super>" + ",".join(str(n) for n in p.footnotes) + "</super>"
    out = [RLParagraph(text, style, bulletText=bullet)]
    if p.fallback:
        out.insert(0, RLParagraph(f"<i>[{_esc(p.fallback)}]</i>", st.note))
    return out


def _title_band(band: TitleBand, st: _Styles, width: float) -> Any:
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    left = [RLParagraph(_esc(band.country.upper()), st.band_country),
            RLParagraph(_esc(band.crisis), st.band_title)]
    right = [RLParagraph(_esc(band.label), st.band_label), RLParagraph(_esc(band.date_line), st.band_small),
             RLParagraph(_esc(band.period_line), st.band_small)]
    table = RLTable([[left, right]], colWidths=[width * 0.64, width * 0.36])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), st.primary),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5 * MM), ("RIGHTPADDING", (0, 0), (-1, -1), 5 * MM),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * MM), ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5 * MM),
        ("LINEBEFORE", (1, 0), (1, 0), 0.8, st.band_text),
    ]))
    return table


def _key_figures(block: KeyFigures, st: _Styles, width: float) -> Any:
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    cells = []
    for fig in block.items:
        cell = [RLParagraph(_esc(fig.value), st.fig_value), RLParagraph(_esc(fig.label), st.fig_label)]
        if fig.note:
            cell.append(RLParagraph(_esc(fig.note), st.fig_note))
        cells.append(cell)
    n = max(1, len(cells))
    gap = 3 * MM
    card = (width - gap * (n - 1)) / n
    row: list[Any] = []
    widths: list[float] = []
    for i, cell in enumerate(cells):
        if i:
            row.append("")
            widths.append(gap)
        row.append(cell)
        widths.append(card)
    table = RLTable([row], colWidths=widths)
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5 * MM), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * MM),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5 * MM), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * MM)]
    for i in range(0, 2 * n - 1, 2):
        style += [("BACKGROUND", (i, 0), (i, 0), st.subtotal), ("LINEBEFORE", (i, 0), (i, 0), 2.2, st.accent)]
    table.setStyle(TableStyle(style))
    return table


def _table(block: Table, st: _Styles, width: float) -> list[Any]:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Spacer, TableStyle
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    total_weight = sum(c.weight for c in block.columns)
    widths = [width * c.weight / total_weight for c in block.columns]

    def para(text: str, base: ParagraphStyle, numeric: bool, indent: int = 0) -> Any:
        style = ParagraphStyle(f"{base.name}-r", parent=base, alignment=TA_RIGHT) if numeric else base
        if indent:
            style = ParagraphStyle(f"{base.name}-i", parent=style, leftIndent=8 * indent)
        return RLParagraph(_esc(text), style)

    data = [[para(c.text, st.cell_head, c.numeric) for c in block.columns]]
    style: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, 0), st.table_header),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, st.primary),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, row in enumerate(block.rows, start=1):
        bold = row.kind in ("subtotal", "total")
        base = st.cell_bold if bold else st.cell
        data.append([para(text, base, col.numeric, row.indent if i == 0 else 0)
                     for i, (text, col) in enumerate(zip(row.cells, block.columns, strict=True))])
        if row.kind == "subtotal":
            style.append(("BACKGROUND", (0, r), (-1, r), st.subtotal))
        elif row.kind == "total":
            style.append(("LINEABOVE", (0, r), (-1, r), 0.8, st.primary))
        else:
            style.append(("LINEBELOW", (0, r), (-1, r), 0.25, st.table_header))
    table = RLTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    out: list[Any] = [table]
    if block.note:
        out += [Spacer(1, 1.5 * MM), RLParagraph(_esc(block.note), st.note)]
    if len(block.rows) <= KEEP_TOGETHER_ROWS:
        out = [KeepTogether(out)]
    out.append(Spacer(1, 2 * MM))
    return out
