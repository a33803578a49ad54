"""Finding the header of an intake sheet: the HXL hashtag row, else the row of header labels.

The top rows of a sheet are searched (a title may sit above the header). Merged header cells
are spread over the cells they cover, and a two-row header ("Killed" merged over "Total" and
"Children") is read as "Killed total" / "Killed children". When the sheet has a hashtag row, the
human labels above it are still looked at: they tell the sheet's language (which decides what
"1.234" means) and a label that contradicts its hashtag ("Women" over ``#affected+killed+m``)
is worth a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from sitrep.intake.cells import CellValue
from sitrep.intake.schema import Column, SheetSpec, label_language, match_label, normalise_label, parse_hashtag
from sitrep.intake.tags import Note, assign_tags
from sitrep.kinds.hxl import COUNT_HASHTAGS

MergedRange = tuple[tuple[int, int], tuple[int, int]]
"""((first row, first column), (last row, last column)), 0-based and inclusive, as calamine gives them."""


@dataclass(slots=True, kw_only=True)
class Header:
    """Where the header is and what it says."""

    row: int
    """1-based row of the hashtag row (or of the label row when there is none)."""
    columns: dict[str, int]
    """field -> 1-based column."""
    by_hashtag: bool
    unknown: list[tuple[int, str]] = field(default_factory=list)
    """(1-based column, text) of header cells that are not intake columns."""
    label_row: int | None = None
    """1-based row of the human labels (the header row itself when there is no hashtag row)."""
    language: str | None = None
    """Language of the labels (en, fr, es, ar) when it can be told."""
    sums: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """field -> 1-based columns added up into it (women + men when no total is given)."""
    notes: list[Note] = field(default_factory=list)
    """What the hashtag row tells the officer (repeated hashtags, attributes read past …)."""


def spread_merged(top: list[list[CellValue]], merged: Sequence[MergedRange]) -> set[tuple[int, int]]:
    """Copy each merged header cell's value into every cell it covers (in place).

    Returns the 0-based (row, column) cells that lie under a merge spanning several columns,
    the group headers of a two-row header.
    """
    wide: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(top):
            continue
        value = top[r0][c0] if c0 < len(top[r0]) else None
        for r in range(r0, min(r1 + 1, len(top))):
            row = top[r]
            row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value
                if c1 > c0:
                    wide.add((r, c))
    return wide


def find_header(spec: SheetSpec, top: list[list[CellValue]],
                wide: AbstractSet[tuple[int, int]] = frozenset()) -> Header | None:
    """The hashtag row if there is one, else the row whose labels name the most columns.

    A hashtag row is the header even when none of its hashtags fits ``spec``: its columns are
    then all missing (and each missing one says which hashtag came close), never "no header".
    """
    index = hashtag_row(top)
    if index is not None:
        tags = [(i + 1, v.strip()) for i, v in enumerate(top[index]) if isinstance(v, str)]
        found = assign_tags(spec, tags)
        label_row = _label_row_above(spec, top, index)
        language = label_language(spec, _texts(top[label_row - 1])) if label_row else None
        return Header(row=index + 1, columns=found.columns, by_hashtag=True, unknown=found.unknown,
                      label_row=label_row, language=language, sums=found.sums, notes=found.notes)
    best: Header | None = None
    for index in range(len(top)):
        labels = _labels(top, index, wide)
        columns, unknown = _assign(spec, labels, match_label)
        if len(columns) >= 2 and (best is None or len(columns) > len(best.columns)):
            language = label_language(spec, [t for _, t in labels])
            best = Header(row=index + 1, columns=columns, by_hashtag=False, unknown=unknown,
                          label_row=index + 1, language=language)
    return best


def hashtag_row(top: Sequence[Sequence[CellValue]]) -> int | None:
    """The 0-based index of the first row of HXL hashtags (at least half its texts are hashtags)."""
    for index, row in enumerate(top):
        texts = [v.strip() for v in row if isinstance(v, str) and v.strip()]
        tags = [t for t in texts if parse_hashtag(t) is not None]
        if tags and len(tags) * 2 >= len(texts):
            return index
    return None


def _assign(spec: SheetSpec, cells: list[tuple[int, str]], match: Callable[[SheetSpec, str], Column | None]
            ) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """field -> 1-based column for the header cells that name a column (the first one wins), and
    the cells that name none."""
    columns: dict[str, int] = {}
    unknown = []
    for i, text in cells:
        col = match(spec, text)
        if col is None or col.field in columns:
            unknown.append((i, text))
        else:
            columns[col.field] = i
    return columns, unknown


def _texts(row: Sequence[CellValue]) -> list[str]:
    return [v for v in row if isinstance(v, str)]


def _labels(top: list[list[CellValue]], index: int, wide: AbstractSet[tuple[int, int]]) -> list[tuple[int, str]]:
    """(1-based column, label) of a candidate header row; under a merged group header, the two
    rows are read together ("Killed" over "Children" -> "Killed Children")."""
    row = top[index]
    above = top[index - 1] if index > 0 else []
    grouped = index > 0 and any(r == index - 1 for r, _ in wide)
    labels = []
    for i in range(max(len(row), len(above) if grouped else 0)):
        own = _text_at(row, i)
        parent = _text_at(above, i) if grouped else None
        if (index - 1, i) in wide and parent and own:
            labels.append((i + 1, f"{parent} {own}"))
        elif own or parent:
            labels.append((i + 1, own or parent or ""))
    return labels


def _text_at(row: Sequence[CellValue], i: int) -> str | None:
    value = row[i] if i < len(row) else None
    return value if isinstance(value, str) else None


def _label_row_above(spec: SheetSpec, top: list[list[CellValue]], tag_index: int) -> int | None:
    """The 1-based row of human labels above a hashtag row: the one naming the most columns,
    else the row just above (which may hold a partner's own labels)."""
    scores = [(sum(match_label(spec, t) is not None for t in _texts(top[i])), i) for i in range(tag_index)]
    best = max(scores, default=(0, -1))
    if best[0] > 0:
        return best[1] + 1
    if tag_index > 0 and _texts(top[tag_index - 1]):
        return tag_index
    return None


_IMPLIED_WORDS: dict[str, tuple[str, ...]] = {
    "f": ("women", "woman", "female", "females", "girls", "girl", "femmes", "femme", "filles", "fille",
          "feminin", "mujeres", "mujer", "ninas", "nina", "femenino", "نساء", "النساء", "امراه", "اناث",
          "الاناث", "فتيات", "الفتيات"),
    "m": ("men", "man", "male", "males", "boys", "boy", "hommes", "homme", "garcons", "garcon", "masculin",
          "hombres", "hombre", "varones", "masculino", "رجال", "الرجال", "ذكور", "الذكور", "فتيان", "الفتيان"),
    "children": ("children", "child", "kids", "boys", "girls", "enfants", "enfant", "filles", "garcons",
                 "ninos", "ninas", "menores", "اطفال", "الاطفال", "طفل", "فتيات", "الفتيات", "فتيان", "الفتيان"),
    "adults": ("adults", "adultes", "adultos", "بالغون", "البالغين", "البالغون"),
    "hh": ("households", "menages", "hogares", "اسر", "الاسر", "عائلات", "العائلات"),
}
_WORD_ATTRIBUTES: dict[str, set[str]] = {}
for _attr, _words in _IMPLIED_WORDS.items():
    for _word in _words:
        _WORD_ATTRIBUTES.setdefault(normalise_label(_word), set()).add(_attr)


def label_contradictions(top: list[list[CellValue]], header: Header) -> list[tuple[int, str, str]]:
    """(1-based column, label, hashtag) of count columns whose label names a group (women, men,
    children, adults, households) that the hashtag does not carry."""
    if not header.by_hashtag or header.label_row is None or header.label_row == header.row:
        return []
    labels = top[header.label_row - 1]
    tags = top[header.row - 1]
    found = []
    for i in range(len(tags)):
        tag, label = _text_at(tags, i), _text_at(labels, i)
        parsed = parse_hashtag(tag) if tag else None
        if tag is None or label is None or parsed is None or parsed.name not in COUNT_HASHTAGS:
            continue
        implied = set().union(*(_WORD_ATTRIBUTES.get(w, set()) for w in normalise_label(label).split()))
        if implied - parsed.attributes:
            found.append((i + 1, label.strip(), tag.strip()))
    return found
