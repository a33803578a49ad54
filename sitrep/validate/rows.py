"""Row-level checks: each raw row becomes a typed record or a rejected row with findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitrep.codes import (
    E_CELL_TOO_LONG,
    E_DATE_FUTURE,
    E_EXCEL_ERROR,
    E_FORMULA_NO_VALUE,
    E_LOCATION_MISMATCH,
    E_MISSING_COLUMN,
    E_NEGATIVE,
    E_NOT_DATE,
    E_NOT_NUMBER,
    E_REQUIRED,
    E_ROW,
    E_SUBGROUP,
    E_UNKNOWN_CATEGORY,
    E_UNKNOWN_LOCATION,
    I_DATE_AFTER_AS_OF,
    W_DATE_AMBIGUOUS,
    W_DATE_BEFORE_PERIOD,
    W_ESTIMATE,
    W_REACHED_OVER_TARGET,
)
from sitrep.errors import Finding, Findings, Position, shown
from sitrep.gazetteer import Area, Gazetteer
from sitrep.intake import ExcelError, Kind, OverlongText, RawRow, RawSheet, UncachedFormula
from sitrep.intake.schema import Column
from sitrep.validate.coerce import CoerceError, NegativeError, parse_count, parse_date, parse_text
from sitrep.validate.records import (
    CasualtyRecord,
    DisplacementRecord,
    LocationRecord,
    NarrativeRecord,
    Origin,
    RejectedRow,
    ResponseRecord,
    SourceRecord,
    ValidatedIntake,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What row checks need to know about the report."""

    gazetteer: Gazetteer
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    today: dt.date
    """The real date, only to catch typing errors such as 2042 (never printed in outputs)."""


@dataclass(slots=True)
class _Row:
    """Working state while one row is checked."""

    sheet: RawSheet
    raw: RawRow
    findings: list[Finding] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    estimated: list[str] = field(default_factory=list)

    def pos(self, fld: str | None = None) -> Position:
        return self.sheet.position(self.raw.number, fld)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def label(self, fld: str) -> str:
        return self.sheet.spec.column(fld).label


def _coerce_columns(row: _Row) -> None:
    for col in row.sheet.spec.columns:
        raw = row.raw.values.get(col.field)
        if raw is None:
            if col.required and col.field in row.sheet.columns:
                row.add(E_REQUIRED(f"'{col.label}' is empty",
                              hint=f"fill in {col.hint or col.label}", position=row.pos(col.field)))
            row.values[col.field] = None
            continue
        if isinstance(raw, UncachedFormula):
            row.values[col.field] = None
            formula = f" (={raw.formula})" if raw.formula else ""
            row.add(E_FORMULA_NO_VALUE(f"'{col.label}' holds a formula{formula} whose result was never "
                          "saved in the file, so its value is unknown",
                          hint="open the file in Excel or LibreOffice and save it again (that stores the "
                               "results), or type the figure", position=row.pos(col.field)))
            continue
        if isinstance(raw, ExcelError):
            row.values[col.field] = None
            row.add(E_EXCEL_ERROR(f"'{col.label}' shows the Excel error {shown(raw.code, 12)} instead of a "
                          "value", hint="correct the formula (or type the figure) in Excel and save the file again",
                          position=row.pos(col.field)))
            continue
        if isinstance(raw, OverlongText):
            row.values[col.field] = None
            row.add(E_CELL_TOO_LONG(f"'{col.label}' holds {raw.length:,} characters or more, beyond what "
                          "a cell holds", hint="Excel cells hold at most 32,767 characters: shorten the text, or cite "
                          "the document in Sources with its link", position=row.pos(col.field)))
            continue
        try:
            row.values[col.field] = _coerce(row, col, raw)
        except NegativeError as exc:
            row.add(E_NEGATIVE(f"'{col.label}' is {exc}", hint=exc.hint, position=row.pos(col.field)))
        except CoerceError as exc:
            code = E_NOT_NUMBER if col.kind is Kind.INT else E_NOT_DATE
            row.add(code(f"'{col.label}': {exc}", hint=exc.hint, position=row.pos(col.field)))


def _coerce(row: _Row, col: Column, raw: object) -> object:
    if col.kind is Kind.INT:
        count = parse_count(raw, row.sheet.language)
        if count.estimate:
            row.estimated.append(col.field)
            row.add(W_ESTIMATE(f"'{col.label}' is an estimate ('{shown(raw)}'); {count.value} is used",
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
        row.add(E_CELL_TOO_LONG(f"'{col.label}' has {len(text):,} characters; at most {col.max_length:,} fit "
                      "where it is shown", hint=f"shorten it to {col.max_length:,} characters or fewer; longer "
                      "explanations go in Notes or the narrative", position=row.pos(col.field)))
        return None
    return text


def _category(row: _Row, col: Column, text: str) -> str | None:
    import difflib

    option = col.match_category(text)
    if option is not None:
        return option
    options = col.categories_in(row.sheet.language or "en")
    close = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    row.add(E_UNKNOWN_CATEGORY(f"'{shown(text)}' is not a known {col.label.lower()}",
                  hint=f"{hint}allowed: {', '.join(options)}", position=row.pos(col.field)))
    return None


class LocationResolver:
    """Cached P-code resolution of the location columns of a row."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, int, str | None], tuple[Area | None, list[str]]] = {}

    def _match(self, text: str, level: int, parent: str | None) -> tuple[Area | None, list[str]]:
        key = (text, level, parent)
        if key not in self._cache:
            self._cache[key] = self.gazetteer.match(text, level, parent)
        return self._cache[key]

    def resolve(self, row: _Row, required: bool) -> tuple[str | None, str | None]:
        v = row.values
        adm1: Area | None = None
        for fld in ("adm1_code", "adm1_name"):
            if v.get(fld):
                found = self._lookup(row, fld, v[fld], 1, None)
                if found and adm1 and found.pcode != adm1.pcode:
                    row.add(E_LOCATION_MISMATCH(
                        f"governorate '{shown(v[fld])}' does not match P-code {adm1.pcode} ({adm1.name})",
                                  hint="correct the name or the P-code so both point to the same governorate",
                                  position=row.pos(fld)))
                adm1 = adm1 or found
        adm2: Area | None = None
        for fld in ("adm2_code", "adm2_name"):
            if v.get(fld):
                found = self._lookup(row, fld, v[fld], 2, adm1.pcode if adm1 else None)
                if found and adm2 and found.pcode != adm2.pcode:
                    row.add(E_LOCATION_MISMATCH(
                        f"district '{shown(v[fld])}' does not match P-code {adm2.pcode} ({adm2.name})",
                                  hint="correct the name or the P-code", position=row.pos(fld)))
                adm2 = adm2 or found
        if adm2 is not None and adm1 is None:
            adm1 = self.gazetteer.get(adm2.parent or "")
        has_location = any(v.get(f) for f in ("adm1_code", "adm1_name", "adm2_code", "adm2_name"))
        if required and not has_location:
            row.add(E_REQUIRED("the row names no governorate or district",
                          hint="fill in Governorate (and District when known)",
                          position=row.pos("adm1_name" if "adm1_name" in row.sheet.columns else "adm1_code")))
        return (adm1.pcode if adm1 else None), (adm2.pcode if adm2 else None)

    def _lookup(self, row: _Row, fld: str, text: str, level: int, parent: str | None) -> Area | None:
        area, suggestions = self._match(text, level, parent)
        if area is None and parent is not None:
            other, _ = self._match(text, level, None)
            if other is not None:
                row.add(E_LOCATION_MISMATCH(
                    f"district '{shown(text)}' is in {other.parent}, not in governorate {parent}",
                              hint="check the governorate and the district of this row", position=row.pos(fld)))
                return None
        if area is None:
            what = "governorate" if level == 1 else "district"
            hint = (f"did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions
                    else f"use a {what} name or P-code from the gazetteer ({self.gazetteer.source})")
            row.add(E_UNKNOWN_LOCATION(f"'{shown(text)}' is not a known {what}", hint=hint,
                          position=row.pos(fld)))
        return area


def check_sheet(sheet: RawSheet, ctx: Context, resolver: LocationResolver, out: ValidatedIntake,
                findings: Findings) -> None:
    """Check every row of one sheet, appending records (or rejected rows) to ``out``."""
    build = _BUILDERS[sheet.spec.name]
    if sheet.missing:
        for raw in sheet.rows:
            out.rows_read += 1
            out.rejected.append(RejectedRow(
                origin=Origin(file=sheet.file, sheet=sheet.sheet, row=raw.number), kind=sheet.spec.name,
                reason=f"the sheet lacks the required column(s) {', '.join(sheet.missing)}",
                code=E_MISSING_COLUMN.code))
        return
    for raw in sheet.rows:
        out.rows_read += 1
        row = _Row(sheet=sheet, raw=raw)
        _coerce_columns(row)
        origin = Origin(file=sheet.file, sheet=sheet.sheet, row=raw.number)
        record = build(row, ctx, resolver, origin)
        findings.extend(row.findings)
        if row.failed or record is None:
            first = next((f for f in row.findings if f.severity == "error"),
                         row.findings[-1] if row.findings else None)
            out.rejected.append(RejectedRow(
                origin=origin, kind=sheet.spec.name,
                reason=first.message if first else "row not usable", code=first.code if first else E_ROW.code))
            continue
        _append(out, record)


def _append(out: ValidatedIntake, record: object) -> None:
    targets: dict[type, list[Any]] = {
        CasualtyRecord: out.casualties, DisplacementRecord: out.displacement, LocationRecord: out.locations,
        ResponseRecord: out.response, NarrativeRecord: out.narrative, SourceRecord: out.sources}
    targets[type(record)].append(record)


def _check_date(row: _Row, ctx: Context) -> None:
    day = row.values.get("date")
    if day is None:
        return
    if day > ctx.today:
        row.add(E_DATE_FUTURE(f"the date {day:%d %B %Y} is in the future",
                      hint="check the year and the month", position=row.pos("date")))
    elif day > ctx.as_of:
        row.add(I_DATE_AFTER_AS_OF(f"dated {day:%d %B %Y}, after this report's as-of date ({ctx.as_of:%d %B %Y}); "
                     "kept for a later report", position=row.pos("date")))
    elif day < ctx.period_start:
        row.add(W_DATE_BEFORE_PERIOD(
            f"dated {day:%d %B %Y}, before the reporting period ({ctx.period_start:%d %B %Y}); "
                        "not counted in this report",
                        hint="check the date, or widen [period] in report.toml", position=row.pos("date")))


def _in_period(row: _Row, ctx: Context) -> bool:
    day = row.values.get("date")
    return day is not None and ctx.period_start <= day <= ctx.as_of


def _located(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> dict[str, Any] | None:
    _check_date(row, ctx)
    adm1, adm2 = resolver.resolve(row, required=True)
    if row.failed or adm1 is None or not _in_period(row, ctx):
        return None
    return {"origin": origin, "date": row.values["date"], "adm1": adm1, "adm2": adm2,
            "org": row.values["org"], "reported": row.values.get("reported"),
            "estimated": tuple(row.estimated)}


def _subgroup(row: _Row, part: str, whole: str) -> None:
    p, w = row.values.get(part), row.values.get(whole)
    if p is not None and w is not None and p > w:
        row.add(E_SUBGROUP(f"'{row.label(part)}' ({p}) is larger than '{row.label(whole)}' ({w})",
                      hint=f"{row.label(part)} is part of {row.label(whole)}; check both cells",
                      position=row.pos(part)))


def _casualty(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> object | None:
    _subgroup(row, "killed_children", "killed")
    _subgroup(row, "injured_children", "injured")
    base = _located(row, ctx, resolver, origin)
    if base is None:
        return None
    v = row.values
    return CasualtyRecord(**base, killed=v["killed"], injured=v["injured"],
                          killed_children=v.get("killed_children"), injured_children=v.get("injured_children"))


def _displacement(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> object | None:
    v = row.values
    if v.get("households") is not None and v.get("idps") is not None and v["households"] > v["idps"]:
        row.add(E_SUBGROUP(f"'Households' ({v['households']}) is larger than the number of people "
                      f"({v['idps']})", hint="households hold one person or more; check both cells",
                      position=row.pos("households")))
    base = _located(row, ctx, resolver, origin)
    if base is None:
        return None
    return DisplacementRecord(**base, idps=v["idps"], households=v.get("households"), place=v.get("place") or "")


def _location(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> object | None:
    base = _located(row, ctx, resolver, origin)
    if base is None:
        return None
    v = row.values
    return LocationRecord(**base, status=v["status"], place=v.get("place") or "", notes=v.get("notes") or "")


def _response(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> object | None:
    _check_date(row, ctx)
    adm1, adm2 = resolver.resolve(row, required=False)
    v = row.values
    if v.get("targeted") is not None and v.get("reached") is not None and v["reached"] > v["targeted"]:
        row.add(W_REACHED_OVER_TARGET(f"people reached ({v['reached']}) exceed the target "
                        f"({v['targeted']})", hint="check both figures; an updated target may be due",
                        position=row.pos("reached")))
    if row.failed or not _in_period(row, ctx):
        return None
    return ResponseRecord(origin=origin, date=v["date"], sector=v["sector"], org=v["org"],
                          reached=v["reached"], targeted=v.get("targeted"), adm1=adm1, adm2=adm2,
                          activity=v.get("activity") or "", estimated=tuple(row.estimated))


def _narrative(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> object | None:
    v = row.values
    texts = {f[5:]: v[f] for f in v if f.startswith("text_") and v.get(f)}
    if not texts:
        row.add(E_REQUIRED("the paragraph has no text in any language",
                      hint="write the paragraph in the English column at least", position=row.pos()))
    if row.failed:
        return None
    refs = tuple(r.strip() for r in (v.get("sources") or "").replace(";", ",").split(",") if r.strip())
    columns = {lang: row.sheet.columns[f"text_{lang}"] for lang in texts}
    return NarrativeRecord(origin=origin, section=v["section"], texts=texts, sources=refs,
                           sector=v.get("sector"), text_columns=columns)


def _source(row: _Row, ctx: Context, resolver: LocationResolver, origin: Origin) -> object | None:
    if row.failed:
        return None
    v = row.values
    return SourceRecord(origin=origin, ref=v["ref"], org=v["org"], title=v["title"], date=v.get("date"),
                        url=v.get("url") or "")


_BUILDERS: dict[str, Callable[[_Row, Context, LocationResolver, Origin], object | None]] = {
    "Casualties": _casualty, "Displacement": _displacement, "Locations": _location,
    "Response": _response, "Narrative": _narrative, "Sources": _source,
}
