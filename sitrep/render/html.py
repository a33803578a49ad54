"""HTML renderer: one self-contained web page per language, from the same document as the PDF and DOCX.

The page needs no server: the style sheet is inline, charts and the map are inline SVG drawn from
the shared layouts (:mod:`sitrep.render.html_svg`), the logo is a ``data:`` URI, and the fonts are
the reader's own. Fonts are not embedded: the font-family stacks (:data:`FONT_STACKS`) name the
Noto families the PDF embeds first, then the fonts every phone and desktop of that script has
(Arial/system-ui; Tahoma for Arabic; PingFang SC and Microsoft YaHei for Chinese). Embedding
subsets would cost the Chinese page the size of its CJK subsets (measured in the README), for
text that every system can already show.

Sizes, spacing and colours are the typesetting specification's (:mod:`sitrep.render.typeset`):
each text style is one CSS class (``s-body``, ``s-heading1``), scaled by ``--k`` on screen and
set at its point size in print (``@page`` gives the template's page size and margins). Right to
left pages say ``dir="rtl"`` and the style sheet uses logical properties only (``margin-inline-start``,
``text-align: start``), so one style sheet serves both directions.

Headings: the report's title (the crisis, in the title band) is the page's ``<h1>``; the
document's section headings of levels 1-3 are ``<h2>``-``<h4>``, so a screen reader's outline
has one top and the sections under it.

Every text is escaped (:func:`html.escape`); nothing varies from run to run, so the same document
gives the same bytes. The covering e-mail's HTML part takes its text styles from here too
(:func:`text_style` with resolved sizes, :mod:`sitrep.render.html_mail`).
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import assert_never

from sitrep.compose.document import (
    AreaMap,
    Block,
    BulletList,
    Chart,
    ContactList,
    Document,
    Heading,
    KeyFigures,
    Paragraph,
    ProgressBar,
    SourceList,
    Table,
    TitleBand,
)
from sitrep.i18n.localizer import CJK_LANGUAGES
from sitrep.render.html_text import dir_lang, marked
from sitrep.render.typeset import BOXES, KEEP, PAGE, STYLES, Script, StyleName, color_of, heading_style, leading

__all__ = ["FONT_STACKS", "SCREEN_SCALE", "font_family", "page_lang", "render_html", "style_sheet", "text_style"]

FONT_STACKS: dict[Script, tuple[str, ...]] = {
    "latin": ("Arial", "system-ui", "sans-serif"),
    "arabic": ("Tahoma", "Arial", "system-ui", "sans-serif"),
    "cjk": ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Arial", "system-ui", "sans-serif"),
}
"""Fallbacks after the theme's fonts (which lead each stack: Noto Sans, Noto Sans Arabic)."""
SCREEN_SCALE = 1.25
"""Text is this much larger on screen than in print: 9.5 pt body text reads small on a phone."""
_MM_PT = 72 / 25.4


def _script(doc: Document) -> Script:
    if doc.rtl:
        return "arabic"
    return "cjk" if doc.language in CJK_LANGUAGES else "latin"


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def font_family(doc: Document) -> str:
    """The page's font-family list: the theme's fonts, then :data:`FONT_STACKS` of its script."""
    t = doc.theme
    names = [t.font_arabic, t.font_latin] if doc.rtl else [t.font_latin]
    names += FONT_STACKS[_script(doc)]
    return ", ".join(n if n in ("system-ui", "sans-serif") else f'"{n}"' for n in dict.fromkeys(names))


def text_style(doc: Document, name: StyleName, scale: float | None = None) -> str:
    """The CSS declarations of one typesetting style: size, line height, weight, colour, spacing.

    Without ``scale`` the sizes are the page's (``calc(9.5pt * var(--k))``: larger on screen, the
    print size on paper); with it they are resolved (``11.875pt``) for a mail client, which knows
    no CSS variables, and the spacing is written with physical margins (logical ones are unknown
    to Outlook's and Gmail's style filters).
    """
    s, script = STYLES[name], _script(doc)
    rule = [f"font-size:calc({_n(s.size)}pt * var(--k))" if scale is None else f"font-size:{_n3(s.size * scale)}pt",
            f"line-height:{_n(leading(s, script) / s.size)}", f"font-weight:{700 if s.bold else 400}",
            f"color:{color_of(doc.theme, s.color)}"]
    if scale is not None:
        rule.append(f"margin:{_n3(s.space_before * scale)}pt 0 {_n3(s.space_after * scale)}pt")
    elif s.space_before or s.space_after:
        rule.append(f"margin-block:calc({_n(s.space_before)}pt * var(--k)) calc({_n(s.space_after)}pt * var(--k))")
    if s.keep_with_next and scale is None:
        rule.append("break-after:avoid")
    return ";".join(rule)


def _n3(value: float) -> str:
    """Three decimals: a resolved size (9.5 pt × 1.25 = 11.875 pt) stays the page's to the browser's precision."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def page_lang(doc: Document) -> str:
    """The page's ``lang``: the BCP 47 form of the document's locale (``ar-SY``)."""
    lang = doc.locale.replace("_", "-") if doc.locale else doc.language
    if lang == "zh":  # simplified characters: the browser then picks the SC forms of shared Han code points
        lang = "zh-Hans"
    return lang


def style_sheet(doc: Document) -> str:
    """The page's one style sheet: every typesetting style as a class, the boxes, and print rules."""
    t = doc.theme
    k = "var(--k)"
    css = [f":root{{--k:{_n(SCREEN_SCALE)}}}",
           f"body{{margin:0 auto;padding:{_n(t.margin_mm / 2)}mm;max-inline-size:calc({_n(PAGE.text_width_mm(t))}mm"
           f" * {k});font-family:{font_family(doc)};color:{color_of(t, 'text')};background:#FFFFFF}}",
           "p,h1,h2,h3,h4,ul,ol{margin:0}",
           "a{color:inherit}"]
    css += [f".s-{name}{{{text_style(doc, name)}}}" for name in STYLES]
    b = BOXES
    near, far, top, bottom = b.figure_padding_mm
    left, right, ctop, cbottom = b.cell_padding_pt
    css += [
        f".band{{display:flex;background:{t.primary};margin-block-end:{_n(b.after_band_mm)}mm}}",
        f".band>div{{padding:{_n(b.band_padding_top_mm)}mm {_n(b.band_padding_x_mm)}mm"
        f" {_n(b.band_padding_bottom_mm)}mm}}",
        f".band .main{{flex:0 0 {_n(b.band_main * 100)}%;box-sizing:border-box}}",
        f".band .side{{flex:1;border-inline-start:{_n(b.band_divider_pt)}pt solid {t.band_text}}}",
        f".band img{{block-size:{_n(b.logo_height_mm)}mm;display:block}}",
        f".figures{{display:flex;gap:{_n(b.figure_gap_mm)}mm;margin-block-end:{_n(b.after_figures_mm)}mm}}",
        f".figures>div{{flex:1;background:{t.subtotal};border-inline-start:{_n(b.figure_edge_pt)}pt solid {t.accent};"
        f"padding:{_n(top)}mm {_n(far)}mm {_n(bottom)}mm {_n(near)}mm;padding-inline:{_n(near)}mm {_n(far)}mm}}",
        f".meter{{inline-size:{_n(b.bar_width * 100)}%;block-size:{_n(b.bar_height_pt)}pt;background:{t.table_header};"
        f"margin-block-start:{_n(b.bar_gap_mm)}mm}}",
        f".meter>span{{display:block;block-size:100%;background:{t.primary}}}",
        f".progress{{margin-block:{_n(b.bar_caption_before_pt)}pt {_n(b.bar_after_pt)}pt}}",
        f"ul.bullets{{padding-inline-start:{_n(b.bullet_indent_pt)}pt}}",
        f"table{{border-collapse:collapse;inline-size:100%;margin-block-end:{_n(b.after_table_mm)}mm}}",
        f"th,td{{padding:{_n(ctop)}pt {_n(right)}pt {_n(cbottom)}pt {_n(left)}pt;padding-inline:{_n(left)}pt"
        f" {_n(right)}pt;text-align:start;vertical-align:middle}}",
        f"thead th{{background:{t.table_header};border-block-end:{_n(b.rule_pt)}pt solid {t.primary}}}",
        f"tr.body>*{{border-block-end:{_n(b.hairline_pt)}pt solid {t.table_header}}}",
        f"tr.subtotal>*{{background:{t.subtotal}}}",
        f"tr.total>*{{border-block-start:{_n(b.rule_pt)}pt solid {t.primary}}}",
        f"tr.table-note>td{{padding-block-start:{_n(BOXES.table_note_gap_mm)}mm}}",
        ".num{text-align:end;font-variant-numeric:tabular-nums}",
        ".nowrap{white-space:nowrap}",
        f"figure{{margin:0 0 {_n(b.after_figure_mm)}mm}}",
        "svg.figure{display:block;inline-size:100%;block-size:auto}",
        f".contacts{{display:grid;grid-template-columns:repeat({b.contacts_columns},1fr);"
        f"row-gap:{_n(b.contact_after_mm)}mm}}",
        "ol.sources{padding-inline-start:2em}",
        ".draft-mark{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;"
        "pointer-events:none;overflow:hidden;z-index:1}",
        f".draft-mark>span{{transform:rotate(-45deg);font-size:{_n(STYLES['draft_mark'].size)}pt;font-weight:700;"
        f"color:{t.accent};opacity:{_n(PAGE.draft_opacity)};white-space:nowrap}}",
        f"footer{{border-block-start:{_n(PAGE.footer_rule_pt)}pt solid {t.muted};margin-block-start:6mm;"
        f"padding-block-start:{_n(PAGE.footer_text_mm)}mm}}",
        f"@media print{{:root{{--k:1}}body{{padding:0;max-inline-size:none;print-color-adjust:exact}}"
        f"@page{{size:{t.page_size} portrait;margin:{_n(t.margin_mm)}mm}}"
        "figure,tr,.figures,.band{break-inside:avoid}thead{display:table-header-group}"
        # The PDF's keep rule: a table splits with at least KEEP.table_min_rows rows on each side.
        f"tbody>tr:nth-child(n+2):nth-child(-n+{KEEP.table_min_rows}),"
        f"tbody>tr:nth-last-child(-n+{KEEP.table_min_rows - 1}){{break-before:avoid}}}}",
        # On a screen the side cell takes the width its lines need (up to half the band), so the period
        # ("Reporting period: 27–29 November 2024") stays on one line; paper keeps the PDF's proportions.
        "@media screen and (min-width:40em){.band .main{flex:1 1 0%}.band .side{flex:0 0 auto;max-inline-size:50%}}",
        "@media (max-width:40em){.band,.figures{flex-direction:column}.band .main{flex:auto}"
        ".band .side{border-inline-start:0}.contacts{grid-template-columns:1fr}}",
    ]
    return "\n".join(css)


def _p(text: str, style: StyleName, tag: str = "p", attrs: str = "") -> str:
    return f'<{tag} class="s-{style}"{attrs}>{escape(text)}</{tag}>'


class _Writer:
    """Turns the document's blocks into HTML elements, in order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.figures = 0
        width_pt = PAGE.text_width_mm(doc.theme) * _MM_PT
        self.width_pt = width_pt

    def block(self, block: Block) -> str:
        """One block; the match is exhaustive, so mypy flags a block type with no HTML layout."""
        match block:
            case TitleBand():
                return self.title_band(block)
            case KeyFigures():
                return self.key_figures(block)
            case Heading():
                level = min(max(block.level, 1), 3)
                anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
                return _p(block.text, heading_style(level), f"h{level + 1}", anchor)
            case ProgressBar():
                percent = _n(min(max(block.fraction, 0.0), 1.0) * 100)
                return (f'<div class="progress"><div class="meter" aria-hidden="true">'
                        f'<span style="inline-size:{percent}%"></span></div>{_p(block.caption, "cell")}</div>')
            case Chart():
                return self.chart(block)
            case AreaMap():
                return self.area_map(block)
            case Paragraph():
                return self.paragraph(block, block.style)
            case BulletList():
                items = "\n".join(self.paragraph(item, "bullet", "li") for item in block.items)
                return f'<ul class="bullets">\n{items}\n</ul>'
            case Table():
                return self.table(block)
            case SourceList():
                # <bdi>: a source in another script keeps its own direction, its number and place stay the page's.
                doc = self.doc
                items = "\n".join(f'<li id="source-{n}" value="{n}" class="s-note"><bdi>{marked(t, doc)}</bdi></li>'
                                   for n, t in block.items)
                return f'<ol class="sources">\n{items}\n</ol>'
            case ContactList():
                return self.contacts(block)
            case _:
                assert_never(block)

    def title_band(self, band: TitleBand) -> str:
        main = []
        if self.doc.logo:
            main.append(_logo(self.doc.logo))
        main += [_p(band.country.upper(), "band_country"), _p(band.crisis, "band_title", "h1")]
        side = [_p(band.label, "band_label"), _date(band.date_line), _date(band.period_line)]
        if band.status:
            side.append(_p(band.status, "band_status"))
        return (f'<header class="band"><div class="main">{"".join(main)}</div>'
                f'<div class="side">{"".join(side)}</div></header>')

    def key_figures(self, block: KeyFigures) -> str:
        cards = []
        for fig in block.items:
            lines = [_p(fig.value, "fig_value" if fig.known else "fig_value_unknown"), _p(fig.label, "fig_label")]
            if fig.note:
                lines.append(_p(fig.note, "fig_note"))
            if fig.change:
                lines.append(_p(fig.change, "fig_change"))
            cards.append(f'<div>{"".join(lines)}</div>')
        return f'<section class="figures">{"".join(cards)}</section>'

    def paragraph(self, p: Paragraph, style: StyleName, tag: str = "p") -> str:
        attrs = dir_lang(p.direction, p.language)
        notes = ""
        if p.footnotes:
            links = ",".join(f'<a href="#source-{n}">{n}</a>' for n in p.footnotes)
            # In right-to-left text a mark keeps the number apart from a sentence ending in digits (as the DOCX).
            mark = "\u200f" if self.doc.rtl and p.direction != "ltr" else ""
            notes = f"{mark}<sup>{links}</sup>"
        out = f'<{tag} class="s-{style}"{attrs}>{escape(p.text)}{notes}</{tag}>'
        if not p.fallback:
            return out
        notice = f"[{p.fallback}]"
        if tag == "p":  # the notice in the page's language, then the text in its own
            return f'{_p(notice, "note")}\n{out}'
        return (f'<{tag} class="s-{style}"><span class="s-note">{escape(notice)}</span> '
                f"<span{attrs}>{escape(p.text)}{notes}</span></{tag}>")

    def table(self, block: Table) -> str:
        total = sum(c.weight for c in block.columns) or 1.0
        cols = "".join(f'<col style="inline-size:{_n(c.weight / total * 100)}%">' for c in block.columns)
        head = "".join(f'<th scope="col" class="s-cell_head{" num" if c.numeric else ""}">{escape(c.text)}</th>'
                       for c in block.columns)
        rows = []
        for row in block.rows:
            style = "cell_bold" if row.kind in ("subtotal", "total") else "cell"
            cells = []
            for i, (text, col) in enumerate(zip(row.cells, block.columns, strict=True)):
                # A figure takes the page's direction (its column is aligned to the end); a name, its own.
                shown = escape(text) if col.numeric else f"<bdi>{marked(text, self.doc)}</bdi>"
                num = " num" if col.numeric else ""
                if i == 0:
                    indent = BOXES.cell_padding_pt[0] + BOXES.indent_pt * row.indent
                    pad = f' style="padding-inline-start:{_n(indent)}pt"' if row.indent else ""
                    cells.append(f'<th scope="row" class="s-{style}{num}"{pad}>{shown}</th>')
                else:
                    cells.append(f'<td class="s-{style}{num}">{shown}</td>')
            rows.append(f'<tr class="{row.kind}">{"".join(cells)}</tr>')
        if block.note:
            # The table's last row: it then never opens a printed page alone (chromium ignores
            # break-before:avoid on a paragraph after a table, but keeps a row with the one before).
            rows.append(f'<tr class="table-note"><td colspan="{len(block.columns)}" class="s-note">'
                        f"{escape(block.note)}</td></tr>")
        body = "\n".join(rows)
        return (f"<table><colgroup>{cols}</colgroup>\n<thead><tr>{head}</tr></thead>\n"
               f"<tbody>\n{body}\n</tbody></table>")

    def contacts(self, block: ContactList) -> str:
        cards = []
        for c in block.items:
            lines = [f'<p class="s-contact_name"><bdi>{marked(c.name, self.doc)}</bdi></p>']
            if c.title:
                lines.append(f'<p class="s-contact_line"><bdi>{marked(c.title, self.doc)}</bdi></p>')
            if c.email:
                # Left to right inside, aligned like the card's other lines (the page's side).
                lines.append(f'<p class="s-contact_line"><bdi dir="ltr"><a href="mailto:{escape(c.email)}">'
                             f"{escape(c.email)}</a></bdi></p>")
            if c.phone:
                lines.append(f'<p class="s-contact_line"><bdi dir="ltr">{escape(c.phone)}</bdi></p>')
            cards.append(f'<div>{"".join(lines)}</div>')
        return f'<section class="contacts">{"".join(cards)}</section>'

    def _fonts(self) -> tuple[Path, Path]:
        """The font files the PNG pictures measure with, by the document's script (the layout is theirs)."""
        from sitrep.render.fonts import font_files

        if _script(self.doc) == "cjk":
            from sitrep.render.fonts_cjk import cjk_font_files, document_characters

            return cjk_font_files(document_characters(self.doc))
        t = self.doc.theme
        return font_files(t.font_arabic if self.doc.rtl else t.font_latin)

    def chart(self, chart: Chart) -> str:
        from sitrep.render.chart_style import chart_colors
        from sitrep.render.html_svg import chart_svg, pillow_measure

        self.figures += 1
        measure = pillow_measure(*self._fonts(), chart.rtl)
        svg = chart_svg(chart, self.width_pt, measure, chart_colors(self.doc.theme), f"fig{self.figures}")
        return f"<figure>\n{svg}\n</figure>"

    def area_map(self, block: AreaMap) -> str:
        from sitrep.render.html_svg import map_svg, pillow_measure

        self.figures += 1
        measure = pillow_measure(*self._fonts(), block.rtl)
        svg = map_svg(block, self.width_pt, measure, self.doc.theme.muted, f"fig{self.figures}")
        return f"<figure>\n{svg}\n</figure>"


def _date(line: str) -> str:
    """A band line whose date is kept on one line (the PDF's rule, :func:`no_break_year`); a browser
    would otherwise break a range after its dash."""
    from sitrep.render.typeset import no_break_year

    label, colon, date = no_break_year(line).rpartition(": ")
    if colon and " " not in date:
        return f'<p class="s-band_small">{escape(label + colon)}<span class="nowrap">{escape(date)}</span></p>'
    return _p(no_break_year(line), "band_small")


def _logo(path: str) -> str:
    """The logo as a ``data:`` URI (the page makes no request); decorative, so its alt text is empty."""
    data = Path(path).read_bytes()
    mime = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    return f'<img src="data:{mime};base64,{base64.b64encode(data).decode("ascii")}" alt="">'


def render_html(doc: Document) -> bytes:
    """The document as one self-contained HTML page (UTF-8 bytes)."""
    w = _Writer(doc)
    direction, lang = "rtl" if doc.rtl else "ltr", page_lang(doc)
    head = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(doc.title)}</title>", '<meta name="generator" content="sitrep">']
    if doc.author:
        head.append(f'<meta name="author" content="{escape(doc.author)}">')
    if doc.subject:
        head.append(f'<meta name="description" content="{escape(doc.subject)}">')
    if doc.keywords:
        head.append(f'<meta name="keywords" content="{escape(", ".join(doc.keywords))}">')
    head.append(f"<style>\n{style_sheet(doc)}\n</style>")
    top = []
    if doc.header:
        top.append(_p(doc.header, "header"))
    if doc.draft:
        top.append(_p(doc.draft, "draft_header"))
        # Across the window and across every printed page (a fixed box repeats on each page), behind
        # nothing a reader clicks; hidden from screen readers, which read the DRAFT line above.
        top.append(f'<div class="draft-mark" aria-hidden="true"><span>{escape(doc.draft)}</span></div>')
    body = [w.block(b) for b in doc.blocks]
    foot = [_p(doc.footer, "footer")]
    if doc.notice:
        foot.append(_p(doc.notice, "notice"))
    page = [
        "<!DOCTYPE html>", f'<html lang="{escape(lang)}" dir="{direction}">', "<head>", *head, "</head>", "<body>",
        *top, "<main>", *body, "</main>", f'<footer>{"".join(foot)}</footer>', "</body>", "</html>", "",
    ]
    return "\n".join(page).encode("utf-8")
