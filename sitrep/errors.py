"""Findings and the exception tree (a leaf module: standard library only).

Data problems are *collected* as :class:`Finding` objects and returned by each stage;
exceptions are raised only when a run cannot go on (an unreadable file, a broken
``report.toml``), and each one wraps the finding that explains it::

    SitrepError            wraps one Finding
    ├── ConfigError        report.toml or a template is unusable
    ├── IntakeError        an intake file cannot be read at all
    └── RenderError        an output could not be written

Positions are stored the way an Excel user sees them: the file name, the sheet, the
1-based row and the column letter (``health.xlsx › Casualties!D7``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    """How bad a finding is. Errors stop a build unless it is forced."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def column_letter(index: int) -> str:
    """1-based column number to Excel letters: 1 -> A, 28 -> AB."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Position:
    """Where a finding points: file, then optionally sheet, row and column."""

    file: str
    """File name as the user knows it (no directories)."""
    sheet: str | None = None
    row: int | None = None
    """1-based sheet row, as Excel shows it."""
    column: int | None = None
    """1-based column number; shown as letters."""
    key: str | None = None
    """For configuration files: the dotted key (``period.start``)."""

    @property
    def cell(self) -> str | None:
        """The A1 reference (``D7``), the row (``7``) or the column (``D``) when known."""
        col = column_letter(self.column) if self.column else ""
        row = str(self.row) if self.row else ""
        return (col + row) or None

    def __str__(self) -> str:
        text = printable(self.file)
        if self.sheet is not None:
            text += f" › {printable(self.sheet)}"
            if self.cell:
                text += f"!{self.cell}"
        elif self.cell:
            text += f" › row {self.row}" if self.row else f" › column {self.cell}"
        if self.key:
            text += f" › {printable(self.key)}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One problem (or remark) about the inputs, with a stable code and a position."""

    code: str
    """Stable identifier, e.g. ``E-negative``; documented in the README."""
    severity: Severity
    message: str
    """Plain words: what is wrong."""
    hint: str | None = None
    """How to fix it."""
    position: Position | None = None

    def __post_init__(self) -> None:
        # Messages quote cells, sheet names and file names sent by others: they are printed on
        # the officer's terminal, so no control character gets through.
        object.__setattr__(self, "message", printable(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", printable(self.hint))

    def __str__(self) -> str:
        where = f"{self.position}  " if self.position else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.code}  {self.message}{hint}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; the keys are part of the ``--json`` contract."""
        pos = self.position
        return {
            "code": self.code,
            "severity": str(self.severity),
            "file": pos.file if pos else None,
            "sheet": pos.sheet if pos else None,
            "cell": pos.cell if pos else None,
            "row": pos.row if pos else None,
            "key": pos.key if pos else None,
            "message": self.message,
            "hint": self.hint,
        }


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe to print on one terminal line: control characters, which could move the cursor,
    clear the screen or hide text (``ESC [2J``), are shown as escapes (``\\x1b``, ``\\n``)."""
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def shown(value: object, width: int = 60) -> str:
    """A value typed by someone else, as quoted in a message: printable and at most ``width``
    characters (a 30,000-character cell is not repeated in every finding and the merge log)."""
    text = printable(str(value))
    return text if len(text) <= width else text[:width - 1] + "…"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(slots=True)
class Findings:
    """An ordered collection of findings that stages append to."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.items.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.items)

    def sorted(self) -> list[Finding]:
        """Findings in a stable order: by file, sheet, row, column, then code."""

        def key(f: Finding) -> tuple[Any, ...]:
            p = f.position
            return (p.file if p else "", p.sheet or "" if p else "", p.row or 0 if p else 0,
                    p.column or 0 if p else 0, _SEVERITY_ORDER[f.severity], f.code, f.message)

        return sorted(self.items, key=key)

    def codes(self) -> list[str]:
        return [f.code for f in self.items]


class SitrepError(Exception):
    """A run cannot continue; ``finding`` says why and where."""

    def __init__(self, finding: Finding, *, more: Iterable[Finding] = ()) -> None:
        super().__init__(str(finding))
        self.finding = finding
        self.findings = [finding, *more]
        """All findings that stop the run (several bad keys are reported together)."""


class ConfigError(SitrepError):
    """``report.toml`` or a template is missing or invalid."""


class IntakeError(SitrepError):
    """An intake file cannot be opened or understood at all."""


class RenderError(SitrepError):
    """An output document could not be produced."""
