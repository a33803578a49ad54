"""Right-to-left text for the PDF: shaping, line breaking and bidi order, done in that order.

reportlab cannot order right-to-left text itself (its bidi extra needs a package that is not
on the index), and shaping a whole paragraph before wrapping it puts wrapped lines in reverse
order. What works, measured in shared/notes/rendering-facts.md:

1. shape the *logical* text into joined presentation forms (arabic-reshaper, harakat kept);
2. break it into lines at the available width, measuring the shaped glyphs;
3. reorder each line visually on its own with the Unicode bidi algorithm (base direction
   right-to-left; ``bidi.algorithm`` mirrors brackets, so "(OCHA)" stays "(OCHA)");
4. draw each line right-aligned (or left-aligned in mirrored numeric columns).

Numbers and Latin words keep their left-to-right order inside the line, and poppler's text
layer reads the words back in logical order.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from sitrep.render.direction import carry_embeddings, mark_runs, strip_controls
from sitrep.render.typeset import KEEP


@cache
def _reshaper() -> Any:
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def shape(text: str) -> str:
    """Joined Arabic letter forms, still in logical order."""
    return str(_reshaper().reshape(text))


def _assigned(line: str) -> str:
    """Unassigned code points (no bidi class) as U+FFFD: the bidi engine rejects them and no font
    has a glyph for them anyway."""
    import unicodedata

    return "".join(c if unicodedata.bidirectional(c) else "\ufffd" for c in line)


def visual(line: str, base_dir: str = "R") -> str:
    """One already-broken line in display order (``R``: right-to-left paragraph, ``L``: left-to-right),
    with every direction mark removed once it has done its work (fonts draw them as boxes).

    ``bidi.algorithm`` mirrors brackets (the Rust engine of python-bidi does not); should it ever
    reject a line, the Rust engine orders it instead, so rendering never stops on odd input.
    """
    from bidi import get_display as rust_display
    from bidi.algorithm import get_display

    prepared = _assigned(line)
    try:
        ordered = str(get_display(prepared, base_dir=base_dir))
    except AssertionError:
        ordered = str(rust_display(prepared, base_dir=base_dir))
    return strip_controls(ordered)


def display_line(text: str, base_dir: str = "R") -> str:
    """One line of logical text (no wrapping) as drawn: marked, shaped, ordered, marks removed."""
    return visual(shape(mark_runs(text) if base_dir == "R" else text), base_dir)


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking of shaped, logical text; each line is returned in logical order."""
    from sitrep.render.chart_layout import wrap

    lines = wrap(text, size, False, width,
                 lambda line, points, _bold: stringWidth(strip_controls(line), font, points))
    return carry_embeddings(lines)


@lru_cache(maxsize=8192)
def _laid_out(logical: str, font: str, size: float, room: float, base_dir: str, cjk: bool) -> tuple[str, ...]:
    """The lines of a block as drawn. Remembered: reportlab wraps a block many times at the same
    width (each table cell for every row height it tries, both layout passes), and shaping and
    ordering are pure functions of the text; a cache hit gives the very same lines."""
    if cjk:
        from sitrep.render.linebreak import break_lines as break_uax14

        # Word joiners stay until the lines are broken (they forbid a break: a date kept whole).
        kept = strip_controls(logical.replace("\u2060", "\x00")).replace("\x00", "\u2060")
        return tuple(strip_controls(line) for line in break_uax14(
            kept, room, lambda line: stringWidth(strip_controls(line), font, size)))
    shaped = shape(mark_runs(logical) if base_dir == "R" else logical)
    return tuple(visual(line, base_dir) for line in break_lines(shaped, font, size, room))


class RTLText(Flowable):
    """A block of text laid out line by line by sitrep, with optional bullet and footnote markers.

    Right-to-left text is shaped, broken at spaces and ordered per line (see the module
    docstring). With ``cjk=True`` the text is broken by the Unicode line breaking algorithm
    instead (Chinese has no spaces), and drawn as it is, left to right."""

    def __init__(self, text: str, *, font: str, size: float, leading: float, color: Any = None,
                 align: str = "right", space_before: float = 0, space_after: float = 0,
                 bullet: str | None = None, indent: float = 0, footnotes: tuple[int, ...] = (),
                 keep_with_next: bool = False, base_dir: str = "R", cjk: bool = False) -> None:
        super().__init__()
        self.cjk = cjk
        self.logical = text
        self.marker = ",".join(str(n) for n in footnotes)
        """Footnote numbers, drawn small and raised after the text (the font has no superscript digits)."""
        self.base_dir = base_dir
        self.font, self.size, self.leading, self.color = font, size, leading, color
        self.align = align
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.bullet = (bullet if cjk else display_line(bullet, base_dir)) if bullet else None
        """The bullet or list number in display order ("1." reads ".1" from the right)."""
        self.indent = indent + (stringWidth(self.bullet, font, size) + 4 if self.bullet else 0)
        self.keepWithNext = keep_with_next
        self._lines: list[str] = []
        self._width = 0.0

    def getPlainText(self) -> str:  # noqa: N802 - reportlab API (used for the PDF outline)
        return self.logical

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        room = max(available_width - self.indent - stringWidth(self.marker, self.font, self.size * 0.65) - 2, 10)
        self._lines = list(_laid_out(self.logical, self.font, self.size, room, self.base_dir, self.cjk))
        self.width, self.height = available_width, self.leading * len(self._lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        if available_height // self.leading >= len(self._lines):
            return [self]
        return _split_lines(self, self._lines, available_height, first=True, last=True)

    def draw(self) -> None:
        _draw_lines(self.canv, self, self._lines, first=True, last=True)


class _Lines(Flowable):
    """Part of an :class:`RTLText` split across pages (lines already laid out)."""

    def __init__(self, parent: RTLText, lines: list[str], first: bool, last: bool) -> None:
        super().__init__()
        self.parent, self.lines, self.first, self.last = parent, lines, first, last
        self.width, self.height = parent._width, parent.leading * len(lines)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        _draw_lines(self.canv, self.parent, self.lines, first=self.first, last=self.last)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return _split_lines(self.parent, self.lines, available_height, first=self.first, last=self.last)


def _split_lines(parent: RTLText, lines: list[str], height: float, *, first: bool, last: bool) -> list[Flowable]:
    """The lines that fit in ``height``, then the rest — itself split again on the next page, so
    a paragraph of any length flows over as many pages as it needs."""
    fit = int(height // parent.leading)
    if fit >= len(lines):
        return [_Lines(parent, lines, first=first, last=last)] if fit > 0 else []
    # No widows or orphans: at least KEEP.min_lines lines on each side of the break.
    fit = min(fit, len(lines) - KEEP.min_lines)
    if fit < KEEP.min_lines:
        return []
    return [_Lines(parent, lines[:fit], first=first, last=False),
            _Lines(parent, lines[fit:], first=False, last=last)]


def _draw_lines(canvas: Any, block: RTLText, lines: list[str], first: bool, last: bool) -> None:
    canvas.saveState()
    canvas.setFont(block.font, block.size)
    if block.color is not None:
        canvas.setFillColor(block.color)
    width = block._width
    y = block.leading * len(lines) - block.size
    small = block.size * 0.65
    for i, line in enumerate(lines):
        line_width = stringWidth(line, block.font, block.size)  # lines hold no marks (see visual)
        if block.align == "left":
            start = block.indent
        elif block.align == "center":
            start = (width - line_width) / 2
        else:
            start = width - block.indent - line_width
        canvas.drawString(start, y, line)
        if i == 0 and first and block.bullet:
            if block.base_dir == "R":
                canvas.drawRightString(width - 2, y, block.bullet)
            else:
                canvas.drawString(2, y, block.bullet)
        if last and i == len(lines) - 1 and block.marker:
            # The end of the text: visual left in a right-to-left paragraph, right otherwise.
            canvas.setFont(block.font, small)
            marker_width = stringWidth(block.marker, block.font, small)
            x = start - marker_width - 1 if block.base_dir == "R" else start + line_width + 1
            canvas.drawString(x, y + block.size * 0.38, block.marker)
            canvas.setFont(block.font, block.size)
        y -= block.leading
    canvas.restoreState()
