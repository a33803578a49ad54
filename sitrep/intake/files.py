"""Files in an intake folder that no pattern of ``[intake] files`` matches.

A partner's ``health.xls``, ``Health.XLSX`` (patterns are case-sensitive on Linux and macOS
disks) or ``data.ods`` dropped into ``inputs/`` would otherwise be skipped without a word, and
its rows lost. Each spreadsheet-like file there that is not read is a warning naming the fix;
other files (a README, a PDF) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path, PurePosixPath

from sitrep.codes import E_FILE_UNREADABLE, W_FILE_NOT_READ
from sitrep.errors import Finding, IntakeError, Position
from sitrep.intake.bulk import collector_paused
from sitrep.intake.reader import Opened, RawSheet, open_intake

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers", ".csv", ".tsv"})
"""File types a partner may send figures in."""
READABLE_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})
_WILDCARDS = frozenset("*?[")


def unread_files(workspace: Path, patterns: Sequence[str], read: Iterable[Path],
                 exclude: Iterable[Path] = ()) -> list[Finding]:
    """A ``W-file-not-read`` warning for each spreadsheet-like file in the folders the patterns
    look into that none of them matched (``read``), ``exclude`` (the gazetteer) apart."""
    seen = {p.resolve() for p in (*read, *exclude)}
    folders = sorted({(workspace / _fixed_part(p)).resolve() for p in patterns})
    findings = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if (path.name.startswith(("~$", ".")) or path.suffix.lower() not in SPREADSHEET_SUFFIXES
                    or path.resolve() in seen or not path.is_file()):
                continue
            findings.append(_unread(path, folder, workspace))
    return findings


def _fixed_part(pattern: str) -> str:
    """The folder part of a pattern before any wildcard: ``inputs/*.xlsx`` -> ``inputs``."""
    fixed = []
    for part in PurePosixPath(pattern.replace("\\", "/")).parts[:-1]:
        if _WILDCARDS & set(part):
            break
        fixed.append(part)
    return "/".join(fixed) or "."


def _unread(path: Path, folder: Path, workspace: Path) -> Finding:
    try:
        where = folder.relative_to(workspace.resolve()).as_posix()
    except ValueError:
        where = str(folder)
    suffix = path.suffix
    if suffix.lower() in READABLE_SUFFIXES and suffix != suffix.lower():
        hint = (f"rename it with a lower-case extension ({path.stem}{suffix.lower()}), or add a pattern for it "
                "to [intake] files in report.toml")
    elif suffix.lower() in READABLE_SUFFIXES:
        hint = f'add a pattern for it to [intake] files in report.toml, e.g. "{where}/*{suffix}"'
    else:
        hint = "save it as .xlsx (Excel › Save As › Excel Workbook) or as .csv"
    return W_FILE_NOT_READ(f"the file is in {where}/ but matches no pattern of intake.files, "
                   "so it was not read", hint=hint, position=Position(file=path.name))


def read_intake_files(paths: Iterable[Path], *, status: Callable[[str], None] | None = None,
                      ) -> tuple[list[RawSheet], list[Finding]]:
    """Read every file; an unreadable one becomes a finding and the others go on.

    Two files at a time: while python-calamine parses one in a thread (in Rust, without
    Python's lock), this thread checks the next and finishes the one before
    (:mod:`sitrep.intake.workbook`). The sheets and findings come out in the files' order, as if
    read one after the other. ``status``, when given, is told which file is being read."""
    with collector_paused():
        return _read_files(list(paths), status)


_Started = tuple[Path, "Opened | None", "Future[None] | None", "tuple[list[RawSheet], list[Finding]] | None"]


def _read_files(paths: list[Path], status: Callable[[str], None] | None) -> tuple[list[RawSheet], list[Finding]]:
    from concurrent.futures import ThreadPoolExecutor

    sheets: list[RawSheet] = []
    findings: list[Finding] = []

    def done(outcome: tuple[list[RawSheet], list[Finding]]) -> None:
        sheets.extend(outcome[0])
        findings.extend(outcome[1])

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-calamine") as loader:
        waiting: _Started | None = None
        for number, path in enumerate(paths, 1):
            if status is not None:
                status(f"Reading {path.name} ({number} of {len(paths)})")
            started = _start(path, loader)
            if waiting is not None:  # finished after the next file is parsing
                done(_finish(*waiting))
            waiting = started
        if waiting is not None:
            done(_finish(*waiting))
    return sheets, findings


def _start(path: Path, loader: Executor) -> _Started:
    try:
        opened = open_intake(path)
    except (IntakeError, OSError) as exc:
        return path, None, None, ([], [_failure(path, exc)])
    return path, opened, loader.submit(opened.load), None


def _finish(path: Path, opened: Opened | None, loading: Future[None] | None,
            outcome: tuple[list[RawSheet], list[Finding]] | None) -> tuple[list[RawSheet], list[Finding]]:
    if outcome is not None or opened is None or loading is None:
        return outcome or ([], [])
    try:
        loading.result()
        file_sheets, file_findings = opened.finish()
    except (IntakeError, OSError) as exc:
        return [], [_failure(path, exc)]
    return file_sheets, list(file_findings)


def _failure(path: Path, exc: IntakeError | OSError) -> Finding:
    if isinstance(exc, IntakeError):
        return exc.finding
    return E_FILE_UNREADABLE(
        f"cannot open the file: {exc.strerror or exc}",
        hint="check that the file exists, is readable and is not open in another program",
        position=Position(file=path.name))
