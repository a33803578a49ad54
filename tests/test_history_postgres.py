"""What can go wrong with a team's PostgreSQL history, on a real server (tests/pg.py): each case
is a positioned finding, never a traceback, and files and records still agree.

The SQLite-and-PostgreSQL suite is tests/test_history_stores.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.config import parse_config
from sitrep.fs import stage_files
from sitrep.history import Figure, HistoryError
from sitrep.issuing import open_issue
from sitrep.store import Location, load, locate, open_store
from sitrep.store.shared_folder import _mount_type, shared_folder

from .pg import PASSWORD, Server
from .test_history_stores import D1, D2, record

runner = CliRunner()


@pytest.fixture
def pg(postgres: Server, tmp_path: Path) -> Location:
    return Location(tmp_path / "history.sqlite", postgres.url(postgres.database()), "SITREP_HISTORY_URL")


def history_cli(ws: Path, *args: str) -> tuple[int, str]:
    done = runner.invoke(app, ["history", str(ws), *args])
    return done.exit_code, done.output


def test_a_connection_lost_mid_issue_records_nothing_and_leaves_the_files_as_drafts(
        pg: Location, postgres: Server, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.docx").write_bytes(b"an earlier draft")
    files = {out / "fu1.docx": b"issued bytes", out / "fu1.pdf": b"%PDF issued"}
    with pytest.raises(HistoryError) as caught, open_issue(pg, "flash-update") as session:
        session.refuse(1, force=False)
        staged = stage_files(list(files.items()), keep=True)
        with postgres.admin() as admin:  # the server drops this very connection (as a restart or a cut would)
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sitrep'")
        session.commit(staged, files, number=1, as_of=D1, period=(D1, D1), languages=["en"],
                       figures=[Figure(kind="total", place="", measure="killed", value=3)], force=False)
    finding = caught.value.finding
    assert finding.code == "E-history-connection-lost" and "nothing was recorded" in finding.message
    assert "dist/drafts/" in finding.message and "not changed" in finding.message
    assert str(finding.position) == "SITREP_HISTORY_URL"
    assert sorted(p.name for p in out.iterdir()) == ["drafts", "old.docx"]  # the output folder as it was
    assert {p.name: p.read_bytes() for p in (out / "drafts").iterdir()} == {"fu1.docx": b"issued bytes",
                                                                           "fu1.pdf": b"%PDF issued"}
    assert load(pg)[0] == []
    record(pg, 1, D1, 27)  # and the number can be issued once the server is back


def test_an_issue_commits_then_moves_files_into_place(pg: Location, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    files = {out / "fu1.docx": b"issued bytes"}
    with open_issue(pg, "flash-update") as session:
        session.refuse(1, force=False)
        session.commit(stage_files(list(files.items()), keep=True), files, number=1, as_of=D1, period=(D1, D1),
                       languages=["en"], figures=[], force=False)
    [report] = load(pg)[0]
    assert report.outputs == {"fu1.docx": hashlib.sha256(b"issued bytes").hexdigest()}
    assert [p.name for p in out.iterdir()] == ["fu1.docx"]


def test_the_series_lock_holds_a_second_issuer_until_the_first_commits(pg: Location, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.history import HistoryBusy

    monkeypatch.setenv("SITREP_HISTORY_TIMEOUT", "1")
    files = {tmp_path / "fu1.docx": b"first"}
    with open_issue(pg, "flash-update") as first:
        first.refuse(1, force=False)
        with pytest.raises(HistoryBusy) as caught, open_issue(pg, "flash-update"):
            pass
        assert "another sitrep is issuing" in caught.value.finding.message
        with open_issue(pg, "situation-report") as other:  # another series is not held up
            other.refuse(1, force=False)
        first.commit(stage_files(list(files.items()), keep=True), files, number=1, as_of=D1, period=(D1, D1),
                     languages=["en"], figures=[], force=False)
    with pytest.raises(HistoryError) as refused, open_issue(pg, "flash-update") as second:
        second.refuse(1, force=False)
    assert "already been issued" in refused.value.finding.message


def test_an_unreachable_server_names_host_and_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("SITREP_HISTORY_URL", f"postgresql://officer:hunter2@127.0.0.1:{port}/sitrep")
    code, output = history_cli(tmp_path)
    assert code == 2 and "E-history-unreachable" in output
    assert f"127.0.0.1:{port}" in output and "pg_hba.conf" in output and "SITREP_HISTORY_URL" in output
    assert "hunter2" not in output and "Traceback" not in output


def test_a_refused_password_is_not_echoed(postgres: Server, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_HISTORY_URL", postgres.url("postgres", password="Wr0ng-Secret"))
    code, output = history_cli(tmp_path)
    assert code == 2 and "E-history-auth" in output and "sitrep_admin" in output
    assert "Wr0ng-Secret" not in output and PASSWORD not in output and "~/.pgpass" in output


def test_a_user_without_permissions_is_told_what_to_ask_for(postgres: Server, tmp_path: Path) -> None:
    database = postgres.database()
    with postgres.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS officer")
        admin.execute("CREATE ROLE officer LOGIN PASSWORD 'officer-pw'")
    where = Location(tmp_path / "history.sqlite", postgres.url(database, "officer", "officer-pw"), "report.toml")
    with pytest.raises(HistoryError) as caught:
        open_store(where)  # PostgreSQL 15: only the owner may create tables in schema public
    finding = caught.value.finding
    assert finding.code == "E-history-permission" and "officer" in finding.message
    assert "GRANT CREATE" in (finding.hint or "") and "officer-pw" not in finding.message + (finding.hint or "")
    assert str(finding.position) == "report.toml › history.url"
    with postgres.admin(database) as admin:
        admin.execute("GRANT CREATE ON SCHEMA public TO officer")
    record(where, 1, D1, 27)
    assert [r.number for r in load(where)[0]] == [1]


def test_a_user_who_may_only_read_cannot_issue_and_nothing_changes(postgres: Server, pg: Location,
                                                                   tmp_path: Path) -> None:
    record(pg, 1, D1, 27)  # the tables exist, created by their owner
    assert pg.url is not None
    database = pg.url.rsplit("/", 1)[1]
    with postgres.admin(database) as admin:
        admin.execute("DROP ROLE IF EXISTS reader")  # roles are the server's, shared by the test databases
        admin.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'")
        admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    reader = Location(tmp_path / "history.sqlite", postgres.url(database, "reader", "reader-pw"), "report.toml")
    assert [r.number for r in load(reader)[0]] == [1]  # reading is allowed
    out = tmp_path / "dist"
    files = {out / "fu2.docx": b"issued bytes"}
    with pytest.raises(HistoryError) as caught, open_issue(reader, "flash-update") as session:
        session.refuse(2, force=False)
        session.commit(stage_files(list(files.items()), keep=True), files, number=2, as_of=D2, period=(D2, D2),
                       languages=["en"], figures=[], force=False)
    assert caught.value.finding.code == "E-history-permission" and "reader" in caught.value.finding.message
    assert "GRANT" in (caught.value.finding.hint or "")
    assert list(out.iterdir()) == []  # the staged file removed, nothing moved into place
    assert [r.number for r in load(pg)[0]] == [1]


def test_a_service_name_from_pg_service_conf(postgres: Server, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    database = postgres.database()
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[sitrep-team]\nhost=127.0.0.1\nport={postgres.port}\ndbname={database}\n"
                        f"user=sitrep_admin\npassword={PASSWORD}\n", encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    where = Location(tmp_path / "history.sqlite", "service=sitrep-team", "report.toml")
    record(where, 1, D1, 27)
    assert [r.number for r in load(where)[0]] == [1] and where.label == "service=sitrep-team"
    services.write_text("[sitrep-team]\nhost=127.0.0.1\nport=1\ndbname=x\n", encoding="utf-8")
    with pytest.raises(HistoryError) as caught:
        load(where)
    assert caught.value.finding.code == "E-history-unreachable" and "127.0.0.1:1" in caught.value.finding.message


def test_migrate_to_copies_every_record_and_verifies_it(pg: Location, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path
    sqlite = Location(ws / "history.sqlite")
    record(sqlite, 1, D1, 27)
    record(sqlite, 1, D1, 30, force=True)
    record(sqlite, 2, D2, 41)
    before = (ws / "history.sqlite").read_bytes()
    assert pg.url is not None
    monkeypatch.setenv("SITREP_HISTORY_URL", pg.url)  # the URL set before the copy: the series looks empty
    code, output = history_cli(ws)
    assert "W-history-not-migrated" in output and "holds 3" in " ".join(output.split()) and "--migrate-to" in output
    monkeypatch.delenv("SITREP_HISTORY_URL")
    code, output = history_cli(ws, "--migrate-to", pg.url)
    assert code == 0, output
    assert "Copied 3 report record(s)" in output and "identical" in output and PASSWORD not in output
    assert load(pg)[0] == load(sqlite)[0]
    assert [(r.number, r.status) for r in load(pg)[0]] == [(1, "superseded"), (1, "issued"), (2, "issued")]
    assert (ws / "history.sqlite").read_bytes() == before
    record(pg, 3, dt.date(2024, 12, 5), 50)  # the copy goes on: new ids follow the copied ones
    monkeypatch.setenv("SITREP_HISTORY_URL", pg.url)
    code, output = history_cli(ws, "--json")
    assert "W-history-not-migrated" not in output
    assert code == 0 and [r["number"] for r in json.loads(output)] == [1, 1, 2, 3]
    code, output = history_cli(ws, "--migrate-to", pg.url)  # never into a history that holds records
    assert code == 2 and "already holds 4 record(s)" in output


def test_the_schema_is_migrated_forward_in_one_transaction(pg: Location, monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.store.postgres as store

    record(pg, 1, D1, 27)
    assert pg.url is not None

    def schema() -> tuple[list[tuple[str, int]], list[str]]:
        with psycopg.connect(pg.url, autocommit=True) as conn:  # type: ignore[arg-type]
            return (conn.execute("SELECT application, version FROM sitrep_schema").fetchall(),
                    [r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE "
                                                "table_name = 'report' ORDER BY ordinal_position")])

    assert schema()[0] == [("sitrep-history", 1)]
    # A version 2 whose second statement fails: the first one is rolled back with it.
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 2, ("ALTER TABLE report ADD COLUMN note TEXT",
                                              "ALTER TABLE nowhere ADD x INT"))
    with pytest.raises(HistoryError) as caught:
        load(pg)
    assert caught.value.finding.code == "E-history" and "nowhere" in caught.value.finding.message
    assert schema()[0] == [("sitrep-history", 1)] and "note" not in schema()[1]
    monkeypatch.setitem(store.MIGRATIONS, 2, ("ALTER TABLE report ADD COLUMN note TEXT",))
    assert [r.value("killed") for r in load(pg)[0]] == [27]  # migrated, and the record kept
    assert schema()[0] == [("sitrep-history", 2)] and "note" in schema()[1]


# ---------------------------------------------------------------------------------------------
# Choosing the store, and the warning for SQLite on a synced or network folder
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://officer:hunter2@db.example.org:5432/sitrep", "postgresql://officer@db.example.org:5432/sitrep"),
    ("postgresql://officer@db.example.org/sitrep?password=hunter2&sslmode=require",
     "postgresql://officer@db.example.org/sitrep?sslmode=require"),
    ("host=db.example.org password='hunter 2' dbname=sitrep", "host=db.example.org dbname=sitrep"),
])
def test_the_password_is_never_shown(url: str, shown: str) -> None:
    assert Location(Path("h"), url).label == shown


def test_without_the_driver_the_finding_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a machine without the postgres extra
    monkeypatch.setenv("SITREP_HISTORY_URL", "postgresql://officer:hunter2@db.example.org/sitrep")
    code, output = history_cli(tmp_path)
    assert code == 2 and "E-history-driver" in output and "sitrep[postgres]" in output and "hunter2" not in output


@pytest.mark.parametrize("url", ["postgresql://officer:Secret-9@[::1", "postgresql://officer:Secret-9@host:port/db",
                                 "host=db.example.org password=Secret-9 nonsense"])
def test_a_malformed_url_is_a_finding_without_its_password(url: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_HISTORY_URL", url)
    code, output = history_cli(tmp_path)
    assert code == 2 and "E-history" in output and "Secret-9" not in output and "Traceback" not in output


def test_the_environment_overrides_report_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITREP_HISTORY_URL", raising=False)
    assert locate(tmp_path).url is None
    assert locate(tmp_path, "service=team").url == "service=team"
    monkeypatch.setenv("SITREP_HISTORY_URL", "postgresql://me@db.example.org/sitrep")
    assert locate(tmp_path, "service=team").label == "postgresql://me@db.example.org/sitrep"


@pytest.mark.parametrize(("url", "codes"), [
    ("postgresql://officer@db.example.org:5432/sitrep", []),
    ("service=sitrep-team", []),
    ("postgresql://officer:hunter2@db.example.org/sitrep", ["W-history-password"]),
    ("host=db.example.org dbname=sitrep password=hunter2", ["W-history-password"]),
    ("mysql://officer@db.example.org/sitrep", ["E-config"]),
])
def test_history_url_in_report_toml(url: str, codes: list[str], tmp_path: Path) -> None:
    import tomllib

    from .conftest import REPORT_TOML

    text = REPORT_TOML.format(policy="priority") + f'\n[history]\nurl = "{url}"\n'
    config, findings = parse_config(tomllib.loads(text), tmp_path)
    assert [f.code for f in findings] == codes
    assert all(str(f.position) == "report.toml › history.url" and "hunter2" not in f.message for f in findings)
    if not codes or codes == ["W-history-password"]:
        assert config is not None and config.history_url == url


def test_a_workspace_in_a_synced_folder_is_warned_about_sqlite(make_workspace: object, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "OneDrive - Relief Org" / "syria"
    ws.mkdir(parents=True)
    record(Location(ws / "history.sqlite"), 1, D1, 27)
    code, output = history_cli(ws)
    assert code == 0 and "W-history-shared-folder" in output and "OneDrive" in output and "PostgreSQL" in output
    assert "[history] url" in " ".join(output.split())
    monkeypatch.setenv("SITREP_HISTORY_URL", "postgresql://nobody@127.0.0.1:1/x")
    code, output = history_cli(ws)  # with PostgreSQL there is nothing to warn about (the server is down here)
    assert "W-history-shared-folder" not in output


def test_a_build_in_a_synced_folder_warns_too(make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    import shutil

    from .test_redteam import ROWS

    ws = tmp_path / "Dropbox (Team)" / "ws"
    shutil.copytree(make_workspace(ROWS), ws)
    done = runner.invoke(app, ["build", str(ws), "--lang", "en", "--format", "docx"])
    assert done.exit_code == 0, done.output
    assert "W-history-shared-folder" in done.output and "Dropbox" in done.output


def test_network_file_systems_are_told_from_proc_mounts(tmp_path: Path) -> None:
    mounts = ("/dev/sda1 / ext4 rw 0 0\n//fs01/teams /mnt/teams cifs rw,vers=3.0 0 0\n"
              "nas:/export /srv/nfs\\040share nfs4 rw 0 0\ntmpfs /mnt/teams/tmp tmpfs rw 0 0\n")
    assert _mount_type(Path("/mnt/teams/syria"), mounts) == "cifs"
    assert _mount_type(Path("/mnt/teams/tmp/x"), mounts) == "tmpfs"  # the longest mount point wins
    assert _mount_type(Path("/srv/nfs share/ws"), mounts) == "nfs4"
    assert shared_folder(Path("/mnt/teams/syria"), mounts) == "a network file system (cifs)"
    assert shared_folder(Path("/home/officer/syria"), mounts) is None
    assert shared_folder(tmp_path / "Dropbox" / "ws", mounts) == "a Dropbox folder (Dropbox)"


def _issue_killed_after_its_commit(ws: Path, env: dict[str, str], tmp_path: Path) -> None:
    """``sitrep build --issue`` killed just before its first rename into dist/ (the commit is made)."""
    from .test_reliability import kill_at_rename

    kill_at_rename(ws, tmp_path / "paused", 1, env)


def test_an_issue_killed_between_its_commit_and_its_renames_is_finished_by_repair(
        make_workspace: Callable[..., Path], postgres: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_redteam import ENV, ROWS, assert_agree, records

    ws = make_workspace(ROWS)
    env = {**ENV, "SITREP_HISTORY_URL": postgres.url(postgres.database())}
    monkeypatch.setenv("SITREP_HISTORY_URL", env["SITREP_HISTORY_URL"])
    _issue_killed_after_its_commit(ws, env, tmp_path)
    [issued] = records(ws)  # the record was committed; its files wait as staged copies
    assert not [name for name in issued["outputs"] if (ws / "dist" / name).exists()]  # type: ignore[attr-defined]
    code, output = history_cli(ws)
    assert code == 1 and "E-issue-interrupted" in output and "--repair" in output
    code, output = history_cli(ws, "--repair")
    assert code == 0 and "is now in dist/" in " ".join(output.split()), output
    assert_agree(ws)
    assert not [p for p in (ws / "dist").iterdir() if p.name.startswith(".")]


@pytest.mark.redteam
def test_an_issue_killed_after_its_commit_is_finished_by_the_next_issue(
        make_workspace: Callable[..., Path], postgres: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_redteam import ENV, ROWS, _bump, assert_agree, issue, records

    ws = make_workspace(ROWS)
    env = {**ENV, "SITREP_HISTORY_URL": postgres.url(postgres.database())}
    monkeypatch.setenv("SITREP_HISTORY_URL", env["SITREP_HISTORY_URL"])
    _issue_killed_after_its_commit(ws, env, tmp_path)
    monkeypatch.setattr("tests.test_redteam.ENV", env)
    _bump(ws)
    done = issue(ws, env=env)
    assert done.returncode == 0 and "W-issue-finished" in done.stderr, done.stderr
    assert [r["number"] for r in records(ws)] == [3, 4]
    assert_agree(ws)
