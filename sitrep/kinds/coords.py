"""Optional coordinates of a reported place: the latitude and longitude columns and their reading.

Partners copy coordinates from a GPS, a phone's map or a KoBo form, so a cell may hold decimal
degrees (``36.2021``, ``36,2021`` with a decimal comma, ``-3.5``), degrees with a hemisphere
letter (``36.2021 N``), or degrees, minutes and seconds (``36°12'07.6"N``, ``36 12 7.6 N``,
``36°12.126'``). Each is read to decimal degrees; anything else is refused with a warning on the
cell that says what to type, and the row is kept without a point (a location is still a
location without coordinates). The map (:mod:`sitrep.model.mapdata`) checks the points against
the boundaries later.

A leaf: standard library only, like the rest of :mod:`sitrep.kinds`.
"""

from __future__ import annotations

import math
import re

from sitrep.codes import W_COORDINATE
from sitrep.kinds.base import RowCheck
from sitrep.kinds.columns import Column

LATITUDE = Column(field="latitude", tag="#geo+lat", label="Latitude",
                  aliases=("lat", "gps latitude", "y coordinate", "latitud", "خط العرض"),
                  hint="decimal degrees, e.g. 36.2021 (north positive)")
LONGITUDE = Column(field="longitude", tag="#geo+lon", label="Longitude",
                   aliases=("lon", "long", "lng", "gps longitude", "x coordinate", "longitud", "خط الطول"),
                   hint="decimal degrees, e.g. 37.1343 (east positive)")
COORDINATE_COLUMNS = (LATITUDE, LONGITUDE)
"""The two columns, optional in every sheet that declares them (HXL ``#geo+lat``, ``#geo+lon``)."""

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.",
                        "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Arabic-Indic digits and the Arabic decimal separator to ASCII; invisible bidi marks removed."""
_NUMBER = r"\d+(?:[.,]\d+)?"
_DMS = re.compile(
    rf"^(?P<h1>[NSEWO])?\s*(?P<sign>[-+])?\s*(?P<d>{_NUMBER})\s*(?:°|º|˚|deg|d|\s)\s*"
    rf"(?:(?P<m>{_NUMBER})\s*(?:'|′|’|min|m)?\s*"
    rf"(?:(?P<s>{_NUMBER})\s*(?:\"|″|''|”|sec|s)?)?)?\s*(?P<h2>[NSEWO])?$",
    re.IGNORECASE)
_DECIMAL = re.compile(rf"^(?P<h1>[NSEWO])?\s*(?P<sign>[-+])?\s*(?P<d>{_NUMBER})\s*°?\s*(?P<h2>[NSEWO])?$",
                      re.IGNORECASE)
_HEMISPHERES = {"latitude": {"N": 1, "S": -1}, "longitude": {"E": 1, "W": -1, "O": -1}}
"""Hemisphere letters per axis (O: ouest/oeste, the French and Spanish west)."""
LIMITS = {"latitude": 90.0, "longitude": 180.0}


class CoordinateError(ValueError):
    """The cell is not a coordinate; ``hint`` says what to type."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def parse_coordinate(text: str, axis: str) -> float:
    """Decimal degrees from a cell's text; ``axis`` is ``"latitude"`` or ``"longitude"``.

    Raises:
        CoordinateError: the text is not one coordinate on that axis (two numbers, a letter of
            the other axis, minutes of 60 or more, a value beyond ±90 or ±180).
    """
    limit, letters = LIMITS[axis], _HEMISPHERES[axis]
    decimal, dms = ("36.2021", "36°12'07\"N") if axis == "latitude" else ("37.1343", "37°08'03\"E")
    hint = f"type decimal degrees, e.g. {decimal}, or degrees, minutes and seconds such as {dms}"
    cleaned = " ".join(text.translate(_DIGITS).replace("−", "-").replace("–", "-").split())
    if not cleaned:
        raise CoordinateError("the cell is empty", hint)
    if re.fullmatch(r"[-+]?\d+\.\d+\s*[,;]\s*[-+]?\d+\.\d+", cleaned):
        raise CoordinateError(f"'{cleaned}' holds two numbers (latitude and longitude in one cell)",
                              "put the latitude in the Latitude column and the longitude in the Longitude column")
    match = _DECIMAL.match(cleaned) or _DMS.match(cleaned)
    if match is None:
        raise CoordinateError(f"'{cleaned[:40]}' is not a {axis}", hint)
    h1, h2 = match.group("h1"), match.group("h2")
    if h1 and h2:
        raise CoordinateError(f"'{cleaned}' names its hemisphere twice", hint)
    letter = (h1 or h2 or "").upper()
    if letter and letter not in letters:
        other = "longitude (east/west)" if axis == "latitude" else "latitude (north/south)"
        raise CoordinateError(f"'{cleaned}' is a {other}, not a {axis}",
                              "check that latitude and longitude are in their own columns, not swapped")
    groups = match.groupdict()
    degrees = _number(groups["d"])
    minutes = _number(groups["m"]) if groups.get("m") else 0.0
    seconds = _number(groups["s"]) if groups.get("s") else 0.0
    if minutes >= 60 or seconds >= 60:
        raise CoordinateError(f"'{cleaned}' has {'minutes' if minutes >= 60 else 'seconds'} of 60 or more", hint)
    if (groups.get("m") or groups.get("s")) and not degrees.is_integer():
        raise CoordinateError(f"'{cleaned}' has minutes after decimal degrees", hint)
    value = degrees + minutes / 60 + seconds / 3600
    if groups["sign"] == "-":
        if letter:
            raise CoordinateError(f"'{cleaned}' has both a minus sign and a hemisphere letter", hint)
        value = -value
    value *= letters.get(letter, 1)
    if not math.isfinite(value) or abs(value) > limit:
        swapped = " (latitude and longitude may be swapped)" if axis == "latitude" and abs(value) <= 180 else ""
        raise CoordinateError(f"{cleaned} is beyond ±{limit:g}°, the range of a {axis}{swapped}", hint)
    return value


def _number(text: str) -> float:
    """A number with a decimal point or a decimal comma (a coordinate never has thousands)."""
    return float(text.replace(",", "."))


def read_point(row: RowCheck) -> tuple[float, float] | None:
    """The row's (latitude, longitude), or None: both cells empty, one missing or unreadable (a
    warning on the cell; the row is kept without a point)."""
    texts = {axis: row.text(axis) for axis in LIMITS}
    if not any(texts.values()):
        return None
    values: dict[str, float] = {}
    for axis, text in texts.items():
        if not text:
            other = "longitude" if axis == "latitude" else "latitude"
            where = row.pos(axis) if row.column(axis) else row.pos(other)
            row.add(W_COORDINATE(f"the {other} is given but the {axis} is not; the place is kept without a point",
                                 hint=f"fill in {row.label(axis) if row.column(axis) else axis} too, or clear both",
                                 position=where))
            return None
        try:
            values[axis] = parse_coordinate(text, axis)
        except CoordinateError as exc:
            row.add(W_COORDINATE(f"'{row.label(axis)}': {exc}; the place is kept without a point", hint=exc.hint,
                                 position=row.pos(axis)))
            return None
    return round(values["latitude"], 6), round(values["longitude"], 6)


def format_degrees(value: float | None) -> str | None:
    """A coordinate for an exported cell: decimal degrees, up to 6 decimals (about 0.1 m)."""
    if value is None:
        return None
    return f"{value:.6f}".rstrip("0").rstrip(".")


__all__ = ["COORDINATE_COLUMNS", "CoordinateError", "LATITUDE", "LONGITUDE", "format_degrees", "parse_coordinate",
           "read_point"]
