"""Findings back to the partner: an annotated copy of each partner's workbook, in its language.

Runs after the merge (it needs every finding and every merge decision). For each intake file
with errors, warnings or rows the merge did not use as sent, :func:`annotated_copies` makes a
copy of the file (``health.xlsx`` → ``health_annotated.xlsx``; a CSV becomes an ``.xlsx``): each
finding's cell is filled (errors red, warnings amber) and carries a note with the problem and the
fix; a first sheet lists every finding with a link to its cell, then the partner's rows the merge
did not use as sent, with the reason. The original is only read.

The copy speaks the language of the partner's sheets (:attr:`sitrep.intake.RawSheet.language`,
else the partner's ``language`` in ``[partners]``, else English) through the ``feedback``
catalogs, and shows the columns as the partner's sheet labels them. It holds only that file's
rows, findings and decisions: a message that names another partner is replaced by a sentence
that does not (:data:`~sitrep.feedback.texts.CROSS_PARTNER`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.codes import CODES, W_FEEDBACK_LOST, W_FEEDBACK_SKIPPED
from sitrep.config import Partner
from sitrep.errors import Finding, Findings, IntakeError, Position, Severity
from sitrep.feedback.texts import CROSS_PARTNER, DECISIONS, LANGUAGES, LOST_PARTS, Texts
from sitrep.feedback.workbook import Decision, Mark, header_label, label_row, package_parts
from sitrep.intake import RawSheet, read_intake
from sitrep.kinds import KINDS
from sitrep.merge import LogEntry, MergeLog
from sitrep.validate import ValidatedIntake

__all__ = ["AnnotatedCopy", "annotated_copies", "copy_name"]

ANNOTATED_SUFFIX = "_annotated"


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotatedCopy:
    """One partner file's annotated copy."""

    source: Path
    name: str
    """File name of the copy (``health-cluster_annotated.xlsx``)."""
    data: bytes
    language: str
    organisation: str
    """The organisation the file's rows name most often ("" when none)."""
    contact: str
    """The organisation's e-mail address from ``[partners]`` ("" when unknown)."""
    findings: int
    decisions: int
    lost: tuple[str, ...]


def copy_name(source: Path) -> str:
    """``health.xlsx`` → ``health_annotated.xlsx``; ``people.csv`` → ``people_annotated.xlsx``."""
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx"
    return f"{source.stem}{ANNOTATED_SUFFIX}{suffix}"


def annotated_copies(*, files: Sequence[Path], findings: Iterable[Finding], log: MergeLog,
                     intake: ValidatedIntake, partners: Mapping[str, Partner]) -> tuple[list[AnnotatedCopy], Findings]:
    """The annotated copy of every file with something to tell its partner, and findings about
    the copies themselves (parts a copy could not keep, files that cannot be copied)."""
    shown = [f for f in findings if f.severity is not Severity.INFO and f.position is not None]
    by_file: dict[str, list[Finding]] = {}
    for f in shown:
        assert f.position is not None
        by_file.setdefault(f.position.file, []).append(f)
    against: dict[str, list[LogEntry]] = {}
    for entry in log.sorted():
        if _against(entry):
            against.setdefault(entry.origin.file, []).append(entry)
    orgs = _organisations(intake)
    copies, notes = [], Findings()
    for path in files:
        mine, decisions = by_file.get(path.name, []), against.get(path.name, [])
        if not mine and not decisions:
            continue
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
            notes.add(W_FEEDBACK_SKIPPED(f"no annotated copy of a {path.suffix} file",
                                         hint="send the findings list instead, or ask for the file as .xlsx",
                                         position=Position(file=path.name)))
            continue
        org = orgs.get(path.name, "")
        partner = _partner(partners, org)
        try:
            copy = _annotate(path, mine, decisions, org=org, partner=partner)
        except (IntakeError, OSError, ValueError, KeyError) as exc:  # unreadable: its findings say why already
            notes.add(W_FEEDBACK_SKIPPED(f"no annotated copy: the file cannot be opened again ({exc})",
                                         hint="send the findings list instead", position=Position(file=path.name)))
            continue
        copies.append(copy)
        if copy.lost:
            notes.add(W_FEEDBACK_LOST(f"the annotated copy lacks {', '.join(copy.lost)} of the partner's workbook",
                                      hint="the copy says so on its Findings sheet; the partner's original keeps them",
                                      position=Position(file=copy.name)))
    return copies, notes


def _against(entry: LogEntry) -> bool:
    if entry.status == "rejected":  # rows kept for a later report (an I- code) are not held against anyone
        return not (entry.code in CODES and CODES[entry.code].severity is Severity.INFO)
    return entry.status == "merged" or (entry.status == "used" and "exceeds" in entry.reason)


def _organisations(intake: ValidatedIntake) -> dict[str, str]:
    counts: dict[str, Counter[str]] = {}
    for kind in KINDS:
        for rec in intake.records.of(kind):
            org = getattr(rec, "org", None)
            if org:
                counts.setdefault(rec.origin.file, Counter())[str(org)] += 1
    return {file: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for file, c in counts.items()}


def _partner(partners: Mapping[str, Partner], org: str) -> Partner:
    wanted = org.casefold().strip()
    for name, partner in partners.items():
        if name.casefold().strip() == wanted:
            return partner
    return Partner()


def _language(sheets: Sequence[RawSheet], partner: Partner) -> str:
    told = Counter(s.language for s in sheets if s.language in LANGUAGES)
    if told:
        return min(told.items(), key=lambda kv: (-kv[1], LANGUAGES.index(kv[0] or "en")))[0] or "en"
    return partner.language if partner.language in LANGUAGES else "en"


def _annotate(path: Path, mine: list[Finding], decisions: list[LogEntry], *, org: str, partner: Partner,
              ) -> AnnotatedCopy:
    from sitrep.feedback import workbook as book
    from sitrep.intake.csvfile import csv_grid
    from sitrep.intake.limits import DEFAULT_LIMITS

    sheets, _ = read_intake(path)
    layouts = {s.sheet: s for s in sheets}
    texts = Texts(_language(sheets, partner))
    is_csv = path.suffix.lower() == ".csv"
    source = path.read_bytes()
    grid = csv_grid(path, DEFAULT_LIMITS) if is_csv else None
    wb, warned = book.open_source(path, grid, sheets[0].sheet if sheets else "Sheet1")
    stamp = wb.properties.modified or wb.properties.created or book.FIXED_TIME
    stamp = stamp.replace(tzinfo=None) if isinstance(stamp, dt.datetime) else book.FIXED_TIME
    lost_en: tuple[str, ...] = ()
    lost_local: list[str] = []
    if not is_csv:  # what openpyxl dropped: a plain save of what it loaded, compared with the original
        plain = book.workbook_bytes(wb, stamp)
        lost_en, lost_local = _lost(source, plain, warned, texts)
        wb, _ = book.open_source(path, None, "")
    labels = {name: _column_labels(wb, layout, texts) for name, layout in layouts.items()}
    marks = [_mark(f, layouts, labels, texts) for f in _ordered(mine)]
    kept = [_decision(e, layouts, texts) for e in decisions]
    book.annotate(wb, marks, kept, texts, file=path.name, lost=lost_local)
    wb.properties.language = texts.language
    data = book.workbook_bytes(wb, stamp)
    return AnnotatedCopy(source=path, name=copy_name(path), data=data, language=texts.language, organisation=org,
                         contact=partner.contact, findings=len(marks), decisions=len(kept), lost=lost_en)


def _lost(source: bytes, plain: bytes, warned: list[str], texts: Texts) -> tuple[tuple[str, ...], list[str]]:
    before, after = package_parts(source), package_parts(plain)
    english, local = [], []
    for kind, words in LOST_PARTS.items():
        if kind != "extension" and before[kind] > after[kind]:
            english.append(f"{before[kind] - after[kind]} {words}")
            local.append(f"{before[kind] - after[kind]} {texts(words)}")
    extensions = sorted({m.split(" is not supported")[0] for m in warned if "extension is not supported" in m})
    if extensions:
        english += extensions
        local.append(f"{texts(LOST_PARTS['extension'])} ({', '.join(extensions)})")
    return tuple(english), local


def _ordered(findings: list[Finding]) -> list[Finding]:
    return Findings(findings).sorted()


def _column_labels(wb: Any, layout: RawSheet, texts: Texts) -> dict[int, str]:
    """Column number -> its label as the partner's sheet shows it (else the declared label in the
    copy's language), for the sheet's read columns."""
    if layout.sheet not in wb.sheetnames:
        return {}
    ws = wb[layout.sheet]
    row = label_row(ws, layout.header_row, _labels(layout))
    return {column: header_label(ws, row, column) or layout.spec.column(fld).label_in(texts.language)
            for fld, column in layout.columns.items()}


def _mark(f: Finding, layouts: Mapping[str, RawSheet], labels: Mapping[str, dict[int, str]], texts: Texts) -> Mark:
    pos = f.position
    assert pos is not None
    layout = layouts.get(pos.sheet or "")
    column = pos.column
    if pos.row and not column and layout is not None and layout.columns:
        column = min(layout.columns.values())  # a finding about a whole row: its first read column
    label = labels.get(pos.sheet or "", {}).get(pos.column or 0, "")
    if f.code in CROSS_PARTNER:  # the message and hint name the other partner: neither is shown
        details, action = texts(CROSS_PARTNER[f.code]), texts.action(f.code)
    else:
        details = f.message + (f" ({f.hint})" if f.hint and texts.language != "en" else "")
        action = (f.hint or texts.action(f.code)) if texts.language == "en" else texts.action(f.code)
    return Mark(severity=f.severity, sheet=pos.sheet, row=pos.row, column=column if pos.row else None, code=f.code,
                title=texts.title(f.code), details=details, action=action,
                column_label=label if pos.column else "", whole_row=bool(pos.row and not pos.column))


def decision_key(entry: LogEntry) -> str:
    """Which of :data:`~sitrep.feedback.texts.DECISIONS` tells what happened to the row."""
    if entry.status == "rejected":
        return "rejected"
    if entry.status == "used":
        return "partly"
    same_file = entry.into is not None and entry.into.file == entry.origin.file
    if entry.reason.startswith("same figures"):
        return "duplicate-own" if same_file else "duplicate-other"
    if entry.reason.startswith("conflict"):
        return "conflict"
    if "total is covered" in entry.reason:
        return "covered"
    if "which left it blank" in entry.reason:  # a figure of this row filled another's blank (#23)
        return "filled"
    return "other"


def _decision(entry: LogEntry, layouts: Mapping[str, RawSheet], texts: Texts) -> Decision:
    key = decision_key(entry)
    row = entry.into.row if entry.into is not None else 0
    reason = texts.title(entry.code) if entry.code else texts(DECISIONS["other"])
    layout = layouts.get(entry.origin.sheet)
    column = min(layout.columns.values()) if layout is not None and layout.columns else 1
    return Decision(sheet=entry.origin.sheet, row=entry.origin.row, column=column,
                    text=texts(DECISIONS[key], row=row, reason=reason))


def _labels(layout: RawSheet) -> frozenset[str]:
    """Every label the sheet's columns may carry, in any intake language, normalised."""
    from sitrep.kinds.columns import normalise_label

    return frozenset(normalise_label(text) for col in layout.spec.columns
                     for text in (*(col.label_in(lang) for lang in LANGUAGES), *col.aliases))
