"""The keys report.toml may hold, declared once.

Every table and key of ``report.toml`` is listed here with what it holds. :func:`unknown_keys`
walks a parsed file against the declaration: a key that is not declared anywhere — a misspelt
``langauges`` inside ``[report]``, ``polcy`` inside ``[merge]``, a ``[[contacts]]`` block with
``emial`` — is reported with its dotted position and the closest declared key, instead of being
ignored. The values themselves are checked by :mod:`sitrep.config` (types, ranges, choices).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Key:
    """A value: ``what`` says what it holds (shown in hints)."""

    what: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table with declared keys; ``any_key`` declares the entries of an open table (one per
    language, for example), ``many`` an array of tables (``[[contacts]]``)."""

    keys: Mapping[str, Key | Table] = field(default_factory=dict)
    any_key: Key | Table | None = None
    many: bool = False


_TEXT, _DATE, _NUMBER, _TEXTS, _FLAG = Key("text"), Key("date"), Key("whole number"), Key("list of texts"), Key("flag")

SCHEMA = Table(keys={
    "report": Table(keys={
        "country": _TEXT, "crisis": _TEXT, "crisis_by_language": Table(any_key=_TEXT), "slug": _TEXT,
        "type": _TEXT, "number": _NUMBER, "as_of": _DATE, "languages": _TEXTS, "template": _TEXT,
        "organisation": _TEXT, "illustrative": _FLAG, "arabic_digits": _TEXT, "next_report": _DATE,
    }),
    "period": Table(keys={"start": _DATE, "end": _DATE}),
    "intake": Table(keys={"gazetteer": _TEXT, "files": _TEXTS, "admin_levels": _TEXTS,
                          "admin_levels_by_language": Table(any_key=_TEXTS)}),
    "merge": Table(keys={"policy": _TEXT, "priority": _TEXTS}),
    "output": Table(keys={"dir": _TEXT}),
    "contacts": Table(keys={"name": _TEXT, "title": _TEXT, "email": _TEXT, "phone": _TEXT}, many=True),
    "funding": Table(keys={"required": _NUMBER, "received": _NUMBER, "source": _TEXT, "as_of": _DATE}),
    "email": Table(keys={"to": _TEXTS, "cc": _TEXTS, "sender": _TEXT},
                   any_key=Table(keys={"to": _TEXTS, "cc": _TEXTS})),
    "map": Table(keys={"boundaries": _TEXT, "outlines": _TEXT, "pcode_field": _TEXT, "measure": _TEXT,
                       "attribution": _TEXT, "max_size_mb": Key("number"), "mark_locations": _FLAG}),
    # Partners' contacts for the annotated copies (validate --annotate --email): one table per organisation.
    "partners": Table(any_key=Table(keys={"contact": _TEXT, "language": _TEXT})),
    # The team's shared history on PostgreSQL (a libpq URL or "service=NAME"); absent: history.sqlite.
    "history": Table(keys={"url": _TEXT}),
})
"""Every table and key of report.toml (the README's "The workspace: report.toml" explains each)."""


def unknown_keys(data: Mapping[str, Any], schema: Table = SCHEMA) -> list[tuple[str, str, str]]:
    """``(dotted key, message, hint)`` for every key of ``data`` that ``schema`` does not declare."""
    return list(_walk(data, schema, ""))


def _walk(data: Mapping[str, Any], table: Table, prefix: str) -> Iterator[tuple[str, str, str]]:
    for name in sorted(data, key=str):
        value, where = data[name], f"{prefix}{name}"
        declared = table.keys.get(name, table.any_key)
        if declared is None:
            yield where, f"unknown key '{where}'", _hint(name, table, prefix)
            continue
        if isinstance(declared, Table):
            if declared.many and isinstance(value, list):
                for i, item in enumerate(value, start=1):
                    if isinstance(item, Mapping):
                        yield from _walk(item, declared, f"{where}[{i}].")
            elif isinstance(value, Mapping) and not declared.many:
                yield from _walk(value, declared, f"{where}.")


def _hint(name: str, table: Table, prefix: str) -> str:
    known = sorted(table.keys)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    where = f"[{prefix.rstrip('.')}]" if prefix else "report.toml"
    if close:
        return f"did you mean '{close[0]}'? The keys of {where} are {', '.join(known)}"
    return f"the keys of {where} are {', '.join(known)}; check the spelling"
