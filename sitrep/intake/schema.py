"""The intake format as the intake stage reads it: the sheets of every declared data kind
(:mod:`sitrep.kinds`), and how a header cell is matched to a column — by HXL hashtag when the
sheet has a hashtag row (any order, extra columns ignored), otherwise by header label in any
template language. The vocabulary (columns, sheets, translations) is :mod:`sitrep.kinds.columns`.
"""

from __future__ import annotations

import difflib
import functools

from sitrep.kinds import KINDS, PLACEHOLDER_PATTERN, PLACEHOLDERS
from sitrep.kinds import NARRATIVE as NARRATIVE_KIND
from sitrep.kinds.columns import (
    LANGUAGE_NAMES,
    LANGUAGES,
    LOCATION_STATUSES,
    NAME_LENGTH,
    NARRATIVE_LANGUAGES,
    NARRATIVE_SECTIONS,
    SECTORS,
    TITLE_LENGTH,
    TRANSLATIONS,
    Column,
    Kind,
    SheetSpec,
    normalise_label,
    translate,
)
from sitrep.kinds.hxl import Hashtag, parse_hashtag

SHEETS: tuple[SheetSpec, ...] = tuple(kind.sheet for kind in KINDS)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}
NARRATIVE = NARRATIVE_KIND.sheet
"""The Narrative sheet (the blank templates give it wider text columns)."""

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "LOCATION_STATUSES", "NAME_LENGTH", "NARRATIVE", "NARRATIVE_LANGUAGES",
           "NARRATIVE_SECTIONS", "PLACEHOLDERS", "PLACEHOLDER_PATTERN", "SECTORS", "SHEETS",
           "SHEETS_BY_NAME", "TITLE_LENGTH", "TRANSLATIONS", "Column", "Hashtag", "Kind", "SheetSpec", "best_column",
           "closest_sheet_name", "label_language", "match_hashtag", "match_label", "normalise_label", "parse_hashtag",
           "spec_for_sheet_name", "translate"]

_NEUTRAL_WORDS = frozenset({"total", "totale", "totales", "all", "المجموع", "الاجمالي", "اجمالي"})
"""Words that do not change a header's meaning (the lower half of "Killed / Total")."""


def match_hashtag(spec: SheetSpec, text: str) -> Column | None:
    """The column a hashtag means in this sheet, or None: the best-fitting column's
    :class:`~sitrep.kinds.hxl.TagPattern` (the first declared on a tie). A count-changing
    attribute is never dropped: ``#affected+killed+f`` is *not* read as all killed."""
    tag = parse_hashtag(text)
    return None if tag is None else best_column(spec, tag)


def best_column(spec: SheetSpec, tag: Hashtag) -> Column | None:
    """The column of ``spec`` that ``tag`` fits best, or None."""
    ranked = [(rank, i) for i, col in enumerate(spec.columns) if (rank := col.pattern.match(tag)) is not None]
    return spec.columns[min(ranked)[1]] if ranked else None


def match_label(spec: SheetSpec, text: str) -> Column | None:
    """The column a human header label means in this sheet, in any template language, or None.

    A label that only matches once a neutral word is dropped ("Killed total", the lower half
    of a two-row header) is accepted too, and so is the last part of a KoboToolbox group path
    (``casualties/killed``).
    """
    key = normalise_label(text)
    if not key:
        return None
    for probe in dict.fromkeys((key, " ".join(w for w in key.split() if w not in _NEUTRAL_WORDS))):
        for col in spec.columns:
            if probe and probe in _label_keys(col):
                return col
    if "/" in text.strip("/"):  # a KoboToolbox export names a field by its group path: casualties/killed
        return match_label(spec, text.rstrip("/").rsplit("/", 1)[1])
    return None


@functools.cache
def _label_keys(col: Column) -> frozenset[str]:
    return frozenset(normalise_label(t) for t in (*(col.label_in(lang) for lang in LANGUAGES), *col.aliases))


def label_language(spec: SheetSpec, texts: list[str]) -> str | None:
    """The template language a header row is written in, or None when it cannot be told.

    Only labels that differ between languages count ("Date" is English and French alike).
    """
    votes: dict[str, int] = {}
    for text in texts:
        key = normalise_label(text)
        col = match_label(spec, text)
        if col is None:
            continue
        langs = {lang for lang in LANGUAGES if normalise_label(col.label_in(lang)) == key}
        if len(langs) == 1:
            lang = langs.pop()
            votes[lang] = votes.get(lang, 0) + 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def spec_for_sheet_name(name: str) -> SheetSpec | None:
    """The intake sheet a sheet name means, in any template language (case and accents ignored)."""
    key = normalise_label(name)
    for spec in SHEETS:
        if key in {normalise_label(spec.name_in(lang)) for lang in LANGUAGES}:
            return spec
    return None


def closest_sheet_name(name: str) -> str | None:
    """The intake sheet name (in its language) that a misspelt sheet name was probably meant to be."""
    key = normalise_label(name)
    names = {normalise_label(spec.name_in(lang)): spec.name_in(lang) for spec in SHEETS for lang in LANGUAGES}
    for known, shown in names.items():
        if key.startswith(known + " "):
            return shown
    for probe in dict.fromkeys((key, key.split()[0] if key else key)):  # "Responses 2024" -> "responses"
        close = difflib.get_close_matches(probe, list(names), n=1, cutoff=0.75)
        if close:
            return names[close[0]]
    return None
