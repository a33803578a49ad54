"""Read intake files (``.xlsx``, ``.csv``) into raw sheets with located columns.

Nothing is interpreted here beyond finding the sheets and the columns: values stay as the
file holds them (text, numbers, dates), each tied to its Excel position, and the validate
stage decides what they mean. A file that cannot be read at all raises
:class:`~sitrep.errors.IntakeError` with the fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import Findings, IntakeError, Position, error, info, warning
from sitrep.intake.schema import (
    SHEETS,
    SheetSpec,
    match_hashtag,
    match_label,
    normalise_label,
    parse_hashtag,
)

CellValue = str | int | float | bool | dt.date | dt.datetime | None

HEADER_SCAN_ROWS = 10
"""How many rows from the top may hold the header label row and the hashtag row."""

IGNORED_SHEETS = frozenset({"instructions", "lists", "readme", "read me", "notes", "help"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its 1-based sheet row number and the cells of the mapped columns."""

    number: int
    values: dict[str, CellValue]
    """field -> raw cell value (None when empty)."""


@dataclass(slots=True, kw_only=True)
class RawSheet:
    """A sheet whose columns have been located."""

    file: str
    """File name shown in findings."""
    sheet: str
    """Sheet name as in the file (for a CSV: the sheet kind it was recognised as)."""
    spec: SheetSpec
    columns: dict[str, int]
    """field -> 1-based column number."""
    rows: list[RawRow] = field(default_factory=list)
    by_hashtag: bool = False
    missing: tuple[str, ...] = ()
    """Labels of required columns that were not found: no row of the sheet is usable."""

    def position(self, row: int | None = None, fld: str | None = None) -> Position:
        column = self.columns.get(fld) if fld else None
        return Position(file=self.file, sheet=self.sheet, row=row, column=column)


def read_intake(path: Path) -> tuple[list[RawSheet], Findings]:
    """Read one intake file.

    Raises:
        IntakeError: the file cannot be opened as a workbook or CSV at all.
    """
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    pos = Position(file=path.name)
    if suffix == ".xls":
        raise IntakeError(error("E-file-xls", "legacy .xls workbooks cannot be read",
                                hint="open it in Excel and 'Save As' Excel Workbook (.xlsx)",
                                position=pos))
    raise IntakeError(error("E-file-type", f"'{path.suffix or path.name}' is not an intake file type",
                            hint="use an .xlsx workbook or a .csv file", position=pos))


def _read_xlsx(path: Path) -> tuple[list[RawSheet], Findings]:
    from python_calamine import CalamineError, CalamineWorkbook

    pos = Position(file=path.name)
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise IntakeError(error("E-file-unreadable", f"cannot open the file: {exc.strerror}",
                                hint="check the path and that the file is not open elsewhere",
                                position=pos)) from exc
    if head.startswith(OLE_MAGIC):
        raise IntakeError(error(
            "E-file-encrypted", "the workbook is password-protected or is an old .xls renamed to .xlsx",
            hint="remove the password (File › Info › Protect Workbook) or 'Save As' .xlsx", position=pos))
    if not zipfile.is_zipfile(path):
        raise IntakeError(error("E-file-not-xlsx", "the file is not an Excel workbook",
                                hint="export it from Excel as .xlsx, or save the data as .csv",
                                position=pos))
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        grids = {}
        findings = Findings()
        specs: dict[str, SheetSpec] = {}
        for name in names:
            spec = _spec_for_sheet_name(name)
            if spec is None:
                if normalise_label(name) not in IGNORED_SHEETS:
                    findings.add(info("I-sheet-ignored", f"sheet '{name}' is not an intake sheet and was not read",
                                      hint=f"intake sheets are {', '.join(s.name for s in SHEETS)}",
                                      position=Position(file=path.name, sheet=name)))
                continue
            specs[name] = spec
            grids[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, zipfile.BadZipFile) as exc:
        raise IntakeError(error("E-file-corrupt", f"the workbook could not be read ({exc})",
                                hint="open it in Excel, check it, and save it again as .xlsx",
                                position=pos)) from exc
    if not specs:
        raise IntakeError(error(
            "E-no-intake-sheet", f"none of the sheets ({', '.join(names)}) is an intake sheet",
            hint=f"name the sheets {', '.join(s.name for s in SHEETS)}", position=pos))
    sheets = []
    for name, spec in specs.items():
        sheet = locate_columns(path.name, name, spec, grids[name], findings)
        if sheet is not None:
            sheets.append(sheet)
    return sheets, findings


def _spec_for_sheet_name(name: str) -> SheetSpec | None:
    key = normalise_label(name)
    for spec in SHEETS:
        if normalise_label(spec.name) == key:
            return spec
    return None


def _clean(value: object) -> CellValue:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (int, float, bool, dt.date, dt.datetime)):
        return value
    return str(value)


def locate_columns(file: str, sheet_name: str, spec: SheetSpec, grid: Sequence[Sequence[object]],
                   findings: Findings) -> RawSheet | None:
    """Find the header (hashtag row first, else label row) and collect the data rows."""
    top = [[_clean(v) for v in row] for row in grid[:HEADER_SCAN_ROWS]]
    header_row, columns, by_hashtag, unknown = _find_header(spec, top)
    sheet_pos = Position(file=file, sheet=sheet_name)
    if header_row is None:
        findings.add(error(
            "E-no-header", f"no header row found in the first {HEADER_SCAN_ROWS} rows",
            hint=f"the first row should hold column names such as "
                 f"{', '.join(c.label for c in spec.columns if c.required)} (or HXL hashtags)",
            position=sheet_pos))
        return None
    for col_number, text in unknown:
        findings.add(info("I-column-ignored", f"column '{text}' is not an intake column and was not read",
                          position=Position(file=file, sheet=sheet_name, row=header_row,
                                            column=col_number)))
    missing = [c for c in spec.columns if c.required and c.field not in columns]
    for col in missing:
        findings.add(error(
            "E-missing-column", f"the required column '{col.label}' ({col.tag}) is missing",
            hint=f"add a column headed '{col.label}'" + (" with the hashtag " + col.tag if by_hashtag else ""),
            position=Position(file=file, sheet=sheet_name, row=header_row)))
    sheet = RawSheet(file=file, sheet=sheet_name, spec=spec, columns=columns, by_hashtag=by_hashtag,
                     missing=tuple(c.label for c in missing))
    for index in range(header_row, len(grid)):
        raw = grid[index]
        values = {f: _clean(raw[c - 1]) if c - 1 < len(raw) else None for f, c in columns.items()}
        if all(v is None for v in values.values()):
            continue
        sheet.rows.append(RawRow(number=index + 1, values=values))
    return sheet


def _find_header(spec: SheetSpec, top: list[list[CellValue]]
                 ) -> tuple[int | None, dict[str, int], bool, list[tuple[int, str]]]:
    """Return (1-based last header row, field -> column, found by hashtag?, unknown headers)."""
    for index, row in enumerate(top):
        texts = [(i + 1, v.strip()) for i, v in enumerate(row) if isinstance(v, str)]
        tags = [(i, t) for i, t in texts if parse_hashtag(t) is not None]
        if not tags or len(tags) * 2 < len(texts):
            continue
        columns: dict[str, int] = {}
        unknown = []
        for i, t in tags:
            tagged = match_hashtag(spec, t)
            if tagged is None or tagged.field in columns:
                unknown.append((i, t))
            else:
                columns[tagged.field] = i
        if columns:
            return index + 1, columns, True, unknown
    best: tuple[int, dict[str, int], list[tuple[int, str]]] | None = None
    for index, row in enumerate(top):
        columns = {}
        unknown = []
        for i, v in enumerate(row):
            if not isinstance(v, str):
                continue
            labelled = match_label(spec, v)
            if labelled is None or labelled.field in columns:
                unknown.append((i + 1, v.strip()))
            else:
                columns[labelled.field] = i + 1
        if len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (index + 1, columns, unknown)
    if best is None:
        return None, {}, False, []
    return best[0], best[1], False, best[2]


def _decode_csv(path: Path) -> tuple[str, Findings]:
    findings = Findings()
    data = path.read_bytes()
    if data.startswith(OLE_MAGIC) or data.startswith(b"PK\x03\x04"):
        raise IntakeError(error("E-file-not-csv", "the file is a workbook saved with a .csv name",
                                hint="rename it to .xlsx, or export it again as CSV",
                                position=Position(file=path.name)))
    try:
        return data.decode("utf-8-sig"), findings
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1256", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        findings.add(warning("W-csv-encoding", f"the CSV is not UTF-8; it was read as {encoding}",
                             hint="save CSV files as 'CSV UTF-8' so every script survives",
                             position=Position(file=path.name)))
        return text, findings
    raise IntakeError(error("E-csv-encoding", "the CSV text encoding could not be recognised",
                            hint="save it from Excel as 'CSV UTF-8 (Comma delimited)'",
                            position=Position(file=path.name)))


def _read_csv(path: Path) -> tuple[list[RawSheet], Findings]:
    text, findings = _decode_csv(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    spec = _guess_csv_spec(path, grid[:HEADER_SCAN_ROWS])
    if spec is None:
        raise IntakeError(error(
            "E-csv-kind", "cannot tell which intake sheet this CSV holds",
            hint="name the file after the sheet (e.g. casualties.csv) or add the HXL hashtag row",
            position=Position(file=path.name)))
    sheet = locate_columns(path.name, spec.name, spec, grid, findings)
    return ([sheet] if sheet else []), findings


def _guess_csv_spec(path: Path, top: list[list[str]]) -> SheetSpec | None:
    stem = normalise_label(path.stem)
    named = [s for s in SHEETS if normalise_label(s.name) in stem.split()]
    if len(named) == 1:
        return named[0]
    cells = [c for row in top for c in row if c and c.strip()]

    def score(spec: SheetSpec) -> int:
        required = {c.field for c in spec.columns if c.required}
        found = {col.field for c in cells
                 if (col := (match_hashtag(spec, c) or match_label(spec, c))) is not None}
        return len(found & required) * 10 + len(found) if required <= found else 0

    ranked = sorted(SHEETS, key=score, reverse=True)
    return ranked[0] if score(ranked[0]) > 0 else None
