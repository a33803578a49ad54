"""The ``sitrep`` command line: flags -> pipeline -> findings and files -> exit code.

Exit codes: 0 done (warnings allowed), 1 the inputs have errors, 2 usage or configuration
problem, 3 an unexpected internal error (reported without a traceback unless
``SITREP_DEBUG=1``).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sitrep import __version__
from sitrep.cli_intake import intake_app
from sitrep.cli_output import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    Group,
    build_summary,
    end_without_teardown,
    print_findings,
    print_written,
    render_progress,
    safe,
    working,
)
from sitrep.cli_output import console as _console
from sitrep.cli_output import fail as _fail
from sitrep.cli_output import summary as _summary
from sitrep.cli_series import history, next_report
from sitrep.cli_template import template_app

if TYPE_CHECKING:
    from sitrep.config import ReportConfig

REPORT_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
"""sitrep.config.SUPPORTED_LANGUAGES, listed in ``build --help`` without importing the config
reader at start-up (a test keeps the two equal)."""

app = typer.Typer(
    name="sitrep", no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_show_locals=False, cls=Group,
    help="Humanitarian Flash Updates and Situation Reports from partner spreadsheets.")
app.add_typer(intake_app, name="intake")
app.add_typer(template_app, name="template")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Humanitarian Flash Updates and Situation Reports from partner spreadsheets."""


@app.command(cls=Command)
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new report workspace.", metavar="DIR")],
    country: Annotated[str | None, typer.Option(
        "--country", metavar="ISO3", help="ISO 3166-1 alpha-3 code of the country, e.g. SDN (default: SYR).")] = None,
    gazetteer: Annotated[Path | None, typer.Option(
        "--gazetteer", metavar="FILE",
        help="OCHA's COD-AB tabular file for the country as published on HDX (.xlsx with ADM1/ADM2 sheets, or "
             "CSV), an HXL-tagged list or the global P-code list; written to the workspace as gazetteer.csv "
             "with every name language.")] = None,
) -> None:
    """Create a report workspace: report.toml, the gazetteer and inputs/ with a blank intake workbook.

    Example: sitrep init reports/sudan-fu1 --country SDN --gazetteer sdn_adm_tabular.xlsx
    """
    from sitrep.config import CONFIG_NAME, scaffold_text
    from sitrep.errors import SitrepError
    from sitrep.fs import write_atomic
    from sitrep.gazetteer import AdminLevels, country_levels, gazetteer_csv, read_gazetteer
    from sitrep.i18n.countries import country_alpha2
    from sitrep.intake.template import TemplateOptions, template_file_name, write_template

    console = _console()
    iso3 = (country or "SYR").strip().upper()
    alpha2 = country_alpha2(iso3) if re.fullmatch(r"[A-Z]{3}", iso3) else None
    if alpha2 is None:
        console.print(f"[red]'{country}' is not an ISO 3166-1 alpha-3 country code[/] (e.g. SDN for Sudan).")
        raise typer.Exit(EXIT_USAGE)
    target = directory / CONFIG_NAME
    if target.exists():
        console.print(f"[red]{target} already exists[/]; nothing was changed.")
        raise typer.Exit(EXIT_USAGE)
    gaz = None
    if gazetteer is not None:
        try:
            gaz = read_gazetteer(gazetteer, iso3)
        except SitrepError as exc:
            raise _fail(exc) from None
        prefixes = sorted({a.pcode[:2] for a in gaz.areas.values()})
        if not any(a.pcode.startswith(alpha2) for a in gaz.areas.values()):  # OCHA P-codes start with it
            console.print(f"[red]The P-codes of {gazetteer.name} start with {', '.join(prefixes)}, not {alpha2}[/]: "
                          f"is it the COD-AB of another country? Download cod-ab-{iso3.lower()} from HDX.")
            raise typer.Exit(EXIT_USAGE)
    levels = country_levels(iso3, gaz.level_names if gaz else None)
    if gaz is not None:
        gaz.level_names = dict(enumerate(levels, start=1))
    blank = directory / "inputs" / template_file_name("en")
    write_atomic(target, scaffold_text(dt.date.today(), country=iso3, gazetteer="gazetteer.csv" if gaz else None,
                                       admin_levels=levels).encode("utf-8"))
    if gaz is not None:
        write_atomic(directory / "gazetteer.csv", gazetteer_csv(gaz))
    write_atomic(blank, write_template(TemplateOptions(language="en", gazetteer=gaz,
                                                       admin_levels=AdminLevels(names=levels))))
    console.print(f"Created {target} and {blank}.")
    if gaz is None:
        console.print(
            f"[yellow]No gazetteer yet:[/] places will be read as typed and not checked. Download the "
            f"tabular COD-AB of {iso3} from HDX (https://data.humdata.org/dataset/cod-ab-{iso3.lower()}, "
            f"the .xlsx with ADM1/ADM2 sheets), then put it in {directory} and set "
            f"intake.gazetteer = \"<its file name>\" in {CONFIG_NAME} "
            f"(or start again with: sitrep init DIR --country {iso3} --gazetteer FILE).")
    else:
        counts = ", ".join(f"{gaz.level_word(lv) if lv <= len(levels) else f'ADM{lv}'} {len(gaz.level(lv))}"
                           for lv in gaz.levels())
        deeper = [str(lv) for lv in gaz.levels() if lv > 2]
        console.print(f"Gazetteer {directory / 'gazetteer.csv'} from {gaz.source}: areas by level: {counts}; "
                      f"names in {', '.join(gaz.languages())}; levels named {' / '.join(levels)} "
                      f"(intake.admin_levels in {CONFIG_NAME}).")
        if deeper:
            console.print(f"[dim]Level{'s' * (len(deeper) > 1)} {', '.join(deeper)} kept in the gazetteer; intake "
                          "rows name levels 1 and 2 only.[/]")
    console.print(f"Next: edit {CONFIG_NAME}; then 'sitrep intake new --workspace {directory} --lang fr' "
                  f"(en, fr, es, ar) writes workbooks with the place lists filled in for partners; put the "
                  f"returned files in inputs/ and run: sitrep validate {directory}")


@app.command(cls=Command)
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="A workspace folder, or intake files inside one. Default: the current folder.",
        metavar="WORKSPACE|FILES")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON on stdout.")] = False,
    show_info: Annotated[bool, typer.Option("--info", help="Also list informational findings.")] = False,
    workspace_dir: Annotated[Path | None, typer.Option(
        "--workspace", "-w", metavar="DIR",
        help="Check files from elsewhere against this workspace's gazetteer and reporting period.")] = None,
    annotate: Annotated[bool, typer.Option(
        "--annotate", help="Write an annotated copy of each partner file with findings, in the partner's "
                           "language (see README, 'Findings back to the partner').")] = False,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="DIR",
        help="Folder for the annotated copies (default: WORKSPACE/dist/feedback).")] = None,
    email: Annotated[bool, typer.Option(
        "--email", help="With --annotate: a draft e-mail (.eml) per partner with its copy attached; "
                        "nothing is sent.")] = False,
) -> None:
    """Check intake files and list every problem with its cell. Exit 1 on errors.

    A partner's file outside any workspace is checked on its own (shape, columns, types,
    dates, sub-totals); --workspace adds a workspace's places and period.

    Example: sitrep validate reports/syria-fu2
    """
    from sitrep.errors import SitrepError
    from sitrep.partner import check_files
    from sitrep.pipeline import find_workspace

    targets = paths or [Path.cwd()]
    missing = [p for p in targets if not p.exists()]
    if missing:
        _console().print(f"[red]No such file or folder:[/] {', '.join(map(str, missing))}")
        raise typer.Exit(EXIT_USAGE)
    files = [p.resolve() for p in targets if p.is_file()]
    workspace = find_workspace(workspace_dir.resolve()) if workspace_dir else find_workspace(targets[0].resolve())
    if workspace_dir and workspace is None:
        _console().print(f"[red]No report.toml in {workspace_dir}.[/] Pass the folder that holds report.toml.")
        raise typer.Exit(EXIT_USAGE)
    if workspace is None and (not files or len(files) != len(targets)):
        _console().print(f"[red]No report.toml found in {targets[0]} or its parent folders.[/] "
                         "Run 'sitrep init DIR' first, pass a workspace folder, or pass partner files "
                         "to check them on their own.")
        raise typer.Exit(EXIT_USAGE)
    # No cycle collection while checking and printing: this process ends right after,
    # and at 50,000 rows the collector's walks over the rows, records and findings took 0.3-0.6 s.
    gc.disable()
    try:
        with working(_console(), "Reading the intake files") as status:
            prepared = check_files(files or None, workspace=workspace, status=status)
    except SitrepError as exc:
        raise _fail(exc) from None
    findings = prepared.findings
    if annotate:
        gc.enable()  # (openpyxl's workbooks are cycles of parent links)
        from sitrep.cli_feedback import write_feedback
        from sitrep.config import read_config
        from sitrep.feedback.outputs import FEEDBACK_DIR

        config = read_config(workspace)[0] if workspace else None
        target = out.resolve() if out else (config.output_dir if config else Path.cwd() / "dist") / FEEDBACK_DIR
        try:
            write_feedback(config, files=prepared.files, findings=findings, log=prepared.log, intake=prepared.intake,
                           out_dir=target, email=email)
        except SitrepError as exc:
            raise _fail(exc) from None
    if as_json:
        payload = {"workspace": str(workspace) if workspace else None, "files": [p.name for p in prepared.files],
                   "errors": len(findings.errors), "warnings": len(findings.warnings),
                   "findings": [f.to_dict() for f in findings.sorted()]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print_findings(findings, show_info=show_info)
        _console().print(f"{len(prepared.files)} file(s), {prepared.intake.rows_read} rows: {_summary(findings)}.")
    raise typer.Exit(EXIT_INVALID if findings.has_errors() else EXIT_OK)


def _split(values: list[str]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@app.command(cls=Command)
def build(
    ctx: typer.Context,
    workspace: Annotated[Path, typer.Argument(
        help="The report workspace (folder with report.toml), or a folder inside it.",
        metavar="WORKSPACE")] = Path("."),
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", metavar=",".join(REPORT_LANGUAGES),
        help="Languages to build, separated by commas (default: report.toml's).")] = None,
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="pdf,docx,html",
        help="Formats to build: pdf, docx, html (default: pdf,docx).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="DIR", help="Output folder (default: WORKSPACE/dist).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Build even when the inputs have errors; with --issue, re-issue a number "
                        "(the earlier record is kept as superseded).")] = False,
    issue: Annotated[bool, typer.Option(
        "--issue", help="Issue the report: no DRAFT mark, and record it in the workspace history "
                        "(history.sqlite, or the team's PostgreSQL history) so the next report shows what "
                        "changed.")] = False,
    email: Annotated[bool, typer.Option(
        "--email", help="Also write a draft e-mail (.eml) per language with the PDF attached (the PDF "
                        "is rendered even with --format docx); recipients from [email] in report.toml; "
                        "nothing is sent.")] = False,
    template: Annotated[str | None, typer.Option(
        "--template", metavar="NAME", help="Use this template instead of report.toml's, e.g. "
                                           "situation-report or one made with 'sitrep template new'.")] = None,
    annotate: Annotated[bool, typer.Option(
        "--annotate", help="Also write each partner's annotated copy into OUT/feedback "
                           "(with --email, a draft e-mail to the partner too).")] = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", metavar="N", help="Processes rendering at once, this one included; 1 renders one "
                                          "output after the other in this process (default 0: from 4 outputs "
                                          "on, this one and a worker, plus one per further idle CPU; else 1).")] = 0,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print a summary (files, sizes, row and finding counts) as JSON on stdout.")] = False,
    json_full: Annotated[bool, typer.Option(
        "--json-full", help="Also put every finding and the whole merge log into the data JSON "
                            "(they are always in the findings and merge-log CSV files).")] = False,
) -> None:
    """Validate, merge and render the report in every language and format.

    Example: sitrep build reports/syria-fu2 --lang en,ar --format pdf
    """
    from sitrep.render.pool import start_workers  # first, without the pipeline: the workers fork before it loads

    formats = _split(fmt or ["pdf,docx"])
    # With PDFs to make, the workers start first: they get the PDF renderer going while this
    # process imports, reads, checks and composes (the render closes them, or the command's end).
    workers = start_workers(jobs, len(formats) * len(_split(lang) if lang else REPORT_LANGUAGES)) \
        if ("pdf" in formats or email) and jobs >= 0 else None
    if workers:
        ctx.call_on_close(workers.close)
    from sitrep.config import SUPPORTED_LANGUAGES
    from sitrep.errors import Findings, SitrepError
    from sitrep.pipeline import build as build_outputs
    from sitrep.pipeline import find_workspace, prepare
    from sitrep.render import FORMATS

    console = _console()
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        console.print(f"[red]Unknown format {', '.join(bad)}[/]; use {', '.join(FORMATS)}.")
        raise typer.Exit(EXIT_USAGE)
    if jobs < 0:
        console.print(f"[red]--jobs {jobs} is not a number of processes[/]; use 1 or more, or 0 for the default.")
        raise typer.Exit(EXIT_USAGE)
    found = find_workspace(workspace.resolve())
    if found is None:
        console.print(f"[red]No report.toml found in {safe(workspace)} or its parent folders.[/] "
                      "Run 'sitrep init DIR' first, or pass a workspace folder.")
        raise typer.Exit(EXIT_USAGE)
    try:
        with working(console, "Reading the intake files") as status:
            prepared = prepare(found, template=template, status=status)
    except SitrepError as exc:
        raise _fail(exc) from None
    languages = _split(lang) if lang else list(prepared.config.languages)
    unknown = [lg for lg in languages if lg not in SUPPORTED_LANGUAGES]
    if unknown:
        console.print(f"[red]Language {', '.join(unknown)} is not supported[/]; "
                      f"supported: {', '.join(SUPPORTED_LANGUAGES)}.")
        raise typer.Exit(EXIT_USAGE)
    findings = prepared.findings
    print_findings(findings)
    if findings.has_errors() and not force:
        console.print(f"[bold red]Not built:[/] {_summary(findings)}. Fix the errors above "
                      "(or use --force to build anyway; rejected rows are left out and listed in the merge log).")
        if as_json:
            typer.echo(json.dumps(build_summary(found, None, findings, None), ensure_ascii=False, indent=2))
        raise typer.Exit(EXIT_INVALID)
    if email:
        _email_notes(prepared.config, languages, formats)
    out_dir = out.resolve() if out else prepared.config.output_dir
    started = time.perf_counter()
    try:
        with render_progress(console) as progress:
            result = build_outputs(prepared, languages=languages, formats=formats, out_dir=out_dir,
                                   progress=progress, jobs=jobs, issue=issue, force=force, email=email,
                                   json_full=json_full, workers=workers)
    except SitrepError as exc:
        raise _fail(exc) from None
    print_findings(result.findings)
    everything = Findings([*findings, *result.findings])
    print_written(console, out_dir, [(o.path.name, o.language, o.size) for o in result.outputs])
    log = prepared.log
    console.print(f"Rows: {log.count('used')} used, {log.count('merged')} merged, {log.count('rejected')} "
                  f"rejected (see the merge log). {_summary(everything)}.")
    if annotate:
        from sitrep.cli_feedback import write_feedback
        from sitrep.feedback.outputs import FEEDBACK_DIR

        try:
            write_feedback(prepared.config, files=prepared.files, findings=prepared.findings, log=prepared.log,
                           intake=prepared.intake, out_dir=out_dir / FEEDBACK_DIR, email=email)
        except SitrepError as exc:
            raise _fail(exc) from None
    rendered = sum(1 for o in result.outputs if o.format in FORMATS)
    if issue:
        from sitrep.store import locate

        report = prepared.report
        console.print(f"[bold]Issued[/] {report.report_type} No. {report.number} and recorded it in "
                      f"{safe(locate(prepared.config.workspace, prepared.config.history_url).label)}.")
    else:
        console.print("[dim]Draft: the documents say DRAFT; build with --issue to issue the report.[/]")
    how = f"{result.jobs} processes at once" if result.jobs > 1 else "one after the other"
    console.print(f"[dim]Rendered {rendered} output{'s' * (rendered != 1)} in "
                  f"{time.perf_counter() - started:.1f} s ({how}; --jobs to change).[/]")
    if as_json:
        typer.echo(json.dumps(build_summary(found, out_dir, everything, (result, log, issue)),
                              ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------------------------
# sitrep serve: the live preview (sitrep/preview/, imported only when the command runs)
# ---------------------------------------------------------------------------------------------

@app.command(cls=Command)
def serve(
    workspace: Annotated[Path, typer.Argument(
        help="The report workspace (folder with report.toml), or a folder inside it.",
        metavar="WORKSPACE")] = Path("."),
    port: Annotated[int, typer.Option(
        "--port", "-p", metavar="PORT", help="Port on 127.0.0.1 (0: any free port, printed at the start).")] = 8765,
) -> None:
    """Preview the HTML edition in a browser; it rebuilds and reloads when an input changes.

    Only on this computer (http://127.0.0.1:PORT/). The findings are listed at the top of the page,
    with a link to each language. Nothing is written or issued; Ctrl-C stops.

    Example: sitrep serve examples/nw-syria-2024
    """
    from sitrep.preview import run

    raise typer.Exit(run(workspace, port=port))


def _email_notes(config: ReportConfig, languages: list[str], formats: list[str]) -> None:
    """Say what ``--email`` will do that the officer may not expect: drafts without recipients,
    and a PDF rendered although only DOCX was asked for (the e-mail attaches the PDF)."""
    console = _console()
    bare = [lg for lg in languages if not any(config.email.recipients(lg))]
    if bare:
        from rich.markup import escape

        console.print(f"[yellow]No recipients for the e-mail drafts[/] ({', '.join(bare)}): they will have no "
                      f"To: line. Add them under \\[email] in {escape(str(config.workspace / 'report.toml'))}, "
                      'e.g. to = \\["partners@example.org"].')
    if "pdf" not in formats:
        console.print("--email attaches the PDF, so the PDF is rendered too (the e-mail needs it).")


# The series commands come after the ones a newcomer starts with (click lists commands in the
# order they are added).
app.command("history", cls=Command)(history)
app.command("next", cls=Command)(next_report)


def main() -> None:
    """Runs the app and turns unexpected errors into one clear line (ends with SystemExit)."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("Interrupted; files already written are complete, nothing is half-written.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: no traceback for officers
        if os.environ.get("SITREP_DEBUG"):
            raise
        print(f"sitrep: internal error: {type(exc).__name__}: {exc}\n"
              "Please report this with the command you ran (set SITREP_DEBUG=1 to see the details).",
              file=sys.stderr)
        sys.exit(EXIT_INTERNAL)


def run() -> None:
    """The ``sitrep`` command (through :func:`sitrep.entry.run`, and ``python -m sitrep``): :func:`main`,
    then the process ends without Python's teardown (:func:`sitrep.cli_output.end_without_teardown`)."""
    end_without_teardown(main)
