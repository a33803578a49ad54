"""Displacement: people newly displaced, by place and day, optionally site by site."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from sitrep.codes import E_SUBGROUP
from sitrep.kinds.base import Cell, DataKind, Located, RowCheck, reported_figures
from sitrep.kinds.columns import DATE, LOCATION_COLUMNS, NOTES, ORG, REPORTED, Column, SheetSpec, int_column

SHEET = SheetSpec(name="Displacement", columns=(
    DATE, *LOCATION_COLUMNS,
    int_column("idps", "#affected+idps", "Newly displaced people", "idps", "displaced", "people displaced",
               "newly displaced"),
    int_column("households", "#affected+idps+hh", "Households", "hh", "idp households"),
    Column(field="place", tag="#loc+name", hxl_optional=("name",),
           hxl_excluded=("code", "pcode", "id", "origin", "type"), label="Site / community",
           aliases=("site", "site name", "camp", "community", "location", "village", "town"),
           hint="the site or community, when reporting site by site (rows for different sites add up)"),
    ORG, REPORTED, NOTES,
), measures=("idps", "households"))

MEASURES = ("idps", "households")


def site(place: str) -> str:
    """A site or community name as compared: case and spacing ignored."""
    return " ".join(place.casefold().split())


@dataclass(frozen=True, slots=True, kw_only=True)
class DisplacementRecord(Located):
    """Figures are None where the partner did not report them (a DTM round may count households only)."""

    idps: int | None = None
    households: int | None = None
    place: str = ""
    """Site or community when the partner reports site by site (sites add up)."""


def _build(row: RowCheck) -> DisplacementRecord | None:
    idps, households = row.count("idps"), row.count("households")
    if households is not None and idps is not None and households > idps:
        row.add(E_SUBGROUP(f"'Households' ({households}) is larger than the number of people ({idps})",
                           hint="households hold one person or more; check both cells",
                           position=row.pos("households")))
    base = row.located()
    figures = reported_figures(row, MEASURES) if base is not None else None
    if base is None or figures is None:
        return None
    return DisplacementRecord(**base, **figures, place=row.text("place") or "")


def _key(r: DisplacementRecord) -> Hashable:
    return (r.date, r.adm1, r.adm2, site(r.place))


def _duplicate(r: DisplacementRecord) -> Hashable:
    return (r.origin.file, r.origin.sheet, r.date, r.adm1, r.adm2, r.org, (r.idps, r.households, site(r.place)))


def _export(r: DisplacementRecord) -> Mapping[str, Cell]:
    return {"reported": r.reported.isoformat() if r.reported else None, "idps": r.idps,
            "households": r.households, "place": r.place or None}


DISPLACEMENT: DataKind[DisplacementRecord] = DataKind(
    name="displacement", sheet=SHEET, record=DisplacementRecord, build=_build, key=_key, measures=MEASURES,
    magnitude=lambda r: r.idps or 0, levels=True, duplicate=_duplicate, table=MEASURES, export=_export)
