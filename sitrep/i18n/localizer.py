"""Format numbers, dates and labels for one report language."""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sitrep.i18n.countries import country_alpha2

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "sitrep"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
CLDR_LOCALES = {"en": "en_GB"}
"""Report language -> CLDR locale (UN English follows British usage: 29 November 2024)."""


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a label for extraction without translating it yet."""
    return message


@dataclass(slots=True)
class Localizer:
    """Locale-aware formatting for one language (``en``, ``fr``, ``ar`` …).

    All formatting goes through Babel/CLDR so results never depend on the OS locale.
    """

    language: str
    missing: set[str] = field(default_factory=set)
    """Labels asked for that have no translation (reported as warnings by the caller)."""
    _translations: gettext.NullTranslations | None = None

    @property
    def locale(self) -> str:
        return CLDR_LOCALES.get(self.language, self.language)

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def _catalog(self) -> gettext.NullTranslations:
        if self._translations is None:
            if self.language == "en":
                self._translations = gettext.NullTranslations()
            else:
                try:
                    self._translations = gettext.translation(
                        DOMAIN, localedir=LOCALES_DIR, languages=[self.language])
                except OSError:
                    self._translations = gettext.NullTranslations()
        return self._translations

    def gettext(self, message: str) -> str:
        """The label in this language; English (and a record in ``missing``) if absent."""
        translated = self._catalog().gettext(message)
        if translated == message and self.language != "en":
            self.missing.add(message)
        return translated

    def number(self, value: int | float | Decimal) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def percent(self, value: float, decimals: int = 0) -> str:
        from babel.numbers import format_percent

        pattern = "#,##0%" if decimals == 0 else "#,##0." + "0" * decimals + "%"
        return format_percent(value, format=pattern, locale=self.locale)

    def date(self, value: dt.date, fmt: str = "long") -> str:
        from babel.dates import format_date

        return format_date(value, format=fmt, locale=self.locale)

    def date_range(self, start: dt.date, end: dt.date) -> str:
        from babel.dates import format_interval

        if start == end:
            return self.date(start)
        return format_interval(start, end, skeleton="yMMMMd", locale=self.locale)

    def country(self, alpha3: str) -> str:
        from babel import Locale

        code = country_alpha2(alpha3)
        if code is None:
            return alpha3
        return Locale.parse(self.locale).territories.get(code, alpha3)
