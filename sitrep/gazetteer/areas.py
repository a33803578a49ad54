"""Admin areas with P-codes and names in every language, and tolerant matching of what people type.

Matching accepts a P-code or a name in any listed language, ignoring case, diacritics, Arabic
letter variants and the usual transliteration differences (Idleb/Idlib, A'zaz/Azaz); a name
that is only *close* to one area ("Nroth Darfur") is accepted when it is clearly closer to
that area than to any other, and says so (:class:`Match` keeps how and how sure).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from sitrep.gazetteer.levels import DEFAULT_LEVELS, AdminLevels

MatchHow = Literal["pcode", "name", "alias", "spelling", "fuzzy", "unchecked"]
"""How a place was recognised: its P-code, an official name (any language), an alternative
name, a transliteration variant (Idlib for Idleb), a close name (with a score), or not at all
because the workspace has no gazetteer."""

FUZZY_ACCEPT = 0.85
"""Least similarity (difflib ratio of the comparison keys) for a close name to be read as an area."""
FUZZY_MARGIN = 0.06
"""How much closer the best area must be than the next one: 'Sooth Kordofan' is as close to
North as to South Kordofan and is refused, never guessed."""
SUGGEST_FLOOR = 0.6
"""Least similarity for a name to be offered as 'did you mean'."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    """One admin area."""

    pcode: str
    level: int
    """1 = governorate/state/province, 2 = district/locality, 3 and more below."""
    names: dict[str, str]
    """language -> official name (``en`` is always present)."""
    parent: str | None = None
    """P-code of the area one level up."""
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names["en"]

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True, slots=True)
class Match:
    """The result of looking a typed place up."""

    area: Area | None
    how: MatchHow | None = None
    score: float = 1.0
    """Similarity of a spelling-variant or fuzzy match to the closest name (1.0 for the others)."""

    @property
    def approximate(self) -> bool:
        """Read from a name that is not one of the area's own (a transliteration or a typo)."""
        return self.how in ("spelling", "fuzzy")
    suggestions: tuple[str, ...] = ()
    """Official names close to what was typed, when nothing matched."""

    def describe(self) -> str:
        """``SD02 by fuzzy name (0.92)`` — what the merge log shows."""
        if self.area is None or self.how is None:
            return ""
        how = {"pcode": "P-code", "name": "name", "alias": "alternative name",
               "spelling": f"spelling variant ({self.score:.2f})", "fuzzy": f"fuzzy name ({self.score:.2f})",
               "unchecked": "unchecked (no gazetteer)"}[self.how]
        return f"{self.area.pcode} by {how}"


_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_ARTICLE = re.compile(r"^(al|el|as|ash|ad|ar|at|az|an|es|ed)\s+")


def name_key(text: str) -> str:
    """Comparison key for a place name (case, accents, harakat, punctuation ignored)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("'", "").replace("’", "").replace("`", "").replace("ʿ", "")
    return re.sub(r"[\W_]+", " ", stripped.casefold()).strip()


def skeleton(text: str) -> str:
    """Looser key for Latin transliterations: no article, vowels, doubled letters or spaces."""
    key = _ARTICLE.sub("", name_key(text))
    key = re.sub(r"[aeiouy\s]", "", key)
    return re.sub(r"(.)\1+", r"\1", key)


@dataclass(frozen=True, slots=True)
class _Keys:
    """An area's comparison keys, computed once per gazetteer (matching is then a lookup, and a
    close-name search compares keys without normalising every name again)."""

    area: Area
    names: frozenset[str]
    aliases: frozenset[str]
    skeletons: frozenset[str]
    all: tuple[str, ...]
    """Keys of the names and the alternative names, for similarity."""

    @staticmethod
    def of(area: Area) -> _Keys:
        names = frozenset(name_key(n) for n in area.names.values())
        aliases = frozenset(name_key(n) for n in area.aliases)
        return _Keys(area=area, names=names, aliases=aliases,
                     skeletons=frozenset(skeleton(n) for n in area.names.values()),
                     all=tuple(sorted(names | aliases)))


def _similarity(key: str, keys: tuple[str, ...], *, loose: bool, floor: float = SUGGEST_FLOOR) -> float:
    """The best difflib ratio of ``key`` to any of ``keys`` (0 below ``floor``: the quick upper
    bounds skip the full comparison, which decides nothing there)."""
    best = 0.0
    matcher = difflib.SequenceMatcher(None, key, "")
    for cand in keys:
        probes = (key, key[:len(cand) + 1]) if loose else (key,)
        # the loose probe forgives words added after the name ("Aleppo city" -> Aleppo?), for suggestions only
        for probe in probes:
            matcher.set_seqs(probe, cand)
            bar = max(best, floor)
            if matcher.real_quick_ratio() >= bar and matcher.quick_ratio() >= bar:
                best = max(best, matcher.ratio())
    return best


@dataclass(slots=True)
class Gazetteer:
    """All admin areas of one country, indexed for matching.

    A gazetteer that is not ``checked`` stands in when the workspace has none: it learns each
    place as it is first read and matches nothing against an official list.
    """

    areas: dict[str, Area] = field(default_factory=dict)
    source: str = ""
    checked: bool = True
    level_names: dict[int, str] = field(default_factory=dict)
    """Names of the admin levels the source declares (``ADM1_TYPE``), level -> English name."""
    _index: dict[tuple[int, str | None], list[_Keys]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, area: Area) -> None:
        """Add an area; a second mention of a P-code adds the names and parent the first lacked
        (an ADM2 sheet names its ADM1 parents by P-code only)."""
        self._index.clear()
        known = self.areas.get(area.pcode)
        if known is None:
            self.areas[area.pcode] = area
            return
        names = dict(known.names)
        if names.get("en") == known.pcode and area.names.get("en", area.pcode) != area.pcode:
            names["en"] = area.names["en"]
        for lang, text in area.names.items():
            names.setdefault(lang, text)
        aliases = tuple(dict.fromkeys((*known.aliases, *area.aliases)))
        self.areas[area.pcode] = Area(pcode=known.pcode, level=known.level, names=names,
                                      parent=known.parent or area.parent, aliases=aliases)

    def level_word(self, level: int) -> str:
        """What this country calls ``level`` (English): ``State``, ``Locality``, ``Governorate`` …"""
        if level in self.level_names:
            return self.level_names[level]
        return DEFAULT_LEVELS[level - 1] if 1 <= level <= len(DEFAULT_LEVELS) else f"Admin {level}"

    def admin_levels(self, names: tuple[str, ...] = (), by_language: dict[str, tuple[str, ...]] | None = None,
                     ) -> AdminLevels:
        """The level names to show: ``names`` (report.toml) when given, else this gazetteer's."""
        own = tuple(self.level_word(lv) for lv in range(1, max([2, *self.levels()]) + 1))
        return AdminLevels(names=names or own, by_language=dict(by_language or {}))

    def get(self, pcode: str) -> Area | None:
        code = pcode.strip()
        return self.areas.get(code.upper()) or (None if self.checked else self.areas.get(code))

    def level(self, level: int, parent: str | None = None) -> list[Area]:
        return sorted((a for a in self.areas.values()
                       if a.level == level and (parent is None or a.parent == parent)),
                      key=lambda a: a.pcode)

    def levels(self) -> list[int]:
        """The admin levels present, in order."""
        return sorted({a.level for a in self.areas.values()})

    def languages(self) -> list[str]:
        """The languages of the names, ``en`` first."""
        found = {lang for a in self.areas.values() for lang in a.names}
        return ["en", *sorted(found - {"en"})]

    def find(self, text: str, level: int, parent: str | None = None) -> Match:
        """Find an area by P-code, name, alternative name, transliteration or close name."""
        if not self.checked:
            return Match(self._learn(text, level, parent), "unchecked")
        by_code = self.get(text)
        if by_code is not None and by_code.level == level and (parent is None or by_code.parent == parent):
            return Match(by_code, "pcode")
        key = name_key(text)
        if not key:
            return Match(None)
        entries = self._entries(level, parent)
        hits = [e for e in entries if key in e.names] or [e for e in entries if key in e.aliases]
        if len(hits) == 1:
            return Match(hits[0].area, "name" if key in hits[0].names else "alias")
        probe = skeleton(text)
        hits = [e for e in entries if probe and probe in e.skeletons]
        if len(hits) == 1:
            return Match(hits[0].area, "spelling", round(_similarity(key, hits[0].all, loose=False, floor=0), 2))
        strict = self._ranked(key, entries, loose=False)
        if strict:
            best, score = strict[0]
            runner_up = strict[1][1] if len(strict) > 1 else 0.0
            if score >= FUZZY_ACCEPT and score - runner_up >= FUZZY_MARGIN:
                return Match(best, "fuzzy", round(score, 2))
        return Match(None, suggestions=tuple(a.name for a, sc in self._ranked(key, entries, loose=True)[:3]
                                             if sc >= SUGGEST_FLOOR))

    def _entries(self, level: int, parent: str | None) -> list[_Keys]:
        """The comparison keys of the areas of ``level`` (under ``parent``), built once."""
        found = self._index.get((level, parent))
        if found is None:
            found = self._index[(level, parent)] = [_Keys.of(a) for a in self.level(level, parent)]
        return found

    def match(self, text: str, level: int, parent: str | None = None) -> tuple[Area | None, list[str]]:
        """``(area, suggestions)``: :meth:`find` without how it matched."""
        found = self.find(text, level, parent)
        return found.area, list(found.suggestions)

    @staticmethod
    def _ranked(key: str, entries: list[_Keys], *, loose: bool) -> list[tuple[Area, float]]:
        """Areas by their closest name to ``key``, best first (P-code order on ties)."""
        scored = [(e.area, _similarity(key, e.all, loose=loose)) for e in entries]
        return sorted(scored, key=lambda item: (-item[1], item[0].pcode))

    def _learn(self, text: str, level: int, parent: str | None) -> Area:
        """The area a place without a gazetteer stands for: the same text (any case or accents)
        is the same area; a P-code-looking text is kept as the code."""
        shown = " ".join(text.split())
        code = shown.upper() if re.fullmatch(r"[A-Za-z]{2,3}\d+", shown) else shown
        for area in self.areas.values():
            if area.level == level and area.parent == parent and name_key(area.name) == name_key(shown):
                return area
        self._index.clear()
        if code in self.areas:  # the same district name in two governorates: two areas
            code = f"{parent}/{code}"
        area = Area(pcode=code, level=level, names={"en": shown}, parent=parent)
        self.areas[code] = area
        return area
