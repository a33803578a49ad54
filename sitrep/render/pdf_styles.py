"""PDF paragraph styles and fonts for one document (reportlab), chosen by its script."""

from __future__ import annotations

from typing import Any

from sitrep.compose.document import Document
from sitrep.i18n.localizer import CJK_LANGUAGES
from sitrep.render.fonts import font_face


class Styles:
    """Paragraph styles and colours of one document, with its fonts registered (per script)."""

    def __init__(self, doc: Document) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.enums import TA_LEFT
        from reportlab.lib.styles import ParagraphStyle

        t = doc.theme
        self.primary, self.accent, self.muted = HexColor(t.primary), HexColor(t.accent), HexColor(t.muted)
        self.band_text = HexColor(t.band_text)
        self.table_header, self.subtotal = HexColor(t.table_header), HexColor(t.subtotal)
        self.cjk = doc.language in CJK_LANGUAGES
        self.font_family = t.font_arabic if doc.rtl else t.font_latin
        if self.cjk:
            from sitrep.render.fonts_cjk import CJK_FAMILY, cjk_face, document_characters

            # Cut to the characters of this document: a whole CJK face is 17 MB.
            self.font_family = CJK_FAMILY
            face = cjk_face(document_characters(doc))
        else:
            face = font_face(self.font_family)
        self.face = face
        font, bold = face.regular, face.bold
        self.font, self.bold = font, bold

        def style(name: str, **kw: Any) -> ParagraphStyle:
            # bulletFontName: reportlab draws bullets in Helvetica, which is never embedded.
            base: dict[str, Any] = {"fontName": font, "bulletFontName": font, "fontSize": 9.5, "leading": 13.2,
                                    "alignment": TA_LEFT}
            base.update(kw)
            return ParagraphStyle(name, **base)

        # Arabic script needs more line height than Latin at the same size, and Han characters
        # (full-height squares) a little more too.
        lead = 1.18 if doc.rtl else 1.12 if self.cjk else 1.0
        self.body = style("body", spaceAfter=5, leading=13.2 * lead)
        self.note = style("note", fontSize=8, leading=10.5 * lead, textColor=self.muted, spaceAfter=4)
        self.heading = style("heading", fontName=bold, fontSize=12.5, leading=16 * lead, textColor=self.primary,
                             spaceBefore=9, spaceAfter=4, keepWithNext=1)
        self.heading2 = style("heading2", fontName=bold, fontSize=11, leading=14 * lead, textColor=self.primary,
                              spaceBefore=7, spaceAfter=3, keepWithNext=1)
        self.heading3 = style("heading3", fontName=bold, fontSize=9.5, leading=13 * lead, textColor=self.muted,
                              spaceBefore=4, spaceAfter=2, keepWithNext=1)
        self.lead = style("lead", fontSize=10, leading=14 * lead, spaceAfter=7, textColor=self.primary)
        self.bullet = style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3, leading=13.2 * lead)
        self.band_country = style("band_country", fontName=bold, fontSize=10, leading=13 * lead,
                                  textColor=self.band_text)
        self.band_title = style("band_title", fontName=bold, fontSize=19, leading=23 * lead, textColor=self.band_text)
        self.band_label = style("band_label", fontName=bold, fontSize=11.5, leading=15 * lead,
                                textColor=self.band_text)
        self.band_small = style("band_small", fontSize=8.5, leading=11 * lead, textColor=self.band_text)
        self.band_status = style("band_status", fontName=bold, fontSize=8.5, leading=12 * lead,
                                 textColor=self.band_text, spaceBefore=2)
        self.fig_change = style("fig_change", fontName=bold, fontSize=7.5, leading=9.5 * lead, textColor=self.primary)
        self.fig_value = style("fig_value", fontName=bold, fontSize=20, leading=23 * lead, textColor=self.accent)
        self.fig_label = style("fig_label", fontName=bold, fontSize=8.5, leading=10.5 * lead)
        self.fig_note = style("fig_note", fontSize=7.5, leading=9.5 * lead, textColor=self.muted)
        self.cell = style("cell", fontSize=8.5, leading=10.8 * lead)
        self.cell_bold = style("cell_bold", fontName=bold, fontSize=8.5, leading=10.8 * lead)
        self.cell_head = style("cell_head", fontName=bold, fontSize=8, leading=10 * lead, textColor=self.primary)
