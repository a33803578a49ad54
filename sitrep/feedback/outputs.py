"""Everything one feedback run writes: the annotated copies and, on request, their draft e-mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from sitrep.config import ReportConfig
from sitrep.distribute.email import report_datetime
from sitrep.errors import Finding, Findings, Severity
from sitrep.feedback import AnnotatedCopy, annotated_copies
from sitrep.feedback.email import draft_for
from sitrep.merge import MergeLog
from sitrep.validate import ValidatedIntake

FEEDBACK_DIR = "feedback"
"""Sub-folder of the output folder that ``build --annotate`` writes the copies into."""


def feedback_files(config: ReportConfig | None, *, files: Sequence[Path], findings: Iterable[Finding], log: MergeLog,
                   intake: ValidatedIntake, email: bool = False,
                   ) -> tuple[list[tuple[str, bytes]], list[AnnotatedCopy], Findings]:
    """(file name, bytes) of each annotated copy and, with ``email``, of a draft ``.eml`` beside it;
    the copies; and findings about them. ``config`` is None for files checked outside a workspace."""
    findings = list(findings)
    copies, notes = annotated_copies(files=files, findings=findings, log=log, intake=intake,
                                     partners=config.partners if config else {})
    out = []
    date: dt.datetime = report_datetime(config.as_of if config else dt.date.today())
    organisation, sender = (config.organisation, config.email.sender) if config else ("", "")
    for copy in copies:
        out.append((copy.name, copy.data))
        if email:
            mine = [f for f in findings if f.position is not None and f.position.file == copy.source.name]
            errors = sum(1 for f in mine if f.severity is Severity.ERROR)
            warnings = sum(1 for f in mine if f.severity is Severity.WARNING)
            eml = draft_for(copy, errors=errors, warnings=warnings, organisation=organisation, sender=sender,
                            date=date)
            out.append((f"{Path(copy.name).stem}.eml", eml))
    return out, copies, notes
