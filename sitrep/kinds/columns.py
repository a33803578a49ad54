"""The vocabulary of the intake format: value types, columns, sheets, shared columns and the
translations of labels, sheet names and list values (a leaf: standard library only).

Each data kind (:mod:`sitrep.kinds`) declares its sheet with these; the intake stage reads any
declared sheet, the templates write them, and the validator checks their cells.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from sitrep.kinds.hxl import TagPattern, parse_hashtag


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
    hxl_any_of: tuple[str, ...] = ()
    """Attributes of ``tag`` of which one is enough (``+code`` or ``+pcode``)."""
    hxl_optional: tuple[str, ...] = ()
    """Attributes of ``tag`` that may be left out (bare ``#adm1`` is a name like ``#adm1+name``)."""
    hxl_excluded: tuple[str, ...] = ()
    """Attributes that make a hashtag another column's (``#date+end`` is not the event's date)."""
    hxl_discouraged: tuple[str, ...] = ()
    """Attributes read only when no better column is there (``#org+acronym``)."""

    @property
    def hashtag(self) -> str:
        return self.tag.split("+", 1)[0].lower()

    @property
    def pattern(self) -> TagPattern:
        """The hashtags this column accepts (see :mod:`sitrep.kinds.hxl`)."""
        return _pattern(self)

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


@functools.cache
def _pattern(col: Column) -> TagPattern:
    parsed = parse_hashtag(col.tag)
    assert parsed is not None, col.tag
    any_of, optional = frozenset(col.hxl_any_of), frozenset(col.hxl_optional)
    return TagPattern(hashtag=parsed.name, required=parsed.attributes - any_of - optional, any_of=any_of,
                      optional=optional,
                      excluded=frozenset(col.hxl_excluded), discouraged=frozenset(col.hxl_discouraged))


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetSpec:
    """One intake sheet: its name and columns."""

    name: str
    columns: tuple[Column, ...]
    location_required: bool = True
    """Each row must name a governorate or district."""
    measures: tuple[str, ...] = ()
    """Figure columns of which a sheet needs at least one; each may be left out. An absent column
    and a blank cell mean "not reported", a typed 0 means zero (no figure column is required)."""

    def name_in(self, language: str) -> str:
        """The sheet name in a template in ``language``."""
        return translate(self.name, language)

    def lacking(self, found: Collection[str]) -> tuple[str, ...]:
        """Labels of what a header naming the fields ``found`` lacks: its required columns, and
        one of its figure columns when it names none (``one of Killed, Injured``)."""
        missing = [c.label for c in self.columns if c.required and c.field not in found]
        if self.measures and not any(m in found for m in self.measures):
            missing.append("one of " + ", ".join(self.column(m).label for m in self.measures))
        return tuple(missing)

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

_PLACE_NAME = {"hxl_optional": ("name",), "hxl_excluded": ("code", "pcode", "id", "origin", "type"),
               "hxl_discouraged": ("alt",)}
"""A place-name column: bare ``#adm1`` or ``#adm1+name`` (any ``+i_xx`` language); P-codes are
another column, and ``+origin`` is where people came from, never where they are (``+dest``)."""
_PLACE_CODE = {"hxl_any_of": ("code", "pcode"), "hxl_excluded": ("origin",)}

LOCATION_COLUMNS = (
    Column(field="adm1_name", tag="#adm1+name", label="Governorate",
           aliases=("admin 1", "adm1", "province", "governorate name"),
           hint="governorate name from the gazetteer", **_PLACE_NAME),  # type: ignore[arg-type]
    Column(field="adm1_code", tag="#adm1+code", label="Governorate P-code",
           aliases=("adm1 pcode", "admin1pcode", "adm1_pcode"), hint="e.g. SY02", **_PLACE_CODE),  # type: ignore[arg-type]
    Column(field="adm2_name", tag="#adm2+name", label="District",
           aliases=("admin 2", "adm2", "district name"), hint="district name from the gazetteer",
           **_PLACE_NAME),  # type: ignore[arg-type]
    Column(field="adm2_code", tag="#adm2+code", label="District P-code",
           aliases=("adm2 pcode", "admin2pcode", "adm2_pcode"), hint="e.g. SY0200", **_PLACE_CODE),  # type: ignore[arg-type]
)
NOT_THE_EVENT = ("reported", "end", "updated", "submitted", "approved", "created", "received")
"""``#date`` attributes that date something other than the event itself."""
DATE = Column(field="date", tag="#date", label="Date", kind=Kind.DATE, required=True,
              aliases=("date of incident", "incident date"), hint="YYYY-MM-DD", hxl_excluded=NOT_THE_EVENT)
"""The date of the event: ``#date``, ``#date+occurred`` or ``#date+start``; never its end or the
date the figures were reported (a sheet with only ``#date+reported`` uses it, with a warning)."""
ORG = Column(field="org", tag="#org", label="Reporting organisation", required=True, max_length=NAME_LENGTH,
             aliases=("organisation", "organization", "reporting organization", "partner", "source",
                      "organización", "الجهة", "المنظمة"),
             hint="your organisation's name", hxl_excluded=("type", "funder", "donor", "prog"),
             hxl_discouraged=("acronym", "code", "id"))
"""The organisation: ``#org``, ``#org+name`` (preferred) or ``#org+acronym``; in 3W data the
implementing organisation (``+impl``), never the funder or the organisation type."""
REPORTED = Column(field="reported", tag="#date+reported", label="Reported on", kind=Kind.DATE,
                  aliases=("report date", "date reported"),
                  hint="when these figures were compiled (used by the 'latest' merge policy)")
NOTES = Column(field="notes", tag="#description", label="Notes",
               aliases=("comments", "remarks", "description"))


def int_column(field: str, tag: str, label: str, *aliases: str, required: bool = False) -> Column:
    return Column(field=field, tag=tag, label=label, kind=Kind.INT, required=required,
                  aliases=aliases, hint="a whole number, 0 or more")


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
    "Findings": {"fr": "Constats", "es": "Hallazgos", "ar": "الملاحظات"},  # first sheet of an annotated copy
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
    # Coordinates (sitrep.kinds.coords; map helper, issue 17)
    "Latitude": {"fr": "Latitude", "es": "Latitud", "ar": "خط العرض"},
    "Longitude": {"fr": "Longitude", "es": "Longitud", "ar": "خط الطول"},
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

def translate(term: str, language: str) -> str:
    """A sheet name, header label or list value in ``language`` (the term itself when untranslated)."""
    return TRANSLATIONS.get(term, {}).get(language, term)


def normalise_label(text: str) -> str:
    """Header label -> comparison key: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", stripped.casefold()).strip()


