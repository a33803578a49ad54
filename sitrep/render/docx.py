"""DOCX renderer (python-docx): the only module that imports python-docx.

The document uses real Word structures — Heading styles (navigation pane), list bullets,
tables with repeating header rows, PAGE/NUMPAGES fields — so officers can still edit it.
The zip is rewritten with fixed timestamps so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from sitrep.compose.document import (
    AreaMap,
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
from sitrep.i18n.localizer import CJK_LANGUAGES
from sitrep.render.direction import RLM, mark_runs
from sitrep.render.docx_xml import (
    add_field,
    border,
    font_all_scripts,
    no_borders,
    normalise_zip,
    set_language,
    set_widths,
    shade,
)


def _clean(text: str) -> str:
    """Drop control characters that are not allowed in WordprocessingML."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 32)


class _Writer:
    def __init__(self, doc: Document) -> None:
        from docx import Document as new_document
        from docx.shared import RGBColor

        self.doc = doc
        self.cjk = doc.language in CJK_LANGUAGES
        self.d = new_document()
        t = doc.theme
        self.primary = RGBColor.from_string(t.primary[1:])
        self.accent = RGBColor.from_string(t.accent[1:])
        self.muted = RGBColor.from_string(t.muted[1:])
        self.band_text = RGBColor.from_string(t.band_text[1:])
        self.ltr_paragraphs: set[Any] = set()
        """Paragraphs in a left-to-right language inside a right-to-left document."""
        self._setup()

    # document-wide settings -------------------------------------------------------------

    def _setup(self) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm, Pt

        doc, t = self.doc, self.doc.theme
        section = self.d.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        if t.page_size == "LETTER":
            section.page_width, section.page_height = Mm(215.9), Mm(279.4)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(t.margin_mm))
        normal = self.d.styles["Normal"]
        normal.font.name = t.docx_font
        normal.font.size = Pt(9.5)
        font_all_scripts(normal.element, t.docx_font, self.cjk)
        normal.paragraph_format.space_after = Pt(5)
        for name, size, color in (("Heading 1", 12.5, self.primary), ("Heading 2", 11, self.primary),
                                  ("Heading 3", 9.5, self.muted)):
            style = self.d.styles[name]
            style.font.name = t.docx_font
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = color
            font_all_scripts(style.element, t.docx_font, self.cjk)
            style.paragraph_format.space_before = Pt(9 if name == "Heading 1" else 5)
            style.paragraph_format.space_after = Pt(4 if name == "Heading 1" else 2)
        props = self.d.core_properties
        when = dt.datetime.fromisoformat(doc.as_of_iso) if doc.as_of_iso else dt.datetime(2000, 1, 1)
        props.title, props.author, props.subject = doc.title, doc.author, doc.subject
        props.language, props.last_modified_by, props.revision = doc.language, doc.author, 1
        props.created = props.modified = when
        props.comments = props.category = ""
        props.keywords = "; ".join(doc.keywords)
        self._footer()
        if doc.header or doc.draft:
            header = self.d.sections[0].header.paragraphs[0]
            if doc.draft:
                self._run(header, doc.draft + ("  " if doc.header else ""), bold=True, size=9, color=self.accent)
            if doc.header:
                self._run(header, doc.header, size=7.5, color=self.muted)

    def _footer(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        section = self.d.sections[0]
        footer = section.footer
        p = footer.paragraphs[0]
        width = Mm(self._usable_mm())
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        self._run(p, self.doc.footer, size=7.5, color=self.muted)
        self._run(p, "\t", size=7.5)
        label = self.doc.page_label
        before, _, rest = label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        self._run(p, before, size=7.5, color=self.muted)
        add_field(p, "PAGE")
        self._run(p, middle, size=7.5, color=self.muted)
        add_field(p, "NUMPAGES")
        self._run(p, after, size=7.5, color=self.muted)
        if self.doc.notice:
            n = footer.add_paragraph()
            self._run(n, self.doc.notice, size=7, color=self.muted)
            n.paragraph_format.space_after = Pt(0)

    # helpers ------------------------------------------------------------------------------

    def _run(self, paragraph: Any, text: str, *, bold: bool = False, size: float | None = None,
             color: Any = None, superscript: bool = False, italic: bool = False) -> Any:
        """One run of text; in a right-to-left document its left-to-right runs (phone numbers,
        addresses, Latin titles…) are marked by the rule the PDF follows too
        (:func:`~sitrep.render.direction.mark_runs`). Word and LibreOffice apply the marks and
        draw nothing for them, and the text stays in logical order."""
        from docx.shared import Pt

        if self.doc.rtl and paragraph._p not in self.ltr_paragraphs:
            text = mark_runs(text)
        run = paragraph.add_run(_clean(text))
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
        if superscript:
            run.font.superscript = True
        return run

    def _usable_mm(self) -> float:
        t = self.doc.theme
        return (215.9 if t.page_size == "LETTER" else 210.0) - 2 * t.margin_mm

    def _cell_paragraph(self, cell: Any, first: bool = True) -> Any:
        from docx.shared import Pt

        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        return p

    # blocks --------------------------------------------------------------------------------

    def title_band(self, band: TitleBand) -> None:
        from docx.shared import Pt

        table = self.d.add_table(rows=1, cols=2)
        no_borders(table)
        left, right = table.rows[0].cells
        for cell in (left, right):
            shade(cell, self.doc.theme.primary)
        usable = self._usable_mm()
        set_widths(table, [usable * 0.64, usable * 0.36])
        first = self._cell_paragraph(left)
        if self.doc.logo:
            from docx.shared import Mm

            first.add_run().add_picture(self.doc.logo, height=Mm(12))
            first = self._cell_paragraph(left, False)
        self._run(first, band.country.upper(), bold=True, size=10, color=self.band_text)
        self._run(self._cell_paragraph(left, False), band.crisis, bold=True, size=19, color=self.band_text)
        self._run(self._cell_paragraph(right), band.label, bold=True, size=11.5, color=self.band_text)
        self._run(self._cell_paragraph(right, False), band.date_line, size=8.5, color=self.band_text)
        self._run(self._cell_paragraph(right, False), band.period_line, size=8.5, color=self.band_text)
        if band.status:
            self._run(self._cell_paragraph(right, False), band.status, bold=True, size=8.5, color=self.band_text)
        self.d.add_paragraph().paragraph_format.space_after = Pt(2)

    def key_figures(self, block: KeyFigures) -> None:
        from docx.shared import Pt

        table = self.d.add_table(rows=1, cols=max(1, len(block.items)))
        no_borders(table)
        set_widths(table, [self._usable_mm() / len(table.columns)] * len(table.columns))
        for cell, fig in zip(table.rows[0].cells, block.items, strict=False):
            shade(cell, self.doc.theme.subtotal)
            border(cell, "right" if self.doc.rtl else "left", self.doc.theme.accent, 18)
            self._run(self._cell_paragraph(cell), fig.value, bold=True, size=20, color=self.accent)
            self._run(self._cell_paragraph(cell, False), fig.label, bold=True, size=8.5)
            if fig.note:
                self._run(self._cell_paragraph(cell, False), fig.note, size=7.5, color=self.muted)
            if fig.change:
                self._run(self._cell_paragraph(cell, False), fig.change, bold=True, size=7.5, color=self.primary)
        self.d.add_paragraph().paragraph_format.space_after = Pt(2)

    def paragraph(self, p: Paragraph, style: str | None = None, bullet: str = "") -> None:
        if p.fallback:
            note = self.d.add_paragraph(style=style)
            self._run(note, f"[{p.fallback}]", italic=True, size=8, color=self.muted)
        para = self.d.add_paragraph(style=style)
        if p.direction == "ltr":
            self.ltr_paragraphs.add(para._p)
        if bullet:
            self._run(para, bullet)
        if p.style == "note":
            self._run(para, p.text, size=8, color=self.muted)
        elif p.style == "lead":
            self._run(para, p.text, size=10, color=self.primary)
        else:
            self._run(para, p.text)
        if p.footnotes:
            # In right-to-left text a mark keeps the footnote number apart from a sentence that
            # ends in digits ("… 2020." and "1,2" would otherwise read as one number "2020.1,2").
            mark = RLM if self.doc.rtl and para._p not in self.ltr_paragraphs else ""
            self._run(para, mark + ",".join(str(n) for n in p.footnotes), superscript=True)

    def bullet(self, item: Paragraph) -> None:
        """A list item: Word's List Bullet; in a right-to-left document a bullet typed at the start
        of the paragraph instead, so it stands on the right (LibreOffice draws the list style's
        bullet on the left of a right-to-left paragraph)."""
        if not self.doc.rtl or item.direction == "ltr":
            self.paragraph(item, style="List Bullet")
            return
        from docx.shared import Pt

        self.paragraph(item, bullet="•\u00a0")
        para = self.d.paragraphs[-1]
        para.paragraph_format.first_line_indent = Pt(-10)
        para.paragraph_format.right_indent = Pt(10)  # the start side of a right-to-left paragraph

    def chart(self, chart: Chart) -> None:
        """A PNG drawn from the same chart specification as the PDF's vectors, with alt text."""
        import io

        from docx.shared import Mm

        from sitrep.render.chart_png import chart_png
        from sitrep.render.chart_style import chart_colors
        from sitrep.render.fonts import font_files

        t = self.doc.theme
        if self.cjk:
            from sitrep.render.fonts_cjk import cjk_font_files, document_characters

            regular, bold = cjk_font_files(document_characters(self.doc))
        else:
            regular, bold = font_files(t.font_arabic if self.doc.rtl else t.font_latin)
        png = chart_png(chart, 1600, regular=regular, bold=bold, colors=chart_colors(t))
        paragraph = self.d.add_paragraph()
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(png), width=Mm(self._usable_mm()))
        doc_pr = run._r.xpath(".//wp:docPr")
        if doc_pr:
            doc_pr[0].set("descr", _clean(chart.description or chart.title))
            doc_pr[0].set("title", _clean(chart.title))

    def area_map(self, block: AreaMap) -> None:
        """A PNG drawn from the same map layout as the PDF's vectors (sitrep.render.map_png), with alt text.

        Drawn at the page's usable width and 200 dpi, so its text has the PDF's sizes."""
        import io

        from docx.shared import Mm

        from sitrep.render.fonts import font_files
        from sitrep.render.map_png import map_png

        t = self.doc.theme
        if self.cjk:
            from sitrep.render.fonts_cjk import cjk_font_files, document_characters

            regular, bold = cjk_font_files(document_characters(self.doc))
        else:
            regular, bold = font_files(t.font_arabic if self.doc.rtl else t.font_latin)
        width_mm = self._usable_mm()
        png = map_png(block, round(width_mm / 25.4 * 200), regular=regular, bold=bold, muted=t.muted)
        paragraph = self.d.add_paragraph()
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(png), width=Mm(width_mm))
        doc_pr = run._r.xpath(".//wp:docPr")
        if doc_pr:
            doc_pr[0].set("descr", _clean(block.description or block.title))
            doc_pr[0].set("title", _clean(block.title))

    def progress(self, bar: ProgressBar) -> None:
        """A thin two-cell table shaded to the fraction (Word draws it in any font), then the caption."""
        from docx.shared import Pt

        fraction = max(0.0, min(bar.fraction, 1.0))
        total = self._usable_mm() * 0.32
        widths = [w for w in (total * fraction, total * (1 - fraction)) if w >= 0.5] or [total]
        table = self.d.add_table(rows=1, cols=len(widths))
        no_borders(table)
        set_widths(table, widths)
        if self.doc.rtl:
            from docx.enum.table import WD_TABLE_ALIGNMENT

            table.alignment = WD_TABLE_ALIGNMENT.RIGHT
        colors = [self.doc.theme.accent, self.doc.theme.table_header] if fraction > 0 else [self.doc.theme.table_header]
        for cell, color in zip(table.rows[0].cells, colors, strict=False):
            shade(cell, color)
            self._cell_paragraph(cell).paragraph_format.line_spacing = Pt(6)
        caption = self.d.add_paragraph()
        caption.paragraph_format.space_before = Pt(2)
        self._run(caption, bar.caption, size=8.5)

    def table(self, block: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        t = self.doc.theme
        table = self.d.add_table(rows=1 + len(block.rows), cols=len(block.columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        no_borders(table)
        usable = self._usable_mm()
        total = sum(c.weight for c in block.columns)
        set_widths(table, [usable * c.weight / total for c in block.columns])
        header = table.rows[0]
        trpr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        for row_index, row in enumerate(table.rows):
            for col_index, (cell, col) in enumerate(zip(row.cells, block.columns, strict=True)):
                p = self._cell_paragraph(cell)
                if col.numeric and not self.doc.rtl:
                    # Figures line up on their units at the right. In a right-to-left paragraph
                    # "right" means the visual left, and the start is already the right.
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if row_index == 0:
                    shade(cell, t.table_header)
                    border(cell, "bottom", t.primary, 8)
                    self._run(p, col.text, bold=True, size=8, color=self.primary)
                    continue
                line = block.rows[row_index - 1]
                if line.indent and col_index == 0:
                    p.paragraph_format.left_indent = Pt(8 * line.indent)
                self._run(p, line.cells[col_index], bold=line.kind in ("subtotal", "total"), size=8.5)
                if line.kind == "subtotal":
                    shade(cell, t.subtotal)
                elif line.kind == "total":
                    border(cell, "top", t.primary, 8)
                else:
                    border(cell, "bottom", t.table_header, 4)
        if block.note:
            self.paragraph(Paragraph(text=block.note, style="note"))
        else:
            self.d.add_paragraph().paragraph_format.space_after = Pt(0)

    def write(self) -> None:
        for block in self.doc.blocks:
            if isinstance(block, TitleBand):
                self.title_band(block)
            elif isinstance(block, KeyFigures):
                self.key_figures(block)
            elif isinstance(block, Heading):
                self.d.add_heading(_clean(block.text), level=min(block.level, 3))
            elif isinstance(block, ProgressBar):
                self.progress(block)
            elif isinstance(block, Chart):
                self.chart(block)
            elif isinstance(block, AreaMap):
                self.area_map(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, BulletList):
                for item in block.items:
                    self.bullet(item)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, SourceList):
                for number, text in block.items:
                    p = self.d.add_paragraph()
                    self._run(p, str(number), superscript=True, size=8, color=self.muted)
                    self._run(p, " " + text, size=8, color=self.muted)
            elif isinstance(block, ContactList):
                for c in block.items:
                    p = self.d.add_paragraph()
                    self._run(p, c.name, bold=True)
                    for line in (c.title, c.email, c.phone):
                        if line:
                            p.add_run().add_break()
                            self._run(p, line)
            else:
                raise TypeError(f"no DOCX layout for {type(block).__name__}")



def render_docx(doc: Document) -> bytes:
    """Build the DOCX and return its bytes (zip entries with fixed timestamps)."""
    writer = _Writer(doc)
    writer.write()
    set_language(writer.d, doc, cjk=writer.cjk, ltr_paragraphs=writer.ltr_paragraphs)
    raw = io.BytesIO()
    writer.d.save(raw)
    return normalise_zip(raw.getvalue())
