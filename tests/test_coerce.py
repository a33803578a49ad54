"""Property tests for the cell parsers: what people type must read back as the number/date meant."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from sitrep.validate.coerce import CoerceError, NegativeError, parse_count, parse_date

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
