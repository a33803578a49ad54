"""Pagination rules of the PDF (reportlab): tables that split with their header repeated and at
least :attr:`~sitrep.render.typeset.KeepRules.table_min_rows` rows on each side, and headings
(with their intro sentence) kept with what they introduce.

reportlab's own ``keepWithNext`` joins a heading to the *next flowable* only, and a
``KeepTogether`` around a heading and a table jumps whole to the next page when the table does
not fit — leaving the foot of the page blank. Here a heading and its intro stay with the first
rows of their table only; the table then splits where the page ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus import Table as RLTable

from sitrep.render.typeset import KEEP


class SplitTable(RLTable):
    """A table that splits only with ``KEEP.table_min_rows`` body rows on each side of the break."""

    def min_height(self, width: float) -> float:
        """Height of the header and the first rows: what must fit for the table to start on a page."""
        self.wrap(width, 0xFFFFFF)
        return float(sum(_heights(self)[:self.repeatRows + KEEP.table_min_rows]))

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        head, rows = self.repeatRows, _rows(self)
        if rows - head < 2 * KEEP.table_min_rows:
            return []  # too short to split well: it moves whole
        parts: list[Flowable] = super().split(available_width, available_height)
        if len(parts) != 2:
            return parts
        first, second = (_rows(p) - head for p in parts)
        if first < KEEP.table_min_rows:
            return []
        if second < KEEP.table_min_rows:
            # Break earlier, so the last rows (and the total) do not stand alone on the next page.
            keep = rows - KEEP.table_min_rows
            if keep - head < KEEP.table_min_rows:
                return []
            parts = super().split(available_width, sum(_heights(self)[:keep]) + 0.01)
        return parts


def _rows(table: Flowable) -> int:
    return len(getattr(table, "_cellvalues"))  # noqa: B009 - reportlab keeps the cells private


def _heights(table: Flowable) -> list[float]:
    return list(getattr(table, "_rowHeights"))  # noqa: B009 - set by wrap()


class LeadIn(KeepTogether):
    """Headings and an intro paragraph kept with the first rows of the table that follows them.

    When heading, intro and the table's first rows do not fit in the rest of the frame, all of
    it starts on the next page; otherwise the table splits at the page's end.
    """

    def __init__(self, lead: list[Flowable], table: SplitTable) -> None:
        super().__init__([*lead, table])
        self._lead, self._table = lead, table

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        from reportlab.platypus import flowables
        from reportlab.platypus.doctemplate import FrameBreak

        wrap_list = getattr(flowables, "_listWrapOn")  # noqa: B009 - reportlab's own (private) measure
        _, lead_height = wrap_list(self._lead, available_width, self.canv)
        need = lead_height + self._lead[-1].getSpaceAfter() + self._table.min_height(available_width)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        content: list[Flowable] = list(getattr(self, "_content"))  # noqa: B009 - private
        if need > available_height and not at_top:
            return [FrameBreak(), *content]
        return content


def _is_heading(flowable: Flowable) -> bool:
    return bool(getattr(flowable, "_sitrep_heading", False))


def keep_headings_with_content(story: list[Flowable]) -> list[Flowable]:
    """Headings (and an intro paragraph right after them) joined to the table, chart or map they
    introduce: with a table's first rows (:class:`LeadIn`), with a chart or map whole."""
    out: list[Flowable] = []
    for flowable in story:
        if out and getattr(out[-1], "_sitrep_with_note", False) and getattr(flowable, "_sitrep_note", False):
            # A progress bar and the note under it ("Partners: …") never part.
            flowable = KeepTogether([out.pop(), flowable])
        if isinstance(flowable, SplitTable | KeepTogether):
            lead: list[Flowable] = []
            if out and not _is_heading(out[-1]) and len(out) > 1 and _is_heading(out[-2]) \
                    and getattr(out[-1], "_sitrep_prose", False):
                lead.insert(0, out.pop())
            while out and _is_heading(out[-1]):
                lead.insert(0, out.pop())
            if lead:
                flowable = LeadIn(lead, flowable) if isinstance(flowable, SplitTable) else \
                    KeepTogether([*lead, *getattr(flowable, "_content")])  # noqa: B009 - private, untyped
        out.append(flowable)
    return out


def mark(flowable: Any, *, heading: bool = False, prose: bool = False, note: bool = False,
         with_note: bool = False) -> Any:
    """Tag a flowable for :func:`keep_headings_with_content`: a heading, a prose paragraph, a note,
    or a block that keeps the note right after it (a progress bar)."""
    for name, value in (("heading", heading), ("prose", prose), ("note", note), ("with_note", with_note)):
        if value:
            setattr(flowable, f"_sitrep_{name}", True)
    return flowable


class ContinuedHeading(Flowable):
    """A sub-heading ("Gaps") that carries its section's name ("Shelter/NFI · Gaps") when it opens a
    page, so a reader never meets a sector's later part without knowing which sector it is.

    reportlab tells a flowable its frame before measuring it; the frame knows whether anything has
    been placed on it yet (``_atTop``).
    """

    def __init__(self, plain: Flowable, continued: Flowable) -> None:
        super().__init__()
        self._plain, self._continued = plain, continued
        self._current = plain
        self.keepWithNext = plain.getKeepWithNext()  # type: ignore[no-untyped-call]  # in a Paragraph's style

    def getPlainText(self) -> str:  # noqa: N802 - reportlab API
        return str(getattr(self._current, "getPlainText", lambda: "")())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        at_top = frame is not None and bool(getattr(frame, "_atTop", False))
        self._current = self._continued if at_top else self._plain
        width, height = self._current.wrap(available_width, available_height)
        self.width, self.height = width, height
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # a heading never splits

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab API
        return float(self._current.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab API
        return float(self._current.getSpaceAfter())

    def draw(self) -> None:
        self._current.drawOn(self.canv, 0, 0)


class FitFigure(KeepTogether):
    """A chart that, when it does not fit the rest of a page, is drawn narrower — and so shorter,
    its text keeping its size — down to ``KEEP.figure_min_width`` of the column; only a page with
    less room than that sends it to the next page (which would leave a gap under the text)."""

    def __init__(self, make: Callable[[float], Flowable], width: float, after: float,
                 align: Literal["LEFT", "RIGHT"]) -> None:
        from reportlab.platypus import Spacer

        self._make, self._after, self._align = make, after, align
        super().__init__([self._figure(width), Spacer(1, after)])

    def _figure(self, width: float) -> Flowable:
        figure = self._make(width)
        figure.hAlign = self._align
        return figure

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        from reportlab.platypus import Spacer
        from reportlab.platypus.doctemplate import FrameBreak

        content: list[Flowable] = list(getattr(self, "_content"))  # noqa: B009 - private
        _, height = content[0].wrap(available_width, available_height)
        frame = getattr(self, "_frame", None)
        if height + self._after <= available_height or bool(getattr(frame, "_atTop", False)):
            return content
        steps = round((1 - KEEP.figure_min_width) / 0.05)
        for step in range(1, steps + 1):
            figure = self._figure(available_width * (1 - 0.05 * step))
            _, height = figure.wrap(available_width, available_height)
            if height + self._after <= available_height:
                return [figure, Spacer(1, self._after)]
        return [FrameBreak(), *content]
