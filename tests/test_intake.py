"""Reading files: sheets, CSV, and files that cannot be read at all (one clear finding each)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import IntakeError
from sitrep.gazetteer import read_gazetteer
from sitrep.intake import read_intake

from .conftest import CASUALTY_HEADER, GAZETTEER, write_workbook


def test_label_header_below_a_title_row(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Casualties": [
        ["Health partner casualty report"], [], CASUALTY_HEADER,
        [dt.date(2024, 11, 28), "Aleppo", "", 1, 0, 2, 0, "Alpha"]]})
    sheets, _ = read_intake(path)
    assert [r.number for r in sheets[0].rows] == [4]
    assert sheets[0].columns["killed"] == 4


def test_unknown_sheets_are_reported_not_read(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Casualties": [CASUALTY_HEADER], "Pivot": [["x"]]})
    sheets, findings = read_intake(path)
    assert [s.spec.name for s in sheets] == ["Casualties"]
    assert [f.code for f in findings] == ["I-sheet-ignored"]


@pytest.mark.parametrize(("name", "content", "code"), [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "E-file-corrupt"),
    ("web-export.xls", b"<html><body><table><tr><td>Killed</td></tr></table></body></html>", "E-file-xls"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "E-file-encrypted"),
    ("renamed.xlsx", b"%PDF-1.4 not a workbook", "E-file-not-xlsx"),
    ("notes.docx", b"PK\x03\x04", "E-file-type"),
    ("table.csv", b"PK\x03\x04 zip content", "E-file-not-csv"),
])
def test_unreadable_files_give_one_clear_finding(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IntakeError) as caught:
        read_intake(path)
    assert caught.value.finding.code == code
    assert caught.value.finding.hint
    assert caught.value.finding.position.file == name


def test_corrupt_zip_named_xlsx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(IntakeError) as caught:
        read_intake(path)
    assert caught.value.finding.code == "E-file-not-xlsx"  # a zip archive, but not of a workbook


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
def test_csv_encodings_and_kind_from_hashtags(tmp_path: Path, encoding: str) -> None:
    text = ("Sector,Organisation,Gouvernorat,Reached,Date\n#sector,#org,#adm1+name,#reached,#date\n"
            "Health,الهلال الأحمر,Aleppo,120,2024-11-28\n")
    path = tmp_path / "partner-data.csv"
    path.write_bytes(text.encode(encoding))
    sheets, findings = read_intake(path)
    assert sheets[0].spec.name == "Response"
    assert sheets[0].rows[0].values["org"] == "الهلال الأحمر"
    assert ("W-csv-encoding" in [f.code for f in findings]) == (encoding == "cp1256")


def test_gazetteer_column_conventions(tmp_path: Path) -> None:
    hdx = tmp_path / "hdx.csv"
    hdx.write_text("admin1Name_en,admin1Name_ar,admin1Pcode,admin2Name_en,admin2Pcode\n"
                   "Idleb,إدلب,SY07,Ariha,SY0705\n", encoding="utf-8")
    hxl = tmp_path / "hxl.csv"
    hxl.write_text("Gov,Gov code\n#adm1+name,#adm1+code\nIdleb,SY07\n", encoding="utf-8")
    for path in (hdx, hxl, GAZETTEER):
        gaz = read_gazetteer(path)
        assert gaz.match("Idlib", 1)[0].pcode == "SY07"
    assert read_gazetteer(hdx).get("SY0705").parent == "SY07"
    assert read_gazetteer(GAZETTEER).get("SY07").name_in("ar") == "إدلب"
    assert len(read_gazetteer(GAZETTEER).level(1)) == 14
