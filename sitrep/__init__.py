"""sitrep: humanitarian situation reports from partner spreadsheets.

The pipeline, one stage per subpackage, each importing only the stages before it::

    intake     files -> raw sheets with located columns        (sitrep.intake)
    validate   raw sheets -> typed records + findings           (sitrep.validate)
    merge      records of many partners -> one dataset + log    (sitrep.merge)
    model      merged data -> SituationReport (numbers)         (sitrep.model)
    compose    report + template + language -> Document (text)  (sitrep.compose)
    render     Document -> PDF / DOCX bytes                     (sitrep.render)

Leaves used by all: ``errors`` (findings), ``config`` (report.toml), ``gazetteer``,
``i18n`` (Babel). ``pipeline`` runs the stages in order; ``cli`` is the command line.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
