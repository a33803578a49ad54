"""Charts: the PDF vector drawing and the PNG image (for the DOCX) come from one layout."""

from __future__ import annotations

import io
import math
import re
import shutil
import struct
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.compose.document import Chart, ChartSeries, Theme
from sitrep.render.chart_layout import display_order, layout_chart, nice_ticks, number_style
from sitrep.render.chart_style import ChartColors, chart_colors

THEME = Theme()
COLORS = chart_colors(THEME)

EN_BAR = Chart(
    kind="bar", title="Casualties by governorate", categories=("Aleppo", "Idleb", "Hama"),
    series=(ChartSeries(name="Killed", values=(27, 14, 3), labels=("27", "14", "3")),
            ChartSeries(name="Injured", values=(1240, 86, 41), labels=("1,240", "86", "41"))),
    source="Source: partner reports merged by OCHA, as of 29 November 2024", value_axis="People")
AR_BAR = Chart(
    kind="bar", title="الضحايا حسب المحافظة", categories=("حلب", "إدلب"),
    series=(ChartSeries(name="قتلى", values=(27, 14), labels=("27", "14")),
            ChartSeries(name="جرحى", values=(124, 86), labels=("124", "86"))),
    source="المصدر: تقارير الشركاء", value_axis="أشخاص", rtl=True)
EN_LINE = Chart(
    kind="line", title="People newly displaced", categories=("No. 1 · 27 Nov", "No. 2 · 28 Nov", "No. 3 · 29 Nov"),
    series=(ChartSeries(name="people newly displaced", values=(12400, 48000, 91250),
                        labels=("12,400", "48,000", "91,250")),),
    source="Source: partner reports", value_axis="People")

BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _family(chart: Chart) -> str:
    return THEME.font_arabic if chart.rtl else THEME.font_latin


def _pdf(chart: Chart) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from sitrep.render.chart_pdf import chart_drawing
    from sitrep.render.fonts import font_face

    face = font_face(_family(chart))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, initialFontName=face.regular)
    doc.build([chart_drawing(chart, doc.width, font=face, colors=COLORS)])
    assert doc.page == 1
    return buf.getvalue()


def _png(chart: Chart, width_px: int = 1600) -> bytes:
    from sitrep.render.chart_png import chart_png
    from sitrep.render.fonts import font_files

    regular, bold = font_files(_family(chart))
    return chart_png(chart, width_px, regular=regular, bold=bold, colors=COLORS)


def _poppler(tmp_path: Path, data: bytes, *args: str) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "chart.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True,
                         timeout=30).stdout
    return unicodedata.normalize("NFKC", out).translate(BIDI_MARKS)


# PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [EN_BAR, EN_LINE], ids=["bar", "line"])
def test_pdf_text_layer_has_title_categories_and_values(chart: Chart) -> None:
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(_pdf(chart))).pages[0].extract_text()
    expected = [chart.title, *chart.categories, chart.source, chart.value_axis]
    expected += [label for series in chart.series for label in series.labels]
    if len(chart.series) > 1:
        expected += [series.name for series in chart.series]
    for item in expected:
        assert item in text, item
    assert "0" in text.split()  # the value axis starts at 0


def test_pdf_arabic_text_layer(tmp_path: Path) -> None:
    text = _poppler(tmp_path, _pdf(AR_BAR))
    for item in ("الضحايا حسب المحافظة", "حلب", "إدلب", "قتلى", "جرحى", "أشخاص", "المصدر", "تقارير الشركاء",
                 "27", "14", "124", "86"):
        assert item in text, item


def _word_x(tmp_path: Path, data: bytes) -> dict[str, float]:
    """Left edge of each word in the text layer (Arabic words come back in visual order)."""
    out = _poppler(tmp_path, data, "-bbox")
    return {word: float(x) for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', out)}


def test_pdf_first_category_on_the_reading_side(tmp_path: Path) -> None:
    english = _word_x(tmp_path, _pdf(EN_BAR))
    assert english["Aleppo"] < english["Idleb"] < english["Hama"]
    assert english["27"] < english["1,240"]  # Killed before Injured in each group
    arabic = _word_x(tmp_path, _pdf(AR_BAR))
    assert arabic["حلب"[::-1]] > arabic["إدلب"[::-1]]  # the first category is on the right
    assert arabic["27"] > arabic["124"]  # and the first series is the right bar of its group
    assert arabic["125"] > arabic["حلب"[::-1]]  # value axis labels on the right


def test_pdf_uses_only_the_embedded_fonts() -> None:
    from pypdf import PdfReader

    for chart in (EN_BAR, AR_BAR, EN_LINE):
        fonts = PdfReader(io.BytesIO(_pdf(chart))).pages[0]["/Resources"]["/Font"]
        names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
        assert names and all("Noto" in name for name in names), names


def test_pdf_is_deterministic() -> None:
    assert _pdf(EN_BAR) == _pdf(EN_BAR)


@pytest.mark.parametrize("chart", [EN_BAR, AR_BAR, EN_LINE], ids=["bar", "bar-ar", "line"])
def test_reportlab_widget_draws_the_marks_where_the_layout_put_them(chart: Chart) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from sitrep.render.chart_pdf import _display, _draw
    from sitrep.render.fonts import font_face

    face, display = font_face(_family(chart)), _display(chart.rtl)
    drawing, widget = _draw(chart, 480, font=face, colors=COLORS, tick_format=None)
    lay = layout_chart(chart, 480, lambda t, size, bold: stringWidth(display(t), face.bold if bold else face.regular,
                                                                    size))
    assert drawing.height == pytest.approx(lay.height)
    if chart.kind == "bar":
        widget.draw()
        drawn = [(x, drawing.height - y - h, w, h) for row in widget._barPositions for x, y, w, h in row]
        planned = [(b.x, b.y, b.width, b.height) for b in sorted(lay.bars, key=lambda b: (lay.series_order.index(
            b.series), b.x))]
    else:
        widget.draw()
        drawn = [(x, drawing.height - y) for row in widget._positions for x, y in row]
        planned = [point for line in lay.lines for point in line.points]
    assert len(drawn) == len(planned)
    for got, want in zip(drawn, planned, strict=True):
        assert got == pytest.approx(want, abs=1e-6)


# PNG ---------------------------------------------------------------------------------------


def _chunks(png: bytes) -> list[bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kinds.append(png[pos + 4:pos + 8])
        pos += 12 + length
    return kinds


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


@pytest.mark.parametrize("chart", [EN_BAR, AR_BAR, EN_LINE], ids=["bar", "bar-ar", "line"])
def test_png_is_the_chart_at_the_requested_width(chart: Chart) -> None:
    from PIL import Image

    png = _png(chart, 1600)
    assert png == _png(chart, 1600)  # deterministic
    assert set(_chunks(png)) <= {b"IHDR", b"pHYs", b"IDAT", b"IEND"}  # no time stamp, no text
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGB"
    # three categories or fewer: a lower plot (chart_layout.plot_ratio)
    low, high = (0.25, 0.45) if len(chart.categories) <= 3 else (0.45, 0.8)
    assert image.width == 1600 and low * 1600 < image.height < high * 1600
    assert round(image.info["dpi"][0]) == 200
    colors = {color for _, color in image.getcolors(maxcolors=1 << 20)}
    assert len(colors) > 20  # anti-aliased text and marks, not a blank canvas
    for s in range(len(chart.series)):
        assert _rgb(COLORS.for_series(s)) in colors
    assert _rgb(COLORS.text) in colors


def test_png_and_pdf_have_the_same_proportions() -> None:
    from PIL import Image

    from sitrep.render.chart_pdf import chart_drawing
    from sitrep.render.fonts import font_face

    for chart in (EN_BAR, AR_BAR, EN_LINE):
        image = Image.open(io.BytesIO(_png(chart, 1400)))  # 7 in = 504 pt at 200 dpi
        drawing = chart_drawing(chart, 504, font=font_face(_family(chart)), colors=COLORS)
        assert image.height / image.width == pytest.approx(drawing.height / drawing.width, rel=0.02)


def test_png_arabic_reads_from_the_right() -> None:
    """The tallest bar of the first series (حلب, 27, first category) is in the right half of the image."""
    from PIL import Image

    image = Image.open(io.BytesIO(_png(AR_BAR, 800)))
    first = _rgb(COLORS.for_series(0))
    pixels = image.load()
    column = [sum(pixels[x, y] == first for y in range(image.height)) for x in range(image.width)]
    assert column.index(max(column)) > image.width / 2
    lay = layout_chart(AR_BAR, 400, lambda t, size, bold: len(t) * size * 0.5)
    assert lay.category_order == (1, 0) and lay.series_order == (1, 0)


def test_png_without_raqm_still_draws_arabic(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, features

    check = features.check
    monkeypatch.setattr(features, "check", lambda name: False if name == "raqm" else check(name))
    image = Image.open(io.BytesIO(_png(AR_BAR, 600)))
    assert image.width == 600


# Shared layout ------------------------------------------------------------------------------


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_nice_ticks(max_value: float) -> None:
    ticks = nice_ticks(max_value)
    assert ticks[0] == 0
    assert all(a < b for a, b in zip(ticks, ticks[1:], strict=False))
    assert ticks[-1] >= max_value
    assert 2 <= len(ticks) <= 6
    step = ticks[1]
    assert all(t == pytest.approx(i * step, rel=1e-9) for i, t in enumerate(ticks))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)


@pytest.mark.parametrize(("max_value", "ticks"), [
    (1240, [0, 250, 500, 750, 1000, 1250]), (100, [0, 20, 40, 60, 80, 100]), (7, [0, 2, 4, 6, 8]),
    (0, [0, 1]), (0.3, [0, 0.1, 0.2, 0.3]), (91250, [0, 20000, 40000, 60000, 80000, 100000])])
def test_nice_ticks_examples(max_value: float, ticks: list[float]) -> None:
    assert nice_ticks(max_value) == ticks


def test_display_order() -> None:
    assert display_order(3, rtl=False) == [0, 1, 2]
    assert display_order(3, rtl=True) == [2, 1, 0]


@pytest.mark.parametrize(("label", "style"), [
    ("12,400", (",", ".")), ("12\u202f400", ("\u202f", ",")), ("12.400", (".", ",")), ("12400", ("", "."))])
def test_tick_labels_group_digits_like_the_value_labels(label: str, style: tuple[str, str]) -> None:
    chart = Chart(kind="bar", title="t", categories=("a",), source="",
                  series=(ChartSeries(name="s", values=(12400,), labels=(label,)),))
    assert number_style(chart) == style
    lay = layout_chart(chart, 400, lambda t, size, bold: len(t) * size * 0.5)
    assert "12" + style[0] + "500" in {t.text for t in lay.texts}


def test_value_labels_shrink_so_neighbours_do_not_touch() -> None:
    values = (10000.0, 20000.0, 30000.0, 40000.0, 50000.0)
    chart = Chart(kind="bar", title="t", categories=tuple("abcde"), source="",
                  series=tuple(ChartSeries(name=n, values=values, labels=tuple(f"{v:,.0f}" for v in values))
                               for n in ("x", "y", "z")))

    def measure(text: str, size: float, bold: bool) -> float:
        return len(text) * size * 0.55

    lay = layout_chart(chart, 400, measure)
    labels = sorted((t for t in lay.texts if t.text.endswith(",000") and t.align == "center"), key=lambda t: t.x)
    assert len(labels) == 15
    assert 5.5 <= labels[0].size < 7
    for a, b in zip(labels, labels[1:], strict=False):
        assert a.x + measure(a.text, a.size, False) / 2 < b.x - measure(b.text, b.size, False) / 2


def test_colors_from_theme() -> None:
    colors = chart_colors(Theme(primary="#112233", accent="#445566", muted="#778899", table_header="#ABCDEF"))
    assert colors.series[:3] == ("#112233", "#445566", "#778899")
    assert colors.grid == "#ABCDEF" and colors.text == "#222222"
    assert colors.for_series(len(colors.series)) == "#112233"
    with pytest.raises(ValueError):
        ChartColors(series=("red",), text="#000000", muted="#000000", grid="#000000")


@pytest.mark.parametrize("bad", [
    Chart(kind="pie", title="t", categories=("a",), source="", series=(ChartSeries(name="s", values=(1,)),)),
    Chart(kind="bar", title="t", categories=("a", "b"), source="", series=(ChartSeries(name="s", values=(1,)),)),
    Chart(kind="bar", title="t", categories=("a",), source="", series=(ChartSeries(name="s", values=(-1,)),)),
    Chart(kind="bar", title="t", categories=("a",), source="",
          series=(ChartSeries(name="s", values=(1,), labels=("1", "2")),)),
    Chart(kind="bar", title="t", categories=(), source="", series=()),
], ids=["kind", "length", "negative", "labels", "empty"])
def test_charts_that_cannot_be_drawn_are_refused(bad: Chart) -> None:
    with pytest.raises(ValueError):
        layout_chart(bad, 400, lambda t, size, bold: len(t) * size * 0.5)


def test_png_module_does_not_load_reportlab() -> None:
    """The DOCX renderer draws chart images; reportlab stays in the PDF renderer."""
    import sys

    from sitrep.render.fonts import font_files

    regular, bold = font_files(THEME.font_latin)
    code = ("import sys\nfrom sitrep.compose.document import Chart, ChartSeries, Theme\n"
            "from sitrep.render.chart_png import chart_png\nfrom sitrep.render.chart_style import chart_colors\n"
            "chart = Chart(kind='bar', title='t', categories=('a',), source='s',"
            " series=(ChartSeries(name='n', values=(1.0,), labels=('1',)),))\n"
            f"chart_png(chart, 400, regular={str(regular)!r}, bold={str(bold)!r}, colors=chart_colors(Theme()))\n"
            "print(sorted(m for m in ('reportlab', 'fontTools', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def test_crowded_category_labels_are_thinned_from_the_first() -> None:
    names = tuple(f"Governorate number {i}" for i in range(20))
    chart = Chart(kind="line", title="t", categories=names, source="",
                  series=(ChartSeries(name="s", values=tuple(float(i) for i in range(20))),))

    def measure(text: str, size: float, bold: bool) -> float:
        return len(text) * size * 0.55

    lay = layout_chart(chart, 400, measure)
    below_axis = [t for t in lay.texts if t.y > lay.plot.y + lay.plot.height and t.role == "text"]
    columns: dict[float, list[str]] = {}
    for text in below_axis:
        columns.setdefault(text.x, []).append(text.text)
    shown = [" ".join(columns[x]) for x in sorted(columns)]
    every = names.index(shown[1])
    assert every > 1 and shown == list(names[::every])  # every k-th, starting with the first
    xs = sorted(columns)
    widest = max(measure(t.text, t.size, False) for t in below_axis)
    assert all(b - a >= widest for a, b in zip(xs, xs[1:], strict=False))  # no overlap
