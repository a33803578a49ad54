"""Which data kind a sheet holds: by its name, else by what its header says.

A partner's workbook may call its sheet "Data", "Sheet1" or "Casualties (2)"; a CSV may be
named ``export_2024.csv``. What the sheet holds is told by its hashtag row, else by its header
labels: a sheet is of the kind whose required columns its header names (the kind naming the
most columns wins). A sheet that looks like data but fits no kind is reported with the kind it
came closest to and the columns it lacks, so its rows are never dropped without a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.intake.cells import CellValue
from sitrep.intake.header import hashtag_row
from sitrep.intake.schema import LANGUAGES, SHEETS, SheetSpec, match_hashtag, match_label, normalise_label
from sitrep.intake.tags import assign_tags


@dataclass(frozen=True, slots=True)
class Fit:
    """How well a sheet's header fits a kind."""

    spec: SheetSpec
    found: frozenset[str]
    """Fields the header names."""
    missing: tuple[str, ...]
    """Labels of required columns it does not name."""

    @property
    def fits(self) -> bool:
        return not self.missing


def fit(spec: SheetSpec, top: Sequence[Sequence[CellValue]]) -> Fit:
    """How ``top`` (the first rows of a sheet) fits ``spec``: by the hashtag row when there is
    one, else by any header label in those rows."""
    index = hashtag_row(top)
    if index is not None:
        cells = [(i + 1, v.strip()) for i, v in enumerate(top[index]) if isinstance(v, str)]
        found = set(assign_tags(spec, cells).columns)
    else:
        texts = [v for row in top for v in row if isinstance(v, str) and v.strip()]
        found = {col.field for t in texts if (col := match_label(spec, t)) is not None}
    return Fit(spec=spec, found=frozenset(found), missing=spec.lacking(found))


def guess_spec(top: Sequence[Sequence[CellValue]]) -> tuple[SheetSpec | None, Fit | None]:
    """The kind whose required columns the header names (most columns named wins), and
    otherwise None with the closest fit (for the finding that says what is missing)."""
    fits = [fit(spec, top) for spec in SHEETS]
    good = [f for f in fits if f.fits]
    if good:
        best = max(good, key=lambda f: (len(f.found), -SHEETS.index(f.spec)))
        return best.spec, best
    close = max(fits, key=lambda f: (len(f.found) - 2 * len(f.missing), -SHEETS.index(f.spec)))
    return None, close if close.found else None


def spec_named_in(file_stem: str) -> SheetSpec | None:
    """The one kind a file name names (``health_casualties.csv``), or None."""
    words = normalise_label(file_stem).split()
    named = [s for s in SHEETS if any(normalise_label(s.name_in(lang)) in words for lang in LANGUAGES)]
    return named[0] if len(named) == 1 else None


def looks_like_data(top: Sequence[Sequence[CellValue]]) -> bool:
    """A hashtag row, or a row of several labels above rows holding figures."""
    if hashtag_row(top) is not None:
        return True
    rows = [[v for v in row if v is not None and v != ""] for row in top]
    numeric = sum(1 for row in rows if len(row) >= 2 and any(isinstance(v, (int, float)) for v in row))
    labelled = any(len(row) >= 3 and all(isinstance(v, str) for v in row) for row in rows)
    return labelled and numeric >= 1


def is_hxl_tag(text: str) -> bool:
    """Whether a header text is a hashtag of some intake column (used to rank CSV headers)."""
    return any(match_hashtag(spec, text) is not None for spec in SHEETS)
