"""Mixed-direction text: one rule for the PDF and the DOCX renderers (no PDF or DOCX library here).

Inside right-to-left text, some runs must read left to right as one unit: phone numbers, e-mail
addresses, web addresses, P-codes, dates written with Latin digits and Latin-script titles or
names. Left alone, the Unicode bidi algorithm reorders them: "+000 000 000 001" becomes
"001 000 000 000+" (the spaces between digit groups take the paragraph's direction), and a
number following an English title is pulled into it. :func:`mark_runs` wraps each such run as
``RLM LRE … PDF RLM``: an embedding (python-bidi's pure algorithm rejects the isolates
U+2066–2069) between two right-to-left marks, which keep neighbouring numbers and the final full
stop out of the run, so they behave as if the run were isolated.

Renderers then differ only in what they do with the marks:

* the PDF orders each line with the bidi algorithm and removes every mark with
  :func:`strip_controls` before drawing (fonts draw them as boxes);
* the DOCX keeps them in the text: Word and LibreOffice apply them, draw nothing, and the text
  stays in logical order.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

Direction = Literal["L", "R"]

LRM: Final = "\u200e"
RLM: Final = "\u200f"
LRE: Final = "\u202a"
RLE: Final = "\u202b"
PDF: Final = "\u202c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"

CONTROLS: Final = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u00ad")
"""Direction controls and invisible marks: never drawn (fonts show them as boxes).

Zero-width (non-)joiners are included: they only matter to shaping, which is done before
drawing."""

_STRIP = {ord(c): None for c in CONTROLS}

_LATIN_WORD = r"[A-Za-z\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f'’._\-]*[A-Za-z0-9\u00c0-\u024f])?"
_SEPARATOR = r"[ ,:;/&+()\-–]+"
"""What may stand between two words of one Latin run (numbers too: "(27 civilians killed)")."""
_NUMBER_AFTER_WORD = r"(?:-\d+|\.?[ .]\d+(?![\d.,]*\s*[\u0600-\u06ff]))"
"""A number right after a Latin word ("No. 3", "COVID-19"), unless Arabic text follows it
("… Report 29 نوفمبر": that 29 belongs to the Arabic date)."""
_LTR_RUN = re.compile("|".join((
    r"(?:https?://|www\.)[^\s\u0600-\u06ff]*[^\s\u0600-\u06ff.,;:!?)\]]",  # web address
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",  # e-mail address
    r"(?:\+|\b00)?\d{1,4}(?:[ \-.]\(?\d{2,4}\)?){2,}(?![\d\u0600-\u06ff])",  # phone number: 3+ digit groups
    r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b",  # a date in Latin digits (29/11/2024, 2024-11-29)
    # Latin-script words, with the spaces and punctuation between them: one title or name.
    rf"{_LATIN_WORD}(?:(?:\.?{_SEPARATOR}(?:\d[\d,.]*{_SEPARATOR})*){_LATIN_WORD}|{_NUMBER_AFTER_WORD})*",
)))


def strip_controls(text: str) -> str:
    """``text`` without direction controls and invisible marks (what is drawn)."""
    return text.translate(_STRIP)


def first_strong(text: str) -> Direction:
    """``R`` or ``L``: the direction of the first strong character (Unicode bidi rule P2; ``R`` if none)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "R"


def _isolates_as_embeddings(text: str) -> str:
    """Isolates (LRI/RLI/FSI … PDI) as marked embeddings, which every bidi engine here knows.

    Partners paste text from the web that carries isolates, and the composer wraps names typed
    in another script in FSI … PDI."""
    if not any(c in text for c in (LRI, RLI, FSI, PDI)):
        return text
    out = []
    for i, char in enumerate(text):
        if char == FSI:
            inner = text[i + 1:].split(PDI, 1)[0]
            out.append(RLM + (RLE if first_strong(inner) == "R" else LRE))
        elif char in (LRI, RLI):
            out.append(RLM + (LRE if char == LRI else RLE))
        elif char == PDI:
            out.append(PDF + RLM)
        else:
            out.append(char)
    return "".join(out)


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run that must read left to right inside right-to-left text."""
    spans = []
    for match in _LTR_RUN.finditer(text):
        start, end = match.span()
        run = match.group(0)
        if run.count("(") > run.count(")") and text[end:end + 1] == ")":
            end += 1  # "Health Cluster (WHO)": the closing bracket stays with its run
        spans.append((start, end))
    return spans


def mark_runs(text: str) -> str:
    """Right-to-left ``text`` with each left-to-right run wrapped as ``RLM LRE … PDF RLM``.

    Isolates already in the text become embeddings the same way; text already inside an
    embedding is left as it is. Plain numbers ("27", "12,800") need no mark: the bidi algorithm
    keeps their digits in order, and a range such as "27–29" must keep reading right to left.
    """
    text = _isolates_as_embeddings(text)
    out: list[str] = []
    depth = 0
    position = 0
    for start, end in ltr_runs(text):
        before = text[position:start]
        depth += sum(c in (LRE, RLE) for c in before) - before.count(PDF)
        out.append(before)
        run = text[start:end]
        out.append(run if depth > 0 else f"{RLM}{LRE}{run}{PDF}{RLM}")
        position = end
    out.append(text[position:])
    return "".join(out)


def carry_embeddings(lines: list[str]) -> list[str]:
    """Lines broken out of one marked text, each closing the embeddings it opens and reopening
    those left open by the line before, so a Latin title wrapped over two lines reads left to
    right on both (the bidi algorithm orders each line on its own)."""
    out = []
    stack: list[str] = []
    for line in lines:
        opened = "".join(stack)
        for char in line:
            if char in (LRE, RLE):
                stack.append(char)
            elif char == PDF and stack:
                stack.pop()
        out.append(opened + line + PDF * len(stack))
    return out


__all__ = ["CONTROLS", "RLM", "Direction", "carry_embeddings", "first_strong", "ltr_runs", "mark_runs",
           "strip_controls"]
