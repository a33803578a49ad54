"""The history of issued reports: an embedded SQLite database in the workspace.

Each issued report is stored with its number, type, dates, languages, the merged figures
(by kind, place and measure) and a SHA-256 hash of every output file. The next report reads
the previous issued one to show what changed ("▲ 12,400 since Flash Update No. 2") and the
series to draw trends.

Safety rules: the schema is versioned (``PRAGMA user_version``) and migrated forward in a
transaction that re-reads the version after taking the write lock (two processes creating the
file at once do not both migrate it); the file is marked as sitrep's (``PRAGMA application_id``),
so a foreign or corrupt database is reported and never written to; re-issuing a number keeps the
earlier record as ``superseded`` (nothing is ever deleted). A database that is merely busy
(another process writing) is waited for, up to :func:`busy_timeout` seconds, and then reported
as busy, never as corrupt. A record that cannot be read back (a hand-edited row) is left out
and named in :attr:`History.problems`; the other records stay usable.

An issue in progress is journalled in the ``pending`` table (see :mod:`sitrep.issuing`): the
files' names, hashes and staged copies are recorded *before* any file is moved into place, so
an interrupted issue can always be finished or undone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.codes import E_HISTORY, W_HISTORY_RECORD
from sitrep.errors import Finding, Position, SitrepError

HISTORY_FILE = "history.sqlite"
APPLICATION_ID = 0x53524550  # "SREP"
SCHEMA_VERSION = 2
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE report (
               id INTEGER PRIMARY KEY,
               report_type TEXT NOT NULL,
               number INTEGER NOT NULL,
               as_of TEXT NOT NULL,
               period_start TEXT NOT NULL,
               period_end TEXT NOT NULL,
               languages TEXT NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('issued', 'superseded')),
               superseded_by INTEGER REFERENCES report(id)
           )""",
        """CREATE TABLE figure (
               report_id INTEGER NOT NULL REFERENCES report(id),
               kind TEXT NOT NULL,
               place TEXT NOT NULL,
               measure TEXT NOT NULL,
               value INTEGER NOT NULL,
               PRIMARY KEY (report_id, kind, place, measure)
           )""",
        """CREATE TABLE output (
               report_id INTEGER NOT NULL REFERENCES report(id),
               file TEXT NOT NULL,
               sha256 TEXT NOT NULL,
               PRIMARY KEY (report_id, file)
           )""",
    ),
    2: (
        """CREATE TABLE pending (
               id INTEGER PRIMARY KEY,
               report_type TEXT NOT NULL,
               number INTEGER NOT NULL,
               started TEXT NOT NULL,
               folder TEXT NOT NULL,
               files TEXT NOT NULL,
               record TEXT NOT NULL
           )""",
    ),
}
"""Schema version -> statements that bring version-1 to that version. Append, never edit."""


class HistoryError(SitrepError):
    """The history database cannot be used (foreign, corrupt, newer, busy, or a refused re-issue)."""


class HistoryBusy(HistoryError):
    """Another process holds the history (or the issue lock) longer than the timeout."""


def busy_timeout() -> float:
    """Seconds to wait for a busy history: ``SITREP_HISTORY_TIMEOUT``, else 30."""
    try:
        return max(0.0, float(os.environ.get("SITREP_HISTORY_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def busy_error(path: Path) -> HistoryBusy:
    return HistoryBusy(E_HISTORY(
        f"{path.name} is busy: another sitrep is issuing a report (waited {busy_timeout():g} s)",
        hint="try again when it has finished; nothing was written (SITREP_HISTORY_TIMEOUT sets the wait)",
        position=Position(file=path.name)))


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _corrupt(path: Path, exc: BaseException) -> HistoryError:
    return _fail(path, f"{path.name} cannot be read as a SQLite database ({exc}); it may be damaged",
                 f"keep the file as it is and restore {path.name} from a backup; or recover what it holds with "
                 f"'sqlite3 {path.name} .recover | sqlite3 recovered.sqlite' and rename recovered.sqlite to "
                 f"{path.name} after checking it with 'sitrep history'. sitrep does not write to it meanwhile")


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    kind: str
    """``total`` | ``casualties`` | ``displacement`` | ``sector``."""
    place: str
    """P-code (or sector name; empty for totals)."""
    measure: str
    value: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuedReport:
    id: int
    report_type: str
    number: int
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    languages: tuple[str, ...]
    status: str
    figures: tuple[Figure, ...] = ()
    outputs: dict[str, str] = field(default_factory=dict)
    """file name -> sha256."""

    def value(self, measure: str, kind: str = "total", place: str = "") -> int | None:
        for f in self.figures:
            if (f.kind, f.place, f.measure) == (kind, place, measure):
                return f.value
        return None


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def _date(value: object) -> dt.date:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    return dt.date.fromisoformat(value)


def _fail(path: Path, message: str, hint: str) -> HistoryError:
    return HistoryError(E_HISTORY(message, hint=hint, position=Position(file=path.name)))


class History:
    """An open history database (use :func:`open_history`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection
        self.problems: list[Finding] = []
        """Records that could not be read back (left out of :meth:`reports`), one finding each."""

    @property
    def label(self) -> str:
        """Where the history is, as the user knows it (the file's path)."""
        return str(self.path)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise busy_error(self.path) from exc
            raise _fail(self.path, f"cannot write to {self.path.name}: {exc}",
                        "free disk space or check the file's permissions; nothing was recorded") from exc
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                if _is_busy(exc):
                    raise busy_error(self.path) from exc
                raise _fail(self.path, f"cannot write to {self.path.name}: {exc}",
                            "free disk space or check the file's permissions; nothing was recorded") from exc
            raise

    def reports(self, *, include_superseded: bool = False) -> list[IssuedReport]:
        """Issued reports, oldest first (by as-of date, then number).

        A row that cannot be read back (a hand-edited date, a broken language list) is left
        out, with a finding in :attr:`problems` naming the record.
        """
        where = "" if include_superseded else "WHERE status = 'issued'"
        rows = self.db.execute(
            f"SELECT id, report_type, number, as_of, period_start, period_end, languages, status "
            f"FROM report {where} ORDER BY as_of, number, id").fetchall()
        out = []
        self.problems = []
        for rid, rtype, number, as_of, start, end, languages, status in rows:
            try:
                figures = tuple(Figure(kind=str(k), place=str(p), measure=str(m), value=_integer(v))
                                for k, p, m, v in self.db.execute(
                    "SELECT kind, place, measure, value FROM figure WHERE report_id = ? "
                    "ORDER BY kind, place, measure", (rid,)))
                outputs = {str(f): str(h) for f, h in self.db.execute(
                    "SELECT file, sha256 FROM output WHERE report_id = ? ORDER BY file", (rid,)).fetchall()}
                langs = json.loads(languages)
                if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs):
                    raise ValueError(f"languages {languages!r} is not a list of language codes")
                out.append(IssuedReport(id=rid, report_type=str(rtype), number=_integer(number),
                                        as_of=_date(as_of), period_start=_date(start), period_end=_date(end),
                                        languages=tuple(langs), status=str(status), figures=figures,
                                        outputs=outputs))
            except (ValueError, TypeError) as exc:
                self.problems.append(W_HISTORY_RECORD(
                    f"record {rid} ({rtype} No. {number}) cannot be read back: {exc}; it is left out",
                    hint=f"correct the row in {self.path.name} (table report, id {rid}) or restore the file "
                         "from a backup; the other records are used", position=Position(file=self.path.name)))
        return out

    def previous(self, report_type: str, number: int, as_of: dt.date) -> IssuedReport | None:
        """The last issued report before this one (same series: earlier as-of, or same day and lower number)."""
        earlier = [r for r in self.reports()
                   if (r.report_type, r.number) != (report_type, number)
                   and (r.as_of < as_of or (r.as_of == as_of and r.number < number))]
        return earlier[-1] if earlier else None

    def record(self, *, report_type: str, number: int, as_of: dt.date, period: tuple[dt.date, dt.date],
               languages: Iterable[str], figures: Iterable[Figure], outputs: dict[str, str],
               force: bool = False, finish_pending: int | None = None) -> IssuedReport:
        """Store an issued report in one transaction (deleting its journal row ``finish_pending``).

        Raises:
            HistoryError: the number is already issued and ``force`` is not set.
        """
        with self._transaction() as db:
            existing = db.execute("SELECT id FROM report WHERE report_type = ? AND number = ? AND status = 'issued'",
                                  (report_type, number)).fetchone()
            if existing and not force:
                raise _fail(self.path, f"{report_type} No. {number} has already been issued",
                            "build with a new number (sitrep next), or use --issue --force to re-issue it; "
                            "the earlier record is kept as superseded")
            cursor = db.execute(
                "INSERT INTO report (report_type, number, as_of, period_start, period_end, languages, status) "
                "VALUES (?, ?, ?, ?, ?, ?, 'issued')",
                (report_type, number, as_of.isoformat(), period[0].isoformat(), period[1].isoformat(),
                 json.dumps(sorted(set(languages)))))
            rid = cursor.lastrowid
            if existing:
                db.execute("UPDATE report SET status = 'superseded', superseded_by = ? WHERE id = ?",
                           (rid, existing[0]))
            db.executemany("INSERT INTO figure (report_id, kind, place, measure, value) VALUES (?, ?, ?, ?, ?)",
                           [(rid, f.kind, f.place, f.measure, f.value) for f in figures])
            db.executemany("INSERT INTO output (report_id, file, sha256) VALUES (?, ?, ?)",
                           sorted((rid, name, digest) for name, digest in outputs.items()))
            if finish_pending is not None:
                db.execute("DELETE FROM pending WHERE id = ?", (finish_pending,))
        return next(r for r in self.reports() if r.id == rid)


def open_history(path: Path, *, create: bool = True) -> History | None:
    """Open (and create or migrate) the history database; None when it does not exist and not ``create``.

    A busy database is waited for (:func:`busy_timeout`). Two processes creating it at once are
    safe: the schema is created under the write lock, after reading the version again.

    Raises:
        HistoryError: the file is not a sitrep history (another application's database, a
            corrupt file, or a newer schema); it is left untouched. :class:`HistoryBusy` when
            another process holds it past the timeout.
    """
    if not path.exists() and not create:
        return None
    is_new = not path.exists() or path.stat().st_size == 0
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout())
    except sqlite3.Error as exc:
        raise _fail(path, f"cannot open the history database: {exc}", "check the file's permissions") from exc
    try:
        app_id, version, tables = _identity(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        if _is_busy(exc):
            raise busy_error(path) from exc
        raise _corrupt(path, exc) from exc
    if not is_new and (app_id != APPLICATION_ID or (tables and version == 0)) and not (
            app_id == 0 and version == 0 and not tables):
        db.close()
        raise _fail(path, f"{path.name} belongs to another application; sitrep will not write to it",
                    f"move it away or set another name; sitrep keeps its history in {HISTORY_FILE}")
    if version > SCHEMA_VERSION:
        db.close()
        raise _fail(path, f"the history was written by a newer sitrep (schema {version} > {SCHEMA_VERSION})",
                    "update sitrep")
    history = History(path, db)
    if version < SCHEMA_VERSION:
        try:
            with history._transaction() as tx:
                # Read again under the write lock: another process may have created or migrated
                # the file since (two first issues at once would both run CREATE TABLE).
                app_id, version, tables = _identity(tx)
                if app_id == 0 and version == 0 and not tables:
                    tx.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                elif app_id != APPLICATION_ID:
                    raise _fail(path, f"{path.name} belongs to another application; sitrep will not write to it",
                                f"move it away; sitrep keeps its history in {HISTORY_FILE}")
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[step]:
                        tx.execute(statement)
                tx.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.close()
            raise
    return history


def _identity(db: sqlite3.Connection) -> tuple[int, int, list[str]]:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return int(app_id), int(version), tables


def read_history(path: Path) -> list[IssuedReport]:
    """All reports (superseded included) of an existing history; empty when there is none.

    Records that cannot be read back are left out (see :func:`load_history` for the findings).
    """
    return load_history(path)[0]


def load_history(path: Path) -> tuple[list[IssuedReport], list[Finding]]:
    """All readable reports of an existing history, and a finding per record that is not."""
    history = open_history(path, create=False)
    if history is None:
        return [], []
    with closing(history.db):
        reports = history.reports(include_superseded=True)
        return reports, list(history.problems)


def record_issue(path: Path, *, report_type: str, number: int, as_of: dt.date, period: tuple[dt.date, dt.date],
                 languages: Iterable[str], figures: Iterable[Figure], files: Iterable[tuple[str, bytes]],
                 force: bool) -> IssuedReport:
    """Record an issued report with the SHA-256 of every file written for it."""
    import hashlib

    history = open_history(path)
    assert history is not None
    try:
        return history.record(report_type=report_type, number=number, as_of=as_of, period=period,
                              languages=languages, figures=figures, force=force,
                              outputs={name: hashlib.sha256(data).hexdigest() for name, data in files})
    finally:
        history.close()
