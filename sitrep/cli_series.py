"""Report series on the command line: ``sitrep history`` and ``sitrep next``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli_output import EXIT_USAGE, console, fail, print_findings, safe


def history(
    workspace: Annotated[Path, typer.Argument(help="The report workspace.", metavar="WORKSPACE")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the history as JSON on stdout.")] = False,
    repair: Annotated[bool, typer.Option(
        "--repair", help="Finish an interrupted issue (or undo it when its files are gone).")] = False,
    migrate_to: Annotated[str, typer.Option(
        "--migrate-to", metavar="URL", help="Copy the workspace's history.sqlite into an empty PostgreSQL "
                                            "history (postgresql://USER@HOST/DB or service=NAME) and verify "
                                            "the copy.")] = "",
) -> None:
    """List the issued reports of a workspace with their headline figures.

    An interrupted issue or a record that cannot be read is reported (exit 1); --repair
    finishes the interrupted issue, or undoes it.

    The history is the team's PostgreSQL database when SITREP_HISTORY_URL or [history] url names one.

    Example: sitrep history reports/syria --json
    """
    from rich.table import Table

    from sitrep.cli_output import EXIT_INVALID
    from sitrep.errors import Findings, SitrepError
    from sitrep.issuing import interrupted_findings, unfinished_issues
    from sitrep.issuing import repair as repair_issues
    from sitrep.store import configured_url, load, locate

    if not workspace.is_dir():
        console().print(f"[red]No such workspace folder:[/] {safe(workspace)}")
        raise typer.Exit(EXIT_USAGE)
    location = locate(workspace, configured_url(workspace))
    path = location.path
    try:
        if migrate_to:
            from sitrep.errors import Position
            from sitrep.store import require_driver

            require_driver(Position(file="--migrate-to"))
            from sitrep.store.migrate import migrate_to as copy_history

            for line in copy_history(path, migrate_to):
                console().print(safe(line))
            raise typer.Exit(0)
        out_dir = _output_dir(workspace)
        if repair and location.url is None:
            for line in repair_issues(path):
                console().print(safe(line))
        elif repair:
            lines = unfinished_issues(location, out_dir, repair=True)[1]
            for line in lines or ["Nothing to repair: every issue recorded on PostgreSQL has its files in place "
                                  f"in {out_dir.name}/ (an issue not recorded left nothing behind)."]:
                console().print(safe(line))
        reports, problems = load(location)
        problems += interrupted_findings(path) if location.url is None else unfinished_issues(location, out_dir)[0]
    except SitrepError as exc:
        raise fail(exc) from None
    print_findings(Findings(problems))
    from sitrep.codes import W_HISTORY_SHARED_FOLDER

    # a risk of the folder, not a fault of the history: said, but the listing still succeeds
    code = EXIT_INVALID if any(p.code != W_HISTORY_SHARED_FOLDER.code for p in problems) else 0
    if as_json:
        typer.echo(json.dumps([{
            "type": r.report_type, "number": r.number, "as_of": r.as_of.isoformat(),
            "period": [r.period_start.isoformat(), r.period_end.isoformat()], "languages": list(r.languages),
            "status": r.status, "figures": {f.measure: f.value for f in r.figures if f.kind == "total"},
            "outputs": r.outputs} for r in reports], indent=2, ensure_ascii=False))
        raise typer.Exit(code)
    out = console()
    if not reports:
        out.print(f"No report has been issued from {safe(workspace)} yet (build with --issue to record one).")
        raise typer.Exit(code)
    table = Table(title=f"Issued reports — {safe(location.label)}", title_justify="left", show_edge=False)
    for column in ("report", "as of", "killed", "injured", "displaced", "reached", "status"):
        table.add_column(column, justify="right" if column in ("killed", "injured", "displaced", "reached")
                         else "left")
    for r in reports:
        table.add_row(safe(f"{r.report_type} {r.number}"), r.as_of.isoformat(),
                      *("—" if (v := r.value(m)) is None else f"{v:,}"  # not stored: not reported (#23)
                        for m in ("killed", "injured", "displaced", "reached")), r.status)
    out.print(table)
    raise typer.Exit(code)


def _output_dir(workspace: Path) -> Path:
    """The workspace's output folder ([output] dir, else dist), read on its own."""
    from sitrep.config import DEFAULT_OUTPUT_DIR
    from sitrep.store import configured_value

    return workspace / (configured_value(workspace, "output", "dir") or DEFAULT_OUTPUT_DIR)


def next_report(
    workspace: Annotated[Path, typer.Argument(help="The report workspace.", metavar="WORKSPACE")] = Path("."),
    as_of: Annotated[str, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="The new report's as-of date: the day its figures are valid "
                                              "for (not in the future).")] = "",
    start: Annotated[str, typer.Option(
        "--period-start", metavar="YYYY-MM-DD", help="Start a new reporting period (default: keep the current "
                                                     "start, so figures stay cumulative).")] = "",
) -> None:
    """Move report.toml to the next report: number + 1, new as-of date and period end.

    Comments and layout of report.toml are kept.

    Example: sitrep next reports/syria --as-of 2024-12-02
    """
    from sitrep.config import CONFIG_NAME, read_config
    from sitrep.errors import SitrepError
    from sitrep.fs import write_atomic

    out = console()
    if not as_of:
        out.print("[red]Missing option --as-of[/]: give the new report's as-of date, e.g. "
                  "sitrep next WORKSPACE --as-of 2024-12-02.")
        raise typer.Exit(EXIT_USAGE)
    dates: dict[str, dt.date] = {}
    for option, value in (("--as-of", as_of), ("--period-start", start)):
        try:
            if value:
                dates[option] = dt.date.fromisoformat(value)
        except ValueError:
            out.print(f"[red]{option} '{safe(value)}' is not a date[/]: write it as YYYY-MM-DD, "
                      f"e.g. {option} 2024-12-02.")
            raise typer.Exit(EXIT_USAGE) from None
    new_as_of, new_start = dates["--as-of"], dates.get("--period-start")
    today = dt.date.today()
    if new_as_of > today:
        out.print(f"[red]--as-of {new_as_of} is in the future[/] (today is {today}): a report is dated the day "
                  "its figures are valid for, and rows dated after it would be set aside.")
        raise typer.Exit(EXIT_USAGE)
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
    if new_start and new_start > new_as_of:
        out.print(f"[red]--period-start {new_start} is after --as-of {new_as_of}[/]: a period starts on or "
                  "before the day its figures are valid for.")
        raise typer.Exit(EXIT_USAGE)
    changes: dict[tuple[str, str], int | dt.date] = {
        ("report", "number"): config.number + 1, ("report", "as_of"): new_as_of, ("period", "end"): new_as_of}
    if new_start:
        changes[("period", "start")] = new_start
    if config.next_report:
        changes[("report", "next_report")] = new_as_of + (config.next_report - config.as_of)
    path = workspace / CONFIG_NAME
    try:
        text = advance_toml(path.read_text(encoding="utf-8"), changes, workspace)
    except ValueError as exc:
        out.print(f"[red]{safe(path)} was left unchanged:[/] {safe(exc)}")
        raise typer.Exit(EXIT_USAGE) from None
    write_atomic(path, text.encode("utf-8"))
    out.print(f"{safe(path)}: now report No. {config.number + 1} as of {new_as_of:%d %B %Y}. "
              f"Add the new partner files to inputs/ and run: sitrep build {safe(workspace)}")


def advance_toml(text: str, changes: dict[tuple[str, str], int | dt.date], workspace: Path) -> str:
    """``text`` with ``[table] key`` set to each value of ``changes``, comments and layout kept
    (tomlkit edits the document in place: standard, inline and dotted tables alike).

    The result is read back as ``sitrep`` reads report.toml, and refused unless it loads and
    says what was meant.

    Raises:
        ValueError: a key to change is missing, or the result would not load as intended.
    """
    import tomllib

    import tomlkit

    from sitrep.config import parse_config

    document = tomlkit.parse(text)
    for (table, key), value in changes.items():
        container = document.get(table)
        if not isinstance(container, dict) or key not in container:
            raise ValueError(f"it has no {table}.{key} to change; add it and run the command again")
        container[key] = value
    result = tomlkit.dumps(document)
    try:
        config, findings = parse_config(tomllib.loads(result), workspace)
    except tomllib.TOMLDecodeError as exc:  # tomlkit wrote something tomllib cannot read
        raise ValueError(f"the edited file would not be valid TOML ({exc})") from exc
    if config is None:
        raise ValueError("the edited file would not load: " + "; ".join(
            f"{f.position} {f.message}" for f in findings.errors))
    read_back = tomllib.loads(result)
    if any(read_back[table][key] != value for (table, key), value in changes.items()):
        raise ValueError("the edited file does not read back with the new values")
    return result
