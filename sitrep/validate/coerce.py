"""Cell value -> typed value. Each parser returns the value or raises :class:`CoerceError`.

Parsers are pure and small so that property-based tests can hammer them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_GROUP_SEPARATORS = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 '’](?=\d{3}(?:\D|$))")
_ESTIMATE = re.compile(
    r"^(?:~|≈|about|approx\.?|approximately|around|some|circa|ca\.?|environ|aprox\.?|aproximadamente|"
    r"около|حوالي|نحو)\s*(.+?)$|^(.+?)\s*(?:\+|or more|plus)$",
    re.IGNORECASE)
EXCEL_EPOCH = dt.date(1899, 12, 30)


class CoerceError(ValueError):
    """The cell cannot be read as the expected type; ``hint`` says what to type."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Count:
    """A whole number read from a cell, possibly marked by the partner as an estimate."""

    value: int
    estimate: bool = False


def parse_count(value: object) -> Count:
    """Read a whole number ≥ 0 (text with separators, Arabic-Indic digits, "~500" allowed)."""
    if isinstance(value, bool):
        raise CoerceError(f"{value} is not a number", "type a whole number such as 27")
    if isinstance(value, int):
        return _non_negative(Count(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CoerceError("the cell is not a number", "type a whole number such as 27")
        if not value.is_integer():
            raise CoerceError(f"{value:g} is not a whole number", "people are counted in whole numbers")
        return _non_negative(Count(int(value)))
    if isinstance(value, (dt.date, dt.datetime)):
        raise CoerceError("the cell holds a date, not a number",
                          "format the cell as Number and type the figure")
    text = str(value).strip().translate(_DIGITS)
    estimate = False
    match = _ESTIMATE.match(text)
    if match:
        text = (match.group(1) or match.group(2)).strip()
        estimate = True
    text = text.replace("\u066c", ",").replace("\u066b", ".")  # Arabic thousands / decimal marks
    compact = _GROUP_SEPARATORS.sub("", text)
    if re.fullmatch(r"[+-]?\d+", compact):
        return _non_negative(Count(int(compact), estimate))
    if re.fullmatch(r"[+-]?\d+\.0+", compact):
        return _non_negative(Count(int(compact.split(".")[0]), estimate))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):
        raise CoerceError(f"'{value}' is ambiguous: 1.234 means one thousand in some languages "
                          "and one point two in others", "type the number without separators, e.g. 1234")
    raise CoerceError(f"'{value}' is not a whole number", "type digits only, e.g. 1234")


def _non_negative(count: Count) -> Count:
    if count.value < 0:
        raise NegativeError(f"{count.value} is negative", "counts of people cannot be below zero")
    return count


class NegativeError(CoerceError):
    """A count below zero (reported with its own finding code)."""


@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: dt.date
    ambiguous: bool = False
    """Day and month could be swapped (03/04/2024); read as day/month."""


_TEXT_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d-%b-%Y", "%d-%b-%y")


def parse_date(value: object) -> ParsedDate:
    """Read a date: a real Excel date, an Excel serial, ISO text, or day/month/year text."""
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date())
    if isinstance(value, dt.date):
        return ParsedDate(value)
    if isinstance(value, bool):
        raise CoerceError(f"{value} is not a date", "type the date as YYYY-MM-DD")
    if isinstance(value, (int, float)):
        if 20000 <= value <= 80000 and float(value).is_integer():
            return ParsedDate(EXCEL_EPOCH + dt.timedelta(days=int(value)))
        raise CoerceError(f"{value} is not a date", "type the date as YYYY-MM-DD, e.g. 2024-11-29")
    text = str(value).strip().translate(_DIGITS)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?", text)
    if m:
        return ParsedDate(_make(int(m.group(1)), int(m.group(2)), int(m.group(3)), value))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if first > 12 or second > 12 or first == second:
            day, month = (first, second) if second <= 12 else (second, first)
            return ParsedDate(_make(year, month, day, value))
        return ParsedDate(_make(year, second, first, value), ambiguous=True)
    for fmt in _TEXT_FORMATS:
        try:
            return ParsedDate(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    raise CoerceError(f"'{value}' is not a date", "type the date as YYYY-MM-DD, e.g. 2024-11-29")


def _make(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CoerceError(f"'{raw}' is not a real date ({exc})", "check the day and the month") from exc


def parse_text(value: object) -> str:
    """Any cell as trimmed text (numbers without a trailing .0, dates in ISO form)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return " ".join(str(value).split())
