"""Conflict policies: which of several rows about the same thing wins.

``priority``  the organisation listed first in ``[merge] priority`` wins;
``maximum``   the highest figure wins (the cautious choice for casualties);
``latest``    the most recently compiled figures (``Reported on``) win.

Every policy ends with the same deterministic tie-breaks (priority, then the larger figure,
then file name and row) so a merge never depends on the order files were listed in.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Mergeable(Protocol):
    @property
    def org(self) -> str: ...

    @property
    def origin(self) -> object: ...


R = TypeVar("R", bound=Mergeable)


@functools.lru_cache(maxsize=16)
def _ranks(priority: tuple[str, ...]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for i, name in enumerate(priority):
        ranks.setdefault(name.casefold().strip(), i)
    return ranks


@functools.lru_cache(maxsize=16)
def _rank_table(priority: tuple[str, ...]) -> dict[str, int]:
    """Organisation name as typed -> its place in ``priority`` (its length when absent), filled
    in by :func:`_rank` once per name: asked for every row of every group that merges."""
    return {}


def _rank(priority: tuple[str, ...], org: str) -> int:
    table = _rank_table(priority)
    rank = table.get(org)
    if rank is None:
        rank = table[org] = _ranks(priority).get(org.casefold().strip(), len(priority))
    return rank


@dataclass(frozen=True, slots=True)
class Policy:
    """A named conflict policy with the organisations' priority order."""

    name: str
    priority: tuple[str, ...] = ()

    def rank(self, org: str) -> int:
        return _rank(self.priority, org)

    def choose(self, rows: Sequence[R], magnitude: Callable[[R], int],
               reported: Callable[[R], dt.date | None]) -> R:
        """The winning row among conflicting ones."""
        if len(rows) == 1:
            return rows[0]
        priority = self.priority

        def tiebreak(r: R) -> tuple[object, ...]:
            origin = r.origin
            return (_rank(priority, r.org), -magnitude(r), getattr(origin, "file", ""), getattr(origin, "row", 0))

        if self.name == "maximum":
            return min(rows, key=lambda r: (-magnitude(r), *tiebreak(r)))
        if self.name == "latest":
            return min(rows, key=lambda r: (-(reported(r) or dt.date.min).toordinal(), *tiebreak(r)))
        return min(rows, key=tiebreak)

    def why(self, win: R, other: R, magnitude: Callable[[R], int], reported: Callable[[R], dt.date | None]) -> str:
        """Why ``win`` was kept over ``other``, in a few words (for the finding and the merge log)."""
        if self.name == "maximum" and magnitude(win) != magnitude(other):
            return "its figures are higher"
        if self.name == "latest" and reported(win) != reported(other):
            day = reported(win)
            return f"it was reported later ({day:%d %B %Y})" if day else "it has a reporting date"
        if self.rank(win.org) != self.rank(other.org):
            if self.rank(other.org) == len(self.priority):
                return f"{win.org} is in [merge] priority and {other.org} is not"
            return f"{win.org} comes before {other.org} in [merge] priority"
        if magnitude(win) != magnitude(other):
            return "both rank the same, and the larger figures are kept"
        return f"both rank the same with figures of the same size; the first row ({win.origin}) is kept"

    def describe(self) -> str:
        if self.name == "priority":
            return "source priority (" + " > ".join(self.priority) + ")"
        return {"maximum": "highest figure", "latest": "most recently reported"}.get(self.name, self.name)
