"""What the fast reader does not report about a worksheet: hidden rows, formulas whose result
was never stored, and Excel error values.

calamine gives cell values only: a hidden row reads like any other, and a formula written by a
program and never opened in Excel (no cached result) reads as an empty cell, as does an error
value such as ``#DIV/0!`` or ``#REF!`` (a figure lost without a word). openpyxl sees both,
but parsing a 50,000-row sheet with it takes about 6 s (read-only mode) against 0.5 s for
calamine. So the worksheet XML is searched for the things that matter: first a byte search for any
formula, hidden row or error value at all (about 30 ms on 50,000 rows, and most sheets stop
there), then lxml streams the rows and looks at the formula (or error) cells only. That costs
more than the regular expressions it replaces (a 20 MB sheet of 50,000 rows × 10 cells with
hidden rows or formulas: 1.3–2 s against 0.6–0.8 s, on a loaded 2-core machine), since
libxml2 builds every cell while the expressions skipped them, but it reads the XML as XML:
namespace prefixes, attribute quoting and spacing, entities and comments cannot mislead it.

The same XML also tells how large a grid the fast reader is about to lay out in memory
(:func:`sheet_extent`), so a sheet too large to read is refused before it is laid out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any


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


_FAR_REF = re.compile(rb'<c r="(?:([A-Za-z]{2,})(\d+)|[A-Za-z](\d{6,}))"')
"""Cell references beyond column Z or row 99,999, the only ones that can make a sheet's area large:
(letters, digits) of a column beyond Z, or the digits of a row beyond 99,999."""
_VALUE_REF = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*?(/?)>')
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
        far = _FAR_REF.findall(data, start, end)
        if far:  # (a sheet beyond row 99,999 has a far reference in every cell: no Python per match)
            wide = {w for w, _, _ in far if w}
            cols = max(cols, max((_column_number(letters.decode("ascii")) for letters in wide), default=0))
            rows = max(rows, max(map(int, [digits or tall for _, digits, tall in far])))
        if rows <= max_rows and rows * cols <= max_cells:
            return None
        found = [(int(row), _column_number(col.decode("ascii")))
                 for col, row, empty in _VALUE_REF.findall(data, start, end) if not empty]
        rows, cols = max((r for r, _ in found), default=0), max((c for _, c in found), default=0)
    else:
        rows, cols = _walk_extent(data)
    return (rows, cols) if rows > max_rows or rows * cols > max_cells else None


def _walk_extent(data: bytes) -> tuple[int, int]:
    """Last row and column of the cells with a value (a child or text: not ``<c r="XFD9"/>``),
    each placed the way a reader places it (see :func:`_rows`)."""
    rows = cols = 0
    for row, _row, cells in _rows(data, inner="{*}c"):
        col = 0
        for cell in cells:
            cell_row, cell_col = _split_ref((cell.get("r") or "").strip())
            cell_row, col = (cell_row, cell_col) if cell_row else (row, col + 1)
            if len(cell) or (cell.text or "").strip():
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
    """(sheet name, worksheet part) pairs, from the package and workbook relationships."""
    import posixpath

    from lxml import etree

    safe = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                           remove_comments=True, remove_pis=True)

    def parse(part: str) -> Any:
        return etree.fromstring(archive.read(part), safe)

    rels = parse("_rels/.rels")
    target = next((r.get("Target", "") for r in rels if r.get("Type", "").endswith("/officeDocument")),
                  "xl/workbook.xml").lstrip("/")
    folder = posixpath.dirname(target)
    book = parse(target)
    rel_part = posixpath.join(folder, "_rels", posixpath.basename(target) + ".rels")
    targets = {r.get("Id"): r.get("Target", "") for r in parse(rel_part)}
    found = []
    for sheet in book.iter(f"{{{_NS_MAIN}}}sheet"):
        ref = targets.get(sheet.get(f"{{{_NS_DOC_REL}}}id"))
        if ref:
            path = ref.lstrip("/") if ref.startswith("/") else posixpath.normpath(posixpath.join(folder, ref))
            found.append((sheet.get("name", ""), path))
    return found


def scan_xml(data: bytes) -> SheetMarks:
    """Hidden rows, uncached formulas and error values in one worksheet's XML.

    Only rows and formulas produce Python work (plus, on a sheet holding error values, one
    compiled XPath per row, in C): ordinary cells cost none.
    """
    hidden: set[int] = set()
    uncached: dict[tuple[int, int], str] = {}
    errors: dict[tuple[int, int], str] = {}
    marked_cells = _marked_cells() if b't="e"' in data else None
    for row, element, formulas in _rows(data, inner="{*}f"):
        if element.get("hidden") in ("1", "true"):
            hidden.add(row)
        cells = marked_cells(element) if marked_cells else [f.getparent() for f in formulas]
        for cell in cells:
            formula = value = None
            for child in cell:
                name = _local_name(child)
                if name == "f":
                    formula = child.text or ""
                elif name == "v":
                    value = child.text or ""
            position = _position(cell, row)
            if formula is not None and not value:
                uncached[position] = formula
            if cell.get("t") == "e":
                errors[position] = value or "#N/A"
    return SheetMarks(hidden_rows=frozenset(hidden), uncached=uncached, errors=errors)


def _rows(data: bytes, *, inner: str) -> Iterator[tuple[int, Any, list[Any]]]:
    """``(row number, row element, its `inner` elements)`` for each row of a worksheet, once the
    row is read completely, in order; each row is freed after the caller is done with it.

    Streamed with lxml's ``iterparse``, so a large sheet never sits in memory as a tree.
    Entities are not resolved, no DTD is loaded and nothing is fetched from the network (a
    worksheet with a DTD never gets here: :func:`sitrep.intake.container.check_xlsx` refuses it;
    libxml2 also stops entity amplification). Elements are matched by local name, so prefixed
    or strict-OOXML worksheets read the same. A row without a usable number follows the
    previous one, as readers place it.
    """
    from lxml import etree

    row = 0
    found: list[Any] = []
    for _, element in etree.iterparse(
            io.BytesIO(data), events=("end",), tag=("{*}row", inner), resolve_entities=False, load_dtd=False,
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True):
        if _local_name(element) != "row":
            found.append(element)
            continue
        number = (element.get("r") or "").strip()
        row = int(number) if number.isdigit() else row + 1
        yield row, element, found
        found = []
        element.clear(keep_tail=False)
        while element.getprevious() is not None:  # rows already read
            del element.getparent()[0]


@cache
def _marked_cells() -> Any:
    """A compiled XPath: the cells of a row holding a formula or an error value."""
    from lxml import etree

    return etree.XPath("*[local-name()='c'][*[local-name()='f'] or @t='e']")


def _position(cell: Any, row: int) -> tuple[int, int]:
    """(row, column) of a cell: its reference, else one after the previous cell, as readers do."""
    cell_row, col = _split_ref((cell.get("r") or "").strip())
    if cell_row:
        return cell_row, col
    previous = cell.getprevious()
    while previous is not None:  # back to the last cell with a reference (rare: Excel writes them all)
        _, col = _split_ref((previous.get("r") or "").strip())
        if col:
            break
        previous = previous.getprevious()
    return row, col + cell.getparent().index(cell) - (cell.getparent().index(previous) if col else -1)


def _local_name(element: Any) -> str:
    tag: str = element.tag
    return tag.rpartition("}")[2]
