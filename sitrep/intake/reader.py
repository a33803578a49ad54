"""Read intake files (``.xlsx``, ``.csv``) into raw sheets with located columns.

Nothing is interpreted here beyond finding the sheets and the columns: values stay as the
file holds them (text, numbers, dates), each tied to its Excel position, and the validate
stage decides what they mean. A file that cannot be read at all raises
:class:`~sitrep.errors.IntakeError` with the fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from sitrep.codes import (
    E_FILE_TOO_LARGE,
    E_FILE_TYPE,
    E_MISSING_COLUMN,
    E_NO_HEADER,
    E_NO_INTAKE_SHEET,
    E_NO_MEASURE_COLUMN,
    E_SHEET_NAME,
    I_COLUMN_IGNORED,
    I_EXAMPLE_ROW,
    I_SHEET_BY_CONTENT,
    I_SHEET_IGNORED,
    W_HIDDEN_ROWS,
    W_LABEL_HASHTAG,
    W_MERGED_FIGURE,
    W_SHEET_NOT_READ,
)
from sitrep.errors import Findings, IntakeError, Position, shown
from sitrep.intake.cells import CellValue, ExcelError, OverlongText, PlainValue, SumOf, UncachedFormula
from sitrep.intake.container import check_xlsx
from sitrep.intake.detect import guess_spec, looks_like_data
from sitrep.intake.header import MergedRange, find_header, label_contradictions, spread_merged
from sitrep.intake.limits import DEFAULT_LIMITS, Limits, megabytes
from sitrep.intake.schema import (
    LANGUAGES,
    SHEETS,
    Kind,
    SheetSpec,
    closest_sheet_name,
    normalise_label,
    spec_for_sheet_name,
    translate,
)
from sitrep.intake.sheetxml import SheetMarks
from sitrep.intake.tags import near_misses
from sitrep.intake.template_texts import EXAMPLE_MARKERS

HEADER_SCAN_ROWS = 25
"""How many rows from the top may hold the header label row and the hashtag row."""

XLSX_TEXT_CUT = 32_767
"""python-calamine cuts a longer text to this length without a word, so in an ``.xlsx`` a text of
this length may have been longer: it is refused like one over the limit."""

LISTS_SHEET = "Lists"
"""The hidden sheet of drop-down lists in the blank templates."""
FINDINGS_SHEET = "Findings"
"""The first sheet of an annotated copy (sitrep.feedback), in the copy's language: a partner who
corrects the copy and sends it back has it read like the original."""
IGNORED_SHEETS = frozenset({"readme", "read me", "notes", "help", normalise_label(LISTS_SHEET),
                            *(normalise_label(translate("Instructions", lang)) for lang in LANGUAGES),
                            *(normalise_label(translate(FINDINGS_SHEET, lang) + suffix) for lang in LANGUAGES
                              for suffix in ("", " (sitrep)"))})


@dataclass(slots=True)
class RawRow:
    """One data row: its 1-based sheet row number and the cells of the mapped columns.

    Not frozen: one is made per data row, and a frozen dataclass takes twice as long to make."""

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
    header_row: int | None = None
    """1-based row of the header (the hashtag row when there is one)."""
    summed: tuple[str, ...] = ()
    """Fields without a column of their own, added up from several (each row holds a SumOf)."""

    def position(self, row: int | None = None, fld: str | None = None) -> Position:
        column = self.columns.get(fld) if fld else None
        return Position(file=self.file, sheet=self.sheet, row=row, column=column)


class Opened(Protocol):
    """An intake file being read (:func:`open_intake`): :meth:`load` may run in another thread."""

    def load(self) -> None: ...
    def finish(self) -> tuple[list[RawSheet], Findings]: ...


@dataclass(slots=True)
class _Read:
    """A file read whole when it was opened (a CSV)."""

    result: tuple[list[RawSheet], Findings]

    def load(self) -> None:
        pass

    def finish(self) -> tuple[list[RawSheet], Findings]:
        return self.result


def read_intake(path: Path, limits: Limits | None = None) -> tuple[list[RawSheet], Findings]:
    """Read one intake file, within ``limits`` (default: :data:`~sitrep.intake.limits.DEFAULT_LIMITS`).

    ``.xlsx``/``.xlsm`` workbooks are checked part by part before they are opened (see
    :mod:`sitrep.intake.container`); ``.xls`` (Excel 97–2003) and ``.ods`` (LibreOffice) are read by
    python-calamine too, without the checks that need the Open XML parts (hidden rows, formulas).

    Raises:
        IntakeError: the file cannot be opened as a workbook or CSV at all, or is refused as
            unsafe or too large (the finding says which and how to fix it).
    """
    opened = open_intake(path, limits)
    opened.load()
    return opened.finish()


def open_intake(path: Path, limits: Limits | None = None) -> Opened:
    """:func:`read_intake` in steps: the checks now, calamine's parsing in :meth:`Opened.load`
    (which may run in another thread: see :mod:`sitrep.intake.workbook`), the rest in
    :meth:`Opened.finish`. Raises as :func:`read_intake` does, from any step."""
    from sitrep.intake.workbook import OpenedWorkbook  # (it builds on this module)

    limits = limits or DEFAULT_LIMITS
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_xlsx(path, limits)
        return OpenedWorkbook(path, limits, open_xml=True)
    if suffix in (".xls", ".ods"):
        if path.stat().st_size > limits.max_unpacked_bytes:
            raise IntakeError(E_FILE_TOO_LARGE(
                f"the file is larger than {megabytes(limits.max_unpacked_bytes)}, the most sitrep reads",
                hint="split the data into several workbooks", position=Position(file=path.name)))
        return OpenedWorkbook(path, limits, open_xml=False)
    if suffix == ".csv":
        from sitrep.intake.csvfile import read_csv

        return _Read(read_csv(path, limits))
    raise IntakeError(E_FILE_TYPE(f"'{path.suffix or path.name}' is not an intake file type",
                                  hint="use an .xlsx, .xls or .ods workbook or a .csv file",
                                  position=Position(file=path.name)))


def _intake_sheets(file: str, names: list[str], grids: dict[str, Sequence[Sequence[object]]],
                   findings: Findings) -> dict[str, SheetSpec]:
    """The sheets to read and the kind each holds: by name, else by what its header says.

    Every sheet whose header fits a kind is read, whatever its name, and two sheets of one kind
    are both read. A sheet that looks like data but fits no kind is a warning naming what it
    lacks; a name close to an intake sheet's ("Casualty") whose columns do not fit is an error.
    """
    specs: dict[str, SheetSpec] = {}
    misnamed: list[tuple[str, str]] = []
    by_name = {spec.name for name in names if (spec := spec_for_sheet_name(name)) is not None}
    for name in names:
        if name not in grids:
            continue  # an ignored sheet (Instructions, Lists), or too large (already reported)
        where = Position(file=file, sheet=name)
        top = [[_clean(v) for v in row] for row in grids[name][:HEADER_SCAN_ROWS]]
        named = spec_for_sheet_name(name)
        guessed, close = guess_spec(top) if named is None else (None, None)  # (a named sheet needs no guess)
        if named is not None:
            specs[name] = named
        elif guessed is not None:
            specs[name] = guessed
            findings.add(I_SHEET_BY_CONTENT(f"sheet '{shown(name)}' is read as {guessed.name}: its columns say so",
                                            position=where))
        elif (near := closest_sheet_name(name)) is not None and (
                (meant := spec_for_sheet_name(near)) is None or meant.name not in by_name):
            misnamed.append((name, near))
            findings.add(E_SHEET_NAME(f"sheet '{shown(name)}' is not read: its name is not an intake sheet name "
                                      "and its columns fit no intake sheet",
                                      hint=f"rename the sheet '{near}'", position=where))
        elif looks_like_data(top):
            lacks = (f"; it comes closest to {close.spec.name}, which also needs {', '.join(close.missing)}"
                     if close is not None else "")
            findings.add(W_SHEET_NOT_READ(f"sheet '{shown(name)}' looks like data but fits no intake sheet{lacks}",
                                          hint="add the missing columns (or HXL hashtags) and it will be read; "
                                               f"intake sheets are {', '.join(s.name for s in SHEETS)}",
                                          position=where))
        else:
            findings.add(I_SHEET_IGNORED(f"sheet '{shown(name)}' is not an intake sheet and was not read",
                                         hint=f"intake sheets are {', '.join(s.name for s in SHEETS)}",
                                         position=where))
    skipped = any(name not in grids and normalise_label(name) not in IGNORED_SHEETS for name in names)
    if not specs and not skipped:  # (a sheet skipped as too large has its own finding)
        renames = "; ".join(f"rename '{shown(name)}' to '{near}'" for name, near in misnamed[:5])
        raise IntakeError(E_NO_INTAKE_SHEET(
            f"none of the sheets ({shown(', '.join(names), 200)}) is an intake sheet",
            hint=renames or f"name the sheets {', '.join(s.name for s in SHEETS)}, or add an HXL hashtag row",
            position=Position(file=file)))
    return specs


_PLAIN = frozenset({int, float, bool, dt.date, dt.datetime})
_KEPT = _PLAIN | {type(None)}
"""Cell classes a data row keeps as they are (a text is checked: blank, too long)."""


def _taker(indexes: list[int]) -> Callable[[Sequence[object]], Sequence[object]]:
    """The cells at ``indexes`` of a row, as a sequence (``itemgetter`` returns a bare value for one)."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda row: (row[only],)
    if not indexes:
        return lambda row: ()
    return itemgetter(*indexes)


def _clean(value: object, max_chars: int = DEFAULT_LIMITS.max_cell_chars) -> PlainValue:
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
        if text.startswith("_"):
            continue  # KoboToolbox's own columns (_uuid, _index, _submission_time …)
        findings.add(I_COLUMN_IGNORED(f"column '{shown(text)}' is not an intake column and was not read",
                                      position=Position(file=file, sheet=sheet_name, row=header.row,
                                                        column=col_number)))
    for note in header.notes:
        findings.add(note.code(note.message, hint=note.hint,
                               position=Position(file=file, sheet=sheet_name, row=header.row, column=note.column)))
    for col_number, label, tag in label_contradictions(top, header):
        findings.add(W_LABEL_HASHTAG(
            f"the label '{shown(label)}' does not match the hashtag {shown(tag)} below it",
            hint="check which figure the column holds, then correct the label or the hashtag "
                 "(+f women, +m men, +children, +adults, +hh households)",
            position=Position(file=file, sheet=sheet_name, row=header.label_row, column=col_number)))
    missing = [c for c in spec.columns if c.required and c.field not in header.columns]
    header_cells = [(i + 1, v) for i, v in enumerate(top[header.row - 1]) if isinstance(v, str)]
    for col in missing:
        close = near_misses(col, header_cells) if header.by_hashtag else []
        findings.add(E_MISSING_COLUMN(
            f"the required column '{col.label}' ({col.pattern}) is missing" + (f": {close[0]}" if close else ""),
            hint=f"add a column headed '{col.label}'" + (" with the hashtag " + col.tag if header.by_hashtag else "")
                 + (" (or correct the hashtag named)" if close else ""),
            position=at))
    if spec.measures and not any(m in header.columns for m in spec.measures):  # issue 23: one figure is enough
        labels = [spec.column(m).label_in(header.language or "en") for m in spec.measures]
        near = [m for f in spec.measures for m in near_misses(spec.column(f), header_cells)
                if header.by_hashtag]
        findings.add(E_NO_MEASURE_COLUMN(
            f"the sheet has none of the figure columns {' or '.join(repr(x) for x in labels)}"
            + (f": {near[0]}" if near else ""),
            hint="add the column of each figure the partner reports (one is enough; blank cells mean not reported)"
                 + (", with its hashtag (" + ", ".join(spec.column(m).tag for m in spec.measures) + ")"
                    if header.by_hashtag else ""), position=at))
    sheet = RawSheet(file=file, sheet=sheet_name, spec=spec, columns=header.columns, by_hashtag=header.by_hashtag,
                     missing=spec.lacking(header.columns), language=header.language,
                     header_row=header.row, summed=tuple(header.sums))
    uncached = marks.uncached if marks else {}
    failed = marks.errors if marks else {}
    columns = list(header.columns.items())
    fields = [f for f, _ in columns]
    indexes = [c - 1 for _, c in columns]
    take = _taker(indexes)
    need = max(indexes, default=-1) + 1
    append = sheet.rows.append
    for index in range(header.row, len(grid)):
        raw = grid[index]
        number = index + 1
        # The hot loop of large sheets: the cells of the mapped columns taken at once (in C),
        # then each kept as it is when its class says it needs no cleaning.
        cells = take(raw) if len(raw) >= need else [raw[i] if i < len(raw) else None for i in indexes]
        found: list[Any] = [v if v.__class__ in _KEPT else _clean(v, max_cell_chars) for v in cells]
        values: dict[str, CellValue] = dict(zip(fields, found, strict=True))
        if uncached or failed or header.sums:
            if uncached:
                values.update({f: UncachedFormula(uncached[(number, c)]) for f, c in columns
                               if (number, c) in uncached})
            if failed:
                values.update({f: ExcelError(failed[(number, c)]) for f, c in columns if (number, c) in failed})
            width = len(raw)
            for f, parts in header.sums.items():
                values[f] = SumOf(tuple(_clean(raw[c - 1], max_cell_chars) if c <= width else None for c in parts))
            if all(v is None for v in values.values()):
                continue
        elif found.count(None) == len(found):
            continue
        if number == header.row + 1 and not header.by_hashtag and _is_example(values):
            findings.add(I_EXAMPLE_ROW("the template's example row was skipped",
                              position=Position(file=file, sheet=sheet_name, row=number)))
            continue
        append(RawRow(number, values))
    if marks and marks.hidden_rows:
        _report_hidden(sheet, marks.hidden_rows, findings)
    if merged:
        _report_merged_figures(sheet, merged, findings)
    return sheet


def _report_merged_figures(sheet: RawSheet, merged: Sequence[MergedRange], findings: Findings) -> None:
    """A figure cell merged down over data rows holds its figure in its first row only; the rows
    below read as blank, which means "not reported" (issue 23), so the partner is told."""
    figures = {c - 1: f for f, c in sheet.columns.items() if sheet.spec.column(f).kind is Kind.INT}
    first_data = sheet.header_row or 0  # 0-based index of the row below the header
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r0 < first_data:
            continue
        for column in (c for c in range(c0, c1 + 1) if c in figures):
            label = sheet.spec.column(figures[column]).label_in(sheet.language or "en")
            findings.add(W_MERGED_FIGURE(
                f"'{label}' is one cell merged over rows {r0 + 1}–{r1 + 1}: its figure is read in row {r0 + 1} "
                f"only, and rows {r0 + 2}–{r1 + 1} read as not reported",
                hint="unmerge the cells and type each row's figure (0 where there were none)",
                position=Position(file=sheet.file, sheet=sheet.sheet, row=r0 + 1, column=column + 1)))


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


