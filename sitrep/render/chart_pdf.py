"""Charts in the PDF: reportlab.graphics vectors placed by the shared chart layout.

The bars (``VerticalBarChart``) and lines (``HorizontalLineChart``) are reportlab chart widgets
set to the plot box, the 0-based value scale and the bar geometry that
:mod:`sitrep.render.chart_layout` computed; every piece of text, the grid and the axis are
drawn at the positions of that same layout, which the PNG for the DOCX uses too. The widgets'
own axes and labels are switched off (they cannot wrap or order right-to-left text).

Right-to-left text is shaped and ordered for display (:func:`~sitrep.render.pdf_rtl.shape`
then :func:`~sitrep.render.pdf_rtl.visual`) line by line, after the layout has wrapped it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing

from sitrep.compose.document import Chart
from sitrep.render.chart_layout import (
    AXIS_WIDTH,
    GRID_WIDTH,
    LINE_WIDTH,
    MARKER,
    ChartLayout,
    layout_chart,
)
from sitrep.render.chart_style import ChartColors
from sitrep.render.fonts import FontFace

_ANCHOR: dict[str, Literal["start", "middle", "end"]] = {"left": "start", "right": "end", "center": "middle"}


def fill(color: Any) -> dict[str, Any]:
    """Keywords for a shape filled with ``color`` and no outline (reportlab's stubs type the
    shape keywords so strictly that a colour object is refused)."""
    return {"fillColor": color, "strokeColor": None}


def chart_drawing(chart: Chart, width: float, *, font: FontFace, colors: ChartColors,
                  tick_format: Callable[[float], str] | None = None) -> Drawing:
    """``chart`` as a reportlab Drawing ``width`` points wide (a platypus flowable).

    ``font`` names a family already registered with reportlab (:func:`~sitrep.render.fonts.font_face`).
    ``tick_format`` overrides how value-axis ticks are written (by default like the value labels).
    """
    drawing, _ = _draw(chart, width, font=font, colors=colors, tick_format=tick_format)
    return drawing


def _draw(chart: Chart, width: float, *, font: FontFace, colors: ChartColors,
          tick_format: Callable[[float], str] | None) -> tuple[Drawing, Any]:
    """The drawing and the data widget in it (tests compare the widget with the layout)."""
    from reportlab.graphics.shapes import Circle, Line, Rect, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    display = _display(chart.rtl)

    def measure(text: str, size: float, bold: bool) -> float:
        return float(stringWidth(display(text), font.bold if bold else font.regular, size))

    lay = layout_chart(chart, width, measure, tick_format=tick_format)
    height = lay.height
    # The initial font would otherwise be Helvetica: a non-embedded font reference in the PDF.
    drawing = Drawing(width, height, initialFontName=font.regular, initialFontSize=7)
    drawing.hAlign = "RIGHT" if chart.rtl else "LEFT"
    role_color = {"text": HexColor(colors.text), "muted": HexColor(colors.muted),
                  "grid": HexColor(colors.grid), "axis": HexColor(colors.muted)}

    for rule in lay.rules:
        if rule.role == "grid":
            drawing.add(Line(rule.x0, height - rule.y0, rule.x1, height - rule.y1,
                             strokeColor=role_color["grid"], strokeWidth=GRID_WIDTH))
    widget = _bar_widget(chart, lay, colors) if chart.kind == "bar" else _line_widget(chart, lay, colors)
    drawing.add(widget)
    for rule in lay.rules:
        if rule.role == "axis":
            drawing.add(Line(rule.x0, height - rule.y0, rule.x1, height - rule.y1,
                             strokeColor=role_color["axis"], strokeWidth=AXIS_WIDTH))
    for key in lay.swatches:
        color = HexColor(colors.for_series(key.series))
        if chart.kind == "line":
            middle = height - key.y - key.height / 2
            drawing.add(Line(key.x, middle, key.x + key.width, middle, strokeColor=color, strokeWidth=LINE_WIDTH))
            drawing.add(Circle(key.x + key.width / 2, middle, MARKER / 2, fillColor=color, strokeColor=None))
        else:
            drawing.add(Rect(key.x, height - key.y - key.height, key.width, key.height, **fill(color)))
    for text in lay.texts:
        drawing.add(String(text.x, height - text.y, display(text.text), fontName=font.bold if text.bold
                           else font.regular, fontSize=text.size, fillColor=role_color[text.role],
                           textAnchor=_ANCHOR[text.align]))
    return drawing, widget


def _display(rtl: bool) -> Callable[[str], str]:
    if not rtl:
        return str
    from sitrep.render.pdf_rtl import display_line

    return display_line


def _value_axis(axis: Any, lay: ChartLayout) -> None:
    axis.valueMin = 0
    axis.valueMax = lay.ticks[-1]
    axis.valueSteps = list(lay.ticks)
    axis.visible = 0


def _category_axis(axis: Any, count: int) -> None:
    axis.categoryNames = [""] * count
    axis.visible = 0


def _bar_widget(chart: Chart, lay: ChartLayout, colors: ChartColors) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.lib.colors import HexColor

    plot = lay.plot
    bc = VerticalBarChart()
    # The stubs declare these as int; reportlab takes points as floats.
    bc.x, bc.y = plot.x, lay.height - plot.y - plot.height  # type: ignore[assignment]
    bc.width, bc.height = plot.width, plot.height  # type: ignore[assignment]
    bc.data = [[chart.series[s].values[c] for c in lay.category_order] for s in lay.series_order]
    bc.barWidth, bc.barSpacing, bc.groupSpacing = lay.bar_width, lay.bar_spacing, lay.group_spacing  # type: ignore[assignment]
    bc.strokeColor = None
    bc.bars.strokeColor = None
    bc.bars.strokeWidth = 0
    for row, s in enumerate(lay.series_order):
        bc.bars[row].fillColor = HexColor(colors.for_series(s))
    bc.barLabels.visible = 0
    _value_axis(bc.valueAxis, lay)
    _category_axis(bc.categoryAxis, len(lay.category_order))
    return bc


def _line_widget(chart: Chart, lay: ChartLayout, colors: ChartColors) -> Any:
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib.colors import HexColor

    plot = lay.plot
    lc = HorizontalLineChart()
    lc.x, lc.y = plot.x, lay.height - plot.y - plot.height  # type: ignore[assignment]
    lc.width, lc.height = plot.width, plot.height  # type: ignore[assignment]
    lc.data = [[chart.series[s].values[c] for c in lay.category_order] for s in lay.series_order]
    lc.strokeColor = None
    lc.joinedLines = 1
    for row, s in enumerate(lay.series_order):
        color = HexColor(colors.for_series(s))
        lc.lines[row].strokeColor = color
        lc.lines[row].strokeWidth = LINE_WIDTH
        marker = makeMarker("FilledCircle", size=MARKER)  # type: ignore[no-untyped-call]
        marker.fillColor, marker.strokeColor = color, None
        lc.lines[row].symbol = marker
    lc.lineLabelFormat = None
    _value_axis(lc.valueAxis, lay)
    _category_axis(lc.categoryAxis, len(lay.category_order))
    return lc


__all__ = ["chart_drawing"]
