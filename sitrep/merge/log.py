"""The merge log: what happened to every input row (used, merged into another, rejected)."""

from __future__ import annotations

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
    place: str = ""
    """The P-codes the row's places resolved to and how (``SD02 by fuzzy name (0.92)``)."""

    def as_row(self) -> dict[str, str]:
        return {"file": self.origin.file, "sheet": self.origin.sheet, "row": str(self.origin.row),
                "kind": self.kind, "status": self.status, "counted": self.counted,
                "into": str(self.into) if self.into else "", "code": self.code, "place": self.place,
                "reason": self.reason}


@dataclass(slots=True)
class MergeLog:
    entries: list[LogEntry] = field(default_factory=list)

    def add(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    def sorted(self) -> list[LogEntry]:
        return sorted(self.entries, key=lambda e: (e.origin.file, e.origin.sheet, e.origin.row))

    def count(self, status: Status) -> int:
        return sum(1 for e in self.entries if e.status == status)
