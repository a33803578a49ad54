"""Property tests for the cell parsers: what people type must read back as the number/date meant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from sitrep.validate.coerce import (
    CoerceError,
    Count,
    NegativeError,
    ParsedDate,
    parse_count,
    parse_date,
    parse_percent,
)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
counts = st.integers(min_value=0, max_value=10**9)


@given(counts)
def test_plain_and_float_numbers(n: int) -> None:
    assert parse_count(n).value == n
    assert parse_count(float(n)).value == n
    assert parse_count(str(n)).value == n


@given(counts, st.sampled_from(["en", "ar", "fr", "ru"]))
def test_locale_grouped_text(n: int, locale: str) -> None:
    text = format_decimal(n, locale=locale)
    assert parse_count(text).value == n


@given(counts)
def test_arabic_indic_digits(n: int) -> None:
    assert parse_count(str(n).translate(ARABIC_INDIC)).value == n
    assert parse_count(f"{n:,}".translate(ARABIC_INDIC)).value == n


@given(counts, st.sampled_from(["~{}", "{}+", "approx. {}", "about {}", "حوالي {}"]))
def test_estimates_are_kept_and_flagged(n: int, pattern: str) -> None:
    count = parse_count(pattern.format(n))
    assert (count.value, count.estimate) == (n, True)


@given(st.integers(max_value=-1))
def test_negative_numbers_are_refused(n: int) -> None:
    with pytest.raises(NegativeError):
        parse_count(n)
    with pytest.raises(NegativeError):
        parse_count(str(n))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Nd"]), min_size=1)
       .filter(lambda t: t.strip() != ""))
def test_text_without_digits_is_never_a_number(text: str) -> None:
    with pytest.raises(CoerceError):
        parse_count(text)


@pytest.mark.parametrize("text", ["1.234", "12.5", "1,5", "3 people"])
def test_ambiguous_or_fractional_text_is_refused(text: str) -> None:
    with pytest.raises(CoerceError):
        parse_count(text)


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates)
def test_iso_and_excel_dates(day: dt.date) -> None:
    assert parse_date(day.isoformat()).value == day
    assert parse_date(day).value == day
    assert parse_date(dt.datetime.combine(day, dt.time(13, 5))).value == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial).value == day


@given(dates)
def test_day_month_year_text_is_flagged_when_ambiguous(day: dt.date) -> None:
    parsed = parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}")
    assert parsed.value == day
    assert parsed.ambiguous == (day.day <= 12 and day.month <= 12 and day.day != day.month)


def test_impossible_date_is_refused() -> None:
    with pytest.raises(CoerceError):
        parse_date("31/02/2024")


# Locale context: the sheet's header language decides what "1.234" and "1,234" mean.
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
decimal_comma = st.sampled_from(["fr", "es"])
decimal_point = st.sampled_from(["en", "ar", None])


@given(counts, decimal_comma)
def test_dot_grouped_numbers_in_french_and_spanish_sheets(n: int, language: str) -> None:
    assert parse_count(f"{n:,}".replace(",", "."), language).value == n
    assert parse_count(format_decimal(n, locale=language), language).value == n
    assert parse_count(f"{n:,}".replace(",", " "), language).value == n


@given(st.integers(min_value=1000, max_value=10**9), decimal_point)
def test_dot_grouping_is_refused_where_the_dot_is_a_decimal_mark(n: int, language: str | None) -> None:
    with pytest.raises(CoerceError):
        parse_count(f"{n:,}".replace(",", "."), language)
    assert parse_count(f"{n:,}", language).value == n


@given(st.integers(min_value=1000, max_value=10**9), decimal_comma)
def test_comma_grouping_is_refused_where_the_comma_is_a_decimal_mark(n: int, language: str) -> None:
    with pytest.raises(CoerceError, match="decimal mark"):
        parse_count(f"{n:,}", language)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99),
       st.sampled_from(["fr", "es", "en", "ar", None]))
def test_a_decimal_comma_is_never_a_count(whole: int, fraction: int, language: str | None) -> None:
    with pytest.raises(CoerceError):
        parse_count(f"{whole},{fraction}", language)


@given(counts, st.sampled_from(["fr", "es", "en", "ar", None]))
def test_eastern_arabic_digits_and_invisible_marks(n: int, language: str | None) -> None:
    assert parse_count(str(n).translate(PERSIAN), language).value == n
    assert parse_count(f"\u200f{str(n).translate(ARABIC_INDIC)}\u200f", language).value == n
    assert parse_count(f"\u200e~{n}\u200e", language) == Count(n, estimate=True)


percents = st.decimals(min_value=0, max_value=100, places=2)


@given(percents, st.sampled_from(["fr", "es", "en", "ar", None]), st.sampled_from(["%", " %", "\u202f%", "٪"]))
def test_percentages_as_typed(value: Decimal, language: str | None, sign: str) -> None:
    mark = "," if language in ("fr", "es") else "."
    text = f"{value:f}".replace(".", mark) + sign
    assert parse_percent(text, language) == value / 100
    assert parse_percent(text.translate(ARABIC_INDIC), language) == value / 100


@given(st.floats(min_value=0, max_value=1))
def test_excel_percentage_cells_are_fractions(value: float) -> None:
    assert parse_percent(value) == Decimal(str(value))


@pytest.mark.parametrize("value", ["45", "0.45", "145%", "%", "abc%", 1.5, -0.1, True, dt.date(2024, 1, 1)])
def test_not_percentages(value: object) -> None:
    with pytest.raises(CoerceError):
        parse_percent(value)


@given(dates, st.sampled_from(["-", "/", "."]))
def test_year_first_dates_with_any_separator(day: dt.date, sep: str) -> None:
    text = f"{day.year}{sep}{day.month}{sep}{day.day}"
    assert parse_date(text) == ParsedDate(day)
    assert parse_date(f"\u200e{text}\u200e").value == day
