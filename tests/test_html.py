"""The HTML edition (``--format html``): one self-contained page per language, read back with the
standard library's parser (tests/test_html_browser.py opens the pages in a real browser)."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitrep.compose.document import Paragraph, Table, TableColumn, TableRow
from sitrep.render.html import render_html

from .conftest import EXAMPLE, LANGUAGES, TODAY
from .typeset_docs import every_block

STEM = "syria-nw-escalation_flash-update-01_2024-11-29"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built to HTML in every language."""
    from sitrep.pipeline import build, prepare

    out = tmp_path_factory.mktemp("html")
    build(prepare(EXAMPLE, today=TODAY), languages=LANGUAGES, formats=["html"], out_dir=out)
    return out


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(data: bytes) -> _Elements:
    reader = _Elements()
    reader.feed(data.decode("utf-8"))
    return reader


def test_every_language_builds_one_self_contained_page(pages: Path) -> None:
    for lang in LANGUAGES:
        page = (pages / f"{STEM}_{lang}.html").read_bytes()
        read = _read(page)
        assert not [t for t, _ in read.tags if t in ("script", "link", "iframe", "object")], lang
        for tag, attrs in read.tags:
            for name in ("src", "href"):
                value = attrs.get(name)
                if value is not None:  # no request to any server: only data:, in-page and mailto: links
                    assert value.startswith(("data:", "#", "mailto:")), f"{lang}: <{tag} {name}={value!r}>"
        assert "url(" not in page.decode() and "@import" not in page.decode()
        html_tag = read.tags[0][1]
        assert html_tag["dir"] == ("rtl" if lang == "ar" else "ltr")
        assert str(html_tag["lang"]).split("-")[0] == lang


def test_the_english_page_holds_the_key_figures_and_the_table_structure(pages: Path) -> None:
    read = _read((pages / f"{STEM}_en.html").read_bytes())
    text = " ".join("".join(read.text).split()).replace("\xa0", " ")
    for figure in ("27", "98", "36,050", "including 8 children", "7,210 households", "Flash Update No. 1",
                   "As of 29 November 2024", "Illustrative example data"):
        assert figure in text
    ths = [attrs for tag, attrs in read.tags if tag == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    assert {a.get("scope") for a in ths} == {"col", "row"}
    assert [t for t, _ in read.tags].count("h1") == 1


def test_the_arabic_page_uses_logical_properties_only(pages: Path) -> None:
    page = (pages / f"{STEM}_ar.html").read_text(encoding="utf-8")
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert not re.search(r"(margin|padding|border)-(left|right)|text-align:\s*(left|right)|float:", style)
    assert "text-align:start" in style and "border-inline-start" in style
    assert '"Noto Sans Arabic", "Noto Sans", "Tahoma"' in style  # the theme's fonts, then the systems'


def test_charts_and_map_are_inline_svg_with_a_title_and_description() -> None:
    doc, _ = every_block()
    read = _read(render_html(doc))
    svgs = [attrs for tag, attrs in read.tags if tag == "svg"]
    assert len(svgs) == 2  # the chart and the map
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    tags = [t for t, _ in read.tags]
    assert tags.count("title") == 3 and tags.count("desc") == 2  # the page's <title>, then each picture's
    text = "".join(read.text)
    assert "Chart title" in text and "Map title" in text and "Source: test" in text


def test_every_text_is_escaped_and_the_bytes_are_the_same_each_time() -> None:
    doc, _ = every_block()
    hostile = '<script>alert("x")</script> & <b>'
    doc = dataclasses.replace(doc, title=hostile, blocks=(
        *doc.blocks, Paragraph(text=hostile),
        Table(columns=(TableColumn(text=hostile),), rows=(TableRow(cells=(hostile,)),))))
    page = render_html(doc)
    read = _read(page)
    assert "script" not in [t for t, _ in read.tags] and "b" not in [t for t, _ in read.tags]
    assert "".join(read.text).count(hostile) == 4  # <title>, paragraph, header and cell, as typed
    assert render_html(doc) == page


def test_text_in_another_language_says_so() -> None:
    """A paragraph shown in English in an Arabic report (translation pending) carries lang and dir."""
    doc, _ = every_block()
    doc = dataclasses.replace(doc, rtl=True, language="ar", locale="ar_SY", blocks=(
        Paragraph(text="Original English text.", fallback="الترجمة معلقة", direction="ltr", language="en"),))
    read = _read(render_html(doc))
    marked = [attrs for _, attrs in read.tags if attrs.get("lang") == "en"]
    assert len(marked) == 1 and marked[0].get("dir") == "ltr"



def test_an_untranslated_paragraph_carries_its_language(make_workspace, tmp_path: Path) -> None:
    """Composed from a workbook with English text only: the Arabic page marks it lang="en" dir="ltr"."""
    from sitrep.pipeline import build, prepare

    ws = make_workspace({"n.xlsx": {"Narrative": [["Section", "English"], ["overview", "Only English here."]]}})
    result = build(prepare(ws, today=TODAY), languages=["ar"], formats=["html"], out_dir=tmp_path / "out")
    page = next(o.path for o in result.outputs if o.format == "html").read_text(encoding="utf-8")
    assert re.search(r'<p class="s-body" dir="ltr" lang="en">Only English here\.', page)


def test_the_logo_is_inlined_as_a_data_uri(tmp_path: Path) -> None:
    import base64

    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "#1B5E9F").save(logo)
    doc, _ = every_block()
    read = _read(render_html(dataclasses.replace(doc, logo=str(logo))))
    src = next(str(attrs["src"]) for tag, attrs in read.tags if tag == "img")
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix) and base64.b64decode(src[len(prefix):]) == logo.read_bytes()


def test_the_command_line_builds_html(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    result = CliRunner().invoke(app, ["build", str(EXAMPLE), "--lang", "en", "--format", "html", "--out",
                                      str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.html")] == [f"{STEM}_en.html"]
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.docx"))


def test_chart_bars_are_the_shared_layouts_and_a_small_value_still_shows() -> None:
    """The SVG's bars are the chart layout's boxes (the geometry the PDF and PNG draw), in points."""
    from sitrep.compose.document import Chart, ChartSeries
    from sitrep.render.chart_layout import layout_chart
    from sitrep.render.chart_style import chart_colors
    from sitrep.render.fonts import font_files
    from sitrep.render.html_svg import MIN_BAR, chart_svg, pillow_measure

    chart = Chart(kind="bar", title="T", categories=("A", "B"), source="S",
                  series=(ChartSeries(name="N", values=(10000, 1), labels=("10,000", "1")),))
    measure = pillow_measure(*font_files("Noto Sans"), False)
    svg = chart_svg(chart, 500, measure, chart_colors(every_block()[0].theme), "c")
    rects = [dict(a) for t, a in _read(svg.encode()).tags if t == "rect"]
    bars = layout_chart(chart, 500, measure).bars
    big = next(b for b in bars if b.height > 1)
    assert any(float(str(r["height"])) == round(big.height, 2) and float(str(r["x"])) == round(big.x, 2)
               for r in rects)
    assert any(float(str(r["height"])) == MIN_BAR for r in rects)


def _composed(language: str, *, draft: bool = True):  # type: ignore[no-untyped-def]
    from sitrep.compose import compose_document, load_template
    from sitrep.pipeline import prepare

    prepared = prepare(EXAMPLE, today=TODAY)
    report = dataclasses.replace(prepared.report, draft=draft)
    doc, _ = compose_document(report, load_template(prepared.config.template, prepared.config.workspace), language)
    return doc


def test_a_draft_carries_the_draft_mark_and_an_issued_report_does_not(pages: Path) -> None:
    """The DRAFT mark across the page (fixed, so printing repeats it on every page), as the PDF draws it;
    an issued report (``--issue`` composes it with ``draft=False``) has neither the mark nor its style."""
    draft = (pages / f"{STEM}_en.html").read_text(encoding="utf-8")
    marks = re.findall(r'<div class="draft-mark" aria-hidden="true"><span>(.*?)</span></div>', draft)
    assert marks == ["DRAFT"]
    assert re.search(r"\.draft-mark\{position:fixed;", draft)
    assert re.search(r"\.draft-mark>span\{transform:rotate\(-45deg\);font-size:96pt;font-weight:700;"
                     r"color:#D9472B;opacity:0\.1;", draft)
    ar = (pages / f"{STEM}_ar.html").read_text(encoding="utf-8")
    assert '<div class="draft-mark" aria-hidden="true"><span>مسودة</span></div>' in ar
    issued = render_html(_composed("en", draft=False)).decode("utf-8")
    assert 'class="draft-mark"' not in issued and "DRAFT" not in issued
    assert "36,050" in issued


def test_runs_in_another_script_carry_an_undetermined_language_of_that_script(pages: Path) -> None:
    """Source titles, contacts and partner names have no language in the intake; a run in another
    script than the page's says its script (``und-Latn``), a run in the page's own script nothing."""
    from sitrep.render.html_text import marked

    ar = (pages / f"{STEM}_ar.html").read_text(encoding="utf-8")
    source = re.search(r'<li id="source-1" [^>]*><bdi>(.*?)</bdi></li>', ar)
    assert source, "no first source on the Arabic page"
    assert source[1].startswith('<span lang="und-Latn" dir="ltr">United Nations, Deputy Regional Humanitarian')
    assert source[1].endswith("</span>, 28 تشرين الثاني 2024")  # the date is the page's: Arabic, unmarked
    assert '<p class="s-contact_name"><bdi><span lang="und-Latn" dir="ltr">Jane Example</span></bdi></p>' in ar
    zh = (pages / f"{STEM}_zh.html").read_text(encoding="utf-8")
    assert re.search(r'<li id="source-1" [^>]*><bdi><span lang="und-Latn">United Nations,', zh)
    for lang in ("en", "fr", "es"):
        assert 'lang="und-' not in (pages / f"{STEM}_{lang}.html").read_text(encoding="utf-8"), lang
    en = _composed("en")
    assert marked("Shelter Cluster, مجموعة المأوى, 2024", en) == (
        'Shelter Cluster, <span lang="und-Arab" dir="rtl">مجموعة المأوى</span>, 2024')
    assert marked("<b>OCHA</b> & Co", en) == "&lt;b&gt;OCHA&lt;/b&gt; &amp; Co"
    ar_doc = _composed("ar")
    assert marked("+000 000 000 001", ar_doc) == "+000 000 000 001"  # digits have no language
    assert marked("Health Cluster (WHO), 29 نوفمبر", ar_doc) == (
        '<span lang="und-Latn" dir="ltr">Health Cluster (WHO)</span>, 29 نوفمبر')


def test_a_table_note_is_the_tables_last_row_and_print_keeps_rows_together(pages: Path) -> None:
    page = (pages / f"{STEM}_en.html").read_text(encoding="utf-8")
    assert re.search(r'<tr class="table-note"><td colspan="5" class="s-note">People reached are summed'
                     r"[^<]*</td></tr>\n</tbody></table>", page)
    assert ("tbody>tr:nth-child(n+2):nth-child(-n+3),tbody>tr:nth-last-child(-n+2){break-before:avoid}"
            in page)
