"""Reading a country's admin areas as OCHA publishes them, and writing the workspace gazetteer.

Three published shapes are read, from ``.csv``, ``.xlsx``/``.xlsm`` or ``.xls``:

* **COD-AB tabular** (HDX dataset ``cod-ab-<iso3>``): one sheet per level (``ADM0``, ``ADM1``,
  ``ADM2`` …) or one flat table, with ``ADMn_PCODE``, a name column per language
  (``ADMn_EN``, ``ADMn_FR``, ``ADMn_ES``, ``ADMn_AR`` …), alternative names (``ADMnALT1EN``)
  and the parents' columns; also the older ``admin1Name_en`` / ``admin1Pcode`` spelling and the
  2024 schema (``adm1_name``, ``adm1_name1`` … in the languages that ``lang``, ``lang1`` … name).
* **HXL-tagged lists**: ``#adm1+code`` (or ``+pcode``), ``#adm1+name``, ``#adm1+name+i_ar``,
  bare ``#adm1`` (a name); attributes in any order.
* **The global P-code list** (``Location, Admin Level, P-Code, Name, Parent P-Code``), one
  country's rows kept.

Every level present is kept (intake rows name levels 1 and 2; deeper levels stay in the
workspace gazetteer). :func:`gazetteer_csv` writes one flat COD-AB-style CSV that
:func:`read_gazetteer` reads back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.codes import E_GAZETTEER
from sitrep.errors import ConfigError, Position
from sitrep.gazetteer.areas import Area, Gazetteer

MAX_BYTES = 100 * 1024 * 1024
"""Largest gazetteer file read (published COD-AB tables are a few MB)."""
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

Table = list[list[str]]


@dataclass(slots=True)
class _Level:
    """Where one admin level's values are in a table."""

    pcode: int | None = None
    names: dict[str, int] = field(default_factory=dict)
    aliases: list[int] = field(default_factory=list)
    kind: int | None = None
    """A column naming the level's type (``ADM1_TYPE``: State, Governorate …)."""


def read_gazetteer(path: Path, country: str | None = None) -> Gazetteer:
    """Read a COD-AB table, an HXL-tagged list or the global P-code list (see the module docstring).

    ``country`` (ISO3) keeps only that country's rows of a multi-country list.

    Raises:
        ConfigError: the file is missing, unreadable or has no admin P-code columns.
    """
    pos = Position(file=path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ConfigError(E_GAZETTEER(f"cannot read the gazetteer {path}: {exc.strerror or exc}",
                                      hint="check the path (intake.gazetteer in report.toml)",
                                      position=pos)) from exc
    if size > MAX_BYTES:
        raise ConfigError(E_GAZETTEER(f"the gazetteer is {size / 1024 ** 2:,.0f} MB, more than a list of "
                                      "areas should be", hint="use the tabular COD-AB file, not the shapes",
                                      position=pos))
    tables = _workbook_tables(path, pos) if path.suffix.lower() in WORKBOOK_SUFFIXES else [("", _csv_table(path, pos))]
    gaz = Gazetteer(source=path.name)
    for _sheet, table in tables:
        _read_table(table, gaz, country)
    if not gaz.areas:
        raise ConfigError(E_GAZETTEER(
            "no admin P-code columns found in the gazetteer" if not any(_has_codes(t) for _, t in tables)
            else "the gazetteer's P-code columns are empty" + (f" for {country}" if country else ""),
            hint="use OCHA's COD-AB tabular file (sheets ADM1, ADM2 with ADM1_PCODE, ADM1_EN …), "
                 "an HXL list (#adm1+code, #adm1+name) or the global P-code list",
            position=pos))
    return gaz


def _csv_table(path: Path, pos: Position) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(E_GAZETTEER(f"cannot read the gazetteer {path.name}: {exc}",
                                      hint="save it as UTF-8 CSV, or give the .xlsx as published",
                                      position=pos)) from exc
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:  # a field beyond the csv module's limit (128 KB): not a gazetteer
        raise ConfigError(E_GAZETTEER(f"the gazetteer cannot be read as CSV: {exc}",
                                      hint="give a CSV table or the .xlsx as published", position=pos)) from exc


def _workbook_tables(path: Path, pos: Position) -> list[tuple[str, Table]]:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
        return [(name, [[_text(v) for v in row] for row in book.get_sheet_by_name(name).to_python()])
                for name in book.sheet_names]
    except PasswordError as exc:
        raise ConfigError(E_GAZETTEER("the gazetteer workbook is password-protected",
                                      hint="remove the password (File › Info › Protect Workbook) and save again",
                                      position=pos)) from exc
    except BaseException as exc:  # a library failing on a damaged file, including a Rust panic
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise ConfigError(E_GAZETTEER(f"the gazetteer workbook could not be read ({type(exc).__name__}: {exc})",
                                      hint="open it in Excel or LibreOffice and save it again", position=pos)) from exc


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _header(table: Table) -> tuple[list[str], int]:
    """The header row (an HXL hashtag row under the labels wins) and where the data starts."""
    for i, row in enumerate(table[:25]):
        cells = [c for c in row if c]
        if cells and all(c.startswith("#") for c in cells):
            return row, i + 1
    return (table[0], 1) if table else ([], 0)


def _has_codes(table: Table) -> bool:
    header, _ = _header(table)
    return bool(_columns(header)) or _long_columns(header) is not None


def _read_table(table: Table, gaz: Gazetteer, country: str | None) -> None:
    header, start = _header(table)
    long = _long_columns(header)
    if long is not None:
        _read_long(table[start:], long, gaz, country)
        return
    columns = _columns(header)
    langs = {int(m.group(1) or 0): i for i, h in enumerate(header) if (m := re.fullmatch(r"lang(\d?)", h.strip()))}
    for row in table[start:]:
        parent = None
        for level in sorted(columns):
            cols = columns[level]
            pcode = _cell(row, cols.pcode).upper()
            if not pcode:
                break
            names: dict[str, str] = {}
            unsure: list[str] = []  # a numbered name whose language the row does not say: matched, not shown
            for lang, i in cols.names.items():
                text = _cell(row, i)
                if text and lang.startswith("@"):
                    n = int(lang[1:])
                    lang = _cell(row, langs.get(n)).lower()[:2] or ("en" if n == 0 else "")
                    if not lang:
                        unsure.append(text)
                        continue
                if text:
                    names.setdefault(lang, text)
            names.setdefault("en", pcode)
            aliases = tuple(_cell(row, i) for i in cols.aliases if _cell(row, i)) + tuple(unsure)
            gaz.add(Area(pcode=pcode, level=level, names=names, parent=parent, aliases=aliases))
            kind = _cell(row, cols.kind)
            if kind:
                gaz.level_names.setdefault(level, kind)
            parent = pcode


def _cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


_LEVEL_COLUMN = re.compile(r"^adm(?:in)?(\d)[_ ]?(.*)$", re.IGNORECASE)
_NOT_LANGUAGES = {"id", "fid"}


def _columns(header: list[str]) -> dict[int, _Level]:
    """admin level (1 and more) -> where its P-code, names, alternative names and type are."""
    levels: dict[int, _Level] = {}
    for i, raw in enumerate(header):
        name = raw.strip()
        if name.startswith("#"):
            parts = name.replace(" ", "").lower().split("+")
            m = re.fullmatch(r"#adm(\d)", parts[0])
            if not m:
                continue
            level, attrs = int(m.group(1)), set(parts[1:])
            slot = levels.setdefault(level, _Level())
            langs = [a[2:] for a in attrs if re.fullmatch(r"i_[a-z]{2}", a)]
            if attrs & {"code", "pcode"}:
                slot.pcode = i
            elif not attrs & {"alt", "type"}:  # bare #adm1 and #adm1+name are names
                slot.names[langs[0] if langs else "en"] = i
            continue
        m = _LEVEL_COLUMN.match(name)
        if not m or int(m.group(1)) == 0:
            continue
        level, rest = int(m.group(1)), m.group(2).lower().replace("_", "")
        slot = levels.setdefault(level, _Level())
        if rest in ("pcode", "code"):
            slot.pcode = i
        elif re.fullmatch(r"alt\d*[a-z]{2}", rest):
            slot.aliases.append(i)
        elif rest in ("type", "typeen"):
            slot.kind = i
        elif m2 := re.fullmatch(r"name(\d?)", rest):  # 2024 schema: adm1_name, adm1_name1 … in lang, lang1 …
            slot.names.setdefault(f"@{m2.group(1) or 0}", i)
        elif re.fullmatch(r"(name)?([a-z]{2})", rest) and rest[-2:] not in _NOT_LANGUAGES:
            slot.names.setdefault(rest[-2:], i)
    return {lv: cols for lv, cols in levels.items() if cols.pcode is not None}


def _long_columns(header: list[str]) -> dict[str, int] | None:
    """The global P-code list's columns (level, pcode, name, parent, location), if this is one."""
    keys = {re.sub(r"[^a-z]", "", h.lower()): i for i, h in enumerate(header)}
    wanted = {"level": "adminlevel", "pcode": "pcode", "name": "name", "parent": "parentpcode"}
    if not all(v in keys for v in wanted.values()):
        return None
    found = {k: keys[v] for k, v in wanted.items()}
    if "location" in keys:
        found["location"] = keys["location"]
    return found


def _read_long(rows: Table, cols: dict[str, int], gaz: Gazetteer, country: str | None) -> None:
    for row in rows:
        if country and "location" in cols and _cell(row, cols["location"]).upper() != country.upper():
            continue
        level_text, pcode = _cell(row, cols["level"]), _cell(row, cols["pcode"]).upper()
        if not level_text.isdigit() or int(level_text) == 0 or not pcode:
            continue
        level = int(level_text)
        parent = _cell(row, cols["parent"]).upper() if level > 1 else None
        gaz.add(Area(pcode=pcode, level=level, names={"en": _cell(row, cols["name"]) or pcode},
                     parent=parent or None))


def gazetteer_csv(gaz: Gazetteer) -> bytes:
    """The workspace gazetteer: one row per area with its ancestors' columns, COD-AB style
    (``ADM1_PCODE, ADM1_EN, ADM1_AR, ADM1ALT1EN, ADM2_PCODE …``), every language kept."""
    levels = gaz.levels()
    langs = gaz.languages()
    most_aliases = {lv: max((len(a.aliases) for a in gaz.level(lv)), default=0) for lv in levels}
    header: list[str] = []
    for lv in levels:
        header += [f"ADM{lv}_PCODE", *(f"ADM{lv}_{lang.upper()}" for lang in langs),
                   *(f"ADM{lv}ALT{n}EN" for n in range(1, most_aliases[lv] + 1))]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for area in sorted(gaz.areas.values(), key=lambda a: (a.level, a.pcode)):
        chain: dict[int, Area] = {}
        node: Area | None = area
        while node is not None and node.level not in chain:
            chain[node.level] = node
            node = gaz.get(node.parent) if node.parent else None
        row: list[str] = []
        for lv in levels:
            a = chain.get(lv)
            row += [a.pcode if a else "", *((a.names.get(lang, "") if a else "") for lang in langs)]
            row += [(a.aliases[n] if a and n < len(a.aliases) else "") for n in range(most_aliases[lv])]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
