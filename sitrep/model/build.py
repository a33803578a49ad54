"""Build the :class:`SituationReport` from merged data: totals, tables, footnotes."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from sitrep.codes import W_FIGURE_NOT_REPORTED
from sitrep.config import CONFIG_NAME, ReportConfig
from sitrep.errors import Finding, Position
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
    Count,
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


def known_sum(records: Sequence[object], field: str, whole: str | None = None) -> tuple[Count, bool]:
    """The total of ``field`` over the records that reported it (None: none did), and whether some
    record left it blank so that the total is a lower bound. A blank part beside a whole of 0
    (children among 0 killed) is known to be 0."""
    total: Count = None
    partial = False
    for rec in records:
        value = getattr(rec, field)
        if value is None and whole is not None and getattr(rec, whole) == 0:
            value = 0  # no children among no one killed
        if value is None:
            partial = True
        else:
            total = (total or 0) + value
    return total, partial and total is not None


def _line(records: Sequence[object], columns: Sequence[str]) -> tuple[dict[str, Count], frozenset[str]]:
    values: dict[str, Count] = {}
    partial = set()
    for col in columns:
        values[col], some_blank = known_sum(records, col, WHOLE.get(col))
        if some_blank:
            partial.add(col)
    return values, frozenset(partial)


def _area_table(gaz: Gazetteer, records: Sequence[Located], columns: Sequence[str]) -> tuple[AreaFigures, ...]:
    """Governorate subtotal lines followed by their districts, in P-code order."""
    by_area: dict[tuple[str, str | None], list[Located]] = defaultdict(list)
    for rec in records:
        by_area[(rec.adm1, rec.adm2)].append(rec)
    rows: list[AreaFigures] = []
    for adm1 in sorted({a for a, _ in by_area}):
        parts = sorted(((a2, recs) for (a1, a2), recs in by_area.items() if a1 == adm1),
                       key=lambda item: (item[0] is None, item[0] or ""))
        ref = _area(gaz, adm1)
        total, partial = _line([r for _, recs in parts for r in recs], columns)
        rows.append(AreaFigures(adm1=ref, adm2=None, subtotal=True, values=total, partial=partial))
        for adm2, recs in parts:
            values, partial = _line(recs, columns)
            rows.append(AreaFigures(adm1=ref, adm2=_area(gaz, adm2) if adm2 else None, subtotal=False,
                                    values=values, partial=partial))
    return tuple(rows)


WHOLE = {part: whole for kind in (CASUALTIES, DISPLACEMENT) for part, whole in kind.subgroups}
"""A part's whole (killed_children -> killed)."""
def unreported_figures(report: SituationReport, names: Sequence[str]) -> list[Finding]:
    """A warning for the build summary when no partner reported some of the key figures ``names``
    (the report's cards say "no data yet" for them, never 0)."""
    unknown = [name for name in names if getattr(report.figures, name) is None]
    if not unknown:
        return []
    return [W_FIGURE_NOT_REPORTED(
        f"no partner reported {', '.join(n.replace('_', ' ') for n in unknown)}: the report says 'no data yet' "
        + ("for it" if len(unknown) == 1 else "for them"),
        hint="collect the figures from the partners, check that their files are in the inputs folder, or "
             "leave the figure out of the template's key figures", position=Position(file=CONFIG_NAME,
                                                                                  key="intake.files"))]


KEY_FIGURE_NAMES = ("killed", "killed_children", "injured", "injured_children", "displaced", "households",
                    "locations_affected", "districts_affected", "reached", "partners")


def history_figures(report: SituationReport) -> list[Figure]:
    """What the history stores of a report: totals, area lines and sector figures.

    A figure nobody reported is not stored: in the history an absent figure is unknown and a
    stored 0 is zero (issue 23), so a later report never draws a change against an unknown."""
    rows = [Figure(kind="total", place="", measure=name, value=value)
            for name in KEY_FIGURE_NAMES if (value := getattr(report.figures, name)) is not None]
    for kind, lines in (("casualties", report.casualties), ("displacement", report.displacement)):
        for line in lines:
            if line.subtotal or line.adm2 is not None:
                place = line.adm1.pcode if line.subtotal else line.adm2.pcode  # type: ignore[union-attr]
                rows += [Figure(kind=kind, place=place, measure=m, value=v) for m, v in line.values.items()
                         if v is not None]
    for sector in report.sectors:
        rows.append(Figure(kind="sector", place=sector.sector, measure="reached", value=sector.reached))
    return rows


def _delta(now: Count, then: int | None) -> int | None:
    """The change since the previous report; None (not drawn) when either value is unknown."""
    return None if now is None or then is None else now - then


def _with_changes(lines: tuple[AreaFigures, ...], kind: str, previous: IssuedReport) -> tuple[AreaFigures, ...]:
    out = []
    for line in lines:
        if not line.subtotal and line.adm2 is None:
            out.append(line)  # "district not specified" has no stable identity across reports
            continue
        place = line.adm1.pcode if line.subtotal else line.adm2.pcode  # type: ignore[union-attr]
        change = {m: d for m, v in line.values.items()
                  if (d := _delta(v, previous.value(m, kind, place))) is not None}
        out.append(dataclasses.replace(line, change=change))
    return tuple(out)


def with_history(report: SituationReport, issued: list[IssuedReport]) -> SituationReport:
    """Add what changed since the previous issued report and the series so far.

    ``issued`` holds the issued (not superseded) reports, oldest first; this report itself is
    left out of the comparison if it was issued before (a re-issue compares with the one before).
    A figure unknown in this report or the previous one has no change: none is drawn.
    """
    def ref(r: IssuedReport) -> ReportRef:
        return ReportRef(report_type=r.report_type, number=r.number, as_of=r.as_of)

    earlier = [r for r in issued if (r.report_type, r.number) != (report.report_type, report.number)
               and (r.as_of, r.number) <= (report.as_of, report.number)]
    current = ReportRef(report_type=report.report_type, number=report.number, as_of=report.as_of)
    own = {name: v for name in KEY_FIGURE_NAMES if (v := getattr(report.figures, name)) is not None}
    series = tuple(SeriesPoint(report=ref(r), figures={f.measure: f.value for f in r.figures if f.kind == "total"})
                   for r in earlier) + (SeriesPoint(report=current, figures=own, current=True),)
    if not earlier:
        return dataclasses.replace(report, series=series)
    last = earlier[-1]
    changes = {name: d for name, value in own.items() if (d := _delta(value, last.value(name))) is not None}
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
    totals = {name: known_sum(recs, field, WHOLE.get(field)) for name, recs, field in (
        ("killed", cas, "killed"), ("killed_children", cas, "killed_children"), ("injured", cas, "injured"),
        ("injured_children", cas, "injured_children"), ("displaced", dis, "idps"),
        ("households", dis, "households"))}
    figures = Figures(
        **{name: value for name, (value, _) in totals.items()},
        locations_affected=len(locations) if places_ else None,
        districts_affected=len(districts) if (cas or dis or places_) else None,
        reached=sum(s.reached for s in sector_rows) if response else None,
        partners=len({r.org.casefold() for r in response}) if response else None,
        estimated=frozenset(estimated),
        partial=frozenset(name for name, (_, partial) in totals.items() if partial),
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
