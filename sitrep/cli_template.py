"""``sitrep template …``: an organisation's own copy of a shipped report template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli_output import EXIT_USAGE, Command, Group, safe

template_app = typer.Typer(name="template", no_args_is_help=True, rich_markup_mode=None, cls=Group,
                           help="Report templates: copy a shipped one to change its look and sections.")


@template_app.command("new", cls=Command)
def new(
    name: Annotated[str, typer.Argument(help="Name of the new template (a folder name).", metavar="NAME")],
    source: Annotated[str, typer.Option("--from", metavar="NAME",
                                        help="The shipped template to start from: flash-update or "
                                             "situation-report.")] = "flash-update",
    workspace: Annotated[Path, typer.Option("--workspace", "-w", metavar="DIR",
                                            help="The report workspace.")] = Path("."),
) -> None:
    """Copy a shipped template into WORKSPACE/templates/NAME; select it with report.template.

    Example: sitrep template new ngo-look --from situation-report --workspace reports/syria
    """
    import re
    import shutil

    from sitrep.cli_output import console
    from sitrep.compose.template import SHIPPED_TEMPLATES, TEMPLATE_FILE, shipped_templates

    out = console()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", name):
        out.print(f"[red]'{safe(name)}' is not a usable template name[/]: use lower-case letters, digits and hyphens.")
        raise typer.Exit(EXIT_USAGE)
    if source not in shipped_templates():
        out.print(f"[red]No shipped template '{safe(source)}'[/]; choose one of {', '.join(shipped_templates())}.")
        raise typer.Exit(EXIT_USAGE)
    target = workspace / "templates" / name
    if target.exists():
        out.print(f"[red]{safe(target)} already exists[/]; nothing was changed.")
        raise typer.Exit(EXIT_USAGE)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(SHIPPED_TEMPLATES / source, staging)
    staging.rename(target)
    out.print(f"Created {safe(target / TEMPLATE_FILE)} from '{safe(source)}'.\n"
              f"Edit its colours, logo, wording and sections, then set template = \"{name}\" in "
              f"{safe(workspace / 'report.toml')}.")
