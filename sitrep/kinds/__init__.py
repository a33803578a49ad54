"""The data kinds partners report, each declared once (see :mod:`sitrep.kinds.base`).

Sits below the intake stage in the pipeline's import order: intake reads the kinds' sheets,
validate runs their row builders, merge follows their keys and measures, the model builds their
tables and distribute exports them. To add a kind, write its module and add it to :data:`KINDS`.
"""

from __future__ import annotations

from typing import Any

from sitrep.kinds.base import (
    Cell,
    DataKind,
    Located,
    LocatedFields,
    Origin,
    Record,
    RecordSet,
    RowCheck,
    reported_figures,
)
from sitrep.kinds.casualties import CASUALTIES, CasualtyRecord
from sitrep.kinds.displacement import DISPLACEMENT, DisplacementRecord
from sitrep.kinds.locations import LOCATIONS, LocationRecord
from sitrep.kinds.narrative import NARRATIVE, PLACEHOLDER_PATTERN, PLACEHOLDERS, NarrativeRecord
from sitrep.kinds.response import RESPONSE, ResponseRecord
from sitrep.kinds.sources import SOURCES, SourceRecord

KINDS: tuple[DataKind[Any], ...] = (
    CASUALTIES, DISPLACEMENT, LOCATIONS, RESPONSE, NARRATIVE, SOURCES)
"""Every data kind, in the order of the intake workbook's sheets."""

KINDS_BY_SHEET = {kind.sheet.name: kind for kind in KINDS}
"""Sheet name (English, as declared) -> its kind."""

__all__ = ["CASUALTIES", "CasualtyRecord", "Cell", "DISPLACEMENT", "DataKind", "DisplacementRecord", "KINDS",
           "KINDS_BY_SHEET", "LOCATIONS", "Located", "LocatedFields", "LocationRecord", "NARRATIVE",
           "NarrativeRecord", "Origin", "PLACEHOLDERS", "PLACEHOLDER_PATTERN", "RESPONSE", "Record", "RecordSet",
           "ResponseRecord", "RowCheck", "SOURCES", "SourceRecord", "reported_figures"]
