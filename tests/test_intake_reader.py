"""What partners really send: merged and translated headers, hidden rows, formulas never
calculated, HXL-only sheets, CSV code pages, and files that cannot be read at all."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from sitrep.errors import Finding, IntakeError
from sitrep.intake import UncachedFormula, read_intake
from sitrep.intake.sheetxml import scan_xml
from sitrep.pipeline import prepare

from .conftest import CASUALTY_HEADER, TODAY, write_workbook

D = dt.date(2024, 11, 28)


def cells(findings: list[Finding] | object, code: str) -> list[str]:
    return [f"{f.position.sheet}!{f.position.cell}" for f in findings if f.code == code]  # type: ignore[attr-defined]


def test_merged_two_row_header(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Casualties"
    ws.append(["Date", "Governorate", "Killed", None, "Injured", None, "Organisation"])
    ws.append([None, None, "Total", "Children", "Total", "Children", None])
    ws.append([D, "Aleppo", 3, 1, 5, 0, "Alpha"])
    for area in ("C1:D1", "E1:F1", "A1:A2"):
        ws.merge_cells(area)
    wb.save(path := tmp_path / "merged.xlsx")
    sheets, findings = read_intake(path)
    sheet = sheets[0]
    assert sheet.columns == {"date": 1, "adm1_name": 2, "killed": 3, "killed_children": 4, "injured": 5,
                             "injured_children": 6, "org": 7}
    assert [r.number for r in sheet.rows] == [3]
    assert not findings.has_errors()


def test_blank_and_trailing_rows_are_skipped(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Casualties": [
        CASUALTY_HEADER, [D, "Aleppo", "", 1, 0, 2, 0, "Alpha"], [], ["", " ", None],
        [D, "Idleb", "", 1, 0, 2, 0, "Alpha"], [None] * 8, ["  "] * 8]})
    sheets, _ = read_intake(path)
    assert [r.number for r in sheets[0].rows] == [2, 5]


def test_hidden_rows_are_read_and_flagged_once_per_run(make_workspace) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Casualties"
    ws.append(CASUALTY_HEADER)
    for gov in ("Aleppo", "Idleb", "Hama", "Homs", "Lattakia"):
        ws.append([D, gov, "", 1, 0, 1, 0, "Alpha"])
    for row in (3, 4, 6):
        ws.row_dimensions[row].hidden = True
    workspace = make_workspace()
    wb.save(workspace / "inputs" / "hidden.xlsx")
    prepared = prepare(workspace, today=TODAY)
    assert prepared.report.figures.killed == 5
    hidden = [f for f in prepared.findings if f.code == "W-hidden-rows"]
    assert [(f.position.row, f.message.split(" hidden")[0]) for f in hidden] == [(3, "rows 3–4 are"), (6, "row 6 is")]


def test_formula_without_a_stored_result_is_an_error_not_a_zero(make_workspace) -> None:
    workspace = make_workspace({"f.xlsx": {"Casualties": [
        CASUALTY_HEADER, [D, "Aleppo", "", "=1+2", 0, 4, "=SUM(D2:D2)", "Alpha"]]}})
    sheets, _ = read_intake(workspace / "inputs" / "f.xlsx")
    assert sheets[0].rows[0].values["killed"] == UncachedFormula("1+2")
    prepared = prepare(workspace, today=TODAY)
    assert cells(prepared.findings, "E-formula-no-value") == ["Casualties!D2", "Casualties!G2"]
    assert prepared.report.figures.killed is None and prepared.intake.rejected  # unknown: neither 3 nor 0


def test_scan_handles_prefixed_xml_shared_formulas_and_cached_values() -> None:
    xml = (b'<x:worksheet xmlns:x="s"><x:sheetData>'
           b'<x:row r="2" hidden="true"><x:c r="B2"><x:f t="shared" si="0"/></x:c>'
           b'<x:c r="C2"><x:f>A1&amp;"x"</x:f><x:v>7</x:v></x:c></x:row>'
           b'<x:row r="3" spans="1:3"><x:c r="D3" t="str"><x:f>A1&amp;"x"</x:f><x:v></x:v></x:c></x:row>'
           b'</x:sheetData></x:worksheet>')
    marks = scan_xml(xml)
    assert marks.hidden_rows == {2}
    assert marks.uncached == {(2, 2): "", (3, 4): 'A1&"x"'}


@pytest.mark.parametrize(("header", "language"), [
    (["Fecha", "Gobernación", "Distrito", "Muertos", "Muertos (niños)", "Heridos", "Organización informante"], "es"),
    (["Date", "Gouvernorat", "District", "Tués", "Tués (enfants)", "Blessés", "Organisation déclarante"], "fr"),
    (["التاريخ", "المحافظة", "المنطقة", "القتلى", "القتلى (أطفال)", "الجرحى", "الجهة المبلغة"], "ar"),
])
def test_headers_in_another_language(tmp_path: Path, header: list[str], language: str) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Casualties": [header, [D, "Aleppo", "", 1, 0, 2, "Alpha"]]})
    sheet = read_intake(path)[0][0]
    assert set(sheet.columns) == {"date", "adm1_name", "adm2_name", "killed", "killed_children", "injured", "org"}
    assert sheet.language == language


def test_hxl_only_sheet_with_no_labels(make_workspace) -> None:
    workspace = make_workspace({"hdx.xlsx": {
        "Casualties": [["#date", "#adm1+name", "#adm2+code", "#affected+killed", "#affected+injured", "#org"],
                       [D, "Aleppo", "SY0200", 2, 3, "Alpha"]],
        "Displacement": [["#adm1+name", "#affected+idps", "#date", "#org"], ["Idleb", 40, D, "Beta"]],
        "Response": [["#date", "#sector", "#org", "#reached"], [D, "Health", "Alpha", 90]]}})
    prepared = prepare(workspace, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings.errors]
    figures = prepared.report.figures
    assert (figures.killed, figures.injured, figures.displaced, figures.reached) == (2, 3, 40, 90)


def test_label_contradicting_its_hashtag_is_a_warning_at_the_label(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Casualties": [
        ["Date", "Governorate", "Killed", "Women", "Hombres", "Enfants", "Injured", "Org", "Niñas heridas"],
        ["#date", "#adm1+name", "#affected+killed", "#affected+killed+m", "#affected+injured+f",
         "#affected+killed", "#affected+injured", "#org", "#affected+injured+f+children"],
        [D, "Aleppo", 3, 1, 1, 1, 2, "Alpha", 1]]})
    _, findings = read_intake(path)
    assert cells(findings, "W-label-hashtag") == ["Casualties!D1", "Casualties!E1", "Casualties!F1"]


@pytest.mark.parametrize(("encoding", "text"), [
    ("utf-8", "Fecha,Gobernación,Muertos,Heridos,Organización\n2024-11-28,Aleppo,1,2,Niños del Mundo\n"),
    ("utf-8-sig", "Fecha,Gobernación,Muertos,Heridos,Organización\n2024-11-28,Aleppo,1,2,Niños del Mundo\n"),
    ("cp1252", "Fecha,Gobernación,Muertos,Heridos,Organización\n2024-11-28,Aleppo,1,2,Niños del Mundo\n"),
    ("cp1252", "Date,Gouvernorat,Tués,Blessés,Organisation\n2024-11-28,Aleppo,1,2,Médecins du Monde\n"),
    ("cp1256", "التاريخ,المحافظة,القتلى,الجرحى,الجهة المبلغة\n2024-11-28,حلب,1,2,الهلال الأحمر\n"),
])
def test_csv_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "casualties.csv"
    path.write_bytes(text.encode(encoding))
    sheets, findings = read_intake(path)
    assert sheets[0].rows[0].values["org"] == text.splitlines()[1].split(",")[-1]
    assert len(sheets[0].columns) == 5
    assert ("W-csv-encoding" in findings.codes()) == encoding.startswith("cp")


@pytest.mark.parametrize(("name", "content", "code", "words"), [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "E-file-corrupt",
     "save it again"),
    ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "E-file-xls", "Save As"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "E-file-encrypted",
     "password"),
    ("scan.xlsx", b"%PDF-1.7", "E-file-not-xlsx", "export"),
])
def test_unreadable_files_say_how_to_fix_them(tmp_path: Path, name: str, content: bytes, code: str,
                                                words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content + b"\0" * 600)
    with pytest.raises(IntakeError) as caught:
        read_intake(path)
    assert caught.value.finding.code == code
    assert words in (caught.value.finding.hint or "")


def test_word_document_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(IntakeError) as caught:
        read_intake(path)
    assert (caught.value.finding.code, "Word" in caught.value.finding.message) == ("E-file-not-xlsx", True)


def test_xlsx_saved_with_an_xls_name(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "data.xls", {"Casualties": [CASUALTY_HEADER]})
    with pytest.raises(IntakeError) as caught:
        read_intake(path)
    assert caught.value.finding.hint == "rename it to .xlsx"


def test_misnamed_sheet_suggests_the_intake_name(tmp_path: Path) -> None:
    """A sheet whose columns fit a kind is read whatever its name; one whose columns fit nothing
    and whose name is a near miss is an error naming the right name."""
    path = write_workbook(tmp_path / "a.xlsx", {"Casualty": [CASUALTY_HEADER], "Displacement": [["Date"]],
                                                "Responses 2024": [["x"]], "Displacement (old)": [["x"]]})
    sheets, findings = read_intake(path)
    misnamed = {f.position.sheet: f.hint for f in findings if f.code == "E-sheet-name"}
    assert misnamed == {"Responses 2024": "rename the sheet 'Response'"}
    assert [f.position.sheet for f in findings if f.code == "I-sheet-ignored"] == ["Displacement (old)"]
    assert [(s.sheet, s.spec.name) for s in sheets if s.sheet == "Casualty"] == [("Casualty", "Casualties")]
    assert [f.position.sheet for f in findings if f.code == "I-sheet-by-content"] == ["Casualty"]


def test_workbook_with_only_a_misspelt_sheet(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Casualites": [["Date", "Notes"]]})
    with pytest.raises(IntakeError) as caught:
        read_intake(path)
    assert caught.value.finding.code == "E-no-intake-sheet"
    assert caught.value.finding.hint == "rename 'Casualites' to 'Casualties'"


def test_files_read_two_at_a_time_come_out_as_if_read_one_after_the_other(tmp_path: Path) -> None:
    """read_intake_files has calamine parse one workbook in a thread while it finishes the one
    before (sitrep.intake.workbook): sheets, rows and findings must be those of reading each file
    alone, in the files' order, an unreadable file in the middle included."""
    import shutil

    from sitrep.intake import read_intake_files
    from tests.conftest import EXAMPLE

    inputs = sorted((EXAMPLE / "inputs").iterdir())
    broken = tmp_path / "b-broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    hidden = tmp_path / "c-hidden.xlsx"
    shutil.copy(inputs[0], hidden)
    paths = [inputs[0], broken, *inputs[1:], hidden, tmp_path / "missing.xlsx"]

    together_sheets, together_findings = read_intake_files(paths)
    alone_sheets, alone_findings = [], []  # (a missing file raises IntakeError, as an unreadable one)
    for path in paths:
        try:
            sheets, findings = read_intake(path)
        except IntakeError as exc:
            alone_findings.append(exc.finding)
            continue
        alone_sheets += sheets
        alone_findings += list(findings)
    assert [(s.file, s.sheet, [(r.number, r.values) for r in s.rows]) for s in together_sheets] == \
        [(s.file, s.sheet, [(r.number, r.values) for r in s.rows]) for s in alone_sheets]
    assert together_findings == alone_findings
    assert together_findings[-1].code == "E-file-unreadable" and together_findings[-1].position.file == "missing.xlsx"
    assert any(f.code == "E-file-corrupt" and f.position.file == broken.name for f in together_findings)
    assert sum(len(s.rows) for s in together_sheets) > 20
