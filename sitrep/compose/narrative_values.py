"""The values of narrative ``{placeholders}``, formatted for one language.

A paragraph of the Narrative sheet may name the report's dates (``{period}``, ``{as_of}``,
``{days}`` …), its name and number, and every merged figure (``{killed}``, ``{displaced}`` …):
the same sentence then stays true when the workspace moves on to the next report. The names
are declared in :data:`sitrep.kinds.PLACEHOLDERS` (validation refuses others with their cell);
this module gives each one its text: numbers and dates through Babel in the report's locale
(Arabic-Indic digits when the report asks for them), a number of days with its unit in the
language's plural form ("3 days", "6 дней", "6 أيام").

A name that is not known here is left in the text as written, braces included, so a forced
build shows the mistake instead of stopping with a ``KeyError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from sitrep.compose.known import NOT_REPORTED, figure_text
from sitrep.i18n import Localizer
from sitrep.kinds import PLACEHOLDER_PATTERN
from sitrep.model import SituationReport

__all__ = ["FIGURE_ALIASES", "fill_placeholders", "narrative_values"]

FIGURE_ALIASES = {
    "killed": "killed_total", "injured": "injured_total", "casualties": "casualties_total",
    "displaced": "displaced_total", "households": "households_displaced", "reached": "reached_total",
    "partners": "partners_total",
}
"""Short names after the key figures (``{killed}``) -> the figure placeholders they repeat."""


def _days(loc: Localizer, count: int) -> str:
    """``3 days`` in the language, its plural form chosen by CLDR (``6 дней``, ``6 أيام``)."""
    from babel.numbers import format_decimal
    from babel.units import format_unit

    text = format_unit(count, "duration-day", length="long", locale=loc.locale)
    # Babel writes the number its own way; the report's way (its digits) replaces it
    return text.replace(format_decimal(count, locale=loc.locale), loc.number(count), 1)


def narrative_values(report: SituationReport, loc: Localizer, report_name: Callable[[str, int], str],
                     *, gettext: Callable[[str], str] | None = None) -> dict[str, str]:
    """Every placeholder a narrative paragraph may use -> its text in ``loc``'s language.

    ``report_name`` names a report of the series in the language ("Flash Update No. 2");
    ``gettext`` translates the words of a figure nobody reported ("not reported") or of a lower
    bound ("at least 12"), as :mod:`sitrep.compose.known` writes them (default: the catalogs).
    """
    _ = gettext or loc.gettext
    figures = report.figures.placeholders()
    partial = report.figures.partial_placeholders()
    values = {name: figure_text(value, name in partial, gettext=_, number=loc.number, unknown=_(NOT_REPORTED))
              for name, value in figures.items()}
    for alias, name in FIGURE_ALIASES.items():
        if name in values:
            values[alias] = values[name]
    day_count = (report.period_end - report.period_start).days + 1
    values.update({
        "period": loc.date_range(report.period_start, report.period_end),
        "period_start": loc.date(report.period_start),
        "period_end": loc.date(report.period_end),
        "as_of": loc.date(report.as_of),
        "days": _days(loc, day_count),
        "day_count": loc.number(day_count),
        "report": report_name(report.report_type, report.number),
        "report_number": loc.number(report.number),
    })
    return values


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known ``{name}`` replaced; unknown names and stray braces stay as written."""

    def sub(match: re.Match[str]) -> str:
        return values.get(match.group(1).strip(), match.group(0))

    return PLACEHOLDER_PATTERN.sub(sub, text)
