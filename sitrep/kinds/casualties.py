"""Casualties: people killed and injured, by place and day, with children among them."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from sitrep.codes import E_SUBGROUP
from sitrep.kinds.base import Cell, DataKind, Located, RowCheck, reported_figures
from sitrep.kinds.columns import DATE, LOCATION_COLUMNS, NOTES, ORG, REPORTED, SheetSpec, int_column

SHEET = SheetSpec(name="Casualties", columns=(
    DATE, *LOCATION_COLUMNS,
    int_column("killed", "#affected+killed", "Killed", "deaths", "fatalities", "dead"),
    int_column("killed_children", "#affected+killed+children", "Killed (children)",
               "children killed", "of whom children killed"),
    int_column("injured", "#affected+injured", "Injured", "wounded", "injuries"),
    int_column("injured_children", "#affected+injured+children", "Injured (children)",
               "children injured", "of whom children injured"),
    ORG, REPORTED, NOTES,
), measures=("killed", "injured"))

MEASURES = ("killed", "killed_children", "injured", "injured_children")
SUBGROUPS = (("killed_children", "killed"), ("injured_children", "injured"))


@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyRecord(Located):
    """Figures are None where the partner did not report them (0 only where 0 was typed)."""

    killed: int | None = None
    injured: int | None = None
    killed_children: int | None = None
    injured_children: int | None = None


def check_subgroups(row: RowCheck, pairs: tuple[tuple[str, str], ...]) -> None:
    """A part (children among the killed) larger than its whole is an error on the part's cell."""
    for part, whole in pairs:
        p, w = row.count(part), row.count(whole)
        if p is not None and w is not None and p > w:
            row.add(E_SUBGROUP(f"'{row.label(part)}' ({p}) is larger than '{row.label(whole)}' ({w})",
                               hint=f"{row.label(part)} is part of {row.label(whole)}; check both cells",
                               position=row.pos(part)))


def build(row: RowCheck) -> CasualtyRecord | None:
    check_subgroups(row, SUBGROUPS)
    base = row.located()
    figures = reported_figures(row, MEASURES) if base is not None else None
    if base is None or figures is None:
        return None
    return CasualtyRecord(**base, **figures)


def _key(r: CasualtyRecord) -> Hashable:
    return (r.date, r.adm1, r.adm2)


def _duplicate(r: CasualtyRecord) -> Hashable:
    return (r.origin.file, r.origin.sheet, r.date, r.adm1, r.adm2, r.org,
            (r.killed, r.killed_children, r.injured, r.injured_children))


def _export(r: CasualtyRecord) -> Mapping[str, Cell]:
    return {"reported": r.reported.isoformat() if r.reported else None,
            **{m: getattr(r, m) for m in MEASURES}}


CASUALTIES: DataKind[CasualtyRecord] = DataKind(
    name="casualties", sheet=SHEET, record=CasualtyRecord, build=build, key=_key, measures=MEASURES,
    magnitude=lambda r: (r.killed or 0) * 1_000_000 + (r.injured or 0), levels=True, subgroups=SUBGROUPS,
    duplicate=_duplicate, table=MEASURES, export=_export)
