"""Low-level WordprocessingML for the DOCX renderer: property children in schema order, fonts
for every script, cell shading and borders, fixed column widths, and a byte-stable zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.compose.document import Document

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
DOCX_CJK_FONT = "Microsoft YaHei"
"""East Asian font named in Chinese DOCX files (Windows' Chinese UI font; Word and LibreOffice
substitute another CJK font, such as Noto Sans CJK SC, where it is missing)."""
CJK_TAGS = {"zh": "zh-CN"}
"""Language tag Word expects for the East Asian language (spelling, line breaking, punctuation)."""
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _has_arabic(text: str) -> bool:
    return any(lo <= ord(c) <= hi for c in text for lo, hi in ARABIC_RANGES)

# Child order of the property elements we touch (ECMA-376 part 1, CT_PPr / CT_RPr / CT_TblPr /
# CT_TcPr). Word rejects files whose children are out of schema order, so every insertion
# goes before the first existing successor.
_ORDER = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
}


def child(parent: Any, tag: str, **attrs: str) -> Any:
    """The ``tag`` child of ``parent``, created in schema order if missing; attributes set."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        order = _ORDER[parent.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:")]
        later = {qn(t) for t in order[order.index(tag) + 1:]}
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(element)
        else:
            successor.addprevious(element)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def font_all_scripts(element: Any, font: str, cjk: bool = False) -> None:
    """One font for every script; East Asian text (``w:eastAsia``) in a CJK font for Chinese,
    which Word uses for Han characters and full-width punctuation."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    if cjk:
        fonts.set(qn("w:eastAsia"), DOCX_CJK_FONT)
        fonts.set(qn("w:hint"), "eastAsia")


def shade(cell: Any, hex_color: str) -> None:
    child(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=hex_color.lstrip("#"))


def border(cell: Any, side: str, hex_color: str, size: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = child(cell._tc.get_or_add_tcPr(), "w:tcBorders")
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:color"), hex_color.lstrip("#"))
    borders.append(el)


def no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)


def set_widths(table: Any, widths_mm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid and every cell)."""
    from docx.shared import Mm

    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.gridCol_lst, widths_mm, strict=True):
        col.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def line_height(paragraph: Any, points: float, *, exact: bool = False) -> None:
    """A paragraph's line height: at least ``points`` (a larger font still fits), or exactly."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if exact else WD_LINE_SPACING.AT_LEAST
    fmt.line_spacing = Pt(points)


def normalise_zip(data: bytes) -> bytes:
    """Same entries, same order, fixed timestamps and permissions: byte-identical output."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def keep_rows(table: Any, *, whole: bool = False) -> None:
    """Pagination of a table in Word: no row splits inside; the header row (repeated by
    ``w:tblHeader``) stays with the first ``KEEP.table_min_rows`` rows and the last rows stay
    together, so a break leaves at least that many on each side. A short table (or ``whole``)
    never splits."""
    from sitrep.render.typeset import KEEP

    rows = list(table.rows)
    n, least = len(rows), KEEP.table_min_rows
    for row in rows:
        child(row._tr.get_or_add_trPr(), "w:cantSplit")
    short = whole or n - 1 < 2 * least
    kept = set(range(n - 1)) if short else set(range(least)) | set(range(n - least, n - 1))
    for index in sorted(kept):
        for cell in rows[index].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def add_field(paragraph: Any, instruction: str, size: float, color: str = "") -> None:
    """A Word field (PAGE, NUMPAGES) at the end of ``paragraph``: begin, instruction, separator, a
    placeholder result Word recomputes, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"),
                       ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if color:
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run.text = text or ""
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def set_language(document: Any, doc: Document, *, cjk: bool, ltr_paragraphs: Collection[Any]) -> None:
    """Language tags for spelling and fonts; for right-to-left documents, real RTL structure.

    Paragraphs get ``w:bidi`` (Word then aligns and orders them right-to-left), runs holding
    Arabic letters get ``w:rtl`` with complex-script bold and size, and tables get
    ``w:bidiVisual`` so their first column is on the right. The text itself stays in logical
    order, so it remains searchable and copyable.
    """
    from docx.oxml.ns import qn

    tag = doc.locale.replace("_", "-")
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        rpr = document.styles[name].element.get_or_add_rPr()
        size = rpr.find(qn("w:sz"))
        if size is not None:
            child(rpr, "w:szCs", val=size.get(qn("w:val")))
        if doc.rtl:
            child(rpr, "w:lang", val="en-GB", bidi=tag)
        elif cjk:
            child(rpr, "w:lang", val=CJK_TAGS.get(doc.language, tag), eastAsia=CJK_TAGS.get(doc.language, tag))
        else:
            child(rpr, "w:lang", val=tag)
    parts = [document.element.body] + [s.footer._element for s in document.sections] + \
        [s.header._element for s in document.sections]
    for part in parts:
        for run in part.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            size = rpr.find(qn("w:sz")) if rpr is not None else None
            if size is not None:
                child(rpr, "w:szCs", val=size.get(qn("w:val")))
            if doc.rtl and _has_arabic("".join(t.text or "" for t in run.iter(qn("w:t")))):
                rpr = run.get_or_add_rPr()
                if rpr.find(qn("w:b")) is not None:
                    child(rpr, "w:bCs")
                if rpr.find(qn("w:i")) is not None:
                    child(rpr, "w:iCs")
                child(rpr, "w:rtl")
        if not doc.rtl:
            continue
        for para in part.iter(qn("w:p")):
            if para not in ltr_paragraphs:
                child(para.get_or_add_pPr(), "w:bidi")
        for table in part.iter(qn("w:tbl")):
            child(table.tblPr, "w:bidiVisual")
