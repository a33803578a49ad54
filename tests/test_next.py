"""``sitrep next``: report.toml moved to the next report with tomlkit, comments and layout kept,
and never a file that would not load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.cli_series import advance_toml
from sitrep.config import read_config

from .conftest import REPORT_TOML

runner = CliRunner()

COMMENTED = REPORT_TOML.format(policy="priority").replace(
    "number = 3\n", "number = 3          # bumped by sitrep next\n").replace(
    "[period]\n", "# The period: figures are cumulative from its start.\n[period]\n")


def workspace(make_workspace, text: str) -> Path:  # type: ignore[no-untyped-def]
    ws: Path = make_workspace()
    (ws / "report.toml").write_text(text, encoding="utf-8")
    return ws


def test_next_keeps_comments_and_layout_and_changes_only_the_values(make_workspace) -> None:
    ws = workspace(make_workspace, COMMENTED)
    result = runner.invoke(app, ["next", str(ws), "--as-of", "2024-12-02"])
    assert result.exit_code == 0, result.output
    text = (ws / "report.toml").read_text(encoding="utf-8")
    expected = COMMENTED.replace("number = 3 ", "number = 4 ").replace(
        "as_of = 2024-11-29", "as_of = 2024-12-02").replace("end = 2024-11-29", "end = 2024-12-02")
    assert text == expected
    config, _ = read_config(ws)
    assert config is not None and (config.number, config.as_of, config.period_end) == (4, dt.date(2024, 12, 2),
                                                                                      dt.date(2024, 12, 2))


@pytest.mark.parametrize("period", [
    "period = { start = 2024-11-27, end = 2024-11-29 }  # inline\n",
    "period.start = 2024-11-27\nperiod.end = 2024-11-29\n",
], ids=["inline-table", "dotted-keys"])
def test_a_period_written_another_way_really_moves(make_workspace, period: str) -> None:
    text = period + REPORT_TOML.format(policy="priority").replace(
        "[period]\nstart = 2024-11-27\nend = 2024-11-29\n", "")
    ws = workspace(make_workspace, text)
    result = runner.invoke(app, ["next", str(ws), "--as-of", "2024-12-02", "--period-start", "2024-12-01"])
    assert result.exit_code == 0, result.output
    config, findings = read_config(ws)
    assert config is not None, findings
    assert (config.period_start, config.period_end) == (dt.date(2024, 12, 1), dt.date(2024, 12, 2))
    first = (ws / "report.toml").read_text(encoding="utf-8").split("[report]")[0]
    # Layout kept, but for one space: tomlkit drops the blank before "}" when it rewrites the
    # last value of an inline table.
    assert first.replace("02}", "02 }") == period.replace("2024-11-27", "2024-12-01").replace(
        "2024-11-29", "2024-12-02")


def test_a_period_start_after_the_as_of_date_is_refused_and_nothing_is_written(make_workspace) -> None:
    ws = workspace(make_workspace, COMMENTED)
    result = runner.invoke(app, ["next", str(ws), "--as-of", "2024-12-02", "--period-start", "2024-12-05"])
    assert result.exit_code == 2
    assert "--period-start 2024-12-05 is after --as-of 2024-12-02" in result.output
    assert (ws / "report.toml").read_text(encoding="utf-8") == COMMENTED
    assert read_config(ws)[0] is not None


def test_a_result_that_would_not_load_is_refused(make_workspace) -> None:
    ws = workspace(make_workspace, COMMENTED)
    with pytest.raises(ValueError, match="would not load"):
        advance_toml(COMMENTED, {("period", "start"): dt.date(2024, 12, 9)}, ws)  # after period.end
    with pytest.raises(ValueError, match="no report.next_report"):
        advance_toml(COMMENTED, {("report", "next_report"): dt.date(2024, 12, 9)}, ws)


def test_next_without_as_of_says_the_option_is_missing(make_workspace) -> None:
    ws = workspace(make_workspace, COMMENTED)
    result = runner.invoke(app, ["next", str(ws)])
    assert result.exit_code == 2
    assert "Missing option --as-of" in result.output and "YYYY-MM-DD" not in result.output
    bad = runner.invoke(app, ["next", str(ws), "--as-of", "2/12/2024"])
    assert bad.exit_code == 2 and "--as-of '2/12/2024' is not a date" in bad.output


def test_an_as_of_date_in_the_future_is_refused(make_workspace) -> None:
    ws = workspace(make_workspace, COMMENTED)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    result = runner.invoke(app, ["next", str(ws), "--as-of", tomorrow.isoformat()])
    assert result.exit_code == 2
    assert f"--as-of {tomorrow} is in the future" in result.output
    assert (ws / "report.toml").read_text(encoding="utf-8") == COMMENTED
