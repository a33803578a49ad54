"""The shape of a blank intake template's words, and the example row's language-neutral values.

The words themselves, one block per language, are in :mod:`sitrep.intake.template_texts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["EXAMPLE_DAY", "EXAMPLE_VALUES", "AlertTexts", "TemplateTexts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertTexts:
    """An Excel data-validation error alert: a title (≤ 32 characters) and a message (≤ 255)."""

    title: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateTexts:
    """Everything a template says in one language."""

    title: str
    intro: str
    steps: tuple[str, ...]
    """How to fill in the workbook, one numbered step per entry."""
    steps_heading: str
    sheets_heading: str
    table_headings: tuple[str, str, str, str, str, str]
    """Sheet, column, HXL hashtag, required, what to type, example."""
    required: str
    """Shown in the "required" column for a required column."""
    location_required: str
    """Shown for the place columns of a sheet that needs one of them."""
    figure_required: str
    """Shown for a figure column: at least one of the sheet's figure columns is needed (issue 23)."""
    sheet_help: dict[str, str]
    """English sheet name -> what the sheet holds."""
    column_help: dict[str, str]
    """Field (or ``Sheet.field`` where a sheet means something else by it) -> what to type."""
    date_alert: AlertTexts
    count_alert: AlertTexts
    list_alert: AlertTexts
    area_alert: AlertTexts
    org_alert: AlertTexts
    example: dict[str, str] = field(default_factory=dict)
    """Words of the greyed example row: field -> text (figures and dates are in EXAMPLE_VALUES)."""
    example_marker: str
    """How the example row's notes start; the reader skips a row that starts so under the header
    (it does so only when the hashtag row, which normally keeps the example out, was deleted)."""


EXAMPLE_DAY = dt.date(2024, 11, 28)
EXAMPLE_VALUES: dict[str, dict[str, str | int | dt.date]] = {
    "Casualties": {"date": EXAMPLE_DAY, "adm1_code": "SY02", "adm2_code": "SY0200", "killed": 3,
                   "killed_children": 1, "injured": 7, "injured_children": 2, "reported": dt.date(2024, 11, 29)},
    "Displacement": {"date": EXAMPLE_DAY, "adm1_code": "SY02", "adm2_code": "SY0200", "idps": 1250,
                     "households": 250, "reported": dt.date(2024, 11, 29)},
    "Locations": {"date": EXAMPLE_DAY, "adm1_code": "SY02", "adm2_code": "SY0200", "status": "airstrikes"},
    "Response": {"date": EXAMPLE_DAY, "sector": "Health", "adm1_code": "SY02", "adm2_code": "SY0200",
                 "reached": 1500, "targeted": 2000},
    "Narrative": {"section": "highlights", "sources": "S1"},
    "Sources": {"ref": "S1", "date": dt.date(2024, 11, 29), "url": "https://example.org/report"},
}
"""Figures, dates, codes and list values of the example row, the same in every language."""
