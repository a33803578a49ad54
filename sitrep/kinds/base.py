"""What a data kind is: one declaration that every stage reads.

A :class:`DataKind` ties together, for one kind of partner data (casualties, displacement…):

* the **sheet** partners fill in (:class:`~sitrep.kinds.columns.SheetSpec`: columns, HXL
  hashtags, labels) — read by the intake stage and written by the blank templates;
* the **record** type that validation produces, and the **row builder** that turns one checked
  row into a record (through the :class:`RowCheck` protocol that the validate stage implements);
* how the merge treats its rows: the **merge mode** and **key** (rows about the same thing), the
  **measures** compared in a conflict and counted in the merge log, the **magnitude** the
  ``maximum`` policy compares, whether governorate/district/site **levels** are reconciled;
* the **area-table** measures of the report model and the **export** of merged records as HXL CSV.

Adding a kind is one module in this package declaring its ``DataKind`` plus its line in
:data:`sitrep.kinds.KINDS` (see the README, "Adding a data kind").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypedDict, TypeVar, cast

from sitrep.codes import W_ROW_NO_FIGURE
from sitrep.errors import Finding, Position
from sitrep.kinds.columns import SheetSpec

Cell = str | int | None
"""A value in an exported CSV cell."""

MergeMode = Literal["policy", "keep-all", "first-wins"]
"""``policy``: rows with the same key are one group settled by the conflict policy;
``keep-all``: every row is used as it is (narrative paragraphs); ``first-wins``: a later row
with the key of an earlier one is rejected (a source reference used twice)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """The row a record came from."""

    file: str
    sheet: str
    row: int

    @property
    def position(self) -> Position:
        return Position(file=self.file, sheet=self.sheet, row=self.row)

    def __str__(self) -> str:
        return f"{self.file} › {self.sheet}!{self.row}"


class LocatedFields(TypedDict):
    """The fields every located record shares, as :meth:`RowCheck.located` returns them."""

    origin: Origin
    date: dt.date
    adm1: str
    adm2: str | None
    org: str
    reported: dt.date | None
    estimated: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Located:
    """Common fields of records that describe a place on a day."""

    origin: Origin
    date: dt.date
    adm1: str
    """Governorate (admin level 1) P-code."""
    adm2: str | None
    """District (admin level 2) P-code, or None for a governorate-level row."""
    org: str
    reported: dt.date | None = None
    estimated: tuple[str, ...] = ()
    """Fields whose figure the partner marked as an estimate (~500, 500+)."""

    @property
    def pcode(self) -> str:
        return self.adm2 or self.adm1


class Record(Protocol):
    """What every record has: the row it came from."""

    @property
    def origin(self) -> Origin: ...


class RowCheck(Protocol):
    """One intake row being checked, as a row builder sees it (implemented by the validate stage).

    Values come already coerced to the column's type; a cell that could not be read has
    produced its finding and reads as None.
    """

    @property
    def origin(self) -> Origin: ...

    @property
    def failed(self) -> bool:
        """An error finding has been added for this row."""
        ...

    @property
    def estimated(self) -> tuple[str, ...]:
        """Fields whose figure the partner marked as an estimate (~500, 500+)."""
        ...

    def add(self, finding: Finding) -> None: ...

    def pos(self, field: str | None = None) -> Position:
        """The cell of ``field`` in this row (the row itself without a field)."""
        ...

    def label(self, field: str) -> str:
        """The column's header label as the partner's sheet shows it."""
        ...

    def column(self, field: str) -> int | None:
        """The 1-based column number of ``field`` in the sheet, when the sheet has it."""
        ...

    def text(self, field: str) -> str | None: ...

    def count(self, field: str) -> int | None: ...

    def date(self, field: str) -> dt.date | None: ...

    def texts(self, prefix: str) -> dict[str, str]:
        """Non-empty text fields named ``prefix + suffix``, as ``{suffix: text}`` (per language)."""
        ...

    def check_date(self) -> None:
        """Findings for a date in the future, after the as-of date or before the period."""
        ...

    def in_period(self) -> bool:
        """The row's date falls in the reporting period (up to the as-of date)."""
        ...

    def place(self, *, required: bool) -> tuple[str | None, str | None]:
        """The governorate and district P-codes the row names (findings when unknown)."""
        ...

    def located(self) -> LocatedFields | None:
        """Date checked, place resolved (required) and in the period: the shared fields, else None."""
        ...


R = TypeVar("R", bound=Record)


def reported_figures(row: RowCheck, fields: tuple[str, ...]) -> dict[str, int | None] | None:
    """The row's figures (None where the partner did not report one: an absent column or a blank
    cell; 0 only where 0 was typed), or None with a warning when the row reports none at all."""
    values = {f: row.count(f) for f in fields}
    for v in values.values():  # (a loop rather than any(): asked for every row of large intakes)
        if v is not None:
            return values
    labels = ", ".join(f"'{row.label(f)}'" for f in fields if row.column(f) is not None)
    row.add(W_ROW_NO_FIGURE(f"the row reports no figure ({labels} blank), so it says nothing to count",
                            hint="type the figures the partner knows (0 where none were); leave a cell blank "
                                 "only when the figure is not known", position=row.pos()))
    return None


def _no_magnitude(record: Any) -> int:
    return 0


@dataclass(frozen=True, slots=True, kw_only=True)
class DataKind(Generic[R]):
    """The one declaration of a data kind (see the module docstring)."""

    name: str
    """Lower-case identifier: export file names, JSON keys (``casualties``)."""
    sheet: SheetSpec
    record: type[R]
    build: Callable[[RowCheck], R | None]
    """Row builder: a record, or None when the row is not used (its findings say why)."""
    merge: MergeMode = "policy"
    key: Callable[[R], Hashable] | None = None
    """Rows with equal keys are about the same thing (``policy`` and ``first-wins``)."""
    measures: tuple[str, ...] = ()
    """Fields compared between rows of one group and listed as ``counted`` in the merge log."""
    magnitude: Callable[[R], int] = _no_magnitude
    """The size the ``maximum`` policy (and every tie-break) compares."""
    levels: bool = False
    """A governorate total beside its districts (and a district total beside its sites) counts
    only the part they do not explain."""
    subgroups: tuple[tuple[str, str], ...] = ()
    """(part, whole) measures: the part can never exceed the whole, also after reconciliation."""
    duplicate: Callable[[R], Hashable] | None = None
    """Identity of a row within one file: two equal rows are a copy-paste slip (``W-duplicate-row``)."""
    table: tuple[str, ...] = ()
    """Measures of the report's table by governorate and district (none: no such table)."""
    export: Callable[[R], Mapping[str, Cell]] | None = None
    """The kind-specific cells of a merged record in the HXL CSV export (None: not exported)."""


class RecordSet:
    """Records by data kind: one typed list per kind, in the order they were added."""

    __slots__ = ("_lists",)

    def __init__(self) -> None:
        self._lists: dict[str, list[Any]] = {}

    def of(self, kind: DataKind[R]) -> list[R]:
        """The records of ``kind`` (a live list: appending to it adds records)."""
        return cast(list[R], self._lists.setdefault(kind.name, []))

    def put(self, kind: DataKind[R], records: list[R]) -> None:
        self._lists[kind.name] = records

    def counts(self) -> dict[str, int]:
        return {name: len(records) for name, records in self._lists.items()}

