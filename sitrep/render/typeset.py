"""The typesetting specification every renderer maps: text styles, box ratios, page geometry, keep rules.

Pure data (standard library only): the PDF renderer (reportlab), the DOCX renderer (python-docx)
and any later renderer (HTML) read their sizes, spacing and proportions from here, so a heading
has the same space before it in every format and a change is made once. Sizes are in points
(1/72 inch) and lengths on the page in millimetres unless a name says otherwise.

Chart and map typography lives with their shared layouts (:mod:`sitrep.render.chart_layout`,
:mod:`sitrep.render.map_layout`), which both renderers already draw from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from sitrep.compose.document import Theme

Weight = Literal["regular", "bold"]
ColorRole = Literal["text", "primary", "accent", "muted", "band_text"]
"""A colour named by its role; :func:`color_of` looks it up in the template's theme."""
Script = Literal["latin", "arabic", "cjk"]
StyleName = Literal[
    "body", "lead", "note", "bullet", "heading1", "heading2", "heading3",
    "band_country", "band_title", "band_label", "band_small", "band_status",
    "fig_value", "fig_value_unknown", "fig_label", "fig_note", "fig_change",
    "cell", "cell_bold", "cell_head", "contact_name", "contact_line",
    "footer", "notice", "header", "draft_header", "draft_mark",
]
TEXT_COLOR = "#222222"
"""Body text: near-black, softer than pure black on screen and in print."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TextStyle:
    """One named text style.

    Attributes:
        size: font size in points.
        leading: baseline-to-baseline distance in points for Latin script (see :data:`LEADING_FACTOR`).
        weight: regular or bold.
        color: colour role, resolved against the template theme.
        space_before: points above the paragraph.
        space_after: points below the paragraph.
        keep_with_next: never the last thing on a page (headings).
    """

    size: float
    leading: float
    weight: Weight = "regular"
    color: ColorRole = "text"
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False

    @property
    def bold(self) -> bool:
        return self.weight == "bold"


def _s(size: float, leading: float, weight: Weight = "regular", color: ColorRole = "text", *,
       before: float = 0.0, after: float = 0.0, keep: bool = False) -> TextStyle:
    return TextStyle(size=size, leading=leading, weight=weight, color=color, space_before=before,
                     space_after=after, keep_with_next=keep)


STYLES: MappingProxyType[StyleName, TextStyle] = MappingProxyType({
    "body": _s(9.5, 13.2, after=5),
    "lead": _s(10, 14, color="primary", after=7),
    "note": _s(8, 10.5, color="muted", after=4),
    "bullet": _s(9.5, 13.2, after=3),
    "heading1": _s(12.5, 16, "bold", "primary", before=9, after=4, keep=True),
    "heading2": _s(11, 14, "bold", "primary", before=7, after=3, keep=True),
    "heading3": _s(9.5, 13, "bold", "muted", before=4, after=2, keep=True),
    "band_country": _s(10, 13, "bold", "band_text"),
    "band_title": _s(19, 23, "bold", "band_text"),
    "band_label": _s(11.5, 15, "bold", "band_text"),
    "band_small": _s(8.5, 11, color="band_text"),
    "band_status": _s(8.5, 12, "bold", "band_text", before=2),
    "fig_value": _s(20, 23, "bold", "accent"),
    # "no data yet" in place of a number: small enough for one line of a card in every shipped
    # language, on the number's leading so the labels of a row of cards stay level.
    "fig_value_unknown": _s(9, 23, "bold", "muted"),
    "fig_label": _s(8.5, 10.5, "bold"),
    "fig_note": _s(7.5, 9.5, color="muted"),
    "fig_change": _s(7.5, 9.5, "bold", "primary"),
    "cell": _s(8.5, 10.8),
    "cell_bold": _s(8.5, 10.8, "bold"),
    "cell_head": _s(8, 10, "bold", "primary"),
    # A contact's name is the line a reader looks for: never smaller than the job title under it.
    "contact_name": _s(9.5, 13, "bold"),
    "contact_line": _s(8.5, 11.5),
    "footer": _s(7.5, 9, color="muted"),
    "notice": _s(7, 8.5, color="muted"),
    "header": _s(7.5, 9, color="muted"),
    "draft_header": _s(9, 11, "bold", "accent"),
    "draft_mark": _s(96, 96, "bold", "accent"),
})
"""Every text style, by name. Renderers map these; they hold no sizes of their own."""

HEADING_STYLES: tuple[StyleName, StyleName, StyleName] = ("heading1", "heading2", "heading3")
"""Heading levels 1, 2 and 3+ (levels beyond 3 use level 3)."""

LEADING_FACTOR: MappingProxyType[Script, float] = MappingProxyType({"latin": 1.0, "arabic": 1.18, "cjk": 1.12})
"""Arabic script needs more line height than Latin at the same size (tall ascenders, dots below),
and Han characters (full-height squares) a little more too."""


def heading_style(level: int) -> StyleName:
    """The style of a heading of ``level`` (1 = section)."""
    return HEADING_STYLES[min(max(level, 1), 3) - 1]


def leading(style: TextStyle, script: Script) -> float:
    """The style's line height for a script."""
    return style.leading * LEADING_FACTOR[script]


def color_of(theme: Theme, role: ColorRole) -> str:
    """``#RRGGBB`` of a colour role in a template theme."""
    match role:
        case "text":
            return TEXT_COLOR
        case "primary":
            return theme.primary
        case "accent":
            return theme.accent
        case "muted":
            return theme.muted
        case "band_text":
            return theme.band_text


@dataclass(frozen=True, slots=True, kw_only=True)
class Boxes:
    """Proportions and gaps of the composite blocks (fractions of the text width; mm; pt where named)."""

    band_main: float = 0.64
    """Title band: the country/crisis cell (the example's crisis name fits one line); the rest
    holds the label, dates and period, whose date is kept whole (:func:`no_break_year`)."""
    band_padding_x_mm: float = 5.0
    band_padding_top_mm: float = 4.0
    band_padding_bottom_mm: float = 4.5
    band_divider_pt: float = 0.8
    logo_height_mm: float = 12.0
    after_band_mm: float = 4.0
    figure_gap_mm: float = 3.0
    figure_edge_pt: float = 2.2
    """The accent rule on the reading side of each key-figure card."""
    figure_padding_mm: tuple[float, float, float, float] = (3.5, 2.0, 2.5, 3.0)
    """Key-figure card padding: reading side, far side, top, bottom."""
    after_figures_mm: float = 2.0
    bar_width: float = 0.32
    """Progress bar length as a fraction of the text width."""
    bar_height_pt: float = 7.0
    bar_gap_mm: float = 4.0
    bar_caption_before_pt: float = 2.0
    bar_after_pt: float = 4.0
    cell_padding_pt: tuple[float, float, float, float] = (4.0, 4.0, 2.2, 3.0)
    """Table cell padding: left, right, top, bottom."""
    cell_after_pt: float = 1.0
    """Space after a paragraph inside a table cell (DOCX)."""
    indent_pt: float = 8.0
    """Indent per level of a table row's first cell (districts under their governorate)."""
    bullet_indent_pt: float = 12.0
    bullet_mark_indent_pt: float = 2.0
    rule_pt: float = 0.8
    """Heavy rules: under a table's header row, above its total row."""
    hairline_pt: float = 0.25
    """Light rules between body rows."""
    after_table_mm: float = 2.0
    table_note_gap_mm: float = 1.5
    after_figure_mm: float = 3.0
    """After a chart or map."""
    contacts_columns: int = 2
    contact_after_mm: float = 3.0


@dataclass(frozen=True, slots=True, kw_only=True)
class PageGeometry:
    """Page sizes and where the running header and footer sit (mm)."""

    sizes_mm: tuple[tuple[str, float, float], ...] = (("A4", 210.0, 297.0), ("LETTER", 215.9, 279.4))
    footer_band_mm: float = 10.0
    """Room kept below the text frame for the footer rule, line and notice."""
    footer_rule_mm: float = 6.0
    """Height of the footer rule above the bottom margin."""
    footer_rule_pt: float = 0.6
    footer_text_mm: float = 2.5
    notice_mm: float = -1.0
    header_mm: float = 3.0
    """Height of the running header's baseline above the top margin."""
    header_gap_mm: float = 4.0
    """DOCX: space between the header (DRAFT line) and the body, so they never touch."""
    docx_header_mm: float = 4.0
    """DOCX: height allowed for the one-line running header."""
    docx_footer_mm: float = 6.0
    """DOCX: distance of the footer's last line from the page's bottom edge."""
    draft_opacity: float = 0.10

    def size_mm(self, theme: Theme) -> tuple[float, float]:
        """Width and height of the theme's page."""
        for name, width, height in self.sizes_mm:
            if name == theme.page_size:
                return width, height
        return self.sizes_mm[0][1], self.sizes_mm[0][2]

    def text_width_mm(self, theme: Theme) -> float:
        return self.size_mm(theme)[0] - 2 * theme.margin_mm


@dataclass(frozen=True, slots=True, kw_only=True)
class KeepRules:
    """What stays together across a page break."""

    table_min_rows: int = 3
    """A table splits with at least this many body rows on each side (and its header repeated);
    a shorter table never splits."""
    min_lines: int = 2
    """No widows or orphans: a paragraph split leaves at least this many lines on each side."""
    max_empty_fraction: float = 0.2
    """No page but the last should be emptier than this (checked by the tests, not enforced)."""
    figure_min_width: float = 0.6
    """A chart that does not fit the rest of a page may be drawn this narrow (of the column) to fit."""
    last_page_min_fill: float = 0.2
    """A last page filled less than this is pulled back, when it can be, by tighter spacing."""
    squeeze: float = 0.5
    """Factor on paragraph and block spacing when pulling a nearly empty last page back (PDF only: Word
    lays its pages out itself)."""


BOXES = Boxes()
PAGE = PageGeometry()
KEEP = KeepRules()


CONTINUED = " · "
"""Joins a section's name to a sub-heading that opens a page ("Shelter/NFI · Gaps")."""
WORD_JOINER = "\u2060"
DATE_KEPT_WHOLE = 32
"""A date of up to this many characters after its label ("Reporting period: 27–29 November 2024")
is kept on one line; it fits the band's side cell at band size in every shipped language."""


def no_break_year(text: str, fits: Callable[[str], bool] | None = None) -> str:
    """A band line whose date never wraps: the date after the label's colon kept whole when it fits
    the cell (``fits``, which a renderer that can measure passes; otherwise at most
    :data:`DATE_KEPT_WHOLE` characters), and in any case the year kept on the line of the word
    before it ("November\u00a02024"), never alone on the next."""
    import re

    label, colon, date = text.rpartition(": ")
    if not colon:  # Chinese: a full-width colon, no space after it
        label, colon, date = text.rpartition("\uff1a")
    if colon and (fits(date) if fits else len(date) <= DATE_KEPT_WHOLE):
        # Thin spaces around a range's dash (CLDR intervals) too: reportlab breaks lines at them.
        date = re.sub("[ \u2009\u202f]", "\u00a0", date)
        if re.search("[\u3000-\u9fff]", date):
            # A line may end after any Han character ("12月 / 2日"): word joiners (UAX #14 class WJ)
            # between the characters keep the date whole; renderers draw nothing for them.
            date = WORD_JOINER.join(date)
        return label + colon + date
    return re.sub(r"(\S) (?=\d{4}\b)", "\\1\u00a0", text)


__all__ = ["BOXES", "CONTINUED", "DATE_KEPT_WHOLE", "HEADING_STYLES", "KEEP", "LEADING_FACTOR", "PAGE", "STYLES",
           "Boxes", "ColorRole", "KeepRules", "PageGeometry", "Script", "StyleName", "TextStyle", "Weight", "color_of",
           "heading_style", "leading", "no_break_year"]
