"""Embedded fonts for the PDF, from installed font packages (``fontpkg-*`` on the index).

The default families are Noto Sans (Latin, Cyrillic, Greek) and Noto Sans Arabic; a template
may name another installed family. The packages ship *variable* fonts: reportlab reads only
their default (Regular) instance, so a bold face is needed beside it. For the two default
families sitrep ships static bold instances (``fonts_bold/``, cut with fontTools' instancer by
``tools/make_bold_fonts.py``), so the first build on a new machine does not spend seconds
cutting them. Any other variable family (or a font package whose file changed) has its bold
face cut once and cached under ``~/.cache/sitrep/fonts`` (or ``$SITREP_CACHE_DIR``). The cache
file name carries the source font's size and the fontTools version, and it is written
atomically, so a stale or half-written cache is never used.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sitrep.codes import E_FONT_MISSING, E_OUTPUT_WRITE
from sitrep.errors import RenderError
from sitrep.fs import cache_folder


@dataclass(frozen=True, slots=True)
class FontFace:
    regular: str
    bold: str


def cache_dir() -> Path:
    return cache_folder("fonts")


def font_installed(family: str) -> bool:
    """Whether a font package provides ``family`` (used to check templates)."""
    try:
        _source(family)
    except RenderError:
        return False
    return True


def _source(family: str) -> Path:
    import fontpkg

    try:
        return Path(fontpkg.path(family))
    except Exception as exc:  # fontpkg raises its own error types; all mean "not installed"
        raise RenderError(E_FONT_MISSING(f"the font '{family}' is not installed ({exc})",
                                hint="reinstall sitrep (pip install -e .) or install the family's fontpkg "
                                     "package")) from exc


def _is_variable(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return "fvar" in font


SHIPPED = Path(__file__).with_name("fonts_bold")
"""Static bold instances of the packaged variable fonts, cut by ``tools/make_bold_fonts.py``
(``provenance.json`` there says from which file, with which fontTools, at which axis values),
with the fonts' OFL licences beside them."""


def cut_bold(family: str, source: Path) -> Any:
    """The bold (wght 700, default width) static instance of a variable font, renamed "Bold".

    Used at run time for a family sitrep does not ship a bold face for, and by
    ``tools/make_bold_fonts.py`` to make the shipped ones, so both give the same bytes.
    """
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # recalcTimestamp=False: the instance keeps the source's dates, so the bytes (and every PDF
    # that embeds them) are the same on every machine, whenever its cache was filled.
    font = TTFont(str(source), recalcTimestamp=False)
    instancer.instantiateVariableFont(font, bold_location(font), inplace=True, updateFontNames=False)
    _rename(font, family, "Bold")
    return font


def bold_location(font: Any) -> dict[str, float]:
    """Where the bold instance sits on the font's axes: weight 700 (or the heaviest), default width."""
    axes = {axis.axisTag: axis for axis in font["fvar"].axes}
    location = {"wght": min(700.0, axes["wght"].maxValue)} if "wght" in axes else {}
    if "wdth" in axes:
        location["wdth"] = axes["wdth"].defaultValue
    return location


def shipped_bold(family: str, source: Path) -> Path | None:
    """The bold face sitrep ships for ``family``, if it was cut from this very source file.

    The source is recognised by its size and name, as the cache is: a font package that
    updates its file gets a bold face cut from the new file instead of a mismatched one.
    """
    import json

    try:
        entry = json.loads((SHIPPED / "provenance.json").read_text(encoding="utf-8"))["fonts"][family]
    except (OSError, ValueError, KeyError):
        return None
    target = SHIPPED / entry["file"]
    if entry["source_file"] != source.name or entry["source_size"] != source.stat().st_size:
        return None
    return target if target.is_file() else None


def _bold_instance(family: str, source: Path) -> Path:
    from fontTools import version as ft_version

    shipped = shipped_bold(family, source)
    if shipped is not None:
        return shipped

    def cut() -> Any:
        print(f"sitrep: preparing the bold face of {family} (one time, a few seconds)…", file=sys.stderr)
        return cut_bold(family, source)

    return cached_font(f"{family.replace(' ', '')}-Bold-{source.stat().st_size}-ft{ft_version}-v3.ttf", cut)


def cached_font(name: str, make: Callable[[], Any]) -> Path:
    """The font file ``name`` from the font cache; made with ``make()`` (a fontTools font) and
    written there when it is not there yet, keeping the font's own dates (the same font gives the
    same bytes whenever and wherever it is written).

    When the cache folder cannot be written (a read-only home, a ``SITREP_CACHE_DIR`` that is a
    file), a private folder under the system's temporary folder is used instead and a line says
    so; a file made earlier in either place is used as it is.

    Raises:
        RenderError: neither the cache nor the temporary folder can be written.
    """
    target = cache_dir() / name
    fallback = Path(tempfile.gettempdir()) / f"sitrep-fonts-{os.getuid() if hasattr(os, 'getuid') else 0}"
    for made in (target, fallback / name):
        if made.is_file():
            return made
    font = make()
    try:
        _save(font, target)
        return target
    except OSError as exc:  # an unwritable cache folder: use a private temporary one, and say so
        print(f"sitrep: cannot write the font cache in {target.parent} ({exc.strerror or exc}); "
              f"using {fallback} (set SITREP_CACHE_DIR to a writable folder)", file=sys.stderr)
    try:
        _save(font, fallback / name)
    except OSError as again:
        raise RenderError(E_OUTPUT_WRITE(
            f"cannot write the font cache in {target.parent} or {fallback}: {again.strerror or again}",
            hint="set SITREP_CACHE_DIR to a folder you can write to")) from again
    return fallback / name


def _save(font: Any, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.recalcTimestamp = False
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _rename(font: Any, family: str, style: str) -> None:
    """Give the static instance its own names: PDF viewers tell faces apart by PostScript name."""
    names = font["name"]
    postscript = f"{family.replace(' ', '')}-{style}"
    for record_id, value in ((1, family), (2, style), (4, f"{family} {style}"), (6, postscript),
                             (16, family), (17, style)):
        names.setName(value, record_id, 3, 1, 0x409)
        names.setName(value, record_id, 1, 0, 0)


@cache
def font_files(family: str) -> tuple[Path, Path]:
    """(regular, bold) font files of ``family``, e.g. for drawing chart images with Pillow."""
    source = _source(family)
    # The shipped bold face first: it was cut from this very (variable) file, and knowing so
    # spares each build process importing fontTools and opening the font to look for "fvar".
    shipped = shipped_bold(family, source)
    if shipped is not None:
        return source, shipped
    return source, (_bold_instance(family, source) if _is_variable(source) else source)


def text_of_glyph(code_point: int) -> str:
    """What a reader should copy for a drawn character: base letters for Arabic presentation forms.

    The PDF draws joined Arabic as presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF). Their
    compatibility decomposition gives the letters back; a ligature of several letters
    (lam-alef) is given in visual order, because extractors such as poppler reorder the
    right-to-left text they read, and would otherwise turn "لا" into "ال".
    """
    import unicodedata

    char = chr(code_point)
    if not (0xFB50 <= code_point <= 0xFDFF or 0xFE70 <= code_point <= 0xFEFF):
        return char
    letters = unicodedata.normalize("NFKC", char).replace(" ", "").replace("\u0640", "")
    if not letters:
        return char
    return letters[::-1] if len(letters) > 1 and unicodedata.combining(letters[-1]) == 0 else letters


def searchable_font_class() -> Any:
    """reportlab's TTFont, writing a ToUnicode map from drawn glyphs to :func:`text_of_glyph`."""
    from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

    class SearchableTTFont(TTFont):
        def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab API
            state = self.state.get(doc)
            subsets = [list(s) for s in state.subsets] if state is not None else []
            super().addObjects(doc)
            for n, subset in enumerate(subsets):
                if not any(0xFB50 <= c <= 0xFDFF or 0xFE70 <= c <= 0xFEFF for c in subset):
                    continue
                base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                stream = doc.idToObject["toUnicodeCMap:" + base]
                stream.content = _to_unicode_cmap(base, subset)

    return SearchableTTFont


def _to_unicode_cmap(name: str, subset: list[int]) -> str:
    entries = [f"<{i:02X}> <{text_of_glyph(c).encode('utf-16-be').hex().upper()}>"
               for i, c in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
        f"{len(subset)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


@cache
def font_face(family: str) -> FontFace:
    """Register ``family`` (regular and bold) with reportlab once; return its font names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    source, bold_source = font_files(family)
    TTFont = searchable_font_class()  # noqa: N806 - a class
    face = FontFace(regular=family.replace(" ", ""), bold=family.replace(" ", "") + "-Bold")
    pdfmetrics.registerFont(TTFont(face.regular, str(source)))
    pdfmetrics.registerFont(TTFont(face.bold, str(bold_source)))
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(face.regular, bold, italic, face.bold if bold else face.regular)  # type: ignore[arg-type]
    return face
