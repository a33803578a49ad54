"""The product's name: which report type a build makes, and "No. N" that never wraps.

**The name follows the template.** A template may say which product it makes
(``[template] report_type = "situation-report"``; both shipped templates do). Its layout is
that product's (a Situation Report's Needs / Response / Gaps, funding, opening sentence), so
the title band, the PDF and DOCX titles, the e-mail subject, the file name and the history
record all say "Situation Report No. N". When ``report.toml``'s ``type`` says otherwise the
build warns (``W-report-type``, pointing at ``report.type``) and uses the template's type; a
template without ``report_type`` (an organisation's own, made for any product) follows
``report.toml``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from sitrep.codes import W_REPORT_TYPE
from sitrep.compose.labels import REPORT_TYPE_LABELS
from sitrep.compose.template import load_template
from sitrep.errors import ConfigError, Findings, Position
from sitrep.model import SituationReport

__all__ = ["NO_BREAK", "numbered", "product_type"]

NO_BREAK = "\u00a0"
"""U+00A0: a space no line may break at (reportlab, Word and LibreOffice all keep it)."""
_BEFORE_NUMBER = re.compile(r"[ \t]+(?=\{number\})")
_AFTER_NUMBER = re.compile(r"(?<=\{number\})[ \t]+")


def numbered(label: str, number: str) -> str:
    """``label`` ("Flash Update No. {number}") with the number filled and joined to its
    neighbouring word by no-break spaces, so "No. 1" never ends one line and starts the next."""
    joined = _AFTER_NUMBER.sub(NO_BREAK, _BEFORE_NUMBER.sub(NO_BREAK, label))
    return joined.replace("{number}", number)


def product_type(report: SituationReport, template_name: str,
                 workspace: Path | None) -> tuple[SituationReport, Findings]:
    """``report`` under the template's report type, with a warning when report.toml disagrees.

    A template that cannot be loaded changes nothing here: the build reports it when it
    composes.
    """
    findings = Findings()
    try:
        template = load_template(template_name, workspace)
    except ConfigError:
        return report, findings
    wanted = template.report_type
    current = report.report_type
    if not wanted or wanted == current:
        return report, findings
    findings.add(W_REPORT_TYPE(
        f"report.type is '{current}' but the template '{template.name}' makes a "
        f"{_english(wanted)}: the documents, the file names and the history say "
        f"\"{_english(wanted)} No. {report.number}\"",
        hint=f'set type = "{wanted}" in report.toml, or choose a {_english(current)} template '
             f'(template = "{current}")',
        position=Position(file="report.toml", key="report.type")))
    return dataclasses.replace(report, report_type=wanted), findings


def _english(report_type: str) -> str:
    """"Situation Report" from its label "Situation Report No. {number}"."""
    return REPORT_TYPE_LABELS[report_type].replace("No. {number}", "").strip()
