"""``{placeholder}`` checks for translated labels (a leaf: standard library only).

Labels are filled with ``str.format``; a translation (``.po`` catalog, a template's
``[labels.xx]``, its footer) that names a placeholder the English label does not have, or has
a stray brace, would stop the build with a ``KeyError`` or ``ValueError``. These checks run when
the text is loaded, so a bad translation becomes a finding with its place, never a crash.
"""

from __future__ import annotations

import re
import string

__all__ = ["fields", "translation_problem"]

_NAME = re.compile(r"[A-Za-z_]\w*")


def fields(text: str) -> set[str]:
    """The placeholder names of ``text``.

    Raises:
        ValueError: a brace is not closed or opened, or a placeholder is not a plain name
            (``{0}``, ``{x.attr}``, ``{x[0]}``, ``{x!r}``, ``{x:>10}`` are refused: labels only
            ever take named values).
    """
    names = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not _NAME.fullmatch(name) or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValueError(f"{shown} is not a plain {{name}} placeholder")
        names.add(name)
    return names


def translation_problem(english: str, translation: str, *, allowed: set[str] | None = None) -> str | None:
    """What is wrong with ``translation`` of ``english`` (None when it can be filled safely).

    ``allowed``: the placeholders the text may use (default: those of ``english``).
    """
    try:
        expected = fields(english) if allowed is None else allowed
    except ValueError:
        expected = set()
    try:
        used = fields(translation)
    except ValueError as exc:
        return str(exc) if "placeholder" in str(exc) else f"{exc} (write a literal brace as {{{{ or }}}})"
    unknown = sorted(used - expected)
    if unknown:
        known = ", ".join("{" + n + "}" for n in sorted(expected)) or "none"
        return f"uses {', '.join('{' + n + '}' for n in unknown)}, which is not filled here (placeholders: {known})"
    return None
