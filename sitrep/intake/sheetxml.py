"""What the fast reader does not report about a worksheet: hidden rows, and formulas whose
result was never stored.

calamine gives cell values only: a hidden row reads like any other, and a formula written by a
program and never opened in Excel (no cached result) reads as an empty cell. openpyxl sees both,
but parsing a 50,000-row sheet with it takes about 6 s (read-only mode) against 0.5 s for
calamine. So the worksheet XML is searched for the two things that matter: first a byte search
for any formula or hidden row at all (about 30 ms on 50,000 rows, and most sheets stop there),
then a scan of the row tags and of the formula cells only. openpyxl is used for what it already
does: finding which XML part holds which sheet, and decoding cell references.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?f>)", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')


@dataclass(frozen=True, slots=True)
class SheetMarks:
    """Hidden rows and uncached formulas of one worksheet."""

    hidden_rows: frozenset[int] = frozenset()
    """1-based numbers of hidden rows."""
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)
    """(1-based row, 1-based column) -> formula text, for formulas without a stored result."""


def scan_sheets(archive: zipfile.ZipFile, names: Iterable[str]) -> dict[str, SheetMarks]:
    """Marks of the named sheets that have any; a sheet without hidden rows or formulas is left out."""
    parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    flagged = {}
    for part in parts:
        data = archive.read(part)
        if b"f>" in data or b"hidden=" in data:  # "<f>…</f>", "<x:f>", or a row's hidden="1"
            flagged[part] = data
    if not flagged:
        return {}
    wanted = set(names)
    marks = {}
    for name, part in _sheet_parts(archive):
        if name in wanted and part in flagged:
            found = scan_xml(flagged[part])
            if found.hidden_rows or found.uncached:
                marks[name] = found
    return marks


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) pairs, as openpyxl resolves them."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.functions import fromstring

    manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
    parser = WorkbookParser(archive, _find_workbook_part(manifest).PartName[1:])
    parser.parse()
    return [(sheet.name, rel.target) for sheet, rel in parser.find_sheets()]


def scan_xml(data: bytes) -> SheetMarks:
    """Hidden rows and uncached formulas in one worksheet's XML."""
    from openpyxl.utils.cell import coordinate_to_tuple

    hidden = set()
    last = 0
    first_row = _ROW_TAG.search(data)
    prefix = first_row.group(0)[1:first_row.group(0).index(b"row")] if first_row else b""
    if b"hidden=" in data:
        for match in _ROW_TAG.finditer(data):
            attrs = match.group(1)
            number = _ROW_NUMBER.search(attrs)
            last = int(number.group(1)) if number else last + 1
            if _HIDDEN.search(attrs):
                hidden.add(last)
    cell_open, cell_close, value_open = b"<" + prefix + b"c ", b"</" + prefix + b"c>", b"<" + prefix + b"v>"
    uncached = {}
    for match in _FORMULA.finditer(data):
        start = data.rfind(cell_open, 0, match.start())
        end = data.find(cell_close, match.end())
        ref = _CELL_REF.search(data, start, data.find(b">", start)) if start >= 0 else None
        if ref is None or end < 0:
            continue
        cached = data.find(value_open, match.end(), end)
        if cached >= 0 and data[cached + len(value_open):cached + len(value_open) + 1] != b"<":
            continue
        text = html.unescape((match.group(1) or b"").decode("utf-8", "replace"))
        uncached[coordinate_to_tuple(ref.group(1).decode())] = text
    return SheetMarks(hidden_rows=frozenset(hidden), uncached=uncached)
