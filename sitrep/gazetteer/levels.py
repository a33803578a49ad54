"""What a country calls its admin levels (Governorate/District, State/Locality, Département/
Commune …), in each report language.

The names come from ``report.toml`` (``[intake] admin_levels``, with
``[intake.admin_levels_by_language]`` for other languages), else from the gazetteer
(``ADM1_TYPE``), else from :data:`COUNTRY_LEVELS`. The usual English names have translations
here; a name without one is looked up in the label catalogs by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_LEVELS = ("Governorate", "District")
"""What sitrep called the levels before they could be named (the Syria example's names)."""

COUNTRY_LEVELS: dict[str, tuple[str, ...]] = {
    "AFG": ("Province", "District"),
    "CAF": ("Prefecture", "Sub-prefecture"),
    "COD": ("Province", "Territory"),
    "ETH": ("Region", "Zone"),
    "HTI": ("Department", "Commune"),
    "IRQ": ("Governorate", "District"),
    "LBN": ("Governorate", "District"),
    "MOZ": ("Province", "District"),
    "NER": ("Region", "Department"),
    "SDN": ("State", "Locality"),
    "SOM": ("Region", "District"),
    "SSD": ("State", "County"),
    "SYR": ("Governorate", "District", "Sub-district"),
    "TCD": ("Province", "Department"),
    "UKR": ("Oblast", "Raion"),
    "YEM": ("Governorate", "District"),
}
"""The usual names of the first admin levels, by ISO3 country code, for ``sitrep init``."""

TRANSLATIONS: dict[str, dict[str, str]] = {
    "Governorate": {"fr": "Gouvernorat", "es": "Gobernación", "ar": "المحافظة", "ru": "Мухафаза", "zh": "省"},
    "District": {"fr": "District", "es": "Distrito", "ar": "المنطقة", "ru": "Район", "zh": "区"},
    "Sub-district": {"fr": "Sous-district", "es": "Subdistrito", "ar": "الناحية", "ru": "Подрайон"},
    "State": {"fr": "État", "es": "Estado", "ar": "الولاية", "ru": "Штат", "zh": "州"},
    "Locality": {"fr": "Localité", "es": "Localidad", "ar": "المحلية"},
    "Province": {"fr": "Province", "es": "Provincia", "ar": "المقاطعة", "ru": "Провинция", "zh": "省"},
    "Region": {"fr": "Région", "es": "Región", "ar": "الإقليم", "ru": "Регион"},
    "Department": {"fr": "Département", "es": "Departamento", "ru": "Департамент"},
    "Commune": {"fr": "Commune", "es": "Comuna", "ru": "Коммуна"},
    "County": {"fr": "Comté", "es": "Condado", "ru": "Округ", "zh": "县"},
    "Prefecture": {"fr": "Préfecture", "es": "Prefectura", "ru": "Префектура"},
    "Sub-prefecture": {"fr": "Sous-préfecture", "es": "Subprefectura", "ru": "Субпрефектура"},
    "Territory": {"fr": "Territoire", "es": "Territorio", "ru": "Территория"},
    "Zone": {"fr": "Zone", "es": "Zona", "ru": "Зона"},
    "Oblast": {"fr": "Oblast", "es": "Óblast", "ru": "Область"},
    "Raion": {"fr": "Raïon", "es": "Raión", "ru": "Район"},
}
"""Translations of the usual English names of admin levels."""


@dataclass(frozen=True, slots=True)
class AdminLevels:
    """The names of admin levels 1, 2 … in English and, where given, other languages."""

    names: tuple[str, ...] = DEFAULT_LEVELS
    by_language: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """language -> names from report.toml, replacing the built-in translations."""

    @property
    def is_default(self) -> bool:
        """Governorate/District with no own translations: the label catalogs' wording applies."""
        return self.names[:2] == DEFAULT_LEVELS and not self.by_language

    def english(self, level: int) -> str:
        if 1 <= level <= len(self.names):
            return self.names[level - 1]
        return f"Admin {level}"

    def name(self, level: int, language: str) -> str | None:
        """The level's name in ``language``, or None when neither report.toml nor the built-in
        table has one (the caller then asks the label catalog, which warns)."""
        own = self.by_language.get(language, ())
        if 1 <= level <= len(own):
            return own[level - 1]
        english = self.english(level)
        if language == "en":
            return english
        return TRANSLATIONS.get(english, {}).get(language)


def country_levels(iso3: str, declared: dict[int, str] | None = None) -> tuple[str, ...]:
    """Level names for a new workspace: the gazetteer's own (``ADM1_TYPE``), else the
    country's usual ones, else Admin 1 / Admin 2."""
    if declared and 1 in declared:
        return tuple(declared[lv] for lv in sorted(declared) if lv >= 1)
    return COUNTRY_LEVELS.get(iso3.upper(), ("Admin 1", "Admin 2"))
