"""Where a row is: its governorate and district P-codes, from names or P-codes, cached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.codes import E_LOCATION_MISMATCH, E_REQUIRED, E_UNKNOWN_LOCATION
from sitrep.errors import shown
from sitrep.gazetteer import Area, Gazetteer

if TYPE_CHECKING:
    from sitrep.validate.rows import Row


class LocationResolver:
    """Cached P-code resolution of the location columns of a row."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, int, str | None], tuple[Area | None, list[str]]] = {}

    def _match(self, text: str, level: int, parent: str | None) -> tuple[Area | None, list[str]]:
        key = (text, level, parent)
        if key not in self._cache:
            self._cache[key] = self.gazetteer.match(text, level, parent)
        return self._cache[key]

    def resolve(self, row: Row, required: bool) -> tuple[str | None, str | None]:
        v = row.values
        adm1: Area | None = None
        for fld in ("adm1_code", "adm1_name"):
            if v.get(fld):
                found = self._lookup(row, fld, v[fld], 1, None)
                if found and adm1 and found.pcode != adm1.pcode:
                    row.add(E_LOCATION_MISMATCH(
                        f"governorate '{shown(v[fld])}' does not match P-code {adm1.pcode} ({adm1.name})",
                                  hint="correct the name or the P-code so both point to the same governorate",
                                  position=row.pos(fld)))
                adm1 = adm1 or found
        adm2: Area | None = None
        for fld in ("adm2_code", "adm2_name"):
            if v.get(fld):
                found = self._lookup(row, fld, v[fld], 2, adm1.pcode if adm1 else None)
                if found and adm2 and found.pcode != adm2.pcode:
                    row.add(E_LOCATION_MISMATCH(
                        f"district '{shown(v[fld])}' does not match P-code {adm2.pcode} ({adm2.name})",
                                  hint="correct the name or the P-code", position=row.pos(fld)))
                adm2 = adm2 or found
        if adm2 is not None and adm1 is None:
            adm1 = self.gazetteer.get(adm2.parent or "")
        has_location = any(v.get(f) for f in ("adm1_code", "adm1_name", "adm2_code", "adm2_name"))
        if required and not has_location:
            row.add(E_REQUIRED("the row names no governorate or district",
                          hint="fill in Governorate (and District when known)",
                          position=row.pos("adm1_name" if "adm1_name" in row.sheet.columns else "adm1_code")))
        return (adm1.pcode if adm1 else None), (adm2.pcode if adm2 else None)

    def _lookup(self, row: Row, fld: str, text: str, level: int, parent: str | None) -> Area | None:
        area, suggestions = self._match(text, level, parent)
        if area is None and parent is not None:
            other, _ = self._match(text, level, None)
            if other is not None:
                row.add(E_LOCATION_MISMATCH(
                    f"district '{shown(text)}' is in {other.parent}, not in governorate {parent}",
                              hint="check the governorate and the district of this row", position=row.pos(fld)))
                return None
        if area is None:
            what = "governorate" if level == 1 else "district"
            hint = (f"did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions
                    else f"use a {what} name or P-code from the gazetteer ({self.gazetteer.source})")
            row.add(E_UNKNOWN_LOCATION(f"'{shown(text)}' is not a known {what}", hint=hint,
                          position=row.pos(fld)))
        return area
