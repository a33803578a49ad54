"""Generated workbooks and CSVs: the command line never crashes, every row read is accounted for,
and merged totals are what the policy says, computed here independently from the generated data.

Example counts stay modest so the suite stays fast; SITREP_FUZZ_EXAMPLES=500 runs far more
(each test scales from it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import IntakeError
from sitrep.intake import read_intake
from sitrep.pipeline import prepare

from .conftest import CASUALTY_HEADER, DATA_FILES, GAZETTEER, REPORT_TOML, TODAY, write_workbook
from .corpus import good_workbook
from .test_robustness import _excel_safe as excel_safe

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "40"))
runner = CliRunner()


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def workspace(base: Path, policy: str = "maximum") -> Path:
    ws = base / "ws"
    (ws / "inputs").mkdir(parents=True)
    shutil.copy(GAZETTEER, ws / "gazetteer.csv")
    (ws / "report.toml").write_text(REPORT_TOML.format(policy=policy), encoding="utf-8")
    return ws


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------------
# Anything at all: the command line answers with findings and an exit code, never a traceback
# ---------------------------------------------------------------------------------------------

SCRIPTS = st.sampled_from(["Aleppo", "حلب", "Алеппо", "阿勒颇", "Ḥalab", "🙂", "\u200f٢٧\u200e", "e\u0301", "ﷺ",
                           "\u202eevil", "A\u0000B", "\x1b[2J", "<b>&amp;</b>", "{killed_total}", "=1+1", "+1",
                           "-1", "@SUM(A1)", "#affected+killed", "~500", "1 234", "1.234", "1,5", "٢٧", "500+",
                           "29/11/2024", "03/04/2024", "2024-11-28", "#N/A"])
CELL = st.one_of(
    st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)), st.times(),
    SCRIPTS, st.text(max_size=30), st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.builds(lambda s, n: s * n, SCRIPTS, st.integers(1, 3000)),  # long and huge strings, mixed scripts
    st.just("x" * 33_000),
)
HASHTAGS = ["#date", "#adm1+name", "#adm2+name", "#affected+killed", "#affected+killed+children",
            "#affected+injured", "#affected+injured+children", "#org"]
HEADERS = st.one_of(
    st.just(CASUALTY_HEADER),
    st.permutations(CASUALTY_HEADER).map(list),
    st.just(HASHTAGS),
    st.lists(st.sampled_from([*CASUALTY_HEADER, *HASHTAGS, "Notes", "Mood", "", "Killed"]), max_size=10),
    st.lists(CELL, max_size=6),
)
SHEET_NAMES = st.sampled_from(["Casualties", "Victimes", "الضحايا", "Casualty", "Sheet1", "Response", "Narrative"])


@dataclass
class Chaos:
    sheet: str
    header: list[object]
    rows: list[list[object]]
    form: str
    """xlsx, csv-utf-8, csv-bom or csv-cp1252."""


CHAOS = st.builds(Chaos, SHEET_NAMES, HEADERS, st.lists(st.lists(CELL, max_size=10), max_size=12),
                  st.sampled_from(["xlsx", "csv-utf-8", "csv-bom", "csv-cp1252"]))


def write_chaos(ws: Path, chaos: Chaos) -> None:
    if chaos.form == "xlsx":
        write_workbook(ws / "inputs" / "partner.xlsx",
                       {chaos.sheet: [[excel_safe(v) for v in r] for r in [chaos.header, *chaos.rows]]})
        return
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[as_text(v) for v in r] for r in [chaos.header, *chaos.rows]])
    encoding = {"csv-utf-8": "utf-8", "csv-bom": "utf-8-sig", "csv-cp1252": "cp1252"}[chaos.form]
    name = "casualties.csv" if chaos.sheet == "Casualties" else "partner.csv"
    (ws / "inputs" / name).write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


@fuzz(EXAMPLES)
@given(CHAOS)
def test_the_command_line_never_crashes(chaos: Chaos) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp))
        write_chaos(ws, chaos)
        result = runner.invoke(app, ["validate", str(ws), "--json"])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output and "internal error" not in result.output
        prepared = prepare(ws, today=TODAY)
        statuses = [e.status for e in prepared.log.entries]
        assert len(statuses) == prepared.intake.rows_read
        assert set(statuses) <= {"used", "merged", "rejected"}
        origins = [(e.origin.file, e.origin.sheet, e.origin.row) for e in prepared.log.entries]
        assert len(set(origins)) == len(origins)  # each row once


# ---------------------------------------------------------------------------------------------
# Rows with a known fate: accounting and totals under the maximum policy
# ---------------------------------------------------------------------------------------------

PLACES = [("Aleppo", "Afrin"), ("Aleppo", "Jebel Saman"), ("Idleb", "Ariha"), ("Idleb", "Harim")]
PRIORITY = {"Alpha": 0, "Beta": 1}  # REPORT_TOML's [merge] priority


@dataclass
class Generated:
    """One casualty row as written, and what it should mean, decided here without sitrep."""

    cells: list[object]
    valid: bool
    key: tuple[object, ...] = ()
    killed: int | None = None
    injured: int | None = None
    """None: the cell is blank, the figure not reported (issue 23), which is valid."""
    killed_children: int | None = None
    org: str = ""


def _count(good: bool, value: int) -> st.SearchStrategy[tuple[object, bool, int | None]]:
    """A count cell: (what is written, whether it is a valid count, its value; None when blank)."""
    if good:
        return st.sampled_from([value, str(value), f"{value:,}", "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(value)),
                                f"\u200f{value}", float(value), None]).map(
            lambda v: (v, True, None if v is None else value))
    return st.sampled_from(["lots", -3, 2.5, "1,5", "n/a", True, 10**12]).map(lambda v: (v, False, 0))


@st.composite
def generated_row(draw: st.DrawFn) -> Generated:
    day = draw(st.sampled_from([27, 28, 29, 20, None, 0]))  # 20: before the period; 0: not a date
    date_ok = day in (27, 28, 29)
    date: object = {None: None, 0: "soon"}.get(day, dt.date(2024, 11, day or 1))
    if date_ok and draw(st.booleans()):
        date = draw(st.sampled_from([f"2024-11-{day}", f"{day}/11/2024"]))
    place_ok = draw(st.integers(0, 9)) > 0
    gov, district = draw(st.sampled_from(PLACES)) if place_ok else ("Atlantis", "")
    killed, killed_ok, k = draw(_count(draw(st.integers(0, 7)) > 0, draw(st.integers(0, 1000))))
    injured, injured_ok, i = draw(_count(draw(st.integers(0, 7)) > 0, draw(st.integers(0, 1000))))
    children = draw(st.one_of(st.none(), st.integers(0, 1000)))
    children_ok = children is None or (killed_ok and (k is None or children <= k))
    org = draw(st.sampled_from(["Alpha", "Beta", "Gamma", "Beta", None]))
    cells = [date, gov, district, killed, children, injured, None, org]
    reports = not (killed_ok and injured_ok) or (k, i, children) != (None, None, None)  # else: no figure at all
    valid = date_ok and place_ok and killed_ok and injured_ok and children_ok and org is not None and reports
    return Generated(cells=cells, valid=valid, key=(day, gov, district), killed=k, injured=i,
                     killed_children=children, org=org or "")


def expected_totals(rows: list[Generated]) -> dict[str, int | None]:
    """The maximum policy, from its description: in each group (place and day) the row with the
    highest figures wins (killed first, then injured; a blank counts as nothing); ties go to the
    organisation listed first in the priority, then to the earlier row. A figure the winner left
    blank comes from the best row, in the same order, that reported it; children taken so from
    another row are left out when they exceed the killed kept. Totals add up the figures known
    (None when no row reported the figure); children left blank beside 0 killed are 0."""
    groups: dict[tuple[object, ...], list[tuple[int, Generated]]] = {}
    for number, r in enumerate(rows, start=2):
        if r.valid:
            groups.setdefault(r.key, []).append((number, r))
    totals: dict[str, int | None] = {"killed": None, "injured": None, "killed_children": None}

    def order(nr: tuple[int, Generated]) -> tuple[int, int, int, int]:
        return (-(nr[1].killed or 0), -(nr[1].injured or 0), PRIORITY.get(nr[1].org, 2), nr[0])

    for group in groups.values():
        ranked = sorted(group, key=order)
        source = {f: next((r for _, r in ranked if getattr(r, f) is not None), None) for f in totals}
        part, whole = source["killed_children"], source["killed"]
        if part is not None and whole is not None and part is not whole and \
                (part.killed_children or 0) > (whole.killed or 0):
            source["killed" if part is ranked[0][1] else "killed_children"] = None
        values = {f: None if r is None else getattr(r, f) for f, r in source.items()}
        if values["killed_children"] is None and values["killed"] == 0:
            values["killed_children"] = 0  # no children among no one killed
        for f, value in values.items():
            if value is not None:
                totals[f] = (totals[f] or 0) + value
    return {**totals, "groups": len(groups), "valid": sum(r.valid for r in rows)}


@fuzz(EXAMPLES)
@given(st.lists(generated_row(), min_size=1, max_size=25), st.sampled_from(["xlsx", "csv"]))
def test_every_row_is_accounted_for_and_totals_follow_the_policy(rows: list[Generated], form: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp), policy="maximum")
        table = [CASUALTY_HEADER, *(r.cells for r in rows)]
        if form == "xlsx":
            write_workbook(ws / "inputs" / "partner.xlsx", {"Casualties": table})
        else:
            with (ws / "inputs" / "casualties.csv").open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([[as_text(v) for v in r] for r in table])
        prepared = prepare(ws, today=TODAY)
    expected = expected_totals(rows)
    log = prepared.log
    assert prepared.intake.rows_read == len(rows)  # no generated row is blank
    assert log.count("used") + log.count("merged") + log.count("rejected") == len(rows)
    assert log.count("rejected") == len(rows) - expected["valid"]
    assert log.count("used") == expected["groups"]
    figures = prepared.report.figures
    assert (figures.killed, figures.injured) == (expected["killed"], expected["injured"])
    assert figures.killed_children == expected["killed_children"]
    counted: dict[str, int] = {}
    for entry in log.entries:
        for part in filter(None, entry.counted.split("; ")):
            name, _, value = part.partition("=")
            counted[name] = counted.get(name, 0) + int(value)
    assert counted.get("killed", 0) == (figures.killed or 0) and counted.get("injured", 0) == (figures.injured or 0)


@fuzz(max(10, EXAMPLES // 2))
@given(st.lists(generated_row(), min_size=1, max_size=15).filter(
    lambda rows: len({r.key for r in rows if r.valid}) == sum(r.valid for r in rows)))
def test_with_one_row_per_place_and_day_totals_are_the_sums_of_the_valid_rows(rows: list[Generated]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp), policy="maximum")
        write_workbook(ws / "inputs" / "partner.xlsx", {"Casualties": [CASUALTY_HEADER, *(r.cells for r in rows)]})
        figures = prepare(ws, today=TODAY).report.figures
    valid = [r for r in rows if r.valid]
    for name in ("killed", "injured"):
        known = [getattr(r, name) for r in valid if getattr(r, name) is not None]
        assert getattr(figures, name) == (sum(known) if known else None)  # blank rows add nothing, not 0


# ---------------------------------------------------------------------------------------------
# Damaged files: random bytes and a real workbook with bytes changed
# ---------------------------------------------------------------------------------------------

GOOD = good_workbook()


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] if draw(st.booleans()) else data[:cut] + data[cut + draw(st.integers(1, 200)):]
    return bytes(data)


@fuzz(EXAMPLES * 2)
@given(st.one_of(damaged(), st.binary(max_size=2000)), st.sampled_from(["partner.xlsx", "casualties.csv"]))
def test_damaged_files_are_findings(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            read_intake(path)
        except IntakeError as exc:
            assert exc.finding.code.startswith("E-") and exc.finding.hint


# ---------------------------------------------------------------------------------------------
# Whatever text the partners type, a forced build renders it (PDF and DOCX, left to right and
# right to left)
# ---------------------------------------------------------------------------------------------

TEXT = st.one_of(st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
                 st.lists(SCRIPTS, max_size=20).map(" ".join),
                 st.builds(lambda s, n: s * n, SCRIPTS, st.integers(100, 2000)))


@fuzz(max(2, EXAMPLES // 20))
@given(TEXT, TEXT, TEXT, TEXT)
def test_a_forced_build_renders_any_text(narrative: str, arabic: str, place: str, title: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp))
        write_workbook(ws / "inputs" / "partner.xlsx", {
            "Casualties": [CASUALTY_HEADER, [dt.date(2024, 11, 28), "Aleppo", "", 3, 1, 5, 0, excel_safe(title)]],
            "Locations": [["Date", "Governorate", "Community", "Status", "Reporting organisation"],
                          [dt.date(2024, 11, 28), "Idleb", excel_safe(place), "airstrikes", "Alpha"]],
            "Narrative": [["Section", "English", "Arabic", "Sources"],
                          ["overview", excel_safe(narrative), excel_safe(arabic), "S1"],
                          ["highlights", excel_safe(arabic), excel_safe(narrative), None]],
            "Sources": [["Ref", "Organisation", "Title", "Link"], ["S1", excel_safe(title), excel_safe(title),
                                                                    excel_safe(place)]],
        })
        out = Path(tmp) / "out"
        result = runner.invoke(app, ["build", str(ws), "--force", "--lang", "en,ar", "--format", "pdf,docx",
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert len(list(out.iterdir())) == 4 + len(DATA_FILES)


def test_an_arabic_pdf_line_with_characters_newer_than_pythons_unicode_data() -> None:
    """Found by the forced-build fuzzing: python-bidi rejected a character without a bidi class (an
    emoji newer than Python's Unicode data), which stopped the Arabic PDF."""
    from sitrep.render.pdf_rtl import shape, visual

    for text in ("نص \U0001fae8 \u0378", "abc \u0378 نص"):  # U+1FAE8: a Unicode 15 emoji; U+0378: unassigned
        assert "نص" not in visual(shape(text))  # shaped and ordered, not raised
