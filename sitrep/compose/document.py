"""The composed document: localised, layout-neutral blocks that every renderer walks.

All text here is final (translated, numbers formatted); renderers only lay it out. Because
DOCX and PDF are drawn from the same :class:`Document`, they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ParagraphStyle = Literal["body", "lead", "note"]
"""``lead``: the opening sentence of a Situation Report; ``note``: small print (sources, notices)."""
Direction = Literal["", "ltr", "rtl"]
"""``""``: the document's direction; ``ltr``/``rtl``: text in another language (a fallback)."""
RowKind = Literal["body", "subtotal", "total"]
ChartKind = Literal["bar", "line"]
"""``bar``: grouped bars; ``line``: one point per category, joined."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """Page and colour settings from the template."""

    page_size: str = "A4"
    margin_mm: float = 16.0
    primary: str = "#1B5E9F"
    accent: str = "#D9472B"
    muted: str = "#5F6B76"
    band_text: str = "#FFFFFF"
    table_header: str = "#DCE6F1"
    subtotal: str = "#F1F4F8"
    docx_font: str = "Arial"
    font_latin: str = "Noto Sans"
    """PDF font family for Latin, Cyrillic and Greek (an installed font package)."""
    font_arabic: str = "Noto Sans Arabic"
    """PDF font family for Arabic-script documents."""
    """Font named in the DOCX (not embedded): one every Word installation has."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TitleBand:
    country: str
    crisis: str
    label: str
    """``Flash Update No. 1``."""
    date_line: str
    """``As of 29 November 2024``."""
    period_line: str
    status: str = ""
    """``DRAFT — not for distribution`` until the report is issued."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyFigure:
    value: str
    label: str
    note: str = ""
    known: bool = True
    """False when no partner reported the figure (``value`` then says "no data yet")."""
    change: str = ""
    """``▲ 12,400 since Flash Update No. 2`` (empty for the first report of a series)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    text: str
    anchor: str = ""
    """Stable id (the template section id), used for bookmarks."""
    level: int = 1
    """1 = section, 2 = sub-section (a sector, Needs / Response / Gaps)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressBar:
    """Progress towards a target: a bar and its caption ("12,800 of 18,000 reached (71%)")."""

    fraction: float
    """0..1 (values above 1 are drawn full)."""
    caption: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    text: str
    footnotes: tuple[int, ...] = ()
    fallback: str = ""
    """Non-empty when the text is shown in another language: the visible notice."""
    style: ParagraphStyle = "body"
    direction: Direction = ""
    """``""`` = the document's; ``ltr``/``rtl`` when the text is in another language (a fallback)."""
    language: str = ""
    """``""`` = the document's; the text's language code when it is in another (a fallback; HTML ``lang``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BulletList:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TableColumn:
    text: str
    numeric: bool = False
    weight: float = 1.0
    """Relative width."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow:
    cells: tuple[str, ...]
    kind: RowKind = "body"
    """Subtotal and total lines are emphasised."""
    indent: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactCard:
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactList:
    items: tuple[ContactCard, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceList:
    items: tuple[tuple[int, str], ...]
    """(footnote number, text)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartSeries:
    name: str
    """Legend text (localised)."""
    values: tuple[float, ...]
    """One value per category."""
    labels: tuple[str, ...] = ()
    """The values formatted for the language, shown on or above the bars/points."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    """One chart specification; the PDF draws it as vectors, the DOCX embeds a PNG of it.

    All text is final and localised; ``rtl`` charts put the first category on the right.
    """

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    source: str
    """The "Source: …" line under the chart."""
    value_axis: str = ""
    """Caption of the value axis."""
    rtl: bool = False
    description: str = ""
    """Text alternative (alt text) summarising the chart."""
    timeline: bool = False
    """The categories are points in time, oldest first: they run left to right in every language."""


Ring = tuple[tuple[float, float], ...]
"""A closed ring of (longitude, latitude)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MapShape:
    """One area of a map: its rings (outer edges and holes, filled even-odd), class and label."""

    rings: tuple[Ring, ...]
    shade: int
    """Legend class (0 = lightest); -1 = not affected or no data."""
    label: str = ""
    """Name shown on the map (affected areas only); empty: none."""
    label_at: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class LegendEntry:
    text: str
    shade: int
    """Legend class; -1 = the not-affected swatch, -2 = the governorate outline key, -3 = the
    affected-location marker."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaMap:
    """A choropleth of affected areas; the PDF draws it as vectors, the DOCX embeds a PNG of it.

    All text is final and localised. Geometry is in longitude/latitude; the renderers project it.
    """

    title: str
    areas: tuple[MapShape, ...]
    outlines: tuple[Ring, ...]
    """Edges of the parent areas (governorates), drawn heavier."""
    view: tuple[float, float, float, float]
    """Longitude/latitude box the map must show (min lon, min lat, max lon, max lat)."""
    classes: int
    """Number of legend classes (the palette is chosen for it)."""
    legend_title: str
    legend: tuple[LegendEntry, ...]
    scale_labels: tuple[tuple[int, str], ...]
    """Scale bar lengths in km the renderer may choose from, with their localised labels."""
    notes: tuple[str, ...]
    """Lines under the map: figures not shown, the boundaries' attribution, the UN disclaimer."""
    rtl: bool = False
    description: str = ""
    """Text alternative (alt text) naming the shaded areas and their values."""
    markers: tuple[tuple[float, float], ...] = ()
    """Affected locations to mark, as (longitude, latitude) (map helper, issue 17)."""


Block = (TitleBand | KeyFigures | Heading | Paragraph | BulletList | Table | ContactList | SourceList
         | ProgressBar | Chart | AreaMap)


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One report in one language, ready for any renderer."""

    language: str
    locale: str = "en_GB"
    """CLDR locale used for formatting (``ar_SY``); also the DOCX language tag."""
    rtl: bool
    title: str
    """Document title for metadata and the window title."""
    subject: str
    author: str
    file_stem: str
    """``syria-nw-escalation_flash-update-01_2024-11-29_en``."""
    footer: str
    page_label: str
    """Format string with ``{page}`` and ``{pages}``."""
    notice: str = ""
    """A line printed on every page (e.g. illustrative data)."""
    header: str = ""
    """A line at the top of every page (the template's identity.header)."""
    logo: str = ""
    """Path of a PNG/JPEG logo shown in the title band (the template's identity.logo)."""
    theme: Theme = field(default_factory=Theme)
    blocks: tuple[Block, ...] = ()
    as_of_iso: str = ""
    """The report's as-of date (ISO), used as the document's fixed creation date."""
    keywords: tuple[str, ...] = ()
    """PDF/DOCX keywords: country, crisis, report, organisation."""
    draft: str = ""
    """The word shown across every page of a draft (``DRAFT`` in the language); empty once issued."""
