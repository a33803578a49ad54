"""The only module that calls the stages in order: config → intake → validate → merge →
model → compose → render. Everything is read, validated and merged before anything is
written (a build with errors writes nothing unless forced).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.config import CONFIG_NAME, ReportConfig, read_config
from sitrep.distribute.safe import neutralise
from sitrep.errors import ConfigError, Finding, Findings, IntakeError, Position, RenderError, SitrepError, error
from sitrep.gazetteer import Gazetteer, read_gazetteer
from sitrep.history import HISTORY_FILE, HistoryError, open_history, read_history
from sitrep.intake import RawSheet, read_intake, unread_files
from sitrep.merge import MergedData, MergeLog, Policy, merge_intake
from sitrep.model import SituationReport, build_report, history_figures, with_history
from sitrep.model.mapdata import with_map
from sitrep.validate import Context, ValidatedIntake, validate_sheets

if TYPE_CHECKING:
    from sitrep.compose import Document


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


def find_workspace(path: Path) -> Path | None:
    """The folder holding ``report.toml``: ``path`` itself or one of its parents."""
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace(workspace: Path) -> tuple[ReportConfig, Gazetteer, Findings]:
    """Read report.toml and the gazetteer. Raises ConfigError when unusable."""
    config, findings = read_config(workspace)
    if config is None:
        first, *rest = findings.errors
        raise ConfigError(first, more=rest)
    if not config.gazetteer.is_file():
        raise ConfigError(error("E-config", f"the gazetteer file '{config.gazetteer}' does not exist",
                                hint="check intake.gazetteer in report.toml (a path relative to the workspace)",
                                position=Position(file=CONFIG_NAME, key="intake.gazetteer")))
    return config, read_gazetteer(config.gazetteer), findings


def intake_files(config: ReportConfig) -> list[Path]:
    """The workspace's intake files, in a stable order (Excel lock files skipped)."""
    found: dict[Path, None] = {}
    for pattern in config.inputs:
        for path in sorted(config.workspace.glob(pattern)):
            if path.is_file() and not path.name.startswith(("~$", ".")):
                found[path] = None
    return sorted(found, key=lambda p: p.relative_to(config.workspace).as_posix())


def read_files(files: Iterable[Path], findings: Findings) -> list[RawSheet]:
    """Read every file; an unreadable one becomes a finding and the others go on."""
    sheets: list[RawSheet] = []
    for path in files:
        try:
            file_sheets, file_findings = read_intake(path)
        except IntakeError as exc:
            findings.add(exc.finding)
            continue
        except OSError as exc:
            findings.add(error("E-file-unreadable", f"cannot open the file: {exc.strerror or exc}",
                               hint="check that the file exists, is readable and is not open in another program",
                               position=Position(file=path.name)))
            continue
        sheets.extend(file_sheets)
        findings.extend(file_findings)
    return sheets


def prepare(workspace: Path, *, files: list[Path] | None = None, today: dt.date | None = None,
            stages: dict[str, float] | None = None) -> Prepared:
    """Read, validate, merge and model a workspace (or only ``files`` of it).

    ``stages``, when given, receives the seconds spent in each stage (for bench/run.py).
    """
    clock = _Clock(stages)
    config, gazetteer, findings = load_workspace(workspace)
    paths = files if files is not None else intake_files(config)
    if files is None:  # a partner's file that no pattern matches would lose its rows without a word
        findings.extend(unread_files(workspace, config.inputs, paths, exclude=(config.gazetteer,)))
    if not paths:
        findings.add(error("E-no-inputs", "no intake files were found",
                           hint=f"put .xlsx or .csv files in {workspace / 'inputs'} "
                                f"(patterns: {', '.join(config.inputs)})",
                           position=Position(file=CONFIG_NAME, key="intake.files")))
    sheets = read_files(paths, findings)
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
                    findings=findings)


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


MERGE_LOG_FIELDS = ("file", "sheet", "row", "kind", "status", "counted", "into", "code", "reason")


def merge_log_csv(log: MergeLog) -> bytes:
    """The merge log as CSV (UTF-8 with BOM so Excel shows every script).

    One line per input row: 50,000 lines (10 MB) for a large intake, about 0.3 s, which a
    parallel build spends while the workers render.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(MERGE_LOG_FIELDS)
    for entry in log.sorted():
        row = entry.as_row()
        writer.writerow([neutralise(v) for v in map(row.__getitem__, MERGE_LOG_FIELDS)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


PARALLEL_MIN_OUTPUTS = 2
"""With ``jobs`` left to choose (0), rendering goes to worker processes from this many outputs
on, when there is more than one CPU and processes can be forked. Measured on 2 cores with
``python bench/run.py --only build`` (whole ``sitrep build`` commands, README "Performance"):
the example's 10 outputs took 1.81 s sequential and 1.32 s with 2 workers, English PDF + DOCX
0.84 s and 0.72 s. A single output gains nothing, so it is always rendered in this process."""

Progress = Callable[[str, int, int], None]
"""``progress(label, done, total)``: called with ``("", 0, total)`` before rendering starts and
with ``("ar pdf", done, total)`` each time an output has been rendered."""


def usable_cpus() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    import os

    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def choose_jobs(jobs: int, outputs: int) -> int:
    """Worker processes for ``outputs`` renders: 1 means rendering in this process.

    ``jobs`` > 0 is taken as asked (capped at the number of outputs); 0 chooses: parallel from
    :data:`PARALLEL_MIN_OUTPUTS` outputs on, one worker per usable CPU, where workers can be
    forked (Linux; elsewhere each worker would start a fresh interpreter and import the
    renderers again, which was not measured to pay off).
    """
    import multiprocessing

    if jobs > 0:
        return max(1, min(jobs, outputs))
    if outputs < PARALLEL_MIN_OUTPUTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(usable_cpus(), outputs))


@dataclass(frozen=True, slots=True)
class _Failed:
    """A SitrepError raised in a worker, carried back as data: its class and findings pickle,
    the exception itself would not (its constructor takes a Finding, not a message)."""

    kind: type[SitrepError]
    findings: tuple[Finding, ...]

    def exception(self) -> SitrepError:
        first, *rest = self.findings
        return self.kind(first, more=rest)


def _render_one(fmt: str, document: Document) -> tuple[bytes | _Failed, float]:
    """Render one output (in a worker process or in this one): bytes and seconds taken."""
    from sitrep.render import RENDERERS

    start = time.perf_counter()
    try:
        data: bytes | _Failed = RENDERERS[fmt](document)
    except SitrepError as exc:
        data = _Failed(type(exc), tuple(exc.findings))
    return data, time.perf_counter() - start


def render_all(documents: dict[str, Document], formats: Sequence[str], *, jobs: int = 0,
               progress: Progress | None = None, meanwhile: Callable[[], None] | None = None,
               ) -> tuple[dict[tuple[str, str], tuple[bytes, float]], int]:
    """Render every language × format; returns ``{(language, format): (bytes, seconds)}`` and
    the number of worker processes used (1: rendered in this process).

    The bytes do not depend on ``jobs``: each renderer is a pure function of the document
    (tests/test_bench.py checks that a parallel build equals a sequential one byte for byte).
    If worker processes cannot be started or one dies (no ``/dev/shm``, a sandbox without
    semaphores, a worker killed for memory), what is left is rendered here, sequentially.
    ``meanwhile`` is called once, while the workers render (or first, when there are none).
    """
    tasks = [(lang, fmt) for lang in documents for fmt in formats]
    # Longest first, so the last task to finish is a short one: PDFs take longer than DOCX,
    # and right-to-left PDFs (shaping and bidi per line) longest.
    order = sorted(tasks, key=lambda t: (t[1] != "pdf", not documents[t[0]].rtl))
    workers = choose_jobs(jobs, len(tasks))
    done: dict[tuple[str, str], tuple[bytes, float]] = {}

    def finish(task: tuple[str, str], outcome: tuple[bytes | _Failed, float]) -> None:
        data, seconds = outcome
        if isinstance(data, _Failed):
            raise data.exception()
        done[task] = (data, seconds)
        if progress:
            progress(f"{task[0]} {task[1]}", len(done), len(tasks))

    if progress:
        progress("", 0, len(tasks))
    if workers > 1:
        workers = _render_in_workers(documents, order, workers, finish, meanwhile)
    elif meanwhile:
        meanwhile()
    for task in order:
        if task not in done:
            finish(task, _render_one(task[1], documents[task[0]]))
    return done, workers


def _render_in_workers(documents: dict[str, Document], order: list[tuple[str, str]], workers: int,
                       finish: Callable[[tuple[str, str], tuple[bytes | _Failed, float]], None],
                       meanwhile: Callable[[], None] | None) -> int:
    """Render ``order`` in a pool of forked workers, calling ``finish`` as each completes.
    Returns the workers used, or 1 when the pool could not run (the caller renders the rest)."""
    import gc
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Forked workers share the parent's memory page by page until either writes to a page; a
    # garbage collection in a worker would touch every object of a large intake and copy it.
    # Frozen objects are left alone by the collector.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending = {pool.submit(_render_one, fmt, documents[lang]): (lang, fmt) for lang, fmt in order}
            try:
                if meanwhile:
                    meanwhile()
                    meanwhile = None
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        finish(pending.pop(future), future.result())
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except (BrokenProcessPool, OSError, ImportError, NotImplementedError):
        if meanwhile:  # the pool did not even start
            meanwhile()
        return 1
    finally:
        gc.unfreeze()
    return workers


def _refuse_reissue(prepared: Prepared, force: bool) -> None:
    """Stop before rendering when the number was issued already (unless forced)."""
    report = prepared.report
    issued = [r for r in read_history(prepared.config.workspace / HISTORY_FILE) if r.status == "issued"]
    if not force and any((r.report_type, r.number) == (report.report_type, report.number) for r in issued):
        raise HistoryError(error(
            "E-history", f"{report.report_type} No. {report.number} has already been issued",
            hint="move to the next report with 'sitrep next --as-of DATE', or add --force to re-issue it "
                 "(the earlier record is kept as superseded)", position=Position(file=HISTORY_FILE)))


def _record_issue(prepared: Prepared, languages: list[str], written: list[tuple[Path, bytes]],
                  force: bool) -> None:
    import hashlib

    r = prepared.report
    history = open_history(prepared.config.workspace / HISTORY_FILE)
    assert history is not None
    try:
        history.record(report_type=r.report_type, number=r.number, as_of=r.as_of,
                       period=(r.period_start, r.period_end), languages=languages, figures=history_figures(r),
                       outputs={path.name: hashlib.sha256(data).hexdigest() for path, data in written}, force=force)
    finally:
        history.close()


def _data_exports(prepared: Prepared, stem: Callable[[str], str]) -> list[tuple[str, bytes]]:
    """The merged data as HXL CSV per kind and JSON, and the findings, next to the documents."""
    from sitrep.distribute.data import HXL_KINDS, findings_csv, hxl_csv, report_json

    gazetteer = read_gazetteer(prepared.config.gazetteer)
    files = [(f"{stem(kind)}.csv", hxl_csv(kind, prepared.merged, gazetteer)) for kind in HXL_KINDS]
    files.append((f"{stem('data')}.json", report_json(prepared.report, prepared.merged, prepared.findings,
                                                     prepared.log)))
    files.append((f"{stem('findings')}.csv", findings_csv(prepared.findings)))
    return files


def _emails(prepared: Prepared, template: object, languages: list[str], pdfs: dict[str, tuple[str, bytes]],
            stem: Callable[[str], str]) -> list[tuple[str, str, bytes]]:
    """A draft e-mail per language, the PDF attached; nothing is ever sent."""
    from sitrep.compose.compose import compose_email
    from sitrep.distribute.email import draft_eml, report_datetime

    config = prepared.config
    out = []
    for lang in languages:
        text = compose_email(prepared.report, template, lang, digits=config.arabic_digits)  # type: ignore[arg-type]
        to, cc = config.email.recipients(lang)
        name, pdf = pdfs[lang]
        out.append((lang, f"{stem(lang)}.eml", draft_eml(text, attachment=pdf, filename=name, to=list(to),
                                                         cc=list(cc), sender=config.email.sender,
                                                         date=report_datetime(prepared.report.as_of))))
    return out


def build(prepared: Prepared, *, languages: Iterable[str], formats: Iterable[str], out_dir: Path,
          progress: Progress | None = None, jobs: int = 0, issue: bool = False, force: bool = False,
          email: bool = False) -> BuildResult:
    """Compose every language, render every language × format (in ``jobs`` worker processes:
    see :func:`choose_jobs`), and only then write all the files, each atomically: a build that
    fails while rendering writes nothing.

    ``issue`` records the report in the workspace history once every file is written (refused
    for a number already issued unless ``force``); otherwise the documents say DRAFT.
    ``email`` adds a draft e-mail per language with the PDF attached.
    """
    import dataclasses

    from sitrep.compose import compose_document, load_template, output_stem
    from sitrep.render import write_atomic

    result = BuildResult()
    formats = list(formats)
    if email and "pdf" not in formats:
        formats.append("pdf")  # the e-mails carry the PDF
    if issue:
        _refuse_reissue(prepared, force)
        prepared = dataclasses.replace(prepared, report=dataclasses.replace(prepared.report, draft=False))
    template = load_template(prepared.config.template, prepared.config.workspace)
    documents: dict[str, Document] = {}
    for lang in dict.fromkeys(languages):
        documents[lang], findings = compose_document(prepared.report, template, lang,
                                                     digits=prepared.config.arabic_digits)
        result.findings.extend(findings)
    def stem(kind: str) -> str:
        return output_stem(prepared.report, kind)

    data_files: list[tuple[Path, str, str, bytes, float]] = []

    def write_data() -> None:  # the merge log and the data exports, while the workers render
        data_files.append((out_dir / f"{stem('merge-log')}.csv", "", "csv", merge_log_csv(prepared.log), 0.0))
        data_files.extend((out_dir / name, "", name.rsplit(".", 1)[1], data, 0.0)
                          for name, data in _data_exports(prepared, stem))

    rendered, result.jobs = render_all(documents, formats, jobs=jobs, progress=progress, meanwhile=write_data)
    files: list[tuple[Path, str, str, bytes, float]] = [
        (out_dir / f"{documents[lang].file_stem}.{fmt}", lang, fmt, *rendered[(lang, fmt)])
        for lang in documents for fmt in formats]
    files += data_files
    if email:
        pdfs = {lang: (f"{documents[lang].file_stem}.pdf", rendered[(lang, "pdf")][0]) for lang in documents}
        files += [(out_dir / name, lang, "eml", data, 0.0)
                  for lang, name, data in _emails(prepared, template, list(documents), pdfs, stem)]
    for path, lang, fmt, data, seconds in files:
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise RenderError(error("E-output-write", f"cannot write {path}: {exc.strerror or exc}",
                                    hint="choose another folder with --out, or close the file if it is open "
                                         "in Word or Acrobat", position=Position(file=path.name))) from exc
        result.outputs.append(Output(path=path, language=lang, format=fmt, size=len(data), seconds=seconds))
    if issue:
        _record_issue(prepared, list(documents), [(path, data) for path, _, _, data, _ in files], force)
    return result
