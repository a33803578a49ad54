"""What validation hands to the merge: the records of every kind, each tied to its source row,
and the rows set aside with their reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.kinds import (
    CasualtyRecord,
    DisplacementRecord,
    Located,
    LocationRecord,
    NarrativeRecord,
    Origin,
    RecordSet,
    ResponseRecord,
    SourceRecord,
)

__all__ = ["CasualtyRecord", "DisplacementRecord", "Located", "LocationRecord", "NarrativeRecord", "Origin",
           "RejectedRow", "ResponseRecord", "SourceRecord", "ValidatedIntake"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectedRow:
    """A row that will not be used, and why (it appears in the merge log)."""

    origin: Origin
    kind: str
    """The sheet's declared name (``Casualties``), as the merge log shows it."""
    reason: str
    code: str


@dataclass(slots=True, kw_only=True)
class ValidatedIntake:
    """Everything read from all intake files, typed by kind, plus the rows set aside."""

    records: RecordSet = field(default_factory=RecordSet)
    rejected: list[RejectedRow] = field(default_factory=list)
    places: dict[Origin, str] = field(default_factory=dict)
    """Row -> the P-codes its places resolved to and how (the merge log's ``place`` column)."""
    rows_read: int = 0
    """Data rows seen in all sheets (used + rejected must add up to this)."""
