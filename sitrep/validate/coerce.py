"""Cell value -> typed value. Each parser returns the value or raises :class:`CoerceError`.

Parsers are pure and small so that property-based tests can hammer them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from sitrep.errors import shown

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789",
                        "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Arabic-Indic (٠١٢) and Eastern Arabic / Persian (۰۱۲) digits -> 0-9; invisible bidi marks
(which Arabic keyboards and copy-paste leave around figures and dates) removed."""
_SPACES = "\u00a0\u202f\u2009 '’"
"""Thousands separators in every language: spaces (also no-break and narrow) and apostrophes."""
_ESTIMATE = re.compile(
    r"^(?:~|≈|about|approx\.?|approximately|around|some|circa|ca\.?|environ|aprox\.?|aproximadamente|"
    r"около|حوالي|نحو)\s*(.+?)$|^(.+?)\s*(?:\+|or more|plus)$",
    re.IGNORECASE)
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_COUNT = 10_000_000_000
"""No count of people can exceed this (more than the world's population): a larger figure is a
slip (an ID or a phone number in the wrong column), and a 5,000-digit one would not even
convert to a number."""

DECIMAL_COMMA = frozenset({"fr", "es"})
"""Languages that write one thousand as 1.234 and one and a half as 1,5."""
_LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}


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


def _marks(language: str | None) -> tuple[str, str]:
    """(thousands separator, decimal mark) of a sheet's language; None reads like English."""
    return (".", ",") if language in DECIMAL_COMMA else (",", ".")


def _number_text(text: str, language: str | None) -> str:
    """Digits made ASCII and thousands separators removed, as the sheet's language writes them."""
    group, decimal = _marks(language)
    text = text.translate(_DIGITS).replace("\u066c", group).replace("\u066b", decimal)  # Arabic separators
    separators = re.escape(_SPACES + group)
    return re.sub(rf"(?<=\d)[{separators}](?=\d{{3}}(?:\D|$))", "", text.strip())


def parse_count(value: object, language: str | None = None) -> Count:
    """Read a whole number ≥ 0 (text with separators, Arabic-Indic digits, "~500" allowed).

    ``language`` is the sheet's header language: in French and Spanish "1.234" is one thousand
    two hundred and thirty-four and "1,234" is not a whole number; in English and Arabic it is
    the other way round; with no language, "1.234" could be either and is refused. "1,5" is never
    a count.
    """
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
    compact = _number_text(text, language)
    decimal = _marks(language)[1]
    if re.fullmatch(r"[+-]?\d+", compact):
        if len(compact.lstrip("+-0")) > len(str(MAX_COUNT)):
            if compact.startswith("-"):
                raise NegativeError(f"{shown(compact, 24)} is negative", "counts of people cannot be below zero")
            raise CoerceError(f"'{shown(compact, 24)}' is larger than any count of people",
                              "check the cell: an ID or a phone number may have been typed in this column")
        return _non_negative(Count(int(compact), estimate))
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", compact):  # grouped the other way: "1.000" is not one
        if language is None:
            raise CoerceError(f"'{shown(value)}' is ambiguous: 1.234 means one thousand in some languages "
                              "and one point two in others", "type the number without separators, e.g. 1234")
        raise CoerceError(f"'{shown(value)}' is not a whole number: in a sheet with "
                          f"{_LANGUAGE_NAMES.get(language, language)} headers '{decimal}' is the decimal mark",
                          "type the number without separators, e.g. 1234")
    if re.fullmatch(rf"[+-]?\d+{re.escape(decimal)}0+", compact):
        return _non_negative(Count(int(compact.split(decimal)[0]), estimate))
    raise CoerceError(f"'{shown(value)}' is not a whole number", "type digits only, e.g. 1234")


def parse_percent(value: object, language: str | None = None) -> Decimal:
    """Read a share as a fraction between 0 and 1.

    A number is an Excel percentage cell (45 % is stored as 0.45); text needs its % sign
    ("45%", "45 %", "12,5 %" in French or Spanish, "٤٥٪"), so that 45 and 0.45 are never confused.
    """
    hint = "type the percentage with its sign, e.g. 45%"
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise CoerceError(f"'{shown(value)}' is not a percentage", hint)
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")) or not 0 <= value <= 1:
            raise CoerceError(f"{value} is not a percentage between 0% and 100%", hint)
        return Decimal(str(value))
    text = str(value).strip().translate(_DIGITS).replace("٪", "%")
    if not (text.endswith("%") or text.startswith("%")):
        raise CoerceError(f"'{shown(value)}' has no % sign", hint)
    compact = _number_text(text.strip("%").strip(), language)
    decimal = _marks(language)[1]
    if not re.fullmatch(rf"\d+(?:{re.escape(decimal)}\d+)?", compact):
        raise CoerceError(f"'{shown(value)}' is not a percentage", hint)
    share = Decimal(compact.replace(decimal, ".")) / 100
    if share > 1:
        raise CoerceError(f"'{shown(value)}' is more than 100%", "check the figure")
    return share


def _non_negative(count: Count) -> Count:
    if count.value < 0:
        raise NegativeError(f"{count.value} is negative", "counts of people cannot be below zero")
    if count.value > MAX_COUNT:
        raise CoerceError(f"{count.value:.3g} is larger than any count of people",
                          "check the cell: an ID or a phone number may have been typed in this column")
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
    m = re.fullmatch(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ][\d:.]+)?", text)
    if m:
        return ParsedDate(_make(int(m.group(1)), int(m.group(3)), int(m.group(4)), value))
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
    raise CoerceError(f"'{shown(value)}' is not a date", "type the date as YYYY-MM-DD, e.g. 2024-11-29")


def _make(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CoerceError(f"'{shown(raw)}' is not a real date ({exc})", "check the day and the month") from exc


def parse_text(value: object) -> str:
    """Any cell as trimmed text (numbers without a trailing .0, dates in ISO form)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return " ".join(str(value).split())
