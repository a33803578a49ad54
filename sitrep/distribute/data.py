"""The report's data for others to reuse: HXL-tagged CSV, JSON, and the findings as CSV.

The HXL CSV files use the intake format itself (the same hashtags and English header labels as
``sitrep/intake/schema.py``), one row per merged record with its organisation, so sitrep's own
intake reads them back to the same figures: put the four files in a workspace's ``inputs/`` with
the same ``report.toml`` and gazetteer and the merged figures are unchanged (tests/test_distribute.py).
Every output is a pure function of its inputs (same inputs, same bytes).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from sitrep.distribute.safe import spreadsheet_csv
from sitrep.errors import Finding, Findings, Severity
from sitrep.kinds import KINDS, Cell, DataKind, Located
from sitrep.merge import MergedData, MergeLog
from sitrep.model import AreaFigures, AreaRef, SituationReport
from sitrep.model.build import KEY_FIGURE_NAMES

if TYPE_CHECKING:
    from sitrep.gazetteer import Gazetteer

HXL_KINDS: dict[str, DataKind[Any]] = {kind.name: kind for kind in KINDS if kind.export is not None}
"""The kinds :func:`hxl_csv` exports, by name (casualties, displacement, locations, response)."""
FINDING_FIELDS = ("code", "severity", "file", "sheet", "cell", "row", "key", "message", "hint")
"""Columns of :func:`findings_csv`: the keys of :meth:`Finding.to_dict`, in its order."""
MERGE_LOG_FIELDS = ("file", "sheet", "row", "kind", "status", "counted", "into", "code", "place", "reason")
"""Columns of :func:`merge_log_csv`: the keys of :meth:`LogEntry.as_row`, in this order."""
JSON_FORMAT = "sitrep-report-data"
JSON_VERSION = 2
"""2: findings and merge log only with ``--json-full`` (their counts always); compact encoding."""


def hxl_csv(kind: DataKind[Any], merged: MergedData, gazetteer: Gazetteer) -> bytes:
    """One merged kind (casualties, displacement, locations, response) as an HXL-tagged CSV.

    A header row of English labels, then the hashtag row, then one row per merged record: dates
    in ISO 8601, P-codes with their English gazetteer names, figures as plain integers (a blank
    cell where the partner did not report the figure, 0 only where it reported zero), the
    organisation kept. UTF-8 with a BOM and CRLF line ends (Excel), text cells neutralised
    against formulas.

    A governorate-level row that the merge kept next to district rows of the same day holds only
    the part of the partner's figure that the districts do not explain ("district not
    specified"). In the intake format a governorate row beside district rows *is* the
    governorate total, so it is written as that total (the part counted plus the districts'
    figures) with a note: read again, the merge subtracts the districts and counts the same part.
    Summing a figure column over the rows then counts those districts twice; the JSON export
    holds the report's figures as summed.
    """
    if kind.export is None:
        raise ValueError(f"the kind {kind.name!r} is not exported; exported: {', '.join(HXL_KINDS)}")
    spec = kind.sheet
    fields = [c.field for c in spec.columns]
    rows: list[list[Cell]] = [[c.label for c in spec.columns], [c.tag for c in spec.columns]]
    records = merged.of(kind)
    figures = kind.measures if kind.levels else ()
    covered = _district_sums(records, figures) if figures else {}
    for rec in records:
        values: dict[str, Cell] = {"date": rec.date.isoformat(), "org": rec.org}
        values.update(_place(gazetteer, rec.adm1, rec.adm2))
        values.update(kind.export(rec))
        notes: list[str] = []
        sums = covered.get((rec.date, rec.adm1)) if figures and rec.adm2 is None else None
        if sums is not None:
            for name in figures:
                value = getattr(rec, name)
                values[name] = value + sums[name] if value is not None else value
            counted = ", ".join(f"{n.replace('_', ' ')} {getattr(rec, n)}" for n in figures
                                if getattr(rec, n) is not None)
            notes.append(f"governorate total; counted as district not specified beyond the district "
                         f"rows of the same day: {counted}")
        if isinstance(values.get("notes"), str):
            notes.append(str(values["notes"]))
        if rec.estimated:
            notes.append("estimate: " + ", ".join(f.replace("_", " ") for f in rec.estimated))
        values["notes"] = "; ".join(notes) or None
        rows.append([values.get(f) for f in fields])
    return spreadsheet_csv(rows)


def merge_log_csv(log: MergeLog) -> bytes:
    """The merge log as CSV, one line per input row (:func:`spreadsheet_csv`: UTF-8 with a BOM,
    CRLF, text neutralised). 50,000 lines (10 MB) for a large intake take about 0.3 s, which a
    parallel build spends while the workers render."""
    rows = ([line[f] for f in MERGE_LOG_FIELDS] for line in log.rows())
    return spreadsheet_csv(chain([MERGE_LOG_FIELDS], rows))


def _place(gazetteer: Gazetteer, adm1: str | None, adm2: str | None) -> dict[str, Cell]:
    def name(pcode: str | None) -> str | None:
        if not pcode:
            return None
        area = gazetteer.get(pcode)
        return area.name if area is not None else None

    return {"adm1_code": adm1, "adm1_name": name(adm1), "adm2_code": adm2, "adm2_name": name(adm2)}


def _district_sums(records: Sequence[Located], figures: Sequence[str]) -> dict[tuple[Any, str], dict[str, int]]:
    """(date, governorate) -> each figure summed over that day's district rows."""
    sums: dict[tuple[Any, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(figures, 0))
    for rec in records:
        if rec.adm2 is not None:
            line = sums[(rec.date, rec.adm1)]
            for name in figures:
                line[name] += getattr(rec, name) or 0
    return dict(sums)


def report_json(report: SituationReport, merged: MergedData, findings: Iterable[Finding], log: MergeLog,
                *, full: bool = False) -> bytes:
    """The report's merged figures (totals, by area, by sector, affected locations) with its
    metadata and the counts of findings and merge-log lines, as compact UTF-8 JSON.

    A figure no partner reported is ``null``, a reported zero is ``0``; ``partial`` names the
    figures that are lower bounds (some rows left them blank: "at least N").

    The findings and the merge log themselves are in their own CSV files; ``full`` adds them here
    too (:meth:`Finding.to_dict`, :meth:`LogEntry.as_row`, sorted by file, sheet and row). Keys
    come in a fixed order. Compact separators keep Python's fast encoder: at 200,000 intake rows
    an indented full file took about 630 MB to write."""
    findings = Findings(list(findings))
    f = report.figures
    data: dict[str, Any] = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "report": {
            "country": report.country, "crisis": report.crisis, "slug": report.slug,
            "type": report.report_type, "number": report.number, "as_of": report.as_of.isoformat(),
            "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
            "organisation": report.organisation, "illustrative": report.illustrative, "draft": report.draft,
            "previous": None if report.previous is None else {
                "type": report.previous.report_type, "number": report.previous.number,
                "as_of": report.previous.as_of.isoformat()},
        },
        "figures": {**{name: getattr(f, name) for name in KEY_FIGURE_NAMES}, "estimated": sorted(f.estimated),
                    "partial": sorted(f.partial)},
        "changes": {name: report.changes[name] for name in KEY_FIGURE_NAMES if name in report.changes},
        "casualties": [_area_line(line) for line in report.casualties],
        "displacement": [_area_line(line) for line in report.displacement],
        "sectors": [{"sector": s.sector, "reached": s.reached, "targeted": s.targeted, "partners": list(s.partners),
                     "activities": list(s.activities)} for s in report.sectors],
        "locations": [{"adm1": _area(loc.adm1), "adm2": _area(loc.adm2), "place": loc.place,
                       "statuses": list(loc.statuses), "last_reported": loc.last_reported.isoformat(),
                       "point": list(loc.point) if loc.point else None}  # [latitude, longitude] (map, #17)
                      for loc in report.locations],
        "partners_reporting": list(report.partners_reporting),
        "records": {kind.name: len(merged.of(kind)) for kind in KINDS},
        "findings_count": {str(sev): sum(1 for x in findings if x.severity is sev) for sev in Severity},
        "merge_log_count": {status: log.count(status) for status in ("used", "merged", "rejected")},
    }
    if full:
        data["findings"] = [x.to_dict() for x in findings.sorted()]
        data["merge_log"] = list(log.rows())
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _area(ref: AreaRef | None) -> dict[str, str] | None:
    return None if ref is None else {"pcode": ref.pcode, "name": ref.name("en")}


def _area_line(line: AreaFigures) -> dict[str, Any]:
    """A table line: ``governorate`` (subtotal), ``district``, or ``not-specified`` (the part of a
    governorate figure no district row explains)."""
    kind = "governorate" if line.subtotal else "district" if line.adm2 is not None else "not-specified"
    return {"line": kind, "adm1": _area(line.adm1), "adm2": _area(line.adm2), "values": dict(line.values),
            "partial": sorted(line.partial), "change": dict(line.change) if line.change is not None else None}


def findings_csv(findings: Iterable[Finding]) -> bytes:
    """The findings as CSV, one per line with the columns of :meth:`Finding.to_dict` (sorted by
    file, sheet, row and column; UTF-8 with a BOM, CRLF, text neutralised against formulas)."""
    def line(finding: Finding) -> list[Cell]:
        d = finding.to_dict()
        return [d[k] if isinstance(d[k], (int, str)) or d[k] is None else str(d[k]) for k in FINDING_FIELDS]

    return spreadsheet_csv(chain([list(FINDING_FIELDS)], map(line, Findings(list(findings)).sorted())))
