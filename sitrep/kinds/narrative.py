"""Narrative: one paragraph per row, one column per language, with figure placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.codes import E_REQUIRED
from sitrep.kinds.base import DataKind, Origin, RowCheck
from sitrep.kinds.columns import (
    LANGUAGE_NAMES,
    NARRATIVE_LANGUAGES,
    NARRATIVE_SECTIONS,
    SECTORS,
    Column,
    Kind,
    SheetSpec,
)

SHEET = SheetSpec(name="Narrative", location_required=False, columns=(
    Column(field="section", tag="#meta+section", label="Section", kind=Kind.CATEGORY, required=True,
           categories=NARRATIVE_SECTIONS, hint=" | ".join(NARRATIVE_SECTIONS)),
    *(Column(field=f"text_{lang}", tag=f"#description+i_{lang}", label=LANGUAGE_NAMES[lang],
             aliases=(lang, f"text ({lang})", f"text {lang}"),
             hint=f"the paragraph in {LANGUAGE_NAMES[lang]}; figures as {{killed_total}}")
      for lang in NARRATIVE_LANGUAGES),
    Column(field="sources", tag="#meta+source", label="Sources", aliases=("source refs", "refs"),
           hint="reference IDs from the Sources sheet, e.g. S1, S2"),
    Column(field="sector", tag="#sector", label="Sector", kind=Kind.CATEGORY, categories=SECTORS,
           aliases=("cluster",), hint="for needs/response/gaps paragraphs: the sector they are about"),
))

PLACEHOLDERS: dict[str, str] = {
    "killed_total": "people killed in the reporting period (merged)",
    "killed_children": "children among those killed",
    "injured_total": "people injured",
    "injured_children": "children among those injured",
    "casualties_total": "people killed or injured",
    "displaced_total": "people newly displaced",
    "households_displaced": "households newly displaced",
    "locations_affected": "affected communities reported in the Locations sheet",
    "districts_affected": "districts with casualties, displacement or affected locations",
    "reached_total": "people reached by the response, all sectors",
    "partners_total": "organisations reporting response activities",
}
"""Figures a narrative paragraph may cite as ``{name}``; filled per language at compose time."""

# Names after the key figures, the report's dates and its name (narrative helper, issue #16): a
# sentence written with them stays true when the workspace moves on to the next report.
PLACEHOLDERS.update({
    "killed": "same as {killed_total}",
    "injured": "same as {injured_total}",
    "casualties": "same as {casualties_total}",
    "displaced": "same as {displaced_total}",
    "households": "same as {households_displaced}",
    "reached": "same as {reached_total}",
    "partners": "same as {partners_total}",
    "period": "the reporting period, e.g. 27–29 November 2024",
    "period_start": "the first day of the reporting period, e.g. 27 November 2024",
    "period_end": "the last day of the reporting period",
    "as_of": "the report's as-of date",
    "days": "the length of the period with its unit, e.g. 3 days",
    "day_count": "the number of days of the period, e.g. 3",
    "report": "the report's name, e.g. Flash Update No. 2",
    "report_number": "the report's number, e.g. 2",
})

PLACEHOLDER_PATTERN = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrativeRecord:
    origin: Origin
    section: str
    texts: dict[str, str]
    """language -> paragraph (with ``{placeholders}``)."""
    sources: tuple[str, ...] = ()
    sector: str | None = None
    """For needs/response/gaps paragraphs of a Situation Report: the sector they are about."""
    text_columns: dict[str, int] = field(default_factory=dict)
    """language -> 1-based column of that text, so findings point at the cell."""


def _build(row: RowCheck) -> NarrativeRecord | None:
    texts = row.texts("text_")
    if not texts:
        row.add(E_REQUIRED("the paragraph has no text in any language",
                           hint="write the paragraph in the English column at least", position=row.pos()))
    section = row.text("section")
    if row.failed or section is None:
        return None
    refs = tuple(r.strip() for r in (row.text("sources") or "").replace(";", ",").split(",") if r.strip())
    columns = {lang: column for lang in texts if (column := row.column(f"text_{lang}")) is not None}
    return NarrativeRecord(origin=row.origin, section=section, texts=texts, sources=refs,
                           sector=row.text("sector"), text_columns=columns)


NARRATIVE: DataKind[NarrativeRecord] = DataKind(
    name="narrative", sheet=SHEET, record=NarrativeRecord, build=_build, merge="keep-all")
