"""Stage 5 — compose: report model + template + language -> :class:`Document`.

Input: a :class:`~sitrep.model.SituationReport`, a :class:`Template` and a language.
Output: a :class:`Document` whose blocks hold final, localised text (labels from the
catalogs, numbers and dates from CLDR, narrative placeholders filled). Missing label or
paragraph translations are returned as findings, and the paragraph is shown in English with
a visible notice rather than dropped.
"""

from sitrep.compose.compose import compose_document, output_stem
from sitrep.compose.document import Document
from sitrep.compose.template import Template, load_template

__all__ = ["Document", "Template", "compose_document", "load_template", "output_stem"]
