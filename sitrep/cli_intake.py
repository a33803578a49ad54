"""``sitrep intake …``: blank intake workbooks for partners.

Kept apart from :mod:`sitrep.cli` so that the main command line stays small; registered there
with ``app.add_typer(intake_app, name="intake")``. Heavy libraries are imported inside the
command, so ``sitrep --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli_output import EXIT_USAGE, Command, Group, safe

intake_app = typer.Typer(name="intake", no_args_is_help=True, rich_markup_mode=None, cls=Group,
                         help="Blank intake workbooks for partners.")

INTAKE_LANGUAGES = ("en", "fr", "es", "ar")
"""The languages of the blank workbooks (sitrep.intake.template.TEMPLATE_LANGUAGES; a test
keeps the two equal, so that ``--help`` lists them without importing openpyxl)."""


@intake_app.command("new", cls=Command)
def new(
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="|".join(INTAKE_LANGUAGES),
                                      help="Language of the workbook.")] = "en",
    workspace: Annotated[Path | None, typer.Option(
        "--workspace", "-w", metavar="DIR", help="A report workspace: its gazetteer fills the place lists and "
                                                 "the example row, and its [merge] priority the organisation "
                                                 "list.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="The file to write (default: intake-template_<lang>.xlsx "
                                               "here).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
) -> None:
    """Write a blank intake workbook: instructions, one sheet per data kind, drop-down lists.

    Example: sitrep intake new --lang fr --workspace reports/sudan -o intake-fr.xlsx
    """
    from sitrep.cli_output import console as _console
    from sitrep.cli_output import fail as _fail
    from sitrep.errors import SitrepError
    from sitrep.fs import write_atomic
    from sitrep.intake.template import TEMPLATE_LANGUAGES, TemplateOptions, template_file_name, write_template
    from sitrep.pipeline import load_workspace

    console = _console()
    if lang not in TEMPLATE_LANGUAGES:
        console.print(f"[red]No template in '{safe(lang)}'[/]; choose one of {', '.join(TEMPLATE_LANGUAGES)}.")
        raise typer.Exit(EXIT_USAGE)
    target = output or Path(template_file_name(lang))
    if target.exists() and not force:
        console.print(f"[red]{safe(target)} already exists[/]; nothing was written (use --force to replace it).")
        raise typer.Exit(EXIT_USAGE)
    options = TemplateOptions(language=lang)
    if workspace is not None:
        try:
            config, gazetteer, _ = load_workspace(workspace.resolve())
        except SitrepError as exc:
            raise _fail(exc) from None
        options = TemplateOptions(language=lang, gazetteer=gazetteer, organisations=config.source_priority,
                                  admin_levels=gazetteer.admin_levels(config.admin_levels,
                                                                      config.admin_levels_by_language))
    write_atomic(target, write_template(options))
    lists = "place lists from the workspace gazetteer" if workspace else "no place lists (no --workspace)"
    console.print(f"Wrote {safe(target)} ({lang}; {lists}).")
