"""Templates are data: both shipped ones build everywhere, a custom one changes the look and the
sections without code, and a broken one is refused with its file and key."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.compose.template import load_template, shipped_templates
from sitrep.errors import ConfigError
from sitrep.pipeline import Prepared, build, prepare

from .conftest import EXAMPLE, TODAY
from .test_example import docx_text, pdf_text
from .test_languages import LANGUAGES, pdftotext, squeeze

runner = CliRunner()


def as_situation_report(prepared: Prepared) -> Prepared:
    """The same merged data, issued as a Situation Report."""
    config = dataclasses.replace(prepared.config, template="situation-report", report_type="situation-report")
    report = dataclasses.replace(prepared.report, report_type="situation-report")
    return dataclasses.replace(prepared, config=config, report=report)


@pytest.fixture(scope="session")
def sitrep_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Prepared]:
    out = tmp_path_factory.mktemp("sitrep")
    prepared = as_situation_report(prepare(EXAMPLE, today=TODAY))
    build(prepared, languages=LANGUAGES, formats=["pdf", "docx"], out_dir=out)
    return out, prepared


def test_shipped_templates() -> None:
    assert shipped_templates() == ["flash-update", "situation-report"]
    for name in shipped_templates():
        assert load_template(name).sections


@pytest.mark.parametrize("language", LANGUAGES)
def test_situation_report_in_every_language(sitrep_build, language: str) -> None:  # type: ignore[no-untyped-def]
    from sitrep.i18n import Localizer
    from sitrep.i18n.catalog import load_messages

    out, prepared = sitrep_build
    stem = f"syria-nw-escalation_situation-report-01_2024-11-29_{language}"
    pdf = pdftotext(out / f"{stem}.pdf") if language == "ar" else pdf_text(out / f"{stem}.pdf")
    docx = docx_text(out / f"{stem}.docx")
    loc = Localizer(language, country="SYR")

    def label(text: str) -> str:
        return text if language == "en" else load_messages(language)[text]

    health = prepared.report.sectors[[s.sector for s in prepared.report.sectors].index("Health")]
    expected = [label("Situation Report No. {number}").format(number=loc.number(1)),
                label("The next report will be issued on or around {date}.").format(
                    date=loc.date(prepared.config.next_report)),
                label("Funding"), label("Response"), loc.percent(health.reached / health.targeted),
                label("The boundaries and names shown and the designations used in this report do not imply "
                      "official endorsement or acceptance by the United Nations."),
                loc.currency(9_800_000, "USD")]
    percent = loc.percent(health.reached / health.targeted)
    for text in (pdf, docx):
        for item in expected:
            if language == "ar" and text is pdf and item == percent:
                # Right to left, the sign is read after the number and drawn on its left ("%72");
                # check on the page that number and sign stay one unit.
                from .test_languages import bbox_words

                digits = percent.rstrip("%")
                assert any(digits in w and "%" in w for w, _, _ in bbox_words(out / f"{stem}.pdf"))
                continue
            if language == "ar" and text is pdf and squeeze(item) not in squeeze(text):
                # poppler guesses each page's direction from its text: on a page that also holds the
                # English source titles and contacts it reads the Arabic lines left to right (and
                # files the final full stop first). The words must still all be there; their order
                # on the page is checked by coordinates in test_languages.
                assert all(squeeze(w).strip(".") in squeeze(text) for w in item.split()), (language, item)
                continue
            assert squeeze(item) in squeeze(text), (language, item)


def test_situation_report_structure(sitrep_build) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    out, prepared = sitrep_build
    doc = Document(str(out / "syria-nw-escalation_situation-report-01_2024-11-29_en.docx"))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    sectors = [s.sector for s in prepared.report.sectors]
    assert [t for s, t in headings if s == "Heading 2"] == [s for s in sectors]  # one sub-section per sector
    assert ("Heading 1", "Funding") in headings
    assert ("Heading 1", "Locations") not in headings and ("Heading 1", "Affected locations") not in headings
    # the casualty table is grouped by governorate only (level = 1): no district rows
    text = docx_text(out / "syria-nw-escalation_situation-report-01_2024-11-29_en.docx")
    assert "Jebel Saman | 12" not in text and "Aleppo | 12 | 4 | 50 | 11" in text


def _png(path: Path, color: tuple[int, int, int]) -> Path:
    from PIL import Image

    Image.new("RGB", (240, 80), color).save(path)
    return path


def test_custom_template_changes_look_and_sections(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist"))
    result = runner.invoke(app, ["template", "new", "ngo-look", "--from", "flash-update", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    folder = ws / "templates" / "ngo-look"
    _png(folder / "logo.png", (0, 128, 64))
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    toml = toml.replace('primary = "#1B5E9F"', 'primary = "#7A1F5C"').replace('logo = ""', 'logo = "logo.png"')
    toml = toml.replace('header = ""', 'header = "Partner Network for North-West Syria"')
    start = toml.index('[[sections]]\nid = "locations"')
    end = toml.index("[[sections]]", start + 5)
    toml = toml[:start] + toml[end:]  # no "Affected locations" section
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    report = (ws / "report.toml").read_text(encoding="utf-8").replace('template = "flash-update"',
                                                                      'template = "ngo-look"')
    (ws / "report.toml").write_text(report, encoding="utf-8")

    result = build(prepare(ws, today=TODAY), languages=["en"], formats=["pdf", "docx"], out_dir=tmp_path / "out")
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    docx = next(o.path for o in result.outputs if o.format == "docx")
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "Affected locations" not in text and "Daret Azza" not in text
        assert "Situation overview" in text
    assert "Partner Network for North-West Syria" in pdf_text(pdf)
    from docx import Document
    from pypdf import PdfReader

    document = Document(str(docx))
    assert "Partner Network for North-West Syria" in document.sections[0].header.paragraphs[0].text
    images = [p for p in document.part.package.parts if str(p.partname).startswith("/word/media/")]
    assert len(images) == 1 and images[0].blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(PdfReader(pdf).pages[0].images) == 1
    band = document.tables[0].rows[0].cells[0]._tc.xml
    assert 'w:fill="7A1F5C"' in band  # the new colour reached the DOCX title band
    assert b".478431 .121569 .360784 rg" in _pdf_page_content(pdf)  # and the PDF's (#7A1F5C)


def _pdf_page_content(path: Path) -> bytes:
    from pypdf import PdfReader

    return PdfReader(path).pages[0].get_contents().get_data()


@pytest.mark.parametrize(("edit", "key"), [
    (('block = "locations"', 'block = "globe"'), "sections[8].block"),
    (('data = "casualties"', 'data = "funding"'), "sections[5].data"),
    (('accent = "#D9472B"', 'accent = "red"'), "colors.accent"),
    (('latin = "Noto Sans"', 'latin = "Comic Sans"'), "fonts.latin"),
    (('logo = ""', 'logo = "../../secret.png"'), "identity.logo"),
    (('[key_figures]', '[key_figure]'), "key_figure"),
    (('style = "bullets"', 'style = "cards"'), "sections[3].style"),
])
def test_broken_template_is_refused_with_file_and_key(tmp_path: Path, edit: tuple[str, str], key: str) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist"))
    folder = ws / "templates" / "flash-update"
    shutil.copytree(EXAMPLE.parents[1] / "templates" / "flash-update", folder)
    toml = (folder / "template.toml").read_text(encoding="utf-8")
    assert edit[0] in toml
    (folder / "template.toml").write_text(toml.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_template("flash-update", ws)
    finding = caught.value.finding
    assert finding.code == "E-template"
    assert finding.position.file == "templates/flash-update/template.toml" and finding.position.key == key
    result = runner.invoke(app, ["build", str(ws), "--lang", "en", "--format", "pdf"])
    assert result.exit_code == 2 and key in result.output and "Traceback" not in result.output


def test_template_new_refuses_to_overwrite_and_bad_names(tmp_path: Path) -> None:
    assert runner.invoke(app, ["template", "new", "x", "--workspace", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["template", "new", "x", "--workspace", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["template", "new", "../evil", "--workspace", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["template", "new", "y", "--from", "nope", "--workspace", str(tmp_path)]).exit_code == 2


def test_label_override_per_language(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist"))
    folder = ws / "templates" / "flash-update"
    shutil.copytree(EXAMPLE.parents[1] / "templates" / "flash-update", folder)
    with (folder / "template.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[labels.fr]\n"Highlights" = "Faits marquants"\n')
    result = build(prepare(ws, today=TODAY), languages=["fr"], formats=["pdf"], out_dir=tmp_path / "out")
    text = pdf_text(result.outputs[0].path)
    assert "Faits marquants" in text and "Faits saillants" not in text
