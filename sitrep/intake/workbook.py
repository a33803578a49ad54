"""A workbook read in three steps, so that several files are read at once on two cores.

python-calamine parses a sheet's XML in Rust without holding Python's lock (two 30,000-row
sheets in two threads: 0.39 s against 0.70 s one after the other), while sitrep's own work on a
workbook (the size and mark checks of its XML before calamine lays a sheet out, then locating
the columns of every row) is Python. :func:`sitrep.intake.files.read_intake_files` therefore
checks a file (:meth:`OpenedWorkbook.__init__`, this thread), has calamine parse it in a
thread (:meth:`OpenedWorkbook.load`) while this thread finishes the file before it
(:meth:`OpenedWorkbook.finish`). A sheet is still measured before calamine lays it out, and
every finding comes out in the order a one-file-at-a-time read gives.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitrep.codes import E_FILE_CORRUPT, E_FILE_XLS, E_SHEET_TOO_LARGE, E_TOO_MANY_ROWS
from sitrep.errors import Finding, Findings, IntakeError, Position
from sitrep.intake.container import encrypted
from sitrep.intake.header import MergedRange
from sitrep.intake.limits import Limits
from sitrep.intake.reader import (
    IGNORED_SHEETS,
    XLSX_TEXT_CUT,
    RawSheet,
    _intake_sheets,
    locate_columns,
)
from sitrep.intake.schema import normalise_label
from sitrep.intake.sheetxml import SheetMarks, scan_sheet, sheet_extent, sheet_parts


class OpenedWorkbook:
    """One ``.xlsx``/``.xlsm`` (``open_xml``), ``.xls`` or ``.ods`` workbook being read."""

    def __init__(self, path: Path, limits: Limits, *, open_xml: bool) -> None:
        """Open the workbook and check each sheet's XML (an ``.xlsx``): its size before it is laid
        out, its hidden rows, formulas without results and error values.

        Raises:
            IntakeError: the workbook cannot be opened (encrypted, corrupt, not a workbook).
        """
        self.path, self.limits, self.open_xml = path, limits, open_xml
        self.findings = Findings()
        self.marks: dict[str, SheetMarks] = {}
        self.to_load: list[str] = []
        self.loaded: list[tuple[str, Any]] = []
        self.failure: BaseException | None = None
        with self._mapped():
            from python_calamine import CalamineWorkbook

            self.book = CalamineWorkbook.from_path(str(path))
            self.names = list(self.book.sheet_names)
            wanted = [n for n in self.names if normalise_label(n) not in IGNORED_SHEETS]
            if not open_xml:
                self.to_load = wanted
                return
            with zipfile.ZipFile(path) as archive:
                parts = sheet_parts(archive)
                for name in wanted:
                    data = archive.read(parts[name])
                    too_large = sheet_extent(data, max_rows=limits.max_rows, max_cells=limits.max_cells)
                    if too_large:
                        self.findings.add(_sheet_too_large(path.name, name, *too_large, limits))
                        continue
                    self.marks[name] = scan_sheet(data)
                    del data
                    self.to_load.append(name)

    def load(self) -> None:
        """Have calamine parse the sheets that passed the checks (in any thread; a failure is
        kept for :meth:`finish`, which reports it)."""
        try:
            self.loaded = [(name, self.book.get_sheet_by_name(name)) for name in self.to_load]
        except BaseException as exc:  # noqa: BLE001 - a Rust panic on a hostile file is a BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            self.failure = exc

    def finish(self) -> tuple[list[RawSheet], Findings]:
        """The sheets with their columns located, and what was found (in this thread).

        Raises:
            IntakeError: calamine could not read a sheet, or no sheet is an intake sheet.
        """
        path, limits, findings = self.path, self.limits, self.findings
        grids: dict[str, Sequence[Sequence[object]]] = {}
        merged: dict[str, list[MergedRange]] = {}
        with self._mapped():
            if self.failure is not None:
                raise self.failure
            for name, sheet in self.loaded:
                if not self.open_xml and sheet.total_height > limits.max_rows:
                    findings.add(_sheet_too_large(path.name, name, sheet.total_height, sheet.total_width, limits))
                    continue
                grids[name] = sheet.to_python(skip_empty_area=False)
                merged[name] = list(sheet.merged_cell_ranges or [])
            self.loaded = []
        specs = _intake_sheets(path.name, self.names, grids, findings)
        located = []
        for name, spec in specs.items():
            raw = locate_columns(path.name, name, spec, grids[name], findings, merged=merged[name],
                                 marks=self.marks.get(name),
                                 max_cell_chars=min(limits.max_cell_chars, XLSX_TEXT_CUT - 1))
            if raw is not None:
                located.append(raw)
        return located, findings

    @contextlib.contextmanager
    def _mapped(self) -> Any:
        """Library failures as the finding that says what to do (IntakeError passes as it is)."""
        from python_calamine import PasswordError

        try:
            yield
        except IntakeError:
            raise
        except PasswordError as exc:
            raise IntakeError(encrypted(Position(file=self.path.name))) from exc
        except BaseException as exc:  # a library failing on a hostile file, including a Rust panic
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            raise IntakeError(_unreadable(self.path, exc)) from exc


def _unreadable(path: Path, exc: BaseException) -> Finding:
    pos = Position(file=path.name)
    if path.suffix.lower() == ".xls":
        with path.open("rb") as fh:
            head = fh.read(512).lstrip().lower()
        if head.startswith((b"<", b"\xef\xbb\xbf<")):
            return E_FILE_XLS("the .xls file is a web page (HTML) saved under an Excel name, not a workbook",
                              hint="open it in Excel and 'Save As' Excel Workbook (.xlsx)", position=pos)
        if zipfile.is_zipfile(path):
            return E_FILE_XLS("the file is named .xls but holds a newer .xlsx workbook",
                              hint="rename it to .xlsx", position=pos)
    return E_FILE_CORRUPT(f"the workbook could not be read ({type(exc).__name__}: {exc})",
                          hint="open it in Excel, check it, and save it again as .xlsx", position=pos)


def _sheet_too_large(file: str, sheet: str, rows: int, columns: int, limits: Limits) -> Finding:
    where = Position(file=file, sheet=sheet)
    hint = "delete the rows and columns beyond the data (select them, right-click › Delete) and save"
    if rows > limits.max_rows:
        return E_TOO_MANY_ROWS(f"the sheet runs to row {rows:,}; sitrep reads at most "
                               f"{limits.max_rows:,} rows per sheet, so the sheet was not read",
                               hint=hint + ", or split the rows over several workbooks", position=where)
    return E_SHEET_TOO_LARGE(f"the sheet's cells span {rows:,} rows × {columns:,} columns "
                             f"({rows * columns:,} cells); sitrep reads at most {limits.max_cells:,}, so the sheet "
                             "was not read", hint=hint, position=where)
