"""The intake format, as data: sheets, their columns, HXL hashtags and header labels.

Columns are found by HXL hashtag when the sheet has a hashtag row (any order, extra
columns ignored), otherwise by header label. The same description drives the reader,
the validator and (later) the blank intake templates.
"""

from __future__ import annotations

import difflib
import enum
import functools
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
    max_length: int | None = None
    """Most characters a value may have (names shown in table cells and title lines, which a
    page must be able to hold); None: only the cell limit applies."""

    @property
    def hashtag(self) -> str:
        return self.tag.split("+", 1)[0].lower()

    def label_in(self, language: str) -> str:
        """The header label in ``language`` (English when there is no translation)."""
        return translate(self.label, language)

    def categories_in(self, language: str) -> tuple[str, ...]:
        """The allowed values as shown in a template in ``language``."""
        return tuple(translate(c, language) for c in self.categories)

    def match_category(self, text: str) -> str | None:
        """The canonical category for a value typed or picked in any template language."""
        key = normalise_label(text)
        for option in self.categories:
            if key in {normalise_label(translate(option, lang)) for lang in LANGUAGES}:
                return option
        return None

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

    def name_in(self, language: str) -> str:
        """The sheet name in a template in ``language``."""
        return translate(self.name, language)

    def column(self, field: str) -> Column:
        for col in self.columns:
            if col.field == field:
                return col
        raise KeyError(field)


NAME_LENGTH = 200
"""Most characters of a name (a community, an organisation): a table cell must hold it on one page."""
TITLE_LENGTH = 1000

NARRATIVE_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic",
                  "ru": "Russian", "zh": "Chinese"}

SECTORS = ("CCCM", "Early Recovery", "Education", "Food Security", "Health", "Logistics",
           "Nutrition", "Protection", "Shelter/NFI", "WASH", "Coordination")
LOCATION_STATUSES = ("hostilities", "airstrikes", "shelling", "access-constrained",
                     "hosting-idps", "services-disrupted")
NARRATIVE_SECTIONS = ("highlights", "overview", "response", "access", "displacement",
                      "casualties", "needs", "gaps")

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
_ORG = Column(field="org", tag="#org", label="Reporting organisation", required=True, max_length=NAME_LENGTH,
              aliases=("organisation", "organization", "reporting organization", "partner", "source",
                       "organización", "الجهة", "المنظمة"),
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
    Column(field="place", tag="#loc+name", label="Site / community",
           aliases=("site", "site name", "camp", "community", "location", "village", "town"),
           hint="the site or community, when reporting site by site (rows for different sites add up)"),
    _ORG, _REPORTED, _NOTES,
))

LOCATIONS = SheetSpec(name="Locations", columns=(
    _DATE, *_LOCATION,
    Column(field="place", tag="#loc+name", label="Community", max_length=NAME_LENGTH,
           aliases=("location", "town", "village", "place"),
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
    Column(field="activity", tag="#activity", label="Activity", aliases=("activities",), max_length=TITLE_LENGTH,
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
    Column(field="sector", tag="#sector", label="Sector", kind=Kind.CATEGORY, categories=SECTORS,
           aliases=("cluster",), hint="for needs/response/gaps paragraphs: the sector they are about"),
))

SOURCES = SheetSpec(name="Sources", location_required=False, columns=(
    Column(field="ref", tag="#meta+id", label="Ref", required=True, aliases=("id", "reference"), max_length=50,
           hint="a short ID such as S1"),
    Column(field="org", tag="#org", label="Organisation", required=True, max_length=NAME_LENGTH,
           aliases=("organization", "publisher")),
    Column(field="title", tag="#meta+title", label="Title", required=True, aliases=("document",),
           max_length=TITLE_LENGTH),
    Column(field="date", tag="#date", label="Date", kind=Kind.DATE, hint="YYYY-MM-DD"),
    Column(field="url", tag="#meta+url", label="Link", aliases=("url", "web address"), max_length=2000),
))

SHEETS: tuple[SheetSpec, ...] = (CASUALTIES, DISPLACEMENT, LOCATIONS, RESPONSE, NARRATIVE, SOURCES)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}

NEUTRAL_ATTRIBUTES = frozenset({"num", "total", "ind", "all", "value", "text"})
"""HXL attributes that do not change a column's meaning for sitrep."""

LANGUAGES = ("en", "fr", "es", "ar")
"""Languages of the header labels, sheet names and lists (and of the blank templates)."""

TRANSLATIONS: dict[str, dict[str, str]] = {
    # Sheets
    "Casualties": {"fr": "Victimes", "es": "Víctimas", "ar": "الضحايا"},
    "Displacement": {"fr": "Déplacements", "es": "Desplazamiento", "ar": "النزوح"},
    "Locations": {"fr": "Lieux", "es": "Lugares", "ar": "المواقع"},
    "Response": {"fr": "Réponse", "es": "Respuesta", "ar": "الاستجابة"},
    "Narrative": {"fr": "Textes", "es": "Narrativa", "ar": "النصوص"},
    "Sources": {"fr": "Sources", "es": "Fuentes", "ar": "المصادر"},
    "Instructions": {"fr": "Instructions", "es": "Instrucciones", "ar": "التعليمات"},
    # Columns
    "Date": {"fr": "Date", "es": "Fecha", "ar": "التاريخ"},
    "Governorate": {"fr": "Gouvernorat", "es": "Gobernación", "ar": "المحافظة"},
    "Governorate P-code": {"fr": "P-code du gouvernorat", "es": "P-code de la gobernación",
                           "ar": "رمز المحافظة (P-code)"},
    "District": {"fr": "District", "es": "Distrito", "ar": "المنطقة"},
    "District P-code": {"fr": "P-code du district", "es": "P-code del distrito", "ar": "رمز المنطقة (P-code)"},
    "Killed": {"fr": "Tués", "es": "Muertos", "ar": "القتلى"},
    "Killed (children)": {"fr": "Tués (enfants)", "es": "Muertos (niños)", "ar": "القتلى (أطفال)"},
    "Injured": {"fr": "Blessés", "es": "Heridos", "ar": "الجرحى"},
    "Injured (children)": {"fr": "Blessés (enfants)", "es": "Heridos (niños)", "ar": "الجرحى (أطفال)"},
    "Reporting organisation": {"fr": "Organisation déclarante", "es": "Organización informante",
                               "ar": "الجهة المبلغة"},
    "Reported on": {"fr": "Date du rapport", "es": "Fecha del informe", "ar": "تاريخ الإبلاغ"},
    "Notes": {"fr": "Remarques", "es": "Observaciones", "ar": "ملاحظات"},
    "Newly displaced people": {"fr": "Nouvelles personnes déplacées", "es": "Personas recién desplazadas",
                               "ar": "النازحون الجدد"},
    "Site / community": {"fr": "Site / localité", "es": "Sitio / localidad", "ar": "الموقع / التجمع السكاني"},
    "Households": {"fr": "Ménages", "es": "Hogares", "ar": "الأسر"},
    "Community": {"fr": "Localité", "es": "Localidad", "ar": "التجمع السكاني"},
    "Status": {"fr": "Situation", "es": "Situación", "ar": "الوضع"},
    "Sector": {"fr": "Secteur", "es": "Sector", "ar": "القطاع"},
    "Activity": {"fr": "Activité", "es": "Actividad", "ar": "النشاط"},
    "People reached": {"fr": "Personnes atteintes", "es": "Personas alcanzadas",
                       "ar": "الأشخاص الذين تم الوصول إليهم"},
    "People targeted": {"fr": "Personnes ciblées", "es": "Personas destinatarias", "ar": "الأشخاص المستهدفون"},
    "Section": {"fr": "Section", "es": "Sección", "ar": "القسم"},
    "English": {"fr": "Anglais", "es": "Inglés", "ar": "الإنجليزية"},
    "French": {"fr": "Français", "es": "Francés", "ar": "الفرنسية"},
    "Spanish": {"fr": "Espagnol", "es": "Español", "ar": "الإسبانية"},
    "Arabic": {"fr": "Arabe", "es": "Árabe", "ar": "العربية"},
    "Russian": {"fr": "Russe", "es": "Ruso", "ar": "الروسية"},
    "Chinese": {"fr": "Chinois", "es": "Chino", "ar": "الصينية"},
    "Ref": {"fr": "Réf.", "es": "Ref.", "ar": "المرجع"},
    "Organisation": {"fr": "Organisation", "es": "Organización", "ar": "الجهة"},
    "Title": {"fr": "Titre", "es": "Título", "ar": "العنوان"},
    "Link": {"fr": "Lien", "es": "Enlace", "ar": "الرابط"},
    # Sectors
    "CCCM": {"ar": "تنسيق المخيمات وإدارتها"},
    "Early Recovery": {"fr": "Relèvement précoce", "es": "Recuperación temprana", "ar": "التعافي المبكر"},
    "Education": {"fr": "Éducation", "es": "Educación", "ar": "التعليم"},
    "Food Security": {"fr": "Sécurité alimentaire", "es": "Seguridad alimentaria", "ar": "الأمن الغذائي"},
    "Health": {"fr": "Santé", "es": "Salud", "ar": "الصحة"},
    "Logistics": {"fr": "Logistique", "es": "Logística", "ar": "اللوجستيات"},
    "Nutrition": {"es": "Nutrición", "ar": "التغذية"},
    "Protection": {"es": "Protección", "ar": "الحماية"},
    "Shelter/NFI": {"fr": "Abris/BNA", "es": "Alojamiento/ANA", "ar": "المأوى والمواد غير الغذائية"},
    "WASH": {"fr": "EHA", "es": "Agua y saneamiento", "ar": "المياه والصرف الصحي والنظافة"},
    "Coordination": {"es": "Coordinación", "ar": "التنسيق"},
    # Location statuses
    "hostilities": {"fr": "hostilités", "es": "hostilidades", "ar": "أعمال قتالية"},
    "airstrikes": {"fr": "frappes aériennes", "es": "ataques aéreos", "ar": "غارات جوية"},
    "shelling": {"fr": "bombardements", "es": "bombardeos", "ar": "قصف"},
    "access-constrained": {"fr": "accès restreint", "es": "acceso restringido", "ar": "وصول مقيد"},
    "hosting-idps": {"fr": "accueil de déplacés", "es": "acogida de desplazados", "ar": "استضافة نازحين"},
    "services-disrupted": {"fr": "services perturbés", "es": "servicios interrumpidos", "ar": "تعطل الخدمات"},
    # Narrative sections
    "highlights": {"fr": "points saillants", "es": "aspectos destacados", "ar": "أبرز النقاط"},
    "overview": {"fr": "aperçu", "es": "panorama", "ar": "لمحة عامة"},
    "response": {"fr": "réponse", "es": "respuesta", "ar": "الاستجابة"},
    "access": {"fr": "accès", "es": "acceso", "ar": "الوصول"},
    "displacement": {"fr": "déplacements", "es": "desplazamiento", "ar": "النزوح"},
    "casualties": {"fr": "victimes", "es": "víctimas", "ar": "الضحايا"},
    "needs": {"fr": "besoins", "es": "necesidades", "ar": "الاحتياجات"},
    "gaps": {"fr": "lacunes", "es": "brechas", "ar": "الثغرات"},
}
"""English term -> its French, Spanish and Arabic forms: sheet names, header labels (read in any of
these languages and written in the templates) and list values. A missing entry stays English."""

_NEUTRAL_WORDS = frozenset({"total", "totale", "totales", "all", "المجموع", "الاجمالي", "اجمالي"})
"""Words that do not change a header's meaning (the lower half of "Killed / Total")."""


def translate(term: str, language: str) -> str:
    """A sheet name, header label or list value in ``language`` (the term itself when untranslated)."""
    return TRANSLATIONS.get(term, {}).get(language, term)


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
    """The column a human header label means in this sheet, in any template language, or None.

    A label that only matches once a neutral word is dropped ("Killed total", the lower half
    of a two-row header) is accepted too.
    """
    key = normalise_label(text)
    if not key:
        return None
    for probe in dict.fromkeys((key, " ".join(w for w in key.split() if w not in _NEUTRAL_WORDS))):
        for col in spec.columns:
            if probe and probe in _label_keys(col):
                return col
    return None


@functools.cache
def _label_keys(col: Column) -> frozenset[str]:
    return frozenset(normalise_label(t) for t in (*(col.label_in(lang) for lang in LANGUAGES), *col.aliases))


def label_language(spec: SheetSpec, texts: list[str]) -> str | None:
    """The template language a header row is written in, or None when it cannot be told.

    Only labels that differ between languages count ("Date" is English and French alike).
    """
    votes: dict[str, int] = {}
    for text in texts:
        key = normalise_label(text)
        col = match_label(spec, text)
        if col is None:
            continue
        langs = {lang for lang in LANGUAGES if normalise_label(col.label_in(lang)) == key}
        if len(langs) == 1:
            lang = langs.pop()
            votes[lang] = votes.get(lang, 0) + 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def spec_for_sheet_name(name: str) -> SheetSpec | None:
    """The intake sheet a sheet name means, in any template language (case and accents ignored)."""
    key = normalise_label(name)
    for spec in SHEETS:
        if key in {normalise_label(spec.name_in(lang)) for lang in LANGUAGES}:
            return spec
    return None


def closest_sheet_name(name: str) -> str | None:
    """The intake sheet name (in its language) that a misspelt sheet name was probably meant to be."""
    key = normalise_label(name)
    names = {normalise_label(spec.name_in(lang)): spec.name_in(lang) for spec in SHEETS for lang in LANGUAGES}
    for known, shown in names.items():
        if key.startswith(known + " "):
            return shown
    for probe in dict.fromkeys((key, key.split()[0] if key else key)):  # "Responses 2024" -> "responses"
        close = difflib.get_close_matches(probe, list(names), n=1, cutoff=0.75)
        if close:
            return names[close[0]]
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
