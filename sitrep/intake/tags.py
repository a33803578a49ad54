"""A hashtag row read as HXL means it: each column to the intake column it fits best.

Given the hashtags of a row, :func:`assign_tags` decides which sheet column feeds which intake
column (see :mod:`sitrep.kinds.hxl` for the rules), and notes what the officer should know:
descriptive attributes that were read past, a repeated hashtag, a second column of the same
meaning, a date taken from ``#date+reported``, killed women and men added up because no total
was given. :func:`near_misses` explains why a hashtag that is there did not fill a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sitrep.codes import I_HXL_ATTRIBUTE, I_HXL_SUMMED, W_DATE_FROM_REPORTED, W_HASHTAG_REPEATED, Code
from sitrep.errors import column_letter
from sitrep.intake.schema import Column, Hashtag, SheetSpec, best_column, parse_hashtag
from sitrep.kinds.columns import Kind
from sitrep.kinds.hxl import TagPattern, counts

SEXES = ("f", "m")
"""Parts that add up to a total when the total itself is not given."""


@dataclass(frozen=True, slots=True)
class Note:
    """Something to tell the officer about one header column (becomes a finding there)."""

    column: int
    """1-based column."""
    code: Code
    message: str
    hint: str | None = None


@dataclass(slots=True)
class Assignment:
    """What a hashtag row means for one sheet kind."""

    columns: dict[str, int] = field(default_factory=dict)
    """field -> 1-based column."""
    sums: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """field -> the 1-based columns whose figures add up to it (women + men)."""
    unknown: list[tuple[int, str]] = field(default_factory=list)
    """(1-based column, text) of hashtags that fit no intake column."""
    notes: list[Note] = field(default_factory=list)


def assign_tags(spec: SheetSpec, cells: Sequence[tuple[int, str]]) -> Assignment:
    """Map the hashtag cells ``(1-based column, text)`` of a row to ``spec``'s columns."""
    out = Assignment()
    tags: list[tuple[int, str, Hashtag]] = []
    first_seen: dict[Hashtag, int] = {}
    for i, text in cells:
        tag = parse_hashtag(text)
        if tag is None:
            continue
        if tag in first_seen:
            out.notes.append(Note(i, W_HASHTAG_REPEATED,
                                  f"the hashtag {tag} is in columns {column_letter(first_seen[tag])} and "
                                  f"{column_letter(i)}; column {column_letter(first_seen[tag])} is read",
                                  "delete the second column or give it its own hashtag"))
            continue
        first_seen[tag] = i
        tags.append((i, text, tag))
    candidates: dict[str, list[tuple[int, int, Hashtag, Column]]] = {}
    for i, text, tag in tags:
        col = best_column(spec, tag)
        if col is None:
            out.unknown.append((i, text))
            continue
        rank = col.pattern.match(tag)
        assert rank is not None
        candidates.setdefault(col.field, []).append((rank, i, tag, col))
    described: set[str] = set()
    for fld, found in candidates.items():
        rank, i, tag, col = min(found, key=lambda c: (c[0], c[1]))
        out.columns[fld] = i
        for _, other, other_tag, _ in sorted(found, key=lambda c: c[1]):
            if other != i:
                out.notes.append(Note(other, I_HXL_ATTRIBUTE,
                                      f"{other_tag} also means '{col.label}'; column {column_letter(i)} ({tag}) "
                                      "is read instead", None))
        for attr in sorted(col.pattern.descriptive(tag) - described):
            described.add(attr)
            out.notes.append(Note(i, I_HXL_ATTRIBUTE, f"+{attr} (in {tag}) does not change what sitrep counts; "
                                                      f"the column is read as '{col.label}'", None))
    _date_from_reported(spec, out)
    _sum_sexes(spec, tags, out)
    return out


def _date_from_reported(spec: SheetSpec, out: Assignment) -> None:
    """A sheet with only ``#date+reported`` dates its rows by it (the event date is not given)."""
    fields = {c.field for c in spec.columns}
    if "date" in fields and "date" not in out.columns and "reported" in out.columns:
        out.columns["date"] = out.columns["reported"]
        out.notes.append(Note(out.columns["reported"], W_DATE_FROM_REPORTED,
                              "the sheet has no event date (#date, #date+occurred); the date the figures "
                              "were reported (#date+reported) is used as the date of each row",
                              "add a #date column with the date of each event if it differs"))


def _sum_sexes(spec: SheetSpec, tags: list[tuple[int, str, Hashtag]], out: Assignment) -> None:
    """Killed women + killed men when the sheet gives no total of killed people (never beside one)."""
    used = set(out.columns.values())
    for col in spec.columns:
        if col.kind is not Kind.INT or col.field in out.columns:
            continue
        parts: list[tuple[int, Hashtag]] = []
        for sex in SEXES:
            pattern = TagPattern(hashtag=col.pattern.hashtag, required=col.pattern.required | {sex},
                                 excluded=col.pattern.excluded)
            match = [(i, tag) for i, _, tag in tags if i not in used and pattern.match(tag) is not None]
            if match:
                parts.append(match[0])
        if len(parts) == len(SEXES):
            columns = tuple(i for i, _ in parts)
            out.columns[col.field] = columns[0]
            out.sums[col.field] = columns
            out.unknown = [(i, t) for i, t in out.unknown if i not in columns]
            used.update(columns)
            out.notes.append(Note(columns[0], I_HXL_SUMMED,
                                  f"no total of '{col.label}' ({col.pattern}); it is the sum of "
                                  + " and ".join(f"{tag} (column {column_letter(i)})" for i, tag in parts), None))


def near_misses(col: Column, cells: Sequence[tuple[int, str]]) -> list[str]:
    """Why each hashtag of ``col``'s family in the row did not fill ``col`` (for the hint of a
    missing column): ``#org+type is there, but +type makes it another column``."""
    out = []
    for _, text in cells:
        tag = parse_hashtag(text)
        if tag is None or tag.name != col.pattern.hashtag:
            continue
        extra = tag.attributes - col.pattern.required - col.pattern.any_of - col.pattern.optional
        reasons = sorted(a for a in extra if a in col.pattern.excluded or counts(a))
        if "origin" in reasons:
            out.append(f"{tag} is there, but +origin is where people came from, not where they are (+dest)")
        elif reasons:
            out.append(f"{tag} is there, but {', '.join('+' + a for a in reasons)} "
                       f"{'makes' if len(reasons) == 1 else 'make'} it another figure")
        elif col.pattern.required - tag.attributes:
            missing = ", ".join("+" + a for a in sorted(col.pattern.required - tag.attributes))
            out.append(f"{tag} is there, but lacks {missing}")
        elif col.pattern.any_of:
            out.append(f"{tag} is there, but needs one of {', '.join('+' + a for a in sorted(col.pattern.any_of))}")
    return out
