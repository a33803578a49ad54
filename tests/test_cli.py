"""The command line, driven through typer's CliRunner and (once) as a real process."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.pipeline import prepare

from .conftest import CASUALTY_HEADER, EXAMPLE

runner = CliRunner()
D = dt.date(2024, 11, 28)


def broken_workspace(make_workspace) -> Path:  # type: ignore[no-untyped-def]
    return make_workspace({"health.xlsx": {"Casualties": [
        CASUALTY_HEADER,
        [D, "Aleppo", "", 3, 1, 5, 0, "Alpha"],
        [D, "Idleb", "", 2, 0, "lots", 0, "Alpha"],
    ]}})


def test_validate_names_the_cell_and_exits_1(make_workspace) -> None:
    ws = broken_workspace(make_workspace)
    result = runner.invoke(app, ["validate", str(ws)])
    assert result.exit_code == 1
    assert "health.xlsx › Casualties!F3  E-not-number" in result.output
    assert "Traceback" not in result.output


def test_validate_a_single_file_finds_its_workspace(make_workspace) -> None:
    ws = broken_workspace(make_workspace)
    result = runner.invoke(app, ["validate", str(ws / "inputs" / "health.xlsx")])
    assert result.exit_code == 1
    assert "Casualties!F3" in result.output


def test_validate_json_matches_the_library(make_workspace) -> None:
    ws = broken_workspace(make_workspace)
    result = runner.invoke(app, ["validate", str(ws), "--json"])
    payload = json.loads(result.stdout)
    library = [f.to_dict() for f in prepare(ws).findings.sorted()]
    assert payload["findings"] == library
    assert payload["errors"] == 1
    assert payload["findings"][0]["cell"] == "F3"


def test_validate_clean_workspace_exits_0(make_workspace) -> None:
    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, [D, "Aleppo", "", 3, 1, 5, 0, "Alpha"]]}})
    assert runner.invoke(app, ["validate", str(ws)]).exit_code == 0


def test_build_refuses_on_errors_and_writes_nothing(make_workspace) -> None:
    ws = broken_workspace(make_workspace)
    result = runner.invoke(app, ["build", str(ws)])
    assert result.exit_code == 1
    assert "Not built" in result.output
    assert not (ws / "dist").exists()


def test_build_force_writes_and_logs_the_rejected_row(make_workspace) -> None:
    ws = broken_workspace(make_workspace)
    result = runner.invoke(app, ["build", str(ws), "--force", "--format", "docx"])
    assert result.exit_code == 0, result.output
    log = (ws / "dist" / "test-crisis_flash-update-03_2024-11-29_merge-log.csv").read_text(encoding="utf-8-sig")
    assert "health.xlsx,Casualties,3,Casualties,rejected" in log
    assert (ws / "dist" / "test-crisis_flash-update-03_2024-11-29_en.docx").is_file()


def test_bad_config_key_is_named(make_workspace) -> None:
    ws = make_workspace(toml="[report]\ncountry = \"XYZ\"\nnumber = 0\n")
    result = runner.invoke(app, ["validate", str(ws)])
    assert result.exit_code == 2
    assert "report.toml › report.country" in result.output
    assert "report.toml › report.number" in result.output
    assert "report.toml › period.start" in result.output


def test_broken_toml_is_one_clear_line(make_workspace) -> None:
    ws = make_workspace(toml="[report\ncountry = ")
    result = runner.invoke(app, ["build", str(ws)])
    assert result.exit_code == 2
    assert "E-config-syntax" in result.output


def test_unknown_language_and_format(make_workspace) -> None:
    ws = make_workspace()
    assert runner.invoke(app, ["build", str(ws), "--format", "odt"]).exit_code == 2
    assert runner.invoke(app, ["build", str(ws), "--lang", "xx"]).exit_code == 2


def test_garbage_file_is_a_finding_not_a_crash(make_workspace) -> None:
    ws = make_workspace()
    (ws / "inputs" / "weird.xlsx").write_bytes(b"\x00\x01garbage")
    result = runner.invoke(app, ["validate", str(ws)])
    assert result.exit_code == 1
    assert "weird.xlsx  E-file-not-xlsx" in result.output


def test_init_scaffolds_a_workspace_that_loads(tmp_path: Path) -> None:
    from sitrep.config import read_config

    target = tmp_path / "new-report"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0
    assert (target / "inputs" / "intake-template_en.xlsx").is_file()
    config, findings = read_config(target)
    assert config is not None and not findings.has_errors()
    assert runner.invoke(app, ["init", str(target)]).exit_code == 2  # never overwrites


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sitrep", "build", str(EXAMPLE), "--lang", "en", "--format", "pdf",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".csv"] * 6 + [".json", ".pdf"]
    assert "Traceback" not in proc.stderr


def test_unwritable_output_folder_is_a_clear_error(make_workspace, tmp_path: Path) -> None:
    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, [D, "Aleppo", "", 3, 1, 5, 0, "Alpha"]]}})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = runner.invoke(app, ["build", str(ws), "--format", "docx", "--out", str(blocker / "dist")])
    assert result.exit_code == 2
    assert "E-output-write" in result.output


def test_prepare_says_what_it_is_doing_file_by_file() -> None:
    said: list[str] = []
    prepared = prepare(EXAMPLE, status=said.append)
    names = [p.name for p in prepared.files]
    reading = [s for s in said if s.startswith("Reading ")]
    assert reading == [f"Reading {name} ({i} of {len(names)})" for i, name in enumerate(names, 1)]
    records = sum(prepared.intake.records.counts().values())
    checked = int(said[len(reading)].removeprefix("Checking ").removesuffix(" rows").replace(",", ""))
    assert checked >= prepared.intake.rows_read > 0  # (raw rows; a template's example row is not read)
    assert said[len(reading) + 1:] == [f"Merging {records:,} records", "Building the report"]


def test_a_terminal_sees_the_status_line_and_then_only_the_findings(tmp_path: Path) -> None:
    """On a terminal, ``sitrep validate`` shows what it is doing on one spinner line, erased
    before the findings print; through a pipe, nothing of it is written."""
    import os
    import pty
    import shutil

    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns("dist"))
    command = [sys.executable, "-m", "sitrep", "validate", str(workspace)]
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # (the terminal's other end closed: the command ended)
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    seen = b"".join(chunks).decode("utf-8")
    # (the spinner refreshes four times a second: on the small example, only its last text is drawn)
    shown = re.findall(r"(Reading|Checking|Merging|Building)[^…\r\n]*… \d+ s", seen)
    assert shown and shown[-1] == "Building"
    findings_start = seen.index("W-conflict")
    assert seen.rfind("\x1b[2K", 0, findings_start) > seen.rfind("Building the report", 0, findings_start)
    piped = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert piped.returncode == 0 and "Reading" not in piped.stderr and "\x1b[2K" not in piped.stderr
