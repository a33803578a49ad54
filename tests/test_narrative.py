"""Narrative that stays true, the product's name, charts sized to their data, and the small
compose-side details of issue #16 (footnote order, "No. N" kept together, the response Total).

The series itself (No. 1 and No. 2 read back in every language) is tested in test_series.py,
which builds it once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import shutil
from email import policy
from pathlib import Path

import pytest

from sitrep.compose import compose_document, load_template
from sitrep.compose.charts import compose_chart
from sitrep.compose.document import Chart, Paragraph, Table
from sitrep.compose.narrative_values import fill_placeholders, narrative_values
from sitrep.compose.product import numbered, product_type
from sitrep.compose.response import response_table
from sitrep.i18n import Localizer
from sitrep.model import SectorFigures, SituationReport
from sitrep.model.report import ReportRef, SeriesPoint
from sitrep.pipeline import Prepared, build, prepare
from sitrep.render.chart_layout import PLOT_RATIO, SMALL_PLOT_RATIO, layout_chart, plot_ratio

from .conftest import EXAMPLE, TODAY
from .test_example import docx_text, pdf_text
from .test_validate import findings_for, where


@pytest.fixture(scope="module")
def example() -> Prepared:
    return prepare(EXAMPLE, today=TODAY)


def names(report: SituationReport, language: str, digits: str = "latin") -> dict[str, str]:
    loc = Localizer(language, country="SYR", digits=digits)
    return narrative_values(report, loc, lambda kind, n: f"{kind} {n}")


# placeholders --------------------------------------------------------------------------------

def test_date_and_figure_placeholders_pass_validation_and_stray_braces_do_not(make_workspace) -> None:
    sheets = {"Narrative": [["Section", "English"],
                            ["overview", "{killed} killed and {displaced} displaced in {days} ({period}), "
                                         "{period_start} to {period_end}, as of {as_of}: {report}."],
                            ["overview", "A stray }{killed}{ brace."],
                            ["overview", "A formatted {killed:,} figure."],
                            ["overview", "An unknown {killed_yesterday} name."]]}
    found = findings_for(make_workspace, sheets)
    assert where(found, "E-placeholder") == ["Narrative!B3", "Narrative!B4", "Narrative!B5"]
    stray = next(f for f in found if f.code == "E-placeholder" and f.position and f.position.row == 3)
    assert "braces" in stray.message


def test_values_are_formatted_for_each_language(example: Prepared) -> None:
    report = example.report  # 27–29 November 2024, 27 killed
    assert (report.period_start, report.period_end, report.figures.killed) == (
        dt.date(2024, 11, 27), dt.date(2024, 11, 29), 27)
    en = names(report, "en")
    assert en["period"] == "27–29 November 2024" and en["days"] == "3 days" and en["day_count"] == "3"
    assert en["killed"] == en["killed_total"] == "27" and en["displaced"] == "36,050"
    assert en["as_of"] == "29 November 2024" and en["report"] == "flash-update 1"
    assert names(report, "ru")["days"] == "3 дня" and names(report, "fr")["displaced"] == "36\u202f050"
    assert names(report, "zh")["days"] == "3天" and names(report, "es")["days"] == "3 días"
    ar = names(report, "ar")
    assert ar["days"] == "3 أيام" and ar["period_start"] == "27 تشرين الثاني 2024"
    indic = names(report, "ar", digits="arabic-indic")
    assert indic["days"] == "٣ أيام" and indic["killed"] == "٢٧" and "٢٠٢٤" in indic["period"]
    longer = dataclasses.replace(report, period_end=dt.date(2024, 12, 2))
    assert names(longer, "ru")["days"] == "6 дней" and names(longer, "en")["days"] == "6 days"


def test_an_unknown_placeholder_is_left_as_written() -> None:
    values = {"killed": "27"}
    assert fill_placeholders("{killed} and {nope} and } stray {", values) == "27 and {nope} and } stray {"


def test_composed_paragraphs_are_filled_and_footnotes_ascend(example: Prepared) -> None:
    template = load_template("flash-update")
    assert any(list(p.footnotes) != sorted(p.footnotes) for p in example.report.narrative)  # the case exists
    for language in ("en", "ar"):
        document, _ = compose_document(example.report, template, language)
        paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
        for block in document.blocks:
            paragraphs += list(getattr(block, "items", ()) if not isinstance(block, Table) else ())
        texts = [p.text for p in paragraphs if isinstance(p, Paragraph)]
        assert texts and not any("{" in t or "}" in t for t in texts)
        assert all(list(p.footnotes) == sorted(p.footnotes) for p in paragraphs if isinstance(p, Paragraph))
    document, _ = compose_document(example.report, template, "en")
    assert any("during the reporting period (27–29 November 2024)" in p.text
               for b in document.blocks for p in getattr(b, "items", ()) if isinstance(p, Paragraph))


# the product's name ----------------------------------------------------------------------------

def test_the_name_follows_the_template_everywhere(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "history.sqlite"))
    toml = ws / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('template = "flash-update"',
                                                             'template = "situation-report"'), encoding="utf-8")
    prepared = prepare(ws, today=TODAY)
    warned = [f for f in prepared.findings if f.code == "W-report-type"]
    assert len(warned) == 1 and warned[0].position is not None
    assert (warned[0].position.file, warned[0].position.key) == ("report.toml", "report.type")
    out = tmp_path / "out"
    result = build(prepared, languages=["en"], formats=["pdf", "docx"], out_dir=out, email=True)
    stem = "syria-nw-escalation_situation-report-01_2024-11-29_en"
    assert {p.path.name for p in result.outputs} >= {f"{stem}.pdf", f"{stem}.docx", f"{stem}.eml"}
    name = "Situation Report No. 1"
    from docx import Document
    from pypdf import PdfReader

    reader = PdfReader(out / f"{stem}.pdf")
    assert reader.metadata is not None and name in str(reader.metadata.title)
    band = pdf_text(out / f"{stem}.pdf").split("\n")[:6]
    assert any("Situation Report No. 1" in " ".join(line.split()) for line in band), band
    assert "Flash Update" not in pdf_text(out / f"{stem}.pdf")
    core = Document(str(out / f"{stem}.docx")).core_properties
    assert name in core.title and "Flash Update" not in docx_text(out / f"{stem}.docx")
    message = email.message_from_bytes((out / f"{stem}.eml").read_bytes(), policy=policy.default)
    assert name in str(message["Subject"]) or "Situation Report No. 1" in str(message["Subject"])


def test_the_command_line_template_choice_names_the_product_too(tmp_path: Path) -> None:
    """``sitrep build --template situation-report`` (report.toml still says flash-update)."""
    from typer.testing import CliRunner

    from sitrep.cli import app

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "history.sqlite"))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(ws), "--template", "situation-report", "--lang", "en",
                                      "--format", "pdf", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "W-report-type" in result.output
    (pdf,) = out.glob("*_en.pdf")
    assert pdf.name.startswith("syria-nw-escalation_situation-report-01_")
    assert "Situation Report No. 1" in " ".join(pdf_text(pdf).split())


def test_a_template_without_a_type_follows_report_toml(example: Prepared, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "plain"
    folder.mkdir(parents=True)
    shipped = load_template("situation-report").path / "template.toml"
    text = shipped.read_text(encoding="utf-8")
    (folder / "template.toml").write_text("\n".join(line for line in text.splitlines()
                                                    if not line.startswith("report_type")), encoding="utf-8")
    report, findings = product_type(example.report, "plain", tmp_path)
    assert report.report_type == "flash-update" and not list(findings)
    report, findings = product_type(example.report, "situation-report", None)
    assert report.report_type == "situation-report" and [f.code for f in findings] == ["W-report-type"]


# details -----------------------------------------------------------------------------------------

def test_no_and_its_number_are_joined_by_a_no_break_space() -> None:
    assert numbered("Flash Update No. {number}", "2") == "Flash Update No.\u00a02"
    assert numbered("Оперативная сводка № {number}", "2") == "Оперативная сводка №\u00a02"
    assert numbered("第{number}期快讯", "2") == "第2期快讯"
    assert numbered("{number} Lagebericht", "2") == "2\u00a0Lagebericht"


def test_response_total_has_target_and_share() -> None:
    def table(*sectors: SectorFigures) -> Table:
        loc = Localizer("en")
        return response_table(sectors, gettext=lambda s: s, number=loc.number, percent=loc.percent)

    full = table(SectorFigures(sector="Health", reached=600, targeted=1000, partners=("WHO",), activities=()),
                 SectorFigures(sector="WASH", reached=300, targeted=500, partners=(), activities=()))
    assert full.rows[-1].kind == "total" and full.rows[-1].cells[:4] == ("Total", "900", "1,500", "60%")
    assert "only the sectors that have a target" not in full.note
    partial = table(SectorFigures(sector="Health", reached=600, targeted=1000, partners=(), activities=()),
                    SectorFigures(sector="CCCM", reached=400, targeted=None, partners=(), activities=()))
    assert partial.rows[-1].cells[:4] == ("Total", "1,000", "1,000", "60%")  # 600 of the 1,000 targeted
    assert "only the sectors that have a target" in partial.note
    none = table(SectorFigures(sector="CCCM", reached=400, targeted=None, partners=(), activities=()))
    assert none.rows[-1].cells[:4] == ("Total", "400", "—", "—")


def test_example_response_total_read_back_from_the_docx(example_build: Path) -> None:
    from docx import Document

    doc = Document(str(example_build / "syria-nw-escalation_flash-update-01_2024-11-29_en.docx"))
    response = next(t for t in doc.tables if t.rows[0].cells[0].text == "Sector")
    assert [c.text for c in response.rows[-1].cells][:4] == ["Total", "32,830", "48,400", "68%"]


# charts ------------------------------------------------------------------------------------------

def with_series(report: SituationReport, count: int) -> SituationReport:
    points = tuple(SeriesPoint(report=ReportRef(report_type="flash-update", number=i + 1,
                                                as_of=dt.date(2024, 11, 20 + 3 * i)),
                               figures={"displaced": 1000 * (i + 1)}, current=i == count - 1)
                   for i in range(count))
    return dataclasses.replace(report, series=points)


def chart_blocks(report: SituationReport, chart: str, template: str = "situation-report",
                 language: str = "en") -> list[object]:
    tpl = load_template(template)
    section = next(s for s in tpl.sections if s.chart == chart)
    loc = Localizer(language, country="SYR")
    return list(compose_chart(section, report=report, template=tpl, loc=loc, gettext=lambda s: s, title="T",
                              source="S", report_name=lambda kind, n: f"No. {n}", short_name=lambda n: f"{n}",
                              known=lambda value, partial: "—" if value is None else loc.number(value)))


def test_a_short_trend_is_a_table_and_a_longer_one_a_timeline(example: Prepared) -> None:
    for count in (2, 3):
        blocks = chart_blocks(with_series(example.report, count), "displacement-trend")
        table = blocks[-1]
        assert isinstance(table, Table) and len(table.rows) == count and table.note == "S"
        assert table.rows[-1].cells[-1] == f"{count * 1000:,}"
    four = chart_blocks(with_series(example.report, 4), "displacement-trend", language="ar")
    assert len(four) == 1 and isinstance(four[0], Chart) and four[0].timeline and four[0].rtl


def test_a_bar_chart_repeating_the_table_is_left_out(example: Prepared) -> None:
    assert sum(1 for line in example.report.casualties if line.subtotal) == 2
    assert chart_blocks(example.report, "casualties-by-governorate") == []
    tpl = load_template("situation-report")
    no_table = dataclasses.replace(tpl, sections=tuple(s for s in tpl.sections if s.block != "table"))
    section = next(s for s in no_table.sections if s.chart == "casualties-by-governorate")
    blocks = compose_chart(section, report=example.report, template=no_table, loc=Localizer("en"),
                           gettext=lambda s: s, title="T", source="S", report_name=lambda k, n: "",
                           short_name=lambda n: "", known=lambda value, partial: str(value))
    assert len(blocks) == 1 and isinstance(blocks[0], Chart)


def measure(text: str, size: float, bold: bool) -> float:
    return len(text) * size * 0.5


def line_chart(count: int, *, rtl: bool, timeline: bool) -> Chart:
    from sitrep.compose.document import ChartSeries

    cats = tuple(f"c{i}" for i in range(count))
    return Chart(kind="line", title="t", categories=cats, source="s", rtl=rtl, timeline=timeline,
                 series=(ChartSeries(name="n", values=tuple(float(i + 1) for i in range(count)),
                                     labels=tuple(str(i + 1) for i in range(count))),))


def test_time_runs_left_to_right_in_arabic_charts_too() -> None:
    def first_x(chart: Chart) -> tuple[float, float]:
        lay = layout_chart(chart, 400, measure)
        xs = {t.text: t.x for t in lay.texts if t.text in chart.categories}
        return xs[chart.categories[0]], xs[chart.categories[-1]]

    oldest, newest = first_x(line_chart(5, rtl=True, timeline=True))
    assert oldest < newest
    first, last = first_x(line_chart(5, rtl=True, timeline=False))  # categories that are not time: mirrored
    assert first > last
    oldest, newest = first_x(line_chart(5, rtl=False, timeline=True))
    assert oldest < newest


def test_charts_of_few_categories_are_drawn_lower() -> None:
    assert plot_ratio(line_chart(3, rtl=False, timeline=True)) == SMALL_PLOT_RATIO < PLOT_RATIO
    assert plot_ratio(line_chart(4, rtl=False, timeline=True)) == PLOT_RATIO
    small = layout_chart(line_chart(3, rtl=False, timeline=True), 400, measure)
    large = layout_chart(line_chart(4, rtl=False, timeline=True), 400, measure)
    assert small.plot.height < 0.6 * large.plot.height and small.height < large.height


def test_an_unreported_figure_reads_not_reported_under_both_names(example: Prepared) -> None:
    figures = dataclasses.replace(example.report.figures, killed=None)
    values = names(dataclasses.replace(example.report, figures=figures), "en")
    assert values["killed"] == values["killed_total"] == "not reported"
