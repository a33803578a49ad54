"""What a raw cell can hold once read: the value as the file stores it, untouched."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UncachedFormula:
    """A formula cell whose result was never stored in the file (written by a program, never
    opened in Excel): its value is unknown, which is not the same as empty."""

    formula: str


@dataclass(frozen=True, slots=True)
class ExcelError:
    """A cell showing an Excel error value (``#DIV/0!``, ``#N/A``, ``#REF!``, ``#VALUE!``): a formula
    that failed. Its figure is unknown, which is not the same as empty."""

    code: str


@dataclass(frozen=True, slots=True)
class OverlongText:
    """A text cell longer than an Excel cell can hold (32,767 characters by default): refused at
    its cell rather than carried, cut or whole, into the report or the merge log."""

    length: int
    """Its length in characters as read (at least)."""
    limit: int


PlainValue = (str | int | float | bool | dt.date | dt.datetime | UncachedFormula | ExcelError | OverlongText
              | None)
"""What one cell holds."""


@dataclass(frozen=True, slots=True)
class SumOf:
    """Cells of several columns whose figures add up to one column's (killed women and killed
    men when the sheet gives no total): the validator reads each part and adds them."""

    parts: tuple[PlainValue, ...]


CellValue = PlainValue | SumOf
"""What a raw row holds for one intake column."""


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet read typed text as a formula (also their
full-width forms, which some input methods type): ``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``."""


_AFTER_SEMICOLON = re.compile(r";\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")
"""A formula after a ``;``: Excel in French, Spanish or Russian locales splits CSV on ``;``, so
``x;=cmd|' /C calc'!A0`` opens as two cells, the second a formula."""


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet run this text if it were typed into a cell (or opened from a CSV
    in a locale that separates fields with ``;``)?"""
    return text.startswith(FORMULA_PREFIXES) or _AFTER_SEMICOLON.search(text) is not None
