"""Blank intake templates: generated, shipped up to date, and read back by the pipeline.

A template in each language is filled the way a partner would (picking from its drop-down
lists) and must validate clean and build; the same template with typical mistakes must give
the expected findings at the right cells.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.gazetteer import read_gazetteer
from sitrep.intake.schema import SHEETS, SHEETS_BY_NAME, TRANSLATIONS, normalise_label, translate
from sitrep.intake.template import (
    FIRST_DATA_ROW,
    HASHTAG_ROW,
    TEMPLATE_LANGUAGES,
    TemplateOptions,
    template_file_name,
    write_template,
)
from sitrep.intake.template_texts import TEXTS
from sitrep.pipeline import build, prepare

from .conftest import DATA_FILES, GAZETTEER, ROOT, TODAY

D = dt.date(2024, 11, 28)
runner = CliRunner()


def template(language: str, **options: object) -> bytes:
    return write_template(TemplateOptions(language=language, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_committed_templates_are_up_to_date(language: str) -> None:
    shipped = ROOT / "inputs" / template_file_name(language)
    assert shipped.is_file(), f"run: sitrep intake new --lang {language} -o {shipped} --force"
    assert template(language) == shipped.read_bytes(), (
        f"{shipped.name} is out of date; run: sitrep intake new --lang {language} -o inputs/{shipped.name} --force")


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_openpyxl_sees_the_hashtag_row_and_the_validations(language: str) -> None:
    gaz = read_gazetteer(GAZETTEER)
    wb = load_workbook(io.BytesIO(template(language, gazetteer=gaz, organisations=("Alpha",))))
    assert wb.sheetnames[0] == translate("Instructions", language)
    assert wb.active.title == wb.sheetnames[0]
    assert wb["Lists"].sheet_state == "hidden"
    for spec in SHEETS:
        ws = wb[spec.name_in(language)]
        tags = [c.value for c in ws[HASHTAG_ROW] if c.value]
        assert sorted(tags) == sorted(c.tag for c in spec.columns)
        labels = {c.value for c in ws[1] if c.value}
        assert labels == {c.label_in(language) for c in spec.columns}
        assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
        assert ws.sheet_view.rightToLeft == (language == "ar" or None)
        rules = ws.data_validations.dataValidation
        assert all(r.prompt and r.promptTitle and r.showInputMessage for r in rules)
        assert len(rules) == len(spec.columns)
        kinds = {r.type for r in rules}
        if spec.name in ("Casualties", "Displacement", "Response"):
            assert {"date", "whole", "list"} <= kinds
        for rule in rules:
            if rule.type == "list":
                assert rule.formula1.startswith("Lists!$")
                assert rule.error and rule.errorTitle
            if rule.type == "whole":
                assert (rule.operator, rule.formula1, rule.errorStyle) == ("greaterThanOrEqual", "0", "warning")
    lists = wb["Lists"]
    governorates = [c.value for c in next(col for col in lists.columns if col[0].value == "adm1_name")[1:]]
    assert gaz.get("SY07").name_in(language) in governorates
    assert len(", ".join(governorates)) > 100  # would not fit an inline list of any real country


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_texts_are_complete_and_fit_excel_limits(language: str) -> None:
    texts = TEXTS[language]
    assert set(texts.sheet_help) == {s.name for s in SHEETS}
    fields = {("text" if c.field.startswith("text_") else c.field) for s in SHEETS for c in s.columns}
    assert fields <= set(texts.column_help)
    for alert in (texts.date_alert, texts.count_alert, texts.list_alert, texts.area_alert, texts.org_alert):
        assert len(alert.title) <= 32 and len(alert.message) <= 255
    assert all(len(t) <= 255 for t in texts.column_help.values())
    assert all(len(c.label_in(language)) <= 32 for s in SHEETS for c in s.columns)
    assert all(len(s.name_in(language)) <= 31 for s in SHEETS)


def test_translated_labels_never_clash() -> None:
    """Every label (any language or alias) names one column of its sheet; list values round-trip."""
    from sitrep.intake.schema import LANGUAGES, match_label

    for spec in SHEETS:
        for col in spec.columns:
            for lang in LANGUAGES:
                assert match_label(spec, col.label_in(lang)) is col, (spec.name, lang, col.field)
            for option in col.categories:
                assert all(col.match_category(translate(option, lang)) == option for lang in LANGUAGES)
    assert all(set(forms) <= {"fr", "es", "ar"} for forms in TRANSLATIONS.values())


def fill(data: bytes, language: str, rows: dict[str, list[dict[str, object]]], *,
         hide: tuple[str, int] | None = None) -> bytes:
    """Type rows into a template the way a partner does: from row 4, columns found by hashtag."""
    from openpyxl.utils.cell import get_column_letter

    wb = load_workbook(io.BytesIO(data))
    for name, records in rows.items():
        spec = SHEETS_BY_NAME[name]
        ws = wb[spec.name_in(language)]
        columns = {spec.columns[[c.tag for c in spec.columns].index(cell.value)].field: cell.column
                   for cell in ws[HASHTAG_ROW] if cell.value}
        for offset, record in enumerate(records):
            for fld, value in record.items():
                ws[f"{get_column_letter(columns[fld])}{FIRST_DATA_ROW + offset}"] = value
    if hide:
        wb[SHEETS_BY_NAME[hide[0]].name_in(language)].row_dimensions[hide[1]].hidden = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def dropdown(data: bytes, key: str) -> list[str]:
    lists = load_workbook(io.BytesIO(data))["Lists"]
    column = next(col for col in lists.columns if col[0].value == key)
    return [c.value for c in column[1:] if c.value is not None]


def good_rows(data: bytes, language: str) -> dict[str, list[dict[str, object]]]:
    gaz = read_gazetteer(GAZETTEER)
    aleppo, jebel = gaz.get("SY02").name_in(language), gaz.get("SY0200").name_in(language)
    assert aleppo in dropdown(data, "adm1_name") and jebel in dropdown(data, "adm2_name")
    sector, status, section = (translate(v, language) for v in ("Health", "airstrikes", "highlights"))
    assert sector in dropdown(data, "sector") and status in dropdown(data, "status")
    grouped = "1.200" if language in ("fr", "es") else "1,200"  # as each language writes it
    return {
        "Casualties": [
            {"date": D, "adm1_name": aleppo, "adm2_name": jebel, "killed": 3, "killed_children": 1, "injured": 5,
             "injured_children": 2, "org": "Alpha", "reported": dt.date(2024, 11, 29)},
            {"date": D, "adm1_code": "SY07", "killed": 2, "injured": 4, "org": "Beta"}],
        "Displacement": [{"date": D, "adm1_name": aleppo, "adm2_code": "SY0200", "idps": grouped,
                          "households": 240, "org": "Alpha"}],
        "Locations": [{"date": D, "adm1_name": aleppo, "adm2_name": jebel, "place": "Atareb", "status": status,
                       "org": "Alpha"}],
        "Response": [{"date": D, "sector": sector, "adm1_name": aleppo, "org": "Alpha", "reached": 1500,
                      "targeted": 2000}],
        "Narrative": [{"section": section, "text_en": "{killed_total} people were killed.",
                       f"text_{language}": "{killed_total} …", "sources": "S1"}],
        "Sources": [{"ref": "S1", "org": "Alpha", "title": "Casualty reports", "date": D}],
    }


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
def test_filled_template_validates_clean_and_builds(language: str, make_workspace, tmp_path: Path) -> None:
    ws = make_workspace()
    data = template(language, gazetteer=read_gazetteer(ws / "gazetteer.csv"), organisations=("Alpha", "Beta"))
    assert dropdown(data, "org") == ["Alpha", "Beta"]
    (ws / "inputs" / f"partner-{language}.xlsx").write_bytes(fill(data, language, good_rows(data, language)))
    prepared = prepare(ws, today=TODAY)
    assert [str(f) for f in prepared.findings if f.severity != "info"] == []
    figures = prepared.report.figures
    assert (figures.killed, figures.injured, figures.displaced, figures.reached) == (5, 9, 1200, 1500)
    result = build(prepared, languages=["en"], formats=["pdf", "docx"], out_dir=tmp_path / "dist")
    data_formats = [n.rsplit(".", 1)[1] for n in DATA_FILES]
    assert sorted(o.format for o in result.outputs) == sorted(["docx", "pdf", *data_formats])
    assert all(o.path.stat().st_size > 1000 for o in result.outputs if o.format in ("pdf", "docx"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_typical_mistakes_are_found_at_their_cells(language: str, make_workspace) -> None:
    ws = make_workspace()
    data = template(language, gazetteer=read_gazetteer(ws / "gazetteer.csv"))
    ok = {"date": D, "adm1_name": "Aleppo", "killed": 3, "injured": 5, "org": "Alpha"}
    rows = {
        "Casualties": [
            {**ok, "killed": "lots"},                     # row 4: F4 not a number
            {**ok, "adm1_name": "Aleppo city"},           # row 5: B5 unknown governorate
            {**ok, "date": "31/02/2024"},                 # row 6: A6 not a real date
            {**ok, "killed_children": 5},                 # row 7: G7 more children than killed
            {**ok, "injured": -2},                        # row 8: H8 negative
            {**ok, "org": None},                          # row 9: J9 required
            {**ok, "killed": "=2+3"},                     # row 10: F10 formula never calculated
            {**ok, "injured": "1.234"},                   # row 11: H11 ambiguous in an English/Arabic sheet
            {**ok, "adm1_name": "Idleb"},                 # row 12: fine, but hidden
        ],
        "Response": [{"date": D, "sector": "Helth", "adm1_name": "Aleppo", "org": "Alpha", "reached": 10}],
    }
    (ws / "inputs" / "mistakes.xlsx").write_bytes(fill(data, language, rows, hide=("Casualties", 12)))
    found = prepare(ws, today=TODAY).findings
    casualties, response = SHEETS_BY_NAME["Casualties"].name_in(language), SHEETS_BY_NAME["Response"].name_in(language)
    got = sorted((f.code, f"{f.position.sheet}!{f.position.cell}") for f in found
                 if f.position and f.position.sheet and f.severity != "info")
    assert got == sorted([
        ("E-not-number", f"{casualties}!F4"), ("E-unknown-location", f"{casualties}!B5"),
        ("E-not-date", f"{casualties}!A6"), ("E-subgroup", f"{casualties}!G7"), ("E-negative", f"{casualties}!H8"),
        ("E-required", f"{casualties}!J9"), ("E-formula-no-value", f"{casualties}!F10"),
        ("E-not-number", f"{casualties}!H11"), ("W-hidden-rows", f"{casualties}!12"),
        ("E-unknown-category", f"{response}!B4")])


def test_french_sheet_reads_1_234_as_a_thousand(make_workspace) -> None:
    ws = make_workspace()
    data = template("fr", gazetteer=read_gazetteer(ws / "gazetteer.csv"))
    rows = {"Casualties": [{"date": D, "adm1_name": "Aleppo", "killed": "1.234", "injured": "1 500", "org": "Alpha"},
                           {"date": D, "adm1_name": "Idleb", "killed": 1, "injured": "1,234", "org": "Alpha"}]}
    (ws / "inputs" / "fr.xlsx").write_bytes(fill(data, "fr", rows))
    prepared = prepare(ws, today=TODAY)
    assert (prepared.report.figures.killed, prepared.report.figures.injured) == (1234, 1500)
    errors = prepared.findings.errors
    assert [(f.code, f.position.cell) for f in errors] == [("E-not-number", "H5")]
    assert "French" in errors[0].message and "decimal mark" in errors[0].message


def test_example_row_is_skipped_when_the_hashtag_row_is_deleted(make_workspace) -> None:
    ws = make_workspace()
    wb = load_workbook(io.BytesIO(template("en")))
    for spec in SHEETS:
        wb[spec.name].delete_rows(HASHTAG_ROW)
    wb.save(ws / "inputs" / "no-tags.xlsx")
    prepared = prepare(ws, today=TODAY)
    assert prepared.intake.rows_read == 0
    skipped = [f for f in prepared.findings if f.code == "I-example-row"]
    assert [f"{f.position.sheet}!{f.position.row}" for f in skipped] == [f"{s.name}!2" for s in SHEETS]


def test_cli_writes_refuses_to_overwrite_and_uses_the_workspace(make_workspace, tmp_path: Path) -> None:
    ws = make_workspace()
    target = tmp_path / "fr.xlsx"
    assert runner.invoke(app, ["intake", "new", "--lang", "fr", "-o", str(target)]).exit_code == 0
    assert target.read_bytes() == template("fr")
    again = runner.invoke(app, ["intake", "new", "--lang", "fr", "-o", str(target)])
    assert again.exit_code == 2 and "already exists" in again.output
    result = runner.invoke(app, ["intake", "new", "--lang", "ar", "--workspace", str(ws), "-o", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert "Alpha" in dropdown(target.read_bytes(), "org")
    assert runner.invoke(app, ["intake", "new", "--lang", "xx", "-o", str(tmp_path / "x.xlsx")]).exit_code == 2
    (ws / "report.toml").write_text("[report\n", encoding="utf-8")
    broken = runner.invoke(app, ["intake", "new", "--workspace", str(ws), "-o", str(tmp_path / "y.xlsx")])
    assert broken.exit_code == 2 and "E-config-syntax" in broken.output


def test_sheet_names_in_every_language_are_read() -> None:
    from sitrep.intake.schema import spec_for_sheet_name

    for spec in SHEETS:
        for lang in TEMPLATE_LANGUAGES:
            assert spec_for_sheet_name(spec.name_in(lang).upper()) is spec
            assert normalise_label(spec.name_in(lang))
