"""A partner's file checked on its own, outside any workspace, or against a chosen one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.partner import check_files

from .conftest import TODAY, write_workbook

runner = CliRunner()
HEADER = ["#date", "#adm1+name", "#adm2+name", "#affected+killed", "#affected+killed+children",
          "#affected+injured", "#org"]


def _partner_file(folder: Path) -> Path:
    return write_workbook(folder / "partner.xlsx", {"Data": [
        HEADER,
        ["2024-11-28", "Idleb", "Harim", 4, 6, 9, "Alpha"],         # children more than killed
        ["2031-01-02", "Idleb", "Ariha", 1, 0, 2, "Alpha"],         # in the future
        ["2024-11-28", "Idleb", "Harim", "many", 0, 1, "Alpha"],    # not a number
        ["2024-10-01", "Nowhere", "Atlantis", 2, 0, 0, "Alpha"],    # place and period: not checkable here
    ]})


def test_a_lone_file_is_checked_for_all_that_needs_no_workspace(tmp_path: Path) -> None:
    path = _partner_file(tmp_path / "mail")
    checked = check_files([path], today=TODAY)
    codes = sorted((f.code, f.position.cell if f.position else None) for f in checked.findings)
    assert ("E-subgroup", "E2") in codes and ("E-date-future", "A3") in codes and ("E-not-number", "D4") in codes
    assert not any(code in ("E-unknown-location", "W-date-before-period") for code, _ in codes)
    (note,) = [f for f in checked.findings if f.code == "I-without-workspace"]
    assert "places" in note.message and "period" in note.message and "--workspace" in (note.hint or "")
    assert checked.intake.rows_read == 4 and len(checked.log.entries) == 4  # every row accounted for


def test_the_command_line_checks_a_lone_file_and_a_workspace_adds_places_and_period(
        tmp_path: Path, make_workspace: Callable[..., Path]) -> None:
    path = _partner_file(tmp_path / "mail")
    alone = runner.invoke(app, ["validate", str(path), "--json"])
    assert alone.exit_code == 1, alone.output
    payload = json.loads(alone.stdout)
    assert payload["workspace"] is None and payload["files"] == ["partner.xlsx"]
    assert "E-unknown-location" not in {f["code"] for f in payload["findings"]}
    ws = make_workspace()
    against = runner.invoke(app, ["validate", str(path), "--workspace", str(ws), "--json"])
    codes = {f["code"] for f in json.loads(against.stdout)["findings"]}
    assert {"E-unknown-location", "W-date-before-period", "E-subgroup"} <= codes
    assert "I-without-workspace" not in codes
    nowhere = runner.invoke(app, ["validate", str(path), "--workspace", str(tmp_path / "mail")])
    assert nowhere.exit_code == 2 and "No report.toml" in nowhere.output
