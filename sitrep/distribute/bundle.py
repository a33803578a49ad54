"""Everything that goes out beside the documents of one build: data exports and e-mail drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from sitrep.compose.email_text import EmailText, compose_email
from sitrep.compose.template import Template
from sitrep.config import EmailSettings
from sitrep.distribute.data import HXL_KINDS, findings_csv, hxl_csv, merge_log_csv, report_json
from sitrep.distribute.email import draft_eml, report_datetime
from sitrep.errors import Finding
from sitrep.gazetteer import Gazetteer
from sitrep.merge import MergedData, MergeLog
from sitrep.model import SituationReport

Stem = Callable[[str], str]
"""``stem(kind)``: the output file name without its extension (``…_2024-11-29_casualties``)."""


def data_files(report: SituationReport, merged: MergedData, findings: Iterable[Finding], log: MergeLog,
               gazetteer: Gazetteer, stem: Stem, *, json_full: bool = False) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the merge log, the merged data as HXL CSV per kind and JSON (with the
    findings and the merge log too when ``json_full``), and the findings, next to the documents."""
    findings = list(findings)
    files = [(f"{stem('merge-log')}.csv", merge_log_csv(log))]
    files += [(f"{stem(name)}.csv", hxl_csv(kind, merged, gazetteer)) for name, kind in HXL_KINDS.items()]
    files.append((f"{stem('data')}.json", report_json(report, merged, findings, log, full=json_full)))
    files.append((f"{stem('findings')}.csv", findings_csv(findings)))
    return files


def email_drafts(report: SituationReport, template: Template, languages: Sequence[str], *, digits: str,
                 settings: EmailSettings, pdfs: dict[str, tuple[str, bytes]], stem: Stem,
                 markup: Callable[[str, EmailText], str] | None = None) -> list[tuple[str, str, bytes]]:
    """(language, file name, bytes) of a draft e-mail per language with its PDF attached; nothing is
    ever sent. ``pdfs`` maps each language to its PDF's file name and bytes; ``markup(language, text)``
    gives the HTML part (the HTML edition's, which the caller renders: distribute never imports render)."""
    date: dt.datetime = report_datetime(report.as_of)
    out = []
    for lang in languages:
        text = compose_email(report, template, lang, digits=digits)
        to, cc = settings.recipients(lang)
        name, pdf = pdfs[lang]
        out.append((lang, f"{stem(lang)}.eml", draft_eml(text, attachment=pdf, filename=name, to=list(to),
                                                         cc=list(cc), sender=settings.sender, date=date,
                                                         markup=markup(lang, text) if markup else None)))
    return out
