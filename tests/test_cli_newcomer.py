"""The command line as a newcomer meets it (issue #22): narrow terminals and pipes, help written
for officers, the workspace found from inside it, e-mail drafts that say what they lack,
workbooks for another country, and JSON for machines."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep import __version__
from sitrep.cli import app
from sitrep.config import SUPPORTED_LANGUAGES

from .conftest import CASUALTY_HEADER

runner = CliRunner()
D = dt.date(2024, 11, 28)
ROW = [D, "Aleppo", "", 3, 1, 5, 0, "Alpha"]
LONG_SLUG = "north-west-syria-escalation-of-hostilities-and-mass-displacement"
"""A slug as long as an automatic one from a long crisis title: 72-character file names."""

COMMANDS = (["init"], ["validate"], ["build"], ["next"], ["history"], ["intake", "new"], ["template", "new"])


def narrow(env: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", **(env or {})}


# --- Output that fits -------------------------------------------------------------------------

def test_piped_build_lists_every_file_with_language_and_size_and_json_summary(make_workspace) -> None:
    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, ROW]}})
    toml = (ws / "report.toml").read_text(encoding="utf-8")
    (ws / "report.toml").write_text(toml.replace('slug = "test-crisis"', f'slug = "{LONG_SLUG}"').replace(
        'languages = ["en"]', 'languages = ["en", "ar"]'), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sitrep", "build", str(ws), "--json"], capture_output=True,
                          text=True, env=narrow(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)  # stdout holds the JSON only; the table is on stderr
    documents = [o for o in summary["outputs"] if o["format"] in ("pdf", "docx")]
    assert len(documents) == 4 and summary["built"] and summary["rows"]["used"] == 1
    lines = proc.stderr.splitlines()
    for output in summary["outputs"]:
        assert (ws / "dist" / output["file"]).stat().st_size == output["bytes"]
        line = next(ln for ln in lines if ln.endswith(f"  {output['file']}"))  # the whole name, never cut
        size, unit, language, name = line.split()
        assert unit == "KB" and int(size.replace(",", "")) >= 1 and language == (output["language"] or "-")
    assert len(documents[0]["file"]) > 80 - 16  # longer than what fitted in the old table
    assert not any(c in proc.stderr for c in "─│━┃╇")  # plain text, no box drawing


def test_the_table_on_an_80_column_terminal_keeps_language_and_size() -> None:
    from rich.console import Console

    from sitrep.cli_output import print_written

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, force_terminal=True, color_system=None)
    names = [f"{LONG_SLUG}_flash-update-01_2024-11-29_{lg}.pdf" for lg in ("en", "ar")]
    print_written(console, Path("/tmp/dist"), [(names[0], "en", 412_000), (names[1], "ar", 98_765_432)])
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    cells = [[c.strip() for c in ln.split("│")] for ln in lines if "│" in ln]
    assert [(row[1], row[2]) for row in cells if row[1]] == [("en", "402 KB"), ("ar", "96,451 KB")]
    assert "".join(row[0] for row in cells) == "".join(names)  # long names wrap, nothing is cut


# --- Help written for officers ----------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_help_has_an_example_and_no_internal_type_labels(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = " ".join(result.output.replace("│", " ").split())
    assert f"Example: sitrep {' '.join(command)}" in text
    for label in ("<bool>", "<str>", "<int", "<path>", "list[", "x>=", "range"):
        assert label not in text, label


def test_help_lists_the_values_options_take() -> None:
    from sitrep.cli_intake import INTAKE_LANGUAGES
    from sitrep.intake.template import TEMPLATE_LANGUAGES

    def help_text(*command: str) -> str:
        return " ".join(runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"}).output.replace(
            "│", " ").split())

    build = help_text("build")
    from sitrep.cli import REPORT_LANGUAGES

    assert tuple(REPORT_LANGUAGES) == tuple(SUPPORTED_LANGUAGES)
    assert ",".join(SUPPORTED_LANGUAGES) in build and "pdf,docx" in build
    intake = help_text("intake", "new")
    assert tuple(INTAKE_LANGUAGES) == tuple(TEMPLATE_LANGUAGES)
    assert "|".join(TEMPLATE_LANGUAGES) in intake
    assert "its [merge] priority the organisation list" in intake  # the text rich used to swallow


def test_version_and_shell_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.strip() == f"sitrep {__version__}"
    # typer finds the shell among this process's ancestors unless told which (its switch for
    # tests): a test run without a shell above it (a CI runner, a detached job) would fail.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    completion = runner.invoke(app, ["--show-completion", "bash"])
    assert completion.exit_code == 0 and "_SITREP_COMPLETE=complete_bash" in completion.output


# --- The workspace found from inside it -------------------------------------------------------

def test_build_from_inside_inputs_finds_the_workspace_like_validate(make_workspace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, ROW]}})
    monkeypatch.chdir(ws / "inputs")
    assert runner.invoke(app, ["validate"]).exit_code == 0
    result = runner.invoke(app, ["build", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert len(list((ws / "dist").glob("*_en.pdf"))) == 1 and not (ws / "inputs" / "dist").exists()
    monkeypatch.chdir(ws.parent)
    lost = runner.invoke(app, ["build", "--format", "pdf"])
    assert lost.exit_code == 2 and "No report.toml found" in lost.output


# --- Custom templates -------------------------------------------------------------------------

def test_a_missing_label_of_a_custom_template_points_to_its_labels_table(make_workspace) -> None:
    ws = make_workspace({"n.xlsx": {"Narrative": [["Section", "English"], ["overview", "Only English."]]}})
    assert runner.invoke(app, ["template", "new", "ngo-look", "--workspace", str(ws)]).exit_code == 0
    template = ws / "templates" / "ngo-look" / "template.toml"
    template.write_text(template.read_text(encoding="utf-8").replace(
        'title = "Situation overview"', 'title = "A brand-new section title"'), encoding="utf-8")
    result = runner.invoke(app, ["build", str(ws), "--template", "ngo-look", "--lang", "fr", "--format", "pdf"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if "W-label-missing" in ln)
    assert "A brand-new section title" in line and f"under [labels.fr] in {template}" in line
    assert ".po" not in line
    shipped = runner.invoke(app, ["build", str(ws), "--lang", "fr", "--format", "pdf"], env={"COLUMNS": "200"})
    assert "W-label-missing" not in shipped.output  # the shipped template is fully translated


# --- init, [email] and --email ----------------------------------------------------------------

def test_init_writes_an_email_block_and_email_without_recipients_warns(tmp_path: Path, make_workspace) -> None:
    from sitrep.config import read_config

    target = tmp_path / "new-report"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    text = (target / "report.toml").read_text(encoding="utf-8")
    assert "\n[email]" in text and "\nto = []" in text and "# [email.ar]" in text
    config, findings = read_config(target)
    assert config is not None and not findings.has_errors() and config.email.to == ()

    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, ROW]}})
    result = runner.invoke(app, ["build", str(ws), "--email", "--format", "docx"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "No recipients for the e-mail drafts (en)" in result.output
    assert "--email attaches the PDF, so the PDF is rendered too" in result.output
    assert sorted(p.suffix for p in (ws / "dist").glob("*_en.*")) == [".docx", ".eml", ".pdf"]

    (ws / "report.toml").write_text((ws / "report.toml").read_text(encoding="utf-8")
                                    + '\n[email]\nto = ["partners@example.org"]\n', encoding="utf-8")
    addressed = runner.invoke(app, ["build", str(ws), "--email"], env={"COLUMNS": "200"})
    assert addressed.exit_code == 0 and "No recipients" not in addressed.output
    assert "rendered too" not in addressed.output


# --- A workbook for another country -----------------------------------------------------------

SUDAN = """\
ADM1_EN,ADM1_AR,ADM1_PCODE,ADM2_EN,ADM2_AR,ADM2_PCODE
Khartoum,الخرطوم,SD01,Bahri,بحري,SD01002
North Darfur,شمال دارفور,SD02,El Fasher,الفاشر,SD02001
"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_blank_workbook_for_sudan_shows_sudanese_places(make_workspace, tmp_path: Path, lang: str) -> None:
    from openpyxl import load_workbook

    ws = make_workspace()
    (ws / "gazetteer.csv").write_text(SUDAN, encoding="utf-8")
    (ws / "report.toml").write_text((ws / "report.toml").read_text(encoding="utf-8").replace(
        'country = "SYR"', 'country = "SDN"'), encoding="utf-8")
    target = tmp_path / f"sudan-{lang}.xlsx"
    result = runner.invoke(app, ["intake", "new", "--workspace", str(ws), "--lang", lang, "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    texts = []
    for sheet in book.worksheets:
        if sheet.sheet_state == "visible":
            texts += [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
            texts += [dv.prompt or "" for dv in sheet.data_validations.dataValidation]
    shown = "\n".join(texts)
    for syrian in ("Aleppo", "Jebel Saman", "Atareb", "حلب", "جبل سمعان", "الأتارب", "SY02", "SY0200"):
        assert syrian not in shown, syrian
    casualties = book.worksheets[1]
    example = [c.value for c in casualties[2]]
    khartoum, bahri = ("Khartoum", "Bahri") if lang == "en" else ("الخرطوم", "بحري")
    assert [khartoum, "SD01", bahri, "SD01002"] == example[1:5]
    assert any(bahri in t for t in texts if t.startswith(("Example:", "مثال")))
