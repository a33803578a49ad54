"""Row-level checks: each raw row becomes its kind's record, or a rejected row with findings.

:class:`Row` is the validate stage's implementation of :class:`sitrep.kinds.RowCheck`: it holds
the row's coerced values and findings, and answers the kind's row builder (dates, places,
period). The builder itself is declared with its kind (:mod:`sitrep.kinds`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sitrep.codes import (
    E_DATE_FUTURE,
    E_LOCATION_COLUMN,
    E_MISSING_COLUMN,
    E_ROW,
    E_UNKNOWN_LOCATION,
    I_DATE_AFTER_AS_OF,
    W_DATE_BEFORE_PERIOD,
)
from sitrep.errors import Finding, Findings, Position, Severity
from sitrep.gazetteer import Gazetteer
from sitrep.intake import RawRow, RawSheet
from sitrep.kinds import DataKind, LocatedFields, Origin
from sitrep.validate.cells import coerce_columns, plan_columns
from sitrep.validate.places import LocationResolver
from sitrep.validate.records import RejectedRow, ValidatedIntake


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What row checks need to know about the report."""

    gazetteer: Gazetteer
    period_start: dt.date | None
    """None when a partner's file is checked outside any workspace: there is no period to check."""
    period_end: dt.date | None
    as_of: dt.date | None
    today: dt.date
    """The real date, only to catch typing errors such as 2042 (never printed in outputs)."""


@dataclass(slots=True)
class Row:
    """One row being checked (see the module docstring)."""

    sheet: RawSheet
    raw: RawRow
    ctx: Context
    resolver: LocationResolver
    labels: dict[str, str]
    """field -> the column's label in the sheet's language (findings name columns as the partner sees them)."""
    origin: Origin
    """The row's place in its file (made once: every record and finding of the row refers to it)."""
    findings: list[Finding] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    """field -> the coerced value (int, date, str) or None."""
    estimates: list[str] = field(default_factory=list)
    errors: int = 0
    """How many of ``findings`` are errors (counted as they are added: asked several times a row)."""

    @property
    def failed(self) -> bool:
        return self.errors > 0

    @property
    def estimated(self) -> tuple[str, ...]:
        return tuple(self.estimates)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)
        if finding.severity is Severity.ERROR:
            self.errors += 1

    def pos(self, field: str | None = None) -> Position:
        return self.sheet.position(self.raw.number, field)

    def label(self, field: str) -> str:
        return self.labels[field]

    def column(self, field: str) -> int | None:
        return self.sheet.columns.get(field)

    def text(self, field: str) -> str | None:
        value = self.values.get(field)
        return value if isinstance(value, str) else None

    def count(self, field: str) -> int | None:
        value = self.values.get(field)
        return value if isinstance(value, int) else None

    def date(self, field: str) -> dt.date | None:
        value = self.values.get(field)
        return value if isinstance(value, dt.date) else None

    def texts(self, prefix: str) -> dict[str, str]:
        return {name[len(prefix):]: value for name, value in self.values.items()
                if name.startswith(prefix) and isinstance(value, str) and value}

    def check_date(self) -> None:
        day, ctx = self.date("date"), self.ctx
        if day is None:
            return
        if day > ctx.today:
            self.add(E_DATE_FUTURE(f"the date {day:%d %B %Y} is in the future",
                                   hint="check the year and the month", position=self.pos("date")))
        elif ctx.as_of is None or ctx.period_start is None:
            return
        elif day > ctx.as_of:
            self.add(I_DATE_AFTER_AS_OF(f"dated {day:%d %B %Y}, after this report's as-of date "
                                        f"({ctx.as_of:%d %B %Y}); kept for a later report", position=self.pos("date")))
        elif day < ctx.period_start:
            self.add(W_DATE_BEFORE_PERIOD(
                f"dated {day:%d %B %Y}, before the reporting period ({ctx.period_start:%d %B %Y}); "
                "not counted in this report",
                hint="check the date, or widen [period] in report.toml", position=self.pos("date")))

    def in_period(self) -> bool:
        day, start, end = self.date("date"), self.ctx.period_start, self.ctx.as_of
        return day is not None and (start is None or start <= day) and (end is None or day <= end)

    def place(self, *, required: bool) -> tuple[str | None, str | None]:
        return self.resolver.resolve(self, required)

    def located(self) -> LocatedFields | None:
        day, ctx = self.date("date"), self.ctx
        start, end = ctx.period_start, ctx.as_of
        if day is not None and not (start is not None and end is not None and start <= day <= end <= ctx.today):
            self.check_date()  # (a day inside the period, which is in the past, needs no finding)
        adm1, adm2 = self.resolver.resolve(self, True)
        org = self.text("org")
        if self.errors or adm1 is None or day is None or org is None or not self.in_period():
            return None
        return LocatedFields(origin=self.origin, date=day, adm1=adm1, adm2=adm2, org=org,
                             reported=self.date("reported"), estimated=self.estimated)


def check_sheet(sheet: RawSheet, kind: DataKind[Any], ctx: Context, resolver: LocationResolver,
                out: ValidatedIntake, findings: Findings) -> None:
    """Check every row of one sheet of ``kind``, adding records (or rejected rows) to ``out``."""
    if sheet.missing:
        for raw in sheet.rows:
            out.rows_read += 1
            out.rejected.append(RejectedRow(
                origin=Origin(file=sheet.file, sheet=sheet.sheet, row=raw.number), kind=sheet.spec.name,
                reason=f"the sheet lacks the required column(s) {', '.join(sheet.missing)}",
                code=E_MISSING_COLUMN.code))
        return
    records = out.records.of(kind)
    labels = {col.field: col.label_in(sheet.language or "en") for col in sheet.spec.columns}
    sheet_findings: list[Finding] = []
    empty, plan = plan_columns(sheet.spec.columns, {*sheet.columns, *sheet.summed})
    build, file, name = kind.build, sheet.file, sheet.sheet
    append = records.append
    out.rows_read += len(sheet.rows)
    for raw in sheet.rows:
        row = Row(sheet, raw, ctx, resolver, labels, Origin(file=file, sheet=name, row=raw.number), [], empty.copy())
        coerce_columns(row, plan)
        record = build(row)
        if not row.findings:
            if record is not None:
                append(record)
                continue
        else:
            sheet_findings.extend(row.findings)
        if row.failed or record is None:
            first = next((f for f in row.findings if f.severity is Severity.ERROR),
                         row.findings[-1] if row.findings else None)
            out.rejected.append(RejectedRow(
                origin=row.origin, kind=sheet.spec.name,
                reason=first.message if first else "row not usable", code=first.code if first else E_ROW.code))
            continue
        append(record)
    findings.extend(_one_per_unreadable_column(sheet, labels, sheet_findings))


PLACE_FIELDS = ("adm1_name", "adm1_code", "adm2_name", "adm2_code")
UNREADABLE_COLUMN_ROWS = 3
"""From this many rows on, a place column none of whose values is known gets one finding on its
header instead of one per row (the rows are still set aside, each with its reason)."""


def _one_per_unreadable_column(sheet: RawSheet, labels: dict[str, str], found: list[Finding]) -> list[Finding]:
    if sheet.header_row is None:
        return found
    out = found
    for fld in PLACE_FIELDS:
        column = sheet.columns.get(fld)
        if column is None:
            continue
        unknown = [f for f in out if f.code == E_UNKNOWN_LOCATION.code and f.position is not None
                   and f.position.column == column]
        if len(unknown) < UNREADABLE_COLUMN_ROWS:  # (then too few are filled, or some are known)
            continue
        filled = sum(1 for raw in sheet.rows if raw.values.get(fld) is not None)
        if filled < UNREADABLE_COLUMN_ROWS or len(unknown) < filled:
            continue
        examples = ", ".join(sorted({f.message.split("'")[1] for f in unknown if "'" in f.message})[:3])
        dropped = {id(f) for f in unknown}
        out = [f for f in out if id(f) not in dropped]
        out.append(E_LOCATION_COLUMN(
            f"none of the {filled:,} values of the column '{labels[fld]}' is a known place (e.g. {examples}); "
            "its rows are set aside", hint="check that the column holds names or P-codes from this country's "
            "gazetteer, and that the column is the one meant", position=sheet.position(sheet.header_row, fld)))
    return out
