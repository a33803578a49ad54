"""Everything one build writes, made in memory: compose → render → assemble.

Every language is composed and checked against the formats' limits before anything is rendered;
the documents are rendered (in worker processes when that helps) while the data exports are
assembled; the e-mail drafts take the rendered PDFs. Nothing here touches the disk: the pipeline
writes the result all at once, or issues it (:mod:`sitrep.issuing`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sitrep.config import ReportConfig
from sitrep.errors import Findings, SitrepError
from sitrep.gazetteer import Gazetteer
from sitrep.issuing import File
from sitrep.render.pool import Progress, Workers, render_all

if TYPE_CHECKING:
    from sitrep.compose import Document
    from sitrep.merge import MergedData, MergeLog
    from sitrep.model import SituationReport

__all__ = ["Assembled", "File", "assemble"]


class Prepared(Protocol):
    """What a build is made from (:class:`sitrep.pipeline.Prepared` is one)."""

    @property
    def config(self) -> ReportConfig: ...
    @property
    def report(self) -> SituationReport: ...
    @property
    def merged(self) -> MergedData: ...
    @property
    def findings(self) -> Findings: ...
    @property
    def log(self) -> MergeLog: ...
    @property
    def gazetteer(self) -> Gazetteer | None: ...


@dataclass(slots=True, kw_only=True)
class Assembled:
    """The files of a build, and what composing them found."""

    files: list[File] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    jobs: int = 1
    """Worker processes that rendered the documents (1: this process)."""




def assemble(prepared: Prepared, languages: list[str], formats: list[str], out_dir: Path, *,
             progress: Progress | None, jobs: int, issue: bool, email: bool, json_full: bool,
             workers: Workers | None = None) -> Assembled:
    """Compose, render and assemble every file of the build, in memory (``workers``: rendering
    processes started earlier, see :func:`sitrep.render.pool.start_workers`)."""
    from sitrep.compose import compose_document, load_template, output_stem
    from sitrep.compose.limits import catalog_findings, document_text_findings, one_line_findings
    from sitrep.distribute.bundle import data_files, email_drafts
    from sitrep.gazetteer import read_gazetteer
    from sitrep.model import unreported_figures

    config, out = prepared.config, Assembled()
    report = dataclasses.replace(prepared.report, draft=False) if issue else prepared.report
    template = load_template(config.template, config.workspace)
    documents: dict[str, Document] = {}
    for lang in languages:
        documents[lang], findings = compose_document(report, template, lang, digits=config.arabic_digits)
        out.findings.extend(findings)
        out.findings.extend(catalog_findings(lang))  # its bad entries were left out: never a KeyError
    out.findings.extend(unreported_figures(report, template.key_figures))  # issue 23: "no data yet", not 0
    too_long = [*one_line_findings(report, config.email if email else None),
                *document_text_findings(documents.values(), report)]
    if too_long:  # before rendering: python-docx and the e-mail headers would refuse these texts
        raise SitrepError(too_long[0], more=too_long[1:])

    def stem(kind: str) -> str:
        return output_stem(report, kind)

    # render, assembling the data files while the workers render
    extras: list[tuple[str, bytes]] = []
    gazetteer = prepared.gazetteer or (read_gazetteer(config.gazetteer, config.country) if config.gazetteer
                                       else Gazetteer(checked=False))

    def assemble_data() -> None:
        extras.extend(data_files(report, prepared.merged, prepared.findings, prepared.log,
                                 gazetteer, stem, json_full=json_full))

    rendered, out.jobs = render_all(documents, formats, jobs=jobs, progress=progress, meanwhile=assemble_data,
                                   workers=workers)
    files: list[File] = [(out_dir / f"{documents[lang].file_stem}.{fmt}", lang, fmt, *rendered[(lang, fmt)])
                          for lang in documents for fmt in formats]
    files += [(out_dir / name, "", name.rsplit(".", 1)[1], data, 0.0) for name, data in extras]
    if email:
        from sitrep.render.html_mail import mail_html  # the e-mail's HTML part is the HTML edition's

        pdfs = {lang: (f"{documents[lang].file_stem}.pdf", rendered[(lang, "pdf")][0]) for lang in documents}
        files += [(out_dir / name, lang, "eml", data, 0.0) for lang, name, data in email_drafts(
            report, template, list(documents), digits=config.arabic_digits, settings=config.email, pdfs=pdfs,
            stem=stem, markup=lambda lang, text: mail_html(documents[lang], text))]
    out.files = files
    return out


