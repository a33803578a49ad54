"""The covering e-mail of a report, in one language: final, localised text, no layout.

:func:`compose_email` fills it with the same composer as the PDF, so the
e-mail and the attached report say the same thing with the same numbers;
``sitrep.distribute.email`` lays it out as plain text and HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.compose.compose import Composer
from sitrep.compose.document import KeyFigures
from sitrep.compose.product import NO_BREAK
from sitrep.compose.template import Section, Template
from sitrep.i18n import Localizer
from sitrep.model import SituationReport


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailParagraph:
    """One highlight paragraph (placeholders filled)."""

    text: str
    direction: str = ""
    """``""`` = the e-mail's; ``ltr``/``rtl`` when the text is in another language (a fallback)."""
    language: str = ""
    """The language the text is written in when it differs from the e-mail's (a fallback)."""
    fallback: str = ""
    """Non-empty when the text is shown in another language: the visible notice."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailText:
    """Everything the covering e-mail says, in ``language``."""

    language: str
    locale: str
    """CLDR locale (``ar_SY``); ``language`` is the HTML ``lang``."""
    rtl: bool
    subject: str
    """``Syria: Escalation in North-West Syria — Flash Update No. 1 (29 November 2024)`` (prefixed with
    ``[DRAFT]`` in the language while the report is not issued)."""
    greeting: str
    """``Dear colleagues,``."""
    intro: str
    """``Please find attached Flash Update No. 1 (Syria: …), with figures as of 29 November 2024.``"""
    period: str
    """``Reporting period: 27–29 November 2024``."""
    status: str = ""
    """``DRAFT — not for distribution`` until the report is issued."""
    notice: str = ""
    """The illustrative-data notice printed on every page of the report, when it has one."""
    key_figures_heading: str
    key_figures: tuple[str, ...]
    """``27 civilians killed, including 8 children``: one line per key figure of the template."""
    highlights_heading: str
    highlights: tuple[EmailParagraph, ...]
    closing: str
    """``Kind regards,``."""
    organisation: str
    """Signs the e-mail (the template's organisation, else report.toml's)."""
    contact_heading: str = ""
    contacts: tuple[str, ...] = ()
    """One line per contact: ``Jane Example · Head of Office · jane@example.org · +000 …``."""


def compose_email(report: SituationReport, template: Template, language: str,
                  *, digits: str = "latin") -> EmailText:
    """The covering e-mail of the report in one language.

    The same composer as :func:`compose_document` words it, so the country, crisis title, report
    label, dates, key figures and highlights read exactly as in the attached PDF. Missing label
    translations are reported by :func:`compose_document` for the same language.
    """
    composer = Composer(report, template, Localizer(language, country=report.country, digits=digits))
    _, loc = composer._, composer.loc
    band = composer.title_band()
    date = loc.date(report.as_of)
    plain = band.label.replace(NO_BREAK, " ")  # a header is not wrapped: plain spaces search and copy best
    subject = f"{band.country}: {band.crisis} — {plain} ({date})"  # the PDF's title and subject
    if report.draft:
        subject = f"[{_('DRAFT')}] {subject}"

    figures_section = next((s for s in template.sections if s.block == "key-figures"),
                           Section(id="key-figures", block="key-figures"))
    lines = []
    for block in composer.key_figures(figures_section):
        assert isinstance(block, KeyFigures)
        for item in block.items:
            # TRANSLATORS: one key-figure line of the covering e-mail: "27 civilians killed".
            line = _("{value} {label}").format(value=item.value, label=item.label)
            if not item.known:  # "civilians killed: no data yet", never "no data yet civilians killed"
                line = _("{label}: {value}").format(label=item.label, value=item.value)
            if item.note:
                # TRANSLATORS: a key-figure line and its note: "27 civilians killed, including 8 children".
                line = _("{figure}, {note}").format(figure=line, note=item.note)
            if item.change:
                line = f"{line} ({item.change})"
            lines.append(line)

    highlights_section = next((s for s in template.sections if s.block == "narrative"
                               and s.narrative == "highlights" and s.title), None)
    highlights = []
    for model, para in zip(report.paragraphs("highlights"), composer.paragraphs("highlights"), strict=True):
        shown_in = ("en" if "en" in model.texts else sorted(model.texts)[0]) if para.fallback else ""
        highlights.append(EmailParagraph(text=para.text, direction=para.direction, language=shown_in,
                                         fallback=para.fallback))

    contacts = tuple(" · ".join(composer.isolate(part) for part in (c.name, c.title, c.email, c.phone) if part)
                     for c in report.contacts)
    return EmailText(
        language=loc.language, locale=loc.locale, rtl=loc.rtl, subject=subject,
        greeting=_("Dear colleagues,"),
        intro=_("Please find attached {report} ({country}: {crisis}), with figures as of {date}.").format(
            report=plain, country=band.country, crisis=composer.isolate(band.crisis), date=date),
        period=band.period_line, status=band.status,
        notice=_("Illustrative example data: figures not taken from public reporting are invented "
                 "for demonstration.") if report.illustrative else "",
        key_figures_heading=_(figures_section.title) if figures_section.title else _("Key figures"),
        key_figures=tuple(lines),
        highlights_heading=_(highlights_section.title) if highlights_section else _("Highlights"),
        highlights=tuple(highlights),
        closing=_("Kind regards,"), organisation=composer.organisation,
        contact_heading=_("For further information, please contact:") if contacts else "",
        contacts=contacts)
