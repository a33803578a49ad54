"""Low-level WordprocessingML for the DOCX renderer: property children in schema order, fonts
for every script, cell shading and borders, fixed column widths, and a byte-stable zip."""

from __future__ import annotations

import functools
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@functools.cache
def _later(parent_tag: str, tag: str) -> frozenset[str]:
    """Clark names of the children that come after ``tag`` in a ``parent_tag`` (schema order);
    worked out once per pair, as the renderer asks for the same pairs thousands of times."""
    order = _ORDER[parent_tag.replace(_W, "w:")]
    return frozenset(_W + t[2:] for t in order[order.index(tag) + 1:])


def child(parent: Any, tag: str, **attrs: str) -> Any:
    """The ``tag`` child of ``parent``, created in schema order if missing; attributes set."""
    from docx.oxml import OxmlElement

    element = parent.find(_W + tag[2:])
    if element is None:
        element = OxmlElement(tag)
        later = _later(parent.tag, tag)
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(element)
        else:
            successor.addprevious(element)
    for name, value in attrs.items():
        element.set(_W + name, value)
    return element


@functools.cache
def run_properties(bold: bool, italic: bool, size: float | None, color: str | None, superscript: bool) -> Any:
    """The ``w:rPr`` python-docx writes for a run with these settings (``run.bold = …``,
    ``run.font.size = …``; ``color`` as hex RRGGBB), made once per set of settings: callers append
    a ``deepcopy``.
    python-docx's per-property calls were a fifth of a DOCX's render time (issue #18)."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt, RGBColor
    from docx.text.run import Run

    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]  # a detached model run: no parent needed
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)
    if superscript:
        run.font.superscript = True
    return run._r.rPr


@functools.cache
def spacing_properties(after_pt: float) -> Any:
    """The ``w:pPr`` python-docx writes for ``space_after = Pt(after_pt)`` then ``space_before =
    Pt(0)``, made once: callers insert a ``deepcopy`` into a paragraph without properties."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    model = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]  # detached
    model.paragraph_format.space_after = Pt(after_pt)
    model.paragraph_format.space_before = Pt(0)
    return model._p.pPr


def add_paragraph(document: Any, style_ids: dict[str, str | None], style: str | None) -> Any:
    """``document.add_paragraph(style=style)`` with the style's id looked up once per name in
    ``style_ids`` (python-docx searches the styles part with XPath on every call)."""
    para = document.add_paragraph()
    if style is not None:
        if style not in style_ids:
            from docx.enum.style import WD_STYLE_TYPE

            style_ids[style] = document.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        para._p.style = style_ids[style]
    return para


def append_text(run: Any, text: str) -> None:
    """``run.text = text`` for a new run: what python-docx writes, with a direct ``w:t`` for text
    without tabs or line breaks instead of its character-by-character loop."""
    if not text:
        return
    if any(c in text for c in "\t\r\n"):
        run.text = text
        return
    from docx.oxml import OxmlElement

    t = OxmlElement("w:t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")
    run.append(t)


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
    for tr in table._tbl.tr_lst:  # the cells' XML: python-docx's row.cells works out spans first
        for tc, width in zip(tr.tc_lst, widths_mm, strict=True):
            tc.width = Mm(width)


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
        for tc in rows[index]._tr.tc_lst:
            for p in tc.p_lst:
                p.get_or_add_pPr().keepNext_val = True


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
        for run in part.iter(_W + "r"):
            rpr = run.find(_W + "rPr")
            size = rpr.find(_W + "sz") if rpr is not None else None
            if size is not None:
                child(rpr, "w:szCs", val=size.get(_W + "val"))
            if doc.rtl and _has_arabic("".join(t.text or "" for t in run.iter(_W + "t"))):
                rpr = run.get_or_add_rPr()
                if rpr.find(_W + "b") is not None:
                    child(rpr, "w:bCs")
                if rpr.find(_W + "i") is not None:
                    child(rpr, "w:iCs")
                child(rpr, "w:rtl")
        if not doc.rtl:
            continue
        for para in part.iter(_W + "p"):
            if para not in ltr_paragraphs:
                child(para.get_or_add_pPr(), "w:bidi")
        for table in part.iter(_W + "tbl"):
            child(table.tblPr, "w:bidiVisual")
