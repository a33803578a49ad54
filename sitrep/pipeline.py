"""The plan: the only module that calls the stages in order.

:func:`prepare` reads and checks everything — config → intake → validate → merge → model — and
:func:`build` turns it into files — compose → render → assemble → write → record. Everything is
read, validated and merged before anything is written (a build with errors writes nothing
unless forced), and every file is rendered before the first one is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.codes import E_NO_INPUTS, E_OUTPUT_WRITE
from sitrep.config import CONFIG_NAME, ReportConfig
from sitrep.errors import Findings, Position, RenderError
from sitrep.gazetteer import Gazetteer
from sitrep.history import HISTORY_FILE, read_history, record_issue, refuse_reissue
from sitrep.intake import read_intake_files, unread_files
from sitrep.merge import MergedData, MergeLog, Policy, merge_intake
from sitrep.model import SituationReport, build_report, history_figures, with_history
from sitrep.model.mapdata import with_map
from sitrep.render.pool import Progress, render_all
from sitrep.validate import Context, ValidatedIntake, validate_sheets
from sitrep.workspace import find_workspace, intake_files, load_workspace

if TYPE_CHECKING:
    from sitrep.compose import Document

__all__ = ["BuildResult", "Output", "Prepared", "build", "find_workspace", "load_workspace", "prepare"]


@dataclass(slots=True, kw_only=True)
class Prepared:
    """Everything known about a report before rendering."""

    config: ReportConfig
    files: list[Path]
    intake: ValidatedIntake
    merged: MergedData
    log: MergeLog
    report: SituationReport
    findings: Findings
    gazetteer: Gazetteer | None = None
    """The workspace gazetteer as validation used it (an unchecked one has learnt the places read)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    path: Path
    language: str
    format: str
    size: int
    seconds: float = 0.0
    """Time spent rendering it (in a worker process when the build ran in parallel)."""


@dataclass(slots=True, kw_only=True)
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    jobs: int = 1
    """Worker processes that rendered the outputs (1: this process, sequentially)."""


def prepare(workspace: Path, *, files: list[Path] | None = None, today: dt.date | None = None,
            stages: dict[str, float] | None = None) -> Prepared:
    """Read, validate, merge and model a workspace (or only ``files`` of it).

    ``stages``, when given, receives the seconds spent in each stage (for bench/run.py).
    """
    clock = _Clock(stages)
    config, gazetteer, findings = load_workspace(workspace)
    paths = files if files is not None else intake_files(config)
    if files is None:  # a partner's file that no pattern matches would lose its rows without a word
        findings.extend(unread_files(workspace, config.inputs, paths,
                                    exclude=tuple(p for p in (config.gazetteer,) if p)))
    if not paths:
        findings.add(E_NO_INPUTS("no intake files were found",
                                 hint=f"put .xlsx or .csv files in {workspace / 'inputs'} "
                                      f"(patterns: {', '.join(config.inputs)})",
                                 position=Position(file=CONFIG_NAME, key="intake.files")))
    sheets, read_findings = read_intake_files(paths)
    findings.extend(read_findings)
    clock.lap("read")
    ctx = Context(gazetteer=gazetteer, period_start=config.period_start, period_end=config.period_end,
                  as_of=config.as_of, today=today or dt.date.today())
    intake, validation = validate_sheets(sheets, ctx)
    findings.extend(validation)
    clock.lap("validate")
    merged, log, merge_findings = merge_intake(intake, Policy(config.merge_policy, config.source_priority))
    findings.extend(merge_findings)
    clock.lap("merge")
    report = build_report(merged, config, gazetteer)
    issued = [r for r in read_history(workspace / HISTORY_FILE) if r.status == "issued"]
    report = with_history(report, issued)
    report, map_findings = with_map(report, config, gazetteer)
    findings.extend(map_findings)
    clock.lap("model")
    return Prepared(config=config, files=paths, intake=intake, merged=merged, log=log, report=report,
                    findings=findings, gazetteer=gazetteer)


class _Clock:
    """Seconds per stage into ``stages`` (nothing when it is None)."""

    def __init__(self, stages: dict[str, float] | None) -> None:
        self.stages = stages
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.stages is not None:
            self.stages[name] = self.stages.get(name, 0.0) + now - self.last
        self.last = now


def build(prepared: Prepared, *, languages: Iterable[str], formats: Iterable[str], out_dir: Path,
          progress: Progress | None = None, jobs: int = 0, issue: bool = False, force: bool = False,
          email: bool = False, json_full: bool = False) -> BuildResult:
    """Compose every language, render every language × format (in ``jobs`` worker processes:
    see :func:`sitrep.render.pool.choose_jobs`), and only then write all the files, each
    atomically: a build that fails while rendering writes nothing.

    ``issue`` records the report in the workspace history once every file is written (refused
    for a number already issued unless ``force``); otherwise the documents say DRAFT.
    ``email`` adds a draft e-mail per language with the PDF attached; ``json_full`` puts the
    findings and the merge log into the data JSON too (they are always in their CSV files).
    """
    from sitrep.compose import compose_document, load_template, output_stem
    from sitrep.distribute.bundle import data_files, email_drafts
    from sitrep.gazetteer import read_gazetteer

    config, result = prepared.config, BuildResult()
    history = config.workspace / HISTORY_FILE
    formats = list(formats)
    if email and "pdf" not in formats:
        formats.append("pdf")  # the e-mails carry the PDF
    report = prepared.report
    if issue:
        refuse_reissue(history, report.report_type, report.number, force=force)
        report = dataclasses.replace(report, draft=False)

    # compose
    template = load_template(config.template, config.workspace)
    documents: dict[str, Document] = {}
    for lang in dict.fromkeys(languages):
        documents[lang], findings = compose_document(report, template, lang, digits=config.arabic_digits)
        result.findings.extend(findings)

    def stem(kind: str) -> str:
        return output_stem(report, kind)

    # render, assembling the data files while the workers render
    extras: list[tuple[str, bytes]] = []
    gazetteer = prepared.gazetteer or (read_gazetteer(config.gazetteer, config.country) if config.gazetteer
                                       else Gazetteer(checked=False))

    def assemble_data() -> None:
        extras.extend(data_files(report, prepared.merged, prepared.findings, prepared.log,
                                 gazetteer, stem, json_full=json_full))

    rendered, result.jobs = render_all(documents, formats, jobs=jobs, progress=progress, meanwhile=assemble_data)
    files = [(out_dir / f"{documents[lang].file_stem}.{fmt}", lang, fmt, *rendered[(lang, fmt)])
             for lang in documents for fmt in formats]
    files += [(out_dir / name, "", name.rsplit(".", 1)[1], data, 0.0) for name, data in extras]
    if email:
        pdfs = {lang: (f"{documents[lang].file_stem}.pdf", rendered[(lang, "pdf")][0]) for lang in documents}
        files += [(out_dir / name, lang, "eml", data, 0.0) for lang, name, data in email_drafts(
            report, template, list(documents), digits=config.arabic_digits, settings=config.email, pdfs=pdfs,
            stem=stem)]

    # write
    for path, lang, fmt, data, seconds in files:
        _write(path, data)
        result.outputs.append(Output(path=path, language=lang, format=fmt, size=len(data), seconds=seconds))

    # record
    if issue:
        record_issue(history, report_type=report.report_type, number=report.number, as_of=report.as_of,
                     period=(report.period_start, report.period_end), languages=list(documents),
                     figures=history_figures(report), files=[(path.name, data) for path, *_, data, _ in files],
                     force=force)
    return result


def _write(path: Path, data: bytes) -> None:
    from sitrep.fs import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise RenderError(E_OUTPUT_WRITE(f"cannot write {path}: {exc.strerror or exc}",
                                         hint="choose another folder with --out, or close the file if it is open "
                                              "in Word or Acrobat", position=Position(file=path.name))) from exc
