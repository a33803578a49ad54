"""Partner files with planted mistakes for the annotated-copy tests (and for looking at them).

Three partners fill in the blank intake template of their language (en, fr, ar: data validation,
frozen panes and the hidden Lists sheet come with it); each file holds good rows and a dozen
planted mistakes, a formula, a cell note of the partner's own and a conflict with another partner.
A fourth partner sends a CSV.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment

from sitrep.intake.template import TemplateOptions, write_template

from .conftest import GAZETTEER

TOML = """\
[report]
country = "SYR"
crisis = "Test crisis"
slug = "test-crisis"
type = "flash-update"
number = 1
as_of = 2024-11-29
languages = ["en"]
organisation = "Test Office"

[period]
start = 2024-11-27
end = 2024-11-29

[intake]
gazetteer = "gazetteer.csv"

[merge]
policy = "priority"
priority = ["Alpha Relief", "Beta Santé", "Gamma Aid"]

[email]
sender = "im-officer@example.org"

[partners."Alpha Relief"]
contact = "alpha@example.org"
language = "en"

[partners."Beta Santé"]
contact = "beta@example.org"
language = "fr"

[partners."Gamma Aid"]
contact = "gamma@example.org"
language = "ar"
"""

D = dt.datetime
GOOD = D(2024, 11, 28)


def rows(org: str, killed_conflict: int) -> list[tuple[list[object], str, str]]:
    """(Casualties cells from Date to Notes, the code planted, the column letter it points at)."""
    base: list[object] = [GOOD, "Aleppo", "SY02", "Jebel Saman", "SY0200", 3, 1, 7, 2, org, D(2024, 11, 29), ""]

    def row(**changes: object) -> list[object]:
        cells = list(base)
        for index, value in changes.items():
            cells[int(index[1:])] = value
        return cells

    return [
        (row(), "", ""),                                                      # a good row
        (row(c5="beaucoup"), "E-not-number", "F"),
        (row(c5=-3), "E-negative", "F"),
        (row(c0="32/13/2024"), "E-not-date", "A"),
        (row(c1="Atlantis", c2=None, c3=None, c4=None), "E-unknown-location", "B"),
        (row(c5=2, c6=5), "E-subgroup", "G"),
        (row(c5=None, c6=None, c7=None, c8=None), "W-row-no-figure", "A"),  # blank is not zero: no figure at all
        (row(c0=D(2027, 1, 3)), "E-date-future", "A"),
        (row(c8="~5", c3="Al Bab", c4="SY0202"), "W-estimate", "I"),
        (row(c3="Ariha", c4="SY0705"), "E-location-mismatch", "D"),
        (row(c9=None), "E-required", "J"),
        (row(c3="Afrin", c4="SY0203", c7="12 blessés"), "E-not-number", "H"),
        (row(c3="Menbij", c4="SY0205", c11="=2+3"), "E-formula-no-value", "L"),  # openpyxl saves no result
        (row(c3="A'zaz", c4="SY0204", c5=killed_conflict), "W-conflict", "A"),  # other partners report it too
    ]


def partner_file(path: Path, language: str, org: str, killed_conflict: int) -> list[tuple[str, str]]:
    """Fill the blank template of ``language`` with :func:`rows`; (code, cell) of each planted mistake."""
    wb = load_workbook(io.BytesIO(write_template(TemplateOptions(language=language))))
    ws = wb.worksheets[1]  # Casualties in the template's language
    planted = []
    for i, (cells, code, column) in enumerate(rows(org, killed_conflict)):
        for j, value in enumerate(cells, start=1):
            ws.cell(row=4 + i, column=j, value=value)
        if code:
            planted.append((code, f"{column}{4 + i}"))
    ws["L4"].comment = Comment("checked with the district hospital", "partner")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return planted


def workspace(root: Path) -> dict[str, list[tuple[str, str]]]:
    """A workspace in ``root`` with the three partner files and a CSV; planted (code, cell) by file."""
    (root / "inputs").mkdir(parents=True, exist_ok=True)
    shutil.copy(GAZETTEER, root / "gazetteer.csv")
    (root / "report.toml").write_text(TOML, encoding="utf-8")
    planted = {
        "alpha.xlsx": partner_file(root / "inputs" / "alpha.xlsx", "en", "Alpha Relief", 11),
        "beta.xlsx": partner_file(root / "inputs" / "beta.xlsx", "fr", "Beta Santé", 22),
        "gamma.xlsx": partner_file(root / "inputs" / "gamma.xlsx", "ar", "Gamma Aid", 33),
    }
    (root / "inputs" / "casualties.csv").write_text(
        "Date,Governorate,District,Killed,Injured,Reporting organisation\n"
        "2024-11-28,Idleb,Ariha,4,9,Delta CSV\n"
        "2024-11-28,Idleb,Ariha,lots,9,Delta CSV\n", encoding="utf-8")
    planted["casualties.csv"] = [("E-not-number", "D3")]
    # Alpha Relief comes first in [merge] priority: its row wins the conflict, and it gets no warning
    planted["alpha.xlsx"] = [(code, cell) for code, cell in planted["alpha.xlsx"] if code != "W-conflict"]
    return planted
