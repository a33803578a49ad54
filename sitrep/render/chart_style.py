"""Chart colours, shared by the PDF (vector) and PNG (DOCX) chart renderers.

Pure data: no drawing library is imported here, so both renderers can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.compose.document import Theme

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")

EXTRA_SERIES = ("#E3A72F", "#3F8F5A", "#7A5BA6", "#2A9DB5")
"""Colours for a fourth series and beyond (after the theme's primary, accent and muted)."""


@dataclass(frozen=True, slots=True)
class ChartColors:
    series: tuple[str, ...]
    """``#RRGGBB`` per series, in the order of ``Chart.series`` (cycled when there are more series)."""
    text: str
    muted: str
    """Tick labels, the value-axis caption, the source line and the axis line."""
    grid: str

    def __post_init__(self) -> None:
        if not self.series:
            raise ValueError("ChartColors needs at least one series colour")
        for value in (*self.series, self.text, self.muted, self.grid):
            if not _HEX.fullmatch(value):
                raise ValueError(f"chart colour {value!r} is not #RRGGBB")

    def for_series(self, index: int) -> str:
        return self.series[index % len(self.series)]


def chart_colors(theme: Theme) -> ChartColors:
    """The chart palette of a template theme: primary, accent, muted, then a few fixed extras."""
    return ChartColors(series=(theme.primary, theme.accent, theme.muted, *EXTRA_SERIES), text="#222222",
                       muted=theme.muted, grid=theme.table_header)


__all__ = ["ChartColors", "chart_colors"]
