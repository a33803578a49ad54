"""Every script right, down to copy and paste: what is drawn, in which order, and what a reader
copies out of the PDF. Documents are read back (ToUnicode maps, pdftotext without normalisation,
the DOCX XML); nothing here looks at sitrep's own intermediate strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.render.direction import CONTROLS, mark_runs, strip_controls

from .conftest import LANGUAGES
from .test_example import STEM


def drawn_characters(path: Path) -> dict[str, set[str]]:
    """Font name -> every character drawn with it, from the fonts' ToUnicode maps.

    reportlab embeds one subset per font and maps each glyph it drew back to text, so these maps
    list exactly what reached the page (a control character drawn as a box shows up here)."""
    from pypdf import PdfReader

    drawn: dict[str, set[str]] = {}
    reader = PdfReader(path)
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = drawn.setdefault(str(font["/BaseFont"]).split("+")[-1], set())
            entries = cmap.split("beginbfchar", 1)[-1].split("endbfchar", 1)[0]
            for target in re.findall(r"<[0-9A-Fa-f]{2,4}> <([0-9A-Fa-f]+)>", entries):
                chars.add(bytes.fromhex(target).decode("utf-16-be"))
    return drawn


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_direction_control_or_invisible_mark_is_drawn(all_languages, language: str) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    drawn = drawn_characters(out / f"{STEM}_{language}.pdf")
    assert drawn and all(drawn.values())
    shown = {c for chars in drawn.values() for text in chars for c in text}
    assert not shown & CONTROLS, sorted(hex(ord(c)) for c in shown & CONTROLS)


def test_strip_controls_leaves_text() -> None:
    assert strip_controls("\u200f\u202aIOM\u202c\u200f، \u2068WFP\u2069") == "IOM، WFP"
    assert strip_controls(mark_runs("الهاتف: +000 000 000 001")) == "الهاتف: +000 000 000 001"
