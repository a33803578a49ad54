"""A partner's files checked on their own, outside any workspace (``sitrep validate FILE``).

Before a partner's workbook joins a report, the officer (or the partner) can check everything
that needs no workspace: the file's shape, its columns and hashtags, each cell's type, dates in
the future, parts larger than their wholes, repeated rows. What needs a workspace — places
against the gazetteer's P-codes, dates against the reporting period — is said once, as
information; given a workspace, its gazetteer and period are used and nothing is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitrep.codes import I_WITHOUT_WORKSPACE
from sitrep.errors import Findings, Position
from sitrep.gazetteer import Gazetteer
from sitrep.intake import read_intake_files
from sitrep.merge import MergeLog, Policy, merge_intake
from sitrep.pipeline import prepare
from sitrep.validate import Context, ValidatedIntake, validate_sheets

__all__ = ["Checked", "check_files"]


@dataclass(slots=True, kw_only=True)
class Checked:
    """What checking a partner's files found."""

    files: list[Path]
    intake: ValidatedIntake
    log: MergeLog
    findings: Findings
    workspace: Path | None


def check_files(paths: list[Path] | None, *, workspace: Path | None = None, today: dt.date | None = None,
                status: Callable[[str], None] | None = None) -> Checked:
    """Check ``paths`` with ``workspace``'s gazetteer and period (None: all the workspace's intake
    files), or, without a workspace, on their own (see the module docstring). ``status`` is told
    what is being done (see :func:`sitrep.pipeline.prepare`)."""
    if workspace is not None:
        prepared = prepare(workspace, files=paths, today=today, status=status)
        return Checked(files=prepared.files, intake=prepared.intake, log=prepared.log,
                       findings=prepared.findings, workspace=workspace)
    if not paths:
        raise ValueError("files to check on their own are needed when there is no workspace")
    findings = Findings()
    for path in paths:
        findings.add(I_WITHOUT_WORKSPACE(
            "checked without a workspace: places are read as typed (not against P-codes) and dates are not "
            "compared with a reporting period", hint="add --workspace DIR to check them against that "
            "workspace's gazetteer and period", position=Position(file=path.name)))
    sheets, read = read_intake_files(paths, status=status)
    findings.extend(read)
    ctx = Context(gazetteer=Gazetteer(source="(none)", checked=False), period_start=None, period_end=None,
                  as_of=None, today=today or dt.date.today())
    intake, validation = validate_sheets(sheets, ctx, status=status)
    findings.extend(validation)
    # Rows about the same place and day are compared as in a report (duplicates, disagreements);
    # the policy only decides which one the log calls used.
    _, log, merge_findings = merge_intake(intake, Policy("maximum"), status=status)
    findings.extend(merge_findings)
    return Checked(files=list(paths), intake=intake, log=log, findings=findings, workspace=None)
