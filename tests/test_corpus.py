"""The bad-input corpus (tests/corpus): each case gives exactly its findings, through the library
and through ``sitrep validate``, and nothing in it ever gives a traceback or an internal error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import Finding, SitrepError
from sitrep.pipeline import prepare

from .conftest import GAZETTEER, REPORT_TOML, TODAY
from .corpus import CASES, Case, where

runner = CliRunner()


def workspace(base: Path, case: Case) -> Path:
    ws = base / "ws"
    (ws / "inputs").mkdir(parents=True)
    shutil.copy(GAZETTEER, ws / "gazetteer.csv")
    (ws / "report.toml").write_text(REPORT_TOML.format(policy="priority"), encoding="utf-8")
    case.build(ws)
    return ws


def findings_of(ws: Path) -> tuple[list[Finding], bool]:
    """Every finding of a workspace, and whether it stopped at the configuration (a SitrepError,
    which must carry its findings). Any other exception fails the test."""
    try:
        prepared = prepare(ws, today=TODAY)
    except SitrepError as exc:
        assert exc.findings, "a SitrepError without a finding"
        return list(exc.findings), True
    log = prepared.log
    assert len(log.entries) == prepared.intake.rows_read  # every row read is accounted for
    return prepared.findings.sorted(), False


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_exactly_its_findings(tmp_path: Path, case: Case) -> None:
    ws = workspace(tmp_path, case)
    findings, _ = findings_of(ws)
    got = sorted((f.code, where(f)) for f in findings)
    assert got == sorted(case.expected), [str(f) for f in findings]
    for f in findings:
        assert f.message and (f.hint or not f.code.startswith("E-")), f"{f.code} has no hint: {f}"
        assert len(f.message) < 400, f"a message quoting a whole cell: {f.message[:200]}…"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_through_the_command_line(tmp_path: Path, case: Case) -> None:
    ws = workspace(tmp_path, case)
    result = runner.invoke(app, ["validate", str(ws), "--json"])
    output = result.output
    assert result.exit_code in (0, 1, 2), output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output and "internal error" not in output
    findings, stopped = findings_of(ws)
    errors = any(f.code.startswith("E-") for f in findings)
    assert result.exit_code == (2 if stopped else 1 if errors else 0)
    if not stopped:
        payload = json.loads(result.stdout)
        assert [(f["code"], f["cell"]) for f in payload["findings"]] == [(f.code, f.position.cell if f.position
                                                                         else None) for f in findings]
