"""Report series on the command line: ``sitrep history`` and ``sitrep next``."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli_output import EXIT_USAGE, console, fail, print_findings


def history(
    workspace: Annotated[Path, typer.Argument(help="The report workspace.")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the history as JSON on stdout.")] = False,
) -> None:
    """List the issued reports of a workspace with their headline figures."""
    from rich.table import Table

    from sitrep.errors import SitrepError
    from sitrep.history import HISTORY_FILE, read_history

    try:
        reports = read_history(workspace / HISTORY_FILE)
    except SitrepError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps([{
            "type": r.report_type, "number": r.number, "as_of": r.as_of.isoformat(),
            "period": [r.period_start.isoformat(), r.period_end.isoformat()], "languages": list(r.languages),
            "status": r.status, "figures": {f.measure: f.value for f in r.figures if f.kind == "total"},
            "outputs": r.outputs} for r in reports], indent=2, ensure_ascii=False))
        return
    out = console()
    if not reports:
        out.print(f"No report has been issued from {workspace} yet (build with --issue to record one).")
        return
    table = Table(title=f"Issued reports — {workspace / HISTORY_FILE}", title_justify="left", show_edge=False)
    for column in ("report", "as of", "killed", "injured", "displaced", "reached", "status"):
        table.add_column(column, justify="right" if column in ("killed", "injured", "displaced", "reached")
                         else "left")
    for r in reports:
        table.add_row(f"{r.report_type} {r.number}", r.as_of.isoformat(),
                      *(f"{r.value(m) or 0:,}" for m in ("killed", "injured", "displaced", "reached")), r.status)
    out.print(table)


def next_report(
    workspace: Annotated[Path, typer.Argument(help="The report workspace.")] = Path("."),
    as_of: Annotated[str, typer.Option("--as-of", help="The new report's as-of date (YYYY-MM-DD).")] = "",
    start: Annotated[str, typer.Option("--period-start", help="Start a new reporting period (default: keep "
                                                              "the current start, so figures stay cumulative).")] = "",
) -> None:
    """Move report.toml to the next report: number + 1, new as-of date and period end."""
    from sitrep.config import CONFIG_NAME, read_config
    from sitrep.errors import SitrepError
    from sitrep.fs import write_atomic

    out = console()
    try:
        new_as_of = dt.date.fromisoformat(as_of)
        new_start = dt.date.fromisoformat(start) if start else None
    except ValueError:
        out.print("[red]Give dates as YYYY-MM-DD[/], e.g. --as-of 2024-12-02.")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        config, findings = read_config(workspace)
    except SitrepError as exc:
        raise fail(exc) from None
    if config is None:
        print_findings(findings)
        raise typer.Exit(EXIT_USAGE)
    if new_as_of <= config.as_of:
        out.print(f"[red]The next report must be dated after {config.as_of}[/] (got {new_as_of}).")
        raise typer.Exit(EXIT_USAGE)
    changes = {("report", "number"): str(config.number + 1), ("report", "as_of"): new_as_of.isoformat(),
               ("period", "end"): new_as_of.isoformat()}
    if new_start:
        changes[("period", "start")] = new_start.isoformat()
    if config.next_report:
        step = config.next_report - config.as_of
        changes[("report", "next_report")] = (new_as_of + step).isoformat()
    path = workspace / CONFIG_NAME
    text = set_toml_values(path.read_text(encoding="utf-8"), changes)
    write_atomic(path, text.encode("utf-8"))
    out.print(f"{path}: now report No. {config.number + 1} as of {new_as_of:%d %B %Y}. "
              f"Add the new partner files to inputs/ and run: sitrep build {workspace}")


_KEY_LINE = re.compile(r"^(\s*)([A-Za-z_][\w-]*)(\s*=\s*)([^#\n]*?)(\s*(#.*)?)$")


def set_toml_values(text: str, changes: dict[tuple[str, str], str]) -> str:
    """Replace ``key = value`` lines in the given tables, keeping comments and layout."""
    table = ""
    lines = []
    for line in text.splitlines(keepends=True):
        header = re.match(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$", line.rstrip("\n"))
        if header:
            table = header.group(1).strip()
        match = _KEY_LINE.match(line.rstrip("\n"))
        if match and (table, match.group(2)) in changes:
            indent, key, eq, _value, tail = match.group(1, 2, 3, 4, 5)
            line = f"{indent}{key}{eq}{changes[(table, key)]}{tail or ''}\n"
        lines.append(line)
    return "".join(lines)
