"""The only module that calls the stages in order: config → intake → validate → merge →
model → compose → render. Everything is read, validated and merged before anything is
written (a build with errors writes nothing unless forced).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.config import CONFIG_NAME, ReportConfig, read_config
from sitrep.errors import ConfigError, Findings, IntakeError, Position, RenderError, error
from sitrep.gazetteer import Gazetteer, read_gazetteer
from sitrep.intake import RawSheet, read_intake
from sitrep.merge import MergedData, MergeLog, Policy, merge_intake
from sitrep.model import SituationReport, build_report
from sitrep.validate import Context, ValidatedIntake, validate_sheets


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


@dataclass(slots=True, kw_only=True)
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)


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


def prepare(workspace: Path, *, files: list[Path] | None = None, today: dt.date | None = None) -> Prepared:
    """Read, validate, merge and model a workspace (or only ``files`` of it)."""
    config, gazetteer, findings = load_workspace(workspace)
    paths = files if files is not None else intake_files(config)
    if not paths:
        findings.add(error("E-no-inputs", "no intake files were found",
                           hint=f"put .xlsx or .csv files in {workspace / 'inputs'} "
                                f"(patterns: {', '.join(config.inputs)})",
                           position=Position(file=CONFIG_NAME, key="intake.files")))
    sheets = read_files(paths, findings)
    ctx = Context(gazetteer=gazetteer, period_start=config.period_start, period_end=config.period_end,
                  as_of=config.as_of, today=today or dt.date.today())
    intake, validation = validate_sheets(sheets, ctx)
    findings.extend(validation)
    merged, log, merge_findings = merge_intake(intake, Policy(config.merge_policy, config.source_priority))
    findings.extend(merge_findings)
    report = build_report(merged, config, gazetteer)
    return Prepared(config=config, files=paths, intake=intake, merged=merged, log=log, report=report,
                    findings=findings)


def merge_log_csv(log: MergeLog) -> bytes:
    """The merge log as CSV (UTF-8 with BOM so Excel shows every script)."""
    buf = io.StringIO()
    fields = ["file", "sheet", "row", "kind", "status", "counted", "into", "code", "reason"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for entry in log.sorted():
        row = entry.as_row()
        writer.writerow({k: _neutralise(v) for k, v in row.items()})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _neutralise(value: str) -> str:
    """Text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def build(prepared: Prepared, *, languages: Iterable[str], formats: Iterable[str], out_dir: Path,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Compose and render every language × format, then write them all atomically."""
    from sitrep.compose import compose_document, load_template, output_stem
    from sitrep.render import RENDERERS, write_atomic

    result = BuildResult()
    template = load_template(prepared.config.template, prepared.config.workspace)
    rendered: list[tuple[Path, str, str, bytes]] = []
    for lang in languages:
        document, findings = compose_document(prepared.report, template, lang,
                                              digits=prepared.config.arabic_digits)
        result.findings.extend(findings)
        for fmt in formats:
            if progress:
                progress(f"{lang} {fmt}")
            data = RENDERERS[fmt](document)
            rendered.append((out_dir / f"{document.file_stem}.{fmt}", lang, fmt, data))
    log_name = output_stem(prepared.report, "merge-log") + ".csv"
    rendered.append((out_dir / log_name, "", "csv", merge_log_csv(prepared.log)))
    for path, lang, fmt, data in rendered:
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise RenderError(error("E-output-write", f"cannot write {path}: {exc.strerror or exc}",
                                    hint="choose another folder with --out, or close the file if it is open "
                                         "in Word or Acrobat", position=Position(file=path.name))) from exc
        result.outputs.append(Output(path=path, language=lang, format=fmt, size=len(data)))
    return result
