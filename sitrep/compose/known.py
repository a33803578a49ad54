"""How a figure that may be unknown reads in a report (issue 23: unknown is not zero).

The model keeps None for a figure no partner reported and marks totals that leave out rows
which did not report them (lower bounds). Here they become words, in the report's language:

* a key-figure card without any reported value says "no data yet";
* a table cell without a reported value shows a dash, as statistical tables do;
* a narrative placeholder without a value says "not reported";
* a total over rows of which some left the figure blank says "at least N".

A typed 0 stays "0": partners said nobody was hurt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sitrep.compose.document import KeyFigure
from sitrep.compose.labels import FIGURE_LABELS
from sitrep.i18n import N_
from sitrep.model import AreaFigures, Count, Figures

NO_DATA_YET = N_("no data yet")
"""A key figure no partner has reported."""
NOT_REPORTED = N_("not reported")
"""A narrative figure no partner has reported."""
AT_LEAST = N_("at least {n}")
"""A total that leaves out rows which did not report the figure: a lower bound."""
DASH = "—"
"""A table cell without a reported value."""


def figure_text(value: Count, partial: bool, *, gettext: Callable[[str], str], number: Callable[[int], str],
                unknown: str) -> str:
    """``1,234``, ``at least 1,234`` (a lower bound), or ``unknown`` when nothing was reported."""
    if value is None:
        return unknown
    return gettext(AT_LEAST).format(n=number(value)) if partial else number(value)


def column_total(lines: Iterable[AreaFigures], key: str) -> tuple[Count, bool]:
    """The total of one table column over its subtotal lines, and whether it is a lower bound
    (some line is a lower bound itself, or reported nothing beside lines that did)."""
    total: Count = None
    partial = False
    for line in lines:
        value = line.values.get(key)
        partial = partial or value is None or key in line.partial
        if value is not None:
            total = (total or 0) + value
    return total, partial and total is not None


def key_figure_items(f: Figures, names: Sequence[str], *, gettext: Callable[[str], str],
                     ngettext: Callable[[str, str, int], str],
                     number: Callable[[int], str], change: Callable[[int | None], str],
                     changes: Mapping[str, int]) -> tuple[KeyFigure, ...]:
    """The key-figure cards: "no data yet" where nobody reported the figure, "at least N" for a
    lower bound, and a note on children or households only where someone reported them, in the
    plural form its count takes (``ngettext``: "including 1 child", "including 8 children")."""
    _ = gettext

    def known(name: str, unknown: str = "") -> str:
        value, partial = getattr(f, name), name in f.partial
        if partial and value == 0 and not unknown:  # "including at least 0 children" says nothing
            return ""
        return figure_text(value, partial, gettext=gettext, number=number, unknown=unknown)

    killed_children, injured_children, households = known("killed_children"), known("injured_children"), \
        known("households")

    def children(name: str, text: str) -> str:
        count = getattr(f, name) or 0
        return ngettext("including {n} child", "including {n} children", count).format(n=text) if text else ""

    notes = {"killed": children("killed_children", killed_children),
             "injured": children("injured_children", injured_children),
             "displaced": ngettext("{n} household", "{n} households", f.households or 0).format(n=households)
             if f.households else ""}
    items = []
    for name in names:
        note = notes.get(name, "")
        if name in f.estimated:
            note = (note + "; " if note else "") + _("includes estimates")
        items.append(KeyFigure(value=known(name, _(NO_DATA_YET)), label=_(FIGURE_LABELS[name]), note=note,
                               known=getattr(f, name) is not None, change=change(changes.get(name))))
    return tuple(items)
