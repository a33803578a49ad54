"""Stage 3 — merge: typed records from many partners -> one dataset + a merge log.

Input: a :class:`~sitrep.validate.ValidatedIntake` and a :class:`Policy`. Output: a
:class:`MergedData` and a :class:`MergeLog` in which **every** input row appears exactly
once as ``used``, ``merged`` (into the row named) or ``rejected`` (with the reason).

Rows about the same place, day and thing are one *group*. Identical rows collapse; rows
that disagree are settled by the policy, and each disagreement becomes a ``W-conflict``
finding. A governorate-level row and district rows for the same governorate and day
overlap: the districts are kept and only the part of the governorate figure that they do
not explain is counted, as "district not specified".
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitrep.codes import E_DUPLICATE_REF, W_CONFLICT, W_LEVEL_OVERLAP
from sitrep.errors import Findings, shown
from sitrep.merge.policy import Policy
from sitrep.validate.records import (
    CasualtyRecord,
    DisplacementRecord,
    LocationRecord,
    NarrativeRecord,
    Origin,
    ResponseRecord,
    SourceRecord,
    ValidatedIntake,
)

__all__ = ["LogEntry", "MergeLog", "MergedData", "Policy", "merge_intake"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEntry:
    """What happened to one input row."""

    origin: Origin
    kind: str
    status: str
    """``used`` | ``merged`` | ``rejected``."""
    reason: str = ""
    into: Origin | None = None
    code: str = ""
    counted: str = ""
    """For used rows: the figures this row contributes to the report (``killed=5; injured=21``)."""

    def as_row(self) -> dict[str, str]:
        return {"file": self.origin.file, "sheet": self.origin.sheet, "row": str(self.origin.row),
                "kind": self.kind, "status": self.status, "counted": self.counted,
                "into": str(self.into) if self.into else "", "code": self.code, "reason": self.reason}


@dataclass(slots=True)
class MergeLog:
    entries: list[LogEntry] = field(default_factory=list)

    def add(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    def sorted(self) -> list[LogEntry]:
        return sorted(self.entries, key=lambda e: (e.origin.file, e.origin.sheet, e.origin.row))

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)


@dataclass(slots=True, kw_only=True)
class MergedData:
    """The merged figures every report section is computed from."""

    casualties: list[CasualtyRecord] = field(default_factory=list)
    displacement: list[DisplacementRecord] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    response: list[ResponseRecord] = field(default_factory=list)
    narrative: list[NarrativeRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)


def _counted(rec: Any, fields: Sequence[str]) -> str:
    return "; ".join(f"{f}={getattr(rec, f)}" for f in fields if getattr(rec, f, None) is not None)


def _describe(rec: Any, fields: Sequence[str]) -> str:
    figures = ", ".join(f"{f.replace('_', ' ')} {getattr(rec, f)}" for f in fields
                        if getattr(rec, f, None) is not None)
    return f"{shown(rec.org)} ({figures})"


class _Merger:
    def __init__(self, policy: Policy, log: MergeLog, findings: Findings) -> None:
        self.policy = policy
        self.log = log
        self.findings = findings
        self.used: dict[Origin, LogEntry] = {}
        """Winners, logged at the end because level reconciliation may still change them."""

    def flush(self) -> None:
        for entry in self.used.values():
            self.log.add(entry)
        self.used.clear()

    def resolve(self, kind: str, records: Sequence[Any], key: Callable[[Any], Hashable],
                fields: Sequence[str], magnitude: Callable[[Any], int]) -> list[Any]:
        """Collapse each group of records to its winner, logging every row."""
        groups: dict[Hashable, list[Any]] = defaultdict(list)
        for rec in records:
            groups[key(rec)].append(rec)
        winners = []
        policy_text = self.policy.describe()
        for group in groups.values():
            win = self.policy.choose(group, magnitude, lambda r: getattr(r, "reported", None))
            winners.append(win)
            self.used[win.origin] = LogEntry(
                origin=win.origin, kind=kind, status="used", counted=_counted(win, fields),
                reason="" if len(group) == 1 else f"chosen among {len(group)} rows")
            values = [getattr(win, f, None) for f in fields]
            win_text = None
            for rec in group:
                if rec is win:
                    continue
                same = [getattr(rec, f, None) for f in fields] == values
                if same:
                    reason = "same figures as the row used (duplicate)"
                else:
                    if win_text is None:
                        win_text, win_org = _describe(win, fields), shown(win.org)
                    rec_text = _describe(rec, fields)
                    reason = (f"conflict: {rec_text} vs {win_text}; "
                              f"policy {policy_text} kept {win_org}")
                    self.findings.add(W_CONFLICT(
                        f"{rec_text} disagrees with {win_text} "
                        f"at {win.origin}; {win_org}'s figures are used ({policy_text})",
                        hint="confirm with both partners; the merge log lists every decision",
                        position=rec.origin.position))
                self.log.add(LogEntry(origin=rec.origin, kind=kind, status="merged", into=win.origin,
                                      reason=reason))
        return sorted(winners, key=lambda r: (r.date, r.origin.file, r.origin.row))

    def reconcile_levels(self, kind: str, records: list[Any], fields: Sequence[str]) -> list[Any]:
        """Keep the most detailed rows; count only the unexplained part of a total beside them.

        Two levels: a district total beside site rows of the same district and day (displacement
        tracking reports sites), then a governorate total beside district (or site) rows.
        """
        records = self._reconcile(kind, records, fields, total=lambda r: r.adm2 is not None and not _place(r),
                                  detail=lambda r: bool(_place(r)), group=lambda r: (r.date, r.adm1, r.adm2),
                                  words=("district", "site", "site not specified"))
        return self._reconcile(kind, records, fields, total=lambda r: r.adm2 is None,
                               detail=lambda r: r.adm2 is not None, group=lambda r: (r.date, r.adm1),
                               words=("governorate", "district", "district not specified"))

    def _reconcile(self, kind: str, records: list[Any], fields: Sequence[str], *, total: Callable[[Any], bool],
                   detail: Callable[[Any], bool], group: Callable[[Any], Hashable],
                   words: tuple[str, str, str]) -> list[Any]:
        whole, part, unspecified = words
        details: dict[Hashable, list[Any]] = defaultdict(list)
        for rec in records:
            if detail(rec):
                details[group(rec)].append(rec)
        out = []
        for rec in records:
            covered = details.get(group(rec)) if total(rec) else None
            if not covered:
                out.append(rec)
                continue
            sums = {f: sum(getattr(d, f) or 0 for d in covered) for f in fields}
            rest = {f: max(0, (getattr(rec, f) or 0) - sums[f]) for f in fields}
            _cap_subgroups(rest)
            self.used.pop(rec.origin, None)
            detail_text = ", ".join(f"{f.replace('_', ' ')} {sums[f]}" for f in fields)
            if not any(rest.values()):
                self.log.add(LogEntry(
                    origin=rec.origin, kind=kind, status="merged", into=covered[0].origin,
                    reason=f"{whole} total is covered by {len(covered)} {part} rows ({detail_text})"))
                continue
            remainder = dataclasses.replace(rec, **{f: rest[f] if getattr(rec, f) is not None else None
                                                    for f in fields})
            out.append(remainder)
            self.log.add(LogEntry(
                origin=rec.origin, kind=kind, status="used", counted=_counted(remainder, fields),
                reason=f"{whole} total exceeds its {len(covered)} {part} rows ({detail_text}); "
                       f"the difference is shown as '{unspecified}'"))
            self.findings.add(W_LEVEL_OVERLAP(
                f"{whole}-level figures exceed the {part} rows of the same day "
                f"({detail_text}); the difference is counted as '{unspecified}'",
                hint=f"report either the {whole} total or the {part}s, not both",
                position=rec.origin.position))
        return out


def _place(rec: Any) -> str:
    return " ".join(str(getattr(rec, "place", "") or "").casefold().split())


def _cap_subgroups(rest: dict[str, int]) -> None:
    for part, whole in (("killed_children", "killed"), ("injured_children", "injured")):
        if part in rest and whole in rest:
            rest[part] = min(rest[part], rest[whole])


CASUALTY_FIELDS = ("killed", "killed_children", "injured", "injured_children")
DISPLACEMENT_FIELDS = ("idps", "households")


def merge_intake(intake: ValidatedIntake, policy: Policy) -> tuple[MergedData, MergeLog, Findings]:
    """Merge all partners' records under one policy; see the module docstring."""
    log = MergeLog()
    findings = Findings()
    for rej in intake.rejected:
        log.add(LogEntry(origin=rej.origin, kind=rej.kind, status="rejected", reason=rej.reason, code=rej.code))
    m = _Merger(policy, log, findings)
    merged = MergedData()

    casualties = m.resolve("Casualties", intake.casualties, lambda r: (r.date, r.adm1, r.adm2),
                           CASUALTY_FIELDS, lambda r: r.killed * 1_000_000 + r.injured)
    merged.casualties = m.reconcile_levels("Casualties", casualties, CASUALTY_FIELDS)
    displacement = m.resolve("Displacement", intake.displacement, lambda r: (r.date, r.adm1, r.adm2, _place(r)),
                             DISPLACEMENT_FIELDS, lambda r: r.idps)
    merged.displacement = m.reconcile_levels("Displacement", displacement, DISPLACEMENT_FIELDS)
    merged.locations = m.resolve(
        "Locations", intake.locations,
        lambda r: (r.adm1, r.adm2, " ".join(r.place.casefold().split()), r.status, r.date),
        ("status", "place"), lambda r: 0)
    merged.response = m.resolve(
        "Response", intake.response,
        lambda r: (r.date, r.sector, r.org.casefold(), r.adm1, r.adm2, r.activity.casefold()),
        ("reached", "targeted"), lambda r: r.reached)
    m.flush()

    for para in intake.narrative:
        merged.narrative.append(para)
        log.add(LogEntry(origin=para.origin, kind="Narrative", status="used"))
    seen: dict[str, SourceRecord] = {}
    for src in intake.sources:
        first = seen.setdefault(src.ref.casefold(), src)
        if first is src:
            merged.sources.append(src)
            log.add(LogEntry(origin=src.origin, kind="Sources", status="used"))
        else:
            log.add(LogEntry(origin=src.origin, kind="Sources", status="rejected", into=first.origin,
                             reason=f"reference '{shown(src.ref)}' is already used", code=E_DUPLICATE_REF.code))
    return merged, log, findings
