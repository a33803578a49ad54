"""Writing one annotated copy with openpyxl: fills and notes on the finding cells, a first sheet
listing the findings and the merge decisions, and what the copy could not keep.

The partner's workbook is loaded in full (formulas, styles, data validation, frozen panes and
conditional formats are kept by openpyxl) and saved as a new file; the original is only read. A
CSV becomes a workbook with one sheet named as its findings name it, one row per CSV record, so
every position (``Casualties!D7``) points at the same cell in the copy.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from sitrep.errors import Severity, column_letter
from sitrep.feedback.texts import Texts
from sitrep.intake.reader import FINDINGS_SHEET
from sitrep.kinds.columns import normalise_label, translate

FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C"}
"""Cell fills by severity: Excel's own light red and amber ("Bad" and "Neutral" cell styles)."""
FIXED_TIME = dt.datetime(2024, 1, 1)
"""Document date of a copy made from a CSV (a CSV has none): same inputs, same bytes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark:
    """One finding as the copy shows it: where, how bad, and its texts in the partner's language."""

    severity: Severity
    sheet: str | None
    row: int | None
    column: int | None
    """The cell the note goes on (None: the finding is about the sheet or the file)."""
    code: str
    title: str
    details: str
    action: str
    column_label: str = ""
    whole_row: bool = False
    """The finding is about the row: its note goes on the row's first read column."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """A merge decision against one of the partner's rows, in the partner's language."""

    sheet: str
    row: int
    column: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Copy:
    """The annotated copy's bytes and the parts of the original it could not keep."""

    data: bytes
    lost: tuple[str, ...]
    """Names (in English) of what the copy lacks: ``2 charts``, ``Data Validation extension``."""


def open_source(path: Path, csv_rows: Sequence[Sequence[str]] | None, csv_sheet: str) -> tuple[Any, list[str]]:
    """The workbook to annotate and openpyxl's warnings about what it drops while loading."""
    if csv_rows is not None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = csv_sheet[:31]
        for values in csv_rows:
            ws.append(list(values))
        widths: dict[int, int] = {}
        for cell in (c for row in ws.iter_rows() for c in row):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # what the partner typed, never a formula
                widths[cell.column] = max(widths.get(cell.column, 8), min(40, len(cell.value) + 2))
        for column, width in widths.items():  # a CSV has no widths: wide enough for what it holds
            ws.column_dimensions[column_letter(column)].width = width
        wb.properties.created = wb.properties.modified = FIXED_TIME
        return wb, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
    return wb, [str(w.message) for w in caught]


def cell_value(ws: Worksheet, row: int, column: int) -> str:
    value = ws.cell(row=row, column=column).value
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return "" if value is None else str(value)


def label_row(ws: Worksheet, header_row: int | None, labels: frozenset[str]) -> int | None:
    """The row of the column labels: of the rows down to the header, the one with most cells that
    are known labels (a template's example row lies between labels and hashtags); else the row
    above a hashtag header, else the header itself."""
    if not header_row:
        return None
    best, score = None, 0
    for row in range(1, header_row + 1):
        found = sum(1 for c in ws[row] if isinstance(c.value, str) and normalise_label(c.value) in labels)
        if found > score:
            best, score = row, found
    if best is not None:
        return best
    first = next((c.value for c in ws[header_row] if isinstance(c.value, str) and c.value.strip()), "")
    return header_row - 1 if str(first).startswith("#") and header_row > 1 else header_row


def header_label(ws: Worksheet, row: int | None, column: int) -> str:
    """The column's label as the partner's sheet shows it (row from :func:`label_row`)."""
    text = cell_value(ws, row, column).strip() if row else ""
    return "" if text.startswith("#") else text


def annotate(wb: Any, marks: Sequence[Mark], decisions: Sequence[Decision], texts: Texts, *, file: str,
             lost: Sequence[str]) -> None:
    """Fill and note each mark's cell, and add the Findings sheet first."""
    by_cell: dict[tuple[str, int, int], list[Mark]] = {}
    for mark in marks:
        if mark.sheet is not None and mark.sheet in wb.sheetnames and mark.row and mark.column:
            ws = wb[mark.sheet]
            row, column = _top_left(ws, mark.row, mark.column)
            by_cell.setdefault((mark.sheet, row, column), []).append(mark)
    for (sheet, row, column), here in by_cell.items():
        cell = wb[sheet].cell(row=row, column=column)
        worst = min(here, key=lambda m: m.severity != Severity.ERROR).severity
        cell.fill = PatternFill(fill_type="solid", start_color=FILLS[worst], end_color=FILLS[worst])
        text = "\n\n".join(_note(m, texts) for m in here)
        if cell.comment is not None and cell.comment.author != "sitrep":
            text += "\n\n— " + cell.comment.text  # the partner's own note stays, below ours
        lines = sum(1 + len(part) // 45 for part in text.split("\n"))
        cell.comment = Comment(text, "sitrep", width=320, height=min(600, 20 + 15 * lines))
    _findings_sheet(wb, marks, decisions, texts, file=file, lost=lost, anchors=by_cell)


def _top_left(ws: Worksheet, row: int, column: int) -> tuple[int, int]:
    """A cell inside a merged range takes no note: its range's top-left cell does."""
    if not isinstance(ws.cell(row=row, column=column), MergedCell):
        return row, column
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= column <= rng.max_col:
            return rng.min_row, rng.min_col
    return row, column


def _note(mark: Mark, texts: Texts) -> str:
    severity = texts("Error") if mark.severity is Severity.ERROR else texts("Warning")
    lines = [f"{severity}: {mark.title} ({mark.code})"]
    if mark.column_label:
        lines.append(f"{texts('Column')}: {mark.column_label}")
    lines.append(f"{texts('Details') if texts.language == 'en' else texts('Details (in English)')}: {mark.details}")
    lines.append(f"{texts('What to do')}: {mark.action}")
    return "\n".join(lines)


_HEADING = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_LTR_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left", readingOrder=1)
"""The English details in a right-to-left sheet read left to right."""


def _findings_sheet(wb: Any, marks: Sequence[Mark], decisions: Sequence[Decision], texts: Texts, *, file: str,
                    lost: Sequence[str], anchors: dict[tuple[str, int, int], list[Mark]]) -> None:
    title = translate(FINDINGS_SHEET, texts.language)  # the intake vocabulary: a returned copy skips it
    if title in wb.sheetnames:
        title = f"{title} (sitrep)"
    ws = wb.create_sheet(title, 0)
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False  # two selected tabs would be a sheet group in Excel
    wb.active = 0
    ws.sheet_view.tabSelected = True
    ws.sheet_view.rightToLeft = texts.rtl
    errors = sum(1 for m in marks if m.severity is Severity.ERROR)
    _put(ws, 1, 1, texts("Findings for {file}", file=file), font=_HEADING)
    _put(ws, 2, 1, texts("{errors} errors, {warnings} warnings", errors=errors, warnings=len(marks) - errors))
    _put(ws, 3, 1, texts("Cells with an error are filled red, cells with a warning amber; each has a note "
                         "with the details."))
    _put(ws, 4, 1, texts("Rows with an error are not counted in the report until they are corrected."))
    row = 5
    if lost:
        _put(ws, row, 1, texts("This copy lacks parts of your workbook that could not be kept: {parts}. "
                               "Your original file still has them.", parts=", ".join(lost)), font=_BOLD)
        row += 1
    row += 1
    headings = ("#", "Severity", "Sheet", "Cell", "Column", "Value", "Problem", "Details", "What to do")
    for i, heading in enumerate(headings, start=1):
        label = heading if heading == "#" else texts(heading)
        if heading == "Details" and texts.language != "en":
            label = texts("Details (in English)")
        _put(ws, row, i, label, font=_BOLD)
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    top = row
    for n, mark in enumerate(marks, start=1):
        row += 1
        severity = texts("Error") if mark.severity is Severity.ERROR else texts("Warning")
        value = ""
        where = ""
        if mark.sheet in wb.sheetnames and mark.row:
            column = mark.column or 1
            source = wb[mark.sheet]
            if mark.column and not mark.whole_row:
                value = cell_value(source, *_top_left(source, mark.row, column))
            where = f"{column_letter(column)}{mark.row}"
        elif mark.sheet in wb.sheetnames:
            where = "A1"
        for i, text in enumerate((str(n), severity, mark.sheet or texts("the file"), where, mark.column_label,
                                  value, f"{mark.title} ({mark.code})", mark.details, mark.action), start=1):
            _put(ws, row, i, text)
        ws.cell(row=row, column=2).fill = PatternFill(fill_type="solid", start_color=FILLS[mark.severity],
                                                      end_color=FILLS[mark.severity])
        if where and mark.sheet:
            _link(ws, row, 4, mark.sheet, where if mark.row else "A1")
    headings_at: set[int] = set()
    decision_rows: set[int] = set()
    if decisions:
        row += 2
        _put(ws, row, 1, texts("Rows not used as you sent them"), font=_BOLD)
        headings_at.add(row)
        row += 1
        for column, heading in ((3, "Sheet"), (4, "Row"), (7, "Decision")):
            _put(ws, row, column, texts(heading), font=_BOLD)
        for decision in decisions:
            row += 1
            _put(ws, row, 3, decision.sheet)
            _put(ws, row, 4, str(decision.row))
            _put(ws, row, 7, decision.text)
            decision_rows.add(row)  # one line running over the empty column H (merging 20,000 ranges is slow)
            _link(ws, row, 4, decision.sheet, f"{column_letter(decision.column)}{decision.row}")
    widths = dict(zip("ABCDEFGHI", (5, 14, 16, 8, 22, 18, 34, 60, 48), strict=True))
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    for line in ws.iter_rows(min_row=top):
        if line[0].row in headings_at or line[0].row in decision_rows:
            continue  # a heading or a decision runs over the empty cells beside it, on one line
        lines = 1
        for cell in line:
            letter = column_letter(cell.column)
            cell.alignment = _LTR_WRAP if texts.rtl and letter == "H" else _WRAP
            if isinstance(cell.value, str):
                lines = max(lines, sum(1 + len(part) // widths[letter] for part in cell.value.split("\n")))
        if lines > 1:  # LibreOffice keeps the stored height of a row when it opens an .xlsx: make room
            ws.row_dimensions[line[0].row].height = 14 * lines


def _put(ws: Worksheet, row: int, column: int, text: str, *, font: Font | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # messages quote cells the partner typed: "=1+1" stays text
    if font is not None:
        cell.font = font


def _link(ws: Worksheet, row: int, column: int, sheet: str, target: str) -> None:
    cell = ws.cell(row=row, column=column)
    quoted = "'" + sheet.replace("'", "''") + "'"
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quoted}!{target}", display=str(cell.value))
    cell.font = Font(color="FF0563C1", underline="single")


_PART_KINDS = (
    ("chart", re.compile(r"xl/charts/chart\d+\.xml$")),
    ("image", re.compile(r"xl/media/")),
    ("pivot", re.compile(r"xl/pivotTables/")),
    ("slicer", re.compile(r"xl/slicers/")),
    ("threaded", re.compile(r"xl/threadedComments/")),
    ("macro", re.compile(r"xl/vbaProject\.bin$")),
)
_SHAPE = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)\b")


def package_parts(data: bytes) -> Counter[str]:
    """What a workbook package holds that openpyxl may drop: charts, images, pivot tables,
    slicers, threaded comments, macros and drawn shapes, counted."""
    counts: Counter[str] = Counter()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                for kind, pattern in _PART_KINDS:
                    if pattern.match(name):
                        counts[kind] += 1
                if name.startswith("xl/drawings/") and name.endswith(".xml"):
                    counts["drawing"] += len(_SHAPE.findall(archive.read(name)))
    except zipfile.BadZipFile:
        pass
    return counts


def workbook_bytes(wb: Any, stamp: dt.datetime) -> bytes:
    """The workbook's bytes with ``stamp`` as its modification date and the zip entries' times:
    the same inputs give the same bytes."""
    from openpyxl.xml.functions import tostring

    buffer = io.BytesIO()
    wb.save(buffer)
    wb.properties.modified = stamp  # save() set it to now: write the core properties again
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    when = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = core if item.filename == "docProps/core.xml" else src.read(item.filename)
            entry = zipfile.ZipInfo(item.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()
