"""The covering e-mail of a report, in one language: final, localised text, no layout.

:func:`sitrep.compose.compose.compose_email` fills it with the same composer as the PDF, so the
e-mail and the attached report say the same thing with the same numbers;
``sitrep.distribute.email`` lays it out as plain text and HTML.
"""

from __future__ import annotations

from dataclasses import dataclass


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

