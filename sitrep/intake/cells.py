"""What a raw cell can hold once read: the value as the file stores it, untouched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UncachedFormula:
    """A formula cell whose result was never stored in the file (written by a program, never
    opened in Excel): its value is unknown, which is not the same as empty."""

    formula: str


CellValue = str | int | float | bool | dt.date | dt.datetime | UncachedFormula | None
