"""Stage 3 — merge: typed records from many partners -> one dataset + a merge log.

Input: a :class:`~sitrep.validate.ValidatedIntake` and a :class:`Policy`. Output: a
:class:`MergedData` and a :class:`MergeLog` in which **every** input row appears exactly
once as ``used``, ``merged`` (into the row named) or ``rejected`` (with the reason).

Each data kind declares how it merges (:mod:`sitrep.kinds`). For ``policy`` kinds, rows about
the same place, day and thing (the kind's key) are one *group*: identical rows collapse; rows
that disagree are settled by the policy, and each disagreement becomes a ``W-conflict`` finding.
For kinds with levels, a governorate-level row and district rows for the same governorate and
day overlap: the districts are kept and only the part of the governorate figure that they do
not explain is counted, as "district not specified" (and likewise a district total beside its
sites). ``keep-all`` kinds (narrative) are used as they are; in ``first-wins`` kinds (sources) a
later row with an earlier row's key is rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from sitrep.codes import E_DUPLICATE_REF
from sitrep.errors import Findings, shown
from sitrep.intake.bulk import collector_paused
from sitrep.kinds import KINDS, DataKind, RecordSet
from sitrep.merge.log import LogEntry, MergeLog
from sitrep.merge.merger import Merger
from sitrep.merge.policy import Policy
from sitrep.validate.records import ValidatedIntake

__all__ = ["LogEntry", "MergeLog", "MergedData", "Policy", "merge_intake"]

MergedData = RecordSet
"""The merged records by kind, which every report section is computed from."""


def merge_intake(intake: ValidatedIntake, policy: Policy, *, status: Callable[[str], None] | None = None,
                 ) -> tuple[MergedData, MergeLog, Findings]:
    """Merge all partners' records under one policy; see the module docstring (``status`` is told
    how many records)."""
    if status is not None:
        status(f"Merging {sum(intake.records.counts().values()):,} records")
    with collector_paused():
        return _merge(intake, policy)


def _merge(intake: ValidatedIntake, policy: Policy) -> tuple[MergedData, MergeLog, Findings]:
    log = MergeLog()
    findings = Findings()
    for rej in intake.rejected:
        log.add(LogEntry(origin=rej.origin, kind=rej.kind, status="rejected", reason=rej.reason, code=rej.code))
    merger = Merger(policy, log, findings)
    merged = MergedData()
    for kind in KINDS:
        if kind.merge == "policy":
            merged.put(kind, merger.merge(kind, intake.records.of(kind)))
    merger.flush()
    for kind in KINDS:
        if kind.merge == "keep-all":
            merged.put(kind, _keep_all(kind, intake.records.of(kind), log))
        elif kind.merge == "first-wins":
            merged.put(kind, _first_wins(kind, intake.records.of(kind), log))
    log.places = intake.places
    return merged, log, findings


def _keep_all(kind: DataKind[Any], records: list[Any], log: MergeLog) -> list[Any]:
    for rec in records:
        log.add(LogEntry(origin=rec.origin, kind=kind.sheet.name, status="used"))
    return list(records)


def _first_wins(kind: DataKind[Any], records: list[Any], log: MergeLog) -> list[Any]:
    assert kind.key is not None, f"a first-wins kind needs a key: {kind.name}"
    seen: dict[Hashable, Any] = {}
    kept = []
    for rec in records:
        first = seen.setdefault(kind.key(rec), rec)
        if first is rec:
            kept.append(rec)
            log.add(LogEntry(origin=rec.origin, kind=kind.sheet.name, status="used"))
        else:
            log.add(LogEntry(origin=rec.origin, kind=kind.sheet.name, status="rejected", into=first.origin,
                             reason=f"reference '{shown(getattr(rec, 'ref', ''))}' is already used",
                             code=E_DUPLICATE_REF.code))
    return kept
