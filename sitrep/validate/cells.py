"""Each cell of a row read as its column's type: counts, dates, categories, text.

A cell that cannot be read gets a finding at its position and reads as None; the row builder of
the data kind then decides whether the row is usable.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from sitrep.codes import (
    E_CELL_TOO_LONG,
    E_EXCEL_ERROR,
    E_FORMULA_NO_VALUE,
    E_NEGATIVE,
    E_NOT_DATE,
    E_NOT_NUMBER,
    E_REQUIRED,
    E_UNKNOWN_CATEGORY,
    W_DATE_AMBIGUOUS,
    W_ESTIMATE,
)
from sitrep.errors import shown
from sitrep.intake import ExcelError, Kind, OverlongText, SumOf, UncachedFormula
from sitrep.intake.schema import Column
from sitrep.validate.coerce import MAX_COUNT, CoerceError, NegativeError, parse_count, parse_date, parse_text

if TYPE_CHECKING:
    from sitrep.validate.rows import Row

_INT, _DATE, _TEXT = Kind.INT, Kind.DATE, Kind.TEXT
_Date, _DateTime = dt.date, dt.datetime


ColumnPlan = tuple[tuple[str, Kind, bool, int | None, Column], ...]
"""Per column that a sheet has, in its spec's order: field, kind, required, longest text, the column."""


def plan_columns(columns: tuple[Column, ...], present: Collection[str]) -> tuple[dict[str, None], ColumnPlan]:
    """What :func:`coerce_columns` asks of each column, looked up once per sheet: every field set
    to None in the spec's order (the values of a row start as a copy of it), and the plan of the
    columns ``present`` in the sheet. A column the sheet lacks reads as None with no finding (a
    sheet that lacks a required column is set aside whole, before any row is checked)."""
    return (dict.fromkeys(col.field for col in columns),
            tuple((col.field, col.kind, col.required, col.max_length, col) for col in columns if col.field in present))


def coerce_columns(row: Row, plan: ColumnPlan) -> None:
    """Fill ``row.values`` (every field already None, in the order of the sheet's spec) with the
    value of each column of ``plan`` (None where empty or unreadable).

    The cells most rows hold (a whole number in a figure column, a date in a date column, plain
    text in a free-text column) are taken by class first: the hot loop of large sheets. Every
    other cell goes through the parsers below, which give the same value for those cells."""
    values, raws = row.values, row.raw.values
    for fld, kind, required, max_length, col in plan:
        raw: Any = raws.get(fld)
        if raw is None:
            if required:
                _coerce_slow(row, col, raw)
            continue
        cls = raw.__class__
        if kind is _INT:
            if (cls is int or (cls is float and raw.is_integer())) and 0 <= raw <= MAX_COUNT:
                values[fld] = int(raw)
                continue
        elif kind is _DATE:
            if cls is _Date:
                values[fld] = raw
                continue
            if cls is _DateTime:
                values[fld] = raw.date()
                continue
        elif kind is _TEXT and cls is str:
            text = " ".join(raw.split())
            if max_length is None or len(text) <= max_length:
                values[fld] = text
                continue
        _coerce_slow(row, col, raw)


def _coerce_slow(row: Row, col: Column, raw: object) -> None:
    """One cell through the parsers, with its finding when it cannot be read."""
    if raw is None:
        if col.required and col.field in row.sheet.columns:
            row.add(E_REQUIRED(f"'{row.label(col.field)}' is empty",
                          hint=f"fill in {col.hint or row.label(col.field)}", position=row.pos(col.field)))
        row.values[col.field] = None
        return
    if isinstance(raw, UncachedFormula):
        row.values[col.field] = None
        formula = f" (={raw.formula})" if raw.formula else ""
        row.add(E_FORMULA_NO_VALUE(f"'{row.label(col.field)}' holds a formula{formula} whose result was never "
                      "saved in the file, so its value is unknown",
                      hint="open the file in Excel or LibreOffice and save it again (that stores the "
                           "results), or type the figure", position=row.pos(col.field)))
        return
    if isinstance(raw, ExcelError):
        row.values[col.field] = None
        row.add(E_EXCEL_ERROR(f"'{row.label(col.field)}' shows the Excel error {shown(raw.code, 12)} instead of a "
                      "value", hint="correct the formula (or type the figure) in Excel and save the file again",
                      position=row.pos(col.field)))
        return
    if isinstance(raw, OverlongText):
        row.values[col.field] = None
        row.add(E_CELL_TOO_LONG(f"'{row.label(col.field)}' holds {raw.length:,} characters or more, beyond what "
                      "a cell holds", hint="Excel cells hold at most 32,767 characters: shorten the text, or cite "
                      "the document in Sources with its link", position=row.pos(col.field)))
        return
    if isinstance(raw, SumOf):
        row.values[col.field] = _sum(row, col, raw, row.label(col.field))
        return
    try:
        row.values[col.field] = _coerce(row, col, raw)
    except NegativeError as exc:
        row.add(E_NEGATIVE(f"'{row.label(col.field)}' is {exc}", hint=exc.hint, position=row.pos(col.field)))
    except CoerceError as exc:
        code = E_NOT_NUMBER if col.kind is Kind.INT else E_NOT_DATE
        row.add(code(f"'{row.label(col.field)}': {exc}", hint=exc.hint, position=row.pos(col.field)))


def _coerce(row: Row, col: Column, raw: object) -> object:
    if col.kind is Kind.INT:
        count = parse_count(raw, row.sheet.language)
        if count.estimate:
            row.estimates.append(col.field)
            row.add(W_ESTIMATE(f"'{row.label(col.field)}' is an estimate ('{shown(raw)}'); {count.value} is used",
                            hint="estimates are marked as such in the merge log; confirm with the partner",
                            position=row.pos(col.field)))
        return count.value
    if col.kind is Kind.DATE:
        parsed = parse_date(raw)
        if parsed.ambiguous:
            row.add(W_DATE_AMBIGUOUS(f"'{shown(raw)}' could be day/month or month/day; read as {parsed.value:%d %B %Y}",
                            hint="type dates as YYYY-MM-DD to avoid any doubt", position=row.pos(col.field)))
        return parsed.value
    text = parse_text(raw)
    if col.kind is Kind.CATEGORY:
        return _category(row, col, text)
    if col.max_length is not None and len(text) > col.max_length:
        row.add(E_CELL_TOO_LONG(f"'{row.label(col.field)}' has {len(text):,} characters; at most "
                                f"{col.max_length:,} fit where it is shown",
                                hint=f"shorten it to {col.max_length:,} characters or fewer; longer explanations "
                                     "go in Notes or the narrative", position=row.pos(col.field)))
        return None
    return text


def _category(row: Row, col: Column, text: str) -> str | None:
    option = col.match_category(text)
    if option is not None:
        return option
    options = col.categories_in(row.sheet.language or "en")
    close = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    row.add(E_UNKNOWN_CATEGORY(f"'{shown(text)}' is not a known {row.label(col.field).lower()}",
                  hint=f"{hint}allowed: {', '.join(options)}", position=row.pos(col.field)))
    return None


def _sum(row: Row, col: Column, raw: SumOf, label: str) -> int | None:
    """The total of the parts that add up to a column (women + men); None when all are empty."""
    total, seen = 0, False
    for part in raw.parts:
        if part is None:
            continue
        if isinstance(part, (UncachedFormula, ExcelError, OverlongText, SumOf)):
            row.add(E_NOT_NUMBER(f"'{label}' adds up several columns, and one of them holds no readable figure",
                                 hint="type the figures in each column", position=row.pos(col.field)))
            return None
        try:
            count = parse_count(part, row.sheet.language)
        except NegativeError as exc:
            row.add(E_NEGATIVE(f"'{label}': a part is {exc}", hint=exc.hint, position=row.pos(col.field)))
            return None
        except CoerceError as exc:
            row.add(E_NOT_NUMBER(f"'{label}': a part {exc}", hint=exc.hint, position=row.pos(col.field)))
            return None
        if count.estimate:
            row.estimates.append(col.field)
        total += count.value
        seen = True
    return total if seen else None
