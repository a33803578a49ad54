"""Whatever a partner sends, the pipeline answers with findings, never a crash, and loses no row.

Example counts stay modest so the suite stays fast; set SITREP_FUZZ_EXAMPLES to run more.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.pipeline import prepare

from .conftest import CASUALTY_HEADER, GAZETTEER, REPORT_TOML, TODAY, write_workbook

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "40"))

cell = st.one_of(
    st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["Aleppo", "Idlib", "SY0203", "Jebel Saman", "Alpha", "~500", "1,234", "٢٧", "=1+1",
                     "2024-11-28", "29/11/2024", "<b>", "", " ", "#affected+killed"]),
    st.text(max_size=40),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=len(CASUALTY_HEADER) + 2), max_size=12)


def _workspace(base: Path) -> Path:
    if base.exists():
        shutil.rmtree(base)
    (base / "inputs").mkdir(parents=True)
    shutil.copy(GAZETTEER, base / "gazetteer.csv")
    (base / "report.toml").write_text(REPORT_TOML.format(policy="maximum"), encoding="utf-8")
    return base


def _check(ws: Path) -> None:
    prepared = prepare(ws, today=TODAY)
    log = prepared.log
    assert len(log.entries) == prepared.intake.rows_read
    assert len({(e.origin.file, e.origin.sheet, e.origin.row) for e in log.entries}) == len(log.entries)
    killed = prepared.report.figures.killed
    assert killed is None or killed >= 0  # None: nobody reported it (issue 23)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_random_csv_never_crashes(tmp_path: Path, data: list[list[object]]) -> None:
    ws = _workspace(tmp_path / "ws")
    text_rows = [[("" if v is None else str(v)) for v in row] for row in data]
    with (ws / "inputs" / "casualties.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([CASUALTY_HEADER, *text_rows])
    _check(ws)


def _excel_safe(value: object) -> object:
    if isinstance(value, str):
        return "".join(c for c in value if c in "\t\n\r" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF))
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value


@settings(max_examples=max(5, EXAMPLES // 4), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows)
def test_random_workbook_never_crashes(tmp_path: Path, data: list[list[object]]) -> None:
    ws = _workspace(tmp_path / "ws")
    clean = [[_excel_safe(v) for v in row] for row in data]
    write_workbook(ws / "inputs" / "partner.xlsx", {"Casualties": [CASUALTY_HEADER, *clean]})
    _check(ws)
