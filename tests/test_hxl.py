"""Partner data as HDX publishes it: HXL read by its semantics, sheets found by what they hold.

The files here are written from the HXL standard's documentation (hxlstandard.org tag and
attribute lists: #date+occurred, #org+name, #adm2+pcode, #affected+idps+newdisp …), not from
sitrep's own templates.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.intake import read_intake
from sitrep.intake.schema import SHEETS_BY_NAME, match_hashtag
from sitrep.kinds import CASUALTIES, DISPLACEMENT, RESPONSE
from sitrep.kinds.hxl import COUNTING, parse_hashtag
from sitrep.pipeline import prepare

from .conftest import TODAY, write_workbook

CAS = SHEETS_BY_NAME["Casualties"]
DIS = SHEETS_BY_NAME["Displacement"]
RES = SHEETS_BY_NAME["Response"]


def field_of(spec: object, tag: str) -> str | None:
    col = match_hashtag(spec, tag)  # type: ignore[arg-type]
    return None if col is None else col.field


# -- the attribute families, one table --------------------------------------------------------

@pytest.mark.parametrize(("spec", "tag", "field"), [
    # dates: the event's, never its end; #date+reported is its own column
    (CAS, "#date", "date"), (CAS, "#date+occurred", "date"), (RES, "#date+start", "date"),
    (RES, "#date+end", None), (CAS, "#date+reported", "reported"), (CAS, "#date+updated", None),
    # organisation: #org, +name, +acronym, +impl; never its type or the funder
    (CAS, "#org", "org"), (CAS, "#org+name", "org"), (CAS, "#org+acronym", "org"), (RES, "#org+impl+name", "org"),
    (RES, "#org+type", None), (RES, "#org+funder", None),
    # places: bare or +name are names (any +i_xx language), +code/+pcode are P-codes, +origin never
    (CAS, "#adm1", "adm1_name"), (CAS, "#adm1+name", "adm1_name"), (CAS, "#adm2+name+i_ar", "adm2_name"),
    (CAS, "#adm2+code", "adm2_code"), (CAS, "#adm2+pcode", "adm2_code"), (DIS, "#adm2+dest+pcode", "adm2_code"),
    (DIS, "#adm2+origin+pcode", None), (DIS, "#adm1+origin+name", None), (DIS, "#loc", "place"),
    # counts: descriptive attributes are read past; count-changing ones never
    (CAS, "#affected+killed+num", "killed"), (CAS, "#affected+killed+total", "killed"),
    (CAS, "#affected+killed+f", None), (CAS, "#affected+killed+children", "killed_children"),
    (CAS, "#affected+killed+children+f", None), (CAS, "#affected+killed+age0_17", None),
    (DIS, "#affected+idps+newdisp+conflict", "idps"), (DIS, "#affected+idps+ind", "idps"),
    (DIS, "#affected+idps+hh", "households"), (DIS, "#affected+hh+idps", "households"),
    (DIS, "#affected+refugees", None), (DIS, "#affected+idps+returnees", None),
    # response (3W): cluster, activity names, reached vs targeted
    (RES, "#sector+cluster", "sector"), (RES, "#activity+name", "activity"), (RES, "#reached+ind", "reached"),
    (RES, "#targeted", "targeted"), (RES, "#reached+f", None), (RES, "#inneed", None),
])
def test_attribute_families(spec: object, tag: str, field: str | None) -> None:
    assert field_of(spec, tag) == field


ATTRS = st.lists(st.sampled_from(["num", "total", "conflict", "newdisp", "name", "i_en", "ind", "all", "value"]),
                 max_size=3, unique=True)


@given(st.sampled_from([(c.sheet, col) for c in (CASUALTIES, DISPLACEMENT, RESPONSE) for col in c.sheet.columns]),
       ATTRS, st.randoms(use_true_random=False), st.booleans(), st.booleans())
def test_order_case_and_spacing_never_change_meaning(sheet_col, extra, rnd, upper, spaced) -> None:  # type: ignore[no-untyped-def]
    spec, col = sheet_col
    canonical = match_hashtag(spec, col.tag)
    parsed = parse_hashtag(col.tag)
    assert parsed is not None
    attrs = sorted(parsed.attributes | set(extra))
    variants = []
    for _ in range(3):
        rnd.shuffle(attrs)
        text = parsed.name + "".join(("+ " if spaced else "+") + a for a in attrs)
        variants.append(text.upper() if upper else text)
    fields = {None if (c := match_hashtag(spec, v)) is None else c.field for v in variants}
    assert canonical is not None and canonical.field == col.field
    assert fields == {col.field}, variants  # descriptive attributes, in any order, case or spacing


@given(st.sampled_from([(c.sheet, col) for c in (CASUALTIES, DISPLACEMENT, RESPONSE) for col in c.sheet.columns
                        if col.pattern.hashtag in ("#affected", "#reached", "#targeted")]),
       st.sampled_from(sorted(COUNTING | {"age0_4", "age18plus"})))
def test_a_count_changing_attribute_is_never_read_as_that_column(sheet_col, attribute: str) -> None:  # type: ignore[no-untyped-def]
    spec, col = sheet_col
    if attribute in col.pattern.required:
        return
    found = match_hashtag(spec, f"{col.tag}+{attribute}")
    assert found is None or found.field != col.field


# -- whole files, as partners publish them ----------------------------------------------------

@pytest.fixture
def ws(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace()


def _put(ws: Path, name: str, sheets: dict[str, list[list[object]]]) -> Path:
    return write_workbook(ws / "inputs" / name, sheets)


def _codes(prepared: object) -> list[tuple[str, str]]:
    return sorted((f.code, str(f.position)) for f in prepared.findings)  # type: ignore[attr-defined]


def test_hdx_casualty_file_on_a_sheet_called_data(ws: Path) -> None:
    _put(ws, "hdx-casualties.xlsx", {"Data": [
        ["Date", "Governorate", "District P-code", "Deaths", "Injuries", "Organisation", "Org. short"],
        ["#date+occurred", "#adm1+name", "#adm2+pcode", "#affected+killed+num", "#affected+injured",
         "#org+name", "#org+acronym"],
        ["2024-11-28", "Idleb", "SY0703", 4, 9, "Alpha", "A"],
        ["2024-11-29", "Aleppo", "SY0200", 2, 3, "Alpha", "A"]]})
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings]
    assert (prepared.report.figures.killed, prepared.report.figures.injured) == (6, 12)
    codes = _codes(prepared)
    assert ("I-sheet-by-content", "hdx-casualties.xlsx › Data") in codes
    assert ("I-hxl-attribute", "hdx-casualties.xlsx › Data!D2") in codes  # +num read past, said once
    assert ("I-hxl-attribute", "hdx-casualties.xlsx › Data!G2") in codes  # the acronym column is not used
    assert prepared.merged.of(CASUALTIES)[0].org == "Alpha"  # #org+name preferred to #org+acronym


def test_dtm_movements_use_the_destination_never_the_origin(ws: Path) -> None:
    _put(ws, "dtm.xlsx", {"Sheet1": [
        ["#date+reported", "#adm1+origin+name", "#adm2+origin+pcode", "#adm1+dest+name", "#adm2+dest+pcode",
         "#affected+idps+ind+newdisp+conflict", "#affected+idps+hh", "#org"],
        ["2024-11-29", "Aleppo", "SY0200", "Idleb", "SY0703", 1200, 240, "IOM DTM"]]})
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings]
    (rec,) = prepared.merged.of(DISPLACEMENT)
    assert (rec.adm1, rec.adm2, rec.idps, rec.households) == ("SY07", "SY0703", 1200, 240)
    assert ("W-date-from-reported", "dtm.xlsx › Sheet1!A1") in _codes(prepared)


def test_3w_response_file(ws: Path) -> None:
    _put(ws, "3w.xlsx", {"3W": [
        ["#org+impl+name", "#org+funder", "#sector+cluster", "#activity+name", "#adm2+pcode", "#date+start",
         "#date+end", "#targeted+ind", "#reached+ind"],
        ["Beta", "Donor X", "Health", "Mobile clinics", "SY0703", "2024-11-28", "2024-12-31", 900, 750]]})
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings]
    (rec,) = prepared.merged.of(RESPONSE)
    assert (rec.org, rec.sector, rec.activity, rec.reached, rec.targeted) == \
        ("Beta", "Health", "Mobile clinics", 750, 900)
    assert str(rec.date) == "2024-11-28"  # the start, never the end


def test_women_and_men_are_added_only_when_no_total_is_given(ws: Path) -> None:
    header = ["#date", "#adm2+pcode", "#affected+killed+f", "#affected+killed+m", "#affected+injured", "#org"]
    _put(ws, "sexes.xlsx", {"Data": [header, ["2024-11-28", "SY0703", 3, 4, 10, "Alpha"]]})
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.figures.killed == 7
    assert ("I-hxl-summed", "sexes.xlsx › Data!C1") in _codes(prepared)
    _put(ws, "sexes.xlsx", {"Data": [[*header, "#affected+killed"], ["2024-11-28", "SY0703", 3, 4, 10, "Alpha", 9]]})
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.figures.killed == 9  # the total, never the parts added to it
    assert not any(code == "I-hxl-summed" for code, _ in _codes(prepared))


def test_a_second_sheet_of_the_same_kind_is_read_too(ws: Path) -> None:
    header = ["#date", "#adm2+pcode", "#affected+killed", "#affected+injured", "#org"]
    _put(ws, "two.xlsx", {"Casualties": [header, ["2024-11-28", "SY0703", 2, 1, "Alpha"]],
                          "Casualties (2)": [header, ["2024-11-29", "SY0200", 5, 3, "Alpha"]]})
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.figures.killed == 7
    assert prepared.intake.rows_read == 2


def test_a_sheet_that_looks_like_data_but_fits_no_kind_is_a_warning(ws: Path) -> None:
    _put(ws, "mixed.xlsx", {
        "Casualties": [["#date", "#adm2+pcode", "#affected+killed", "#affected+injured", "#org"],
                       ["2024-11-28", "SY0703", 2, 1, "Alpha"]],
        "Summary": [["Governorate", "Killed", "Injured"], ["Idleb", 2, 1]]})
    prepared = prepare(ws, today=TODAY)
    (warning,) = [f for f in prepared.findings if f.code == "W-sheet-not-read"]
    assert str(warning.position) == "mixed.xlsx › Summary" and "Casualties" in warning.message
    assert "Date" in warning.message and "Reporting organisation" in warning.message


def test_a_hashtag_row_far_down_is_found(ws: Path) -> None:
    title = [[f"Report line {i}"] for i in range(15)]
    _put(ws, "late.xlsx", {"Casualties": [*title, ["#date", "#adm2+pcode", "#affected+killed", "#affected+injured",
                                                   "#org"], ["2024-11-28", "SY0703", 2, 1, "Alpha"]]})
    assert prepare(ws, today=TODAY).report.figures.killed == 2


def test_missing_columns_name_the_near_miss_and_never_say_no_header(ws: Path) -> None:
    _put(ws, "near.xlsx", {"Casualties": [
        ["#date+end", "#adm2+origin+pcode", "#affected+killed+f", "#org+type", "#description"],
        ["2024-11-28", "SY0703", 2, "NGO", "women only"]]})
    prepared = prepare(ws, today=TODAY)
    codes = [f.code for f in prepared.findings]
    assert "E-no-header" not in codes
    missing = {f.message.split("'")[1]: f.message for f in prepared.findings if f.code == "E-missing-column"}
    assert "+end" in missing["Date"] and "+type" in missing["Reporting organisation"]
    (figures,) = [f for f in prepared.findings if f.code == "E-no-measure-column"]
    assert "'Killed' or 'Injured'" in figures.message and "+f" in figures.message
    assert prepared.intake.rows_read == 1 and prepared.log.count("rejected") == 1  # never silently dropped


def test_a_repeated_hashtag_is_a_warning_naming_both_columns(ws: Path) -> None:
    _put(ws, "repeat.xlsx", {"Casualties": [
        ["#date", "#adm2+pcode", "#affected+killed", "#affected+killed", "#affected+injured", "#org"],
        ["2024-11-28", "SY0703", 2, 50, 1, "Alpha"]]})
    prepared = prepare(ws, today=TODAY)
    (w,) = [f for f in prepared.findings if f.code == "W-hashtag-repeated"]
    assert "C and D" in w.message and str(w.position) == "repeat.xlsx › Casualties!D1"
    assert prepared.report.figures.killed == 2


def test_an_unreadable_place_column_is_one_finding_on_its_header(ws: Path) -> None:
    rows = [["2024-11-28", f"XX{i:04d}", 1, 0, "Alpha"] for i in range(6)]
    _put(ws, "codes.xlsx", {"Casualties": [["#date", "#adm2+pcode", "#affected+killed", "#affected+injured", "#org"],
                                           *rows]})
    prepared = prepare(ws, today=TODAY)
    codes = [(f.code, str(f.position)) for f in prepared.findings]
    assert codes.count(("E-location-column", "codes.xlsx › Casualties!B1")) == 1
    assert not any(code == "E-unknown-location" for code, _ in codes)
    assert prepared.log.count("rejected") == 6


def test_kobotoolbox_csv_export(ws: Path) -> None:
    (ws / "inputs" / "kobo_casualties.csv").write_text(
        "_index,_uuid,_submission_time,casualties/date,location/district,casualties/killed,"
        "casualties/injured,reporting/organisation\n"
        "1,3f2a,2024-11-29T10:00:00,2024-11-28,Harim,3,8,Alpha\n", encoding="utf-8")
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings]
    assert (prepared.report.figures.killed, prepared.report.figures.injured) == (3, 8)
    assert not any(f.code == "I-column-ignored" for f in prepared.findings)  # Kobo's own columns are silent


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_older_and_open_formats_are_read(ws: Path, suffix: str) -> None:
    fixture = Path(__file__).parent / "fixtures" / f"casualties{suffix}"
    shutil.copy(fixture, ws / "inputs" / fixture.name)
    sheets, findings = read_intake(ws / "inputs" / fixture.name)
    assert [s.spec.name for s in sheets] == ["Casualties"]
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors(), [str(f) for f in prepared.findings]
    assert (prepared.report.figures.killed, prepared.report.figures.injured) == (5, 11)
