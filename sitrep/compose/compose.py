"""Fill the document blocks from the model, section by section, in one language."""

from __future__ import annotations

from collections.abc import Callable

from sitrep.codes import W_LABEL_MISSING, W_TRANSLATION_MISSING
from sitrep.compose.charts import compose_chart
from sitrep.compose.document import (
    Block,
    BulletList,
    ContactCard,
    ContactList,
    Direction,
    Document,
    Heading,
    KeyFigures,
    Paragraph,
    ProgressBar,
    RowKind,
    SourceList,
    Table,
    TableColumn,
    TableRow,
    TitleBand,
)
from sitrep.compose.known import DASH, column_total, figure_text, key_figure_items
from sitrep.compose.labels import AREA_TITLES, REPORT_TYPE_LABELS, SECTOR_LABELS, STATUS_LABELS
from sitrep.compose.limits import capped_note
from sitrep.compose.narrative_values import fill_placeholders, narrative_values
from sitrep.compose.product import NO_BREAK, numbered
from sitrep.compose.response import response_table
from sitrep.compose.template import Section, Template
from sitrep.errors import Findings
from sitrep.i18n import N_, Localizer
from sitrep.i18n.localizer import RTL_LANGUAGES
from sitrep.model import AreaFigures, Count, SituationReport


def output_stem(report: SituationReport, language: str) -> str:
    """``syria-nw-escalation_flash-update-01_2024-11-29_en``: safe on every file system."""
    return f"{report.slug}_{report.report_type}-{report.number:02d}_{report.as_of.isoformat()}_{language}"


class Composer:
    def __init__(self, report: SituationReport, template: Template, loc: Localizer) -> None:
        self.report = report
        self.template = template
        self.loc = loc
        self.overrides = template.labels.get(loc.language, {})
        self.findings = Findings()
        self._warned_crisis = False
        self._values: dict[str, str] | None = None
        self.organisation = template.identity.organisation or report.organisation

    def _(self, message: str) -> str:
        """A label: the template's override for this language, else the catalog (else English)."""
        if message in self.overrides:
            return self.overrides[message]
        return self.loc.gettext(message)

    def n(self, value: int) -> str:
        return self.loc.number(value)

    def known(self, value: Count, partial: bool = False, unknown: str = DASH) -> str:
        """A figure that may be unknown or a lower bound, as :mod:`sitrep.compose.known` words it."""
        return figure_text(value, partial, gettext=self._, number=self.n, unknown=unknown)

    def fill(self, text: str) -> str:
        """Replace ``{placeholder}`` with its value in this language (see :mod:`.narrative_values`)."""
        if self._values is None:
            self._values = narrative_values(self.report, self.loc, self.report_name, gettext=self._)
        return fill_placeholders(text, self._values)

    def paragraphs(self, section: str, sector: str | None = None) -> list[Paragraph]:
        out = []
        lang = self.loc.language
        for para in self.report.paragraphs(section, sector):
            text = para.texts.get(lang)
            fallback = ""
            source_lang = lang
            if not text:
                source_lang = "en" if "en" in para.texts else sorted(para.texts)[0]
                text = para.texts[source_lang]
                fallback = self._("Translation pending; original text shown.")
                self.findings.add(W_TRANSLATION_MISSING(
                    f"the {section} paragraph starting '{text[:40]}…' has no {lang} text; "
                    f"the {source_lang} text is shown with a notice",
                    hint=f"fill in the {lang} column of the Narrative sheet"))
            direction: Direction = ""
            if fallback:
                direction = "rtl" if source_lang in RTL_LANGUAGES else "ltr"
            out.append(Paragraph(text=self.fill(text), footnotes=tuple(sorted(para.footnotes)), fallback=fallback,
                                 direction=direction, language=source_lang if fallback else ""))
        return out

    def isolate(self, data: str) -> str:
        """Typed-in data inside a right-to-left sentence, kept as one unit (FSI … PDI)."""
        return f"\u2068{data}\u2069" if self.loc.rtl else data

    def crisis(self) -> str:
        """The crisis title in this language (report.toml), else the default with a warning."""
        r, lang = self.report, self.loc.language
        if lang == "en" or lang in r.crisis_by_language:
            return r.crisis_by_language.get(lang, r.crisis)
        if not self._warned_crisis:
            self._warned_crisis = True
            self.findings.add(W_TRANSLATION_MISSING(
                f"the crisis title has no {lang} version; '{r.crisis}' is shown",
                hint=f'add {lang} = "…" under [report.crisis_by_language] in report.toml'))
        return r.crisis

    # blocks -----------------------------------------------------------------------------

    def title_band(self) -> TitleBand:
        r, _ = self.report, self._
        label = self.report_name(r.report_type, r.number)
        return TitleBand(country=self.loc.country_name(r.country), crisis=self.crisis(), label=label,
                         date_line=_("As of {date}").format(date=self.loc.date(r.as_of)),
                         period_line=_("Reporting period: {period}").format(
                             period=self.loc.date_range(r.period_start, r.period_end)),
                         status=_("DRAFT — not for distribution") if r.draft else "")

    def key_figures(self, section: Section) -> list[Block]:
        return [KeyFigures(items=key_figure_items(self.report.figures, self.template.key_figures, gettext=self._,
                                                  ngettext=self.loc.ngettext,
                                                  number=self.n, change=self.change,
                                                  changes=self.report.changes))]

    def report_name(self, report_type: str, number: int) -> str:
        """"Flash Update No. 2", its number never wrapped away from "No." (see :func:`numbered`)."""
        return numbered(self._(REPORT_TYPE_LABELS[report_type]), self.n(number))

    def change(self, delta: int | None) -> str:
        """"+12,400 since Flash Update No. 2", "−3 since …", "no change since …"; empty when first.

        Signs rather than ▲/▼: the embedded Noto fonts have no arrow glyphs."""
        previous = self.report.previous
        if delta is None or previous is None:
            return ""
        since = self.report_name(previous.report_type, previous.number)
        if delta > 0:
            return self._("+{n} since {report}").format(n=self.n(delta), report=since)
        if delta < 0:
            return self._("\u2212{n} since {report}").format(n=self.n(-delta), report=since)
        return self._("no change since {report}").format(report=since)

    def signed(self, delta: int) -> str:
        """A change in a table cell: +1,234 / −12 / 0 (true minus sign).

        In right-to-left text a left-to-right mark leads a signed figure: the bidi algorithm would
        otherwise put the sign (a separator, neutral there) after the digits ("1,234+")."""
        sign = "+" if delta > 0 else "\u2212" if delta < 0 else ""
        return ("\u200e" if sign and self.loc.rtl else "") + sign + self.n(abs(delta))

    def chart(self, section: Section) -> list[Block]:
        """A chart sized to its data, a small table instead, or nothing (see :mod:`.charts`)."""
        source = self._("Source: partner reports merged by {organisation}, as of {date}").format(
            organisation=self.isolate(self.organisation), date=self.loc.date(self.report.as_of))
        return compose_chart(section, report=self.report, template=self.template, loc=self.loc, gettext=self._,
                             title=self.title(section), source=source, report_name=self.report_name,
                             short_name=lambda number: numbered(self._("No. {number}"), self.n(number)),
                             known=self.known)

    def narrative(self, section: Section) -> list[Block]:
        paras = self.paragraphs(section.narrative)
        if not paras:
            return []
        body: list[Block] = [BulletList(items=tuple(paras))] if section.style == "bullets" else list(paras)
        return [self.heading(section), *body]

    def heading(self, section: Section) -> Heading:
        return Heading(text=self.title(section), anchor=section.id)

    def title(self, section: Section) -> str:
        """A section's title, without "governorate" where the country's levels are named otherwise."""
        if not self.report.admin_levels.is_default and section.title in AREA_TITLES:
            return self._(AREA_TITLES[section.title])
        return self._(section.title)

    def area_table(self, rows: tuple[AreaFigures, ...], columns: list[tuple[str, str]], level: int = 2) -> Table:
        """Governorates with their districts (level 2), or governorates only (level 1)."""
        lang = self.loc.language
        if level == 1:
            rows = tuple(line for line in rows if line.subtotal)
        head = [TableColumn(text=self.level_heading(level), weight=2.4)]
        head += [TableColumn(text=self._(label), numeric=True) for _, label in columns]
        previous = self.report.previous
        main = columns[0][0]  # the change column follows the first figure (killed, newly displaced)
        if previous is not None:
            head.append(TableColumn(text=numbered(self._("Since No. {number}"), self.n(previous.number)),
                                    numeric=True))
        body = []
        for line in rows:
            if line.subtotal:
                kind: RowKind = "subtotal" if level == 2 else "body"
                name, indent = line.adm1.name(lang), 0
            elif line.adm2 is None:
                name, kind, indent = self._("District not specified"), "body", 1
            else:
                name, kind, indent = line.adm2.name(lang), "body", 1
            cells = [name, *(self.known(line.values[k], k in line.partial) for k, _ in columns)]
            if previous is not None:
                delta = line.change.get(main) if line.change is not None else None
                cells.append(self.signed(delta) if delta is not None else DASH)
            body.append(TableRow(cells=tuple(cells), kind=kind, indent=indent))
        totals = [column_total((line for line in rows if line.subtotal), k) for k, _ in columns]
        total_cells = [self._("Total"), *(self.known(t, partial) for t, partial in totals)]
        if previous is not None:
            total_delta = self.report.changes.get({"killed": "killed", "idps": "displaced"}[main])
            total_cells.append(self.signed(total_delta) if total_delta is not None else DASH)
        body.append(TableRow(cells=tuple(total_cells), kind="total"))
        return Table(columns=tuple(head), rows=tuple(body))

    def table(self, section: Section) -> list[Block]:
        r = self.report
        if section.data == "casualties":
            rows, columns = r.casualties, [("killed", N_("Killed")), ("killed_children", N_("of whom children")),
                                           ("injured", N_("Injured")), ("injured_children", N_("of whom children"))]
        else:
            rows, columns = r.displacement, [("idps", N_("Newly displaced people")),
                                             ("households", N_("Households"))]
        intro = self.paragraphs(section.narrative) if section.narrative else []
        if not rows:
            return [self.heading(section), *intro,
                    Paragraph(text=self._("No figures were reported for this period."), style="note")]
        return [self.heading(section), *intro, self.area_table(rows, columns, section.level)]

    def level_name(self, level: int) -> str:
        """What the country calls an admin level, in this language (report.toml, else the
        built-in names, else the label catalog, which warns when it has no translation)."""
        levels = self.report.admin_levels
        if levels.is_default:
            return self._(N_("Governorate") if level == 1 else N_("District"))
        return levels.name(level, self.loc.language) or self._(levels.english(level))

    def level_heading(self, level: int) -> str:
        """The first column's heading of an area table: ``State`` or ``State / locality``."""
        if self.report.admin_levels.is_default:
            return self._(N_("Governorate") if level == 1 else N_("Governorate / district"))
        if level == 1:
            return self.level_name(1)
        second = self.level_name(2)
        if second[:1].isupper() and second[1:2].islower():  # "State / locality", as the catalog writes it
            second = second[0].lower() + second[1:]
        return f"{self.level_name(1)} / {second}"

    def locations(self, section: Section) -> list[Block]:
        lang, _ = self.loc.language, self._
        if not self.report.locations:
            return []
        head = (TableColumn(text=_("Community"), weight=1.6), TableColumn(text=self.level_name(2), weight=1.4),
                TableColumn(text=self.level_name(1), weight=1.1), TableColumn(text=_("Situation"), weight=2.2))
        cap, total = self.template.limits.locations, len(self.report.locations)
        rows = tuple(TableRow(cells=(
            loc.place or "—", loc.adm2.name(lang) if loc.adm2 else "—", loc.adm1.name(lang),
            ", ".join(_(STATUS_LABELS[s]) for s in loc.statuses))) for loc in self.report.locations[:cap])
        notes = capped_note(total, cap, _, self.n, self.findings, lang, self.template.name)
        return [self.heading(section), Table(columns=head, rows=rows), *notes]

    def sectors(self, section: Section) -> list[Block]:
        _ = self._
        intro = self.paragraphs(section.narrative) if section.narrative else []
        if not self.report.sectors and not intro:
            return []
        blocks: list[Block] = [self.heading(section), *intro]
        if self.report.sectors:
            blocks.append(response_table(self.report.sectors, gettext=_, number=self.n, percent=self.loc.percent,
                                         total=self.known(self.report.figures.reached)))
        return blocks

    def sources(self, section: Section) -> list[Block]:
        if not self.report.sources:
            return []
        items = []
        for s in self.report.sources:
            parts = [s.org, s.title]
            if s.date:
                parts.append(self.loc.date(s.date))
            if s.url:
                parts.append(s.url)
            items.append((s.number, ", ".join(p for p in parts if p)))
        return [self.heading(section), SourceList(items=tuple(items))]

    def contacts(self, section: Section) -> list[Block]:
        if not self.report.contacts:
            return []
        cards = tuple(ContactCard(name=c.name, title=c.title, email=c.email, phone=c.phone)
                      for c in self.report.contacts)
        return [self.heading(section), ContactList(items=cards)]

    def header_sentence(self, section: Section) -> list[Block]:
        r, _ = self.report, self._
        text = _("This report is produced by {organisation} in collaboration with humanitarian partners. "
                 "It covers the period from {start} to {end}.").format(
            organisation=self.isolate(self.organisation), start=self.loc.date(r.period_start),
            end=self.loc.date(r.period_end))
        if r.next_report:
            text += " " + _("The next report will be issued on or around {date}.").format(
                date=self.loc.date(r.next_report))
        return [Paragraph(text=text, style="lead")]

    def sector_details(self, section: Section) -> list[Block]:
        """Each sector's Needs, Response (with progress against the target) and Gaps."""
        _ = self._
        r = self.report
        figures = {s.sector: s for s in r.sectors}
        named = {p.sector for p in r.narrative if p.sector}
        blocks: list[Block] = [self.heading(section), *(self.paragraphs(section.narrative) if section.narrative
                                                        else [])]
        for sector in [s for s in SECTOR_LABELS if s in figures or s in named]:
            blocks.append(Heading(text=_(SECTOR_LABELS[sector]), anchor=f"{section.id}-{sector}", level=2))
            for part, label in (("needs", N_("Needs")), ("response", N_("Response")), ("gaps", N_("Gaps"))):
                paras = self.paragraphs(part, sector)
                fig = figures.get(sector) if part == "response" else None
                if not paras and fig is None:
                    continue
                blocks.append(Heading(text=_(label), level=3))
                blocks.extend(paras)
                if fig is not None:
                    blocks.extend(self.progress(fig.reached, fig.targeted, fig.partners))
        return blocks if len(blocks) > 1 else []

    def progress(self, reached: int, targeted: int | None, partners: tuple[str, ...]) -> list[Block]:
        _ = self._
        out: list[Block] = []
        if targeted:
            out.append(ProgressBar(fraction=reached / targeted, caption=_(
                "{reached} people reached of {targeted} targeted ({percent})").format(
                reached=self.n(reached), targeted=self.n(targeted), percent=self.loc.percent(reached / targeted))))
        else:
            out.append(Paragraph(text=_("{reached} people reached").format(reached=self.n(reached))))
        if partners:
            out.append(Paragraph(text=_("Partners: {names}").format(
                names=", ".join(self.isolate(p) for p in partners)), style="note"))
        return out

    def funding(self, section: Section) -> list[Block]:
        f = self.report.funding
        if f is None:
            return []
        _ = self._
        caption = _("{received} received of {required} required ({percent})").format(
            received=self.loc.currency(f.received, "USD"), required=self.loc.currency(f.required, "USD"),
            percent=self.loc.percent(f.received / f.required))
        blocks: list[Block] = [self.heading(section), ProgressBar(fraction=f.received / f.required, caption=caption)]
        if f.source or f.as_of:
            source = self.isolate(f.source) if f.source else ""
            when = self.loc.date(f.as_of) if f.as_of else ""
            blocks.append(Paragraph(text=_("Source: {source} {date}").format(source=source, date=when).strip(),
                                    style="note"))
        return blocks

    def disclaimer(self, section: Section) -> list[Block]:
        text = self.template.identity.disclaimer
        return [Paragraph(text=self._(text), style="note")] if text else []

    def area_map(self, section: Section) -> list[Block]:
        """The map of affected areas (nothing when the report has no usable boundaries)."""
        if self.report.map is None:
            return []
        from sitrep.compose.mapblock import compose_map

        return [compose_map(self.report.map, title=self._(section.title) if section.title else "",
                            language=self.loc.language, rtl=self.loc.rtl, gettext=self._, number=self.n,
                            isolate=self.isolate)]

    def compose(self) -> Document:
        builders: dict[str, Callable[[Section], list[Block]]] = {
            "key-figures": self.key_figures, "narrative": self.narrative, "table": self.table,
            "locations": self.locations, "sectors": self.sectors, "sources": self.sources,
            "contacts": self.contacts, "header-sentence": self.header_sentence,
            "sector-details": self.sector_details, "funding": self.funding, "disclaimer": self.disclaimer,
            "chart": self.chart, "map": self.area_map}
        blocks: list[Block] = [self.title_band()]
        for section in self.template.sections:
            blocks.extend(builders[section.block](section))
        r, _ = self.report, self._
        band = blocks[0]
        assert isinstance(band, TitleBand)
        plain = band.label.replace(NO_BREAK, " ")  # metadata is never wrapped: plain spaces search best
        title = f"{band.country}: {band.crisis} — {plain}"
        identity = self.template.identity
        date = self.loc.date(r.as_of)
        footer = (self._(identity.footer) if identity.footer
                  else "{organisation} · {report} · {date}").format(
            organisation=self.isolate(self.organisation), report=band.label, date=date)
        for label in sorted(self.loc.missing):
            self.findings.add(W_LABEL_MISSING(f"no {self.loc.language} translation for the label "
                                              f"'{label}'; English is shown",
                                              hint=self.template.label_hint(self.loc.language)))
        return Document(
            language=self.loc.language, locale=self.loc.locale, rtl=self.loc.rtl, title=title,
            subject=f"{plain} ({date})", author=self.organisation,
            file_stem=output_stem(r, self.loc.language), footer=footer,
            header=self._(identity.header) if identity.header else "",
            logo=str(identity.logo) if identity.logo else "",
            page_label=_("Page {page} of {pages}"),
            notice=_("Illustrative example data: figures not taken from public reporting are invented "
                     "for demonstration.") if r.illustrative else "",
            theme=self.template.theme, blocks=tuple(blocks), as_of_iso=r.as_of.isoformat(),
            draft=_("DRAFT") if r.draft else "",
            keywords=(band.country, band.crisis, plain, self.organisation, r.as_of.isoformat()))


def compose_document(report: SituationReport, template: Template, language: str,
                     *, digits: str = "latin") -> tuple[Document, Findings]:
    """Compose the report in one language; findings hold missing translations."""
    composer = Composer(report, template, Localizer(language, country=report.country, digits=digits))
    document = composer.compose()
    return document, composer.findings
