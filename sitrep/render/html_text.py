"""Text of the HTML edition whose language the report does not know: runs in another script marked.

Used by the page (:mod:`sitrep.render.html`) and the e-mail's HTML part (:mod:`sitrep.render.html_mail`).
"""

from __future__ import annotations

import re
from html import escape

from sitrep.compose.document import Document

__all__ = ["dir_lang", "marked", "page_script"]

_OTHER_SCRIPTS: dict[str, re.Pattern[str]] = {
    code: re.compile(f"[{letters}](?:[{letters}0-9 '’.,:;&/()\\-]*[{letters})])?") for code, letters in (
        ("Arab", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
        ("Cyrl", "\u0400-\u052f"),
        ("Hans", "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"))}
"""Runs of letters of the shipped languages' non-Latin scripts (ISO 15924 codes), with the spaces
and punctuation between their words."""
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def dir_lang(direction: str | None, language: str | None) -> str:
    """The ``dir`` and ``lang`` attributes of an element whose text has its own direction or language."""
    attrs = f' dir="{escape(direction)}"' if direction else ""
    return attrs + (f' lang="{escape(language)}"' if language else "")


def page_script(doc: Document) -> str:
    """The ISO 15924 code of the page's own script."""
    scripts = {"ar": "Arab", "fa": "Arab", "ur": "Arab", "ru": "Cyrl", "uk": "Cyrl", "zh": "Hans"}
    return scripts.get(doc.language, "Latn")


def _runs(text: str, own: str) -> list[tuple[int, int, str]]:
    """(start, end, script) of the runs of ``text`` in a script other than ``own``."""
    from sitrep.render.direction import ltr_runs

    runs = []
    if own != "Latn":
        # The PDF's and DOCX's left-to-right runs (a title with its "No. 3", an e-mail address), where
        # they hold Latin letters: a phone number or a date in Latin digits has no language.
        runs += [(a, b, "Latn") for a, b in ltr_runs(text) if _LATIN.search(text, a, b)]
    for code, pattern in _OTHER_SCRIPTS.items():
        if code != own:
            runs += [(m.start(), m.end(), code) for m in pattern.finditer(text)]
    runs.sort()
    return [r for i, r in enumerate(runs) if i == 0 or r[0] >= runs[i - 1][1]]


def marked(text: str, doc: Document) -> str:
    """``text`` escaped, each run of letters in a script other than the page's marked as being in an
    undetermined language of that script (``<span lang="und-Latn">``, BCP 47).

    Names and titles taken as given (source titles, organisations, contacts, partners, places) have
    no language in the intake: the Sources sheet has no language column, and the PDF and DOCX only
    isolate such a run's direction (:func:`sitrep.render.direction.ltr_runs`, the runs used here
    on a non-Latin page). Their script is certain, their language is not: a Latin title on the
    Arabic page is marked ``und-Latn``, so a screen reader does not read it with the Arabic voice,
    while an English title on the French page stays unmarked (same script, language unknown).
    """
    out, at = [], 0
    for start, end, code in _runs(text, page_script(doc)):
        direction = ' dir="rtl"' if code == "Arab" else (' dir="ltr"' if doc.rtl else "")
        out += [escape(text[at:start]), f'<span lang="und-{code}"{direction}>{escape(text[start:end])}</span>']
        at = end
    return "".join(out) + escape(text[at:])
