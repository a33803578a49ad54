"""The intake format, as data: sheets, their columns, HXL hashtags and header labels.

Columns are found by HXL hashtag when the sheet has a hashtag row (any order, extra
columns ignored), otherwise by header label. The same description drives the reader,
the validator and (later) the blank intake templates.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """Value types a column can hold."""

    TEXT = "text"
    INT = "int"
    DATE = "date"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One intake column."""

    field: str
    """Name used in records (``killed_children``)."""
    tag: str
    """HXL hashtag with attributes (``#affected+killed+children``)."""
    label: str
    """English header label, as written in the templates."""
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    """Other header labels accepted for this column."""
    categories: tuple[str, ...] = ()
    """Allowed values for a category column."""
    hint: str = ""
    """What to type, used in messages and the templates."""

    @property
    def hashtag(self) -> str:
        return self.tag.split("+", 1)[0].lower()

    @property
    def attributes(self) -> frozenset[str]:
        return frozenset(a.lower() for a in self.tag.split("+")[1:])


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetSpec:
    """One intake sheet: its name and columns."""

    name: str
    columns: tuple[Column, ...]
    location_required: bool = True
    """Each row must name a governorate or district."""

    def column(self, field: str) -> Column:
        for col in self.columns:
            if col.field == field:
                return col
        raise KeyError(field)


NARRATIVE_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic",
                  "ru": "Russian", "zh": "Chinese"}

SECTORS = ("CCCM", "Early Recovery", "Education", "Food Security", "Health", "Logistics",
           "Nutrition", "Protection", "Shelter/NFI", "WASH", "Coordination")
LOCATION_STATUSES = ("hostilities", "airstrikes", "shelling", "access-constrained",
                     "hosting-idps", "services-disrupted")
NARRATIVE_SECTIONS = ("highlights", "overview", "response", "access", "displacement",
                      "casualties", "needs")

_LOCATION = (
    Column(field="adm1_name", tag="#adm1+name", label="Governorate",
           aliases=("admin 1", "adm1", "province", "governorate name"),
           hint="governorate name from the gazetteer"),
    Column(field="adm1_code", tag="#adm1+code", label="Governorate P-code",
           aliases=("adm1 pcode", "admin1pcode", "adm1_pcode"), hint="e.g. SY02"),
    Column(field="adm2_name", tag="#adm2+name", label="District",
           aliases=("admin 2", "adm2", "district name"), hint="district name from the gazetteer"),
    Column(field="adm2_code", tag="#adm2+code", label="District P-code",
           aliases=("adm2 pcode", "admin2pcode", "adm2_pcode"), hint="e.g. SY0200"),
)
_DATE = Column(field="date", tag="#date", label="Date", kind=Kind.DATE, required=True,
               aliases=("date of incident", "incident date"), hint="YYYY-MM-DD")
_ORG = Column(field="org", tag="#org", label="Reporting organisation", required=True,
              aliases=("organisation", "organization", "reporting organization", "partner", "source"),
              hint="your organisation's name")
_REPORTED = Column(field="reported", tag="#date+reported", label="Reported on", kind=Kind.DATE,
                   aliases=("report date", "date reported"),
                   hint="when these figures were compiled (used by the 'latest' merge policy)")
_NOTES = Column(field="notes", tag="#description", label="Notes",
                aliases=("comments", "remarks", "description"))


def _int(field: str, tag: str, label: str, *aliases: str, required: bool = False) -> Column:
    return Column(field=field, tag=tag, label=label, kind=Kind.INT, required=required,
                  aliases=aliases, hint="a whole number, 0 or more")


CASUALTIES = SheetSpec(name="Casualties", columns=(
    _DATE, *_LOCATION,
    _int("killed", "#affected+killed", "Killed", "deaths", "fatalities", "dead", required=True),
    _int("killed_children", "#affected+killed+children", "Killed (children)",
         "children killed", "of whom children killed"),
    _int("injured", "#affected+injured", "Injured", "wounded", "injuries", required=True),
    _int("injured_children", "#affected+injured+children", "Injured (children)",
         "children injured", "of whom children injured"),
    _ORG, _REPORTED, _NOTES,
))

DISPLACEMENT = SheetSpec(name="Displacement", columns=(
    _DATE, *_LOCATION,
    _int("idps", "#affected+idps", "Newly displaced people", "idps", "displaced", "people displaced",
         "newly displaced", required=True),
    _int("households", "#affected+idps+hh", "Households", "hh", "idp households"),
    _ORG, _REPORTED, _NOTES,
))

LOCATIONS = SheetSpec(name="Locations", columns=(
    _DATE, *_LOCATION,
    Column(field="place", tag="#loc+name", label="Community", aliases=("location", "town", "village", "place"),
           hint="town, village or site name"),
    Column(field="status", tag="#status", label="Status", kind=Kind.CATEGORY, required=True,
           categories=LOCATION_STATUSES, aliases=("situation",), hint=" | ".join(LOCATION_STATUSES)),
    _ORG, _NOTES,
))

RESPONSE = SheetSpec(name="Response", columns=(
    Column(field="date", tag="#date", label="Date", kind=Kind.DATE, required=True, hint="YYYY-MM-DD"),
    Column(field="sector", tag="#sector", label="Sector", kind=Kind.CATEGORY, required=True,
           categories=SECTORS, aliases=("cluster",), hint=" | ".join(SECTORS)),
    *_LOCATION,
    _ORG,
    Column(field="activity", tag="#activity", label="Activity", aliases=("activities",),
           hint="what was done"),
    _int("reached", "#reached", "People reached", "reached", "beneficiaries", required=True),
    _int("targeted", "#targeted", "People targeted", "targeted", "target"),
    _NOTES,
))

NARRATIVE = SheetSpec(name="Narrative", location_required=False, columns=(
    Column(field="section", tag="#meta+section", label="Section", kind=Kind.CATEGORY, required=True,
           categories=NARRATIVE_SECTIONS, hint=" | ".join(NARRATIVE_SECTIONS)),
    *(Column(field=f"text_{lang}", tag=f"#description+i_{lang}", label=LANGUAGE_NAMES[lang],
             aliases=(lang, f"text ({lang})", f"text {lang}"),
             hint=f"the paragraph in {LANGUAGE_NAMES[lang]}; figures as {{killed_total}}")
      for lang in NARRATIVE_LANGUAGES),
    Column(field="sources", tag="#meta+source", label="Sources", aliases=("source refs", "refs"),
           hint="reference IDs from the Sources sheet, e.g. S1, S2"),
))

SOURCES = SheetSpec(name="Sources", location_required=False, columns=(
    Column(field="ref", tag="#meta+id", label="Ref", required=True, aliases=("id", "reference"),
           hint="a short ID such as S1"),
    Column(field="org", tag="#org", label="Organisation", required=True,
           aliases=("organization", "publisher")),
    Column(field="title", tag="#meta+title", label="Title", required=True, aliases=("document",)),
    Column(field="date", tag="#date", label="Date", kind=Kind.DATE, hint="YYYY-MM-DD"),
    Column(field="url", tag="#meta+url", label="Link", aliases=("url", "web address")),
))

SHEETS: tuple[SheetSpec, ...] = (CASUALTIES, DISPLACEMENT, LOCATIONS, RESPONSE, NARRATIVE, SOURCES)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}

NEUTRAL_ATTRIBUTES = frozenset({"num", "total", "ind", "all", "value", "text"})
"""HXL attributes that do not change a column's meaning for sitrep."""


def normalise_label(text: str) -> str:
    """Header label -> comparison key: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", stripped.casefold()).strip()


def parse_hashtag(text: str) -> tuple[str, frozenset[str]] | None:
    """``#Affected +Killed`` -> (``#affected``, {``killed``}); None if not a hashtag."""
    compact = re.sub(r"\s+", "", text).lower()
    if not re.fullmatch(r"#[a-z][a-z0-9_]*(\+[a-z0-9_]+)*", compact):
        return None
    parts = compact.split("+")
    return parts[0], frozenset(parts[1:])


def match_hashtag(spec: SheetSpec, text: str) -> Column | None:
    """The column a hashtag means in this sheet, or None.

    Exact attribute sets win; otherwise extra attributes are tolerated only when they are
    neutral (``+num``, ``+total`` …), so ``#affected+killed+f`` is *not* read as all killed.
    """
    parsed = parse_hashtag(text)
    if parsed is None:
        return None
    hashtag, attrs = parsed
    meaningful = attrs - NEUTRAL_ATTRIBUTES
    for col in spec.columns:
        if col.hashtag == hashtag and col.attributes == attrs:
            return col
    for col in spec.columns:
        if col.hashtag == hashtag and col.attributes == meaningful:
            return col
    return None


def match_label(spec: SheetSpec, text: str) -> Column | None:
    """The column a human header label means in this sheet, or None."""
    key = normalise_label(text)
    if not key:
        return None
    for col in spec.columns:
        if key == normalise_label(col.label) or key in (normalise_label(a) for a in col.aliases):
            return col
    return None


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

PLACEHOLDER_PATTERN = re.compile(r"\{([^{}]*)\}")
