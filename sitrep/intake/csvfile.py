"""Reading a CSV file: its text encoding, its delimiter, its rows, and which kind it holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sitrep.codes import (
    E_CELL_TOO_LONG,
    E_CSV_ENCODING,
    E_CSV_KIND,
    E_FILE_NOT_CSV,
    E_FILE_TOO_LARGE,
    E_TOO_MANY_ROWS,
    W_CSV_ENCODING,
)
from sitrep.errors import Findings, IntakeError, Position
from sitrep.intake.cells import CellValue
from sitrep.intake.container import OLE_MAGIC
from sitrep.intake.detect import guess_spec, spec_named_in
from sitrep.intake.limits import Limits, megabytes
from sitrep.intake.reader import HEADER_SCAN_ROWS, RawSheet, locate_columns

__all__ = ["LEGACY_ENCODINGS", "csv_grid", "read_csv"]


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


def read_csv(path: Path, limits: Limits) -> tuple[list[RawSheet], Findings]:
    grid, findings = _grid(path, limits)
    top: list[list[CellValue]] = [list(row) for row in grid[:HEADER_SCAN_ROWS]]
    spec, close = guess_spec(top)
    spec = spec_named_in(path.stem) or spec
    if spec is None:
        near = (f"; it comes closest to {close.spec.name}, which needs {', '.join(close.missing)}"
                if close is not None else "")
        raise IntakeError(E_CSV_KIND(
            f"cannot tell which intake sheet this CSV holds{near}",
            hint="add the missing columns or the HXL hashtag row, or name the file after the sheet "
                 "(e.g. casualties.csv)", position=Position(file=path.name)))
    sheet = locate_columns(path.name, spec.name, spec, grid, findings, max_cell_chars=limits.max_cell_chars)
    return ([sheet] if sheet else []), findings


def _grid(path: Path, limits: Limits) -> tuple[list[list[str]], Findings]:
    text, findings = _decode_csv(path, limits)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return _csv_rows(path.name, text, delimiter, limits), findings


def csv_grid(path: Path, limits: Limits) -> list[list[str]]:
    """The CSV's cells as :func:`read_csv` reads them: row ``n`` of the list is row ``n + 1`` of the
    findings' positions (the annotated copy of a CSV is built from it)."""
    return _grid(path, limits)[0]


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
