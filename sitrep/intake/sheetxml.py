"""What the fast reader does not report about a worksheet: hidden rows, formulas whose result
was never stored, and Excel error values.

calamine gives cell values only: a hidden row reads like any other, and a formula written by a
program and never opened in Excel (no cached result) reads as an empty cell, as does an error
value such as ``#DIV/0!`` or ``#REF!`` (a figure lost without a word). openpyxl sees both,
but parsing a 50,000-row sheet with it takes about 6 s (read-only mode) against 0.5 s for
calamine. So the worksheet XML is searched for the two things that matter: first a byte search
for any formula or hidden row at all (about 30 ms on 50,000 rows, and most sheets stop there),
then a scan of the row tags and of the formula cells only. openpyxl is used for what it already
does: finding which XML part holds which sheet, and decoding cell references.

The same XML also tells how large a grid the fast reader is about to lay out in memory
(:func:`sheet_extent`), so a sheet too large to read is refused before it is laid out.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?f>)", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_ERROR_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*\bt="e"[^>]*)>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>', re.S)
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>(.*?)</", re.S)


@dataclass(frozen=True, slots=True)
class SheetMarks:
    """Hidden rows and uncached formulas of one worksheet."""

    hidden_rows: frozenset[int] = frozenset()
    """1-based numbers of hidden rows."""
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)
    """(1-based row, 1-based column) -> formula text, for formulas without a stored result."""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """(1-based row, 1-based column) -> Excel error value (``#DIV/0!``, ``#N/A``, ``#REF!`` …)."""


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part (``xl/worksheets/sheet1.xml``), as openpyxl resolves them.

    Call it only on an archive that :func:`sitrep.intake.container.check_xlsx` accepted (no DTD).
    """
    return dict(_sheet_parts(archive))


def scan_sheet(data: bytes) -> SheetMarks:
    """Marks of one worksheet's XML; a byte search first, since most sheets have none."""
    if b"f>" in data or b"hidden=" in data or b't="e"' in data:  # "<f>…</f>", "<x:f>", hidden="1", an error
        return scan_xml(data)
    return SheetMarks()


_FAR_REF = re.compile(rb'<c r="([A-Za-z]{2,}\d+|[A-Za-z]\d{6,})"')
"""Cell references beyond column Z or row 99,999: the only ones that can make a sheet's area large."""
_VALUE_REF = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*?(/?)>')
_TAG = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]([^>]*)')
_R_ATTR = re.compile(rb'(?:^|\s)r\s*=\s*(["\'])(.*?)\1')
_REF_PARTS = re.compile(r"([A-Za-z]+)(\d+)")


def sheet_extent(data: bytes, *, max_rows: int, max_cells: int) -> tuple[int, int] | None:
    """The (last row, last column) of a worksheet's cells when they exceed ``max_rows`` rows or
    ``max_cells`` cells (rows × columns); None when the sheet is within both.

    The reader lays a sheet out in memory as a full grid up to its last row and column, so two
    cells typed far apart (``A1``, ``XFD1048576``) would ask for seventeen billion cells. Sheets
    as Excel, LibreOffice and openpyxl write them (every cell tag exactly ``<c r="B7"``) are
    measured with byte counts and a search for references beyond column Z or row 99,999;
    anything else (namespace prefixes, cells without a reference, other spacing or quoting) is
    measured tag by tag. Cells without a value (``<c r="XFD9" s="3"/>``, formatting only) are
    not counted, as the reader skips them.
    """
    start, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    if not 0 <= start < end:
        start, end = 0, len(data)
    if data.count(b"<c", start, end) == data.count(b'<c r="', start, end) and b":c" not in data:
        rows, cols = 99_999, 26
        for ref in _FAR_REF.findall(data, start, end):
            row, col = _split_ref(ref.decode("ascii"))
            rows, cols = max(rows, row), max(cols, col)
        if rows <= max_rows and rows * cols <= max_cells:
            return None
        found = [(int(row), _column_number(col.decode("ascii")))
                 for col, row, empty in _VALUE_REF.findall(data, start, end) if not empty]
        rows, cols = max((r for r, _ in found), default=0), max((c for _, c in found), default=0)
    else:
        rows, cols = _walk_extent(data)
    return (rows, cols) if rows > max_rows or rows * cols > max_cells else None


def _walk_extent(data: bytes) -> tuple[int, int]:
    """Last row and column of the cells with a value, following every row and cell tag the way a
    reader places them: by the ``r`` reference when there is one, else one after the previous."""
    row = col = rows = cols = 0
    for match in _TAG.finditer(data):
        attrs = match.group(2)
        attr = _R_ATTR.search(attrs)
        ref = html.unescape(attr.group(2).decode("utf-8", "replace")) if attr else ""
        if match.group(1) == b"row":
            row, col = (int(ref) if ref.isdigit() else row + 1), 0
            continue
        if _REF_PARTS.fullmatch(ref):
            cell_row, col = _split_ref(ref)
        else:
            cell_row, col = row, col + 1
        if not attrs.rstrip().endswith(b"/"):
            rows, cols = max(rows, cell_row), max(cols, col)
    return rows, cols


def _split_ref(ref: str) -> tuple[int, int]:
    """``"AB12"`` -> (12, 28); (0, 0) for anything else."""
    m = _REF_PARTS.fullmatch(ref)
    return (int(m.group(2)), _column_number(m.group(1))) if m else (0, 0)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) pairs (prototype: standard library only)."""
    import posixpath
    from xml.etree import ElementTree

    rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    target = next((r.get("Target", "") for r in rels if r.get("Type", "").endswith("/officeDocument")),
                  "xl/workbook.xml").lstrip("/")
    folder = posixpath.dirname(target)
    book = ElementTree.fromstring(archive.read(target))
    rel_part = posixpath.join(folder, "_rels", posixpath.basename(target) + ".rels")
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(archive.read(rel_part))}
    found = []
    for sheet in book.iter(f"{{{_NS_MAIN}}}sheet"):
        ref = targets.get(sheet.get(f"{{{_NS_DOC_REL}}}id"))
        if ref:
            path = ref.lstrip("/") if ref.startswith("/") else posixpath.normpath(posixpath.join(folder, ref))
            found.append((sheet.get("name", ""), path))
    return found


def scan_xml(data: bytes) -> SheetMarks:
    """Hidden rows, uncached formulas and error values in one worksheet's XML."""
    def coordinate_to_tuple(ref: str) -> tuple[int, int]:
        return _split_ref(ref)

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
    errors = {}
    if b't="e"' in data:
        for match in _ERROR_CELL.finditer(data):
            ref = _CELL_REF.search(match.group(1))
            value = _VALUE.search(match.group(2))
            if ref is not None:
                code = html.unescape(value.group(1).decode("utf-8", "replace")) if value else ""
                errors[coordinate_to_tuple(ref.group(1).decode())] = code or "#N/A"
    return SheetMarks(hidden_rows=frozenset(hidden), uncached=uncached, errors=errors)
