"""Line breaking by the Unicode line breaking algorithm (UAX #14, through ICU or ``uniseg``).

Chinese has no spaces between words: a line may end after almost any Han character, but never
before closing punctuation ("，", "。", "）", "」") nor after opening punctuation ("（", "“"), and
Latin words and numbers inside the text stay whole. UAX #14 says exactly that, so the breaker
asks a UAX #14 implementation for the break opportunities and fills each line greedily: ICU's
line break iterator (``icu4py``) where its wheel installs, else the pure-Python ``uniseg``, which
gives the same breaks on the example's texts (tests/test_linebreak.py) but took about 0.3 s of
the Chinese PDF's 0.35 s. No PDF library here: width is measured by the caller's function.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` in lines no wider than ``width`` (a single unbreakable piece wider than that is
    cut between characters); trailing spaces dropped; mandatory breaks (newlines) kept."""
    lines: list[str] = []
    current = ""
    for unit in _units(text):
        candidate = current + unit
        if current and measure(candidate.rstrip()) > width:
            lines.append(current.rstrip())
            current = ""
            candidate = unit
        while measure(candidate.rstrip()) > width and len(candidate.rstrip()) > 1:
            cut = _fit(candidate, width, measure)
            lines.append(candidate[:cut])
            candidate = candidate[cut:]
        current = candidate
        if current.endswith(("\n", "\r", "\u2028", "\u2029")):
            lines.append(current.rstrip("\r\n\u2028\u2029"))
            current = ""
    if current or not lines:
        lines.append(current.rstrip())
    return lines


@lru_cache(maxsize=4096)
def _units(text: str) -> tuple[str, ...]:
    """The text cut at its break opportunities. Remembered: reportlab wraps a block several times
    (table cells, both layout passes of a page that splits)."""
    try:
        from icu4py.breakers import LineBreaker
    except ImportError:  # no icu4py wheel for this platform (see pyproject.toml)
        return uniseg_units(text)
    return tuple(LineBreaker(text, "zh"))


def uniseg_units(text: str) -> tuple[str, ...]:
    """The same cut by ``uniseg`` (pure Python, about 100 times slower than ICU)."""
    from uniseg.linebreak import line_break_units

    return tuple(line_break_units(text))


def _fit(text: str, width: float, measure: Callable[[str], float]) -> int:
    """How many characters of ``text`` fit in ``width`` (at least one)."""
    import unicodedata

    count = 1
    while count < len(text) and measure(text[:count + 1]) <= width:
        count += 1
    # A forced cut still never leaves closing punctuation at the start of the next line.
    while 1 < count < len(text) and unicodedata.category(text[count]) in ("Pe", "Pf", "Po"):
        count -= 1
    return count


__all__ = ["break_lines", "uniseg_units"]
