"""Typed records handed from validation to the merge, each tied to its source row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep.errors import Position


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """The row a record came from."""

    file: str
    sheet: str
    row: int

    @property
    def position(self) -> Position:
        return Position(file=self.file, sheet=self.sheet, row=self.row)

    def __str__(self) -> str:
        return f"{self.file} › {self.sheet}!{self.row}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Located:
    """Common fields of rows that describe a place on a day."""

    origin: Origin
    date: dt.date
    adm1: str
    """Governorate P-code."""
    adm2: str | None
    """District P-code, or None for a governorate-level row."""
    org: str
    reported: dt.date | None = None
    estimated: tuple[str, ...] = ()
    """Fields whose figure the partner marked as an estimate (~500, 500+)."""

    @property
    def pcode(self) -> str:
        return self.adm2 or self.adm1


@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyRecord(Located):
    killed: int
    injured: int
    killed_children: int | None = None
    injured_children: int | None = None

    def figures(self) -> tuple[int | None, ...]:
        return (self.killed, self.killed_children, self.injured, self.injured_children)


@dataclass(frozen=True, slots=True, kw_only=True)
class DisplacementRecord(Located):
    idps: int
    households: int | None = None
    place: str = ""
    """Site or community when the partner reports site by site (sites add up)."""

    def figures(self) -> tuple[object, ...]:
        return (self.idps, self.households, " ".join(self.place.casefold().split()))


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationRecord(Located):
    status: str
    place: str = ""
    notes: str = ""

    def figures(self) -> tuple[str, ...]:
        return (" ".join(self.place.casefold().split()), self.status)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrativeRecord:
    origin: Origin
    section: str
    texts: dict[str, str]
    """language -> paragraph (with ``{placeholders}``)."""
    sources: tuple[str, ...] = ()
    sector: str | None = None
    """For needs/response/gaps paragraphs of a Situation Report: the sector they are about."""
    text_columns: dict[str, int] = field(default_factory=dict)
    """language -> 1-based column of that text, so findings point at the cell."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRecord:
    origin: Origin
    ref: str
    org: str
    title: str
    date: dt.date | None = None
    url: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectedRow:
    """A row that will not be used, and why (it appears in the merge log)."""

    origin: Origin
    kind: str
    reason: str
    code: str


@dataclass(slots=True, kw_only=True)
class ValidatedIntake:
    """Everything read from all intake files, typed, plus the rows set aside."""

    casualties: list[CasualtyRecord] = field(default_factory=list)
    displacement: list[DisplacementRecord] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    response: list[ResponseRecord] = field(default_factory=list)
    narrative: list[NarrativeRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    rows_read: int = 0
    """Data rows seen in all sheets (used + rejected must add up to this)."""
