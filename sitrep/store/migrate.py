"""``sitrep history --migrate-to URL``: copy a workspace's SQLite history into PostgreSQL.

The copy is one transaction on the server: every record (superseded ones too, with their ids,
figures and file hashes) is inserted into an empty history, read back inside the transaction
and compared with the source before the commit; after the commit it is read back again on a
new connection and compared once more. The SQLite file is not changed.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from sitrep.codes import E_HISTORY
from sitrep.errors import Position
from sitrep.history import HistoryError, IssuedReport, open_history
from sitrep.store.postgres import PostgresHistory, open_postgres


def _fail(message: str, hint: str, position: Position) -> HistoryError:
    return HistoryError(E_HISTORY(message, hint=hint, position=position))


def _read_source(path: Path) -> tuple[list[IssuedReport], dict[int, int | None]]:
    here = Position(file=path.name)
    source = open_history(path, create=False)
    if source is None:
        raise _fail(f"there is no {path.name} in {path.parent} to copy", "give the workspace folder that holds it",
                    here)
    with closing(source.db):
        reports = source.reports(include_superseded=True)
        if source.problems:
            raise _fail(f"{len(source.problems)} record(s) of {path.name} cannot be read back, so the copy would be "
                        "incomplete", "run 'sitrep history' to see them and correct them first", here)
        if source.db.execute("SELECT count(*) FROM pending").fetchone()[0]:
            raise _fail("an interrupted issue is waiting in the journal",
                        f"run 'sitrep history --repair {path.parent}' first", here)
        superseded_by = {int(i): s for i, s in source.db.execute("SELECT id, superseded_by FROM report")}
    return reports, superseded_by


def _copy(target: PostgresHistory, reports: list[IssuedReport], superseded_by: dict[int, int | None]) -> None:
    conn = target.conn
    with target.errors("copy the history"), conn.transaction():
        conn.execute("LOCK TABLE report IN EXCLUSIVE MODE")
        held = conn.execute("SELECT count(*) FROM report").fetchone()
        if held and held[0]:
            raise _fail(f"the history at {target.label} already holds {held[0]} record(s); sitrep copies only into "
                        "an empty one", "give the URL of a new, empty database", target.position)
        for r in sorted(reports, key=lambda r: r.id):
            conn.execute(
                "INSERT INTO report (id, report_type, number, as_of, period_start, period_end, languages, status) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (r.id, r.report_type, r.number, r.as_of, r.period_start, r.period_end, list(r.languages), r.status))
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO figure (report_id, kind, place, measure, value) "
                                "VALUES (%s, %s, %s, %s, %s)", [(r.id, f.kind, f.place, f.measure, f.value)
                                                                for f in r.figures])
                cur.executemany("INSERT INTO output (report_id, file, sha256) VALUES (%s, %s, %s)",
                                sorted((r.id, name, digest) for name, digest in r.outputs.items()))
        for rid, newer in superseded_by.items():
            if newer is not None:
                conn.execute("UPDATE report SET superseded_by = %s WHERE id = %s", (newer, rid))
        conn.execute("SELECT setval(pg_get_serial_sequence('report', 'id'), (SELECT max(id) FROM report))")
        if target.reports(include_superseded=True) != reports:
            raise _fail("the copy read back inside the transaction differs from the source; nothing was copied",
                        "report this as a bug, with both databases", target.position)


def migrate_to(path: Path, url: str) -> list[str]:
    """Copy the SQLite history ``path`` into the PostgreSQL history at ``url``; what was done.

    Raises:
        HistoryError: no source, unreadable records or an interrupted issue in it, a target that
            already holds records, the server cannot be used, or the copy does not read back equal.
    """
    reports, superseded_by = _read_source(path)
    position = Position(file="--migrate-to")
    target = open_postgres(url, position=position, create=True)
    assert target is not None
    with closing(target.conn):
        if reports:
            _copy(target, reports, superseded_by)
    check = open_postgres(url, position=position, create=False)
    copied = [] if check is None else check.reports(include_superseded=True)
    if check is not None:
        check.close()
    if copied != reports:
        raise _fail(f"the copy at {target.label} does not read back equal to {path.name} after the commit",
                    "do not use the copy; report this as a bug", position)
    figures, files = sum(len(r.figures) for r in reports), sum(len(r.outputs) for r in reports)
    lines = [f"Copied {len(reports)} report record(s) ({figures} figures, {files} file hashes) from {path} to "
             f"{target.label}, and read them back: the copy is identical. {path.name} was not changed."]
    lines.append(f"Now set the history URL for the team: [history] url = \"{target.label}\" in report.toml, "
                 "or SITREP_HISTORY_URL with the password kept out of the file (~/.pgpass).")
    lines.append(f"Once the URL is set, {path.name} is no longer read or written; keep it as a backup.")
    return lines
