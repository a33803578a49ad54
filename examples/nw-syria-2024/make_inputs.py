#!/usr/bin/env python3
"""Regenerate the partner intake files of the north-west Syria example.

    python examples/nw-syria-2024/make_inputs.py

Writes ``inputs/`` next to this script:

    health-cluster.xlsx     Casualties (label row + HXL hashtag row)
    cccm-displacement.xlsx  Displacement (label row only: read by header labels)
    local-councils.xlsx     Locations, Casualties (one conflict, one copied duplicate)
    response-partners.csv   Response (HXL-tagged CSV)
    ocha-narrative.xlsx     Narrative, Sources

Only the toll of 27 civilians killed, including 8 children, and the other facts attributed to
the UN or to news reporting come from real reporting; every other figure is illustrative.

The output is deterministic: the same script gives byte-identical files (fixed document
dates and fixed timestamps inside the .xlsx zip archives). Needs openpyxl only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

HERE = Path(__file__).resolve().parent
OUT = HERE / "inputs"

FIXED_TIME = dt.datetime(2024, 11, 29, 18, 0, 0)
ZIP_TIME = (2024, 11, 29, 18, 0, 0)


def d(day: int) -> dt.date:
    return dt.date(2024, 11, day)


REPORTED = d(29)

# ---------------------------------------------------------------------------------------------
# Column definitions: (English label, HXL hashtag), as in sitrep/intake/schema.py.
# ---------------------------------------------------------------------------------------------
DATE = ("Date", "#date")
ADM1 = ("Governorate", "#adm1+name")
ADM1_CODE = ("Governorate P-code", "#adm1+code")
ADM2 = ("District", "#adm2+name")
ADM2_CODE = ("District P-code", "#adm2+code")
ORG = ("Reporting organisation", "#org")
REPORTED_ON = ("Reported on", "#date+reported")
NOTES = ("Notes", "#description")

CASUALTY_COLUMNS = [DATE, ADM1, ADM1_CODE, ADM2, ADM2_CODE,
                    ("Killed", "#affected+killed"), ("Killed (children)", "#affected+killed+children"),
                    ("Injured", "#affected+injured"), ("Injured (children)", "#affected+injured+children"),
                    ORG, REPORTED_ON, NOTES]
# Deliberately in another order than the template: columns are found by label, not position.
DISPLACEMENT_COLUMNS = [DATE, ORG, ADM1, ADM2, ADM2_CODE,
                        ("Newly displaced people", "#affected+idps"), ("Households", "#affected+idps+hh"),
                        REPORTED_ON, NOTES]
LOCATION_COLUMNS = [DATE, ADM1, ADM2, ADM2_CODE, ("Community", "#loc+name"), ("Status", "#status"),
                    ORG, NOTES]
RESPONSE_COLUMNS = [DATE, ("Sector", "#sector"), ADM1, ADM2, ADM2_CODE, ORG, ("Activity", "#activity"),
                    ("People reached", "#reached"), ("People targeted", "#targeted"), NOTES]
LANGUAGES = [("English", "en"), ("French", "fr"), ("Spanish", "es"), ("Arabic", "ar"),
             ("Russian", "ru"), ("Chinese", "zh")]
NARRATIVE_COLUMNS = [("Section", "#meta+section"),
                     *[(label, f"#description+i_{code}") for label, code in LANGUAGES],
                     ("Sources", "#meta+source")]
SOURCE_COLUMNS = [("Ref", "#meta+id"), ("Organisation", "#org"), ("Title", "#meta+title"),
                  DATE, ("Link", "#meta+url")]

WIDTHS = {"Date": 12, "Reported on": 12, "Governorate": 13, "Governorate P-code": 11, "District": 17,
          "District P-code": 10, "Reporting organisation": 20, "Notes": 52, "Community": 18,
          "Status": 18, "Activity": 60, "Section": 12, "English": 100, "Sources": 10, "Ref": 6,
          "Organisation": 34, "Title": 80, "Link": 30}

# ---------------------------------------------------------------------------------------------
# Data. Casualty tuples: date, governorate, gov. P-code, district, district P-code,
# killed, killed children, injured, injured children, organisation, reported on, notes.
# Empty strings are left blank (names-only rows).
# ---------------------------------------------------------------------------------------------
HC = "Health Cluster"
LC = "Local Councils"
CCCM = "CCCM Cluster"

HEALTH_CASUALTIES = [
    (d(27), "Aleppo", "SY02", "Jebel Saman", "SY0200", 4, 2, 15, 4, HC, REPORTED,
     "Western rural Aleppo: Atareb, Daret Azza and surrounding villages"),
    (d(27), "Idleb", "SY07", "Ariha", "SY0705", 2, 1, 7, 2, HC, REPORTED, "Air strikes on Ariha town"),
    (d(27), "Idleb", "SY07", "Idleb", "SY0700", 3, 1, 12, 3, HC, REPORTED, "Idleb city and Sarmin"),
    (d(28), "Aleppo", "", "Jebel Saman", "", 5, 1, 21, 5, HC, REPORTED,
     "Hospital admissions from Atareb, Anadan and Khan Al-Assal"),
    # Spelling variant on purpose: "Idlib" for governorate and district, no P-codes.
    (d(28), "Idlib", "", "Idlib", "", 3, 1, 10, 3, HC, REPORTED, "Saraqeb and Sarmin"),
    (d(28), "Idleb", "SY07", "Harim", "SY0703", 2, 0, 6, 1, HC, REPORTED, "Strike near Sarmada"),
    (d(29), "Aleppo", "", "Jebel Saman", "", 3, 1, 14, 2, HC, REPORTED, ""),
    (d(29), "Idleb", "SY07", "Ariha", "SY0705", 3, 1, 9, 3, HC, REPORTED, ""),
]

LOCAL_CASUALTIES = [
    # CONFLICT: same district and day as health-cluster.xlsx row 6, different figures.
    (d(28), "Aleppo", "", "Jebel Saman", "", 7, 2, 26, 6, LC, REPORTED,
     "Figures from community focal points in Atareb, Anadan and Khan Al-Assal"),
    # Not reported by the Health Cluster: counted.
    (d(29), "Idleb", "", "Jisr-Ash-Shugur", "", 2, 0, 4, 1, LC, REPORTED, "Shelling on villages west of the town"),
    # DUPLICATE: a verbatim copy of health-cluster.xlsx row 5, pasted in by the councils.
    HEALTH_CASUALTIES[2],
]

# Displacement: date, org, governorate, district, district P-code, people, households, reported, notes.
# One figure is typed as text with a thousands separator ("1,250") to show tolerant parsing.
DISPLACEMENT = [
    (d(27), CCCM, "Aleppo", "Jebel Saman", "SY0200", 2400, 480, REPORTED, "From Atareb and Daret Azza"),
    (d(27), CCCM, "Idleb", "Ariha", "SY0705", "1,250", 250, REPORTED, "Mostly towards Harim district"),
    (d(27), CCCM, "Idleb", "Idleb", "SY0700", 1800, 360, REPORTED, ""),
    (d(28), CCCM, "Aleppo", "Jebel Saman", "", 6300, 1260, REPORTED, "Families moving north towards A'zaz and Afrin"),
    (d(28), CCCM, "Idleb", "Idleb", "", 3900, 780, REPORTED, "From Saraqeb and Sarmin"),
    (d(28), CCCM, "Idleb", "Ariha", "", 2150, 430, REPORTED, ""),
    (d(28), CCCM, "Idleb", "Harim", "SY0703", 1100, 220, REPORTED, "Movement within the district, away from strike areas"),
    (d(29), CCCM, "Aleppo", "Jebel Saman", "SY0200", 8750, 1750, REPORTED, ""),
    (d(29), CCCM, "Idleb", "Idleb", "SY0700", 4600, 920, REPORTED, ""),
    (d(29), CCCM, "Idleb", "Ariha", "SY0705", 2900, 580, REPORTED, ""),
    (d(29), CCCM, "Idleb", "Jisr-Ash-Shugur", "SY0704", 900, 180, REPORTED, ""),
]

# Locations: date, governorate, district, district P-code, community, status, org, notes.
LOCATIONS = [
    (d(27), "Aleppo", "Jebel Saman", "SY0200", "Atareb", "hostilities", LC, "Ground fighting from early morning"),
    (d(27), "Aleppo", "Jebel Saman", "SY0200", "Daret Azza", "airstrikes", LC, ""),
    (d(27), "Aleppo", "Jebel Saman", "SY0200", "Anadan", "hostilities", LC, ""),
    (d(28), "Aleppo", "Jebel Saman", "SY0200", "Khan Al-Assal", "hostilities", LC, ""),
    (d(28), "Aleppo", "Jebel Saman", "SY0200", "Urum Al-Kubra", "access-constrained", LC,
     "Road to Atareb closed to humanitarian traffic"),
    (d(28), "Idleb", "Idleb", "SY0700", "Saraqeb", "shelling", LC, ""),
    (d(28), "Idleb", "Idleb", "SY0700", "Sarmin", "airstrikes", LC, ""),
    (d(28), "Idleb", "Ariha", "SY0705", "Ariha", "airstrikes", LC, "Damage reported near the main market"),
    (d(29), "Idleb", "Idleb", "SY0700", "Idleb city", "services-disrupted", LC,
     "Water pumping station out of service after power cut"),
    (d(29), "Idleb", "Jisr-Ash-Shugur", "SY0704", "Jisr-Ash-Shugur", "shelling", LC, ""),
    (d(29), "Idleb", "Harim", "SY0703", "Sarmada", "hosting-idps", LC, "Reception centres at capacity"),
    (d(29), "Idleb", "Harim", "SY0703", "Dana", "hosting-idps", LC, ""),
    (d(29), "Aleppo", "Al Bab", "SY0202", "Al Bab", "hosting-idps", LC, "Families arriving from western rural Aleppo"),
]

# Response: date, sector, governorate, district, district P-code, org, activity, reached, targeted, notes.
RESPONSE = [
    (d(27), "Health", "Aleppo", "Jebel Saman", "SY0200", "SARC", "First aid and ambulance transport of injured civilians", 320, 400, ""),
    (d(28), "Health", "Idleb", "Idleb", "SY0700", "WHO", "Trauma kits and medical supplies delivered to hospitals receiving casualties", 3500, 5000, "Covers catchment population of supplied hospitals"),
    (d(28), "Food Security", "Idleb", "Harim", "SY0703", "WFP", "Ready-to-eat rations for newly displaced families", 8200, 12000, ""),
    (d(28), "Shelter/NFI", "Idleb", "Harim", "SY0703", "UNHCR", "Blankets, mattresses and winter clothing for displaced families", 3100, 5000, ""),
    (d(28), "Shelter/NFI", "Aleppo", "A'zaz", "SY0204", "IOM", "Tents and winterisation kits for families arriving from western rural Aleppo", 1900, 3000, ""),
    (d(28), "Protection", "Idleb", "Ariha", "SY0705", "UNICEF", "Psychological first aid for children and caregivers", 850, 1500, ""),
    (d(29), "Health", "Aleppo", "Jebel Saman", "SY0200", "SARC", "First aid and ambulance transport of injured civilians", 410, 500, ""),
    (d(29), "Food Security", "Idleb", "Idleb", "SY0700", "WFP", "Hot meals in collective shelters", 4600, 6000, ""),
    (d(29), "CCCM", "Idleb", "Harim", "SY0703", "IOM", "Reception centres opened and new arrivals registered", 2750, 4000, ""),
    (d(29), "WASH", "Idleb", "Harim", "SY0703", "UNICEF", "Water trucking and latrine cleaning in reception centres", 6000, 9000, ""),
    (d(29), "Nutrition", "Idleb", "Idleb", "SY0700", "UNICEF", "Malnutrition screening of displaced children under five", 1200, 2000, ""),
]

SOURCES = [
    ("S1", "United Nations, Deputy Regional Humanitarian Coordinator for the Syria Crisis",
     "Statement on civilian casualties of three days of hostilities in north-west Syria "
     "(27 civilians killed, including 8 children)", d(28), ""),
    ("S2", "Health Cluster", "Casualty reports from health facilities, Aleppo and Idleb governorates "
     "(illustrative)", d(29), ""),
    ("S3", "CCCM Cluster", "Displacement tracking, north-west Syria, 27–29 November 2024 (illustrative)",
     d(29), ""),
    ("S4", "Local Councils", "Community situation reports, western Aleppo and Idleb (illustrative)", d(29), ""),
    ("S5", "Response partners", "Partner activity reporting (who does what where), 27–29 November 2024 "
     "(illustrative)", d(29), ""),
    ("S6", "News media", "Syrian rebels launch largest offensive since 2020 (news report)", None, ""),
]

# Narrative: section, English text, source refs. Figures in {braces} come from the merged data.
NARRATIVE = [
    ("highlights",
     "The escalation that began on 27 November in western rural Aleppo is the most serious in "
     "north-west Syria since the ceasefire of March 2020.", "S1, S6"),
    ("highlights",
     "{killed_total} civilians, including {killed_children} children, were killed and "
     "{injured_total} injured in Aleppo and Idleb governorates between 27 and 29 November.", "S1, S2, S4"),
    ("highlights",
     "An estimated {displaced_total} people ({households_displaced} households) were newly displaced "
     "over the same three days, many of them towards already crowded sites in Harim district.", "S3"),
    ("highlights",
     "{partners_total} humanitarian organisations have reached {reached_total} people with health "
     "care, food, shelter items, water and protection services.", "S5"),
    ("overview",
     "On 27 November, non-State armed groups opened a large-scale offensive against Government of "
     "Syria positions in western rural Aleppo and took control of several towns and villages. "
     "Ground fighting was followed by intensified air strikes and shelling on communities in "
     "Aleppo and Idleb governorates, including areas close to the border with Türkiye. Local "
     "councils report {locations_affected} affected communities, and casualties or displacement "
     "have been recorded in {districts_affected} districts.", "S4, S6"),
    ("overview",
     "Between 27 and 29 November, {killed_total} civilians were killed, {killed_children} of them "
     "children, and {injured_total} were injured, {injured_children} of them children. The UN Deputy "
     "Regional Humanitarian Coordinator for the Syria Crisis expressed deep concern at the toll on "
     "civilians. Armed groups in the area say that more than 80 civilians have been killed in drone "
     "strikes on areas outside Government control since the start of 2024.", "S1, S2, S6"),
    ("overview",
     "The fighting threatens the relative calm that has largely held in the north-west since the "
     "Russian Federation and Türkiye brokered a ceasefire in March 2020. The area already hosts a "
     "large displaced population in camps and informal sites, and humanitarian partners fear that "
     "further escalation will uproot many more people as winter begins. In this example, figures "
     "other than those attributed to the United Nations and to news reporting are illustrative.",
     "S6"),
    ("response",
     "Humanitarian partners are scaling up from stocks pre-positioned in Idleb and northern Aleppo. "
     "Health partners have supplied hospitals receiving casualties with trauma kits, while food, "
     "shelter, WASH and camp management partners support newly displaced families in reception "
     "centres in Harim district. So far, {partners_total} organisations have reached "
     "{reached_total} people.", "S5"),
    ("response",
     "Partners identify emergency shelter, winter items, food, safe drinking water and trauma care "
     "as the most urgent needs. Additional funding will be needed to sustain the response if "
     "displacement continues.", "S3, S5"),
    ("access",
     "Hostilities have restricted movement on the main roads between Idleb and western rural "
     "Aleppo, and several partners have paused activities in communities closest to the front "
     "lines. The United Nations calls on all parties to protect civilians and civilian "
     "infrastructure, including health facilities and schools, and to allow safe and unimpeded "
     "humanitarian access.", "S4"),
    ("displacement",
     "CCCM partners recorded {displaced_total} newly displaced people ({households_displaced} "
     "households) between 27 and 29 November, most of them from western rural Aleppo and from "
     "towns in central Idleb. Many families moved north to camps in Harim district; others are "
     "staying with relatives or in unfinished buildings.", "S3"),
    ("casualties",
     "Casualty figures combine Health Cluster and local council reports. Where the two differ for "
     "the same district and day, the Health Cluster figure is used; children account for "
     "{injured_children} of the {injured_total} people injured.", "S1, S2, S4"),
]


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
BOLD = Font(bold=True)
TAG_FONT = Font(italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TAG_FILL = PatternFill("solid", fgColor="F2F2F2")


def add_sheet(wb: Workbook, title: str, columns: list[tuple[str, str]], rows: list[tuple],
              *, hashtags: bool = True) -> None:
    """One intake sheet: label row (bold), optional HXL row, data, widths, frozen header."""
    ws = wb.create_sheet(title)
    ws.append([label for label, _ in columns])
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    if hashtags:
        ws.append([tag for _, tag in columns])
        for cell in ws[2]:
            cell.font = TAG_FONT
            cell.fill = TAG_FILL
    first = ws.max_row + 1
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    for r in ws.iter_rows(min_row=first):
        for cell in r:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
            elif isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (label, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(label, max(12, len(label) + 2))
    ws.freeze_panes = f"A{first}"


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip timestamps, so reruns are byte-identical."""
    wb.properties.creator = "sitrep example generator"
    wb.properties.lastModifiedBy = "sitrep example generator"
    wb.properties.title = path.stem
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps 'modified' with the current time here ...
    wb.properties.modified = FIXED_TIME  # ... so the core properties are written again below.
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    path.write_bytes(out.getvalue())


def new_book() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(exist_ok=True)
    written = []

    wb = new_book()
    add_sheet(wb, "Casualties", CASUALTY_COLUMNS, HEALTH_CASUALTIES)
    save(wb, path := out / "health-cluster.xlsx")
    written.append(path)

    wb = new_book()
    add_sheet(wb, "Displacement", DISPLACEMENT_COLUMNS, DISPLACEMENT, hashtags=False)
    save(wb, path := out / "cccm-displacement.xlsx")
    written.append(path)

    wb = new_book()
    add_sheet(wb, "Locations", LOCATION_COLUMNS, LOCATIONS)
    add_sheet(wb, "Casualties", CASUALTY_COLUMNS, LOCAL_CASUALTIES)
    save(wb, path := out / "local-councils.xlsx")
    written.append(path)

    wb = new_book()
    narrative_rows = [(section, text, "", "", "", "", "", refs) for section, text, refs in NARRATIVE]
    add_sheet(wb, "Narrative", NARRATIVE_COLUMNS, narrative_rows)
    add_sheet(wb, "Sources", SOURCE_COLUMNS, SOURCES)
    save(wb, path := out / "ocha-narrative.xlsx")
    written.append(path)

    path = out / "response-partners.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([label for label, _ in RESPONSE_COLUMNS])
        writer.writerow([tag for _, tag in RESPONSE_COLUMNS])
        for row in RESPONSE:
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# Expected merged figures (a small re-implementation of the merge rules, for checking)
# ---------------------------------------------------------------------------------------------
DISTRICT_CODES = {"jebel saman": "SY0200", "al bab": "SY0202", "afrin": "SY0203", "a'zaz": "SY0204",
                  "idleb": "SY0700", "idlib": "SY0700", "al ma'ra": "SY0702", "harim": "SY0703",
                  "jisr-ash-shugur": "SY0704", "ariha": "SY0705"}
PRIORITY = [HC, CCCM, LC]


def expected_totals() -> dict[str, int]:
    groups: dict[tuple, list[tuple]] = {}
    for row in HEALTH_CASUALTIES + LOCAL_CASUALTIES:
        key = (row[0], row[4] or DISTRICT_CODES[row[3].casefold()])
        groups.setdefault(key, []).append(row)
    winners = [min(rows, key=lambda r: PRIORITY.index(r[9])) for rows in groups.values()]
    people = [int(str(r[5]).replace(",", "")) for r in DISPLACEMENT]
    districts = {k[1] for k in groups} | {r[4] or DISTRICT_CODES[r[3].casefold()] for r in DISPLACEMENT} \
        | {r[3] for r in LOCATIONS}
    return {
        "killed": sum(r[5] for r in winners),
        "killed_children": sum(r[6] for r in winners),
        "injured": sum(r[7] for r in winners),
        "injured_children": sum(r[8] for r in winners),
        "displaced": sum(people),
        "households": sum(r[6] for r in DISPLACEMENT),
        "locations_affected": len(LOCATIONS),
        "districts_affected": len(districts),
        "reached": sum(r[7] for r in RESPONSE),
        "partners": len({r[5] for r in RESPONSE}),
    }


if __name__ == "__main__":
    for written_path in write_all():
        print(f"wrote {written_path.relative_to(HERE)}")
    totals = expected_totals()
    print("expected merged figures: " + ", ".join(f"{k} {v:,}" for k, v in totals.items()))
    assert totals["killed"] == 27 and totals["killed_children"] == 8, totals
