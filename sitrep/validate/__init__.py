"""Stage 2 — validate: raw sheets -> typed records + findings.

Input: the :class:`~sitrep.intake.RawSheet` objects of every intake file and a
:class:`Context` (gazetteer, reporting period). Each sheet's rows go through the row builder of
its data kind (:mod:`sitrep.kinds`). Output: a :class:`ValidatedIntake` holding the typed
records by kind and the rows set aside (each with its reason), and every finding, positioned at
``file › Sheet!D7``. Nothing is raised for bad data: all of it is reported at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sitrep.errors import Findings
from sitrep.intake import RawSheet
from sitrep.intake.bulk import collector_paused
from sitrep.kinds import KINDS_BY_SHEET
from sitrep.validate.places import LocationResolver
from sitrep.validate.records import ValidatedIntake
from sitrep.validate.rows import Context, check_sheet
from sitrep.validate.rules import check_duplicates, check_narrative

__all__ = ["Context", "ValidatedIntake", "validate_sheets"]


def validate_sheets(sheets: Iterable[RawSheet], ctx: Context, *, status: Callable[[str], None] | None = None,
                    ) -> tuple[ValidatedIntake, Findings]:
    """Check every row of every sheet, then the rules that span rows (``status`` is told how many rows)."""
    sheets = list(sheets)
    if status is not None:
        status(f"Checking {sum(len(sheet.rows) for sheet in sheets):,} rows")
    with collector_paused():
        return _validate(sheets, ctx)


def _validate(sheets: Iterable[RawSheet], ctx: Context) -> tuple[ValidatedIntake, Findings]:
    intake = ValidatedIntake()
    findings = Findings()
    resolver = LocationResolver(ctx.gazetteer)
    for sheet in sheets:
        check_sheet(sheet, KINDS_BY_SHEET[sheet.spec.name], ctx, resolver, intake, findings)
    intake.places = resolver.matched
    check_duplicates(intake, findings)
    check_narrative(intake, findings)
    return intake, findings
