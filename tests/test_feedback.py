"""Annotated copies of the partners' workbooks, reopened: notes and fills on exactly the finding
cells, the Findings sheet's links, the partner's language, nothing from another partner, the
original untouched and its formatting kept."""

from __future__ import annotations

import email
import hashlib
import io
import re
import zipfile
from email import policy
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.feedback.catalog import missing, pot_bytes
from sitrep.feedback.outputs import feedback_files
from sitrep.feedback.texts import LANGUAGES, partner_codes
from sitrep.feedback.workbook import FILLS
from sitrep.i18n.catalog import LOCALES_DIR
from sitrep.pipeline import Prepared, prepare

from .conftest import TODAY
from .feedback_inputs import workspace

PARTNERS = {"alpha.xlsx": ("Alpha Relief", "en"), "beta.xlsx": ("Beta Santé", "fr"),
            "gamma.xlsx": ("Gamma Aid", "ar"), "casualties.csv": ("Delta CSV", "en")}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple[str, str]]], dict[str, bytes],
                                                           dict[str, bytes], Prepared]:
    root = tmp_path_factory.mktemp("feedback")
    planted = workspace(root)
    before = {p.name: hashlib.sha256(p.read_bytes()).digest() for p in (root / "inputs").iterdir()}
    prepared = prepare(root, today=TODAY)
    files, _copies, notes = feedback_files(prepared.config, files=prepared.files, findings=prepared.findings,
                                           log=prepared.log, intake=prepared.intake, email=True)
    assert list(notes) == []
    return root, planted, dict(files), before, prepared


def book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def sitrep_notes(wb: Any) -> dict[tuple[str, str], str]:
    return {(ws.title, c.coordinate): c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.comment is not None and c.comment.author == "sitrep"}


def copy_of(files: dict[str, bytes], source: str) -> Any:
    return book(files[f"{Path(source).stem}_annotated.xlsx"])


def finding_cells(prepared: Prepared, source: str) -> dict[tuple[str, str], set[str]]:
    """(sheet, cell) -> codes of the errors and warnings at cells of ``source``."""
    cells: dict[tuple[str, str], set[str]] = {}
    for f in prepared.findings:
        pos = f.position
        if pos is None or pos.file != source or f.severity == "info" or not pos.row or not pos.sheet:
            continue
        cell = pos.cell if pos.column else f"A{pos.row}"  # a whole row: its first column (A in these sheets)
        cells.setdefault((pos.sheet, cell), set()).add(f.code)
    return cells


@pytest.mark.parametrize("source", list(PARTNERS))
def test_notes_sit_on_exactly_the_finding_cells(run, source: str) -> None:  # type: ignore[no-untyped-def]
    _, planted, files, _, prepared = run
    notes = sitrep_notes(copy_of(files, source))
    expected = finding_cells(prepared, source)
    assert set(notes) == set(expected)
    for where, codes in expected.items():
        assert all(f"({code})" in notes[where] for code in codes), (where, notes[where])
    # every planted mistake is among them, with its code
    sheet = next(iter(expected))[0]
    assert {(code, cell) for code, cell in planted[source]} <= {(c, cell) for (s, cell), cs in expected.items()
                                                                for c in cs if s == sheet}


@pytest.mark.parametrize("source", list(PARTNERS))
def test_cells_are_filled_by_severity(run, source: str) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, prepared = run
    wb = copy_of(files, source)
    worst: dict[tuple[str, str], str] = {}
    for f in prepared.findings:
        pos = f.position
        if pos and pos.file == source and pos.row and pos.sheet and f.severity != "info":
            key = (pos.sheet, pos.cell if pos.column else f"A{pos.row}")
            worst[key] = "error" if "error" in (worst.get(key), f.severity) else "warning"
    assert worst
    for (sheet, cell), severity in worst.items():
        assert wb[sheet][cell].fill.fgColor.rgb == FILLS[severity], (sheet, cell)  # type: ignore[index]
    assert "error" in worst.values()
    assert "warning" in worst.values() or source.endswith(".csv")


@pytest.mark.parametrize("source", list(PARTNERS))
def test_findings_sheet_comes_first_and_its_links_resolve(run, source: str) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, prepared = run
    wb = copy_of(files, source)
    first = wb.worksheets[0]
    assert wb.active.title == first.title
    notes = sitrep_notes(wb)
    links = [c.hyperlink.location for row in first.iter_rows() for c in row if c.hyperlink is not None]
    finding_rows = [c for c in first["D"] if c.hyperlink is not None and str(first.cell(c.row, 1).value).isdigit()]
    decision_rows = [c for c in first["D"] if c.hyperlink is not None and first.cell(c.row, 1).value is None]
    against = [e for e in prepared.log.entries if e.origin.file == source and e.status != "used"
               and not e.code.startswith("I-")]
    assert [int(c.value) for c in decision_rows] == sorted(e.origin.row for e in against)
    assert len(finding_rows) == sum(len(codes) for codes in finding_cells(prepared, source).values())
    for location in links:
        match = re.fullmatch(r"'((?:[^']|'')+)'!([A-Z]+\d+)", location)
        assert match, location
        sheet, cell = match[1].replace("''", "'"), match[2]
        assert sheet in wb.sheetnames
        assert wb[sheet][cell] is not None
    for cell in finding_rows:  # a finding's link lands on its note
        sheet, target = cell.hyperlink.location[1:].split("'!")
        assert (sheet, target) in notes


def test_originals_are_untouched(run) -> None:  # type: ignore[no-untyped-def]
    root, _, files, before, _ = run
    after = {p.name: hashlib.sha256(p.read_bytes()).digest() for p in (root / "inputs").iterdir()}
    assert after == before
    assert sorted(n for n in files if n.endswith(".xlsx")) == sorted(
        f"{Path(s).stem}_annotated.xlsx" for s in PARTNERS)


def test_french_partner_reads_french(run) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, _ = run
    wb = copy_of(files, "beta.xlsx")
    assert wb.sheetnames[0] == "Constats" and not wb.worksheets[0].sheet_view.rightToLeft
    note = wb["Victimes"]["F5"].comment.text
    assert note.startswith("Erreur: pas un nombre entier (E-not-number)")
    assert "Colonne: Tués" in note and "Que faire: saisissez uniquement des chiffres" in note
    assert "Détails (en anglais): 'Tués': 'beaucoup' is not a whole number" in note  # the value as typed
    texts = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value]
    assert "Lignes non utilisées telles que vous les avez envoyées" in texts


def test_arabic_partner_reads_arabic_right_to_left(run) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, _ = run
    wb = copy_of(files, "gamma.xlsx")
    findings = wb.worksheets[0]
    assert findings.title == "الملاحظات" and findings.sheet_view.rightToLeft
    note = wb["الضحايا"]["F5"].comment.text
    assert note.startswith("خطأ: ليس عددًا صحيحًا (E-not-number)") and "العمود: القتلى" in note
    heading = next(row for row in findings.iter_rows() if row[0].value == "#")
    assert [c.value for c in heading][:4] == ["#", "الخطورة", "الورقة", "الخلية"]


def test_english_partner_gets_the_full_english_message(run) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, _ = run
    note = copy_of(files, "alpha.xlsx")["Casualties"]["F5"].comment.text
    assert note == ("Error: not a whole number (E-not-number)\nColumn: Killed\n"
                    "Details: 'Killed': 'beaucoup' is not a whole number\nWhat to do: type digits only, e.g. 1234")


@pytest.mark.parametrize("source", list(PARTNERS))
def test_nothing_leaks_between_partners(run, source: str) -> None:  # type: ignore[no-untyped-def]
    root, _, files, _, _ = run
    wb = copy_of(files, source)
    original = load_workbook(root / "inputs" / source) if source.endswith(".xlsx") else None
    others = [(org, name) for name, (org, _) in PARTNERS.items() if name != source]
    words = [w for org, name in others for w in (org, name)]
    text = "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     for v in (c.value, c.comment.text if c.comment else None) if v is not None)
    assert not [w for w in words if w.casefold() in text.casefold()]
    assert not re.search(r"killed (11|22|33)\b", text)  # the other partners' conflicting figures
    if original is not None:
        assert wb.sheetnames[1:] == original.sheetnames


def test_partner_formatting_survives(run) -> None:  # type: ignore[no-untyped-def]
    root, _, files, _, _ = run
    original = load_workbook(root / "inputs" / "beta.xlsx")
    copy = copy_of(files, "beta.xlsx")
    for name in original.sheetnames:
        a, b = original[name], copy[name]
        assert (b.freeze_panes, b.sheet_state) == (a.freeze_panes, a.sheet_state), name
        assert [(str(d.sqref), d.formula1, d.type) for d in b.data_validations.dataValidation] == \
            [(str(d.sqref), d.formula1, d.type) for d in a.data_validations.dataValidation], name
        assert {k: v.width for k, v in b.column_dimensions.items()} == \
            {k: v.width for k, v in a.column_dimensions.items()}, name
    ws = copy["Victimes"]
    assert ws["L16"].value == "=2+3" and ws["L16"].data_type == "f"
    assert ws["L4"].comment.text == "checked with the district hospital"  # the partner's own note
    assert ws["A1"].font.b == original["Victimes"]["A1"].font.b


def test_csv_becomes_an_annotated_workbook(run) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, _ = run
    wb = copy_of(files, "casualties.csv")
    ws = wb["Casualties"]
    assert [c.value for c in ws[3]] == ["2024-11-28", "Idleb", "Ariha", "lots", "9", "Delta CSV"]
    assert ws["D3"].fill.fgColor.rgb == FILLS["error"] and "E-not-number" in ws["D3"].comment.text


def test_email_drafts_go_to_each_partner_in_its_language(run) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, _ = run
    beta = email.message_from_bytes(files["beta_annotated.eml"], policy=policy.default)
    assert beta["To"] == "beta@example.org" and beta["X-Unsent"] == "1"
    assert beta["Subject"] == "Corrections à apporter à beta.xlsx"
    attachment = next(beta.iter_attachments())
    assert attachment.get_filename() == "beta_annotated.xlsx"
    assert attachment.get_content() == files["beta_annotated.xlsx"]
    assert "Chères et chers collègues," in beta.get_body(("plain",)).get_content()
    gamma = email.message_from_bytes(files["gamma_annotated.eml"], policy=policy.default)
    assert 'dir="rtl"' in gamma.get_body(("html",)).get_content() and gamma["To"] == "gamma@example.org"
    delta = email.message_from_bytes(files["casualties_annotated.eml"], policy=policy.default)
    assert delta["To"] is None  # Delta CSV is not in [partners]: the officer fills it in


def test_same_inputs_same_bytes(run) -> None:  # type: ignore[no-untyped-def]
    _, _, files, _, prepared = run
    again, _, _ = feedback_files(prepared.config, files=prepared.files, findings=prepared.findings,
                                 log=prepared.log, intake=prepared.intake, email=True)
    assert dict(again) == files


def test_parts_openpyxl_cannot_keep_are_named(make_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = make_workspace({"p.xlsx": {"Casualties": [
        ["Date", "Governorate", "District", "Killed", "Injured", "Reporting organisation"],
        ["2024-11-28", "Aleppo", "Jebel Saman", "many", 2, "Alpha"]]}})
    path = ws / "inputs" / "p.xlsx"
    with zipfile.ZipFile(path, "a") as archive:  # an Excel 365 threaded comment, which openpyxl drops
        archive.writestr("xl/threadedComments/threadedComment1.xml", "<ThreadedComments/>")
    prepared = prepare(ws, today=TODAY)
    files, copies, notes = feedback_files(prepared.config, files=prepared.files, findings=prepared.findings,
                                          log=prepared.log, intake=prepared.intake)
    assert copies[0].lost == ("1 threaded comments",)
    assert [(f.code, str(f.position)) for f in notes] == [("W-feedback-lost", "p_annotated.xlsx")]
    first = book(dict(files)["p_annotated.xlsx"]).worksheets[0]
    assert any("could not be kept: 1 threaded comments" in str(c.value) for c in first["A"])


def test_validate_annotate_writes_the_copies(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    root = run[0]
    out = tmp_path / "copies"
    result = CliRunner().invoke(app, ["validate", str(root), "--annotate", "--out", str(out), "--email"])
    assert result.exit_code == 1, result.output  # the partners' files have errors
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{Path(s).stem}_annotated.{ext}" for s in PARTNERS for ext in ("xlsx", "eml"))
    assert (out / "beta_annotated.xlsx").read_bytes() == run[2]["beta_annotated.xlsx"]


def test_every_partner_facing_text_is_translated() -> None:
    assert (LOCALES_DIR / "feedback.pot").read_bytes() == pot_bytes(), "run: python -m sitrep.feedback.catalog extract"
    for language in LANGUAGES[1:]:
        assert missing(language) == [], language
    assert len(partner_codes()) > 40


def test_partners_table_is_checked(make_workspace) -> None:  # type: ignore[no-untyped-def]
    from .conftest import REPORT_TOML

    toml = REPORT_TOML.format(policy="priority") + '\n[partners."Alpha"]\ncontact = "not an address"\nlang = "fr"\n'
    ws = make_workspace(toml=toml)
    from sitrep.config import read_config

    config, findings = read_config(ws)
    assert config is None
    assert sorted(f.position.key for f in findings.errors) == ["partners.Alpha.contact", "partners.Alpha.lang"]


def test_a_returned_copy_reads_like_the_original(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, _, files, _, _ = run

    def findings_of(data: bytes) -> list[tuple[str, str]]:
        ws = tmp_path / str(len(data))
        (ws / "inputs").mkdir(parents=True)
        for name in ("report.toml", "gazetteer.csv"):
            (ws / name).write_bytes((root / name).read_bytes())
        (ws / "inputs" / "beta.xlsx").write_bytes(data)
        return sorted((f.code, str(f.position)) for f in prepare(ws, today=TODAY).findings)

    # the Findings sheet is skipped (no finding names it), the data reads the same
    assert findings_of(files["beta_annotated.xlsx"]) == findings_of((root / "inputs" / "beta.xlsx").read_bytes())


def test_example_conflict_is_told_without_naming_the_winner(tmp_path: Path) -> None:
    from .conftest import EXAMPLE

    prepared = prepare(EXAMPLE, today=TODAY)
    files, copies, _ = feedback_files(prepared.config, files=prepared.files, findings=prepared.findings,
                                      log=prepared.log, intake=prepared.intake)
    assert [(c.name, c.findings) for c in copies] == [("local-councils_annotated.xlsx", 1)]
    wb = book(dict(files)["local-councils_annotated.xlsx"])
    note = wb["Casualties"]["A3"].comment.text
    assert note.startswith("Warning: partners disagree (settled by the policy) (W-conflict)")
    assert "Another partner reported different figures" in note
    text = "\n".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert "Counted once: another partner reported the same figures." in text
    assert "Health" not in text + note and "health-cluster" not in text + note


def test_build_annotate_writes_into_feedback(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    root = run[0]
    out = tmp_path / "dist"
    result = CliRunner().invoke(app, ["build", str(root), "--force", "--lang", "en", "--format", "docx",
                                      "--jobs", "1", "--annotate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "feedback").iterdir()) == sorted(
        f"{Path(s).stem}_annotated.xlsx" for s in PARTNERS)


def test_a_file_outside_any_workspace_gets_its_copy(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    lone = tmp_path / "lone" / "beta.xlsx"
    lone.parent.mkdir()
    lone.write_bytes((run[0] / "inputs" / "beta.xlsx").read_bytes())
    out = tmp_path / "copies"
    result = CliRunner().invoke(app, ["validate", str(lone), "--annotate", "--out", str(out), "--email"])
    assert result.exit_code == 1, result.output
    wb = book((out / "beta_annotated.xlsx").read_bytes())
    assert wb.sheetnames[0] == "Constats" and wb["Victimes"]["F5"].comment.text.startswith("Erreur")
    draft = email.message_from_bytes((out / "beta_annotated.eml").read_bytes(), policy=policy.default)
    assert draft["To"] is None  # no [partners] table outside a workspace
