"""Where a row is: its level-1 and level-2 P-codes, from names or P-codes, cached.

Each place read is remembered with how it was recognised (:meth:`LocationResolver.described`,
shown in the merge log); a place read from a close spelling gives an information finding, and
a name too far from every area is an error with the nearest names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.codes import E_LOCATION_MISMATCH, E_REQUIRED, E_UNKNOWN_LOCATION, I_LOCATION_FUZZY
from sitrep.errors import shown
from sitrep.gazetteer import Area, Gazetteer, Match
from sitrep.kinds import Origin

if TYPE_CHECKING:
    from sitrep.validate.rows import Row


class LocationResolver:
    """Cached P-code resolution of the location columns of a row."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, int, str | None], Match] = {}
        self._described: dict[int, str] = {}
        """id of a cached Match -> its description (the matches live as long as the cache)."""
        self.matched: dict[Origin, str] = {}
        """Row -> the P-codes it resolved to and how (``SD02 by fuzzy name (0.92)``), for the merge log."""
        self._resolved: dict[tuple[object, ...], tuple[str | None, str | None, str | None]] = {}
        """The four place cells' texts -> (adm1, adm2, how) for texts that resolved without any
        finding: large sheets name the same few places on every row."""

    def _match(self, text: str, level: int, parent: str | None) -> Match:
        key = (text, level, parent)
        if key not in self._cache:
            self._cache[key] = self.gazetteer.find(text, level, parent)
        return self._cache[key]

    def _describe(self, found: Match) -> str:
        """``found.describe()``, once per match: every row typing the same text shares it."""
        text = self._described.get(id(found))
        if text is None:
            text = self._described[id(found)] = found.describe()
        return text

    def _word(self, level: int) -> str:
        return self.gazetteer.level_word(level).lower()

    def resolve(self, row: Row, required: bool) -> tuple[str | None, str | None]:
        v = row.values
        if not self.gazetteer.checked:
            return self._unchecked(row, required)
        key = (v.get("adm1_code"), v.get("adm1_name"), v.get("adm2_code"), v.get("adm2_name"))
        known = self._resolved.get(key)
        if known is not None:
            if required and not any(key):
                self._required(row, required)
            if known[2] is not None:
                self.matched[row.origin] = known[2]
            return known[0], known[1]
        before = len(row.findings)
        adm1_code, adm2_code, described = self._resolve(row)
        if len(row.findings) == before:
            self._resolved[key] = (adm1_code, adm2_code, described)
        self._required(row, required)
        return adm1_code, adm2_code

    def _resolve(self, row: Row) -> tuple[str | None, str | None, str | None]:
        """Resolve a row's place cells, with a finding for each that is unknown, mismatched or
        read from a close spelling; the third value is the merge log's 'how' (None if nothing)."""
        v = row.values
        how: list[str] = []
        adm1: Area | None = None
        for fld in ("adm1_code", "adm1_name"):
            if v.get(fld):
                found = self._lookup(row, fld, v[fld], 1, None, how)
                if found and adm1 and found.pcode != adm1.pcode:
                    row.add(E_LOCATION_MISMATCH(
                        f"{self._word(1)} '{shown(v[fld])}' does not match P-code {adm1.pcode} ({adm1.name})",
                        hint=f"correct the name or the P-code so both point to the same {self._word(1)}",
                        position=row.pos(fld)))
                adm1 = adm1 or found
        adm2: Area | None = None
        for fld in ("adm2_code", "adm2_name"):
            if v.get(fld):
                found = self._lookup(row, fld, v[fld], 2, adm1.pcode if adm1 else None, how)
                if found and adm2 and found.pcode != adm2.pcode:
                    row.add(E_LOCATION_MISMATCH(
                        f"{self._word(2)} '{shown(v[fld])}' does not match P-code {adm2.pcode} ({adm2.name})",
                        hint="correct the name or the P-code", position=row.pos(fld)))
                adm2 = adm2 or found
        if adm2 is not None and adm1 is None:
            adm1 = self.gazetteer.get(adm2.parent or "")
        described = "; ".join(dict.fromkeys(how)) if how else None
        if described is not None:
            self.matched[row.origin] = described
        return (adm1.pcode if adm1 else None), (adm2.pcode if adm2 else None), described

    def _required(self, row: Row, required: bool) -> None:
        has_location = any(row.values.get(f) for f in ("adm1_code", "adm1_name", "adm2_code", "adm2_name"))
        if required and not has_location:
            row.add(E_REQUIRED(f"the row names no {self._word(1)} or {self._word(2)}",
                               hint=f"fill in {self.gazetteer.level_word(1)} (and {self.gazetteer.level_word(2)} "
                                    "when known)",
                               position=row.pos("adm1_name" if "adm1_name" in row.sheet.columns else "adm1_code")))

    def _unchecked(self, row: Row, required: bool) -> tuple[str | None, str | None]:
        """Without a gazetteer: the P-code if given, else the name, taken as typed."""
        v = row.values
        adm1 = self._match(v.get("adm1_code") or v.get("adm1_name") or "", 1, None).area \
            if v.get("adm1_code") or v.get("adm1_name") else None
        parent = adm1.pcode if adm1 else None
        adm2 = self._match(v.get("adm2_code") or v.get("adm2_name") or "", 2, parent).area \
            if v.get("adm2_code") or v.get("adm2_name") else None
        self._required(row, required)
        if adm1 is None and adm2 is not None:
            adm1 = adm2  # a district alone stands for its own unknown parent
        used = [a.pcode for a in (adm1, adm2) if a is not None]
        if used:
            self.matched[row.origin] = " / ".join(dict.fromkeys(used)) + " unchecked (no gazetteer)"
        return (adm1.pcode if adm1 else None), (adm2.pcode if adm2 and adm2 is not adm1 else None)

    def _lookup(self, row: Row, fld: str, text: str, level: int, parent: str | None, how: list[str]) -> Area | None:
        found = self._match(text, level, parent)
        area = found.area
        if area is None and parent is not None:
            other = self._match(text, level, None).area
            if other is not None:
                up = self._word(level - 1)
                row.add(E_LOCATION_MISMATCH(
                    f"{self._word(level)} '{shown(text)}' is in {other.parent}, not in {up} {parent}",
                    hint=f"check the {self._word(level - 1)} and the {self._word(level)} of this row",
                    position=row.pos(fld)))
                return None
        if area is None:
            what = self._word(level)
            hint = (f"did you mean {' or '.join(repr(s) for s in found.suggestions)}?" if found.suggestions
                    else f"use a {what} name or P-code from the gazetteer ({self.gazetteer.source})")
            row.add(E_UNKNOWN_LOCATION(f"'{shown(text)}' is not a known {what}", hint=hint, position=row.pos(fld)))
            return None
        how.append(self._describe(found))
        if found.approximate:
            kind = "a spelling variant of" if found.how == "spelling" else "the closest name:"
            row.add(I_LOCATION_FUZZY(
                f"'{shown(text)}' read as {area.name} ({area.pcode}), {kind} a {self._word(level)} "
                f"(similarity {found.score:.2f})",
                hint="if that is not the place, correct the cell; the official name or the P-code is never guessed",
                position=row.pos(fld)))
        return area
