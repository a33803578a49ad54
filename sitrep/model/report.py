"""The report model: what the report says, before any language or layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep.boundaries import Polygon
from sitrep.config import Contact, Funding
from sitrep.gazetteer import AdminLevels
from sitrep.kinds import Origin
from sitrep.mapconfig import Measure

Box = tuple[float, float, float, float]
"""min longitude, min latitude, max longitude, max latitude."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaRef:
    """An admin area as the report names it."""

    pcode: str
    names: dict[str, str]
    level: int

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


Count = int | None
"""A figure of the report: None when no partner reported it ("not reported", never 0)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """Headline totals, all from merged data.

    None means no partner reported the figure (the report says "no data yet"); 0 means partners
    reported zero. A figure named in ``partial`` sums what was reported while some rows left it
    blank: it is a lower bound ("at least N").
    """

    killed: Count = 0
    killed_children: Count = 0
    injured: Count = 0
    injured_children: Count = 0
    displaced: Count = 0
    households: Count = 0
    locations_affected: Count = 0
    districts_affected: Count = 0
    reached: Count = 0
    partners: Count = 0
    estimated: frozenset[str] = frozenset()
    """Figure names that include a partner estimate."""
    partial: frozenset[str] = frozenset()
    """Figure names whose total leaves out rows that did not report it: at least the value."""

    def placeholders(self) -> dict[str, Count]:
        """Values for every narrative placeholder (see ``intake.schema.PLACEHOLDERS``); None where
        the figure was not reported (see :meth:`partial_placeholders` for lower bounds)."""
        return {name: getattr(self, figure) if figure else _either(self.killed, self.injured)
                for name, figure in PLACEHOLDER_FIGURES.items()}

    def partial_placeholders(self) -> frozenset[str]:
        """Placeholders whose value is a lower bound ("at least N")."""
        casualties = "killed" in self.partial or "injured" in self.partial or (
            (self.killed is None) != (self.injured is None))
        return frozenset(name for name, figure in PLACEHOLDER_FIGURES.items()
                         if (figure in self.partial if figure else casualties))


PLACEHOLDER_FIGURES = {
    "killed_total": "killed", "killed_children": "killed_children", "injured_total": "injured",
    "injured_children": "injured_children", "casualties_total": "", "displaced_total": "displaced",
    "households_displaced": "households", "locations_affected": "locations_affected",
    "districts_affected": "districts_affected", "reached_total": "reached", "partners_total": "partners"}
"""Narrative placeholder -> the figure it shows ("": killed and injured added up)."""


def _either(a: Count, b: Count) -> Count:
    """The sum of two figures where at least one is known (None when neither is)."""
    return None if a is None and b is None else (a or 0) + (b or 0)


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaFigures:
    """One table line: a governorate subtotal or a district (or 'district not specified')."""

    adm1: AreaRef
    adm2: AreaRef | None
    """None on the governorate subtotal line and on the 'not specified' line."""
    subtotal: bool
    values: dict[str, Count]
    """Measure -> total; None where no row of the line reported it."""
    change: dict[str, int] | None = None
    """Change of each value since the previous issued report (None: no previous report); a measure
    unknown now or then has no entry (a change against an unknown is not drawn)."""
    partial: frozenset[str] = frozenset()
    """Measures some rows of the line left blank: the value is a lower bound ("at least N")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationEntry:
    adm1: AreaRef
    adm2: AreaRef | None
    place: str
    statuses: tuple[str, ...]
    last_reported: dt.date
    point: tuple[float, float] | None = None
    """(latitude, longitude) a partner gave for the place (the map marks it); None: none given."""
    point_from: Origin | None = None
    """The row the point came from (the map's findings about it point there)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SectorFigures:
    sector: str
    reached: int
    targeted: int | None
    partners: tuple[str, ...]
    activities: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrativeParagraph:
    section: str
    texts: dict[str, str]
    sector: str | None = None
    """For needs/response/gaps paragraphs: the sector they are about."""
    footnotes: tuple[int, ...] = ()
    """Numbers of the sources cited (1-based, in order of first citation)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceEntry:
    number: int
    ref: str
    org: str
    title: str
    date: dt.date | None
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportRef:
    """Another report of the series, as readers name it ("Flash Update No. 2")."""

    report_type: str
    number: int
    as_of: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPoint:
    """Headline figures of one report of the series (issued ones, then this one)."""

    report: ReportRef
    figures: dict[str, int]
    """Figure -> value; a figure that report did not know has no entry."""
    current: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MapArea:
    pcode: str
    names: dict[str, str]
    """language -> name (``en`` always present)."""
    value: int | None
    """The measure in this area; None when nothing was reported (drawn as not affected)."""
    polygons: tuple[Polygon, ...]
    label_at: tuple[float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class MapPoint:
    """An affected location marked on the map, where a partner's coordinates put it."""

    lon: float
    lat: float
    place: str
    """The community's name as reported (may be empty)."""
    pcode: str
    """The district (or governorate) the row names."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportMap:
    measure: Measure
    level: int
    """1 = governorates, 2 = districts."""
    areas: tuple[MapArea, ...]
    outlines: tuple[tuple[Polygon, ...], ...]
    """Parent areas (governorates) drawn as heavier outlines."""
    view: Box
    """What the map shows (the renderers widen it to their frame's proportions)."""
    breaks: tuple[int, ...]
    """Upper bound of each legend class (the first class starts at 1)."""
    source: str
    attribution: str = ""
    unplaced: int = 0
    """How much of the measure was reported without an area the map can show."""
    points: tuple[MapPoint, ...] = ()
    """Affected locations with coordinates (empty when ``[map] mark_locations`` is false)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SituationReport:
    """Everything one report issue says, independent of language and layout."""

    country: str
    crisis: str
    crisis_by_language: dict[str, str]
    slug: str
    report_type: str
    number: int
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    organisation: str
    illustrative: bool
    figures: Figures
    casualties: tuple[AreaFigures, ...]
    displacement: tuple[AreaFigures, ...]
    locations: tuple[LocationEntry, ...]
    sectors: tuple[SectorFigures, ...]
    narrative: tuple[NarrativeParagraph, ...]
    sources: tuple[SourceEntry, ...]
    contacts: tuple[Contact, ...]
    partners_reporting: tuple[str, ...] = field(default=())
    next_report: dt.date | None = None
    funding: Funding | None = None
    previous: ReportRef | None = None
    """The last issued report before this one; None for the first of a series."""
    changes: dict[str, int] = field(default_factory=dict)
    """Key figure -> change since ``previous`` (empty without a previous report; no entry for a
    figure unknown in either report)."""
    series: tuple[SeriesPoint, ...] = ()
    """Every issued report before this one and this one, oldest first."""
    admin_levels: AdminLevels = field(default_factory=AdminLevels)
    """What the country calls its admin levels, for the tables' headings."""
    draft: bool = True
    """Not (yet) issued: the documents say DRAFT."""
    map: ReportMap | None = None
    """The map of affected areas (None: no usable ``[map]`` boundaries)."""
    """Organisations whose rows were used, for the data-sources line."""

    def paragraphs(self, section: str, sector: str | None = None) -> list[NarrativeParagraph]:
        """Paragraphs of a section; sector paragraphs only when their sector is asked for."""
        return [p for p in self.narrative if p.section == section and p.sector == sector]
