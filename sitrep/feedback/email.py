"""A draft e-mail (``.eml``) per annotated copy, addressed to the partner, never sent.

The message is laid out by :func:`sitrep.distribute.email.draft_eml` (the report e-mails' writer:
plain text and HTML, right-to-left for Arabic, byte-stable), with the copy attached and a short
note in the copy's language.
"""

from __future__ import annotations

import datetime as dt

from sitrep.compose.email_text import EmailText
from sitrep.distribute.email import draft_eml
from sitrep.feedback import AnnotatedCopy
from sitrep.feedback.texts import Texts

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM_MIME = "application/vnd.ms-excel.sheet.macroEnabled.12"


def draft_for(copy: AnnotatedCopy, *, errors: int, warnings: int, organisation: str, sender: str,
              date: dt.datetime) -> bytes:
    """The draft e-mail to ``copy``'s partner with the copy attached (no To: when the partner's
    contact is not in ``[partners]``)."""
    t = Texts(copy.language)
    text = EmailText(
        language=copy.language, locale=copy.language, rtl=t.rtl,
        subject=t("Corrections needed in {file}", file=copy.source.name),
        greeting=t("Dear colleagues,"),
        intro=t("Thank you for your data. Attached is a copy of {file} with the cells that need attention "
                "marked, and a first sheet that lists them.", file=copy.source.name),
        period=t("{errors} errors, {warnings} warnings", errors=errors, warnings=warnings),
        status=t("Please correct your original file and send it again."),
        key_figures_heading="", key_figures=(), highlights_heading="", highlights=(),
        closing=t("Kind regards,"), organisation=organisation)
    mime = XLSM_MIME if copy.name.endswith(".xlsm") else XLSX_MIME
    return draft_eml(text, attachment=copy.data, filename=copy.name, to=[copy.contact] if copy.contact else [],
                     cc=[], sender=sender, date=date, mime=mime)
