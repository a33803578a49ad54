"""The shipped example, built and read back: PDF text, DOCX content and the merge log agree."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from sitrep.intake.schema import PLACEHOLDERS
from sitrep.pipeline import build, prepare

from .conftest import DATA_FILES, EXAMPLE, TODAY

STEM = "syria-nw-escalation_flash-update-01_2024-11-29"


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for section in doc.sections for p in section.footer.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    # The band's dates hold a no-break space before the year (it never wraps alone); it reads as a space.
    return "\n".join(parts).replace("\u00a0", " ")


def counted_from_log(path: Path) -> dict[str, int]:
    """Sum every figure the merge log says it counted, by name."""
    totals: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["status"] != "used" or not row["counted"]:
                continue
            for part in row["counted"].split("; "):
                name, _, value = part.partition("=")
                if value.isdigit():
                    totals[name] = totals.get(name, 0) + int(value)
    return totals


def test_files_are_written_with_the_expected_names(example_build: Path) -> None:
    names = sorted(p.name for p in example_build.iterdir())
    assert names == sorted([f"{STEM}_en.docx", f"{STEM}_en.pdf", *(f"{STEM}_{name}" for name in DATA_FILES)])


def test_merged_figures_from_the_article(example_build: Path) -> None:
    log = counted_from_log(example_build / f"{STEM}_merge-log.csv")
    assert (log["killed"], log["killed_children"]) == (27, 8)  # the article's figures


def test_pdf_docx_and_log_hold_the_same_key_figures(example_build: Path) -> None:
    log = counted_from_log(example_build / f"{STEM}_merge-log.csv")
    pdf = pdf_text(example_build / f"{STEM}_en.pdf")
    docx = docx_text(example_build / f"{STEM}_en.docx")
    expected = [f"{log['killed']:,}", f"{log['injured']:,}", f"{log['idps']:,}",
                f"including {log['killed_children']:,} children", f"{log['households']:,} households"]
    for text in (pdf, docx):
        for figure in expected:
            assert figure in text
        # the DOCX joins "No." and "1" by a no-break space (never wrapped apart); pypdf gives a space
        assert "Flash Update No. 1" in text.replace("\u00a0", " ")
        assert "As of 29 November 2024" in text
        assert "Illustrative example data" in text


def test_casualty_table_total_matches_the_log(example_build: Path) -> None:
    log = counted_from_log(example_build / f"{STEM}_merge-log.csv")
    docx = docx_text(example_build / f"{STEM}_en.docx")
    total_rows = [line for line in docx.splitlines() if line.startswith("Total |")]
    assert total_rows[0].split(" | ")[1:] == [str(log[k]) for k in
                                              ("killed", "killed_children", "injured", "injured_children")]


def test_no_placeholder_is_left_unfilled(example_build: Path) -> None:
    for text in (pdf_text(example_build / f"{STEM}_en.pdf"), docx_text(example_build / f"{STEM}_en.docx")):
        assert not re.search(r"\{[a-z_]+\}", text)


def test_pdf_has_page_numbers_outline_and_metadata(example_build: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(example_build / f"{STEM}_en.pdf")
    pages = len(reader.pages)
    assert 1 <= pages <= 4
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    assert reader.metadata.title == "Syria: Escalation in North-West Syria — Flash Update No. 1"
    assert [o.title for o in reader.outline][:2] == ["Highlights", "Situation overview"]
    assert (example_build / f"{STEM}_en.pdf").stat().st_size < 500_000


def test_docx_is_editable_word(example_build: Path) -> None:
    from docx import Document

    doc = Document(str(example_build / f"{STEM}_en.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Highlights", "Situation overview", "Casualties by governorate and district"]
    assert doc.core_properties.title.startswith("Syria: Escalation")
    assert any(p.style.name == "List Bullet" for p in doc.paragraphs)


def test_same_inputs_give_byte_identical_files(example_build: Path, tmp_path: Path) -> None:
    prepared = prepare(EXAMPLE, today=TODAY)
    build(prepared, languages=["en"], formats=["pdf", "docx"], out_dir=tmp_path)
    for path in example_build.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_every_placeholder_has_a_value() -> None:
    """Every name validation accepts is filled at compose time (figures, dates, the report's name)."""
    from sitrep.compose.narrative_values import narrative_values
    from sitrep.i18n import Localizer
    from sitrep.pipeline import prepare

    report = prepare(EXAMPLE, today=TODAY).report
    values = narrative_values(report, Localizer("en"), lambda kind, number: f"{kind} {number}")
    assert set(values) == set(PLACEHOLDERS)


@pytest.mark.parametrize("text", ["<b>bold?</b> & <font size=40>x</font>", "a\x07b\x01c"])
def test_markup_in_narrative_is_shown_literally(make_workspace, tmp_path: Path, text: str) -> None:
    ws = make_workspace()
    with (ws / "inputs" / "narrative.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["Section", "English"], ["overview", text]])
    result = build(prepare(ws, today=TODAY), languages=["en"], formats=["pdf", "docx"], out_dir=tmp_path / "o")
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    docx = next(o.path for o in result.outputs if o.format == "docx")
    visible = "".join(c for c in text if ord(c) >= 32)
    assert visible in pdf_text(pdf).replace("\n", " ")
    assert visible in docx_text(docx)


def test_merge_log_neutralises_formula_like_text() -> None:
    from sitrep.distribute.data import merge_log_csv
    from sitrep.merge import LogEntry, MergeLog
    from sitrep.validate.records import Origin

    log = MergeLog()
    log.add(LogEntry(origin=Origin(file="=HYPERLINK(\"http://x\").xlsx", sheet="Casualties", row=2),
                     kind="Casualties", status="rejected", reason="-1 is negative"))
    rows = list(csv.reader(io.StringIO(merge_log_csv(log).decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][-1] == "'-1 is negative"


def docx_structure(path: Path) -> str:
    """A readable dump of the DOCX body: each paragraph with its style, tables row by row."""
    from docx import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    doc = Document(str(path))
    lines = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = DocxParagraph(child, doc)
            if para.text.strip():
                lines.append(f"[{para.style.name}] {para.text}")
        elif tag == "tbl":
            for row in DocxTable(child, doc).rows:
                lines.append("| " + " | ".join(" / ".join(p.text for p in c.paragraphs) for c in row.cells) + " |")
    for para in doc.sections[0].footer.paragraphs:
        lines.append(f"[footer] {para.text}")
    return "\n".join(lines) + "\n"


def pdf_layout(path: Path) -> str:
    """Where each section starts: page number and outline title, one per line."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    lines = [f"pages: {len(reader.pages)}"]
    lines += [f"p{reader.get_destination_page_number(o) + 1} {o.title}" for o in reader.outline]
    return "\n".join(lines) + "\n"


def test_golden_docx_structure(example_build: Path, golden) -> None:  # type: ignore[no-untyped-def]
    golden("nw-syria-2024/en/document.txt", docx_structure(example_build / f"{STEM}_en.docx"))


def test_golden_pdf_layout(example_build: Path, golden) -> None:  # type: ignore[no-untyped-def]
    golden("nw-syria-2024/en/pdf-layout.txt", pdf_layout(example_build / f"{STEM}_en.pdf"))


def test_pdf_metadata_language_keywords_and_dates(example_build: Path) -> None:
    import datetime as dt

    from pypdf import PdfReader

    reader = PdfReader(example_build / f"{STEM}_en.pdf")
    meta = reader.metadata
    assert meta.author == "OCHA Syria (illustrative example)"
    assert meta.subject == "Flash Update No. 1 (29 November 2024)"
    assert "Escalation in North-West Syria" in meta["/Keywords"] and "Syria" in meta["/Keywords"]
    assert meta.creation_date.date() == dt.date(2024, 11, 29) == meta.modification_date.date()
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert len(reader.outline) >= 8  # a bookmark per section
