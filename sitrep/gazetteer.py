"""Admin areas with P-codes and names, and tolerant matching of what people type.

Reads the OCHA COD-AB tabular conventions as published (``ADM1_EN``, ``ADM1_AR``,
``ADM1_PCODE``, ``ADM1ALT1EN`` …, or ``admin1Name_en`` / ``admin1Pcode``) and HXL-tagged
CSV (``#adm1+name``, ``#adm1+code``, ``#adm1+name+i_ar``). Matching accepts a P-code or a
name in any listed language, ignoring case, diacritics, Arabic letter variants and the
usual transliteration differences (Idleb/Idlib, A'zaz/Azaz).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.codes import E_GAZETTEER
from sitrep.errors import ConfigError, Position


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    """One admin area."""

    pcode: str
    level: int
    """1 = governorate/province, 2 = district."""
    names: dict[str, str]
    """language -> official name (``en`` is always present)."""
    parent: str | None = None
    """P-code of the admin-1 area for a district."""
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names["en"]

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


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


@dataclass(slots=True)
class Gazetteer:
    """All admin areas of one country, indexed for matching."""

    areas: dict[str, Area] = field(default_factory=dict)
    source: str = ""

    def add(self, area: Area) -> None:
        self.areas.setdefault(area.pcode, area)

    def get(self, pcode: str) -> Area | None:
        return self.areas.get(pcode.strip().upper())

    def level(self, level: int, parent: str | None = None) -> list[Area]:
        return sorted((a for a in self.areas.values()
                       if a.level == level and (parent is None or a.parent == parent)),
                      key=lambda a: a.pcode)

    def match(self, text: str, level: int, parent: str | None = None) -> tuple[Area | None, list[str]]:
        """Find an area by P-code or name. Returns (area, suggestions when not found)."""
        candidates = self.level(level, parent)
        by_code = self.get(text)
        if by_code is not None and by_code.level == level and (parent is None or by_code.parent == parent):
            return by_code, []
        key = name_key(text)
        if not key:
            return None, []
        for matcher in (name_key, skeleton):
            probe = matcher(text)
            hits = [a for a in candidates
                    if probe and probe in {matcher(n) for n in (*a.names.values(), *a.aliases)}]
            if len(hits) == 1:
                return hits[0], []
        return None, self.suggest(key, candidates)

    @staticmethod
    def suggest(key: str, candidates: list[Area]) -> list[str]:
        """Up to three official names close to what was typed (also when extra words were added)."""
        scored: dict[str, float] = {}
        for area in candidates:
            for name in (*area.names.values(), *area.aliases):
                cand = name_key(name)
                score = max(difflib.SequenceMatcher(None, key, cand).ratio(),
                            difflib.SequenceMatcher(None, key[:len(cand) + 1], cand).ratio())
                scored[area.name] = max(scored.get(area.name, 0.0), score)
        ranked = sorted((s, n) for n, s in scored.items() if s >= 0.6)
        return [n for _, n in sorted(ranked, key=lambda item: -item[0])[:3]]


_LEVEL_COLUMNS = re.compile(r"^adm(?:in)?(\d)[_ ]?(.*)$", re.IGNORECASE)


def read_gazetteer(path: Path) -> Gazetteer:
    """Load a COD-AB style or HXL-tagged CSV.

    Raises:
        ConfigError: the file is missing or has no recognisable admin columns.
    """
    pos = Position(file=path.name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(E_GAZETTEER(f"cannot read the gazetteer {path}: {exc}",
                                hint="check intake.gazetteer in report.toml; the file must be UTF-8 CSV",
                                position=pos)) from exc
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # a field beyond the csv module's limit (128 KB): not a gazetteer
        raise ConfigError(E_GAZETTEER(f"the gazetteer cannot be read as CSV: {exc}",
                                hint="check intake.gazetteer in report.toml; the file must be a CSV table",
                                position=pos)) from exc
    if not rows:
        raise ConfigError(E_GAZETTEER("the gazetteer is empty", position=pos))
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    if len(rows) > 1 and all(c.strip().startswith("#") for c in rows[1] if c.strip()) and any(rows[1]):
        header = [h.strip() for h in rows[1]]
        body = rows[2:]
    columns = _gazetteer_columns(header)
    if not any(level in columns and "pcode" in columns[level] for level in (1, 2)):
        raise ConfigError(E_GAZETTEER(
            "no admin P-code columns found in the gazetteer",
            hint="use COD-AB columns (ADM1_EN, ADM1_PCODE, ADM2_EN, ADM2_PCODE) or HXL #adm1+code",
            position=pos))
    gaz = Gazetteer(source=path.name)
    for row in body:
        parent = None
        for level in sorted(columns):
            cols = columns[level]
            pcode = _cell(row, cols.get("pcode")).upper()
            if not pcode:
                break
            names = {lang: _cell(row, i) for lang, i in cols.get("names", {}).items() if _cell(row, i)}
            if "en" not in names:
                names["en"] = pcode
            aliases = tuple(_cell(row, i) for i in cols.get("aliases", []) if _cell(row, i))
            gaz.add(Area(pcode=pcode, level=level, names=names, parent=parent, aliases=aliases))
            parent = pcode
    return gaz


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _gazetteer_columns(header: list[str]) -> dict[int, dict]:  # type: ignore[type-arg]
    """Map admin level -> {"pcode": i, "names": {lang: i}, "aliases": [i, ...]}."""
    levels: dict[int, dict] = {}  # type: ignore[type-arg]
    for i, raw in enumerate(header):
        name = raw.strip()
        if name.startswith("#"):
            m = re.match(r"#adm(\d)\+(code|name)(?:\+i_([a-z]{2}))?$", name.replace(" ", "").lower())
            if not m:
                continue
            level, kind, lang = int(m.group(1)), m.group(2), m.group(3) or "en"
        else:
            m = _LEVEL_COLUMNS.match(name)
            if not m:
                continue
            level, rest = int(m.group(1)), m.group(2).lower().replace("_", "")
            if level == 0:
                continue
            if rest in ("pcode", "code"):
                kind, lang = "code", ""
            elif rest.startswith("alt") and rest[-2:].isalpha():
                levels.setdefault(level, {}).setdefault("aliases", []).append(i)
                continue
            elif re.fullmatch(r"(name)?([a-z]{2})", rest):
                kind, lang = "name", rest[-2:]
            else:
                continue
        if level == 0:
            continue
        slot = levels.setdefault(level, {})
        if kind == "code":
            slot["pcode"] = i
        else:
            slot.setdefault("names", {})[lang] = i
    return {lv: cols for lv, cols in levels.items() if "pcode" in cols}
