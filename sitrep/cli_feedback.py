"""``--annotate``: write each partner's annotated copy (and ``--email`` drafts) and list them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.cli_output import console, print_findings

if TYPE_CHECKING:
    from sitrep.config import ReportConfig
    from sitrep.errors import Finding
    from sitrep.merge import MergeLog
    from sitrep.validate import ValidatedIntake


def write_feedback(config: ReportConfig | None, *, files: list[Path], findings: Iterable[Finding], log: MergeLog,
                   intake: ValidatedIntake, out_dir: Path, email: bool) -> list[Path]:
    """Write the annotated copies of the partner ``files`` into ``out_dir``; returns the paths.
    ``config`` is None for files checked outside a workspace (no [partners]: drafts without To:)."""
    from sitrep.codes import E_OUTPUT_WRITE
    from sitrep.errors import Position, RenderError
    from sitrep.feedback.outputs import feedback_files
    from sitrep.fs import write_atomic

    outputs, copies, notes = feedback_files(config, files=files, findings=findings, log=log, intake=intake,
                                            email=email)
    print_findings(notes)
    written = []
    for name, data in outputs:
        try:
            write_atomic(out_dir / name, data)
        except OSError as exc:
            raise RenderError(E_OUTPUT_WRITE(f"cannot write {out_dir / name}: {exc.strerror or exc}",
                                             hint="choose another folder with --out, or close the file if it is "
                                                  "open in Excel", position=Position(file=name))) from exc
        written.append(out_dir / name)
    out = console()
    for copy in copies:
        who = f" for {copy.organisation}" if copy.organisation else ""
        out.print(f"Annotated copy{who} ({copy.language}): {out_dir / copy.name} — {copy.findings} finding(s), "
                  f"{copy.decisions} merge decision(s)")
    if not copies:
        out.print("No partner file has findings: no annotated copy was written.")
    return written
