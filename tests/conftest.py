"""Shared fixtures: small workspaces and workbooks built in the tests themselves."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from .pg import postgres  # noqa: F401  (one PostgreSQL server per session, for the history tests)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nw-syria-2024"
GAZETTEER = EXAMPLE / "gazetteer" / "syr_adm.csv"
TODAY = dt.date(2026, 11, 25)

REPORT_TOML = """\
[report]
country = "SYR"
crisis = "Test crisis"
slug = "test-crisis"
type = "flash-update"
number = 3
as_of = 2024-11-29
languages = ["en"]
organisation = "Test Office"

[period]
start = 2024-11-27
end = 2024-11-29

[intake]
gazetteer = "gazetteer.csv"

[merge]
policy = "{policy}"
priority = ["Alpha", "Beta"]
"""

DATA_FILES = ("casualties.csv", "data.json", "displacement.csv", "findings.csv", "locations.csv",
              "merge-log.csv", "response.csv")
"""What every build writes next to the documents: HXL exports, JSON, findings, merge log."""

CASUALTY_HEADER = ["Date", "Governorate", "District", "Killed", "Killed (children)", "Injured",
                   "Injured (children)", "Reporting organisation"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>, or rewrite it with --update-golden."""

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"missing golden file {path}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs; if intended, run pytest --update-golden"

    return check


def write_workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """Write an .xlsx with one sheet per entry; rows are lists of cell values from A1."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def make_workspace(tmp_path: Path) -> Callable[..., Path]:
    """A workspace with the Syria gazetteer and the given intake workbooks."""

    def make(sheets: dict[str, dict[str, Sequence[Sequence[object]]]] | None = None,
             policy: str = "priority", toml: str | None = None) -> Path:
        ws = tmp_path / "ws"
        (ws / "inputs").mkdir(parents=True, exist_ok=True)
        shutil.copy(GAZETTEER, ws / "gazetteer.csv")
        (ws / "report.toml").write_text(toml or REPORT_TOML.format(policy=policy), encoding="utf-8")
        for name, content in (sheets or {}).items():
            write_workbook(ws / "inputs" / name, content)
        return ws

    return make


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example, built once (PDF + DOCX) into a temporary folder."""
    from sitrep.pipeline import build, prepare

    out = tmp_path_factory.mktemp("example-dist")
    prepared = prepare(EXAMPLE, today=TODAY)
    build(prepared, languages=["en"], formats=["pdf", "docx"], out_dir=out)
    return out


LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
"""The languages the example is built in by :func:`all_languages`."""


@pytest.fixture(scope="session")
def all_languages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The example built once in every language, PDF and DOCX: (folder, (prepared, result))."""
    from sitrep.pipeline import build, prepare

    out = tmp_path_factory.mktemp("languages")
    prepared = prepare(EXAMPLE, today=TODAY)
    result = build(prepared, languages=LANGUAGES, formats=["pdf", "docx"], out_dir=out)
    return out, (prepared, result)
