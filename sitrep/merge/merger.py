"""Settling each group of rows under the policy, and reconciling totals with their parts."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sitrep.codes import W_CONFLICT, W_LEVEL_OVERLAP
from sitrep.errors import Findings, shown
from sitrep.kinds import DataKind, Origin, Record
from sitrep.kinds.displacement import site
from sitrep.merge.log import LogEntry, MergeLog
from sitrep.merge.policy import Policy

R = TypeVar("R", bound=Record)


def fill_sources(kind: DataKind[Any], group: Sequence[Any], win: Any,
                 policy: Policy) -> tuple[dict[str, Any], dict[str, Any]]:
    """Which row each figure of a group's merged record comes from, and the parts left out.

    A figure comes from the best row, by the policy, among those that reported it (the policy's
    row itself when it did). A part (children killed) taken from another row is left out when it
    would exceed its whole: a merged record never says more children than people were killed.
    """
    source: dict[str, Any] = {}
    for f in kind.measures:
        if getattr(win, f) is not None:
            source[f] = win
            continue
        reported = [r for r in group if getattr(r, f) is not None]
        if reported:
            source[f] = policy.choose(reported, kind.magnitude, _reported)
    dropped: dict[str, Any] = {}
    for part, whole in kind.subgroups:
        p, w = source.get(part), source.get(whole)
        if p is None or w is None or p is w or getattr(p, part) <= getattr(w, whole):
            continue
        drop = whole if p is win else part  # keep what the row used reported itself
        dropped[drop] = source.pop(drop)
    return source, dropped


def _counted(rec: Any, fields: Sequence[str]) -> str:
    # Plain loops rather than generators: called for every row of large intakes.
    parts = []
    for f in fields:
        value = getattr(rec, f, None)
        if value is not None:
            parts.append(f"{f}={value}")
    return "; ".join(parts)


def _describe(rec: Any, fields: Sequence[str]) -> str:
    parts = []
    for f in fields:
        value = getattr(rec, f, None)
        if value is not None:
            parts.append(f"{f.replace('_', ' ')} {value}")
    return f"{shown(rec.org)} ({', '.join(parts)})"


_CONFLICT_HINT = "confirm with both partners; the merge log lists every decision"


def _reported(rec: Any) -> Any:
    return getattr(rec, "reported", None)


def _place(rec: Any) -> str:
    place = getattr(rec, "place", "")
    return site(str(place)) if place else ""


class Merger:
    """Merges the groups of one or more kinds, logging every row."""

    def __init__(self, policy: Policy, log: MergeLog, findings: Findings) -> None:
        self.policy = policy
        self.log = log
        self.findings = findings
        self.used: dict[Origin, LogEntry] = {}
        """Winners, logged at the end because level reconciliation may still change them."""
        self._policy_text = policy.describe()

    def flush(self) -> None:
        for entry in self.used.values():
            self.log.add(entry)
        self.used.clear()

    def merge(self, kind: DataKind[R], records: Sequence[R]) -> list[R]:
        """The merged records of a ``policy`` kind: groups settled, then levels reconciled."""
        winners = self.resolve(kind, records)
        return self.reconcile_levels(kind, winners) if kind.levels else winners

    def resolve(self, kind: DataKind[R], records: Sequence[R]) -> list[R]:
        """Collapse each group of records to its merged record, logging every row.

        The policy picks the group's row; a figure that row leaves blank (not reported) is taken
        from the best row, by the same policy, among those that reported it. A blank never wins
        over a number, and two rows conflict only where both reported a figure and they differ.
        """
        assert kind.key is not None, f"a policy-merged kind needs a key: {kind.name}"
        name, fields = kind.sheet.name, kind.measures
        groups: dict[Hashable, list[Any]] = defaultdict(list)
        for rec in records:
            groups[kind.key(rec)].append(rec)
        winners = []
        for group in groups.values():
            if len(group) == 1:
                win = group[0]
                winners.append(win)
                self.used[win.origin] = LogEntry(origin=win.origin, kind=name, status="used",
                                                 counted=_counted(win, fields))
                continue
            winners.append(self._settle(kind, group))
        return sorted(winners, key=lambda r: (r.date, r.origin.file, r.origin.row))

    def _settle(self, kind: DataKind[R], group: list[Any]) -> Any:
        name, fields, magnitude = kind.sheet.name, kind.measures, kind.magnitude
        win = self.policy.choose(group, magnitude, _reported)
        source, dropped = fill_sources(kind, group, win, self.policy)
        merged = win
        taken = {f: src for f, src in source.items() if src is not win}
        if taken:
            estimated = tuple(f for f in getattr(win, "estimated", ()) if f not in taken) + tuple(
                f for f, src in taken.items() if f in getattr(src, "estimated", ()))
            merged = dataclasses.replace(win, **{f: getattr(src, f) for f, src in taken.items()},
                                         estimated=estimated)
        notes = [f"chosen among {len(group)} rows"]
        notes += [f"{f.replace('_', ' ')} from {shown(src.org)} ({src.origin}), which the row used left blank"
                  for f, src in taken.items()]
        notes += [f"{f.replace('_', ' ')} of {shown(src.org)} ({src.origin}) not taken: children would then "
                  "exceed all people counted" for f, src in dropped.items()]
        self.used[win.origin] = LogEntry(origin=win.origin, kind=name, status="used",
                                         counted=_counted(merged, fields), reason="; ".join(notes))
        policy_text = self._policy_text
        merged_text = where = ""
        kept = [(f, value) for f in fields if (value := getattr(merged, f)) is not None]
        for rec in group:
            if rec is win:
                continue
            clash = [f for f, value in kept if (mine := getattr(rec, f)) is not None and mine != value]
            if not clash:
                given = [f.replace("_", " ") for f, src in taken.items() if src is rec]
                reason = (f"its {', '.join(given)} used in the row used, which left it blank; "
                          "its other figures agree" if given else "same figures as the row used (duplicate)")
            else:
                other = source.get(clash[0], win)
                if not merged_text:  # once per group (most groups have no conflict)
                    merged_text, where = _describe(merged, fields), str(win.origin)
                rec_text = _describe(rec, fields)
                why = self.policy.why(other, rec, magnitude, _reported)
                reason = (f"conflict: {rec_text} vs {merged_text}; "
                          f"policy {policy_text} kept {shown(other.org)} "
                          f"({where if other is win else other.origin}): {why}")
                self.findings.add(W_CONFLICT(
                    f"{rec_text} disagrees with {merged_text} "
                    f"at {where}; the row at {where} is used ({policy_text}): {why}",
                    hint=_CONFLICT_HINT, position=rec.origin.position))
            self.log.add(LogEntry(origin=rec.origin, kind=name, status="merged", into=win.origin, reason=reason))
        return merged

    def reconcile_levels(self, kind: DataKind[R], records: list[R]) -> list[R]:
        """Keep the most detailed rows; count only the unexplained part of a total beside them.

        Two levels: a district total beside site rows of the same district and day (displacement
        tracking reports sites), then a governorate total beside district (or site) rows.
        """
        records = self._reconcile(kind, records, total=lambda r: r.adm2 is not None and not _place(r),
                                  detail=lambda r: bool(_place(r)), group=lambda r: (r.date, r.adm1, r.adm2),
                                  words=("district", "site", "site not specified"))
        return self._reconcile(kind, records, total=lambda r: r.adm2 is None,
                               detail=lambda r: r.adm2 is not None, group=lambda r: (r.date, r.adm1),
                               words=("governorate", "district", "district not specified"))

    def _reconcile(self, kind: DataKind[R], records: list[R], *, total: Callable[[Any], bool],
                   detail: Callable[[Any], bool], group: Callable[[Any], Hashable],
                   words: tuple[str, str, str]) -> list[R]:
        name, fields = kind.sheet.name, kind.measures
        whole, part, unspecified = words
        details: dict[Hashable, list[Any]] = defaultdict(list)
        for rec in records:
            if detail(rec):
                details[group(rec)].append(rec)
        if not details:  # no detail rows (casualties have no sites): nothing to reconcile
            return list(records)
        out = []
        for rec in records:
            covered = details.get(group(rec)) if total(rec) else None
            if not covered:
                out.append(rec)
                continue
            origin: Origin = getattr(rec, "origin")  # noqa: B009 - records are typed by their kind only
            sums = {f: sum(getattr(d, f) or 0 for d in covered) for f in fields}
            rest = {f: max(0, (getattr(rec, f) or 0) - sums[f]) for f in fields}
            for sub, sup in kind.subgroups:
                if getattr(rec, sup) is not None:
                    rest[sub] = min(rest[sub], rest[sup])
            self.used.pop(origin, None)
            detail_text = ", ".join(f"{f.replace('_', ' ')} {sums[f]}" for f in fields  # blank in every part: unsaid
                                    if any(getattr(d, f) is not None for d in covered))
            # A figure the total reports and no detail row does (a 0 included) is not covered: kept.
            only_total = [f for f in fields if getattr(rec, f) is not None
                          and all(getattr(d, f) is None for d in covered)]
            if not any(rest.values()) and not only_total:
                self.log.add(LogEntry(
                    origin=origin, kind=name, status="merged", into=covered[0].origin,
                    reason=f"{whole} total is covered by {len(covered)} {part} rows ({detail_text})"))
                continue
            remainder = dataclasses.replace(rec, **{f: rest[f] if getattr(rec, f) is not None else None  # type: ignore[type-var]
                                                    for f in fields})
            out.append(remainder)
            if not any(rest.values()):
                self.log.add(LogEntry(
                    origin=origin, kind=name, status="used", counted=_counted(remainder, fields),
                    reason=f"{whole} total reports {', '.join(f.replace('_', ' ') for f in only_total)}, "
                           f"which its {len(covered)} {part} rows leave blank; shown as '{unspecified}'"))
                continue
            self.log.add(LogEntry(
                origin=origin, kind=name, status="used", counted=_counted(remainder, fields),
                reason=f"{whole} total exceeds its {len(covered)} {part} rows ({detail_text}); "
                       f"the difference is shown as '{unspecified}'"))
            self.findings.add(W_LEVEL_OVERLAP(
                f"{whole}-level figures exceed the {part} rows of the same day "
                f"({detail_text}); the difference is counted as '{unspecified}'",
                hint=f"report either the {whole} total or the {part}s, not both",
                position=origin.position))
        return out
