"""Typed access to the parsed TOML of report.toml, collecting a finding for each bad value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitrep.codes import E_CONFIG
from sitrep.errors import Findings, Position

TITLE_LENGTH = 200
"""Most characters of a crisis title, an organisation or a contact detail: the PDF's title band
and contact cards must hold them on one page."""


class Reader:
    """Typed access to the TOML tables, collecting a finding for each bad key."""

    def __init__(self, data: dict[str, Any], file: str) -> None:
        self.data = data
        self.file = file
        self.findings = Findings()

    def _pos(self, key: str) -> Position:
        return Position(file=self.file, key=key)

    def fail(self, key: str, message: str, hint: str) -> None:
        self.findings.add(E_CONFIG(message, hint=hint, position=self._pos(key)))

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.get(key)
        if value is None or (not required and value == ""):
            if required:
                self.fail(key, f"the key '{key}' is missing",
                          f"add {key.split('.')[-1]} = \"…\" under [{key.rsplit('.', 1)[0]}]")
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"'{key}' must be a non-empty text", "write it in double quotes")
            return default
        return value.strip()

    def date(self, key: str) -> dt.date | None:
        value = self.get(key)
        if value is None:
            self.fail(key, f"the key '{key}' is missing",
                      f"add {key.split('.')[-1]} = 2024-11-29 (a TOML date, no quotes)")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(key, f"'{key}' is not a date: {value!r}", "write it as YYYY-MM-DD, e.g. 2024-11-29")
        return None

    def integer(self, key: str, *, minimum: int = 1, maximum: int | None = None) -> int:
        value = self.get(key)
        if value is None:
            self.fail(key, f"the key '{key}' is missing", f"add {key.split('.')[-1]} = 1")
            return minimum
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(key, f"'{key}' must be a whole number ≥ {minimum}, not {value!r}",
                      "write a number without quotes")
            return minimum
        if maximum is not None and value > maximum:
            self.fail(key, f"'{key}' is {value:,}, over the largest allowed, {maximum:,}",
                      f"write a number from {minimum} to {maximum:,}")
            return minimum
        return value

    def text_list(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, f"'{key}' must be a list of texts", 'write it like ["a", "b"]')
            return default
        return tuple(v.strip() for v in value)

    def short(self, key: str, value: str, limit: int = TITLE_LENGTH) -> str:
        """``value``, or a finding when it is longer than a title line or a contact card can hold."""
        if len(value) > limit:
            self.fail(key, f"'{key}' has {len(value):,} characters; at most {limit:,} fit where it is shown",
                      "shorten it (the title band and the contact cards hold a line or two)")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key)
        if value is None and default is not None:
            return default
        text = self.text(key)
        if text and text not in choices:
            self.fail(key, f"'{key}' is {text!r}, which is not one of: {', '.join(choices)}",
                      f"use one of {', '.join(choices)}")
            return default or choices[0]
        return text or (default or choices[0])
