"""The bad-input corpus: every way an intake file or a workspace can be wrong, each mapped to the
exact findings (code and cell) it must produce.

A case is a name, a builder that writes the bad input into a fresh workspace (the test
workspace of ``tests/conftest.py``: Syria gazetteer, period 27–29 November 2024, priority
Alpha > Beta) and the findings expected, as ``(code, where)`` pairs where ``where`` is
``Sheet!D2`` for a cell, ``Sheet!2`` for a row, ``Sheet`` for a sheet, the file name for a
whole file and ``report.toml › key`` for configuration. Everything is built here, in code: no
binary fixture to trust.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import Finding

from ..conftest import CASUALTY_HEADER, write_workbook
from . import zipcraft

D = dt.date(2024, 11, 28)
OK = [D, "Aleppo", "", 3, 1, 5, 0, "Alpha"]
"""A valid casualty row under CASUALTY_HEADER (columns A–H)."""
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Builder = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    build: Builder
    expected: tuple[tuple[str, str], ...]


def where(finding: Finding) -> str:
    """``Sheet!D2``, ``Sheet!2``, ``Sheet``, ``file.xlsx``, ``file.csv:7`` or ``report.toml › key``."""
    p = finding.position
    if p is None:
        return ""
    file = Path(p.file).name
    if p.key:
        return f"{file} › {p.key}"
    if p.sheet is None:
        return f"{file}:{p.row}" if p.row else file
    return f"{p.sheet}!{p.cell}" if p.cell else p.sheet


# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------

def row(**cells: object) -> list[object]:
    """The valid row with some cells changed, by column letter: ``row(D="lots")``."""
    values = list(OK)
    for letter, value in cells.items():
        values[ord(letter) - 65] = value
    return values


def book(sheets: dict[str, Sequence[Sequence[object]]], name: str = "partner.xlsx") -> Builder:
    def build(ws: Path) -> None:
        write_workbook(ws / "inputs" / name, sheets)
    return build


def casualties(*rows: Sequence[object], header: Sequence[object] = CASUALTY_HEADER) -> Builder:
    return book({"Casualties": [header, *rows]})


def raw(name: str, data: bytes | Callable[[], bytes]) -> Builder:
    def build(ws: Path) -> None:
        (ws / "inputs" / name).write_bytes(data() if callable(data) else data)
    return build


def csv_text(name: str, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Builder:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return raw(name, buffer.getvalue().encode(encoding))


def toml(old: str, new: str) -> Builder:
    def build(ws: Path) -> None:
        path = ws / "report.toml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return build


def both(*builders: Builder) -> Builder:
    def build(ws: Path) -> None:
        for builder in builders:
            builder(ws)
    return build


def workbook_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_workbook(Path(tmp) / "book.xlsx", sheets).read_bytes()


def good_workbook() -> bytes:
    return workbook_bytes({"Casualties": [CASUALTY_HEADER, OK]})


def _hidden_rows(ws: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Casualties"
    for values in (CASUALTY_HEADER, OK, row(B="Idleb"), row(B="Hama")):
        sheet.append(values)
    sheet.row_dimensions[3].hidden = True
    wb.save(ws / "inputs" / "partner.xlsx")


def _merged_data_cells(ws: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Casualties"
    for values in (CASUALTY_HEADER, OK, row(B="Idleb")):
        sheet.append(values)
    sheet.merge_cells("D2:D3")  # the second row's Killed is now empty
    wb.save(ws / "inputs" / "partner.xlsx")


def _far_cell(row_number: int, column: int) -> Builder:
    def build(ws: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook()
        sheet = wb.active
        sheet.title = "Casualties"
        sheet.append(CASUALTY_HEADER)
        sheet.append(OK)
        sheet.cell(row_number, column, "stray")
        wb.save(ws / "inputs" / "partner.xlsx")
    return build


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("figures.txt", "Aleppo 3 killed")
    return buffer.getvalue()


def _office(part: str) -> Callable[[], bytes]:
    return lambda: zipcraft.build([zipcraft.deflated("[Content_Types].xml", b"<Types/>"),
                                   zipcraft.deflated(part, b"<document/>")])


def _damaged_part() -> bytes:
    members = zipcraft.members_of(good_workbook())
    return zipcraft.build([zipcraft.Member(m.name, m.data, m.crc ^ 1, m.size) if m.name.endswith("sheet1.xml") else m
                           for m in members])


def _zip_bomb() -> bytes:
    members = [m for m in zipcraft.members_of(good_workbook()) if not m.name.endswith("sheet1.xml")]
    return zipcraft.build([*members, zipcraft.zeros("xl/worksheets/sheet1.xml", 600)])


def _encrypted_member() -> bytes:
    return zipcraft.build([zipcraft.Member(m.name, m.data, m.crc, m.size, flags=1)
                           for m in zipcraft.members_of(good_workbook())])


def _duplicate_parts() -> bytes:
    members = zipcraft.members_of(good_workbook())
    sheet = next(m for m in members if m.name.endswith("sheet1.xml"))
    return zipcraft.build([*members, sheet])


def _entities(ws: Path) -> None:
    secret = ws / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    data = zipcraft.with_dtd(workbook_bytes({"Casualties": [CASUALTY_HEADER, row(H="ENTITY-HERE")]}),
                             "xl/worksheets/sheet1.xml", str(secret), "ENTITY-HERE")
    (ws / "inputs" / "partner.xlsx").write_bytes(data)


def _no_report_toml(ws: Path) -> None:
    (ws / "report.toml").unlink()


def _binary_gazetteer(ws: Path) -> None:
    (ws / "gazetteer.csv").write_bytes(b"\xff\xfe\x00\x01garbage\x80")


def raw_gazetteer(data: bytes) -> Builder:
    def build(ws: Path) -> None:
        (ws / "gazetteer.csv").write_bytes(data)
    return build


ALL_FILES = toml('gazetteer = "gazetteer.csv"', 'gazetteer = "gazetteer.csv"\nfiles = ["inputs/*"]')
NARRATIVE = ["Section", "English", "Sources"]
RESPONSE = ["Date", "Sector", "Reporting organisation", "People reached", "People targeted"]


# ---------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------

CASES: tuple[Case, ...] = tuple(Case(name, build, tuple(expected)) for name, build, expected in [
    # Cells of the Casualties sheet (header in row 1, the bad row in row 2).
    ("count-in-words", casualties(row(D="lots")), [("E-not-number", "Casualties!D2")]),
    ("negative-count", casualties(row(F=-5)), [("E-negative", "Casualties!F2")]),
    ("fractional-count", casualties(row(D=2.5)), [("E-not-number", "Casualties!D2")]),
    ("decimal-comma-count", casualties(row(D="1,5")), [("E-not-number", "Casualties!D2")]),
    ("thousands-point-in-english-sheet", casualties(row(D="1.234")), [("E-not-number", "Casualties!D2")]),
    ("boolean-count", casualties(row(D=True)), [("E-not-number", "Casualties!D2")]),
    ("date-in-count", casualties(row(F=D)), [("E-not-number", "Casualties!F2")]),
    ("excel-error-in-count", casualties(row(D="#DIV/0!")), [("E-excel-error", "Casualties!D2")]),
    ("excel-error-in-optional-count", casualties(row(E="#REF!")), [("E-excel-error", "Casualties!E2")]),
    ("5000-digit-count", casualties(row(D="9" * 5000)), [("E-not-number", "Casualties!D2")]),
    ("count-beyond-world-population", casualties(row(F=10**11)), [("E-not-number", "Casualties!F2")]),
    ("empty-count-means-not-reported", casualties(row(D=None)), []),  # issue 23: blank is not zero, nor wrong
    ("row-without-any-figure", casualties(row(D=None, E=None, F=None, G=None)), [("W-row-no-figure", "Casualties!2")]),
    ("empty-organisation", casualties(row(H=None)), [("E-required", "Casualties!H2")]),
    ("no-location", casualties(row(B=None)), [("E-required", "Casualties!B2")]),
    ("date-in-words", casualties(row(A="yesterday")), [("E-not-date", "Casualties!A2")]),
    ("impossible-date", casualties(row(A="2024-02-30")), [("E-not-date", "Casualties!A2")]),
    ("time-in-date-column", casualties(row(A=dt.time(12, 30))), [("E-not-date", "Casualties!A2")]),
    ("future-date", casualties(row(A=dt.date(2027, 1, 5))), [("E-date-future", "Casualties!A2")]),
    ("before-the-period", casualties(row(A=dt.date(2024, 11, 20))), [("W-date-before-period", "Casualties!A2")]),
    ("after-the-as-of-date", casualties(row(A=dt.date(2024, 12, 3))), [("I-date-after-as-of", "Casualties!A2")]),
    ("day-month-ambiguous", casualties(row(A="03/04/2024")),
     [("W-date-ambiguous", "Casualties!A2"), ("W-date-before-period", "Casualties!A2")]),
    ("unknown-governorate", casualties(row(B="Atlantis")), [("E-unknown-location", "Casualties!B2")]),
    ("district-of-another-governorate", casualties(row(C="Ariha")), [("E-location-mismatch", "Casualties!C2")]),
    ("children-exceed-total", casualties(row(E=9)), [("E-subgroup", "Casualties!E2")]),
    ("estimate", casualties(row(D="~500")), [("W-estimate", "Casualties!D2")]),
    ("formula-never-calculated", casualties(row(D="=1+2")), [("E-formula-no-value", "Casualties!D2")]),
    ("overlong-cell", casualties(row() + ["x" * 40_000], header=[*CASUALTY_HEADER, "Notes"]),
     [("E-cell-too-long", "Casualties!I2")]),
    ("community-name-of-5000-characters", book({"Locations": [
        ["Date", "Governorate", "Community", "Status", "Reporting organisation"],
        [D, "Idleb", "word " * 1000, "airstrikes", "Alpha"]]}), [("E-cell-too-long", "Locations!C2")]),
    ("arabic-digits-and-bidi-marks", casualties(row(D="\u200f٢٧", F="۵")), []),
    ("markup-in-text", casualties(row(H="<b>Alpha</b> & <font size=40>")), []),
    # Rows and sheets.
    ("duplicate-row", casualties(OK, OK), [("W-duplicate-row", "Casualties!3")]),
    ("partners-disagree", casualties(row(H="Beta"), row(D=5)), [("W-conflict", "Casualties!2")]),
    ("governorate-and-district-overlap", casualties(row(D=10, E=0), row(C="Afrin", E=0)),
     [("W-level-overlap", "Casualties!2")]),
    ("hidden-row", _hidden_rows, [("W-hidden-rows", "Casualties!3")]),
    ("merged-data-cells", _merged_data_cells, [("W-merged-figure", "Casualties!D2")]),  # row 3: not reported
    ("deaths-only-sheet", casualties(OK[:5] + OK[6:], header=[c for c in CASUALTY_HEADER if c != "Injured"]), []),
    ("no-figure-column", casualties([D, "Aleppo", "", "Alpha"], header=["Date", "Governorate", "District",
                                                                       "Reporting organisation"]),
     [("E-no-measure-column", "Casualties!1")]),
    ("missing-required-column", casualties(OK[:7], header=CASUALTY_HEADER[:7]), [("E-missing-column", "Casualties!1")]),
    ("no-header", casualties([1, 2, 3], header=[4, 5, 6]), [("E-no-header", "Casualties")]),
    ("empty-sheet", book({"Casualties": []}), [("E-no-header", "Casualties")]),
    ("misnamed-sheet-beside-a-good-one", book({"Casualties": [CASUALTY_HEADER, OK], "Displacment": [["x"]]}),
     [("E-sheet-name", "Displacment")]),
    ("only-a-misnamed-sheet", book({"Casualites": [["Date", "Notes"], [D, "x"]]}),
     [("E-no-intake-sheet", "partner.xlsx")]),
    ("misnamed-sheet-read-by-its-columns", book({"Casualites": [CASUALTY_HEADER, OK]}),
     [("I-sheet-by-content", "Casualites")]),
    ("unrelated-sheet", book({"Casualties": [CASUALTY_HEADER, OK], "Pivot": [["x"]]}),
     [("I-sheet-ignored", "Pivot")]),
    ("unknown-column", casualties(row() + ["happy"], header=[*CASUALTY_HEADER, "Mood"]),
     [("I-column-ignored", "Casualties!I1")]),
    ("label-contradicts-hashtag", book({"Casualties": [
        ["Date", "Governorate", "Women", "Injured", "Organisation"],
        ["#date", "#adm1+name", "#affected+killed", "#affected+injured", "#org"],
        [D, "Aleppo", 3, 5, "Alpha"]]}), [("W-label-hashtag", "Casualties!C1")]),
    ("template-example-row-left-in", casualties(row(H="Example: Health Cluster"), OK),
     [("I-example-row", "Casualties!2")]),
    # The other sheets.
    ("unknown-sector", book({"Response": [RESPONSE, [D, "Astrology", "Alpha", 10, 20]]}),
     [("E-unknown-category", "Response!B2")]),
    ("reached-over-target", book({"Response": [RESPONSE, [D, "Health", "Alpha", 30, 20]]}),
     [("W-reached-over-target", "Response!D2")]),
    ("unknown-status", book({"Locations": [["Date", "Governorate", "Status", "Reporting organisation"],
                                           [D, "Idleb", "on fire", "Alpha"]]}),
     [("E-unknown-category", "Locations!C2")]),
    ("households-exceed-people", book({"Displacement": [
        ["Date", "Governorate", "Newly displaced people", "Households", "Reporting organisation"],
        [D, "Idleb", 10, 40, "Alpha"]]}), [("E-subgroup", "Displacement!D2")]),
    ("unknown-placeholder", book({"Narrative": [NARRATIVE, ["overview", "{kiled_total} killed", None]]}),
     [("E-placeholder", "Narrative!B2")]),
    ("unbalanced-braces", book({"Narrative": [NARRATIVE, ["overview", "{killed_total killed", None]]}),
     [("E-placeholder", "Narrative!B2")]),
    ("paragraph-without-text", book({"Narrative": [NARRATIVE, ["overview", None, "S1"]]}),
     [("E-required", "Narrative!2")]),
    ("unknown-source-reference", book({"Narrative": [NARRATIVE, ["overview", "Text.", "S9"]]}),
     [("W-unknown-source", "Narrative!2")]),
    ("source-reference-used-twice", book({"Sources": [["Ref", "Organisation", "Title"], ["S1", "OCHA", "A"],
                                                      ["S1", "WHO", "B"]]}),
     [("E-duplicate-ref", "Sources!3")]),
    # Files that are not what they claim to be.
    ("damaged-xls", both(raw("old.xls", OLE + "Workbook".encode("utf-16-le") + bytes(600)), ALL_FILES),
     [("E-file-corrupt", "old.xls")]),
    ("web-page-saved-as-xls", raw("export.xls", b"<html><table><tr><td>Killed</td></tr></table></html>"),
     [("E-file-xls", "export.xls")]),
    ("binary-xlsb-left-out-by-the-patterns", both(casualties(OK), raw("old.xlsb", bytes(600))),
     [("W-file-not-read", "old.xlsb")]),
    ("upper-case-extension", both(casualties(OK), raw("Health.XLSX", good_workbook)),
     [("W-file-not-read", "Health.XLSX")]),
    ("password-protected", raw("locked.xlsx", OLE + "EncryptionInfo".encode("utf-16-le") + bytes(600)),
     [("E-file-encrypted", "locked.xlsx")]),
    ("pdf-renamed-xlsx", raw("scan.xlsx", b"%PDF-1.7\n" + bytes(600)), [("E-file-not-xlsx", "scan.xlsx")]),
    ("word-renamed-xlsx", raw("report.xlsx", _office("word/document.xml")), [("E-file-not-xlsx", "report.xlsx")]),
    ("opendocument-renamed-xlsx", raw("calc.xlsx", _office("content.xml")), [("E-file-not-xlsx", "calc.xlsx")]),
    ("zip-of-text-files", raw("figures.xlsx", _zip_of_text), [("E-file-not-xlsx", "figures.xlsx")]),
    ("download-cut-short", raw("partner.xlsx", lambda: good_workbook()[:3000]), [("E-file-corrupt", "partner.xlsx")]),
    ("damaged-part", raw("partner.xlsx", _damaged_part), [("E-file-corrupt", "partner.xlsx")]),
    ("zip-password", raw("partner.xlsx", _encrypted_member), [("E-file-encrypted", "partner.xlsx")]),
    ("two-parts-same-name", raw("partner.xlsx", _duplicate_parts), [("E-file-corrupt", "partner.xlsx")]),
    ("text-file-read-as-intake", both(raw("notes.txt", b"Aleppo 3 killed"), ALL_FILES),
     [("E-file-type", "notes.txt")]),
    ("workbook-saved-as-csv", raw("casualties.csv", good_workbook), [("E-file-not-csv", "casualties.csv")]),
    ("csv-of-unknown-kind", csv_text("data.csv", [["a", "b"], ["1", "2"]]), [("E-csv-kind", "data.csv")]),
    ("empty-csv", raw("casualties.csv", b""), [("E-no-header", "Casualties")]),
    ("csv-in-windows-1252", csv_text("casualties.csv", [CASUALTY_HEADER, row(A="2024-11-28", H="Médecins du Monde")],
                                     encoding="cp1252"), [("W-csv-encoding", "casualties.csv")]),
    ("csv-field-beyond-any-cell", csv_text("casualties.csv", [CASUALTY_HEADER, row(A="2024-11-28", H="x" * 200_000)]),
     [("E-cell-too-long", "casualties.csv:2")]),
    ("csv-control-characters", csv_text("casualties.csv", [CASUALTY_HEADER,
                                                           row(A="2024-11-28", H="Al\x00ph\x1b[2Ja\x07")]), []),
    # Hostile files.
    ("zip-bomb", raw("partner.xlsx", _zip_bomb), [("E-file-too-large", "partner.xlsx")]),
    ("xml-entity-expansion", _entities, [("E-file-unsafe", "partner.xlsx")]),
    ("stray-cell-in-the-last-row", _far_cell(1_048_576, 1), [("E-too-many-rows", "Casualties")]),
    ("stray-cells-far-apart", _far_cell(50_000, 702), [("E-sheet-too-large", "Casualties")]),
    # The workspace.
    ("no-report-toml", _no_report_toml, [("E-config-missing", "report.toml")]),
    ("broken-report-toml", toml("[period]", "[period"), [("E-config-syntax", "report.toml")]),
    ("absolute-input-pattern", toml('gazetteer = "gazetteer.csv"', 'gazetteer = "gazetteer.csv"\nfiles = ["/etc/*"]'),
     [("E-config", "report.toml › intake.files")]),
    ("unreadable-gazetteer", _binary_gazetteer, [("E-gazetteer", "gazetteer.csv")]),
    ("gazetteer-field-beyond-any-cell", raw_gazetteer(b"ADM1_EN,ADM1_PCODE\n" + b"x" * 200_000 + b",SY01\n"),
     [("E-gazetteer", "gazetteer.csv")]),
    ("brackets-nested-thousands-deep", toml("[period]", "x = " + "[" * 50_000 + "]" * 50_000 + "\n[period]"),
     [("E-config-syntax", "report.toml")]),
    ("no-inputs", lambda ws: None, [("E-no-inputs", "report.toml › intake.files")]),
    ("crisis-title-of-3000-characters", toml('crisis = "Test crisis"', f'crisis = "{"word " * 600}"'),
     [("E-config", "report.toml › report.crisis")]),
    ("path-in-slug", both(toml('slug = "test-crisis"', 'slug = "../../etc/passwd"'), casualties(OK)), []),
])
