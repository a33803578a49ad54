"""The PDF is laid out once: "Page X of Y" is drawn in a form each page references and that is
defined when the total is known. Read back with poppler (how readers copy text) and pikepdf."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from sitrep.i18n import Localizer

from .conftest import EXAMPLE, TODAY
from .test_example import STEM
from .test_languages import pdftotext, squeeze


def page_text(path: Path, page: int) -> str:
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return squeeze(raw)


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_every_page_says_its_number_and_the_total_in_reading_order(all_languages, language: str) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    path = out / f"{STEM}_{language}.pdf"
    with pikepdf.open(path) as pdf:
        total = len(pdf.pages)
    assert total >= 2, "the example should run over more than one page"
    label = Localizer(language, country="SYR").gettext("Page {page} of {pages}")
    for page in range(1, total + 1):
        expected = squeeze(label.format(page=page, pages=total))
        text = page_text(path, page)
        assert expected in text, (language, page, expected)
        # Never a total left at zero or at another page's count.
        for wrong in {0, total - 1, total + 1} - {page}:
            assert squeeze(label.format(page=page, pages=wrong)) not in text


def test_arabic_label_keeps_its_logical_order(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    text = pdftotext(out / f"{STEM}_ar.pdf")
    # "الصفحة 1 من 3": the word for page, the page number, "of", the total, as an Arabic reader reads it.
    assert squeeze("الصفحة 1 من 3") in squeeze(text)


def test_each_label_is_a_form_defined_for_its_page(all_languages) -> None:  # type: ignore[no-untyped-def]
    out, _ = all_languages
    with pikepdf.open(out / f"{STEM}_en.pdf") as pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            name = f"/FormXob.sitrepPageLabel{number}"
            assert list(page.Resources.XObject.keys()) == [name]
            assert f"{name} Do".encode() in page.Contents.read_bytes()
            form = page.Resources.XObject[name]
            assert form.Subtype == "/Form"
            assert f"(Page {number} of {total}) Tj".encode() in form.read_bytes()


def test_one_pass_pdf_is_byte_identical_run_to_run(all_languages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sitrep.pipeline import build, prepare

    out, _ = all_languages
    build(prepare(EXAMPLE, today=TODAY), languages=["en", "ar"], formats=["pdf"], out_dir=tmp_path)
    for language in ("en", "ar"):
        name = f"{STEM}_{language}.pdf"
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
