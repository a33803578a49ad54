"""Any country: a workspace made from OCHA's COD-AB tabular workbook (issue #13 item 5), and places
read by close spellings leaving a trace (item 7), end to end through the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.gazetteer import read_gazetteer

from .conftest import write_workbook
from .test_intake_template import fill

runner = CliRunner()
D = dt.date(2024, 11, 28)

STATES = [  # P-code, English, Arabic: a synthetic COD-AB in OCHA's published shape
    ("SD01", "Khartoum", "الخرطوم"), ("SD02", "North Darfur", "شمال دارفور"), ("SD03", "South Darfur", "جنوب دارفور"),
    ("SD04", "West Darfur", "غرب دارفور"), ("SD13", "North Kordofan", "شمال كردفان"),
    ("SD07", "South Kordofan", "جنوب كردفان"),
]
LOCALITIES = [
    ("SD01001", "Khartoum", "الخرطوم", "SD01"), ("SD01002", "Omdurman", "أم درمان", "SD01"),
    ("SD01003", "Bahri", "بحري", "SD01"), ("SD02001", "Al Fasher", "الفاشر", "SD02"),
    ("SD02002", "Kutum", "كتم", "SD02"), ("SD03001", "Nyala", "نيالا", "SD03"),
    ("SD04001", "Geneina", "الجنينة", "SD04"), ("SD13001", "Sheikan", "شيكان", "SD13"),
]


def sudan_codab(path: Path) -> Path:
    """ADM0…ADM3 sheets with ADMn_EN/ADMn_AR/ADMn_PCODE, the parents' columns and the metadata
    columns a COD-AB carries (ADMn_REF, ADMnALT1EN, date, validOn)."""
    state = {p: (en, ar) for p, en, ar in STATES}
    adm0 = [["ADM0_EN", "ADM0_AR", "ADM0_PCODE", "date", "validOn"], ["Sudan", "السودان", "SD", "2020/08/31", ""]]
    adm1 = [["ADM1_EN", "ADM1_AR", "ADM1_PCODE", "ADM1_REF", "ADM1ALT1EN", "ADM0_EN", "ADM0_AR", "ADM0_PCODE",
             "date", "validOn"]]
    adm1 += [[en, ar, p, "", "Al Khartum" if p == "SD01" else "", "Sudan", "السودان", "SD", "2020/08/31", ""]
             for p, en, ar in STATES]
    adm2 = [["ADM2_EN", "ADM2_AR", "ADM2_PCODE", "ADM2_REF", "ADM1_EN", "ADM1_AR", "ADM1_PCODE", "ADM0_EN",
             "ADM0_PCODE"]]
    adm2 += [[en, ar, p, "", *state[parent], parent, "Sudan", "SD"] for p, en, ar, parent in LOCALITIES]
    adm3 = [["ADM3_EN", "ADM3_PCODE", "ADM2_EN", "ADM2_PCODE", "ADM1_PCODE"],
            ["Khartoum Centre", "SD0100101", "Khartoum", "SD01001", "SD01"]]
    return write_workbook(path, {"ADM0": adm0, "ADM1": adm1, "ADM2": adm2, "ADM3": adm3})


def init(ws: Path, *args: str) -> str:
    result = runner.invoke(app, ["init", str(ws), *args])
    assert result.exit_code == 0, result.output
    toml = ws / "report.toml"
    text = re.sub(r"\d{4}-\d\d-\d\d", "2024-11-29", toml.read_text(encoding="utf-8"))
    toml.write_text(text.replace("start = 2024-11-29", "start = 2024-11-27").replace(
        'languages = ["en"]', 'languages = ["en", "ar"]'), encoding="utf-8")
    return result.output


def headers(data: bytes, sheet: str = "Casualties") -> list[str]:
    return [c.value for c in load_workbook(io.BytesIO(data))[sheet][1] if c.value]


def docx_tables(path: Path) -> list[list[str]]:
    return [[cell.text for row in t.rows for cell in row.cells] for t in Document(str(path)).tables]


def casualty(adm1: str | None = None, adm2: str | None = None, **more: object) -> dict[str, object]:
    row: dict[str, object] = {"date": D, "killed": 2, "injured": 3, "org": "Your organisation", **more}
    row.update({k: v for k, v in (("adm1_name", adm1), ("adm2_name", adm2)) if v})
    return row


def test_a_sudan_workspace_from_the_cod_ab_workbook_validates_and_builds(tmp_path: Path) -> None:
    ws = tmp_path / "sudan"
    out = init(ws, "--country", "SDN", "--gazetteer", str(sudan_codab(tmp_path / "sdn_adm_tabular.xlsx")))
    said = " ".join(out.split())
    assert "areas by level: State 6, Locality 8, ADM3 1; names in en, ar" in said
    assert "Level 3 kept in the gazetteer; intake rows name levels 1 and 2 only" in said
    toml = (ws / "report.toml").read_text(encoding="utf-8")
    assert 'country = "SDN"' in toml and 'admin_levels = ["State", "Locality"]' in toml

    gaz = read_gazetteer(ws / "gazetteer.csv")  # the converted table reads back with every language
    assert gaz.get("SD02") is not None and gaz.get("SD02").names == {"en": "North Darfur", "ar": "شمال دارفور"}
    assert gaz.get("SD01002").parent == "SD01" and gaz.get("SD0100101").parent == "SD01001"
    assert gaz.get("SD01").aliases == ("Al Khartum",) and gaz.levels() == [1, 2, 3]

    blank = (ws / "inputs" / "intake-template_en.xlsx").read_bytes()
    assert {"State", "Locality", "State (P-code)", "Locality (P-code)"} <= set(headers(blank))
    assert "Governorate" not in headers(blank)
    rows = {"Casualties": [
        casualty("North Darfur", "Al Fasher", killed=4, injured=9),      # row 4: exact names
        casualty("Nroth Darfur", "Kutum", killed=1, injured=2),           # row 5: letters swapped, read as SD02
        casualty(None, "نيالا", adm1_code="SD03"),                        # row 6: P-code and an Arabic name
        casualty("Al Khartum", "Omdurman"),                               # row 7: COD-AB alternative name
        casualty("Nort Darfur", "Kutum"),                                 # row 8: a letter missing
    ], "Displacement": [{"date": D, "adm1_name": "Khartoum", "adm2_name": "Bahri", "idps": 1200,
                         "households": 240, "org": "Your organisation"}]}
    (ws / "inputs" / "partner.xlsx").write_bytes(fill(blank, "en", rows))

    checked = runner.invoke(app, ["validate", str(ws), "--json"])
    assert checked.exit_code == 0, checked.output
    payload = json.loads(checked.output)
    assert payload["errors"] == 0
    fuzzy = [f for f in payload["findings"] if f["code"] == "I-location-fuzzy"]
    assert [(f["file"], f["sheet"], f["cell"]) for f in fuzzy] == [("partner.xlsx", "Casualties", "B5"),
                                                                   ("partner.xlsx", "Casualties", "B8")]
    assert "'Nroth Darfur' read as North Darfur (SD02), a spelling variant of a state" in fuzzy[0]["message"]
    assert "'Nort Darfur' read as North Darfur (SD02), the closest name: a state" in fuzzy[1]["message"]
    assert "(similarity 0.92)" in fuzzy[0]["message"] and "(similarity 0.96)" in fuzzy[1]["message"]

    built = runner.invoke(app, ["build", str(ws), "--format", "docx", "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert "2 places read from a close spelling" in " ".join(built.output.split())
    dist = ws / "dist"
    log = list(csv.DictReader(io.StringIO(next(dist.glob("*merge-log.csv")).read_text(encoding="utf-8-sig"))))
    places = {int(r["row"]): r["place"] for r in log if r["sheet"] == "Casualties"}
    assert places == {4: "SD02 by name; SD02001 by name", 5: "SD02 by spelling variant (0.92); SD02002 by name",
                      6: "SD03 by P-code; SD03001 by name", 7: "SD01 by alternative name; SD01002 by name",
                      8: "SD02 by fuzzy name (0.96); SD02002 by name"}

    en, ar = sorted(dist.glob("*_en.docx")), sorted(dist.glob("*_ar.docx"))
    en_cells = [c for t in docx_tables(en[0]) for c in t]
    ar_cells = [c for t in docx_tables(ar[0]) for c in t]
    assert "State / locality" in en_cells and "North Darfur" in en_cells and "Al Fasher" in en_cells
    headings = [p.text for p in Document(str(en[0])).paragraphs if p.style.name.startswith("Heading")]
    assert "Casualties by area" in headings and not any("governorate" in h.lower() for h in headings)
    assert "الولاية / المحلية" in ar_cells and "شمال دارفور" in ar_cells and "الفاشر" in ar_cells
    assert not any("Governorate" in c or "المحافظة" in c for c in en_cells + ar_cells)


def test_without_a_gazetteer_init_says_what_to_download_and_validate_warns_once(tmp_path: Path) -> None:
    ws = tmp_path / "sudan"
    out = " ".join(init(ws, "--country", "SDN").split())
    assert "https://data.humdata.org/dataset/cod-ab-sdn" in out and "intake.gazetteer" in out
    assert not (ws / "gazetteer.csv").exists()
    blank = (ws / "inputs" / "intake-template_en.xlsx").read_bytes()
    assert {"State", "Locality"} <= set(headers(blank))  # the country's usual level names
    rows = {"Casualties": [casualty("North Darfur", "Kutum"), casualty("north darfur", "Al Fasher"),
                           casualty("Nroth Darfur"), casualty(None, None, adm1_code="SD07")]}
    (ws / "inputs" / "partner.xlsx").write_bytes(fill(blank, "en", rows))
    checked = runner.invoke(app, ["validate", str(ws), "--json"])
    assert checked.exit_code == 0, checked.output
    payload = json.loads(checked.output)
    assert payload["errors"] == 0
    warned = [f for f in payload["findings"] if f["code"] == "W-no-gazetteer"]
    assert len(warned) == 1 and warned[0]["key"] == "intake.gazetteer" and "cod-ab-sdn" in warned[0]["hint"]
    assert not [f for f in payload["findings"] if f["code"].startswith("E-")]

    built = runner.invoke(app, ["build", str(ws), "--format", "docx", "--lang", "en", "--jobs", "1"])
    assert built.exit_code == 0, built.output
    cells = [c for t in docx_tables(next((ws / "dist").glob("*_en.docx"))) for c in t]
    # the same name in any case is one area; a typo is its own (nothing is checked, nothing guessed)
    assert "North Darfur" in cells and "Nroth Darfur" in cells and "north darfur" not in cells
    log = list(csv.DictReader(io.StringIO(next((ws / "dist").glob("*merge-log.csv")).read_text(encoding="utf-8-sig"))))
    assert [r["place"] for r in log if r["sheet"] == "Casualties"] == [
        "North Darfur / Kutum unchecked (no gazetteer)", "North Darfur / Al Fasher unchecked (no gazetteer)",
        "Nroth Darfur unchecked (no gazetteer)", "SD07 unchecked (no gazetteer)"]


def test_init_refuses_another_countrys_cod_ab_and_an_unknown_country(tmp_path: Path) -> None:
    codab = sudan_codab(tmp_path / "sdn.xlsx")
    wrong = runner.invoke(app, ["init", str(tmp_path / "a"), "--country", "TCD", "--gazetteer", str(codab)])
    assert wrong.exit_code == 2 and "start with SD, not TD" in " ".join(wrong.output.split())
    assert not (tmp_path / "a" / "report.toml").exists()
    unknown = runner.invoke(app, ["init", str(tmp_path / "b"), "--country", "XYZ"])
    assert unknown.exit_code == 2 and "not an ISO 3166-1 alpha-3" in unknown.output
    empty = write_workbook(tmp_path / "empty.xlsx", {"Sheet1": [["name", "code"], ["Khartoum", "SD01"]]})
    refused = runner.invoke(app, ["init", str(tmp_path / "c"), "--country", "SDN", "--gazetteer", str(empty)])
    assert refused.exit_code == 2 and "E-gazetteer" in refused.output and "ADM1_PCODE" in refused.output


def test_a_place_below_the_threshold_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    ws = tmp_path / "sudan"
    init(ws, "--country", "SDN", "--gazetteer", str(sudan_codab(tmp_path / "sdn.xlsx")))
    blank = (ws / "inputs" / "intake-template_en.xlsx").read_bytes()
    rows = {"Casualties": [casualty("Darfur"), casualty("North Darfur", "Al Fasjer")]}
    (ws / "inputs" / "partner.xlsx").write_bytes(fill(blank, "en", rows))
    checked = runner.invoke(app, ["validate", str(ws), "--json"])
    assert checked.exit_code == 1
    found = [(f["code"], f["cell"], f["message"], f["hint"]) for f in json.loads(checked.output)["findings"]
             if f["code"] in ("E-unknown-location", "I-location-fuzzy")]
    assert found[0][:3] == ("E-unknown-location", "B4", "'Darfur' is not a known state")
    assert found[0][3].startswith("did you mean ") and "'North Darfur'" in found[0][3]
    assert found[1][:2] == ("I-location-fuzzy", "D5") and "a locality (similarity 0.89)" in found[1][2]


def test_partner_templates_carry_the_level_names_and_report_toml_translations(tmp_path: Path) -> None:
    ws = tmp_path / "sudan"
    init(ws, "--country", "SDN", "--gazetteer", str(sudan_codab(tmp_path / "sdn.xlsx")))
    toml = ws / "report.toml"
    own = '\n[intake.admin_levels_by_language]\nfr = ["Wilaya", "Mahaliya"]\n'
    toml.write_text(toml.read_text(encoding="utf-8") + own, encoding="utf-8")
    for lang, expected in (("ar", ["الولاية", "الولاية (P-code)", "المحلية", "المحلية (P-code)"]),
                           ("fr", ["Wilaya", "Wilaya (P-code)", "Mahaliya", "Mahaliya (P-code)"])):
        out = tmp_path / f"{lang}.xlsx"
        made = runner.invoke(app, ["intake", "new", "--workspace", str(ws), "--lang", lang, "-o", str(out)])
        assert made.exit_code == 0, made.output
        wb = load_workbook(out)
        assert [c.value for c in wb.worksheets[1][1]][1:5] == expected
        prompts = {dv.promptTitle: dv.prompt for dv in wb.worksheets[1].data_validations.dataValidation}
        assert prompts[expected[0]].startswith(expected[0]) and "SY02" not in prompts[expected[1]]
        instructions = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value]
        assert expected[0] in instructions and not any(v in ("Governorate", "المحافظة") for v in instructions)
        names = sorted((ar if lang == "ar" else en for _, en, ar in STATES), key=str.casefold)
        assert [c.value for c in wb["Lists"]["A"]][:len(STATES) + 1] == ["adm1_name", *names]
