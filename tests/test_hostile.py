"""Hostile files: XML entities, zip bombs, oversized sheets, paths in titles, markup, formulas and
terminal escapes. Each is refused with a finding or handled safely; none crashes, expands, reads
a local file, escapes the output folder or runs in a spreadsheet or a viewer."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import IntakeError
from sitrep.intake import read_intake
from sitrep.intake.cells import looks_like_formula
from sitrep.intake.limits import DEFAULT_LIMITS, Limits
from sitrep.pipeline import prepare

from .conftest import CASUALTY_HEADER, GAZETTEER, TODAY, write_workbook
from .corpus import OK, good_workbook, row, workbook_bytes, zipcraft

runner = CliRunner()
SECRET = "TOP-SECRET-PASSWORD"


def refused(path: Path, limits: Limits | None = None) -> str:
    """The code of the finding a file is refused with (and that the refusal was quick)."""
    start = time.perf_counter()
    with pytest.raises(IntakeError) as caught:
        read_intake(path, limits)
    assert time.perf_counter() - start < 5, "refusing must not unpack or expand anything"
    assert SECRET not in str(caught.value.finding)
    return caught.value.finding.code


# ---------------------------------------------------------------------------------------------
# XML: entity expansion and external entities
# ---------------------------------------------------------------------------------------------

def hostile_workbook(tmp_path: Path, part: str) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    data = workbook_bytes({"Casualties": [CASUALTY_HEADER, row(H="ENTITY-HERE")]})
    hostile = zipcraft.with_dtd(data, part, str(secret), "ENTITY-HERE")  # other parts get the DTD alone
    path = tmp_path / "partner.xlsx"
    path.write_bytes(hostile)
    return path


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "[Content_Types].xml", "xl/workbook.xml",
                                  "xl/_rels/workbook.xml.rels", "_rels/.rels", "xl/styles.xml"])
def test_a_dtd_in_any_xml_part_is_refused_unread(tmp_path: Path, part: str) -> None:
    assert refused(hostile_workbook(tmp_path, part)) == "E-file-unsafe"


@pytest.mark.parametrize("encode", [
    lambda dtd: dtd.replace(b"<!DOCTYPE", b"<!doctype"),
    lambda dtd: dtd.decode().encode("utf-16-le"),
    lambda dtd: b"\xfe\xff" + dtd.decode().encode("utf-16-be"),
], ids=["lower-case", "utf-16-le", "utf-16-be"])
def test_a_dtd_is_found_in_any_spelling_or_encoding(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    xml = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet/>'
    data = zipcraft.edit(good_workbook(), "xl/worksheets/sheet1.xml", lambda _: encode(xml))
    (path := tmp_path / "partner.xlsx").write_bytes(data)
    assert refused(path) == "E-file-unsafe"


def test_behind_the_refusal_no_parser_expands_entities_or_reads_files(tmp_path: Path) -> None:
    """Defence in depth, in case a DTD ever got past the refusal: each XML parser sitrep's readers
    use keeps entities unexpanded and reads no local file."""
    import defusedxml
    import openpyxl
    from defusedxml.ElementTree import fromstring as defused_fromstring
    from openpyxl.xml.functions import fromstring as openpyxl_fromstring
    from python_calamine import CalamineError, CalamineWorkbook

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    dtd = zipcraft.BILLION_LAUGHS.replace("{secret}", str(secret))
    xml = f'<?xml version="1.0"?>{dtd}<worksheet><t>&j;</t><u>&xxe;</u></worksheet>'.encode()
    assert defusedxml.__version__ and openpyxl.DEFUSEDXML  # installed, and openpyxl knows it
    with pytest.raises(ValueError, match="[Ee]ntit"):
        defused_fromstring(xml)
    from lxml import etree

    for document in (xml, xml.replace(b"&j;", b"")):  # sheet names and parts are read through this parser
        try:
            tree = etree.tostring(openpyxl_fromstring(document))
        except etree.XMLSyntaxError as exc:  # libxml2's own amplification guard
            assert "amplification" in str(exc)
            continue
        assert SECRET.encode() not in tree and len(tree) < 1000
    path = hostile_workbook(tmp_path, "xl/worksheets/sheet1.xml")
    with pytest.raises(CalamineError):  # the value reader refuses undeclared entities
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Casualties").to_python()


def test_through_the_command_line_the_entities_are_one_finding(make_workspace, tmp_path: Path) -> None:
    ws = make_workspace()
    shutil.copy(hostile_workbook(tmp_path, "xl/worksheets/sheet1.xml"), ws / "inputs" / "partner.xlsx")
    result = runner.invoke(app, ["validate", str(ws)])
    assert result.exit_code == 1
    assert "partner.xlsx  E-file-unsafe" in result.output and SECRET not in result.output


# ---------------------------------------------------------------------------------------------
# Zip bombs and oversized files
# ---------------------------------------------------------------------------------------------

def test_the_default_limits_are_generous_for_real_data() -> None:
    assert (DEFAULT_LIMITS.max_unpacked_bytes, DEFAULT_LIMITS.max_rows, DEFAULT_LIMITS.max_cell_chars,
            DEFAULT_LIMITS.max_cells, DEFAULT_LIMITS.max_parts) == (500 << 20, 1_000_000, 32_767, 20_000_000, 10_000)


def bomb(tmp_path: Path, member: zipcraft.Member) -> Path:
    members = [m for m in zipcraft.members_of(good_workbook()) if m.name != member.name]
    (path := tmp_path / "bomb.xlsx").write_bytes(zipcraft.build([*members, member]))
    assert path.stat().st_size < 1_000_000
    return path


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = bomb(tmp_path, zipcraft.zeros("xl/worksheets/sheet1.xml", 600))  # 600 MB in 600 KB
    assert refused(path) == "E-file-too-large"


def test_a_zip_bomb_that_lies_about_its_size_is_refused_by_what_it_unpacks_to(tmp_path: Path) -> None:
    path = bomb(tmp_path, zipcraft.zeros("xl/worksheets/sheet1.xml", 40, declared=1_000))
    assert refused(path, Limits(max_unpacked_bytes=10 << 20)) == "E-file-too-large"
    assert refused(path) == "E-file-corrupt"  # within 500 MB it unpacks, and does not match what it declared


def test_too_many_parts(tmp_path: Path) -> None:
    members = zipcraft.members_of(good_workbook())
    extra = [zipcraft.deflated(f"xl/media/image{i}.png", b"x") for i in range(30)]
    (path := tmp_path / "parts.xlsx").write_bytes(zipcraft.build(members + extra))
    assert refused(path, Limits(max_parts=20)) == "E-file-too-large"
    read_intake(path)  # within the default limit


def test_row_cell_and_size_limits_apply_to_workbooks_and_csv(tmp_path: Path) -> None:
    rows = [CASUALTY_HEADER, *([OK] * 60)]
    xlsx = write_workbook(tmp_path / "a.xlsx", {"Casualties": rows})
    sheets, findings = read_intake(xlsx, Limits(max_rows=50))
    assert (sheets, [(f.code, f.position.sheet) for f in findings]) == ([], [("E-too-many-rows", "Casualties")])
    sheets, findings = read_intake(xlsx, Limits(max_cells=100))
    assert (sheets, [f.code for f in findings]) == ([], ["E-sheet-too-large"])
    path = tmp_path / "casualties.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[str(v) for v in r] for r in rows])
    assert refused(path, Limits(max_rows=50)) == "E-too-many-rows"
    assert refused(path, Limits(max_unpacked_bytes=1_000)) == "E-file-too-large"
    (long := tmp_path / "long.csv").write_text("Date,Governorate,Killed,Injured,Reporting organisation\n"
                                               f"2024-11-28,Aleppo,1,2,{'x' * 40}\n", encoding="utf-8")
    sheets, _ = read_intake(long, Limits(max_cell_chars=30))
    assert type(sheets[0].rows[0].values["org"]).__name__ == "OverlongText"


def test_limits_reach_the_pipeline(make_workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_workspace({"a.xlsx": {"Casualties": [CASUALTY_HEADER, *([OK] * 30)]}})
    monkeypatch.setattr("sitrep.intake.reader.DEFAULT_LIMITS", Limits(max_rows=20))
    prepared = prepare(ws, today=TODAY)
    assert [(f.code, str(f.position)) for f in prepared.findings] == [("E-too-many-rows", "a.xlsx › Casualties")]
    assert prepared.intake.rows_read == 0 and prepared.report.figures.killed is None  # unknown, not zero


def test_a_sheet_written_unusually_is_measured_tag_by_tag(tmp_path: Path) -> None:
    """Cells without references, with a namespace prefix or odd spacing cannot hide a far cell."""
    from sitrep.intake.sheetxml import sheet_extent

    regular = b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    implicit = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                b'<x:row r="1048576">' + b"<x:c><x:v>1</x:v></x:c>" * 40 + b"</x:row></x:sheetData></x:worksheet>")
    spaced = b'<sheetData><row r="1"><c\n r="ZZ900000"\t><v>1</v></c></row></sheetData>'
    quoted = b"<sheetData><row r='1'><c s='1' r='ZZ900000'><v>1</v></c></row></sheetData>"
    formatted_only = b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="3"/></row></sheetData>'
    limits = {"max_rows": 1_000_000, "max_cells": 20_000_000}
    assert sheet_extent(regular, **limits) == (1_048_576, 16_384)
    assert sheet_extent(implicit, **limits) == (1_048_576, 40)
    assert sheet_extent(spaced, **limits) == (900_000, 702)
    assert sheet_extent(quoted, **limits) == (900_000, 702)
    assert sheet_extent(formatted_only, **limits) is None  # no value there: the reader skips it


# ---------------------------------------------------------------------------------------------
# Paths in titles, links in outputs
# ---------------------------------------------------------------------------------------------

def test_a_path_in_the_slug_or_the_crisis_stays_in_the_output_folder(make_workspace, tmp_path: Path) -> None:
    from sitrep.pipeline import build

    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, OK]}})
    toml = (ws / "report.toml").read_text(encoding="utf-8")
    for slug_line in ('slug = "../../etc/passwd"', 'slug = "..\\\\..\\\\C:\\\\Windows\\\\x"', ""):
        crisis = 'crisis = "../../../tmp/evil/.. \\\\ /etc/passwd"'
        text = toml.replace('slug = "test-crisis"', slug_line).replace('crisis = "Test crisis"', crisis)
        (ws / "report.toml").write_text(text, encoding="utf-8")
        before = {p for p in tmp_path.rglob("*")}
        out = tmp_path / "out"
        result = build(prepare(ws, today=TODAY), languages=["en"], formats=["docx"], out_dir=out)
        created = {p for p in tmp_path.rglob("*") if ws not in p.parents} - before  # the workspace may keep history
        assert created and all(p == out or p.parent == out for p in created), created
        for o in result.outputs:
            assert o.path.parent == out and re.fullmatch(r"[a-z0-9-]+_flash-update-03_2024-11-29_[a-z-]+\.[a-z]+",
                                                         o.path.name), o.path.name
        shutil.rmtree(out)


def test_a_config_with_an_unsafe_slug_cannot_exist(make_workspace) -> None:
    import dataclasses

    config = prepare(make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, OK]}}), today=TODAY).config
    for slug in ("../x", "a/b", "..", "", "A", "x.pdf"):
        with pytest.raises(ValueError, match="unsafe"):
            dataclasses.replace(config, slug=slug)


@pytest.mark.skipif(not hasattr(Path, "symlink_to") or os.name != "posix", reason="symbolic links need POSIX")
def test_a_symbolic_link_in_the_output_folder_is_replaced_not_written_through(make_workspace, tmp_path: Path) -> None:
    from sitrep.pipeline import build

    ws = make_workspace({"ok.xlsx": {"Casualties": [CASUALTY_HEADER, OK]}})
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "test-crisis_flash-update-03_2024-11-29_en.docx"
    link.symlink_to(victim)
    build(prepare(ws, today=TODAY), languages=["en"], formats=["docx"], out_dir=out)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and zipfile.is_zipfile(link)


# ---------------------------------------------------------------------------------------------
# Markup, control characters and active content in what is rendered
# ---------------------------------------------------------------------------------------------

MARKUP = '<b>x</b> & <font size="40" color="red">y</font> <a href="javascript:alert(1)">z</a> <para>'


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """PDF and DOCX in English and Arabic from inputs full of markup and control characters, in
    narrative paragraphs, table cells (communities, sources) and organisation names."""
    from sitrep.pipeline import build

    from .conftest import REPORT_TOML

    ws = tmp_path_factory.mktemp("hostile")
    (ws / "inputs").mkdir()
    shutil.copy(GAZETTEER, ws / "gazetteer.csv")
    (ws / "report.toml").write_text(REPORT_TOML.format(policy="priority").replace('languages = ["en"]',
                                                                                 'languages = ["en", "ar"]'),
                                    encoding="utf-8")
    d = "2024-11-28"
    texts = {
        "narrative": f"Overview {MARKUP} \x07\x1b[2J end",
        "arabic": f"نظرة عامة {MARKUP} نهاية",
        "place": f"Kafr {MARKUP}",
        "title": f"Report {MARKUP}",
        "url": "javascript:alert(document.cookie)",
    }
    write_workbook(ws / "inputs" / "partner.xlsx", {
        "Casualties": [CASUALTY_HEADER, row(H="Alpha <b>&amp;</b>")],
        "Locations": [["Date", "Governorate", "Community", "Status", "Reporting organisation"],
                      [d, "Idleb", texts["place"], "airstrikes", "Alpha"]],
        "Narrative": [["Section", "English", "Arabic", "Sources"],
                      ["overview", texts["narrative"].replace("\x07", "").replace("\x1b", ""), texts["arabic"], "S1"]],
        "Sources": [["Ref", "Organisation", "Title", "Link"], ["S1", "OCHA & <i>co</i>", texts["title"], texts["url"]]],
    })
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings.errors]
    out = ws / "dist"
    build(prepared, languages=["en", "ar"], formats=["pdf", "docx"], out_dir=out)
    return out, texts


def test_markup_in_paragraphs_and_table_cells_is_shown_literally(hostile_build) -> None:  # type: ignore[no-untyped-def]
    from .test_example import docx_text, pdf_text

    out, texts = hostile_build
    stem = "test-crisis_flash-update-03_2024-11-29"
    docx_en = docx_text(out / f"{stem}_en.docx")
    pdf_en = " ".join(pdf_text(out / f"{stem}_en.pdf").split())
    for text in (MARKUP, texts["place"], texts["title"]):
        assert text in docx_en, text
    for text in ("<b>x</b> & <font", "<para>", 'href="javascript:alert(1)"', "Kafr <b>x</b>"):
        assert text in pdf_en, text
    # Latin runs inside Arabic carry invisible direction marks in the DOCX (render/direction.py);
    # without them the text reads exactly as typed.
    from sitrep.render.direction import strip_controls

    assert texts["arabic"] in strip_controls(docx_text(out / f"{stem}_ar.docx"))
    assert (out / f"{stem}_ar.pdf").stat().st_size > 0


def test_outputs_carry_no_active_content(hostile_build) -> None:  # type: ignore[no-untyped-def]
    """No link, script or launch action in the PDF; no macro or external link in the DOCX."""
    from pypdf import PdfReader

    out, _ = hostile_build
    for pdf in out.glob("*.pdf"):
        reader = PdfReader(pdf)
        catalog = reader.trailer["/Root"]
        assert not {"/OpenAction", "/AA", "/Names", "/AcroForm"} & set(catalog), (pdf.name, sorted(catalog))
        for page in reader.pages:
            assert not {"/Annots", "/AA"} & set(page), pdf.name  # no link, no action
        data = pdf.read_bytes()
        for key in (b"/JavaScript", b"/Launch", b"/URI", b"/EmbeddedFile"):
            assert key not in data, (pdf.name, key)
    for docx in out.glob("*.docx"):
        with zipfile.ZipFile(docx) as archive:
            names = archive.namelist()
            rels = b"".join(archive.read(n) for n in names if n.endswith(".rels"))
        assert not [n for n in names if "vba" in n.lower() or n.endswith((".bin", ".js"))]
        assert b'TargetMode="External"' not in rels


def test_the_merge_log_never_holds_a_formula(make_workspace, tmp_path: Path) -> None:
    from sitrep.pipeline import build

    ws = make_workspace()
    hostile = {'=HYPERLINK("x","y").xlsx': "=cmd", "+cmd.xlsx": "+1", "-2+3.xlsx": "@SUM(A1)",
               "@x.xlsx": "\t=1"}
    for name, org in hostile.items():
        write_workbook(ws / "inputs" / name, {"Casualties": [CASUALTY_HEADER, row(H=org), row(H="Alpha", D=9),
                                                              row(D="=1+1"), row(B="=evil()")]})
    result = build(prepare(ws, today=TODAY), languages=["en"], formats=["docx"], out_dir=tmp_path / "o")
    log = next(o.path for o in result.outputs if o.format == "csv")
    rows = list(csv.reader(io.StringIO(log.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 4 * 4  # every row of every file is in the log
    for cells in rows:
        assert not [c for c in cells if looks_like_formula(c)], cells


def test_the_intake_template_neutralises_names_from_the_workspace(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from sitrep.gazetteer import read_gazetteer
    from sitrep.intake.template import TemplateOptions, write_template

    gazetteer = tmp_path / "gaz.csv"
    gazetteer.write_text("ADM1_EN,ADM1_PCODE,ADM2_EN,ADM2_PCODE\n=HYPERLINK(\"http://x\"),SY01,+Evil\x01Town,SY0101\n"
                         "@Gov,SY02,-District,SY0201\n", encoding="utf-8")
    orgs = ("=cmd|' /C calc'!A0", "+Org", "-Org", "@Org", "\uff1dFull")
    data = write_template(TemplateOptions(language="en", gazetteer=read_gazetteer(gazetteer), organisations=orgs))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert not re.search(rb"<f[ >]", sheets)  # no formula anywhere in the workbook
    wb = load_workbook(io.BytesIO(data))
    written = {c.value: c for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    for name in (*orgs, '=HYPERLINK("http://x")', "+EvilTown", "@Gov", "-District"):
        assert name in written, name
        assert written[name].data_type == "s" and written[name].quotePrefix, name


def test_control_characters_never_reach_the_terminal(make_workspace) -> None:
    ws = make_workspace()
    with (ws / "inputs" / "casualties.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([CASUALTY_HEADER, ["2024-11-28", "Alep\x1b[2J\x1b]0;pwned\x07po", "", "lots\x1b[31m",
                                                    0, 1, 0, "Alpha"]])
    result = runner.invoke(app, ["validate", str(ws)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in result.output  # shown, not obeyed


def test_the_worksheet_scan_expands_no_entity_and_reads_no_file(tmp_path: Path) -> None:
    """Behind check_xlsx's refusal of any DTD, the lxml scan itself neither expands an internal
    entity (billion laughs: libxml2 stops it) nor reads an external one (left unresolved)."""
    from lxml.etree import XMLSyntaxError

    from sitrep.intake.sheetxml import scan_xml

    def sheet(declarations: str, formula: str) -> bytes:
        return (f'<?xml version="1.0"?><!DOCTYPE worksheet [{declarations}]>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                f'<row r="2" hidden="1"><c r="A2"><f>{formula}</f></c></row></sheetData></worksheet>').encode()

    laughs = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    with pytest.raises(XMLSyntaxError, match="amplification"):
        scan_xml(sheet(laughs, "&l9;"))
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    marks = scan_xml(sheet(f'<!ENTITY file SYSTEM "{secret.as_uri()}">', "1+&file;"))
    assert marks.hidden_rows == {2}
    assert marks.uncached == {(2, 1): "1+"}  # the entity is not read into the text
