"""Stage 5 — compose: report model + template + language -> :class:`Document`.

Input: a :class:`~sitrep.model.SituationReport`, a :class:`Template` and a language.
Output: a :class:`Document` whose blocks hold final, localised text (labels from the
catalogs, numbers and dates from CLDR, narrative placeholders filled). Missing label or
paragraph translations are returned as findings, and the paragraph is shown in English with
a visible notice rather than dropped.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.compose.compose import compose_document, output_stem
    from sitrep.compose.document import Document
    from sitrep.compose.template import Template, load_template

__all__ = ["Document", "Template", "compose_document", "load_template", "output_stem"]

_HOME = {"compose_document": "compose", "output_stem": "compose", "Document": "document",
         "Template": "template", "load_template": "template"}
"""The module of each name, imported when the name is first asked for (PEP 562): a PDF worker
imports :mod:`sitrep.compose.document` to receive documents, and the package's other modules
would bring the report model, the merge and the intake stack with them (about 0.1 s of its
start, which is on the build's critical path)."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
