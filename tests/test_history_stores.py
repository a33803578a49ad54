"""One suite for both history stores: the workspace's SQLite file and a real PostgreSQL server.

Each test marked with the ``where`` fixture runs twice, once per store, against the same
:class:`sitrep.store.HistoryStore` interface. The PostgreSQL server is Debian's, started once
for the session by tests/pg.py (as an unprivileged user, in a temporary data directory).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitrep.history import Figure, HistoryError
from sitrep.store import Location, load, open_store

from .pg import Server
from .test_redteam import ENV, ROWS, assert_agree, heavy, records, second_flash_update_template

D1, D2 = dt.date(2024, 11, 29), dt.date(2024, 12, 2)


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Location:
    """A history that does not exist yet: a SQLite file, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        return Location(tmp_path / "history.sqlite")
    server: Server = request.getfixturevalue("postgres")
    return Location(tmp_path / "history.sqlite", server.url(server.database()), "SITREP_HISTORY_URL")


def record(where: Location, number: int, as_of: dt.date, killed: int, *, force: bool = False) -> None:
    store = open_store(where)
    assert store is not None
    try:
        store.record(report_type="flash-update", number=number, as_of=as_of, period=(dt.date(2024, 11, 27), as_of),
                     languages=["en", "ar"], figures=[Figure(kind="total", place="", measure="killed", value=killed),
                                                      Figure(kind="casualties", place="SY02", measure="killed",
                                                             value=killed - 1)],
                     outputs={f"fu{number}.pdf": "ab" * 32}, force=force)
    finally:
        store.close()


def sql(where: Location, statement: str) -> list[tuple[object, ...]]:
    """Run one statement on the store's database directly (as another program would)."""
    if where.url is None:
        db = sqlite3.connect(where.path)
        try:
            rows = db.execute(statement).fetchall()
            db.commit()
            return rows
        finally:
            db.close()
    import psycopg

    with psycopg.connect(where.url, autocommit=True) as conn:
        cursor = conn.execute(statement.encode())
        return cursor.fetchall() if cursor.description else []


def tables(where: Location) -> list[str]:
    if where.url is None:
        return [str(r[0]) for r in sql(where, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [str(r[0]) for r in sql(where, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                          "ORDER BY tablename")]


def test_a_record_reads_back_as_written(where: Location) -> None:
    record(where, 1, D1, 27)
    [report], problems = load(where)
    assert problems == []
    assert (report.number, report.as_of, report.period_start, report.value("killed"),
            report.value("killed", "casualties", "SY02")) == (1, D1, dt.date(2024, 11, 27), 27, 26)
    assert report.languages == ("ar", "en") and report.outputs == {"fu1.pdf": "ab" * 32}
    assert report.status == "issued"


def test_previous_report_and_order(where: Location) -> None:
    record(where, 2, D2, 41)
    record(where, 1, D1, 27)
    store = open_store(where)
    assert store is not None
    try:
        assert [r.number for r in store.reports()] == [1, 2]
        assert store.previous("flash-update", 3, dt.date(2024, 12, 5)).number == 2  # type: ignore[union-attr]
        assert store.previous("flash-update", 2, D2).number == 1  # type: ignore[union-attr]
        assert store.previous("flash-update", 1, D1) is None
    finally:
        store.close()


def test_reissue_is_refused_unless_forced_and_keeps_the_old_record(where: Location) -> None:
    record(where, 1, D1, 27)
    with pytest.raises(HistoryError) as caught:
        record(where, 1, D1, 30)
    assert caught.value.finding.code == "E-history" and "--force" in (caught.value.finding.hint or "")
    assert [r.value("killed") for r in load(where)[0]] == [27]  # the refused write left nothing behind
    record(where, 1, D1, 30, force=True)
    assert [(r.value("killed"), r.status) for r in load(where)[0]] == [(27, "superseded"), (30, "issued")]


def test_another_applications_database_is_refused_untouched(where: Location) -> None:
    sql(where, "CREATE TABLE invoices (id INTEGER)")
    sql(where, "INSERT INTO invoices VALUES (7)")
    with pytest.raises(HistoryError) as caught:
        open_store(where)
    assert "another application" in caught.value.finding.message
    assert tables(where) == ["invoices"] and sql(where, "SELECT id FROM invoices") == [(7,)]


def test_a_newer_sitreps_history_is_refused_untouched(where: Location) -> None:
    record(where, 1, D1, 27)
    sql(where, "PRAGMA user_version = 99" if where.url is None else "UPDATE sitrep_schema SET version = 99")
    before = tables(where)
    with pytest.raises(HistoryError) as caught:
        open_store(where)
    assert "newer sitrep" in caught.value.finding.message
    assert tables(where) == before


def test_a_missing_history_reads_as_empty_and_is_not_created(where: Location) -> None:
    assert load(where) == ([], [])
    assert not where.path.exists() and (where.url is None or tables(where) == [])


CREATE = """
import sys, time
from pathlib import Path
from sitrep.store import Location, open_store
start = float(sys.argv[3])
while time.time() < start:
    pass
open_store(Location(Path(sys.argv[1]), sys.argv[2] or None)).close()
"""


def test_processes_creating_the_history_at_once_all_succeed(where: Location) -> None:
    start = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", CREATE, str(where.path), where.url or "", str(start)],
                              env=ENV, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [(p.wait(timeout=60), p.communicate()[1]) for p in procs]
    assert all(code == 0 for code, _ in errors), errors
    record(where, 1, D1, 27)
    assert [r.number for r in load(where)[0]] == [1]


# ---------------------------------------------------------------------------------------------
# Two officers issuing the same number at once: one record, one refusal, files and records agree
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("store", [pytest.param("sqlite", marks=heavy), "postgresql"])
def test_two_processes_issuing_the_same_number_record_one_and_files_match_it(
        store: str, make_workspace: Callable[..., Path], request: pytest.FixtureRequest,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_workspace(ROWS)
    env = {**ENV, "SITREP_HISTORY_TIMEOUT": "120"}
    if store == "postgresql":
        server: Server = request.getfixturevalue("postgres")
        env["SITREP_HISTORY_URL"] = server.url(server.database())
        monkeypatch.setenv("SITREP_HISTORY_URL", env["SITREP_HISTORY_URL"])
    procs = [subprocess.Popen([sys.executable, "-m", "sitrep", "build", str(ws), "--issue", "--lang", "en",
                               "--format", "docx", "--template", template], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for template in ("flash-update", second_flash_update_template(ws))]
    results = [(p.wait(timeout=300), p.communicate()) for p in procs]
    assert sorted(code for code, _ in results) == [0, 2], results
    refused = next(err for code, (_, err) in results if code == 2)
    assert "already been issued" in refused and "Traceback" not in refused
    issued = next(out + err for code, (out, err) in results if code == 0)
    if store == "postgresql":
        assert "127.0.0.1" in issued and "s3cret" not in issued  # recorded where, without the password
        assert not (ws / "history.sqlite").exists()
    assert [r["status"] for r in records(ws)] == ["issued"]
    assert_agree(ws)
    draft = subprocess.run([sys.executable, "-m", "sitrep", "build", str(ws), "--lang", "en", "--format", "docx"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert draft.returncode == 0 and "W-draft-elsewhere" in draft.stderr, draft.stderr  # issued files kept
    assert_agree(ws)
