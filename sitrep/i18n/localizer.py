"""Format numbers, dates and labels for one report language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sitrep.i18n.catalog import load_messages, load_plurals
from sitrep.i18n.countries import country_alpha2

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
CJK_LANGUAGES = frozenset({"zh"})
"""Languages written without spaces between words: their own fonts and line breaking."""
CLDR_LOCALES = {"en": "en_GB"}
"""Report language -> CLDR locale (UN English follows British usage: 29 November 2024)."""


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a label for extraction without translating it yet."""
    return message


ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")
REGIONAL_LANGUAGES = frozenset({"ar"})
"""Languages whose month names differ by country (Levantine "تشرين الثاني" vs "نوفمبر"),
so the report uses the country's CLDR locale (``ar_SY``) when CLDR has one."""


@dataclass(slots=True)
class Localizer:
    """Locale-aware formatting for one language (``en``, ``fr``, ``ar`` …).

    All formatting goes through Babel/CLDR so results never depend on the OS locale.
    """

    language: str
    country: str | None = None
    """ISO alpha-3 of the report's country, for regional variants (see REGIONAL_LANGUAGES)."""
    digits: str = "latin"
    """``latin`` or ``arabic-indic`` (applies to Arabic reports only)."""
    missing: set[str] = field(default_factory=set)
    """Labels asked for that have no translation (reported as warnings by the caller)."""

    @property
    def locale(self) -> str:
        if self.language in REGIONAL_LANGUAGES and self.country:
            from babel import localedata

            regional = f"{self.language}_{country_alpha2(self.country)}"
            if localedata.exists(regional):
                return regional
        return CLDR_LOCALES.get(self.language, self.language)

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def _digits(self, text: str) -> str:
        if self.digits == "arabic-indic" and self.language == "ar":
            return text.translate(ARABIC_INDIC)
        return text

    def gettext(self, message: str) -> str:
        """The label in this language; English (and a record in ``missing``) if absent."""
        if self.language == "en":
            return message
        translated = load_messages(self.language).get(message)
        if translated is None:
            self.missing.add(message)
            return message
        return translated

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The label's form for ``count`` in this language ("1 child", "2 children"; Arabic has six
        forms, Russian three), chosen by the catalog's CLDR plural rule; English if absent."""
        english = singular if count == 1 else plural
        if self.language == "en":
            return english
        forms, rule = load_plurals(self.language)
        if singular not in forms:
            self.missing.add(singular)
            return english
        return forms[singular][min(rule(count), len(forms[singular]) - 1)]

    def number(self, value: int | float | Decimal) -> str:
        from babel.numbers import format_decimal

        system = "arab" if self.digits == "arabic-indic" and self.language == "ar" else "latn"
        return self._digits(format_decimal(value, locale=self.locale, numbering_system=system))

    def currency(self, value: int | float | Decimal, code: str) -> str:
        """An amount in whole units of ``code`` (``US$100,000,000``, ``100 000 000 $US``)."""
        from babel import Locale
        from babel.numbers import format_currency

        if self.rtl:
            # "US$" is Latin script plus a neutral sign: inside right-to-left text the bidi algorithm
            # draws it as "$US". The currency's name in the language reads naturally instead.
            whole = "#,##0 ¤¤¤"
        else:
            pattern = Locale.parse(self.locale).currency_formats["standard"].pattern
            whole = pattern.split(";")[0].replace(".00", "").replace(",00", "")  # the locale's order, no cents
        return self._digits(format_currency(value, code, format=whole, locale=self.locale, currency_digits=False))

    def percent(self, value: float, decimals: int = 0) -> str:
        from babel.numbers import format_percent

        if decimals == 0:
            return self._digits(format_percent(value, locale=self.locale))
        pattern = "#,##0." + "0" * decimals + "%"
        return self._digits(format_percent(value, format=pattern, locale=self.locale))

    def date(self, value: dt.date, fmt: str = "long") -> str:
        from babel.dates import format_date

        return self._digits(format_date(value, format=fmt, locale=self.locale))

    def date_range(self, start: dt.date, end: dt.date) -> str:
        """"27–29 November 2024" in the locale's own words and order."""
        from babel.dates import format_date, format_interval

        if start == end:
            return self.date(start)
        end_text = format_date(end, format="long", locale=self.locale)
        if (start.year, start.month) == (end.year, end.month) and end_text.startswith(str(end.day)):
            # Same month, day-first locale: reuse the full long date so month names match the
            # single dates exactly (Babel's interval data falls back to other month names).
            return self._digits(f"{start.day}–{end_text}")
        return self._digits(format_interval(start, end, skeleton="yMMMMd", locale=self.locale))

    def country_name(self, alpha3: str) -> str:
        from babel import Locale

        code = country_alpha2(alpha3)
        if code is None:
            return alpha3
        return str(Locale.parse(self.locale).territories.get(code, alpha3))
