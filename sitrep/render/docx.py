"""DOCX renderer (python-docx): the only module that imports python-docx.

The document uses real Word structures — Heading styles (navigation pane), list bullets,
tables with repeating header rows, PAGE/NUMPAGES fields — so officers can still edit it.
The zip is rewritten with fixed timestamps so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import deepcopy
from pathlib import Path
from typing import Any, assert_never

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
from sitrep.i18n.localizer import CJK_LANGUAGES
from sitrep.render.direction import RLM, mark_runs
from sitrep.render.docx_base import new_base
from sitrep.render.docx_xml import (
    add_field,
    add_paragraph,
    append_text,
    border,
    keep_rows,
    line_height,
    no_borders,
    normalise_zip,
    run_properties,
    set_language,
    set_widths,
    shade,
    spacing_properties,
)
from sitrep.render.typeset import BOXES, PAGE, STYLES, Script, StyleName, color_of, leading, no_break_year


def _clean(text: str) -> str:
    """Drop control characters that are not allowed in WordprocessingML."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 32)


class _Writer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.cjk = doc.language in CJK_LANGUAGES
        self.script: Script = "cjk" if self.cjk else "arabic" if doc.rtl else "latin"
        self.d = new_base(doc, "cjk" if self.cjk else "arabic" if doc.rtl else "latin")
        self.ltr_paragraphs: set[Any] = set()
        """Paragraphs in a left-to-right language inside a right-to-left document."""
        self._style_ids: dict[str, str | None] = {}
        self._setup()

    # document-wide settings -------------------------------------------------------------

    def _setup(self) -> None:
        doc = self.doc
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
                self._text(header, doc.draft + ("  " if doc.header else ""), "draft_header")
            if doc.header:
                self._text(header, doc.header, "header")

    def _footer(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        section = self.d.sections[0]
        footer = section.footer
        p = footer.paragraphs[0]
        p.style = self.d.styles["Footer"]
        p.paragraph_format.space_after = Pt(0)
        # One tab stop at the end of the line: "Page x of y" flush with the far margin (the right
        # in left-to-right documents; in a right-to-left paragraph Word measures from the right,
        # so the same stop is the left margin).
        p.paragraph_format.tab_stops.add_tab_stop(Mm(self._usable_mm()), WD_TAB_ALIGNMENT.RIGHT)
        self._text(p, self.doc.footer, "footer")
        self._text(p, "\t", "footer")
        label = self.doc.page_label
        before, _, rest = label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        self._text(p, before, "footer")
        muted = color_of(self.doc.theme, STYLES["footer"].color)
        add_field(p, "PAGE", STYLES["footer"].size, muted)
        self._text(p, middle, "footer")
        add_field(p, "NUMPAGES", STYLES["footer"].size, muted)
        self._text(p, after, "footer")
        if self.doc.notice:
            n = footer.add_paragraph(style=self.d.styles["Footer"])
            self._text(n, self.doc.notice, "notice")
            n.paragraph_format.space_after = Pt(0)

    # helpers ------------------------------------------------------------------------------

    def _run(self, paragraph: Any, text: str, *, bold: bool = False, size: float | None = None,
             color: str | None = None, superscript: bool = False, italic: bool = False) -> Any:
        """One run of text; in a right-to-left document its left-to-right runs (phone numbers,
        addresses, Latin titles…) are marked by the rule the PDF follows too
        (:func:`~sitrep.render.direction.mark_runs`). Word and LibreOffice apply the marks and
        draw nothing for them, and the text stays in logical order."""
        from docx.text.run import Run

        if self.doc.rtl and paragraph._p not in self.ltr_paragraphs:
            text = mark_runs(text)
        r = paragraph._p.add_r()
        r.append(deepcopy(run_properties(bold, italic, size or None, color, superscript)))
        append_text(r, _clean(text))
        return Run(r, paragraph)

    def _text(self, paragraph: Any, text: str, style: StyleName, *, superscript: bool = False,
              italic: bool = False) -> Any:
        """A run in a spec style: its size, weight and colour (:mod:`sitrep.render.typeset`)."""
        spec = STYLES[style]
        color = color_of(self.doc.theme, spec.color)[1:]
        return self._run(paragraph, text, bold=spec.bold, size=spec.size, color=color, superscript=superscript,
                         italic=italic)

    def _spaced(self, paragraph: Any, style: StyleName) -> Any:
        """The spec style's spacing and line height on one paragraph (a style Word has no name for)."""
        from docx.shared import Pt

        spec = STYLES[style]
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(spec.space_before), Pt(spec.space_after)
        line_height(paragraph, leading(spec, self.script))
        return paragraph

    def _usable_mm(self) -> float:
        return PAGE.text_width_mm(self.doc.theme)

    def _cell_paragraph(self, cell: Any, first: bool = True) -> Any:
        """The cell's first paragraph (new, without properties) or a new one, with the cell spacing."""
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        p._p.insert(0, deepcopy(spacing_properties(BOXES.cell_after_pt)))
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
        set_widths(table, [usable * BOXES.band_main, usable * (1 - BOXES.band_main)])
        first = self._cell_paragraph(left)
        if self.doc.logo:
            from docx.shared import Mm

            first.add_run().add_picture(self.doc.logo, height=Mm(BOXES.logo_height_mm))
            first = self._cell_paragraph(left, False)
        self._text(first, band.country.upper(), "band_country")
        self._text(self._cell_paragraph(left, False), band.crisis, "band_title")
        self._text(self._cell_paragraph(right), band.label, "band_label")
        self._text(self._cell_paragraph(right, False), no_break_year(band.date_line), "band_small")
        self._text(self._cell_paragraph(right, False), no_break_year(band.period_line), "band_small")
        if band.status:
            status = self._cell_paragraph(right, False)
            status.paragraph_format.space_before = Pt(STYLES["band_status"].space_before)
            self._text(status, band.status, "band_status")
        self._gap(BOXES.after_band_mm)

    def key_figures(self, block: KeyFigures) -> None:
        """Cards side by side with a narrow empty column between them, as in the PDF (cards that
        touch share an edge, and Word and LibreOffice then disagree on whose border wins)."""
        n = max(1, len(block.items))
        gap = BOXES.figure_gap_mm
        card = (self._usable_mm() - gap * (n - 1)) / n
        table = self.d.add_table(rows=1, cols=2 * n - 1)
        no_borders(table)
        set_widths(table, [card if i % 2 == 0 else gap for i in range(2 * n - 1)])
        cells = table.rows[0].cells[::2]
        for cell, fig in zip(cells, block.items, strict=False):
            shade(cell, self.doc.theme.subtotal)
            # "left" is the start side (ECMA-376 "leading edge"): a right-to-left table's cards get
            # their accent rule on the right, as in the PDF.
            border(cell, "left", self.doc.theme.accent, round(BOXES.figure_edge_pt * 8))
            value = self._cell_paragraph(cell)
            self._text(value, fig.value, "fig_value" if fig.known else "fig_value_unknown")
            line_height(value, leading(STYLES["fig_value"], self.script), exact=True)  # as the PDF: labels level
            self._text(self._cell_paragraph(cell, False), fig.label, "fig_label")
            if fig.note:
                self._text(self._cell_paragraph(cell, False), fig.note, "fig_note")
            if fig.change:
                self._text(self._cell_paragraph(cell, False), fig.change, "fig_change")
        self._gap(BOXES.after_figures_mm)

    def _gap(self, mm: float) -> None:
        """An empty paragraph of ``mm`` height after a composite block (Word needs a paragraph
        between two tables; otherwise they merge)."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Mm, Pt

        fmt = self.d.add_paragraph().paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Mm(max(mm, 0.5))

    def paragraph(self, p: Paragraph, style: str | None = None, bullet: str = "") -> None:
        if p.fallback:
            note = add_paragraph(self.d, self._style_ids, style)
            self._text(note, f"[{p.fallback}]", "note", italic=True)
        para = add_paragraph(self.d, self._style_ids, style)
        if p.direction == "ltr":
            self.ltr_paragraphs.add(para._p)
        if bullet:
            self._run(para, bullet)
        if style is not None:
            self._spaced(para, "bullet")
            self._run(para, p.text)
        elif p.style == "body":
            self._run(para, p.text)
        else:
            self._spaced(para, p.style)
            self._text(para, p.text, p.style)
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
        self._spaced(para, "bullet")
        para.paragraph_format.first_line_indent = Pt(-BOXES.bullet_indent_pt + BOXES.bullet_mark_indent_pt)
        # The start side of a right-to-left paragraph.
        para.paragraph_format.right_indent = Pt(BOXES.bullet_indent_pt - BOXES.bullet_mark_indent_pt)

    def _fonts(self) -> tuple[Path, Path]:
        """Regular and bold font files for the PNG pictures (charts, maps), by the document's script."""
        from sitrep.render.fonts import font_files

        t = self.doc.theme
        if self.cjk:
            from sitrep.render.fonts_cjk import cjk_font_files, document_characters

            return cjk_font_files(document_characters(self.doc))
        return font_files(t.font_arabic if self.doc.rtl else t.font_latin)

    def _picture(self, png: bytes, width_mm: float, title: str, description: str) -> None:
        """A PNG paragraph at ``width_mm`` with its alt text (title and description)."""
        from docx.shared import Mm

        run = self.d.add_paragraph().add_run()
        run.add_picture(io.BytesIO(png), width=Mm(width_mm))
        doc_pr = run._r.xpath(".//wp:docPr")
        if doc_pr:
            doc_pr[0].set("descr", _clean(description or title))
            doc_pr[0].set("title", _clean(title))

    def chart(self, chart: Chart) -> None:
        """A PNG drawn from the same chart specification as the PDF's vectors, with alt text."""
        from sitrep.render.chart_png import chart_png
        from sitrep.render.chart_style import chart_colors

        regular, bold = self._fonts()
        png = chart_png(chart, 1600, regular=regular, bold=bold, colors=chart_colors(self.doc.theme))
        self._picture(png, self._usable_mm(), chart.title, chart.description)

    def area_map(self, block: AreaMap) -> None:
        """A PNG drawn from the same map layout as the PDF's vectors (sitrep.render.map_png), with alt text.

        Drawn at the page's usable width and 200 dpi, so its text has the PDF's sizes."""
        from sitrep.render.map_png import map_png

        regular, bold = self._fonts()
        width_mm = self._usable_mm()
        png = map_png(block, round(width_mm / 25.4 * 200), regular=regular, bold=bold, muted=self.doc.theme.muted)
        self._picture(png, width_mm, block.title, block.description)

    def progress(self, bar: ProgressBar) -> None:
        """A thin two-cell table shaded to the fraction (Word draws it in any font), then the caption."""
        from docx.shared import Pt

        fraction = max(0.0, min(bar.fraction, 1.0))
        total = self._usable_mm() * BOXES.bar_width
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
            fmt = self._cell_paragraph(cell).paragraph_format
            fmt.line_spacing = Pt(BOXES.bar_height_pt - 1)
            fmt.keep_with_next = True  # the bar never ends a page without its caption
        caption = self.d.add_paragraph()
        self._spaced(caption, "cell")
        caption.paragraph_format.space_before = Pt(BOXES.bar_caption_before_pt)
        caption.paragraph_format.space_after = Pt(BOXES.bar_after_pt)
        self._text(caption, bar.caption, "cell")

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
        left, right, _, _ = BOXES.cell_padding_pt
        for row_index, row in enumerate(table.rows):
            for col_index, (cell, col) in enumerate(zip(row.cells, block.columns, strict=True)):
                p = self._cell_paragraph(cell)
                if col.numeric and not self.doc.rtl:
                    # Figures line up on their units at the right. In a right-to-left paragraph
                    # "right" means the visual left, and the start is already the right.
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if row_index == 0:
                    shade(cell, t.table_header)
                    border(cell, "bottom", t.primary, round(BOXES.rule_pt * 8))
                    self._text(p, col.text, "cell_head")
                    continue
                line = block.rows[row_index - 1]
                if line.indent and col_index == 0:
                    p.paragraph_format.left_indent = Pt(BOXES.indent_pt * line.indent)
                self._text(p, line.cells[col_index], "cell_bold" if line.kind in ("subtotal", "total") else "cell")
                if line.kind == "subtotal":
                    shade(cell, t.subtotal)
                elif line.kind == "total":
                    border(cell, "top", t.primary, round(BOXES.rule_pt * 8))
                else:
                    border(cell, "bottom", t.table_header, max(2, round(BOXES.hairline_pt * 8)))
        keep_rows(table)
        if block.note:
            self.paragraph(Paragraph(text=block.note, style="note"))
        else:
            self._gap(BOXES.after_table_mm)

    def contacts(self, block: ContactList) -> None:
        """Contacts side by side in a borderless table, as in the PDF."""
        n = BOXES.contacts_columns
        table = self.d.add_table(rows=(len(block.items) + n - 1) // n, cols=n)
        no_borders(table)
        set_widths(table, [self._usable_mm() / n] * n)
        for i, c in enumerate(block.items):
            cell = table.rows[i // n].cells[i % n]
            self._text(self._cell_paragraph(cell), c.name, "contact_name")
            for line in (c.title, c.email, c.phone):
                if line:
                    self._text(self._cell_paragraph(cell, False), line, "contact_line")
            self._cell_paragraph(cell, False)  # the gap under a card
        keep_rows(table, whole=True)

    def write(self) -> None:
        blocks = self.doc.blocks
        for index, block in enumerate(blocks):
            self.block(block)
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Paragraph) and index and isinstance(blocks[index - 1], Heading) \
                    and isinstance(after, Table | Chart | AreaMap):
                # A heading's intro sentence stays with the table or figure it introduces.
                self.d.paragraphs[-1].paragraph_format.keep_with_next = True
            if isinstance(block, ProgressBar) and isinstance(after, Paragraph) and after.style == "note":
                self.d.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption with "Partners: …"

    def block(self, block: Block) -> None:
        """One block; the match is exhaustive, so mypy flags a block type with no DOCX layout."""
        match block:
            case TitleBand():
                self.title_band(block)
            case KeyFigures():
                self.key_figures(block)
            case Heading():
                heading = add_paragraph(self.d, self._style_ids, f"Heading {max(1, min(block.level, 3))}")
                if text := _clean(block.text):  # as python-docx's add_heading: no run for no text
                    heading.add_run(text)
            case ProgressBar():
                self.progress(block)
            case Chart():
                self.chart(block)
            case AreaMap():
                self.area_map(block)
            case Paragraph():
                self.paragraph(block)
            case BulletList():
                for item in block.items:
                    self.bullet(item)
            case Table():
                self.table(block)
            case SourceList():
                for number, text in block.items:
                    p = self._spaced(self.d.add_paragraph(), "note")
                    self._text(p, str(number), "note", superscript=True)
                    self._text(p, " " + text, "note")
            case ContactList():
                self.contacts(block)
            case _:
                assert_never(block)


def render_docx(doc: Document) -> bytes:
    """Build the DOCX and return its bytes (zip entries with fixed timestamps)."""
    writer = _Writer(doc)
    writer.write()
    set_language(writer.d, doc, cjk=writer.cjk, ltr_paragraphs=writer.ltr_paragraphs)
    raw = io.BytesIO()
    writer.d.save(raw)
    return normalise_zip(raw.getvalue())
