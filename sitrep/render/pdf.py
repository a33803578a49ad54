"""PDF renderer (reportlab platypus). Only this module and its helpers import reportlab.

Every piece of text goes through :meth:`_Writer.text`, which returns a reportlab
``Paragraph`` for left-to-right languages and an :class:`~sitrep.render.pdf_rtl.RTLText`
for right-to-left ones; the layout code mirrors column order, alignment and decorations
when the document is right-to-left. Fonts are embedded and subset; ``invariant=1`` keeps the
bytes identical between runs.
"""

from __future__ import annotations

import io
from typing import Any, assert_never
from xml.sax.saxutils import escape

from sitrep.compose.document import (
    AreaMap,
    Block,
    BulletList,
    Chart,
    ContactList,
    Document,
    Heading,
    KeyFigures,
    Paragraph,
    ProgressBar,
    SourceList,
    Table,
    TitleBand,
)
from sitrep.render.direction import strip_controls
from sitrep.render.pdf_archive import archival_image, archive
from sitrep.render.pdf_flow import keep_headings_with_content
from sitrep.render.pdf_page_labels import PageLabels
from sitrep.render.pdf_styles import MM
from sitrep.render.pdf_styles import Styles as _Styles
from sitrep.render.typeset import BOXES, CONTINUED, KEEP, PAGE, STYLES, heading_style, no_break_year


def _clean(text: str) -> str:
    """Control characters removed (they have no glyph and break PDF text).

    Direction marks are kept here: right-to-left text needs them until its lines are ordered
    (:mod:`sitrep.render.pdf_rtl` removes them then); left-to-right text drops them in :func:`_esc`."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 32)


def _esc(text: str) -> str:
    """Text for a reportlab Paragraph: markup characters shown literally."""
    return escape(strip_controls(_clean(text)))


class _Writer:
    """Turns document blocks into flowables, in either direction."""

    def __init__(self, doc: Document, st: _Styles, width: float) -> None:
        self.doc, self.st, self.width, self.rtl = doc, st, width, doc.rtl
        self.section = ""
        """The current level-2 heading (a sector), named again by a sub-heading that opens a page."""

    def text(self, text: str, style: Any, *, numeric: bool = False, bullet: str | None = None,
             footnotes: tuple[int, ...] = (), indent: float = 0, italic_note: bool = False,
             note_number: int | None = None, direction: str = "") -> Any:
        """One block of text.

        ``direction`` is ``""`` for the document's own language, ``ltr``/``rtl`` for text known
        to be in another language, and ``auto`` for data (names, titles) typed by partners.
        """
        if self.st.cjk:
            return self.cjk_text(text, style, numeric=numeric, bullet=bullet, footnotes=footnotes, indent=indent,
                                 note_number=note_number)
        if self.rtl:
            from sitrep.render.direction import first_strong
            from sitrep.render.pdf_rtl import RTLText

            base = {"ltr": "L", "rtl": "R", "auto": first_strong(text)}.get(direction, "R")
            if note_number is not None:
                # A numbered list of a right-to-left document reads from the right, whatever the
                # item's language: the number is drawn on the right, Latin titles are marked runs.
                base, bullet = "R", f"{note_number}."
            prose = style.name in ("body", "bullet", "note", "lead")
            # Figures are right-aligned in both directions, so their units line up in a column.
            align = "left" if base == "L" and prose and direction != "auto" and not numeric else "right"
            return RTLText(_clean(text), font=style.fontName, size=style.fontSize, leading=style.leading,
                           color=style.textColor, align=align, base_dir=base,
                           space_before=style.spaceBefore, space_after=style.spaceAfter, bullet=bullet,
                           indent=indent, footnotes=footnotes,
                           keep_with_next=bool(getattr(style, "keepWithNext", 0)))
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph as RLParagraph

        if numeric or indent:
            style = ParagraphStyle(f"{style.name}-{numeric}-{indent}", parent=style,
                                   alignment=TA_RIGHT if numeric else style.alignment,
                                   leftIndent=style.leftIndent + indent)
        markup = _esc(text)
        if italic_note:
            markup = f"<i>{markup}</i>"
        if footnotes:
            markup += "<super>" + ",".join(str(n) for n in footnotes) + "</super>"
        if note_number is not None:
            markup = f"<super>{note_number}</super> {markup}"
        return RLParagraph(markup, style, bulletText=bullet)

    def cjk_text(self, text: str, style: Any, *, numeric: bool, bullet: str | None, footnotes: tuple[int, ...],
                 indent: float, note_number: int | None) -> Any:
        """Chinese: lines broken by UAX #14 (between Han characters, never before closing punctuation)."""
        from sitrep.render.pdf_rtl import RTLText

        if note_number is not None:
            bullet = f"{note_number}."
        from sitrep.render.fonts_cjk import SPACES

        return RTLText(_clean(text).translate(SPACES), font=style.fontName, size=style.fontSize,
                       leading=style.leading, color=style.textColor, align="right" if numeric else "left",
                       base_dir="L", cjk=True,
                       space_before=style.spaceBefore, space_after=style.spaceAfter, bullet=bullet,
                       indent=indent, footnotes=footnotes, keep_with_next=bool(getattr(style, "keepWithNext", 0)))

    def row(self, cells: list[Any]) -> list[Any]:
        """Cells in reading order: reversed for right-to-left so the first is on the right."""
        return cells[::-1] if self.rtl else cells

    # blocks -----------------------------------------------------------------------------

    def flowables(self, block: Block) -> list[Any]:
        """The flowables of one block; the match is exhaustive, so mypy flags a missing block type."""
        from reportlab.platypus import Spacer

        from sitrep.render import pdf_boxes
        from sitrep.render.pdf_flow import mark

        st = self.st
        match block:
            case TitleBand():
                return [self.title_band(block), Spacer(1, BOXES.after_band_mm * MM * self.st.squeeze)]
            case KeyFigures():
                return [pdf_boxes.key_figures(self, block), Spacer(1, BOXES.after_figures_mm * MM * self.st.squeeze)]
            case Heading():
                style = st.style(heading_style(block.level))
                flowable = self.text(block.text, style)
                self.section = block.text if block.level == 2 else "" if block.level < 2 else self.section
                if block.level > 2 and self.section:
                    from sitrep.render.pdf_flow import ContinuedHeading

                    flowable = ContinuedHeading(flowable, self.text(self.section + CONTINUED + block.text, style))
                flowable = mark(flowable, heading=True)
                if block.anchor:
                    flowable._sitrep_anchor = block.anchor
                    flowable._sitrep_level = block.level - 1
                return [flowable]
            case Paragraph():
                out = self.paragraph(block, st.style(block.style))
                return [mark(f, prose=True, note=block.style == "note") for f in out]
            case ProgressBar():
                return [mark(pdf_boxes.progress(self, block), with_note=True)]
            case Chart():
                return [self.chart(block)]
            case AreaMap():
                return [self.area_map(block)]
            case BulletList():
                items = []
                for item in block.items:
                    items.extend(self.paragraph(item, st.style("bullet"), bullet="•"))
                return items
            case Table():
                return self.table(block)
            case SourceList():
                return [self.text(text, st.style("note"), note_number=n, direction="auto") for n, text in block.items]
            case ContactList():
                return [pdf_boxes.contacts(self, block)]
            case _:
                assert_never(block)

    def paragraph(self, p: Paragraph, style: Any, bullet: str | None = None) -> list[Any]:
        out = []
        if p.fallback:
            out.append(self.text(f"[{p.fallback}]", self.st.style("note"), italic_note=True))
        out.append(self.text(p.text, style, bullet=bullet, footnotes=p.footnotes, direction=p.direction))
        return out

    def table_style(self, *commands: tuple[Any, ...]) -> Any:
        from reportlab.platypus import TableStyle

        # A table draws with its own font (Helvetica by default) even where a cell holds only
        # flowables or "": name ours, so no unembedded font is referenced.
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.st.font), *commands])

    def chart(self, chart: Chart) -> Any:
        """The chart as vectors (the DOCX embeds a PNG drawn from the same specification), narrower
        when that lets it fit the rest of a page (:class:`~sitrep.render.pdf_flow.FitFigure`)."""
        from sitrep.render.chart_pdf import chart_drawing
        from sitrep.render.chart_style import chart_colors
        from sitrep.render.pdf_flow import FitFigure

        def make(width: float) -> Any:
            return chart_drawing(chart, width, font=self.st.face, colors=chart_colors(self.doc.theme))

        return FitFigure(make, self.width, BOXES.after_figure_mm * MM * self.st.squeeze,
                         "RIGHT" if self.rtl else "LEFT")

    def area_map(self, block: AreaMap) -> Any:
        """The map as vectors (the DOCX embeds a PNG drawn from the same layout): sitrep.render.map_pdf."""
        from reportlab.platypus import KeepTogether, Spacer

        from sitrep.render.map_pdf import MapFlowable

        flowable = MapFlowable(block, self.width, font=self.st.face, muted=self.doc.theme.muted)
        return KeepTogether([flowable, Spacer(1, BOXES.after_figure_mm * MM * self.st.squeeze)])

    def title_band(self, band: TitleBand) -> Any:
        from reportlab.platypus import Table as RLTable

        st = self.st
        main = [self.text(band.country.upper(), st.style("band_country")),
                self.text(band.crisis, st.style("band_title"))]
        if self.doc.logo:
            main.insert(0, self.logo(self.doc.logo))
        small = st.style("band_small")
        room = self.width * (1 - BOXES.band_main) - 2 * BOXES.band_padding_x_mm * MM - 2

        def fits(date: str) -> bool:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            from sitrep.render.pdf_rtl import display_line

            drawn = display_line(date) if self.rtl else date
            return bool(stringWidth(drawn, small.fontName, small.fontSize) <= room)

        side = [self.text(band.label, st.style("band_label")), self.text(no_break_year(band.date_line, fits), small),
                self.text(no_break_year(band.period_line, fits), small)]
        if band.status:
            side.append(self.text(band.status, st.style("band_status")))
        widths = self.row([self.width * BOXES.band_main, self.width * (1 - BOXES.band_main)])
        table = RLTable([self.row([main, side])], colWidths=widths)
        rule = BOXES.band_divider_pt
        divider = ("LINEAFTER", (0, 0), (0, 0), rule, st.band_text) if self.rtl else \
            ("LINEBEFORE", (1, 0), (1, 0), rule, st.band_text)
        table.setStyle(self.table_style(
            ("BACKGROUND", (0, 0), (-1, -1), st.primary), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), BOXES.band_padding_x_mm * MM),
            ("RIGHTPADDING", (0, 0), (-1, -1), BOXES.band_padding_x_mm * MM),
            ("TOPPADDING", (0, 0), (-1, -1), BOXES.band_padding_top_mm * MM),
            ("BOTTOMPADDING", (0, 0), (-1, -1), BOXES.band_padding_bottom_mm * MM), divider))
        return table

    def logo(self, path: str) -> Any:
        """The organisation's logo, 12 mm high, on the reading side of the title band."""
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image

        width, height = ImageReader(path).getSize()
        target = BOXES.logo_height_mm * MM
        image = Image(archival_image(path), width=width * target / height, height=target)
        image.hAlign = "RIGHT" if self.rtl else "LEFT"
        return image

    def table(self, block: Table) -> list[Any]:
        from reportlab.platypus import Spacer

        from sitrep.render.pdf_flow import SplitTable

        st = self.st
        total_weight = sum(c.weight for c in block.columns)
        widths = self.row([self.width * c.weight / total_weight for c in block.columns])
        left, right, top, bottom = BOXES.cell_padding_pt
        data = [self.row([self.text(c.text, st.style("cell_head"), numeric=c.numeric) for c in block.columns])]
        style: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), st.table_header), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, 0), BOXES.rule_pt, st.primary),
            ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ("LEFTPADDING", (0, 0), (-1, -1), left), ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ]
        for r, line in enumerate(block.rows, start=1):
            base = st.style("cell_bold" if line.kind in ("subtotal", "total") else "cell")
            data.append(self.row([
                self.text(text, base, numeric=col.numeric, indent=BOXES.indent_pt * line.indent if i == 0 else 0,
                          direction="auto")
                for i, (text, col) in enumerate(zip(line.cells, block.columns, strict=True))]))
            if line.kind == "subtotal":
                style.append(("BACKGROUND", (0, r), (-1, r), st.subtotal))
            elif line.kind == "total":
                style.append(("LINEABOVE", (0, r), (-1, r), BOXES.rule_pt, st.primary))
            else:
                style.append(("LINEBELOW", (0, r), (-1, r), BOXES.hairline_pt, st.table_header))
        # The header row repeats on every page; the split rule is SplitTable's (pdf_flow).
        table = SplitTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(self.table_style(*style))
        out: list[Any] = [table]
        if block.note:
            out += [Spacer(1, BOXES.table_note_gap_mm * MM * self.st.squeeze), self.text(block.note, st.style("note"))]
        out.append(Spacer(1, BOXES.after_table_mm * MM * self.st.squeeze))
        return out



def render_pdf(doc: Document) -> bytes:
    """Lay the document out on pages and return the PDF bytes.

    One pass: each page's "Page 2 of 3" is a form XObject that the page references while it is
    laid out and that is defined once the total is known, when the file is saved (see
    :class:`~sitrep.render.pdf_page_labels.PageLabels`).

    A last page holding only a few lines (the contacts, say) is pulled back by laying the
    document out once more with tighter spacing (``KEEP.squeeze``), kept only when it saves the
    page.
    """
    st = _Styles(doc)
    data, pages, last_fill = _layout(doc, st)
    if pages > 1 and last_fill < KEEP.last_page_min_fill:
        tight, tight_pages, _ = _layout(doc, _Styles(doc, squeeze=KEEP.squeeze))
        if tight_pages < pages:
            data = tight
    return archive(data, language=doc.language)  # PDF/A-2b, distinct subset tags (pdf_archive)


def _layout(doc: Document, st: _Styles) -> tuple[bytes, int, float]:
    """The PDF, its page count and how full its last page is (0..1 of the text frame's height)."""
    from reportlab.pdfgen.canvas import Canvas as canvas_class  # noqa: N813 - subclassed below
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    page_size = tuple(x * MM for x in PAGE.size_mm(doc.theme))
    margin = doc.theme.margin_mm * MM
    foot = PAGE.footer_band_mm * MM
    buf = io.BytesIO()

    as_of = doc.as_of_iso.replace("-", "") or "20000101"

    class _Template(BaseDocTemplate):
        def beforeDocument(self) -> None:  # noqa: N802 - reportlab hook
            # Creation and modification dates are the report's as-of date: meaningful, and the
            # same on every build (reportlab's invariant mode would say 1 January 2000).
            self.canv.setDateFormatter(lambda *_: f"D:{as_of}000000+00'00'")

        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab hook
            anchor = getattr(flowable, "_sitrep_anchor", None)
            if anchor:
                self.canv.bookmarkPage(anchor)
                self.canv.addOutlineEntry(flowable.getPlainText(), anchor,
                                          level=getattr(flowable, "_sitrep_level", 0))

    def line_text(text: str) -> str:
        if st.cjk:
            from sitrep.render.fonts_cjk import SPACES

            return strip_controls(_clean(text)).translate(SPACES)
        if not doc.rtl:
            return strip_controls(_clean(text))
        from sitrep.render.pdf_rtl import display_line

        return display_line(_clean(text))

    labels = PageLabels()

    def footer(canvas: Any, _doc: Any) -> None:
        width = page_size[0]
        left, right = margin, width - margin
        canvas.saveState()
        canvas.setStrokeColor(st.primary)
        canvas.setLineWidth(PAGE.footer_rule_pt)
        canvas.line(left, margin + PAGE.footer_rule_mm * MM, right, margin + PAGE.footer_rule_mm * MM)
        canvas.setFont(st.style("footer").fontName, STYLES["footer"].size)
        canvas.setFillColor(st.style("footer").textColor)
        start = canvas.drawRightString if doc.rtl else canvas.drawString
        start(right if doc.rtl else left, margin + PAGE.footer_text_mm * MM, line_text(doc.footer))
        labels.place(canvas, left if doc.rtl else right, margin + PAGE.footer_text_mm * MM, right_aligned=not doc.rtl)
        if doc.notice:
            canvas.setFont(st.style("notice").fontName, STYLES["notice"].size)
            start(right if doc.rtl else left, margin + PAGE.notice_mm * MM, line_text(doc.notice))
        if doc.header:
            canvas.setFont(st.style("header").fontName, STYLES["header"].size)
            start(right if doc.rtl else left, page_size[1] - margin + PAGE.header_mm * MM, line_text(doc.header))
        if doc.draft:
            # Across the page, light enough to read through: a draft is never mistaken for the issued report.
            canvas.setFont(st.style("draft_mark").fontName, STYLES["draft_mark"].size)
            canvas.setFillColor(st.accent, alpha=PAGE.draft_opacity)
            canvas.translate(page_size[0] / 2, page_size[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -30, line_text(doc.draft))
        canvas.restoreState()

    template = _Template(buf, pagesize=page_size, leftMargin=margin, rightMargin=margin,
                         topMargin=margin, bottomMargin=margin + foot, title=doc.title,
                         author=doc.author, subject=doc.subject, creator="sitrep", lang=doc.language,
                         keywords=list(doc.keywords),
                         invariant=1, initialFontName=st.font, initialFontSize=STYLES["body"].size)
    frame = Frame(margin, margin + foot, page_size[0] - 2 * margin, page_size[1] - 2 * margin - foot,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    writer = _Writer(doc, st, getattr(frame, "_width"))  # noqa: B009 - the frame's width less its padding
    story: list[Any] = []
    for block in doc.blocks:
        story.extend(writer.flowables(block))

    def label_text(page: int, pages: int) -> str:
        return line_text(doc.page_label.format(page=page, pages=pages))

    class _Canvas(canvas_class):
        def save(self) -> None:
            labels.define(self, st.style("footer").textColor, label_text)
            super().save()

    template.build(keep_headings_with_content(story), canvasmaker=_Canvas)
    # The frame the story ended in: its cursor (private, untyped) says how full the last page is.
    bottom, height, cursor = (float(getattr(template.frame, name)) for name in ("_y1", "_height", "_y"))
    used = (bottom + height - cursor) / height
    return buf.getvalue(), template.page, used
