"""Affected locations: communities and their status (airstrikes, hosting IDPs…)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from sitrep.kinds.base import Cell, DataKind, Located, RowCheck
from sitrep.kinds.columns import (
    DATE,
    LOCATION_COLUMNS,
    LOCATION_STATUSES,
    NAME_LENGTH,
    NOTES,
    ORG,
    Column,
    Kind,
    SheetSpec,
)
from sitrep.kinds.coords import COORDINATE_COLUMNS, format_degrees, read_point
from sitrep.kinds.displacement import site

SHEET = SheetSpec(name="Locations", columns=(
    DATE, *LOCATION_COLUMNS,
    Column(field="place", tag="#loc+name", hxl_optional=("name",),
           hxl_excluded=("code", "pcode", "id", "origin", "type"), label="Community", max_length=NAME_LENGTH,
           aliases=("location", "town", "village", "place"),
           hint="town, village or site name"),
    Column(field="status", tag="#status", label="Status", kind=Kind.CATEGORY, required=True,
           categories=LOCATION_STATUSES, aliases=("situation",), hint=" | ".join(LOCATION_STATUSES)),
    ORG, NOTES,
    *COORDINATE_COLUMNS,  # optional #geo+lat / #geo+lon: the map marks the place (sitrep.kinds.coords)
))


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationRecord(Located):
    status: str
    place: str = ""
    notes: str = ""
    point: tuple[float, float] | None = None
    """(latitude, longitude) in decimal degrees when the partner gave them; the map marks them."""


def _build(row: RowCheck) -> LocationRecord | None:
    base = row.located()
    status = row.text("status")
    if base is None or status is None:
        return None
    return LocationRecord(**base, status=status, place=row.text("place") or "", notes=row.text("notes") or "",
                          point=read_point(row))


def _key(r: LocationRecord) -> Hashable:
    return (r.adm1, r.adm2, site(r.place), r.status, r.date)


def _duplicate(r: LocationRecord) -> Hashable:
    return (r.origin.file, r.origin.sheet, r.date, r.adm1, r.adm2, r.org, (site(r.place), r.status))


def _export(r: LocationRecord) -> Mapping[str, Cell]:
    return {"place": r.place or None, "status": r.status, "notes": r.notes or None,
            "latitude": format_degrees(r.point[0] if r.point else None),
            "longitude": format_degrees(r.point[1] if r.point else None)}


LOCATIONS: DataKind[LocationRecord] = DataKind(
    name="locations", sheet=SHEET, record=LocationRecord, build=_build, key=_key, measures=("status", "place"),
    duplicate=_duplicate, export=_export)
