"""The plan: the only module that calls the stages in order.

:func:`prepare` reads and checks everything — config → intake → validate → merge → model — and
:func:`build` turns it into files — compose → render → assemble → write → record. Everything is
read, validated and merged before anything is written (a build with errors writes nothing
unless forced), and every file is rendered before the first one is written.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitrep.assemble import assemble
from sitrep.codes import E_CONFIG, E_NO_INPUTS, W_NO_DATA
from sitrep.compose.product import product_type
from sitrep.config import CONFIG_NAME, ReportConfig
from sitrep.errors import Findings, Position, SitrepError
from sitrep.fs import move_into_place
from sitrep.gazetteer import Gazetteer
from sitrep.intake import read_intake_files, unread_files
from sitrep.issuing import keep_issued_files, open_issue, stage
from sitrep.merge import MergedData, MergeLog, Policy, merge_intake
from sitrep.model import SituationReport, build_report, history_figures, with_history
from sitrep.model.mapdata import with_map
from sitrep.render.pool import Progress, Workers
from sitrep.store import load as load_history
from sitrep.store import locate
from sitrep.validate import Context, ValidatedIntake, validate_sheets
from sitrep.workspace import find_workspace, intake_files, load_workspace

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
            stages: dict[str, float] | None = None, template: str | None = None,
            status: Callable[[str], None] | None = None) -> Prepared:
    """Read, validate, merge and model a workspace (or only ``files`` of it).

    ``stages``, when given, receives the seconds spent in each stage (for bench/run.py);
    ``template`` replaces report.toml's template (the product's name follows it); ``status`` is
    told what is being done, a line at a time (the file being read, how many rows are checked).
    """
    clock = _Clock(stages)
    config, gazetteer, findings = load_workspace(workspace)
    if template:
        config = replace(config, template=template)
    paths = files if files is not None else intake_files(config)
    if files is None:  # a partner's file that no pattern matches would lose its rows without a word
        findings.extend(unread_files(workspace, config.inputs, paths,
                                    exclude=tuple(p for p in (config.gazetteer,) if p)))
    if not paths:
        findings.add(E_NO_INPUTS("no intake files were found",
                                 hint=f"put .xlsx or .csv files in {workspace / 'inputs'} "
                                      f"(patterns: {', '.join(config.inputs)})",
                                 position=Position(file=CONFIG_NAME, key="intake.files")))
    sheets, read_findings = read_intake_files(paths, status=status)
    findings.extend(read_findings)
    clock.lap("read")
    ctx = Context(gazetteer=gazetteer, period_start=config.period_start, period_end=config.period_end,
                  as_of=config.as_of, today=today or dt.date.today())
    intake, validation = validate_sheets(sheets, ctx, status=status)
    del sheets  # the raw rows are not needed again: ~55 MB at 200,000 rows, freed for merging
    findings.extend(validation)
    if paths and intake.rows_read == 0 and not findings.has_errors():  # zeros must not look like a quiet day
        findings.add(W_NO_DATA(f"the {len(paths)} intake file(s) hold no data rows, so no figure is known",
                               hint="check that the partners' sheets were filled in and saved",
                               position=Position(file=CONFIG_NAME, key="intake.files")))
    clock.lap("validate")
    merged, log, merge_findings = merge_intake(intake, Policy(config.merge_policy, config.source_priority),
                                               status=status)
    findings.extend(merge_findings)
    clock.lap("merge")
    if status is not None:
        status("Building the report")
    report = build_report(merged, config, gazetteer)
    report, type_findings = product_type(report, config.template, config.workspace)  # the name follows it
    findings.extend(type_findings)
    records, problems = load_history(locate(workspace, config.history_url))  # flagged; drafts still build
    findings.extend(problems)
    issued = [r for r in records if r.status == "issued"]
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
          email: bool = False, json_full: bool = False, workers: Workers | None = None) -> BuildResult:
    """Compose every language, render every language × format (in ``jobs`` processes, this one
    included: see :func:`sitrep.render.pool.choose_jobs`; ``workers`` started before
    :func:`prepare` take part), and only then write all the files, all or
    nothing: every file is staged in full before the first one replaces anything, so a build
    that fails while rendering or writing (a full disk) leaves the output folder as it was.

    ``issue`` issues the report as one transaction (:mod:`sitrep.issuing`): under the workspace's
    issue lock, the number is checked, the files rendered, staged, journalled, moved into place
    and recorded in the history (refused for a number already issued unless ``force``). A draft
    (the documents say DRAFT) never replaces an issued file: when a draft's file name is one of
    an issued report's, the draft goes to ``OUT/drafts/`` instead, with a warning.
    ``email`` adds a draft e-mail per language with the PDF attached; ``json_full`` puts the
    findings and the merge log into the data JSON too (they are always in their CSV files).

    Raises:
        SitrepError: nothing to build (no language or format), the history refuses the issue,
            or a file cannot be written.
    """
    config, result = prepared.config, BuildResult()
    history = locate(config.workspace, config.history_url)
    languages, formats = list(dict.fromkeys(languages)), list(dict.fromkeys(formats))
    if email and "pdf" not in formats:
        formats.append("pdf")  # the e-mails carry the PDF
    if not languages or not formats:
        # checked before the history is touched: an issue of nothing must not use up a number
        raise SitrepError(E_CONFIG("nothing to build: no " + ("language" if not languages else "format")
                                   + " was given", hint="name at least one, e.g. --lang en --format pdf "
                                                        "(or set languages in report.toml)",
                                   position=Position(file=CONFIG_NAME, key="languages")))
    with open_issue(history, prepared.report.report_type) if issue else nullcontext() as session:
        if session is not None:
            session.refuse(prepared.report.number, force=force)
            if out_dir.is_dir():  # staged files of an issue killed while staging (or finished first, see tidy)
                result.findings.extend(session.tidy(out_dir))
        made = assemble(prepared, languages, formats, out_dir, progress=progress, jobs=jobs, issue=issue,
                        email=email, json_full=json_full, workers=workers)
        files, result.jobs = made.files, made.jobs
        result.findings.extend(made.findings)
        if session is None:
            files = keep_issued_files(files, out_dir, history, result.findings)
        staged = stage([(path, data) for path, _, _, data, _ in files], keep=issue)
        if session is not None:
            report = prepared.report
            session.commit(staged, {path: data for path, _, _, data, _ in files}, number=report.number,
                           as_of=report.as_of, period=(report.period_start, report.period_end),
                           languages=languages, figures=list(history_figures(report)), force=force)
        else:
            move_into_place(staged)
    result.outputs = [Output(path=path, language=lang, format=fmt, size=len(data), seconds=seconds)
                      for path, lang, fmt, data, seconds in files]
    return result
