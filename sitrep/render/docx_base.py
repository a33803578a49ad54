"""The DOCX renderer's base document: python-docx's default template cleaned into sitrep's own.

python-docx starts from a Word 2010 template that carries a thumbnail of someone else's page,
"Microsoft Macintosh Word" and ``Normal.dotm`` in its extended properties, a Word 2010-only
copy of the styles, a custom XML item, and theme fonts (Calibri/Cambria) under every style.
Here those are removed in code, the same way on every run (so outputs stay byte-identical),
and the styles the renderer uses are set from the typesetting specification
(:mod:`sitrep.render.typeset`).
"""

from __future__ import annotations

from typing import Any

from sitrep.compose.document import Document
from sitrep.render.typeset import PAGE, STYLES, StyleName, color_of, heading_style, leading

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>sitrep</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
"""Extended properties naming sitrep as the producer (no template, no page or word counts that
would be wrong: Word recomputes them when the file is saved)."""
_DROP = ("thumbnail", "stylesWithEffects", "customXml")
"""Relationship types (last path segment) of the default template's parts that are removed."""
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def new_base(doc: Document, script: str) -> Any:
    """A python-docx ``Document`` from the cleaned base, with page, styles and properties set."""
    from docx import Document as new_document
    from docx.opc.part import Part

    d = new_document()
    package = d.part.package
    for rels in (package.rels, d.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _DROP:
                del rels[rid]
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml" and isinstance(part, Part):
            part._blob = APP_XML.encode()
    _page(d, doc)
    _styles(d, doc, script)
    return d


def _page(d: Any, doc: Document) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    width, height = PAGE.size_mm(doc.theme)
    section.page_width, section.page_height = Mm(width), Mm(height)
    margin = doc.theme.margin_mm
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin))
    # Header and footer sit in the margins with a gap to the body, as in the PDF: Word would
    # otherwise push the body down (or up) until they touch.
    section.header_distance = Mm(max(margin - PAGE.header_gap_mm - PAGE.docx_header_mm, 2))
    section.footer_distance = Mm(PAGE.docx_footer_mm)


def _styles(d: Any, doc: Document, script: str) -> None:
    from docx.oxml.ns import qn

    from sitrep.render.docx_xml import font_all_scripts

    font, cjk = doc.theme.docx_font, script == "cjk"
    styles_element = d.styles.element
    # No theme font anywhere: Word prefers asciiTheme over ascii, so a heading with both shows Calibri.
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(qn(f"w:{attr}"), font)
    apply_style(d.styles["Normal"], doc, "body", script)
    d.styles["Normal"].paragraph_format.widow_control = True
    font_all_scripts(d.styles["Normal"].element, font, cjk)
    for level in (1, 2, 3):
        style = d.styles[f"Heading {level}"]
        apply_style(style, doc, heading_style(level), script)
        style.font.italic = False
        font_all_scripts(style.element, font, cjk)
    footer = d.styles["Footer"]
    footer.paragraph_format.tab_stops.clear_all()
    # The template's Footer style has its own tab stops (centre 3.25", right 6.5"); cleared, so
    # the renderer's one right tab at the text width puts "Page x of y" flush with the margin.
    for tab in footer.element.findall(".//" + qn("w:tab")):
        tab.getparent().remove(tab)


def apply_style(style: Any, doc: Document, name: StyleName, script: str) -> None:
    """Set a Word paragraph style (size, weight, colour, spacing, line height, keep) from the spec."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    spec = STYLES[name]
    style.font.name = doc.theme.docx_font
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    style.font.color.rgb = RGBColor.from_string(color_of(doc.theme, spec.color)[1:])
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(spec.space_before), Pt(spec.space_after)
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    fmt.line_spacing = Pt(leading(spec, "arabic" if script == "arabic" else "cjk" if script == "cjk" else "latin"))
    fmt.keep_with_next = spec.keep_with_next
