"""How much an intake file may hold: generous for real data, and a clear refusal (never a crash,
a frozen laptop or a full disk) for what can only be a mistake or an attack.

The limits apply before anything is parsed: an ``.xlsx`` is a zip archive whose parts are
unpacked and measured first (the sizes the archive *declares*, then the bytes it really
unpacks to), and a sheet's used area is measured from its XML before the reader lays it out
in memory, where two cells typed far apart (``A1`` and ``XFD1048576``) would otherwise ask
for seventeen billion cells.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Refusal thresholds for one intake file."""

    max_unpacked_bytes: int = 500 * 1024 * 1024
    """All parts of an ``.xlsx`` together once unpacked, or a CSV file: 500 MB (a 1,000,000-row
    intake sheet is about 400 MB of XML)."""
    max_parts: int = 10_000
    """Parts (zip members) of an ``.xlsx``; Excel writes a few dozen."""
    max_rows: int = 1_000_000
    """Rows of one sheet, header included (Excel's own maximum is 1,048,576)."""
    max_cells: int = 20_000_000
    """Cells of one sheet's used area (rows × columns): 1,000,000 rows of 20 columns."""
    max_cell_chars: int = 32_767
    """Characters in one cell, as in Excel."""


DEFAULT_LIMITS = Limits()
"""The limits :func:`sitrep.intake.read_intake` applies unless told otherwise."""


def megabytes(size: int) -> str:
    """``524,288,000`` -> ``500 MB`` (for messages)."""
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"
