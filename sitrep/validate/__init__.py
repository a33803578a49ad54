"""Stage 2 — validate: raw sheets -> typed records + findings.

Input: the :class:`~sitrep.intake.RawSheet` objects of every intake file and a
:class:`Context` (gazetteer, reporting period). Output: a :class:`ValidatedIntake` holding
typed records and the rows set aside (each with its reason), and every finding, positioned
at ``file › Sheet!D7``. Nothing is raised for bad data: all of it is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.errors import Findings
from sitrep.intake import RawSheet
from sitrep.validate.records import ValidatedIntake
from sitrep.validate.rows import Context, LocationResolver, check_sheet
from sitrep.validate.rules import check_duplicates, check_narrative

__all__ = ["Context", "ValidatedIntake", "validate_sheets"]


def validate_sheets(sheets: Iterable[RawSheet], ctx: Context) -> tuple[ValidatedIntake, Findings]:
    """Check every row of every sheet, then the rules that span rows."""
    intake = ValidatedIntake()
    findings = Findings()
    resolver = LocationResolver(ctx.gazetteer)
    for sheet in sheets:
        check_sheet(sheet, ctx, resolver, intake, findings)
    check_duplicates(intake, findings)
    check_narrative(intake, findings)
    return intake, findings
