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
from typing import Any

from sitrep.codes import (
    E_CELL_TOO_LONG,
    E_CSV_ENCODING,
    E_CSV_KIND,
    E_FILE_CORRUPT,
    E_FILE_NOT_CSV,
    E_FILE_TOO_LARGE,
    E_FILE_TYPE,
    E_FILE_XLS,
    E_MISSING_COLUMN,
    E_NO_HEADER,
    E_NO_INTAKE_SHEET,
    E_SHEET_NAME,
    E_SHEET_TOO_LARGE,
    E_TOO_MANY_ROWS,
    I_COLUMN_IGNORED,
    I_EXAMPLE_ROW,
    I_SHEET_IGNORED,
    W_CSV_ENCODING,
    W_HIDDEN_ROWS,
    W_LABEL_HASHTAG,
)
from sitrep.errors import Finding, Findings, IntakeError, Position, shown
from sitrep.intake.cells import CellValue, ExcelError, OverlongText, UncachedFormula
from sitrep.intake.container import OLE_MAGIC, check_xlsx, encrypted
from sitrep.intake.header import MergedRange, find_header, label_contradictions, spread_merged
from sitrep.intake.limits import DEFAULT_LIMITS, Limits, megabytes
from sitrep.intake.schema import (
    LANGUAGES,
    SHEETS,
    SheetSpec,
    closest_sheet_name,
    match_hashtag,
    match_label,
    normalise_label,
    spec_for_sheet_name,
    translate,
)
from sitrep.intake.sheetxml import SheetMarks, scan_sheet, sheet_extent, sheet_parts
from sitrep.intake.template_texts import EXAMPLE_MARKERS

HEADER_SCAN_ROWS = 10
"""How many rows from the top may hold the header label row and the hashtag row."""

XLSX_TEXT_CUT = 32_767
"""python-calamine cuts a longer text to this length without a word, so in an ``.xlsx`` a text of
this length may have been longer: it is refused like one over the limit."""

LISTS_SHEET = "Lists"
"""The hidden sheet of drop-down lists in the blank templates."""
IGNORED_SHEETS = frozenset({"readme", "read me", "notes", "help", normalise_label(LISTS_SHEET),
                            *(normalise_label(translate("Instructions", lang)) for lang in LANGUAGES)})


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
    language: str | None = None
    """Language of the header labels (en, fr, es, ar) when it can be told: it decides whether
    "1.234" is one thousand two hundred and thirty-four (fr, es) or a decimal (en, ar)."""

    def position(self, row: int | None = None, fld: str | None = None) -> Position:
        column = self.columns.get(fld) if fld else None
        return Position(file=self.file, sheet=self.sheet, row=row, column=column)


def read_intake(path: Path, limits: Limits | None = None) -> tuple[list[RawSheet], Findings]:
    """Read one intake file, within ``limits`` (default: :data:`~sitrep.intake.limits.DEFAULT_LIMITS`).

    Raises:
        IntakeError: the file cannot be opened as a workbook or CSV at all, or is refused as
            unsafe or too large (the finding says which and how to fix it).
    """
    limits = limits or DEFAULT_LIMITS
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, limits)
    if suffix == ".csv":
        return _read_csv(path, limits)
    pos = Position(file=path.name)
    if suffix == ".xls":
        renamed = zipfile.is_zipfile(path)
        raise IntakeError(E_FILE_XLS(
            "legacy .xls workbooks cannot be read" if not renamed
            else "the file is named .xls but holds a newer .xlsx workbook",
            hint="rename it to .xlsx" if renamed else "open it in Excel and 'Save As' Excel Workbook (.xlsx)",
            position=pos))
    raise IntakeError(E_FILE_TYPE(f"'{path.suffix or path.name}' is not an intake file type",
                            hint="use an .xlsx workbook or a .csv file", position=pos))


def _read_xlsx(path: Path, limits: Limits) -> tuple[list[RawSheet], Findings]:
    from python_calamine import CalamineWorkbook, PasswordError

    pos = Position(file=path.name)
    check_xlsx(path, limits)
    findings = Findings()
    grids: dict[str, Sequence[Sequence[object]]] = {}
    merged: dict[str, list[MergedRange]] = {}
    marks: dict[str, SheetMarks] = {}
    try:
        book = CalamineWorkbook.from_path(str(path))
        specs = _intake_sheets(path.name, list(book.sheet_names), findings)
        with zipfile.ZipFile(path) as archive:
            parts = sheet_parts(archive)
            for name in specs:
                data = archive.read(parts[name])
                too_large = sheet_extent(data, max_rows=limits.max_rows, max_cells=limits.max_cells)
                if too_large:
                    findings.add(_sheet_too_large(path.name, name, *too_large, limits))
                    continue
                marks[name] = scan_sheet(data)
                del data
                sheet = book.get_sheet_by_name(name)
                grids[name] = sheet.to_python(skip_empty_area=False)
                merged[name] = list(sheet.merged_cell_ranges or [])
    except IntakeError:
        raise
    except PasswordError as exc:
        raise IntakeError(encrypted(pos)) from exc
    except BaseException as exc:  # a library failing on a hostile file, including a Rust panic (BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise IntakeError(E_FILE_CORRUPT(f"the workbook could not be read ({type(exc).__name__}: {exc})",
                                hint="open it in Excel, check it, and save it again as .xlsx",
                                position=pos)) from exc
    located = []
    for name in grids:
        raw = locate_columns(path.name, name, specs[name], grids[name], findings, merged=merged[name],
                             marks=marks[name], max_cell_chars=min(limits.max_cell_chars, XLSX_TEXT_CUT - 1))
        if raw is not None:
            located.append(raw)
    return located, findings


def _sheet_too_large(file: str, sheet: str, rows: int, columns: int, limits: Limits) -> Finding:
    where = Position(file=file, sheet=sheet)
    hint = "delete the rows and columns beyond the data (select them, right-click › Delete) and save"
    if rows > limits.max_rows:
        return E_TOO_MANY_ROWS(f"the sheet runs to row {rows:,}; sitrep reads at most "
                     f"{limits.max_rows:,} rows per sheet, so the sheet was not read",
                     hint=hint + ", or split the rows over several workbooks", position=where)
    return E_SHEET_TOO_LARGE(f"the sheet's cells span {rows:,} rows × {columns:,} columns "
                 f"({rows * columns:,} cells); sitrep reads at most {limits.max_cells:,}, so the sheet was not read",
                 hint=hint, position=where)


def _intake_sheets(file: str, names: list[str], findings: Findings) -> dict[str, SheetSpec]:
    """The intake sheets of a workbook by name; other sheets become findings.

    A sheet whose name is close to an intake sheet's ("Casualty", "Casualites") would lose its
    rows without a word, so it is an error that names the right sheet name.
    """
    specs = {name: spec for name in names if (spec := spec_for_sheet_name(name)) is not None}
    present = {spec.name for spec in specs.values()}
    misnamed = []
    for name in names:
        if name in specs or normalise_label(name) in IGNORED_SHEETS:
            continue
        where = Position(file=file, sheet=name)
        close = closest_sheet_name(name)
        meant = spec_for_sheet_name(close) if close else None
        if close and meant and meant.name not in present:
            misnamed.append((name, close))
            findings.add(E_SHEET_NAME(f"sheet '{shown(name)}' is not read: its name is not an intake sheet name",
                               hint=f"rename the sheet '{close}'", position=where))
        else:
            findings.add(I_SHEET_IGNORED(f"sheet '{shown(name)}' is not an intake sheet and was not read",
                              hint=f"intake sheets are {', '.join(s.name for s in SHEETS)}", position=where))
    if not specs:
        renames = "; ".join(f"rename '{shown(name)}' to '{close}'" for name, close in misnamed[:5])
        raise IntakeError(E_NO_INTAKE_SHEET(
            f"none of the sheets ({shown(', '.join(names), 200)}) is an intake sheet",
            hint=renames or f"name the sheets {', '.join(s.name for s in SHEETS)}", position=Position(file=file)))
    return specs


_PLAIN = frozenset({int, float, bool, dt.date, dt.datetime})


def _clean(value: object, max_chars: int = DEFAULT_LIMITS.max_cell_chars) -> CellValue:
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > max_chars:
            return OverlongText(len(value), max_chars)
        return value if value.strip() else None
    if isinstance(value, (int, float, bool, dt.date, dt.datetime)):
        return value
    return str(value)


def locate_columns(file: str, sheet_name: str, spec: SheetSpec, grid: Sequence[Sequence[object]],
                   findings: Findings, *, merged: Sequence[MergedRange] = (),
                   marks: SheetMarks | None = None,
                   max_cell_chars: int = DEFAULT_LIMITS.max_cell_chars) -> RawSheet | None:
    """Find the header (hashtag row first, else label row) and collect the data rows.

    A text longer than ``max_cell_chars`` is kept as :class:`OverlongText`: never a header
    label, and an error at its cell when it sits in a data row."""
    top: list[list[CellValue]] = [[_clean(v, max_cell_chars) for v in row] for row in grid[:HEADER_SCAN_ROWS]]
    wide = spread_merged(top, merged)
    header = find_header(spec, top, wide)
    sheet_pos = Position(file=file, sheet=sheet_name)
    if header is None:
        findings.add(E_NO_HEADER(
            f"no header row found in the first {HEADER_SCAN_ROWS} rows",
            hint=f"the first row should hold column names such as "
                 f"{', '.join(c.label for c in spec.columns if c.required)} (or HXL hashtags)",
            position=sheet_pos))
        return None
    at = Position(file=file, sheet=sheet_name, row=header.row)
    for col_number, text in header.unknown:
        findings.add(I_COLUMN_IGNORED(f"column '{shown(text)}' is not an intake column and was not read",
                          position=Position(file=file, sheet=sheet_name, row=header.row, column=col_number)))
    for col_number, label, tag in label_contradictions(top, header):
        findings.add(W_LABEL_HASHTAG(
            f"the label '{shown(label)}' does not match the hashtag {shown(tag)} below it",
            hint="check which figure the column holds, then correct the label or the hashtag "
                 "(+f women, +m men, +children, +adults, +hh households)",
            position=Position(file=file, sheet=sheet_name, row=header.label_row, column=col_number)))
    missing = [c for c in spec.columns if c.required and c.field not in header.columns]
    for col in missing:
        findings.add(E_MISSING_COLUMN(
            f"the required column '{col.label}' ({col.tag}) is missing",
            hint=f"add a column headed '{col.label}'" + (" with the hashtag " + col.tag if header.by_hashtag else ""),
            position=at))
    sheet = RawSheet(file=file, sheet=sheet_name, spec=spec, columns=header.columns, by_hashtag=header.by_hashtag,
                     missing=tuple(c.label for c in missing), language=header.language)
    uncached = marks.uncached if marks else {}
    failed = marks.errors if marks else {}
    columns = list(header.columns.items())
    indexed = [(f, c - 1) for f, c in columns]
    for index in range(header.row, len(grid)):
        raw = grid[index]
        number = index + 1
        width = len(raw)
        values: dict[str, CellValue] = {}
        for f, i in indexed:
            v: Any = raw[i] if i < width else None  # checked by class below (the hot loop of large sheets)
            cls = v.__class__
            if cls is str:
                if len(v) > max_cell_chars:
                    v = OverlongText(len(v), max_cell_chars)
                elif not v or v.isspace():
                    v = None
            elif v is not None and cls not in _PLAIN:
                v = _clean(v, max_cell_chars)
            values[f] = v
        if uncached:
            values.update({f: UncachedFormula(uncached[(number, c)]) for f, c in columns if (number, c) in uncached})
        if failed:
            values.update({f: ExcelError(failed[(number, c)]) for f, c in columns if (number, c) in failed})
        if all(v is None for v in values.values()):
            continue
        if number == header.row + 1 and not header.by_hashtag and _is_example(values):
            findings.add(I_EXAMPLE_ROW("the template's example row was skipped",
                              position=Position(file=file, sheet=sheet_name, row=number)))
            continue
        sheet.rows.append(RawRow(number=number, values=values))
    if marks and marks.hidden_rows:
        _report_hidden(sheet, marks.hidden_rows, findings)
    return sheet


def _is_example(values: dict[str, CellValue]) -> bool:
    """The blank templates' greyed example row says so in its text ("Example: …"); this matters
    only when the hashtag row, which normally keeps the example out of the data, was deleted."""
    return any(isinstance(v, str) and v.strip().startswith(EXAMPLE_MARKERS) for v in values.values())


def _report_hidden(sheet: RawSheet, hidden: frozenset[int], findings: Findings) -> None:
    """One warning per run of hidden rows that hold data: they are read, but nobody sees them."""
    rows = [r.number for r in sheet.rows if r.number in hidden]
    runs: list[list[int]] = []
    for number in rows:
        if runs and all(n in hidden for n in range(runs[-1][-1] + 1, number)):
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        span = f"row {run[0]} is" if len(run) == 1 else f"rows {run[0]}–{run[-1]} are"
        findings.add(W_HIDDEN_ROWS(
            f"{span} hidden in Excel; the figures in them were read and counted",
            hint="unhide the rows (select around them, right-click › Unhide) and delete any that should not count",
            position=sheet.position(run[0])))


def _decode_csv(path: Path, limits: Limits) -> tuple[str, Findings]:
    findings = Findings()
    with path.open("rb") as fh:
        data = fh.read(limits.max_unpacked_bytes + 1)
    if len(data) > limits.max_unpacked_bytes:
        raise IntakeError(E_FILE_TOO_LARGE(f"the CSV is larger than {megabytes(limits.max_unpacked_bytes)}, "
                                "the most sitrep reads", hint="split the rows over several files",
                                position=Position(file=path.name)))
    if data.startswith(OLE_MAGIC) or data.startswith(b"PK\x03\x04"):
        raise IntakeError(E_FILE_NOT_CSV("the file is a workbook saved with a .csv name",
                                hint="rename it to .xlsx, or export it again as CSV",
                                position=Position(file=path.name)))
    try:
        return data.decode("utf-8-sig"), findings
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data)
    if encoding is None:
        raise IntakeError(E_CSV_ENCODING("the CSV text encoding could not be recognised",
                                hint="save it from Excel as 'CSV UTF-8 (Comma delimited)'",
                                position=Position(file=path.name)))
    findings.add(W_CSV_ENCODING(f"the CSV is not UTF-8; it was read as {encoding}",
                         hint="save CSV files as 'CSV UTF-8' so every script survives",
                         position=Position(file=path.name)))
    return data.decode(encoding), findings


def _legacy_encoding(data: bytes) -> str | None:
    """Windows-1256 (Arabic) or Windows-1252 (Western European), the two code pages partners'
    Excel saves CSV in. Both decode almost any bytes, so charset-normalizer judges which reading
    is real text ("Niños", not "Niٌos")."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is not None:
        return str(best.encoding)
    for encoding in LEGACY_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


LEGACY_ENCODINGS = ("cp1256", "cp1252")


def _read_csv(path: Path, limits: Limits) -> tuple[list[RawSheet], Findings]:
    text, findings = _decode_csv(path, limits)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    grid = _csv_rows(path.name, text, delimiter, limits)
    spec = _guess_csv_spec(path, grid[:HEADER_SCAN_ROWS])
    if spec is None:
        raise IntakeError(E_CSV_KIND(
            "cannot tell which intake sheet this CSV holds",
            hint="name the file after the sheet (e.g. casualties.csv) or add the HXL hashtag row",
            position=Position(file=path.name)))
    sheet = locate_columns(path.name, spec.name, spec, grid, findings, max_cell_chars=limits.max_cell_chars)
    return ([sheet] if sheet else []), findings


def _csv_rows(file: str, text: str, delimiter: str, limits: Limits) -> list[list[str]]:
    """The CSV's rows, refused as a whole beyond ``limits.max_rows`` rows or when a field is too
    long even for the csv module (far beyond an Excel cell: the file is not a table)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > limits.max_rows:
                raise IntakeError(E_TOO_MANY_ROWS(
                    f"the CSV has more than {limits.max_rows:,} rows, the most sitrep reads",
                    hint="split the rows over several files", position=Position(file=file)))
    except csv.Error as exc:
        raise IntakeError(E_CELL_TOO_LONG(
            f"a field on line {reader.line_num} cannot be read ({exc})",
            hint=f"cells hold at most {limits.max_cell_chars:,} characters; check the quotes on that line "
                 "(a quote left open swallows the rest of the file)",
            position=Position(file=file, row=reader.line_num))) from exc
    return rows


def _guess_csv_spec(path: Path, top: list[list[str]]) -> SheetSpec | None:
    stem = normalise_label(path.stem)
    words = stem.split()
    named = [s for s in SHEETS if any(normalise_label(s.name_in(lang)) in words for lang in LANGUAGES)]
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
