"""Checks across rows: duplicates, narrative placeholders and source references."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from sitrep.codes import E_DUPLICATE_REF, E_PLACEHOLDER, W_DUPLICATE_ROW, W_UNKNOWN_SOURCE
from sitrep.errors import Findings, Position, shown
from sitrep.kinds import KINDS, NARRATIVE, PLACEHOLDER_PATTERN, PLACEHOLDERS, SOURCES, Record
from sitrep.validate.records import ValidatedIntake


def check_duplicates(intake: ValidatedIntake, findings: Findings) -> None:
    """Identical rows within one file are almost always a copy-paste slip."""
    for kind in KINDS:
        if kind.duplicate is None:
            continue
        seen: dict[Hashable, Record] = {}
        for rec in intake.records.of(kind):
            first = seen.setdefault(kind.duplicate(rec), rec)
            if first is not rec:
                findings.add(W_DUPLICATE_ROW(
                    f"this row repeats row {first.origin.row} exactly; it is counted once",
                    hint="delete one of the two rows if they are the same report",
                    position=rec.origin.position))


def check_narrative(intake: ValidatedIntake, findings: Findings) -> None:
    """Placeholders must be known figures; source references must exist."""
    refs = defaultdict(list)
    for src in intake.records.of(SOURCES):
        refs[src.ref.casefold()].append(src)
    for dupes in refs.values():
        for src in dupes[1:]:
            findings.add(E_DUPLICATE_REF(f"source reference '{shown(src.ref)}' is used twice "
                               f"(first at row {dupes[0].origin.row})",
                               hint="give each source its own reference, e.g. S1, S2",
                               position=src.origin.position))
    for para in intake.records.of(NARRATIVE):
        for lang, text in para.texts.items():
            column = NARRATIVE.sheet.column(f"text_{lang}")
            pos = Position(file=para.origin.file, sheet=para.origin.sheet, row=para.origin.row,
                           column=para.text_columns.get(lang))
            for name in PLACEHOLDER_PATTERN.findall(text):
                if name.strip() not in PLACEHOLDERS:
                    findings.add(E_PLACEHOLDER(
                        f"unknown placeholder '{{{shown(name)}}}' in the {column.label} text",
                        hint="use one of: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS),
                        position=pos))
            if "{" in (rest := PLACEHOLDER_PATTERN.sub("", text)) or "}" in rest:  # "}{killed}{" too
                findings.add(E_PLACEHOLDER(f"unbalanced braces in the {column.label} text",
                                   hint="placeholders look like {killed_total}", position=pos))
        for ref in para.sources:
            if ref.casefold() not in refs:
                findings.add(W_UNKNOWN_SOURCE(f"source reference '{shown(ref)}' is not in the Sources sheet",
                                     hint="add it to Sources or correct the reference",
                                     position=para.origin.position))
