"""A report series through the public command line: issue No. 1, move on, issue No. 2 with deltas.

The expected deltas come from the example generator's own small re-count of its rows
(examples/nw-syria-2024/make_inputs.py `expected_totals`), not from sitrep.
"""

from __future__ import annotations

import datetime as dt
import json
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.i18n import Localizer
from sitrep.i18n.catalog import load_messages

from .conftest import EXAMPLE, ROOT
from .test_example import docx_text, pdf_text
from .test_languages import LANGUAGES, pdftotext, squeeze

runner = CliRunner()
FU1, FU2 = dt.date(2024, 11, 29), dt.date(2024, 12, 2)


@pytest.fixture(scope="session")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUTDIR after examples/series-demo.sh (run for real, with this interpreter's sitrep)."""
    out = tmp_path_factory.mktemp("series")
    sitrep = Path(shutil.which("sitrep", path=str(Path(__import__("sys").executable).parent)) or "sitrep")
    proc = subprocess.run(["bash", str(ROOT / "examples" / "series-demo.sh"), str(out)], capture_output=True,
                          text=True, timeout=600, env={**__import__("os").environ, "SITREP": str(sitrep)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def expected(as_of: dt.date) -> dict[str, int]:
    return runpy.run_path(str(EXAMPLE / "make_inputs.py"), run_name="example")["expected_totals"](as_of)


def test_history_lists_both_reports(series: Path) -> None:
    result = runner.invoke(app, ["history", str(series / "workspace"), "--json"])
    assert result.exit_code == 0
    reports = json.loads(result.stdout)
    assert [(r["number"], r["as_of"], r["status"]) for r in reports] == [(1, "2024-11-29", "issued"),
                                                                      (2, "2024-12-02", "issued")]
    for report, day in zip(reports, (FU1, FU2), strict=True):
        assert report["figures"]["killed"] == expected(day)["killed"]
        assert report["figures"]["displaced"] == expected(day)["displaced"]
        assert len(report["outputs"]) >= 10
    table = runner.invoke(app, ["history", str(series / "workspace")])
    assert "flash-update 2" in table.output


@pytest.mark.parametrize("language", LANGUAGES)
def test_second_report_shows_the_changes(series: Path, language: str) -> None:
    before, after = expected(FU1), expected(FU2)
    loc = Localizer(language, country="SYR")

    def label(text: str) -> str:
        return text if language == "en" else load_messages(language)[text]

    since = label("Flash Update No. {number}").format(number=loc.number(1))
    lines = [label("+{n} since {report}").format(n=loc.number(after[k] - before[k]), report=since)
             for k in ("killed", "injured", "displaced")]
    lines.append(label("no change since {report}").format(report=since))  # communities affected: 13 and 13
    stem = series / "flash-update-02" / f"syria-nw-escalation_flash-update-02_2024-12-02_{language}"
    pdf = pdftotext(stem.with_suffix(".pdf")) if language == "ar" else pdf_text(stem.with_suffix(".pdf"))
    docx = docx_text(stem.with_suffix(".docx"))
    for text in (pdf, docx):
        for line in lines:
            if language == "ar" and text is pdf:
                # poppler reads the sign of "+9" back after the number, as the bidi algorithm draws
                # it to the number's right (read first, right to left); compare without the sign.
                assert squeeze(line).replace("+", "") in squeeze(text).replace("+", ""), line
                continue
            assert squeeze(line) in squeeze(text), (language, line)
        assert squeeze(loc.number(after["displaced"])) in squeeze(text)


def test_arabic_table_changes_keep_their_sign_before_the_digits(series: Path) -> None:
    """In the Arabic "since No. 1" column, "+7,200" keeps its sign on the digits' left, as on the
    key-figure cards: without a left-to-right mark the bidi algorithm draws "7,200+"."""
    import re

    from sitrep.render.direction import strip_controls

    stem = series / "flash-update-02" / "syria-nw-escalation_flash-update-02_2024-12-02_ar"
    cells = [strip_controls(line).strip() for line in pdftotext(stem.with_suffix(".pdf")).splitlines()]
    signed = [c for c in cells if re.fullmatch(r"[+\u2212]?[\d,]+[+\u2212]?", c) and re.search(r"[+\u2212]", c)]
    assert signed, "no signed change found in the Arabic tables"
    assert all(c[0] in "+\u2212" for c in signed), signed
    docx_cells = [c for c in docx_text(stem.with_suffix(".docx")).split() if re.search(r"\d[+\u2212]?$", c)]
    assert any(c.startswith("\u200e+") for c in docx_cells), "the DOCX keeps the mark that Word applies"


def test_first_report_has_no_changes_and_no_draft_mark(series: Path) -> None:
    text = pdf_text(series / "flash-update-01" / "syria-nw-escalation_flash-update-01_2024-11-29_en.pdf")
    assert "since Flash Update" not in text and "DRAFT" not in text
    assert "27" in text and "36,050" in text


def test_two_point_trend_is_a_small_table_in_both_formats(series: Path) -> None:
    """Two reports make a two-row table, not a chart (charts of four reports and more: test_narrative)."""
    from docx import Document
    from pypdf import PdfReader

    stem = series / "flash-update-02" / "syria-nw-escalation_flash-update-02_2024-12-02_en"
    text = pdf_text(stem.with_suffix(".pdf"))
    assert "Newly displaced people, report by report" in text
    reader = PdfReader(stem.with_suffix(".pdf"))
    assert not any(page.images for page in reader.pages)
    flat = " ".join(text.split())
    assert "Flash Update No. 1 29 November 2024 36,050 Flash Update No. 2 2 December 2024 48,450" in flat
    doc = Document(str(stem.with_suffix(".docx")))
    assert len(doc.inline_shapes) == 0
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["Flash Update No.\u00a01", "29 November 2024", "36,050"] in rows
    assert ["Flash Update No.\u00a02", "2 December 2024", "48,450"] in rows
    first = series / "flash-update-01" / "syria-nw-escalation_flash-update-01_2024-11-29_en.docx"
    assert "report by report" not in docx_text(first)  # a trend needs two reports


def test_reissue_is_refused_without_force(series: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(series / "workspace", ws)
    result = runner.invoke(app, ["build", str(ws), "--issue", "--lang", "en", "--format", "pdf",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "E-history" in result.output
    assert not (tmp_path / "o").exists()  # refused before anything was rendered or written
    forced = runner.invoke(app, ["build", str(ws), "--issue", "--force", "--lang", "en", "--format", "pdf",
                                 "--out", str(tmp_path / "o")])
    assert forced.exit_code == 0, forced.output
    statuses = [r["status"] for r in json.loads(runner.invoke(app, ["history", str(ws), "--json"]).stdout)]
    assert statuses == ["issued", "superseded", "issued"]


def test_draft_build_records_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "history.sqlite"))
    result = runner.invoke(app, ["build", str(ws), "--lang", "en", "--format", "pdf,docx"])
    assert result.exit_code == 0, result.output
    assert not (ws / "history.sqlite").exists()
    pdf = next((ws / "dist").glob("*_en.pdf"))
    assert "DRAFT" in pdf_text(pdf)
    assert "DRAFT" in docx_text(next((ws / "dist").glob("*_en.docx")))


# Narrative that stays true (issue #16): the example's narrative names the period and its length
# by placeholders, so No. 2 (27 November to 2 December) does not repeat No. 1's dates.
DAYS = {"en": ("3 days", "6 days"), "fr": ("3 jours", "6 jours"), "es": ("3 días", "6 días"),
        "ar": ("3 أيام", "6 أيام"), "ru": ("3 дня", "6 дней"), "zh": ("3天", "6天")}
STALE = {"en": ("between 27 and 29 November", "same three days"), "fr": ("trois mêmes jours",),
         "es": ("mismos tres días",), "ar": ("الأيام الثلاثة",), "ru": ("те же три дня",), "zh": ("这三天",)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_narrative_follows_the_period_in_both_reports(series: Path, language: str) -> None:
    loc = Localizer(language, country="SYR")
    for number, as_of, days in ((1, FU1, DAYS[language][0]), (2, FU2, DAYS[language][1])):
        stem = series / f"flash-update-0{number}" / f"syria-nw-escalation_flash-update-0{number}_{as_of}_{language}"
        pdf = pdftotext(stem.with_suffix(".pdf")) if language == "ar" else pdf_text(stem.with_suffix(".pdf"))
        for text in (pdf, docx_text(stem.with_suffix(".docx"))):
            flat = squeeze(text)
            assert squeeze(days) in flat, (number, language, days)
            period = squeeze(loc.date_range(dt.date(2024, 11, 27), as_of))
            if language == "ar" and text is pdf:
                # poppler gives a wrapped right-to-left line's closing ".(" before the year, and
                # "27–29" (drawn right to left, 27 on the right and read first: looked at at 300 dpi)
                # in drawing order
                flat = flat.replace(".(", "")
                assert period.replace("27–29", "29–27") in flat or period in flat, (number, language)
            else:
                assert period in flat, (number, language)
            assert squeeze(loc.date(as_of)) in flat
            for stale in STALE[language]:
                assert squeeze(stale) not in flat, (number, language, stale)
    no2 = series / "flash-update-02" / f"syria-nw-escalation_flash-update-02_{FU2}_{language}.pdf"
    assert squeeze(DAYS[language][0]) not in squeeze(pdftotext(no2) if language == "ar" else pdf_text(no2))


def test_no_line_ends_with_no_before_its_number(series: Path) -> None:
    """"since Flash Update No. 1" may wrap, but never between "No." and "1"."""
    for language, word in (("en", "No."), ("ru", "№")):
        pdf = series / "flash-update-02" / f"syria-nw-escalation_flash-update-02_{FU2}_{language}.pdf"
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        cells = [cell.strip() for line in out.splitlines() for cell in line.split("   ") if cell.strip()]
        assert any(word in cell for cell in cells)
        assert not [cell for cell in cells if cell.endswith(word)], language
