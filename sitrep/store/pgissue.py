"""Issuing a report against a PostgreSQL history: one transaction from the number check to the record.

:func:`postgres_issue` opens a transaction and takes the series' advisory lock
(``pg_try_advisory_xact_lock``, waited for up to :func:`sitrep.history.busy_timeout`); the
number is checked in it, the files are rendered and staged, the record is inserted and the
transaction committed, and only then are the staged files renamed into place. The lock is the
transaction's, so the server releases it when the transaction ends — also when the process or
the network dies.

When the connection is lost before the commit is confirmed, sitrep asks the server again on a
new connection whether the record is there. If it is, the files are moved into place as usual.
If it is not, nothing was recorded: the staged files are moved into ``OUT/drafts/`` instead of
the output folder, which stays as it was, and a finding says so. If the server cannot be asked,
the files go to ``drafts/`` too and the finding says that whether the record was written is not
known (``sitrep history`` tells once the server is back).

A process killed in the instant between the commit and the renames leaves complete staged
copies beside their places: :meth:`PostgresIssue.tidy` (the next issue) and ``sitrep history
--repair`` move each one whose SHA-256 is the recorded one into place.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

from sitrep.codes import E_HISTORY_CONNECTION_LOST, W_ISSUE_FINISHED
from sitrep.errors import Finding, Position
from sitrep.fs import Staged, discard, move_into_place, remove_stale_temporaries
from sitrep.history import Figure, HistoryError
from sitrep.store.postgres import PostgresHistory, connect, is_lost, open_postgres


class PostgresIssue:
    """An issue in progress: the open transaction holding the series lock."""

    def __init__(self, store: PostgresHistory, report_type: str, drafts: str) -> None:
        self.store, self.report_type, self.drafts = store, report_type, drafts

    def refuse(self, number: int, *, force: bool) -> None:
        """Refuse a number already issued (unless ``force``), read in the locked transaction.

        Raises:
            HistoryError: the number is issued and ``force`` is not set.
        """
        with self.store.errors("read the history"):
            existing = self.store.issued_id(self.report_type, number)
        if existing is not None and not force:
            raise self.store.refusal(self.report_type, number)

    def tidy(self, out_dir: Path) -> list[Finding]:
        """Finish the renames of an issue killed after its commit (:func:`unfinished`), then clear
        the staged files of issues killed before theirs."""
        with self.store.errors("read the history"):
            waiting = unfinished(self.store, out_dir)
        findings = [W_ISSUE_FINISHED(message, hint="nothing to do: the files now match their record",
                                     position=Position(file=target.name))
                    for message, target in finish(waiting)]
        remove_stale_temporaries(out_dir, staged=True)
        return findings

    def commit(self, staged: list[Staged], data: dict[Path, bytes], *, number: int, as_of: dt.date,
               period: tuple[dt.date, dt.date], languages: list[str], figures: list[Figure], force: bool) -> None:
        """Record the report, commit, then move the staged files into place.

        Raises:
            HistoryError: the record could not be written (staged files removed, nothing changed),
                or the connection was lost (files moved to drafts/, nothing recorded).
        """
        outputs = {s.path.name: hashlib.sha256(data[s.path]).hexdigest() for s in staged}
        lost = False
        try:
            with self.store.errors("record the report"):
                try:
                    self.store.insert(report_type=self.report_type, number=number, as_of=as_of, period=period,
                                      languages=languages, figures=figures, outputs=outputs, force=force)
                    self.store.conn.execute("COMMIT")
                except psycopg.Error as exc:
                    if not is_lost(self.store.conn, exc):
                        raise
                    lost = True
        except BaseException:
            discard(staged)
            raise
        if lost:
            recorded = self._recorded(number, outputs)
            if not recorded:
                self._to_drafts(staged, number, checked=recorded is False)
        move_into_place(staged)

    def _recorded(self, number: int, outputs: dict[str, str]) -> bool | None:
        """Whether the server holds this very record after all (None: it cannot be asked)."""
        try:
            conn = connect(self.store.url, self.store.position, timeout=5)
        except HistoryError:
            return None
        try:
            row = conn.execute("SELECT id FROM report WHERE report_type = %s AND number = %s AND status = 'issued'",
                               (self.report_type, number)).fetchone()
            if row is None:
                return False
            stored = dict(conn.execute("SELECT file, sha256 FROM output WHERE report_id = %s", (row[0],)).fetchall())
            return stored == outputs
        except psycopg.Error:
            return None
        finally:
            conn.close()

    def _to_drafts(self, staged: list[Staged], number: int, *, checked: bool) -> None:
        folders = sorted({s.path.parent for s in staged})
        moved = [Staged(s.path.parent / self.drafts / s.path.name, s.temporary) for s in staged]
        try:
            for folder in folders:
                (folder / self.drafts).mkdir(exist_ok=True)
            move_into_place(moved)
        except OSError:
            discard(staged)
        where = f"{folders[0].name}/{self.drafts}/" if folders else f"{self.drafts}/"
        known = ("nothing was recorded (checked on a new connection)" if checked else
                 "the server could not be asked again, so it is not known whether the record was written")
        raise HistoryError(E_HISTORY_CONNECTION_LOST(
            f"the connection to {self.store.label} was lost while issuing {self.report_type} No. {number}: "
            f"{known}; the {len(staged)} files were left as drafts in {where} and the output folder was not changed",
            hint="when the server can be reached again, run 'sitrep history' to see what is recorded, then build "
                 "with --issue again (the files in drafts/ carry no record and are not issued)",
            position=self.store.position))


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unfinished(store: PostgresHistory, out_dir: Path) -> list[tuple[str, Path, Path]]:
    """Recorded files of ``out_dir`` that are not in place while a staged copy with the recorded
    SHA-256 waits beside them: an issue killed in the instant between its commit and its renames.
    ``(report, staged copy, place)`` each."""
    waiting = []
    for report in store.reports():
        for name, digest in sorted(report.outputs.items()):
            target = out_dir / name
            if _sha(target) == digest:
                continue
            for candidate in sorted(out_dir.glob(f".{glob.escape(name)}.*.staged")):
                if _sha(candidate) == digest:
                    waiting.append((f"{report.report_type} No. {report.number}", candidate, target))
                    break
    return waiting


def finish(waiting: list[tuple[str, Path, Path]]) -> list[tuple[str, Path]]:
    """Move each waiting staged copy into place; what was done, with the file, a line each."""
    done = []
    for report, candidate, target in waiting:
        os.replace(candidate, target)
        done.append((f"{report} was recorded, but the issue stopped before {target.name} was moved into place; "
                     f"its staged copy (same SHA-256 as recorded) is now in {target.parent.name}/", target))
    return done


@contextmanager
def postgres_issue(url: str, position: Position, report_type: str, *, drafts: str) -> Iterator[PostgresIssue]:
    """Open the issue transaction and hold the series' advisory lock until it ends.

    Raises:
        HistoryError: the server cannot be used (see :func:`open_postgres`); ``HistoryBusy`` when
            another sitrep holds the series' lock past the timeout.
    """
    store = open_postgres(url, position=position, create=True)
    assert store is not None
    try:
        with store.errors("start the issue"):
            store.conn.execute("BEGIN")
            store.lock_series(report_type)
        yield PostgresIssue(store, report_type, drafts)
    finally:
        if not store.conn.closed and store.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            with suppress(psycopg.Error):
                store.conn.execute("ROLLBACK")
        store.close()
