"""Build the :class:`SituationReport` from merged data: totals, tables, footnotes."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from sitrep.config import ReportConfig
from sitrep.gazetteer import Gazetteer
from sitrep.history import Figure, IssuedReport
from sitrep.kinds import (
    CASUALTIES,
    DISPLACEMENT,
    LOCATIONS,
    NARRATIVE,
    RESPONSE,
    SOURCES,
    Located,
    LocationRecord,
    ResponseRecord,
    SourceRecord,
)
from sitrep.merge import MergedData
from sitrep.model.report import (
    AreaFigures,
    AreaRef,
    Figures,
    LocationEntry,
    NarrativeParagraph,
    ReportRef,
    SectorFigures,
    SeriesPoint,
    SituationReport,
    SourceEntry,
)

ESTIMATE_FIGURE = {"idps": "displaced", "killed_children": "killed", "injured_children": "injured"}
"""Intake column -> the key figure an estimate in that column feeds."""


def _area(gaz: Gazetteer, pcode: str) -> AreaRef:
    area = gaz.get(pcode)
    if area is None:  # validated rows always resolve; keep the code if a caller did not validate
        return AreaRef(pcode=pcode, names={"en": pcode}, level=len(pcode) // 2)
    return AreaRef(pcode=area.pcode, names=dict(area.names), level=area.level)


def _area_table(gaz: Gazetteer, records: Sequence[Located], columns: Sequence[str]) -> tuple[AreaFigures, ...]:
    """Governorate subtotal lines followed by their districts, in P-code order."""
    by_area: dict[tuple[str, str | None], dict[str, int]] = defaultdict(lambda: dict.fromkeys(columns, 0))
    for rec in records:
        line = by_area[(rec.adm1, rec.adm2)]
        for col in columns:
            line[col] += getattr(rec, col) or 0
    rows: list[AreaFigures] = []
    for adm1 in sorted({a for a, _ in by_area}):
        parts = sorted(((a2, v) for (a1, a2), v in by_area.items() if a1 == adm1),
                       key=lambda item: (item[0] is None, item[0] or ""))
        total = {c: sum(v[c] for _, v in parts) for c in columns}
        ref = _area(gaz, adm1)
        rows.append(AreaFigures(adm1=ref, adm2=None, subtotal=True, values=total))
        for adm2, values in parts:
            rows.append(AreaFigures(adm1=ref, adm2=_area(gaz, adm2) if adm2 else None, subtotal=False,
                                    values=dict(values)))
    return tuple(rows)


KEY_FIGURE_NAMES = ("killed", "killed_children", "injured", "injured_children", "displaced", "households",
                    "locations_affected", "districts_affected", "reached", "partners")


def history_figures(report: SituationReport) -> list[Figure]:
    """What the history stores of a report: totals, area lines and sector figures."""
    rows = [Figure(kind="total", place="", measure=name, value=getattr(report.figures, name))
            for name in KEY_FIGURE_NAMES]
    for kind, lines in (("casualties", report.casualties), ("displacement", report.displacement)):
        for line in lines:
            if line.subtotal or line.adm2 is not None:
                place = line.adm1.pcode if line.subtotal else line.adm2.pcode  # type: ignore[union-attr]
                rows += [Figure(kind=kind, place=place, measure=m, value=v) for m, v in line.values.items()]
    for sector in report.sectors:
        rows.append(Figure(kind="sector", place=sector.sector, measure="reached", value=sector.reached))
    return rows


def _with_changes(lines: tuple[AreaFigures, ...], kind: str, previous: IssuedReport) -> tuple[AreaFigures, ...]:
    out = []
    for line in lines:
        if not line.subtotal and line.adm2 is None:
            out.append(line)  # "district not specified" has no stable identity across reports
            continue
        place = line.adm1.pcode if line.subtotal else line.adm2.pcode  # type: ignore[union-attr]
        change = {m: v - (previous.value(m, kind, place) or 0) for m, v in line.values.items()}
        out.append(dataclasses.replace(line, change=change))
    return tuple(out)


def with_history(report: SituationReport, issued: list[IssuedReport]) -> SituationReport:
    """Add what changed since the previous issued report and the series so far.

    ``issued`` holds the issued (not superseded) reports, oldest first; this report itself is
    left out of the comparison if it was issued before (a re-issue compares with the one before).
    """
    def ref(r: IssuedReport) -> ReportRef:
        return ReportRef(report_type=r.report_type, number=r.number, as_of=r.as_of)

    earlier = [r for r in issued if (r.report_type, r.number) != (report.report_type, report.number)
               and (r.as_of, r.number) <= (report.as_of, report.number)]
    current = ReportRef(report_type=report.report_type, number=report.number, as_of=report.as_of)
    own = {name: getattr(report.figures, name) for name in KEY_FIGURE_NAMES}
    series = tuple(SeriesPoint(report=ref(r), figures={f.measure: f.value for f in r.figures if f.kind == "total"})
                   for r in earlier) + (SeriesPoint(report=current, figures=own, current=True),)
    if not earlier:
        return dataclasses.replace(report, series=series)
    last = earlier[-1]
    changes = {name: value - (last.value(name) or 0) for name, value in own.items()}
    return dataclasses.replace(
        report, previous=ref(last), changes=changes, series=series,
        casualties=_with_changes(report.casualties, "casualties", last),
        displacement=_with_changes(report.displacement, "displacement", last))


def build_report(merged: MergedData, config: ReportConfig, gazetteer: Gazetteer) -> SituationReport:
    """Compute every figure and table the templates can show."""
    cas, dis = merged.of(CASUALTIES), merged.of(DISPLACEMENT)
    places_, response = merged.of(LOCATIONS), merged.of(RESPONSE)
    estimated: set[str] = set()
    for located in (*cas, *dis):
        estimated.update(ESTIMATE_FIGURE.get(f, f) for f in located.estimated)

    places: dict[tuple[str, str | None, str], list[LocationRecord]] = defaultdict(list)
    for loc in places_:
        places[(loc.adm1, loc.adm2, " ".join(loc.place.casefold().split()) or loc.adm2 or loc.adm1)].append(loc)
    locations = []
    for (adm1, adm2, _), recs in sorted(places.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])):
        statuses = tuple(sorted({r.status for r in recs}))
        # The point of the latest row that has one (rows of one place are in the merge's order).
        pointed = max((r for r in recs if r.point), key=lambda r: r.date, default=None)
        locations.append(LocationEntry(adm1=_area(gazetteer, adm1), adm2=_area(gazetteer, adm2) if adm2 else None,
                                       place=recs[0].place, statuses=statuses,
                                       last_reported=max(r.date for r in recs),
                                       point=pointed.point if pointed else None,
                                       point_from=pointed.origin if pointed else None))

    sectors: dict[str, list[ResponseRecord]] = defaultdict(list)
    for resp in response:
        sectors[resp.sector].append(resp)
    sector_rows = []
    for name in sorted(sectors):
        done = sectors[name]
        targets = [r.targeted for r in done if r.targeted is not None]
        sector_rows.append(SectorFigures(
            sector=name, reached=sum(r.reached for r in done),
            targeted=sum(targets) if targets else None,
            partners=tuple(sorted({r.org for r in done})),
            activities=tuple(dict.fromkeys(r.activity for r in done if r.activity))))

    districts = {r.adm2 for r in (*cas, *dis, *places_) if r.adm2}
    figures = Figures(
        killed=sum(r.killed for r in cas),
        killed_children=sum(r.killed_children or 0 for r in cas),
        injured=sum(r.injured for r in cas),
        injured_children=sum(r.injured_children or 0 for r in cas),
        displaced=sum(r.idps for r in dis),
        households=sum(r.households or 0 for r in dis),
        locations_affected=len(locations),
        districts_affected=len(districts),
        reached=sum(s.reached for s in sector_rows),
        partners=len({r.org.casefold() for r in response}),
        estimated=frozenset(estimated),
    )

    numbering: dict[str, int] = {}
    sources = merged.of(SOURCES)
    sources_by_ref = {s.ref.casefold(): s for s in sources}
    paragraphs = []
    for para in merged.of(NARRATIVE):
        notes = []
        for ref in para.sources:
            key = ref.casefold()
            if key in sources_by_ref:
                notes.append(numbering.setdefault(key, len(numbering) + 1))
        paragraphs.append(NarrativeParagraph(section=para.section, texts=dict(para.texts), sector=para.sector,
                                             footnotes=tuple(dict.fromkeys(notes))))
    cited = sorted(numbering.items(), key=lambda kv: kv[1])
    uncited = [s for s in sources if s.ref.casefold() not in numbering]
    entries = [_source(sources_by_ref[k], n) for k, n in cited]
    entries += [_source(s, len(entries) + i + 1) for i, s in enumerate(uncited)]

    orgs: set[str] = {r.org for r in (*cas, *dis, *places_)} | {r.org for r in response}
    partners = sorted(orgs, key=str.casefold)
    return SituationReport(
        country=config.country, crisis=config.crisis, crisis_by_language=dict(config.crisis_by_language),
        slug=config.slug, report_type=config.report_type,
        number=config.number, period_start=config.period_start, period_end=config.period_end,
        as_of=config.as_of, organisation=config.organisation, illustrative=config.illustrative,
        figures=figures,
        casualties=_area_table(gazetteer, cas, CASUALTIES.table),
        displacement=_area_table(gazetteer, dis, DISPLACEMENT.table),
        locations=tuple(locations), sectors=tuple(sector_rows), narrative=tuple(paragraphs),
        sources=tuple(entries), contacts=config.contacts, partners_reporting=tuple(partners),
        next_report=config.next_report, funding=config.funding,
        admin_levels=gazetteer.admin_levels(config.admin_levels, config.admin_levels_by_language))


def _source(src: SourceRecord, number: int) -> SourceEntry:
    return SourceEntry(number=number, ref=src.ref, org=src.org, title=src.title, date=src.date, url=src.url)
