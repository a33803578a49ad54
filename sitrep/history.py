"""The history of issued reports: an embedded SQLite database in the workspace.

Each issued report is stored with its number, type, dates, languages, the merged figures
(by kind, place and measure) and a SHA-256 hash of every output file. The next report reads
the previous issued one to show what changed ("▲ 12,400 since Flash Update No. 2") and the
series to draw trends.

Safety rules: the schema is versioned (``PRAGMA user_version``) and migrated forward in a
transaction; the file is marked as sitrep's (``PRAGMA application_id``), so a foreign or
corrupt database is reported and never written to; re-issuing a number keeps the earlier
record as ``superseded`` (nothing is ever deleted).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.codes import E_HISTORY
from sitrep.errors import Position, SitrepError

HISTORY_FILE = "history.sqlite"
APPLICATION_ID = 0x53524550  # "SREP"
SCHEMA_VERSION = 1
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
}
"""Schema version -> statements that bring version-1 to that version. Append, never edit."""


class HistoryError(SitrepError):
    """The history database cannot be used (foreign, corrupt, newer, or a refused re-issue)."""


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


def _fail(path: Path, message: str, hint: str) -> HistoryError:
    return HistoryError(E_HISTORY(message, hint=hint, position=Position(file=path.name)))


class History:
    """An open history database (use :func:`open_history`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def reports(self, *, include_superseded: bool = False) -> list[IssuedReport]:
        """Issued reports, oldest first (by as-of date, then number)."""
        where = "" if include_superseded else "WHERE status = 'issued'"
        rows = self.db.execute(
            f"SELECT id, report_type, number, as_of, period_start, period_end, languages, status "
            f"FROM report {where} ORDER BY as_of, number, id").fetchall()
        out = []
        for rid, rtype, number, as_of, start, end, languages, status in rows:
            figures = tuple(Figure(kind=k, place=p, measure=m, value=v) for k, p, m, v in self.db.execute(
                "SELECT kind, place, measure, value FROM figure WHERE report_id = ? ORDER BY kind, place, measure",
                (rid,)))
            outputs = dict(self.db.execute("SELECT file, sha256 FROM output WHERE report_id = ? ORDER BY file",
                                           (rid,)).fetchall())
            out.append(IssuedReport(id=rid, report_type=rtype, number=number, as_of=dt.date.fromisoformat(as_of),
                                    period_start=dt.date.fromisoformat(start),
                                    period_end=dt.date.fromisoformat(end), languages=tuple(json.loads(languages)),
                                    status=status, figures=figures, outputs=outputs))
        return out

    def previous(self, report_type: str, number: int, as_of: dt.date) -> IssuedReport | None:
        """The last issued report before this one (same series: earlier as-of, or same day and lower number)."""
        earlier = [r for r in self.reports()
                   if (r.report_type, r.number) != (report_type, number)
                   and (r.as_of < as_of or (r.as_of == as_of and r.number < number))]
        return earlier[-1] if earlier else None

    def record(self, *, report_type: str, number: int, as_of: dt.date, period: tuple[dt.date, dt.date],
               languages: Iterable[str], figures: Iterable[Figure], outputs: dict[str, str],
               force: bool = False) -> IssuedReport:
        """Store an issued report in one transaction.

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
        return next(r for r in self.reports() if r.id == rid)


def open_history(path: Path, *, create: bool = True) -> History | None:
    """Open (and create or migrate) the history database; None when it does not exist and not ``create``.

    Raises:
        HistoryError: the file is not a sitrep history (another application's database, a
            corrupt file, or a newer schema); it is left untouched.
    """
    if not path.exists() and not create:
        return None
    is_new = not path.exists() or path.stat().st_size == 0
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise _fail(path, f"cannot open the history database: {exc}", "check the file's permissions") from exc
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as exc:
        db.close()
        raise _fail(path, "the history file is not a readable SQLite database (it may be corrupt)",
                    f"restore {path.name} from a backup, or move it away to start a new history") from exc
    if not is_new and (app_id != APPLICATION_ID or (tables and version == 0)):
        db.close()
        raise _fail(path, f"{path.name} belongs to another application; sitrep will not write to it",
                    f"move it away or set another name; sitrep keeps its history in {HISTORY_FILE}")
    if version > SCHEMA_VERSION:
        db.close()
        raise _fail(path, f"the history was written by a newer sitrep (schema {version} > {SCHEMA_VERSION})",
                    "update sitrep")
    history = History(path, db)
    if version < SCHEMA_VERSION:
        with history._transaction() as tx:
            if is_new or version == 0:
                tx.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    tx.execute(statement)
            tx.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return history


def read_history(path: Path) -> list[IssuedReport]:
    """All reports (superseded included) of an existing history; empty when there is none."""
    history = open_history(path, create=False)
    if history is None:
        return []
    with closing(history.db):
        return history.reports(include_superseded=True)


def refuse_reissue(path: Path, report_type: str, number: int, *, force: bool) -> None:
    """Stop before rendering when ``number`` was issued already (unless ``force``).

    Raises:
        HistoryError: the number is issued and ``force`` is not set.
    """
    issued = [r for r in read_history(path) if r.status == "issued"]
    if not force and any((r.report_type, r.number) == (report_type, number) for r in issued):
        raise HistoryError(E_HISTORY(
            f"{report_type} No. {number} has already been issued",
            hint="move to the next report with 'sitrep next --as-of DATE', or add --force to re-issue it "
                 "(the earlier record is kept as superseded)", position=Position(file=path.name)))


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
