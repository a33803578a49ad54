"""The covering e-mail's HTML part, from the HTML edition's specification, laid out for mail programs.

The e-mail shows what the report page shows first: the title band, the key-figure cards and the
highlights, with the same text styles (:func:`sitrep.render.html.text_style`: the page's on-screen
sizes, line heights, weights and colours of :mod:`sitrep.render.typeset`), the same box colours
and the same escaping. What differs is what mail programs accept:

* every style is an inline ``style=`` attribute: Gmail drops a ``<style>`` block in many of its
  clients and Outlook's Word engine ignores most of one; each styled element also keeps its
  ``s-…`` class name, which changes nothing in a mail program and lets a test compare it with the page;
* boxes are tables (``role="presentation"``): Outlook knows neither flex nor grid; the key
  figures are cards in rows of two, which stay legible on a phone; the title band's two cells are
  inline blocks that sit side by side at 640 px and stack on a phone (Outlook on Windows, which
  ignores ``max-width``, stacks them too);
* sizes are resolved (``11.875pt``, not ``calc(9.5pt * var(--k))``) and sides are physical
  (``border-left`` in English, ``border-right`` in Arabic): no mail program evaluates CSS variables
  and few know logical properties; ``dir`` and ``lang`` are on ``<html>``, ``<body>`` and the
  content table, for the programs that keep only a part of the message;
* no SVG (mail programs do not show inline SVG) and no image: the charts, the map and the tables
  are in the attached PDF, which the e-mail's opening sentence announces.

The text comes from two places that the same composer wrote: the document (title band and key
figures, exactly as on the page) and the e-mail text (greeting, highlights, closing, contacts).
"""

from __future__ import annotations

from html import escape

from sitrep.compose.document import Document, KeyFigure, KeyFigures, TitleBand
from sitrep.compose.email_text import EmailParagraph, EmailText
from sitrep.render.html import SCREEN_SCALE, font_family, page_lang, text_style
from sitrep.render.html_text import dir_lang, marked
from sitrep.render.typeset import BOXES, StyleName, color_of, no_break_year

__all__ = ["MAIL_COLUMNS", "MAIL_WIDTH_PX", "mail_html"]

MAIL_WIDTH_PX = 640
"""The message's content width: the common width of HTML e-mail, which every desktop client shows
without scrolling sideways; narrower screens shrink it (``max-width``)."""
MAIL_COLUMNS = 2
"""Key-figure cards per row: four across a phone's width would cut the numbers."""
_PX_PER_MM = 96 / 25.4


def _px(mm: float) -> str:
    return f"{round(mm * _PX_PER_MM)}px"


class _Mail:
    """Writes the message's elements with their styles inline."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.start, self.end = ("right", "left") if doc.rtl else ("left", "right")

    def p(self, text: str, style: StyleName, tag: str = "p", attrs: str = "", extra: str = "",
          given: bool = False) -> str:
        """One text in a typesetting style; ``given``: a name as typed (its runs in another script marked)."""
        css = text_style(self.doc, style, SCREEN_SCALE) + extra
        shown = f"<bdi>{marked(text, self.doc)}</bdi>" if given else escape(text)
        return f'<{tag} class="s-{style}" style="{css}"{attrs}>{shown}</{tag}>'

    def row(self, content: str, css: str = "") -> str:
        style = f' style="{css}"' if css else ""
        return f'<tr><td{style}>{content}</td></tr>'

    def band(self, band: TitleBand) -> str:
        b, t = BOXES, self.doc.theme
        pad = f"padding:{_px(b.band_padding_top_mm)} {_px(b.band_padding_x_mm)} {_px(b.band_padding_bottom_mm)}"
        main = self.p(band.country.upper(), "band_country") + self.p(band.crisis, "band_title", "h1")
        side = [self.p(band.label, "band_label"), self.date(band.date_line), self.date(band.period_line)]
        if band.status:
            side.append(self.p(band.status, "band_status"))
        # Two inline blocks side by side where the message is 640 px wide, one above the other on a
        # phone (the "fluid hybrid" layout of HTML e-mail: no media query, which many programs drop).
        main_px = round(MAIL_WIDTH_PX * b.band_main)
        block = (f"display:inline-block;vertical-align:top;width:100%;box-sizing:border-box;{pad};"
                 f"text-align:{self.start}")
        return (f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
                f'bgcolor="{t.primary}" style="border-collapse:collapse;background:{t.primary}"><tr>'
                f'<td style="font-size:0;text-align:{self.start}">'
                f'<div style="{block};max-width:{main_px}px">{main}</div>'
                f'<div style="{block};max-width:{MAIL_WIDTH_PX - main_px - 1}px">{"".join(side)}</div>'
                "</td></tr></table>")

    def date(self, line: str) -> str:
        """A band line with its date kept whole (the page's and the PDF's rule)."""
        label, colon, date = no_break_year(line).rpartition(": ")
        if not (colon and " " not in date):
            return self.p(no_break_year(line), "band_small")
        css = text_style(self.doc, "band_small", SCREEN_SCALE)
        return (f'<p class="s-band_small" style="{css}">{escape(label + colon)}'
                f'<span style="white-space:nowrap">{escape(date)}</span></p>')

    def card(self, fig: KeyFigure) -> str:
        b, t = BOXES, self.doc.theme
        near, far, top, bottom = (_px(v) for v in b.figure_padding_mm)
        pad = f"padding-top:{top};padding-bottom:{bottom};padding-{self.start}:{near};padding-{self.end}:{far}"
        value = self.p(fig.value, "fig_value" if fig.known else "fig_value_unknown")
        lines = [value, self.p(fig.label, "fig_label")]
        if fig.note:
            lines.append(self.p(fig.note, "fig_note"))
        if fig.change:
            lines.append(self.p(fig.change, "fig_change"))
        return (f'<td width="{100 // MAIL_COLUMNS}%" valign="top" bgcolor="{t.subtotal}" '
                f'style="background:{t.subtotal};border-{self.start}:{b.figure_edge_pt}pt solid {t.accent};{pad}">'
                f'{"".join(lines)}</td>')

    def figures(self, block: KeyFigures) -> str:
        gap = _px(BOXES.figure_gap_mm)
        rows = []
        for at in range(0, len(block.items), MAIL_COLUMNS):
            cells = [self.card(fig) for fig in block.items[at:at + MAIL_COLUMNS]]
            cells += [f'<td width="{100 // MAIL_COLUMNS}%"></td>'] * (MAIL_COLUMNS - len(cells))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        # border-spacing is the page's gap between cards; Outlook reads the cellspacing attribute.
        return (f'<table role="presentation" width="100%" cellpadding="0" cellspacing="{gap[:-2]}" border="0" '
                f'style="border-collapse:separate;border-spacing:{gap}">{"".join(rows)}</table>')

    def highlight(self, para: EmailParagraph) -> str:
        attrs = dir_lang(para.direction, para.language)
        notice = ""
        if para.fallback:  # the notice in the message's language, then the text in its own
            notice = self.p(f"[{para.fallback}]", "note", "span", extra=";display:block") + " "
        css = text_style(self.doc, "bullet", SCREEN_SCALE)
        return f'<li class="s-bullet" style="{css}">{notice}<span{attrs}>{escape(para.text)}</span></li>'


def mail_html(doc: Document, text: EmailText) -> str:
    """The HTML part of the covering e-mail of ``doc``: title band, opening, key-figure cards,
    highlights and closing, styled inline as the report page is; ``text`` is the same report's
    e-mail text in the same language. Same inputs, same string."""
    m, t = _Mail(doc), doc.theme
    direction = "rtl" if doc.rtl else "ltr"
    band = next((b for b in doc.blocks if isinstance(b, TitleBand)), None)
    figures = next((b for b in doc.blocks if isinstance(b, KeyFigures)), None)
    rows = [m.row(m.p(text.greeting, "body"))]
    if band:  # the band says the reporting period
        rows += [m.row(m.p(text.intro, "body")), m.row(m.band(band), f"padding-bottom:{_px(BOXES.after_band_mm)}")]
    else:
        rows.append(m.row(m.p(text.intro, "body") + m.p(text.period, "body")))
    if text.notice:
        rows.append(m.row(m.p(text.notice, "note")))
    if figures and figures.items:
        rows.append(m.row(m.p(text.key_figures_heading, "heading1", "h2") + m.figures(figures)))
    if text.highlights:
        indent = f"{BOXES.bullet_indent_pt * SCREEN_SCALE:g}pt"
        items = "".join(m.highlight(p) for p in text.highlights)
        rows.append(m.row(m.p(text.highlights_heading, "heading1", "h2")
                          + f'<ul style="margin:0;padding-{m.start}:{indent};padding-{m.end}:0">{items}</ul>'))
    rows.append(m.row(m.p(text.closing, "body", extra=";margin-bottom:0") + m.p(text.organisation, "body", given=True)))
    if text.contacts:
        lines = "".join(m.p(line, "contact_line", given=True) for line in text.contacts)
        rows.append(m.row(m.p(text.contact_heading, "contact_name") + lines))
    lang = escape(page_lang(doc))  # the page's: ar-SY, zh-Hans (Han forms of simplified Chinese)
    wrapper = (f'font-family:{escape(font_family(doc).replace(chr(34), chr(39)))};color:{color_of(t, "text")};'
               f'text-align:{m.start};width:100%;max-width:{MAIL_WIDTH_PX}px')
    out = [
        "<!DOCTYPE html>",
        f'<html dir="{direction}" lang="{lang}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(text.subject)}</title></head>",
        f'<body dir="{direction}" lang="{lang}" style="margin:0;padding:16px;background:#FFFFFF">',
        f'<table role="presentation" dir="{direction}" lang="{lang}" width="{MAIL_WIDTH_PX}" cellpadding="0" '
        f'cellspacing="0" border="0" align="center" style="{wrapper}">',
        *rows,
        "</table>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
