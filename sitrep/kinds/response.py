"""Response: people reached (and targeted) by sector, organisation and activity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from sitrep.codes import W_REACHED_OVER_TARGET
from sitrep.kinds.base import Cell, DataKind, Origin, RowCheck
from sitrep.kinds.columns import (
    LOCATION_COLUMNS,
    NOT_THE_EVENT,
    NOTES,
    ORG,
    SECTORS,
    TITLE_LENGTH,
    Column,
    Kind,
    SheetSpec,
    int_column,
)

SHEET = SheetSpec(name="Response", columns=(
    Column(field="date", tag="#date", label="Date", kind=Kind.DATE, required=True, hint="YYYY-MM-DD",
           hxl_excluded=NOT_THE_EVENT),
    Column(field="sector", tag="#sector", label="Sector", kind=Kind.CATEGORY, required=True,
           categories=SECTORS, aliases=("cluster",), hint=" | ".join(SECTORS)),
    *LOCATION_COLUMNS,
    ORG,
    Column(field="activity", tag="#activity", label="Activity", aliases=("activities",), max_length=TITLE_LENGTH,
           hint="what was done"),
    int_column("reached", "#reached", "People reached", "reached", "beneficiaries", required=True),
    int_column("targeted", "#targeted", "People targeted", "targeted", "target"),
    NOTES,
))


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseRecord:
    origin: Origin
    date: dt.date
    sector: str
    org: str
    reached: int
    targeted: int | None = None
    adm1: str | None = None
    adm2: str | None = None
    activity: str = ""
    estimated: tuple[str, ...] = ()


def _build(row: RowCheck) -> ResponseRecord | None:
    row.check_date()
    adm1, adm2 = row.place(required=False)
    reached, targeted = row.count("reached"), row.count("targeted")
    if targeted is not None and reached is not None and reached > targeted:
        row.add(W_REACHED_OVER_TARGET(f"people reached ({reached}) exceed the target ({targeted})",
                                      hint="check both figures; an updated target may be due",
                                      position=row.pos("reached")))
    day, sector, org = row.date("date"), row.text("sector"), row.text("org")
    if row.failed or not row.in_period() or None in (day, sector, org, reached):
        return None
    assert day is not None and sector is not None and org is not None and reached is not None
    return ResponseRecord(origin=row.origin, date=day, sector=sector, org=org, reached=reached, targeted=targeted,
                          adm1=adm1, adm2=adm2, activity=row.text("activity") or "", estimated=row.estimated)


def _key(r: ResponseRecord) -> Hashable:
    return (r.date, r.sector, r.org.casefold(), r.adm1, r.adm2, r.activity.casefold())


def _export(r: ResponseRecord) -> Mapping[str, Cell]:
    return {"sector": r.sector, "activity": r.activity or None, "reached": r.reached, "targeted": r.targeted}


RESPONSE: DataKind[ResponseRecord] = DataKind(
    name="response", sheet=SHEET, record=ResponseRecord, build=_build, key=_key, measures=("reached", "targeted"),
    magnitude=lambda r: r.reached, export=_export)
