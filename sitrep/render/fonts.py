"""Embedded fonts for the PDF: Noto Sans (Latin, Cyrillic, Greek) and Noto Sans Arabic.

The fonts come from the package index (``fontpkg-noto-sans*``) as *variable* fonts.
reportlab reads only their default (Regular) instance, so the bold face is cut once with
fontTools' instancer and cached under ``~/.cache/sitrep/fonts`` (or ``$SITREP_CACHE_DIR``).
The cache file name carries the source font's size and the fontTools version, and it is
written atomically, so a stale or half-written cache is never used.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitrep.errors import RenderError, error


@dataclass(frozen=True, slots=True)
class FontFace:
    regular: str
    bold: str


LATIN = FontFace(regular="NotoSans", bold="NotoSans-Bold")
ARABIC = FontFace(regular="NotoSansArabic", bold="NotoSansArabic-Bold")
_FAMILIES = {"Noto Sans": LATIN, "Noto Sans Arabic": ARABIC}


def cache_dir() -> Path:
    base = os.environ.get("SITREP_CACHE_DIR")
    if base:
        return Path(base) / "fonts"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg or Path.home() / ".cache") / "sitrep" / "fonts"


def _source(family: str) -> Path:
    import fontpkg

    try:
        return Path(fontpkg.path(family))
    except Exception as exc:  # fontpkg raises its own error types; all mean "not installed"
        raise RenderError(error("E-font-missing", f"the font '{family}' is not installed ({exc})",
                                hint="reinstall sitrep: pip install -e .")) from exc


def _bold_instance(family: str, source: Path) -> Path:
    from fontTools import version as ft_version

    target = cache_dir() / f"{family.replace(' ', '')}-Bold-{source.stat().st_size}-ft{ft_version}-v2.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    print(f"sitrep: preparing the bold face of {family} (one time, a few seconds)…", file=sys.stderr)
    font = TTFont(str(source))
    instancer.instantiateVariableFont(font, {"wght": 700, "wdth": 100}, inplace=True, updateFontNames=False)
    _rename(font, family, "Bold")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _rename(font: object, family: str, style: str) -> None:
    """Give the static instance its own names: PDF viewers tell faces apart by PostScript name."""
    names = font["name"]  # type: ignore[index]
    postscript = f"{family.replace(' ', '')}-{style}"
    for record_id, value in ((1, family), (2, style), (4, f"{family} {style}"), (6, postscript),
                             (16, family), (17, style)):
        names.setName(value, record_id, 3, 1, 0x409)
        names.setName(value, record_id, 1, 0, 0)


@cache
def register_fonts() -> None:
    """Register the regular and bold faces of every family with reportlab (once)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for family, face in _FAMILIES.items():
        source = _source(family)
        pdfmetrics.registerFont(TTFont(face.regular, str(source)))
        pdfmetrics.registerFont(TTFont(face.bold, str(_bold_instance(family, source))))
        addMapping(face.regular, 0, 0, face.regular)
        addMapping(face.regular, 1, 0, face.bold)
        addMapping(face.regular, 0, 1, face.regular)
        addMapping(face.regular, 1, 1, face.bold)
