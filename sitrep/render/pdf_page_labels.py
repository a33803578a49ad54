"""The PDF's "Page X of Y" footer label, drawn in one layout pass (used by :mod:`sitrep.render.pdf`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple


class _Label(NamedTuple):
    number: int
    x: float
    y: float
    font: str
    size: float
    right_aligned: bool


class PageLabels:
    """"Page X of Y" without a second layout pass.

    A page cannot know the total while it is laid out, so it draws a named form XObject in the
    label's place (PDF lets a page use a form defined later); :meth:`define` draws every label,
    with its total, into its form just before the canvas is saved. One form a page holds the
    whole label rather than the total alone: the label is aligned to the margin and, in Arabic,
    reordered by the bidi algorithm as a whole line, so where the total falls and how wide the
    label is depend on the total itself. The text is drawn exactly as the two-pass layout drew it.
    """

    def __init__(self) -> None:
        self.pages: list[_Label] = []

    def place(self, canvas: Any, x: float, y: float, right_aligned: bool) -> None:
        """Reference this page's label form at the current font and colour."""
        label = _Label(canvas.getPageNumber(), x, y, canvas._fontname, canvas._fontsize, right_aligned)
        self.pages.append(label)
        canvas.doForm(_form_name(label.number))

    def define(self, canvas: Any, color: Any, text: Callable[[int, int], str]) -> None:
        """Draw each label, now that the total is known, into the form its page references."""
        total = len(self.pages)
        for label in self.pages:
            canvas.beginForm(_form_name(label.number))
            canvas.setFont(label.font, label.size)
            canvas.setFillColor(color)
            draw = canvas.drawRightString if label.right_aligned else canvas.drawString
            draw(label.x, label.y, text(label.number, total))
            canvas.endForm()


def _form_name(page: int) -> str:
    return f"sitrepPageLabel{page}"
