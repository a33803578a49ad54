"""Composite PDF blocks drawn as small tables: progress bars, key-figure cards, contact cards.

Split from :mod:`sitrep.render.pdf` (module size); the boxes' proportions come from
:data:`~sitrep.render.typeset.BOXES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitrep.compose.document import ContactList, KeyFigures, ProgressBar
from sitrep.render.pdf_styles import MM
from sitrep.render.typeset import BOXES

if TYPE_CHECKING:
    from sitrep.render.pdf import _Writer


def progress(w: _Writer, bar: ProgressBar) -> Any:
    """A bar filled to the fraction (from the right in right-to-left documents) and its caption."""
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.platypus import Table as RLTable

    from sitrep.render.chart_pdf import fill

    st = w.st
    width, height, gap = w.width * BOXES.bar_width, BOXES.bar_height_pt, BOXES.bar_gap_mm * MM
    filled = width * max(0.0, min(bar.fraction, 1.0))
    drawing = Drawing(width, height, initialFontName=st.font, initialFontSize=7)
    drawing.add(Rect(0, 0, width, height, **fill(st.table_header)))
    drawing.add(Rect(width - filled if w.rtl else 0, 0, filled, height, **fill(st.accent)))
    table = RLTable([w.row([drawing, w.text(bar.caption, st.style("cell"))])],
                    colWidths=w.row([width + gap, w.width - width - gap]))
    # The bar sits on the reading side of its cell, so the 4 mm gap separates it from its caption.
    bar_cell = (-1, 0) if w.rtl else (0, 0)
    table.setStyle(w.table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                     ("ALIGN", bar_cell, bar_cell, "RIGHT" if w.rtl else "LEFT"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), BOXES.bar_after_pt)))
    return table


def key_figures(w: _Writer, block: KeyFigures) -> Any:
    from reportlab.platypus import Table as RLTable

    st = w.st
    cards = []
    for fig in block.items:
        value = st.style("fig_value" if fig.known else "fig_value_unknown")
        cell = [w.text(fig.value, value), w.text(fig.label, st.style("fig_label"))]
        if fig.note:
            cell.append(w.text(fig.note, st.style("fig_note")))
        if fig.change:
            cell.append(w.text(fig.change, st.style("fig_change")))
        cards.append(cell)
    n = max(1, len(cards))
    gap = BOXES.figure_gap_mm * MM
    card = (w.width - gap * (n - 1)) / n
    row: list[Any] = []
    widths: list[float] = []
    for i, cell in enumerate(w.row(cards)):
        if i:
            row.append("")
            widths.append(gap)
        row.append(cell)
        widths.append(card)
    table = RLTable([row], colWidths=widths)
    edge = "LINEAFTER" if w.rtl else "LINEBEFORE"
    near, far, top, bottom = BOXES.figure_padding_mm
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), (far if w.rtl else near) * MM),
        ("RIGHTPADDING", (0, 0), (-1, -1), (near if w.rtl else far) * MM),
        ("TOPPADDING", (0, 0), (-1, -1), top * MM), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom * MM)]
    for i in range(0, 2 * n - 1, 2):
        style += [("BACKGROUND", (i, 0), (i, 0), st.subtotal),
                  (edge, (i, 0), (i, 0), BOXES.figure_edge_pt, st.accent)]
    table.setStyle(w.table_style(*style))
    return table


def contacts(w: _Writer, block: ContactList) -> Any:
    from reportlab.platypus import Table as RLTable

    cards = []
    for c in block.items:
        lines = [w.text(c.name, w.st.style("contact_name"), direction="auto")]
        lines += [w.text(x, w.st.style("contact_line"), direction="auto")
                  for x in (c.title, c.email, c.phone) if x]
        cards.append(lines)
    n = BOXES.contacts_columns
    rows = [w.row(cards[i:i + n] + [""] * (n - len(cards[i:i + n]))) for i in range(0, len(cards), n)]
    table = RLTable(rows, colWidths=[w.width / n] * n)
    table.setStyle(w.table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), BOXES.contact_after_mm * MM)))
    return table
