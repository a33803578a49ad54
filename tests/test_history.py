"""The history store: versioned, transactional, never overwrites what it does not own."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from sitrep.history import APPLICATION_ID, SCHEMA_VERSION, HistoryError, open_history, read_history

D1, D2 = dt.date(2024, 11, 29), dt.date(2024, 12, 2)


def record(path: Path, number: int, as_of: dt.date, killed: int, *, force: bool = False) -> None:
    """Record Flash Update ``number`` in the SQLite history at ``path`` (the shared stores' helper)."""
    from sitrep.store import Location

    from .test_history_stores import record as record_in

    record_in(Location(path), number, as_of, killed, force=force)


def test_new_history_is_versioned_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    record(path, 1, D1, 27)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()
    [report] = read_history(path)
    assert (report.number, report.as_of, report.value("killed"), report.value("killed", "casualties", "SY02")) == \
        (1, D1, 27, 26)
    assert report.languages == ("ar", "en") and report.outputs == {"fu1.pdf": "ab" * 32}


def test_previous_report_and_order(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    record(path, 1, D1, 27)
    record(path, 2, D2, 41)
    history = open_history(path)
    assert history is not None
    assert [r.number for r in history.reports()] == [1, 2]
    assert history.previous("flash-update", 3, dt.date(2024, 12, 5)).number == 2  # type: ignore[union-attr]
    assert history.previous("flash-update", 2, D2).number == 1  # type: ignore[union-attr]
    assert history.previous("flash-update", 1, D1) is None
    history.close()


def test_reissue_is_refused_unless_forced_and_keeps_the_old_record(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    record(path, 1, D1, 27)
    with pytest.raises(HistoryError) as caught:
        record(path, 1, D1, 30)
    assert caught.value.finding.code == "E-history" and "--force" in (caught.value.finding.hint or "")
    assert [r.value("killed") for r in read_history(path)] == [27]  # the refused write left nothing behind
    record(path, 1, D1, 30, force=True)
    reports = read_history(path)
    assert [(r.value("killed"), r.status) for r in reports] == [(27, "superseded"), (30, "issued")]


def test_foreign_database_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError) as caught:
        open_history(path)
    assert "another application" in caught.value.finding.message
    assert path.read_bytes() == before


def test_corrupt_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    before = path.read_bytes()
    with pytest.raises(HistoryError) as caught:
        read_history(path)
    assert caught.value.finding.code == "E-history"
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    record(path, 1, D1, 27)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(HistoryError) as caught:
        open_history(path)
    assert "newer sitrep" in caught.value.finding.message


def test_missing_history_reads_as_empty(tmp_path: Path) -> None:
    assert read_history(tmp_path / "nothing.sqlite") == []
    assert not (tmp_path / "nothing.sqlite").exists()
