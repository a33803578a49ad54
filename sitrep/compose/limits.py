"""Free texts measured against every output format's limits, before anything is rendered.

The crisis title and the organisation end up in one-line places: the DOCX core properties
(title, subject, author, keywords: at most :data:`DOCX_PROPERTY_LIMIT` characters each, or
python-docx refuses them), PDF metadata and e-mail ``Subject``/``From``/``To`` headers (a line
break there would start a new header: header injection). Each problem is a finding on the
report.toml key that holds the text, with the limit and how to get under it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.codes import E_TEXT_LIMIT
from sitrep.compose.document import Document
from sitrep.config import CONFIG_NAME, EmailSettings
from sitrep.errors import Finding, Position
from sitrep.model import SituationReport

__all__ = ["DOCX_PROPERTY_LIMIT", "document_text_findings", "footer_limit", "one_line_findings"]

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
