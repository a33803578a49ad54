"""The words of an annotated copy, in the partner's language (gettext domain ``feedback``).

Three kinds of text are translated through the catalogs in ``sitrep/i18n/locales/<lang>/LC_MESSAGES/
feedback.po``: each finding code's title and action (declared in :mod:`sitrep.codes`), the fixed
phrases of the copy (sheet and column headings, the labels of a note, the e-mail) marked here with
:func:`F_`, and the redacted sentences that replace a message naming another partner. A finding's
own message and hint are built by the validator in English with the cell's values inside; they are
shown beside the translated title, under a heading that says they are in English.

The domain is separate from the report's (``sitrep``): its labels are the partners' intake
languages (en, fr, es, ar, those of the blank templates), not every report language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sitrep.codes import (
    CODES,
    E_CONFIG,
    E_CONFIG_MISSING,
    E_CONFIG_SYNTAX,
    E_FONT_MISSING,
    E_GAZETTEER,
    E_HISTORY,
    E_IMAGE,
    E_ISSUE_INTERRUPTED,
    E_NO_INPUTS,
    E_OUTPUT_WRITE,
    E_OUTSIDE_WORKSPACE,
    E_TEMPLATE,
    E_TEMPLATE_MISSING,
    E_TEXT_LIMIT,
    W_CONFLICT,
    W_DRAFT_ELSEWHERE,
    W_FEEDBACK_LOST,
    W_FEEDBACK_SKIPPED,
    W_FIGURE_NOT_REPORTED,
    W_FILE_NOT_READ,
    W_HISTORY_RECORD,
    W_LABEL_MISSING,
    W_LEVEL_OVERLAP,
    W_LIMIT,
    W_NO_DATA,
    W_NO_GAZETTEER,
    Code,
)
from sitrep.errors import Severity
from sitrep.i18n.catalog import load_messages

DOMAIN = "feedback"
LANGUAGES = ("en", "fr", "es", "ar")
"""The languages of the intake templates, which partners' sheets are labelled in."""


def F_(message: str) -> str:  # noqa: N802 - gettext convention, a keyword of its own for this domain
    """Mark a phrase of the feedback domain for extraction."""
    return message


CROSS_PARTNER: dict[str, str] = {
    W_CONFLICT.code: F_("Another partner reported different figures for the same place, day and category; "
                        "their row was used under the report's conflict policy."),
    W_LEVEL_OVERLAP.code: F_("Rows with more detail (districts or sites) cover the same place and day; "
                             "only the part of this total that they do not explain is counted."),
}
"""Codes whose message names another partner or its figures: the copy shows this sentence instead."""

DECISIONS = {
    "conflict": F_("Not used: another partner's row about the same place, day and category was used "
                   "under the report's conflict policy."),
    "duplicate-own": F_("Counted once: it has the same figures as row {row} of this sheet."),
    "duplicate-other": F_("Counted once: another partner reported the same figures."),
    "covered": F_("Not counted: rows with more detail (districts or sites) for the same place and day "
                  "already add up to this total."),
    "partly": F_("Partly counted: only the part of this total that the detailed rows do not explain."),
    "rejected": F_("Not used: {reason}"),
    "filled": F_("Partly used: another partner's row about the same place and day was used, and the figures "
                 "it left blank are taken from this row."),
    "other": F_("Not used as sent: another row was used instead."),
}
"""What happened to a partner's row, without naming the other partner (see :func:`decision_key`)."""

PHRASES = (
    F_("Findings for {file}"), F_("Severity"), F_("Sheet"), F_("Cell"), F_("Column"),
    F_("Value"), F_("Problem"), F_("Details (in English)"), F_("Details"), F_("What to do"),
    F_("Error"), F_("Warning"), F_("Row"), F_("Decision"),
    F_("Rows not used as you sent them"), F_("{errors} errors, {warnings} warnings"),
    F_("Cells with an error are filled red, cells with a warning amber; each has a note with the details."),
    F_("Rows with an error are not counted in the report until they are corrected."),
    F_("This copy lacks parts of your workbook that could not be kept: {parts}. Your original file still has them."),
    F_("the file"),
    F_("Corrections needed in {file}"), F_("Dear colleagues,"),
    F_("Thank you for your data. Attached is a copy of {file} with the cells that need attention marked, "
       "and a first sheet that lists them."),
    F_("Please correct your original file and send it again."), F_("Kind regards,"),
)
"""Fixed phrases (listed so that extraction finds them where they are used by name)."""

LOST_PARTS = {
    "chart": F_("charts"), "image": F_("images"), "drawing": F_("drawings or shapes"),
    "pivot": F_("pivot tables"), "slicer": F_("slicers"), "threaded": F_("threaded comments"),
    "macro": F_("macros"), "extension": F_("Excel extensions"),
}


@dataclass(slots=True)
class Texts:
    """The feedback phrases in one language; English when a phrase has no translation."""

    language: str

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    def __call__(self, message: str, **values: object) -> str:
        text = message if self.language == "en" else load_messages(self.language, DOMAIN).get(message, message)
        return text.format(**values) if values else text

    def title(self, code: str) -> str:
        declared = CODES.get(code)
        return self(declared.title) if declared else code

    def action(self, code: str) -> str:
        declared = CODES.get(code)
        return self(declared.action) if declared else ""


OFFICE_ONLY = frozenset({
    E_CONFIG.code, E_CONFIG_MISSING.code, E_CONFIG_SYNTAX.code, E_GAZETTEER.code, E_TEMPLATE.code,
    E_TEMPLATE_MISSING.code, E_FONT_MISSING.code, E_OUTPUT_WRITE.code, E_HISTORY.code, E_NO_INPUTS.code,
    W_FILE_NOT_READ.code, W_LABEL_MISSING.code, W_FEEDBACK_LOST.code, W_FEEDBACK_SKIPPED.code, W_NO_GAZETTEER.code,
    # the issuing workflow's (#14): history, drafts, workspace paths, logos, text limits, caps
    W_HISTORY_RECORD.code, E_ISSUE_INTERRUPTED.code, W_DRAFT_ELSEWHERE.code, W_NO_DATA.code,
    E_OUTSIDE_WORKSPACE.code, E_IMAGE.code, E_TEXT_LIMIT.code, W_LIMIT.code,
    W_FIGURE_NOT_REPORTED.code,  # about the whole workspace (#23)
})
"""Codes about the officer's own setup (report.toml, templates, outputs), never in a partner's copy."""
OFFICE_ONLY_PREFIXES = ("map-", "history-", "issue-")
"""Families of such codes: the map's boundary files (``W-map-…``) and the history's database
(``E-history-…``, ``W-issue-…``) are the officer's too."""


def partner_codes() -> list[Code]:
    """The codes a partner's copy can show: errors and warnings about the partner's files (the
    copies leave informational findings out)."""
    return [c for c in CODES.values() if c.severity is not Severity.INFO and c.code not in OFFICE_ONLY
            and not c.code[2:].startswith(OFFICE_ONLY_PREFIXES)]


def catalog_messages() -> Iterator[tuple[str, str]]:
    """(message, where) of every message of the domain that is not marked with ``F_`` in code:
    the titles and actions of :func:`partner_codes`."""
    for code in partner_codes():
        yield code.title, f"sitrep/codes.py:{code.code}"
        yield code.action, f"sitrep/codes.py:{code.code}"
