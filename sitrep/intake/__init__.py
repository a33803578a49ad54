"""Stage 1 — intake: files -> raw sheets with located columns.

Input: paths of ``.xlsx`` / ``.csv`` files. Output: :class:`RawSheet` objects (cells tied to
their Excel positions) plus findings about the file's shape. Values are not interpreted here.
"""

from sitrep.intake.cells import ExcelError, OverlongText, SumOf, UncachedFormula
from sitrep.intake.files import read_intake_files, unread_files
from sitrep.intake.reader import RawRow, RawSheet, read_intake
from sitrep.intake.schema import SHEETS, Column, Kind, SheetSpec

__all__ = ["Column", "ExcelError", "Kind", "OverlongText", "RawRow", "RawSheet", "SHEETS", "SheetSpec", "SumOf",
           "UncachedFormula", "read_intake", "read_intake_files", "unread_files"]
