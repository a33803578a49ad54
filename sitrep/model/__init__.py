"""Stage 4 — model: merged data -> one typed, language-neutral :class:`SituationReport`.

Input: :class:`~sitrep.merge.MergedData`, the :class:`~sitrep.config.ReportConfig` and the
gazetteer. Output: numbers, areas (with their names in every language), narrative
paragraphs with their placeholders still in place, sources and contacts. No string here is
formatted for a language; that is the compose stage's work.
"""

from sitrep.model.build import build_report, history_figures, unreported_figures, with_history
from sitrep.model.report import (
    AreaFigures,
    AreaRef,
    Count,
    Figures,
    LocationEntry,
    NarrativeParagraph,
    SectorFigures,
    SituationReport,
    SourceEntry,
)

__all__ = ["AreaFigures", "AreaRef", "Count", "Figures", "LocationEntry", "NarrativeParagraph",
           "SectorFigures", "SituationReport", "SourceEntry", "build_report", "history_figures", "unreported_figures",
           "with_history"]
