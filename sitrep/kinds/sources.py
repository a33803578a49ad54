"""Sources: the documents the narrative cites, by a short reference (S1, S2…)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from sitrep.kinds.base import DataKind, Origin, RowCheck
from sitrep.kinds.columns import NAME_LENGTH, TITLE_LENGTH, Column, Kind, SheetSpec

SHEET = SheetSpec(name="Sources", location_required=False, columns=(
    Column(field="ref", tag="#meta+id", label="Ref", required=True, aliases=("id", "reference"), max_length=50,
           hint="a short ID such as S1"),
    Column(field="org", tag="#org", label="Organisation", required=True, max_length=NAME_LENGTH,
           aliases=("organization", "publisher")),
    Column(field="title", tag="#meta+title", label="Title", required=True, aliases=("document",),
           max_length=TITLE_LENGTH),
    Column(field="date", tag="#date", label="Date", kind=Kind.DATE, hint="YYYY-MM-DD"),
    Column(field="url", tag="#meta+url", label="Link", aliases=("url", "web address"), max_length=2000),
))


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRecord:
    origin: Origin
    ref: str
    org: str
    title: str
    date: dt.date | None = None
    url: str = ""


def _build(row: RowCheck) -> SourceRecord | None:
    ref, org, title = row.text("ref"), row.text("org"), row.text("title")
    if row.failed or ref is None or org is None or title is None:
        return None
    return SourceRecord(origin=row.origin, ref=ref, org=org, title=title, date=row.date("date"),
                        url=row.text("url") or "")


def _key(r: SourceRecord) -> Hashable:
    return r.ref.casefold()


SOURCES: DataKind[SourceRecord] = DataKind(
    name="sources", sheet=SHEET, record=SourceRecord, build=_build, merge="first-wins", key=_key)
