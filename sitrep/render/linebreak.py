"""Line breaking by the Unicode line breaking algorithm (UAX #14, through ``uniseg``).

Chinese has no spaces between words: a line may end after almost any Han character, but never
before closing punctuation ("，", "。", "）", "」") nor after opening punctuation ("（", "“"), and
Latin words and numbers inside the text stay whole. UAX #14 says exactly that, so the breaker
asks ``uniseg`` for the break opportunities and fills each line greedily. No PDF library here:
width is measured by the caller's function.
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
    (table cells, two layout passes), and uniseg's pure-Python algorithm is the slow part."""
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


__all__ = ["break_lines"]
