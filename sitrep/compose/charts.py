"""Charts sized to their data, composed in one language.

Rules (README, "Charts"):

- **A trend of two or three reports is a small table**, not a chart: a line through two points
  says nothing a two-row table does not, and drawn at full width it took 40% of a page. From
  four reports on it is a line chart, with time running left to right in every language,
  Arabic included (see :mod:`sitrep.render.chart_layout`).
- **A bar chart that repeats a table is left out**: casualties by governorate with fewer than
  four governorates says no more than the casualty table the template already shows. With
  four or more it is drawn (the bars compare what a column of numbers does not), and without
  such a table it is drawn whatever the count. The layout draws charts of one to three
  categories at a reduced height (:func:`sitrep.render.chart_layout.plot_ratio`).
"""

from __future__ import annotations

from collections.abc import Callable

from sitrep.compose.document import Block, Chart, ChartSeries, Heading, Table, TableColumn, TableRow
from sitrep.compose.template import Section, Template
from sitrep.i18n import N_, Localizer
from sitrep.model import Count, SituationReport

__all__ = ["MIN_BAR_CATEGORIES", "MIN_TREND_POINTS", "compose_chart"]

MIN_TREND_POINTS = 4
"""Fewer reports than this: the trend is a small table."""
MIN_BAR_CATEGORIES = 4
"""Fewer governorates than this, and a casualty table in the document: no bar chart."""


def compose_chart(section: Section, *, report: SituationReport, template: Template, loc: Localizer,
                  gettext: Callable[[str], str], title: str, source: str,
                  report_name: Callable[[str, int], str], short_name: Callable[[int], str],
                  known: Callable[[Count, bool], str]) -> list[Block]:
    """The blocks of one chart section: a chart, a small table instead, or nothing.

    ``known`` words a figure that may be unknown or a lower bound (:mod:`sitrep.compose.known`);
    an unknown is drawn as no bar and a report that did not know the figure is not a point.
    """
    _, n, lang = gettext, loc.number, loc.language
    if section.chart == "casualties-by-governorate":
        lines = [line for line in report.casualties if line.subtotal]
        if not lines:
            return []
        has_table = any(s.block == "table" and s.data == "casualties" for s in template.sections)
        if has_table and len(lines) < MIN_BAR_CATEGORIES:
            return []  # the casualty table shows these figures already
        series = tuple(ChartSeries(name=_(label), values=tuple(float(line.values[key] or 0) for line in lines),
                                   labels=tuple(known(line.values[key], key in line.partial) for line in lines))
                       for key, label in (("killed", N_("Killed")), ("injured", N_("Injured"))))
        return [Chart(kind="bar", title=title, categories=tuple(line.adm1.name(lang) for line in lines),
                      series=series, source=source, value_axis=_("People"), rtl=loc.rtl,
                      description=_("{title}: {values}").format(title=title, values="; ".join(
                          f"{line.adm1.name(lang)} {known(line.values['killed'], 'killed' in line.partial)} / "
                          f"{known(line.values['injured'], 'injured' in line.partial)}" for line in lines)))]
    points = tuple(p for p in report.series if "displaced" in p.figures)  # an unknown is not a point
    if len(points) < 2:
        return []  # a trend needs at least two reports
    values = [p.figures["displaced"] for p in points]
    if len(points) < MIN_TREND_POINTS:
        head = (TableColumn(text=_("Report"), weight=1.6), TableColumn(text=_("As of"), weight=1.4),
                TableColumn(text=_("Newly displaced people"), numeric=True))
        rows = tuple(TableRow(cells=(report_name(p.report.report_type, p.report.number),
                                     loc.date(p.report.as_of), n(v))) for p, v in zip(points, values, strict=True))
        return [Heading(text=title, anchor=section.id), Table(columns=head, rows=rows, note=source)]
    categories = tuple(short_name(p.report.number) + " · " + loc.date(p.report.as_of, "d MMM") for p in points)
    return [Chart(kind="line", title=title, categories=categories, source=source, timeline=True,
                  series=(ChartSeries(name=_("people newly displaced"), values=tuple(float(v) for v in values),
                                      labels=tuple(n(v) for v in values)),),
                  value_axis=_("People"), rtl=loc.rtl,
                  description="; ".join(f"{c}: {n(v)}" for c, v in zip(categories, values, strict=True)))]
