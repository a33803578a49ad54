"""Free texts measured against every output format's limits, before anything is rendered.

The crisis title and the organisation end up in one-line places: the DOCX core properties
(title, subject, author, keywords: at most :data:`DOCX_PROPERTY_LIMIT` characters each, or
python-docx refuses them), PDF metadata and e-mail ``Subject``/``From``/``To`` headers (a line
break there would start a new header: header injection). Each problem is a finding on the
report.toml key that holds the text, with the limit and how to get under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sitrep.codes import E_TEXT_LIMIT, W_LABEL_MISSING, W_LIMIT
from sitrep.compose.document import Document, Paragraph
from sitrep.config import CONFIG_NAME, EmailSettings
from sitrep.errors import Finding, Findings, Position
from sitrep.model import SituationReport

__all__ = ["DOCX_PROPERTY_LIMIT", "capped_note", "catalog_findings", "document_text_findings", "footer_limit",
           "locations_capped", "one_line_findings"]

DOCX_PROPERTY_LIMIT = 255
"""python-docx refuses a core property (title, subject, author, keywords) over 255 characters."""
FOOTER_CHAR_WIDTH = 3.9
"""Points per character of the 7.5 pt footer (Noto Sans averages 3.6 on real footers; a margin kept)."""
PAGE_LABEL_ROOM = 60.0
"""Points kept free for "Page 12 of 13" beside the footer line."""
PAGE_WIDTH = {"A4": 595.3, "LETTER": 612.0}


def footer_limit(page_size: str, margin_mm: float) -> int:
    """Characters of footer that fit beside the page number on one line."""
    width = PAGE_WIDTH.get(page_size, 595.3) - 2 * margin_mm * 72 / 25.4
    return int((width - PAGE_LABEL_ROOM) / FOOTER_CHAR_WIDTH)


def _breaks(text: str) -> bool:
    return any(not c.isprintable() and c != " " for c in text)


def one_line_findings(report: SituationReport, email: EmailSettings | None) -> list[Finding]:
    """Texts that must be one line (titles, e-mail headers) but hold a line break or control character."""
    texts = [("report.crisis", report.crisis), ("report.organisation", report.organisation)]
    texts += [(f"report.crisis_by_language.{lang}", t) for lang, t in sorted(report.crisis_by_language.items())]
    if email is not None:
        texts += [("email.sender", email.sender)]
        texts += [(f"email.{key}", a) for key, values in (("to", email.to), ("cc", email.cc)) for a in values]
        texts += [(f"email.{lang}.{key}", a) for lang, (to, cc) in sorted(email.by_language.items())
                  for key, values in (("to", to), ("cc", cc)) for a in values]
    return [E_TEXT_LIMIT(f"{key} holds a line break or control character ({text[:40]!r}); it is used in document "
                         "titles and e-mail headers, which are a single line",
                         hint="write it on one line, without tabs or line breaks",
                         position=Position(file=CONFIG_NAME, key=key))
            for key, text in texts if _breaks(text)]


def document_text_findings(documents: Iterable[Document], report: SituationReport) -> list[Finding]:
    """Document properties over the DOCX limit, each named on the report.toml key to shorten."""
    out = []
    for doc in documents:
        room = footer_limit(doc.theme.page_size, doc.theme.margin_mm)
        if len(doc.footer) > room:  # it would run over the page number
            out.append(E_TEXT_LIMIT(
                f"the {doc.language} footer is {len(doc.footer)} characters ('{doc.footer[:50]}…'); at most {room} "
                "fit beside the page number", position=Position(file=CONFIG_NAME, key="report.organisation"),
                hint="shorten report.organisation (or the template's identity.organisation), or give the template "
                     'a shorter footer, e.g. identity.footer = "{report} · {date}"'))
        for prop in ("title", "subject", "author", "keywords"):
            value: str = "; ".join(doc.keywords) if prop == "keywords" else getattr(doc, prop)
            if len(value) <= DOCX_PROPERTY_LIMIT:
                continue
            key = "report.organisation" if prop == "author" else (
                f"report.crisis_by_language.{doc.language}" if doc.language in report.crisis_by_language
                else "report.crisis")
            out.append(E_TEXT_LIMIT(
                f"the {doc.language} document {prop} is {len(value)} characters ('{value[:50]}…'); a DOCX "
                f"{prop} holds at most {DOCX_PROPERTY_LIMIT}",
                hint=f"shorten {key} by at least {len(value) - DOCX_PROPERTY_LIMIT} characters "
                     "(the title adds the country and the report's name to it)",
                position=Position(file=CONFIG_NAME, key=key)))
    return out


def capped_note(total: int, cap: int, gettext: Callable[[str], str], number: Callable[[int], str],
                findings: Findings, language: str, template: str) -> list[Paragraph]:
    """The note under an affected-communities table cut at ``cap`` rows (``[limits] locations``),
    and its finding; nothing when the table holds every community."""
    if total <= cap:
        return []
    findings.add(locations_capped(total, cap, language, template))
    return [Paragraph(style="note", text=gettext(
        "The table shows {shown} of {total} affected communities; the full list is in the data exports."
    ).format(shown=number(cap), total=number(total)))]


def locations_capped(total: int, cap: int, language: str, template: str) -> Finding:
    """The finding for an affected-communities table cut at ``cap`` rows (``[limits] locations``)."""
    return W_LIMIT(
        f"{total:,} affected communities: the {language} table shows the first {cap:,} (limits.locations of "
        f"template '{template}'); a note in the document says so",
        hint=f"raise it with [limits] locations = {total} in the template (sitrep template new NAME makes "
             "an editable copy); every community is in the locations data export",
        position=Position(file=f"templates/{template}/template.toml", key="limits.locations"))


def catalog_findings(language: str) -> list[Finding]:
    """A finding per catalog entry left out because its placeholders cannot be filled."""
    from sitrep.i18n.catalog import catalog_problems

    return [W_LABEL_MISSING(f"the {language} translation of '{msgid}' {problem}; English is shown",
                            hint="correct the msgstr in the catalog (keep the English label's placeholders)",
                            position=Position(file=f"locales/{language}/LC_MESSAGES/sitrep.po", key=msgid))
            for msgid, problem in catalog_problems(language)]
