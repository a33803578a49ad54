"""Chinese fonts for the PDF (and the DOCX's chart images): Noto Sans CJK SC, cut to the document.

The index ships Noto Sans CJK as OpenType/CFF (``noto-cjk-sans-otc``: the Regular collection,
face "Noto Sans CJK SC"; ``noto-cjk-sans-jp-bold``: the Bold, Japanese by default). reportlab
embeds only TrueType outlines, and a whole CJK face is about 17 MB, so for each document the
face is

1. subset with fontTools to the characters the document uses (plus ASCII and the common
   Chinese punctuation, so page numbers and labels always have glyphs);
2. for the Bold, switched to its Simplified Chinese glyph forms first (the font's own ``locl``
   substitutions for the ``ZHS`` language), since Japanese forms of some Han characters differ;
3. converted from cubic CFF to quadratic ``glyf`` outlines (fontTools' cu2qu pen), and
4. cached under the font cache (:func:`~sitrep.render.fonts.cache_dir`), named by a hash of the
   characters, the source fonts and the fontTools version, written atomically and without
   timestamps changing, so the same document gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import string
from functools import cache, partial
from pathlib import Path
from typing import Any

from sitrep.render.fonts import FontFace, cached_font

CJK_FAMILY = "Noto Sans CJK SC"
ALWAYS = string.printable.strip() + " •−–—…·，。、；：？！（）《》【】“”‘’％　"
"""Characters every subset holds, whatever the document says (renderers add bullets and signs)."""
SPACES = str.maketrans({c: " " for c in "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                                        "\u200a\u202f\u205f"})
"""Narrow and fixed-width spaces, which Noto Sans CJK lacks (CLDR puts a thin space around the
dash of a Chinese date range): drawn as plain spaces."""


def document_characters(value: object) -> str:
    """Every character of every string in a (frozen dataclass) document, sorted and unique."""
    seen: set[str] = set()

    def walk(item: object) -> None:
        if isinstance(item, str):
            seen.update(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                walk(getattr(item, f.name))
        elif isinstance(item, tuple | list):
            for element in item:
                walk(element)

    walk(value)
    return "".join(sorted(seen))


def _sources() -> tuple[Path, Path]:
    import noto_cjk_sans_jp_bold
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH)), Path(str(noto_cjk_sans_jp_bold.FONT_PATH))


COMMON = Path(__file__).with_name("fonts_cjk_common")
"""TrueType cuts of both faces to the common Chinese characters (GB 2312's symbols and its 3,755
level-1 hanzi, plus :data:`ALWAYS`), made by ``tools/make_cjk_common.py`` with :func:`_subset`
(``provenance.json`` there records the sources). A document whose characters they all hold uses
them as they are — reportlab embeds only the glyphs drawn — instead of a cut of the 17 MB CFF
faces made for it (seconds, again whenever its characters change)."""


def _common_sources(regular_src: Path, bold_src: Path) -> tuple[Path, Path, frozenset[str]] | None:
    """The shipped common cuts, if they were made from these very source files."""
    import json

    try:
        record = json.loads((COMMON / "provenance.json").read_text(encoding="utf-8"))
        sizes = (record["sources"]["Regular"]["size"], record["sources"]["Bold"]["size"])
    except (OSError, ValueError, KeyError):
        return None
    if sizes != (regular_src.stat().st_size, bold_src.stat().st_size):
        return None
    regular, bold = COMMON / record["files"]["Regular"], COMMON / record["files"]["Bold"]
    if not (regular.is_file() and bold.is_file()):
        return None
    return regular, bold, frozenset(record["characters"])


def cjk_font_files(characters: str) -> tuple[Path, Path]:
    """(regular, bold) TrueType subsets of Noto Sans CJK SC holding ``characters`` (cached)."""
    from fontTools import version as ft_version

    chars = sorted({c for c in characters + ALWAYS if c.isprintable() and ord(c) >= 32})
    regular_src, bold_src = _sources()
    common = _common_sources(regular_src, bold_src)
    if common is not None and set(chars) <= common[2]:
        # Already TrueType and small enough: reportlab embeds only the glyphs a PDF draws.
        return common[0], common[1]
    key = hashlib.sha256("|".join((
        "".join(chars), str(regular_src.stat().st_size), str(bold_src.stat().st_size), ft_version, "v1",
    )).encode("utf-8")).hexdigest()[:16]
    unicodes = [ord(c) for c in chars]
    out = [cached_font(f"NotoSansCJKSC-{style}-{key}.ttf", partial(_subset, source, style, unicodes))
           for style, source in (("Regular", regular_src), ("Bold", bold_src))]
    return out[0], out[1]


def _open_sc(source: Path) -> Any:
    """The Simplified Chinese face: by name in a collection, else the font itself."""
    from fontTools.ttLib import TTFont

    if source.suffix.lower() != ".ttc":
        return TTFont(str(source), recalcTimestamp=False)
    for number in range(32):
        font = TTFont(str(source), fontNumber=number, recalcTimestamp=False)
        if font["name"].getDebugName(1) == CJK_FAMILY:
            return font
    raise LookupError(f"{source.name} holds no '{CJK_FAMILY}' face")


def _simplified_forms(font: Any) -> None:
    """Point the cmap at the glyphs the font's ``locl`` feature uses for Simplified Chinese."""
    if "GSUB" not in font:
        return
    table = font["GSUB"].table
    indices: set[int] = set()
    for script in table.ScriptList.ScriptRecord:
        for lang in script.Script.LangSysRecord:
            if lang.LangSysTag == "ZHS ":
                for i in lang.LangSys.FeatureIndex:
                    record = table.FeatureList.FeatureRecord[i]
                    if record.FeatureTag == "locl":
                        indices.update(record.Feature.LookupListIndex)
    swap: dict[str, str] = {}
    for i in sorted(indices):
        lookup = table.LookupList.Lookup[i]
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            swap.update(getattr(sub, "mapping", {}) or {})
    if not swap:
        return
    for cmap in font["cmap"].tables:
        if cmap.isUnicode():
            cmap.cmap = {code: swap.get(glyph, glyph) for code, glyph in cmap.cmap.items()}


def _subset(source: Path, style: str, unicodes: list[int]) -> Any:
    from fontTools import subset

    font = _open_sc(source)
    if style == "Bold":
        _simplified_forms(font)
    # Lines are set by sitrep and reportlab reads no shaping or vertical tables: dropping them
    # before subsetting saves decoding them (seconds, on a 17 MB face).
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = False  # the outlines are redrawn as TrueType anyway
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    _to_truetype(font)
    _rename(font, style)
    return font


def _to_truetype(font: Any) -> None:
    """Replace CFF outlines by quadratic ``glyf`` outlines, which reportlab can embed."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    if "CFF " not in font:
        return
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("numGlyphs", "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                  "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: Any, style: str) -> None:
    names = font["name"]
    for record_id, value in ((1, CJK_FAMILY), (2, style), (4, f"{CJK_FAMILY} {style}"),
                             (6, f"NotoSansCJKSC-{style}")):
        names.setName(value, record_id, 3, 1, 0x409)


@cache
def cjk_face(characters: str) -> FontFace:
    """Register the subsets for ``characters`` with reportlab once; return their font names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from sitrep.render.fonts import searchable_font_class

    regular, bold = cjk_font_files(characters)
    key = regular.stem.rsplit("-", 1)[-1]
    face = FontFace(regular=f"NotoSansCJKSC-{key}", bold=f"NotoSansCJKSC-Bold-{key}")
    font_class = searchable_font_class()
    pdfmetrics.registerFont(font_class(face.regular, str(regular)))
    pdfmetrics.registerFont(font_class(face.bold, str(bold)))
    for is_bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(face.regular, is_bold, italic, face.bold if is_bold else face.regular)  # type: ignore[arg-type]
    return face


__all__ = ["CJK_FAMILY", "SPACES", "cjk_face", "cjk_font_files", "document_characters"]
