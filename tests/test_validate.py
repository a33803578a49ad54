"""Validation findings, code by code, on small broken workbooks built here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.errors import Finding
from sitrep.pipeline import prepare

from .conftest import CASUALTY_HEADER, TODAY

D = dt.date(2024, 11, 28)


def casualties(*rows: list[object]) -> dict[str, list[list[object]]]:
    return {"Casualties": [CASUALTY_HEADER, *rows]}


def findings_for(make_workspace, sheets) -> list[Finding]:  # type: ignore[no-untyped-def]
    ws: Path = make_workspace({"partner.xlsx": sheets})
    return prepare(ws, today=TODAY).findings.sorted()


def where(findings: list[Finding], code: str) -> list[str]:
    """The 'Sheet!A1' places where a code was reported."""
    return [f"{f.position.sheet}!{f.position.cell}" for f in findings if f.code == code and f.position]


def test_clean_workbook_has_no_errors(make_workspace) -> None:
    found = findings_for(make_workspace, casualties([D, "Aleppo", "Jebel Saman", 3, 1, 5, 2, "Alpha"]))
    assert [f for f in found if f.severity == "error"] == []


def test_missing_required_column_is_named(make_workspace) -> None:
    header = [h for h in CASUALTY_HEADER if h != "Reporting organisation"]
    found = findings_for(make_workspace, {"Casualties": [header, [D, "Aleppo", "", 3, 1, 5, 2]]})
    missing = [f for f in found if f.code == "E-missing-column"]
    assert len(missing) == 1 and "Reporting organisation" in missing[0].message
    assert missing[0].position.sheet == "Casualties" and missing[0].position.row == 1


def test_wrong_number_points_at_its_cell(make_workspace) -> None:
    found = findings_for(make_workspace, casualties(
        [D, "Aleppo", "", 3, 1, 5, 2, "Alpha"],
        [D, "Idleb", "", "three", 0, 5, 0, "Alpha"]))
    assert where(found, "E-not-number") == ["Casualties!D3"]


def test_negative_number(make_workspace) -> None:
    found = findings_for(make_workspace, casualties([D, "Aleppo", "", 3, 1, -5, 0, "Alpha"]))
    assert where(found, "E-negative") == ["Casualties!F2"]


def test_required_value_empty(make_workspace) -> None:
    found = findings_for(make_workspace, casualties([D, "Aleppo", "", 3, 1, 5, 0, None]))
    assert where(found, "E-required") == ["Casualties!H2"]


def test_unknown_location_suggests_the_closest_name(make_workspace) -> None:
    found = findings_for(make_workspace, casualties([D, "Aleppo", "Jebel Samaaan Town", 1, 0, 1, 0, "Alpha"],
                                                    [D, "Aleppp city", "", 1, 0, 1, 0, "Alpha"]))
    assert where(found, "E-unknown-location") == ["Casualties!C2", "Casualties!B3"]
    hints = [f.hint or "" for f in found if f.code == "E-unknown-location"]
    assert "Jebel Saman" in hints[0] and "Aleppo" in hints[1]


def test_spelling_variants_and_pcodes_match(make_workspace) -> None:
    found = findings_for(make_workspace, casualties(
        [D, "Idlib", "", 1, 0, 1, 0, "Alpha"], [D, "IDLEB", "Ariha", 1, 0, 1, 0, "Alpha"],
        [D, "إدلب", "", 2, 0, 1, 0, "Beta"], [D, "SY02", "Azaz", 1, 0, 1, 0, "Alpha"]))
    assert [f.code for f in found if f.severity == "error"] == []


def test_district_outside_its_governorate(make_workspace) -> None:
    found = findings_for(make_workspace, casualties([D, "Aleppo", "Ariha", 1, 0, 1, 0, "Alpha"]))
    assert where(found, "E-location-mismatch") == ["Casualties!C2"]


def test_dates_in_the_future_and_outside_the_period(make_workspace) -> None:
    found = findings_for(make_workspace, casualties(
        [dt.date(2042, 1, 1), "Aleppo", "", 1, 0, 1, 0, "Alpha"],
        [dt.date(2024, 10, 1), "Aleppo", "", 1, 0, 1, 0, "Alpha"],
        [dt.date(2024, 12, 3), "Aleppo", "", 1, 0, 1, 0, "Alpha"]))
    assert where(found, "E-date-future") == ["Casualties!A2"]
    assert where(found, "W-date-before-period") == ["Casualties!A3"]
    assert where(found, "I-date-after-as-of") == ["Casualties!A4"]


def test_subgroup_larger_than_total(make_workspace) -> None:
    found = findings_for(make_workspace, casualties([D, "Aleppo", "", 3, 5, 4, 0, "Alpha"]))
    assert where(found, "E-subgroup") == ["Casualties!E2"]


def test_duplicate_rows_warned(make_workspace) -> None:
    row = [D, "Aleppo", "Afrin", 3, 1, 4, 0, "Alpha"]
    found = findings_for(make_workspace, casualties(row, [D, "Idleb", "", 1, 0, 1, 0, "Alpha"], row))
    assert where(found, "W-duplicate-row") == ["Casualties!4"]


def test_unknown_category_with_suggestion(make_workspace) -> None:
    sheets = {"Response": [["Date", "Sector", "Governorate", "Reporting organisation", "People reached"],
                           [D, "Helth", "Aleppo", "Alpha", 100]]}
    found = findings_for(make_workspace, sheets)
    assert where(found, "E-unknown-category") == ["Response!B2"]
    assert "Health" in (next(f for f in found if f.code == "E-unknown-category").hint or "")


def test_unknown_narrative_placeholder(make_workspace) -> None:
    sheets = {"Narrative": [["Section", "English"],
                            ["overview", "{killed_total} people were killed."],
                            ["overview", "{killed_totl} people were killed."]]}
    found = findings_for(make_workspace, sheets)
    assert where(found, "E-placeholder") == ["Narrative!B3"]


def test_text_numbers_and_estimates_are_read(make_workspace) -> None:
    ws = make_workspace({"p.xlsx": casualties([D, "Aleppo", "", "1,234", 0, "~500", 0, "Alpha"])})
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.figures.killed == 1234
    assert prepared.report.figures.injured == 500
    assert where(prepared.findings.sorted(), "W-estimate") == ["Casualties!F2"]
    assert "injured" in prepared.report.figures.estimated


def test_hxl_columns_in_any_order_with_extra_columns(make_workspace) -> None:
    sheets = {"Casualties": [
        ["Notes", "Org", "Injured", "Where", "When", "Dead", "Something else"],
        ["#description", "#org", "#affected+injured", "#adm2+code", "#date", "#affected+killed", "#x_custom"],
        ["", "Alpha", 4, "SY0203", D, 2, "ignored"],
    ]}
    ws = make_workspace({"hxl.xlsx": sheets})
    prepared = prepare(ws, today=TODAY)
    assert not prepared.findings.has_errors()
    assert (prepared.report.figures.killed, prepared.report.figures.injured) == (2, 4)
    assert prepared.report.casualties[0].adm1.pcode == "SY02"


def test_gendered_hashtag_is_not_read_as_the_total(make_workspace) -> None:
    sheets = {"Casualties": [
        ["Date", "Gov", "Org", "Women killed", "Injured"],
        ["#date", "#adm1+name", "#org", "#affected+killed+f", "#affected+injured"],
        [D, "Aleppo", "Alpha", 2, 4],
    ]}
    prepared = prepare(make_workspace({"partner.xlsx": sheets}), today=TODAY)
    assert "I-column-ignored" in prepared.findings.codes() and not prepared.findings.has_errors()
    # women killed are not all people killed: killed stays not reported, injured is read (issue 23)
    assert (prepared.report.figures.killed, prepared.report.figures.injured) == (None, 4)


def test_every_row_is_accounted_for(make_workspace) -> None:
    ws = make_workspace({"a.xlsx": casualties(
        [D, "Aleppo", "Afrin", 3, 1, 4, 0, "Alpha"],
        [D, "Aleppo", "Afrin", 5, 1, 4, 0, "Beta"],
        [D, "Nowhere", "", 1, 0, 1, 0, "Alpha"],
        [dt.date(2024, 10, 1), "Idleb", "", 1, 0, 1, 0, "Alpha"])})
    prepared = prepare(ws, today=TODAY)
    log = prepared.log
    assert len(log.entries) == prepared.intake.rows_read == 4
    assert (log.count("used"), log.count("merged"), log.count("rejected")) == (1, 1, 2)


def test_estimated_displacement_marks_the_key_figure(make_workspace) -> None:
    ws = make_workspace({"d.xlsx": {"Displacement": [
        ["Date", "Governorate", "Newly displaced people", "Reporting organisation"],
        [D, "Idleb", "approx. 2,000", "Alpha"]]}})
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.figures.displaced == 2000
    assert prepared.report.figures.estimated == {"displaced"}


def test_findings_name_the_column_as_the_partners_sheet_labels_it(make_workspace) -> None:
    """A French sheet gets 'Tués' in the message, an Arabic one 'القتلى' (the text itself stays English)."""
    french = ["Date", "Gouvernorat", "District", "Tués", "Tués (enfants)", "Blessés", "Blessés (enfants)",
              "Organisation déclarante"]
    found = findings_for(make_workspace, {"Victimes": [french, [D, "Alep", "", "beaucoup", 0, 5, 0, "Alpha"]]})
    (bad,) = [f for f in found if f.code == "E-not-number"]
    assert "'Tués'" in bad.message and "Killed" not in bad.message
    arabic = ["التاريخ", "المحافظة", "المنطقة", "القتلى", "القتلى (أطفال)", "الجرحى", "الجرحى (أطفال)", "الجهة المبلغة"]
    found = findings_for(make_workspace, {"الضحايا": [arabic, [D, "حلب", "", 3, 5, 5, 0, "Alpha"]]})
    (bad,) = [f for f in found if f.code == "E-subgroup"]
    assert "'القتلى (أطفال)'" in bad.message and "'القتلى'" in bad.message
