"""Text written into files that people open in a spreadsheet (CSV), made safe to open.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab, a carriage return or a line
feed, which some spreadsheets skip before looking) is run as a formula by Excel, LibreOffice
and Google Sheets: ``=HYPERLINK("http://…")`` typed by a partner into an organisation name would
become a live link, ``=cmd|…`` worse. Such text is written with a leading apostrophe, which
spreadsheets take as "this is text" (OWASP, CSV injection). The full-width forms of the four
signs are included: some spreadsheets convert them on input.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from sitrep.intake.cells import FORMULA_PREFIXES, looks_like_formula
from sitrep.kinds import Cell

_FORMULA_AFTER_SEMICOLON = re.compile(r"(;\s*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")


def neutralise(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula, and one
    after each ``;`` that a formula follows (Excel in fr/es/ru locales splits CSV fields on ``;``,
    so ``x;=cmd|…`` would open as a second cell holding a formula)."""
    if not looks_like_formula(value):
        return value
    value = _FORMULA_AFTER_SEMICOLON.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value



def spreadsheet_csv(rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV that Excel opens correctly everywhere: UTF-8 with a BOM (every script shows), CRLF line
    ends, every text cell neutralised; integers are written as plain digits and None as empty.

    Encoded as it is written (``rows`` may be a generator): a 200,000-line merge log is held once,
    as its UTF-8 bytes, rather than also as text and as a list of rows (issue #18)."""
    buf = io.BytesIO()
    text = io.TextIOWrapper(buf, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else "" if v is None else str(v) for v in row])
    text.flush()
    data = buf.getvalue()
    text.detach()
    return data
