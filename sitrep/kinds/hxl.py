"""HXL hashtags read by their semantics: which attributes change what a column counts.

A hashtag with attributes (``#affected+killed+f``) names what a column holds. For sitrep two
families of attributes matter, as in libhxl's ``TagPattern``:

* **count-changing** attributes (:data:`COUNTING`): sex (``+f``, ``+m``), age groups
  (``+children``, ``+adults``, ``+elderly``, ``+infants``, ``+age…``), unit (``+hh`` households
  vs people), direction of a movement (``+origin``, ``+dest``), population group (``+idps``,
  ``+refugees``, ``+returnees`` …) and the outcome (``+killed``, ``+injured``, ``+targeted``,
  ``+reached`` …). A column of killed women is never read as all killed people.
* every other attribute is **descriptive** (``+num``, ``+total``, ``+conflict``, ``+newdisp``,
  ``+name``, ``+i_en`` …): the column is read, and the attribute is reported once as information.

:class:`TagPattern` is what one intake column accepts; :meth:`TagPattern.match` ranks how well a
hashtag fits it (lower is better, None: it does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COUNTING = frozenset({
    "f", "m", "children", "adults", "elderly", "infants", "youth", "hh", "origin", "dest",
    "idps", "refugees", "returnees", "host", "migrants", "nondisplaced", "displaced", "stateless",
    "killed", "injured", "missing", "dead", "affected", "inneed", "targeted", "reached", "covered",
    "disabled", "pregnant",
})
"""Attributes that change what a count column counts (``+age…`` attributes too, see :func:`counts`)."""

COUNT_HASHTAGS = frozenset({"#affected", "#reached", "#targeted", "#inneed", "#population", "#value"})
"""Hashtags whose columns are counts of people (or households)."""

_HASHTAG = re.compile(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*")


@dataclass(frozen=True, slots=True)
class Hashtag:
    """A parsed hashtag: ``#Affected +Killed`` is ``#affected`` with ``{killed}``."""

    name: str
    attributes: frozenset[str]

    def __str__(self) -> str:
        return self.name + "".join(f"+{a}" for a in sorted(self.attributes))


def parse_hashtag(text: str) -> Hashtag | None:
    """The hashtag a header cell holds (case and spaces ignored), or None when it holds none."""
    compact = re.sub(r"\s+", "", text).lower()
    if not _HASHTAG.fullmatch(compact):
        return None
    name, *attributes = compact.split("+")
    return Hashtag(name, frozenset(attributes))


def counts(attribute: str) -> bool:
    """Whether ``attribute`` changes what a count column counts."""
    return attribute in COUNTING or attribute.startswith("age")


@dataclass(frozen=True, slots=True, kw_only=True)
class TagPattern:
    """What one intake column accepts.

    ``required`` attributes must all be there, and one of ``any_of`` when it is not empty.
    ``excluded`` attributes make the hashtag another column's (``#date+end`` is not the date of
    the event). On count hashtags, a count-changing attribute that is not required excludes too.
    ``discouraged`` attributes are read, but a column without them is preferred
    (``#org+name`` over ``#org+acronym``).
    """

    hashtag: str
    required: frozenset[str] = frozenset()
    any_of: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    """Attributes the column's own hashtag carries but a partner may leave out (``+name``)."""
    excluded: frozenset[str] = frozenset()
    discouraged: frozenset[str] = frozenset()

    def match(self, tag: Hashtag) -> int | None:
        """How well ``tag`` fits (0 is exact; each descriptive attribute adds 1, a discouraged one
        10), or None when it does not fit."""
        if tag.name != self.hashtag or not self.required <= tag.attributes:
            return None
        if self.any_of and not self.any_of & tag.attributes:
            return None
        extra = tag.attributes - self.required - self.any_of - self.optional
        if extra & self.excluded:
            return None
        if tag.name in COUNT_HASHTAGS and any(counts(a) for a in extra):
            return None
        return len(extra) + 9 * len(extra & self.discouraged)

    def descriptive(self, tag: Hashtag) -> frozenset[str]:
        """The attributes of a fitting ``tag`` that do not change what the column holds."""
        return tag.attributes - self.required - self.any_of - self.optional

    def __str__(self) -> str:
        return self.hashtag + "".join(f"+{a}" for a in sorted(self.required))

    @classmethod
    def of(cls, tag: str, *, any_of: tuple[str, ...] = (), excluded: tuple[str, ...] = (),
           discouraged: tuple[str, ...] = ()) -> TagPattern:
        parsed = parse_hashtag(tag)
        if parsed is None:
            raise ValueError(f"not a hashtag: {tag!r}")
        return cls(hashtag=parsed.name, required=parsed.attributes, any_of=frozenset(any_of),
                   excluded=frozenset(excluded), discouraged=frozenset(discouraged))
