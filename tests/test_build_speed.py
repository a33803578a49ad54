"""What keeps the example build fast without changing its bytes (issue #18).

The byte-for-byte checks of whole builds are in tests/test_bench.py and the golden tests; these
check the pieces: the remembered text layout of right-to-left blocks, and that a Latin-script
build never needs fontTools for its fonts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_arabic_block_lines_are_the_same_from_the_cache() -> None:
    from sitrep.render.fonts import font_face
    from sitrep.render.pdf_rtl import RTLText, _laid_out

    font = font_face("Noto Sans Arabic").regular
    text = "قُتل 27 مدنياً (منهم 8 أطفال) في 12 هجوماً بين 27 و29 تشرين الثاني/نوفمبر وفق OCHA. " * 3
    first = RTLText(text, font=font, size=9.5, leading=13)
    first.wrap(200, 500)
    fresh = _laid_out.__wrapped__(text, font, 9.5, 200 - 2, "R", False)  # no bullet, indent or marker
    again = RTLText(text, font=font, size=9.5, leading=13)
    again.wrap(200, 500)
    assert len(first._lines) > 2
    assert first._lines == again._lines == list(fresh)


def test_a_latin_build_does_not_import_fonttools_for_its_fonts() -> None:
    code = ("import sys; from sitrep.render.fonts import font_files, font_face; "
            "font_face('Noto Sans'); font_face('Noto Sans Arabic'); print('fontTools' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
