"""Shared command-line output: the console, finding lines, exit codes."""

from __future__ import annotations

from typing import Any

import typer

from sitrep.errors import Findings, Severity, SitrepError

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def console() -> Any:
    """A console on standard error (standard output stays clean for --json)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_findings(findings: Findings, *, show_info: bool = False) -> None:
    """``file › Sheet!D7  E-code  message (hint)``, one per line, in file and cell order."""
    from rich.markup import escape

    out = console()
    for f in findings.sorted():
        if f.severity is Severity.INFO and not show_info:
            continue
        where = f"{escape(str(f.position))}  " if f.position else ""
        hint = f" [dim]({escape(f.hint)})[/]" if f.hint else ""
        out.print(f"{where}[{_STYLE[f.severity]}]{f.code}[/]  {escape(f.message)}{hint}")


def summary(findings: Findings) -> str:
    e, w = len(findings.errors), len(findings.warnings)
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


def fail(exc: SitrepError) -> typer.Exit:
    """Print what stopped the run and return the usage exit."""
    print_findings(Findings(list(exc.findings)))
    return typer.Exit(EXIT_USAGE)
