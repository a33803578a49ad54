"""The "response by sector" table: people reached against targets, with a Total that has both.

The Total row adds the targets up and gives the share reached, like every sector row. When
some sectors have no target, the Total's target is the sum of the targets given and its share
counts only the people reached in those sectors (a total reached over a partial target would
overstate progress); a note under the table says so.
"""

from __future__ import annotations

from collections.abc import Callable

from sitrep.compose.document import Table, TableColumn, TableRow
from sitrep.compose.labels import SECTOR_LABELS
from sitrep.model import SectorFigures

__all__ = ["response_table"]


def response_table(sectors: tuple[SectorFigures, ...], *, gettext: Callable[[str], str],
                   number: Callable[[int], str], percent: Callable[[float], str], total: str = "") -> Table:
    """The table of people reached by sector, ending with its Total row.

    ``total``: the Total's people reached as the report words it (a lower bound says "at least");
    by default the sectors' sum.
    """
    _ = gettext
    head = (TableColumn(text=_("Sector"), weight=1.5), TableColumn(text=_("People reached"), numeric=True),
            TableColumn(text=_("Target"), numeric=True),
            TableColumn(text=_("Reached"), numeric=True, weight=0.8),
            TableColumn(text=_("Partners"), weight=2.0))
    rows = []
    for s in sectors:
        share = percent(s.reached / s.targeted) if s.targeted else "—"
        rows.append(TableRow(cells=(_(SECTOR_LABELS.get(s.sector, s.sector)), number(s.reached),
                                    number(s.targeted) if s.targeted is not None else "—",
                                    share, ", ".join(s.partners))))
    with_target = [s for s in sectors if s.targeted]
    target = sum(s.targeted or 0 for s in with_target)
    reached_with_target = sum(s.reached for s in with_target)
    total_reached = sum(s.reached for s in sectors)
    rows.append(TableRow(cells=(_("Total"), total or number(total_reached), number(target) if target else "—",
                                percent(reached_with_target / target) if target else "—", ""), kind="total"))
    note = _("People reached are summed across partners and may include people reached by more than one "
             "organisation.")
    if with_target and len(with_target) < len(sectors):
        note += " " + _("The total's target and share count only the sectors that have a target.")
    return Table(columns=head, rows=tuple(rows), note=note)
