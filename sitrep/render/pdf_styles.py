"""PDF paragraph styles and fonts for one document (reportlab), mapped from the typesetting spec."""

from __future__ import annotations

from typing import Any

from sitrep.compose.document import Document
from sitrep.i18n.localizer import CJK_LANGUAGES
from sitrep.render.fonts import font_face
from sitrep.render.typeset import STYLES, Script, StyleName, TextStyle, color_of, leading

MM = 72 / 25.4


class Styles:
    """Paragraph styles and colours of one document, with its fonts registered (per script).

    Every ``ParagraphStyle`` is made from the :data:`~sitrep.render.typeset.STYLES` entry of the
    same name; ``style(name)`` returns it.
    """

    def __init__(self, doc: Document, squeeze: float = 1.0) -> None:
        from reportlab.lib.colors import HexColor

        t = doc.theme
        self.theme = t
        self.squeeze = squeeze
        """Factor on paragraph and block spacing (1 = the spec's; less to pull a nearly empty last page back)."""
        self.primary, self.accent, self.muted = HexColor(t.primary), HexColor(t.accent), HexColor(t.muted)
        self.band_text = HexColor(t.band_text)
        self.table_header, self.subtotal = HexColor(t.table_header), HexColor(t.subtotal)
        self.cjk = doc.language in CJK_LANGUAGES
        self.script: Script = "cjk" if self.cjk else "arabic" if doc.rtl else "latin"
        self.font_family = t.font_arabic if doc.rtl else t.font_latin
        if self.cjk:
            from sitrep.render.fonts_cjk import CJK_FAMILY, cjk_face, document_characters

            # Cut to the characters of this document: a whole CJK face is 17 MB.
            self.font_family = CJK_FAMILY
            face = cjk_face(document_characters(doc))
        else:
            face = font_face(self.font_family)
        self.face = face
        self.font, self.bold = face.regular, face.bold
        self._styles: dict[StyleName, Any] = {name: self._make(name, spec) for name, spec in STYLES.items()}

    def _make(self, name: StyleName, spec: TextStyle) -> Any:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.enums import TA_LEFT
        from reportlab.lib.styles import ParagraphStyle

        from sitrep.render.typeset import BOXES

        font = self.bold if spec.bold else self.font
        extra: dict[str, Any] = {}
        if name == "bullet":
            extra = {"leftIndent": BOXES.bullet_indent_pt, "bulletIndent": BOXES.bullet_mark_indent_pt}
        # bulletFontName: reportlab draws bullets in Helvetica, which is never embedded.
        # allowWidows/allowOrphans 0: a split paragraph keeps two lines on each side (KEEP.min_lines;
        # reportlab's control has no count, so the spec's 2 is what it does).
        return ParagraphStyle(name, fontName=font, bulletFontName=font, bulletFontSize=spec.size, fontSize=spec.size,
                              leading=leading(spec, self.script), alignment=TA_LEFT,
                              textColor=HexColor(color_of(self.theme, spec.color)),
                              spaceBefore=spec.space_before * self.squeeze, spaceAfter=spec.space_after * self.squeeze,
                              keepWithNext=int(spec.keep_with_next), allowWidows=0, allowOrphans=0, **extra)

    def style(self, name: StyleName) -> Any:
        """The reportlab ``ParagraphStyle`` of a spec style."""
        return self._styles[name]
