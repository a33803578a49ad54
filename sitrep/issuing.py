"""Issuing a report as one transaction: lock → check → (render) → stage → journal → move → record.

An issue either ends with every file in place *and* its record in the history, or with neither;
when a process is killed (or the disk fills) half-way, the journal says exactly what was being
done and :func:`repair` (``sitrep history --repair``) finishes or undoes it:

1. :func:`issue_lock` — one exclusive lock (``history.sqlite.lock`` next to the history, an OS
   file lock released by the kernel when the process dies) held from the number check until the
   record is written, so two processes issuing at once never write each other's files: the
   second waits (:func:`sitrep.history.busy_timeout`), then checks the number again.
2. every file is *staged* in full under a temporary name next to its destination
   (:func:`sitrep.fs.stage_files`); a full disk here leaves the output folder untouched;
3. the journal row (``pending``: names, SHA-256, staged names, the record to write) is committed;
   a locked or full database here also leaves the output folder untouched;
4. the staged files are renamed into place; 5. the record is written and the journal row
   deleted in one SQLite transaction.

A kill after 3 leaves a journal row: ``sitrep history`` reports it, and ``--repair`` moves the
remaining staged files into place and writes the record (or, when a staged file is gone,
removes what the interrupted issue had moved into place and drops the row, so the number can be
issued again).

This is the SQLite store's way. :func:`open_issue` chooses by the workspace's history
(:func:`sitrep.store.locate`): for a PostgreSQL history the issue is one server transaction
holding the series' advisory lock instead (:mod:`sitrep.store.pgissue`); both are driven through
the same :class:`IssueSession` by :func:`sitrep.pipeline.build`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sitrep.codes import E_HISTORY, E_ISSUE_INTERRUPTED, E_OUTPUT_WRITE, W_DRAFT_ELSEWHERE
from sitrep.errors import Finding, Findings, Position, RenderError, SitrepError
from sitrep.fs import (
    Staged,
    discard,
    exclusive_lock,
    lock_is_held,
    move_into_place,
    remove_stale_temporaries,
    stage_files,
)
from sitrep.history import Figure, HistoryError, busy_error, busy_timeout, open_history
from sitrep.store import Location, issued_outputs, open_store, require_driver

__all__ = ["IssueSession", "PendingIssue", "commit_issue", "is_issuing", "issue_lock", "open_issue",
           "pending_issues", "refuse_pending", "refuse_reissue", "repair"]


def _lock_path(history: Path) -> Path:
    return history.with_name(history.name + ".lock")


@contextmanager
def issue_lock(history: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace's issue lock; wait up to ``timeout`` seconds for another issuer.

    Raises:
        HistoryBusy: another process kept the lock past the timeout.
    """
    try:
        with exclusive_lock(_lock_path(history), timeout=busy_timeout() if timeout is None else timeout):
            yield
    except TimeoutError:
        raise busy_error(history) from None


def is_issuing(history: Path) -> bool:
    """Whether another process holds the issue lock right now."""
    return lock_is_held(_lock_path(history))


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingIssue:
    """A journalled issue that has not been recorded (interrupted, or in progress)."""

    id: int
    report_type: str
    number: int
    started: str
    files: list[dict[str, str]]
    """``{"path", "temporary", "sha256"}`` per file."""
    record: dict[str, Any]


def pending_issues(history: Path) -> list[PendingIssue]:
    """The journalled issues of a history (empty when there is no history)."""
    if not history.exists():
        return []
    opened = open_history(history, create=False)
    if opened is None:
        return []
    with closing(opened.db):
        rows = opened.db.execute(
            "SELECT id, report_type, number, started, files, record FROM pending ORDER BY id").fetchall()
    return [PendingIssue(id=i, report_type=t, number=n, started=s, files=json.loads(f), record=json.loads(r))
            for i, t, n, s, f, r in rows]


def _interrupted(history: Path, p: PendingIssue) -> Finding:
    folder = Path(p.files[0]["path"]).parent if p.files else history.parent
    return E_ISSUE_INTERRUPTED(
        f"issuing {p.report_type} No. {p.number} (started {p.started}) was interrupted before it was recorded; "
        f"its {len(p.files)} files in {folder} may be only partly in place",
        hint=f"run: sitrep history --repair {history.parent} — it finishes the issue when every file is still "
             "there (or undoes it so that the number can be issued again)", position=Position(file=history.name))


def refuse_pending(history: Path) -> None:
    """Refuse to issue while an interrupted issue waits for ``--repair`` (call under the lock).

    Raises:
        HistoryError: an interrupted issue is journalled.
    """
    pending = pending_issues(history)
    if pending:
        first, *more = (_interrupted(history, p) for p in pending)
        raise HistoryError(first, more=more)


def interrupted_findings(history: Path) -> list[Finding]:
    """A finding per interrupted issue (none while another process is issuing)."""
    if is_issuing(history):
        return []
    return [_interrupted(history, p) for p in pending_issues(history)]


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def commit_issue(history: Path, staged: list[Staged], data: dict[Path, bytes], *, report_type: str, number: int,
                 as_of: dt.date, period: tuple[dt.date, dt.date], languages: list[str], figures: list[Figure],
                 force: bool) -> None:
    """Journal, move into place and record staged files (call under :func:`issue_lock`).

    Raises:
        SitrepError: the journal could not be written (nothing moved, staged files removed), or
            the record could not be written after the files were moved (the journal says so
            and ``sitrep history --repair`` finishes it).
    """
    files = [{"path": str(s.path), "temporary": str(s.temporary), "sha256": hashlib.sha256(data[s.path]).hexdigest()}
             for s in staged]
    record = {"report_type": report_type, "number": number, "as_of": as_of.isoformat(),
              "period": [period[0].isoformat(), period[1].isoformat()], "languages": languages,
              "figures": [[f.kind, f.place, f.measure, f.value] for f in figures], "force": force}
    try:
        opened = open_history(history)
        assert opened is not None
        with closing(opened.db), opened._transaction() as tx:
            pending_id = tx.execute(
                "INSERT INTO pending (report_type, number, started, folder, files, record) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (report_type, number, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                 str(staged[0].path.parent) if staged else "", json.dumps(files), json.dumps(record))).lastrowid
    except BaseException:
        discard(staged)  # nothing was moved: the output folder is as it was
        raise
    try:
        move_into_place(staged)
    except OSError as exc:
        raise SitrepError(E_OUTPUT_WRITE(
            f"moving the issued files into place failed: {exc}",
            hint=f"free the folder and run: sitrep history --repair {history.parent}",
            position=Position(file=history.name))) from exc
    _record(history, pending_id, record, {Path(f["path"]).name: f["sha256"] for f in files})


def _record(history: Path, pending_id: int | None, record: dict[str, Any], outputs: dict[str, str]) -> None:
    opened = open_history(history)
    assert opened is not None
    with closing(opened.db):
        opened.record(report_type=record["report_type"], number=record["number"],
                      as_of=dt.date.fromisoformat(record["as_of"]),
                      period=(dt.date.fromisoformat(record["period"][0]), dt.date.fromisoformat(record["period"][1])),
                      languages=record["languages"],
                      figures=[Figure(kind=k, place=p, measure=m, value=v) for k, p, m, v in record["figures"]],
                      outputs=outputs, force=record["force"], finish_pending=pending_id)


def repair(history: Path) -> list[str]:
    """Finish or undo every interrupted issue (taking the issue lock); what was done, a line each.

    Only the SQLite store journals issues: a PostgreSQL issue is one transaction (see
    :mod:`sitrep.store.pgissue`) and leaves nothing to repair.
    """
    done: list[str] = []
    with issue_lock(history):
        for p in pending_issues(history):
            missing = []
            for f in p.files:
                path, temporary = Path(f["path"]), Path(f["temporary"])
                if _sha(path) == f["sha256"]:
                    continue
                if _sha(temporary) == f["sha256"]:
                    os.replace(temporary, path)
                    continue
                missing.append(path.name)
            if not missing:
                _record(history, p.id, p.record, {Path(f["path"]).name: f["sha256"] for f in p.files})
                done.append(f"{p.report_type} No. {p.number}: every file was in place or staged; the issue is "
                            "now complete and recorded.")
                continue
            for f in p.files:  # undo: the interrupted issue's own bytes, never anything else
                for candidate in (Path(f["temporary"]), Path(f["path"])):
                    if _sha(candidate) == f["sha256"]:
                        candidate.unlink()
            opened = open_history(history)
            assert opened is not None
            with closing(opened.db), opened._transaction() as tx:
                tx.execute("DELETE FROM pending WHERE id = ?", (p.id,))
            done.append(f"{p.report_type} No. {p.number}: {', '.join(missing)} could not be found, so the issue "
                        "was undone (its files removed); it was never recorded — build with --issue again.")
    return done


File = tuple[Path, str, str, bytes, float]
"""A file of a build: path, language, format, bytes, seconds spent rendering."""
DRAFTS_FOLDER = "drafts"


def keep_issued_files(files: list[File], out_dir: Path, history: Location, findings: Findings) -> list[File]:
    """Send a draft to ``OUT/drafts/`` when it would replace a file of an issued report."""
    issued = issued_outputs(history)
    clash = sorted(path.name for path, *_ in files if path.name in issued and path.exists())
    if not clash:
        return files
    drafts = out_dir / DRAFTS_FOLDER
    findings.add(W_DRAFT_ELSEWHERE(
        f"{clash[0]}{f' and {len(clash) - 1} more' if len(clash) > 1 else ''} in {out_dir.name}/ "
        f"belong to an issued report; this draft was written to {out_dir.name}/{DRAFTS_FOLDER}/ instead",
        hint="the issued files stay as issued; run 'sitrep next --as-of DATE' to start the next report",
        position=Position(file=clash[0])))
    return [(drafts / path.name, lang, fmt, data, seconds) for path, lang, fmt, data, seconds in files]


def stage(files: list[tuple[Path, bytes]], *, keep: bool) -> list[Staged]:
    """Every file written in full under a temporary name beside its place (all or none): a full
    disk or an unwritable folder stops the build before anything in the output folder changes."""
    try:
        return stage_files(files, keep=keep)
    except OSError as exc:
        path = Path(exc.filename) if isinstance(exc.filename, str) else (files[0][0] if files else Path("."))
        raise RenderError(E_OUTPUT_WRITE(
            f"cannot write to {path.parent}: {exc.strerror or exc}; nothing was written or replaced",
            hint="free disk space or choose another folder with --out, or close the file if it is open in "
                 "Word or Acrobat", position=Position(file=path.name))) from exc


def refuse_reissue(history: Location, report_type: str, number: int, *, force: bool) -> None:
    """Stop before rendering when ``number`` was issued already (unless ``force``).

    Raises:
        HistoryError: the number is issued and ``force`` is not set, or a record cannot be read.
    """
    store = open_store(history, create=False)
    if store is None:
        return
    try:
        issued, problems = store.reports(), list(store.problems)
    finally:
        store.close()
    if problems:  # a record that cannot be read might be this very number: do not guess
        first, *more = (E_HISTORY(p.message, hint=p.hint, position=p.position) for p in problems)
        raise HistoryError(first, more=more)
    if not force and any((r.report_type, r.number) == (report_type, number) for r in issued):
        raise HistoryError(E_HISTORY(
            f"{report_type} No. {number} has already been issued",
            hint="move to the next report with 'sitrep next --as-of DATE', or add --force to re-issue it "
                 "(the earlier record is kept as superseded)", position=history.position))


class IssueSession(Protocol):
    """An issue in progress, whichever store records it (see :func:`open_issue`)."""

    def refuse(self, number: int, *, force: bool) -> None:
        """Refuse to issue ``number`` (already issued, or an interrupted issue waiting)."""

    def tidy(self, out_dir: Path) -> list[Finding]:
        """Clear the staged files that no interrupted issue needs from ``out_dir`` (finishing first
        an issue that was recorded but killed before its files were renamed into place)."""

    def commit(self, staged: list[Staged], data: dict[Path, bytes], *, number: int, as_of: dt.date,
               period: tuple[dt.date, dt.date], languages: list[str], figures: list[Figure], force: bool) -> None:
        """Record the report and put its staged files in place (both, or neither)."""


@dataclass(frozen=True, slots=True)
class _SqliteIssue:
    history: Location
    report_type: str

    def refuse(self, number: int, *, force: bool) -> None:
        refuse_pending(self.history.path)
        refuse_reissue(self.history, self.report_type, number, force=force)

    def tidy(self, out_dir: Path) -> list[Finding]:
        remove_stale_temporaries(out_dir, staged=True)  # no journal entry needs them: refuse() found none
        return []

    def commit(self, staged: list[Staged], data: dict[Path, bytes], *, number: int, as_of: dt.date,
               period: tuple[dt.date, dt.date], languages: list[str], figures: list[Figure], force: bool) -> None:
        commit_issue(self.history.path, staged, data, report_type=self.report_type, number=number, as_of=as_of,
                     period=period, languages=languages, figures=figures, force=force)


@contextmanager
def open_issue(history: Location, report_type: str) -> Iterator[IssueSession]:
    """Start issuing a report of ``report_type``: the workspace's issue lock and journal for SQLite,
    one transaction holding the series' advisory lock for PostgreSQL.

    Raises:
        HistoryError: the history cannot be used; ``HistoryBusy`` when another issuer holds it too long.
    """
    if history.url is None:
        with issue_lock(history.path):
            yield _SqliteIssue(history, report_type)
        return
    require_driver(history.position)
    from sitrep.store.pgissue import postgres_issue

    with postgres_issue(history.url, history.position, report_type, drafts=DRAFTS_FOLDER) as session:
        yield session


def unfinished_issues(history: Location, out_dir: Path, *, repair: bool = False) -> tuple[list[Finding], list[str]]:
    """PostgreSQL: issues recorded but killed before their files were renamed into ``out_dir``.

    Returns a finding per such issue, or with ``repair`` a line per file moved into place.
    (The SQLite store journals its issues instead: see :func:`interrupted_findings` and :func:`repair`.)
    """
    if history.url is None or not out_dir.is_dir():
        return [], []
    require_driver(history.position)
    from sitrep.store.pgissue import finish, unfinished
    from sitrep.store.postgres import open_postgres

    store = open_postgres(history.url, position=history.position, create=False)
    if store is None:
        return [], []
    try:
        with store.errors("read the history"):
            waiting = unfinished(store, out_dir)
    finally:
        store.close()
    if repair:
        return [], [line for line, _ in finish(waiting)]
    reports = sorted({report for report, _, _ in waiting})
    return [E_ISSUE_INTERRUPTED(
        f"{report} was recorded, but the issue stopped before its files were moved into place: "
        f"{', '.join(t.name for r, _, t in waiting if r == report)} wait in {out_dir.name}/ as staged copies",
        hint=f"run: sitrep history --repair {history.path.parent} — it moves them into place (the next issue "
             "from this folder does it too)", position=history.position) for report in reports], []
