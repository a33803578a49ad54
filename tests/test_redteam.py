"""Issue #14 attacked on purpose: every case is a real process (real locks, kills, full disks),
and each test checks the finding *and* that dist/ and history.sqlite agree afterwards.

Helpers for hostile inputs (templates, logos, texts, paths) are in test_redteam_inputs.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import CASUALTY_HEADER, ROOT
from .test_reliability import kill_at_rename

heavy = pytest.mark.redteam  # run with: pytest -m redteam (the default suite runs the small set)
posix_only = pytest.mark.skipif(os.name != "posix", reason="kills, file locks and tmpfs are POSIX-only here")
D = "2024-11-28"
ROWS = {"ok.xlsx": {"Casualties": [CASUALTY_HEADER, [D, "Aleppo", "", 3, 1, 5, 0, "Alpha"]]}}
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SITREP_HISTORY_TIMEOUT": "2"}
HISTORY = "history.sqlite"


def sitrep(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], env=env or ENV, capture_output=True, text=True,
                          timeout=timeout)


def issue(ws: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return sitrep("build", str(ws), "--issue", "--lang", "en", "--format", "docx", *extra, env=env)


def records(ws: Path) -> list[dict[str, object]]:
    """The history as ``sitrep history --json`` prints it (read in this process: faster)."""
    from typer.testing import CliRunner

    from sitrep.cli import app

    done = CliRunner().invoke(app, ["history", str(ws), "--json"])
    return json.loads(done.stdout) if done.stdout.strip() else []


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_agree(ws: Path, out: Path | None = None) -> None:
    """Every issued record's files are in dist/ with the recorded SHA-256, and no issued-looking
    file lies in dist/ without a record (drafts go to dist/drafts/ when they would clash)."""
    out = out or ws / "dist"
    issued = [r for r in records(ws) if r["status"] == "issued"]
    recorded = {name: digest for r in issued for name, digest in r["outputs"].items()}  # type: ignore[attr-defined]
    for name, digest in recorded.items():
        assert sha(out / name) == digest, f"{name} no longer matches its record"
    if out.exists():
        debris = [p.name for p in out.iterdir() if p.name.endswith(".staged")]
        assert not debris, debris
        if not issued:  # nothing recorded: nothing issued may be lying there
            assert not [p for p in out.glob("*.docx") if "DRAFT" not in _docx(p)]


def _docx(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        p.text for s in doc.sections for p in s.header.paragraphs)


@pytest.fixture
def ws(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace(ROWS)


# ---------------------------------------------------------------------------------------------
# 1. Records that stop matching the files
# ---------------------------------------------------------------------------------------------

def test_a_draft_after_an_issue_never_overwrites_the_issued_files(ws: Path) -> None:
    assert issue(ws).returncode == 0
    issued = {p.name: sha(p) for p in (ws / "dist").iterdir() if p.is_file()}
    draft = sitrep("build", str(ws), "--lang", "en", "--format", "docx")
    assert draft.returncode == 0, draft.stderr
    assert "W-draft-elsewhere" in draft.stderr
    assert {p.name: sha(p) for p in (ws / "dist").iterdir() if p.is_file()} == issued
    [docx] = (ws / "dist" / "drafts").glob("*.docx")
    assert "DRAFT" in _docx(docx)
    assert_agree(ws)


def second_flash_update_template(ws: Path) -> str:
    """A green copy of the Flash Update template in ``ws``: two issuers using the two write different
    bytes under the same file names, and both issue Flash Update No. N (a Situation Report
    template would name another product, a series of its own)."""
    import shutil

    from sitrep.compose.template import load_template

    shutil.copytree(load_template("flash-update").path, ws / "templates" / "fu-green")
    toml = ws / "templates" / "fu-green" / "template.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('primary = "#1B5E9F"', 'primary = "#1B7F3A"'),
                    encoding="utf-8")
    return "fu-green"


@posix_only
@heavy
def test_two_processes_issuing_the_same_number_record_one_and_files_match_it(ws: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-m", "sitrep", "build", str(ws), "--issue", "--lang", "en",
                               "--format", "docx", "--template", template],
                              env={**ENV, "SITREP_HISTORY_TIMEOUT": "120"},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for template in ("flash-update", second_flash_update_template(ws))]
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    assert "already been issued" in next(err for code, err in results if code == 2)
    assert [r["status"] for r in records(ws)] == ["issued"]
    assert_agree(ws)


@posix_only
@heavy
def test_a_locked_database_during_issue_leaves_no_files_and_says_busy(ws: Path) -> None:
    ws_db = ws / HISTORY
    assert issue(ws, env={**ENV}).returncode == 0  # number 3 issued; now try 4 while the db is locked
    _bump(ws)
    before = {p.name: sha(p) for p in (ws / "dist").iterdir() if p.is_file()}
    holder = sqlite3.connect(ws_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer: readers go on, writers wait
    try:
        done = issue(ws)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2, done.stderr
    assert "another sitrep is issuing" in done.stderr and "corrupt" not in done.stderr
    assert "start a new history" not in done.stderr
    assert {p.name: sha(p) for p in (ws / "dist").iterdir() if p.is_file()} == before
    assert [r["number"] for r in records(ws)] == [3]
    assert_agree(ws)
    assert issue(ws).returncode == 0  # and once free, the same number issues
    assert [r["number"] for r in records(ws)] == [3, 4]
    assert_agree(ws)


@heavy
def test_a_busy_database_is_waited_for(ws: Path) -> None:
    assert issue(ws).returncode == 0
    _bump(ws)
    holder = sqlite3.connect(ws / HISTORY, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, lambda: (holder.execute("ROLLBACK"), holder.close()))
    release.start()
    done = issue(ws, env={**ENV, "SITREP_HISTORY_TIMEOUT": "60"})
    release.join()
    assert done.returncode == 0, done.stderr
    assert [r["number"] for r in records(ws)] == [3, 4]


def _bump(ws: Path) -> None:
    done = sitrep("next", str(ws), "--as-of", "2024-11-30")
    assert done.returncode == 0, done.stderr


def _killed_at_rename(ws: Path, tmp_path: Path, stop_at: int) -> None:
    kill_at_rename(ws, tmp_path / f"paused-{stop_at}", stop_at, ENV)


@posix_only
@pytest.mark.parametrize("stop_at", [1, pytest.param(3, marks=heavy)])
def test_a_kill_between_writing_and_recording_is_explained_and_repaired(ws: Path, tmp_path: Path,
                                                                        stop_at: int) -> None:
    _killed_at_rename(ws, tmp_path, stop_at)
    shown = sitrep("history", str(ws))
    assert shown.returncode == 1 and "E-issue-interrupted" in shown.stderr and "--repair" in shown.stderr
    again = issue(ws)  # issuing again is refused until it is repaired: nothing is guessed
    assert again.returncode == 2 and "E-issue-interrupted" in again.stderr
    repaired = sitrep("history", str(ws), "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "complete and recorded" in repaired.stderr
    assert [r["number"] for r in records(ws)] == [3]
    assert_agree(ws)
    assert not [p for p in (ws / "dist").iterdir() if p.name.startswith(".")]


@posix_only
@heavy
def test_a_repair_whose_staged_files_are_gone_undoes_the_issue(ws: Path, tmp_path: Path) -> None:
    _killed_at_rename(ws, tmp_path, 2)
    for staged in (ws / "dist").glob(".*.staged"):
        staged.unlink()
    repaired = sitrep("history", str(ws), "--repair")
    assert repaired.returncode == 0 and "undone" in repaired.stderr
    assert records(ws) == [] and not list((ws / "dist").glob("*.docx"))
    assert issue(ws).returncode == 0  # the number was not used up
    assert_agree(ws)


def test_issue_with_no_language_or_format_uses_up_no_number(ws: Path) -> None:
    for args in (["--lang", ""], ["--lang", ",", "--format", "docx"]):
        done = sitrep("build", str(ws), "--issue", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "nothing to build" in done.stderr
        assert records(ws) == [] and not (ws / "dist").exists()
    assert issue(ws).returncode == 0
    assert [r["number"] for r in records(ws)] == [3]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 KB tmpfs (room for the history and a few documents, not for many)."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the full-disk case needs a really full file system")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"this container cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_output_disk_leaves_the_old_files_whole_and_nothing_recorded(ws: Path, small_disk: Path) -> None:
    out = small_disk / "dist"
    first = sitrep("build", str(ws), "--lang", "en", "--format", "docx", "--out", str(out))
    assert first.returncode == 0, first.stderr
    old = {p.name: sha(p) for p in out.iterdir()}
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * max(0, free - 20_000))  # 20 KB left: less than one build
    done = sitrep("build", str(ws), "--issue", "--lang", "en", "--format", "docx", "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "E-output-write" in done.stderr and "nothing was written or replaced" in done.stderr
    assert {p.name: sha(p) for p in out.iterdir()} == old  # no mix of old and new, no debris
    assert records(ws) == []


@heavy
def test_a_full_database_disk_during_issue_leaves_no_issued_files(make_workspace: Callable[..., Path],
                                                                   small_disk: Path, tmp_path: Path) -> None:
    import shutil

    ws = small_disk / "ws"
    shutil.copytree(make_workspace(ROWS), ws)
    out = tmp_path / "out"
    assert sitrep("history", str(ws)).returncode == 0
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * free)  # not a byte left for history.sqlite or its journal
    done = issue(ws, "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "E-history" in done.stderr or "E-output-write" in done.stderr
    assert not out.exists() or not [p for p in out.iterdir()]
    filler.unlink()
    assert records(ws) == []
    assert issue(ws, "--out", str(out)).returncode == 0
    assert_agree(ws, out)


# ---------------------------------------------------------------------------------------------
# 2. The history store told apart
# ---------------------------------------------------------------------------------------------

def test_a_corrupt_history_gets_advice_that_keeps_it(ws: Path) -> None:
    (ws / HISTORY).write_bytes(b"SQLite format 3\0" + os.urandom(4000))
    for args in (["history", str(ws)], ["build", str(ws), "--lang", "en", "--format", "docx"]):
        done = sitrep(*args)
        assert done.returncode == 2, done.stderr
        assert "E-history" in done.stderr and "backup" in done.stderr
        assert "start a new history" not in done.stderr and "move it away" not in done.stderr
        assert "internal error" not in done.stderr


def test_a_hand_edited_bad_row_is_flagged_and_drafts_still_build(ws: Path) -> None:
    assert issue(ws).returncode == 0
    db = sqlite3.connect(ws / HISTORY)
    db.execute("UPDATE report SET as_of = '29/11/2024', languages = 'en'")
    db.commit()
    db.close()
    shown = sitrep("history", str(ws))
    assert shown.returncode == 1 and "W-history-record" in shown.stderr and "record 1" in shown.stderr
    draft = sitrep("build", str(ws), "--lang", "en", "--format", "docx", "--out", str(ws / "drafts-out"))
    assert draft.returncode == 0, draft.stderr
    assert "W-history-record" in draft.stderr
    refused = issue(ws, "--force")
    assert refused.returncode == 2 and "E-history" in refused.stderr and "internal error" not in refused.stderr


CREATE = """
import sys, time
from pathlib import Path
from sitrep.history import open_history
start = float(sys.argv[2])
while time.time() < start:
    pass
open_history(Path(sys.argv[1])).close()
"""


@posix_only
def test_processes_creating_the_history_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(3):
        path = tmp_path / f"h{attempt}.sqlite"
        start = time.time() + 1.5
        procs = [subprocess.Popen([sys.executable, "-c", CREATE, str(path), str(start)], env=ENV,
                                  stderr=subprocess.PIPE, text=True) for _ in range(6)]
        errors = [(p.wait(timeout=60), p.communicate()[1]) for p in procs]
        assert all(code == 0 for code, _ in errors), errors
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 2
        db.close()


def test_history_of_a_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    done = sitrep("history", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "No such workspace folder" in done.stderr


@posix_only
def test_staged_files_of_an_issue_killed_while_staging_are_cleared_by_the_next_issue(ws: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dist = ws / "dist"
    dist.mkdir()
    orphan = dist / f".test-crisis_flash-update-03_2024-11-29_en.docx.{gone.pid}.k1ll3d.staged"
    orphan.write_bytes(b"half of a document")
    assert issue(ws).returncode == 0
    assert not orphan.exists()
    assert_agree(ws)
