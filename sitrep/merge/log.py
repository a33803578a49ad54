"""The merge log: what happened to every input row (used, merged into another, rejected)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from sitrep.kinds import Origin

Status = Literal["used", "merged", "rejected"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEntry:
    """What happened to one input row."""

    origin: Origin
    kind: str
    status: Status
    reason: str = ""
    into: Origin | None = None
    code: str = ""
    counted: str = ""
    """For used rows: the figures this row contributes to the report (``killed=5; injured=21``)."""

    def as_row(self, place: str = "") -> dict[str, str]:
        """The entry as a merge-log line; ``place`` says how the row's places were read
        (:meth:`MergeLog.rows` fills it)."""
        return {"file": self.origin.file, "sheet": self.origin.sheet, "row": str(self.origin.row),
                "kind": self.kind, "status": self.status, "counted": self.counted,
                "into": str(self.into) if self.into else "", "code": self.code, "place": place,
                "reason": self.reason}


@dataclass(slots=True)
class MergeLog:
    entries: list[LogEntry] = field(default_factory=list)
    places: dict[Origin, str] = field(default_factory=dict)
    """Row -> the P-codes its places resolved to and how (``SD02 by fuzzy name (0.92)``)."""

    def add(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    def sorted(self) -> list[LogEntry]:
        return sorted(self.entries, key=lambda e: (e.origin.file, e.origin.sheet, e.origin.row))

    def rows(self) -> Iterator[dict[str, str]]:
        """Every entry as a merge-log line, in file, sheet and row order, with its places; one
        line at a time (at 200,000 rows a list of them took more memory than the records)."""
        places = self.places
        return (e.as_row(places.get(e.origin, "")) for e in self.sorted())

    def count(self, status: Status) -> int:
        return sum(1 for e in self.entries if e.status == status)
