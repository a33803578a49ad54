"""Shared command-line output: the console, finding lines, exit codes."""

from __future__ import annotations

import atexit
import contextlib
import inspect
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # imported where used, so that ``sitrep --help`` does not load the finding codes
    from sitrep.errors import Findings, SitrepError
    from sitrep.merge import MergeLog
    from sitrep.pipeline import BuildResult

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
"""Style of a finding's code by its severity (a :class:`sitrep.errors.Severity`, a string enum)."""


def console() -> Any:
    """A console on standard error (standard output stays clean for --json)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def safe(value: object) -> str:
    """``value`` as text that is printed as it reads: console markup (``[red]``) escaped, and
    control characters (escape sequences, CR) and bidirectional overrides (U+202E …) from cells,
    file names or paths shown as visible ``\\x1b`` / ``\\u202e`` codes instead of acting on the terminal."""
    from rich.markup import escape

    return escape(plain(value))


def plain(value: object) -> str:
    """``value`` with control characters and bidirectional controls made visible (no markup escaping)."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else _visible(c) for c in text)


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def print_findings(findings: Findings, *, show_info: bool = False) -> None:
    """``file › Sheet!D7  E-code  message (hint)``, one per line, in file and cell order.

    The lines are formatted here and written in one go: rich takes about 0.15 ms to lay out a
    line, so 30,000 findings (a large displacement dataset) cost 5 s through ``Console.print``
    and 0.05 s this way. The text is the same; colours are rich's own ANSI codes.
    """
    from sitrep.errors import Severity

    out = console()
    shown = [f for f in findings.sorted() if show_info or f.severity is not Severity.INFO]
    if not shown:
        return
    if out.legacy_windows or out.is_jupyter:  # consoles that need rich's own output path

        for f in shown:
            where = f"{safe(f.position)}  " if f.position else ""
            hint = f" [dim]({safe(f.hint)})[/]" if f.hint else ""
            out.print(f"{where}[{_STYLE[f.severity]}]{f.code}[/]  {safe(f.message)}{hint}")
        return
    paint = _painter(out)
    code_style = {severity: paint(style) for severity, style in _STYLE.items()}
    dim = paint("dim")
    for start in range(0, len(shown), 1000):  # in chunks: one string of 30,000 lines would cost 60 MB
        lines = []
        for f in shown[start:start + 1000]:
            where = f"{plain(f.position)}  " if f.position else ""
            hint = f" {dim(f'({plain(f.hint)})')}" if f.hint else ""
            lines.append(f"{where}{code_style[f.severity](f.code)}  {plain(f.message)}{hint}\n")
        out.file.write("".join(lines))
    out.file.flush()


def _painter(out: Any) -> Any:
    """``paint(style)(text)``: the text in that style for this console (plain when it has no
    colours: not a terminal, ``NO_COLOR``, ``TERM=dumb``)."""
    from rich.color import ColorSystem
    from rich.style import Style

    systems = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT,
               "truecolor": ColorSystem.TRUECOLOR, "windows": ColorSystem.WINDOWS}
    system = systems.get(out.color_system or "")

    def paint(definition: str) -> Any:
        style = Style.parse(definition)
        if out.no_color:
            style = style.without_color
        if system is None:
            return lambda text: text
        return lambda text: style.render(text, color_system=system)

    return paint


@contextmanager
def working(out: Any, first: str) -> Iterator[Callable[[str], None]]:
    """A spinner line on a terminal saying what a long command is doing ("Reading health.xlsx
    (2 of 4)", "Checking 50,000 rows") and for how many seconds so far, as a ``status(text)``
    callback; it vanishes when the block ends. Nothing is shown when the output is not a terminal.

    It refreshes four times a second, from a thread: the commands that use it fork their
    workers before it starts (see :func:`sitrep.render.pool.start_workers`)."""
    if not out.is_terminal:
        yield lambda text: None
        return
    line = _Elapsed(first)
    with out.status(line, refresh_per_second=4):

        def update(text: str) -> None:
            line.text = plain(text)

        yield update


class _Elapsed:
    """A status text with the seconds since it was first shown, worked out at each refresh (so
    the count goes on during a long stage); shown as text, never as console markup."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.started = time.monotonic()

    def __rich__(self) -> Any:
        from rich.text import Text

        return Text(f"{self.text}… {time.monotonic() - self.started:.0f} s")


@contextmanager
def render_progress(out: Any) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar for ``sitrep build``'s rendering, as a ``progress(label, done, total)``
    callback. It refreshes only when called (no refresh thread, so worker processes are forked
    from a process with a single thread), is shown on terminals only and vanishes when done."""
    if not out.is_terminal:
        yield lambda label, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("Rendering"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=out, transient=True, auto_refresh=False) as bar:
        task = bar.add_task("", total=None)

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, total=total, completed=done, description=f"{label} done" if label else "",
                       refresh=True)

        yield update


def summary(findings: Findings) -> str:
    from sitrep.codes import I_LOCATION_FUZZY

    e, w = len(findings.errors), len(findings.warnings)
    text = f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"
    fuzzy = sum(1 for f in findings if f.code == I_LOCATION_FUZZY.code)
    if fuzzy:  # information, but worth a look: the place was guessed from a misspelt name
        text += f", {fuzzy} place{'s' * (fuzzy != 1)} read from a close spelling (sitrep validate --info lists them)"
    return text


def fail(exc: SitrepError) -> typer.Exit:
    """Print what stopped the run and return the usage exit."""
    from sitrep.errors import Findings

    print_findings(Findings(list(exc.findings)))
    return typer.Exit(EXIT_USAGE)


# ---------------------------------------------------------------------------------------------
# Help written for officers
# ---------------------------------------------------------------------------------------------

class _OfficerHelp:
    """``--help`` without typer's internal type labels (``<bool>``, ``<list[str]>``,
    ``<int range> [x>=0]``): an option shows its ``metavar`` (the values it takes, e.g.
    ``en,fr,es,ar,ru``) or nothing (a flag); an argument shows its name only."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            shown = None if param.param_type_name == "argument" else param.metavar
            if getattr(param, "is_flag", False):
                shown = ""
            # An attribute on our own parameter objects: typer asks each one for its type label.
            param.display_type_rich = lambda ctx, shown=shown: shown
            param._get_number_range_help_str = lambda: None
        return params

    # The help is click's plain formatter (``rich_markup_mode=None``): typer's rich formatter
    # imports rich's markdown and traceback modules (markdown-it, pygments), which made
    # ``sitrep --help`` 8 times as slow as starting Python (issue #18).

    help: str | None  # click's Command.help

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The docstring's "Example:" paragraph is shown as written: click rewraps every paragraph
        # except one that starts with a "\b" line, and a command broken at a hyphen misleads.
        if self.help:
            self.help = re.sub(r"\n([ \t]*)\n([ \t]*)Example:", "\n\\1\n\\2\b\n\\2Example:", self.help)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The docstring's first line in full in the list of commands (click cuts it at 45
        characters with "..."; the list wraps it instead)."""
        return inspect.cleandoc(self.help or "").split("\n\n")[0].replace("\n", " ")


class Command(_OfficerHelp, TyperCommand):
    """A command with officers' help (pass as ``cls=`` to ``app.command``)."""


class Group(_OfficerHelp, TyperGroup):
    """A command group with officers' help (pass as ``cls=`` to ``typer.Typer``)."""


# ---------------------------------------------------------------------------------------------
# The table of files written
# ---------------------------------------------------------------------------------------------

def size_text(size: int) -> str:
    return f"{max(1, round(size / 1024)):,} KB"


def print_written(out: Any, folder: Path, rows: list[tuple[str, str, int]]) -> None:
    """The files a build wrote, as ``(file name, language, bytes)``.

    On a terminal: a table whose file column wraps long names, so the language and size
    columns stay on an 80-column screen. Piped or redirected: plain lines with the size and the
    language first and the whole name last (nothing cut, no box characters), for ``grep``.
    """
    if not out.is_terminal:
        lines = [f"Written to {plain(folder)}:"] + [f"{size_text(size):>9}  {language or '-':<4}  {plain(name)}"
                                             for name, language, size in rows]
        out.file.write("\n".join(lines) + "\n")
        out.file.flush()
        return
    from rich.table import Table

    table = Table(title=f"Written to {safe(folder)}", title_justify="left", show_edge=False)
    table.add_column("file", overflow="fold", ratio=1)
    table.add_column("lang", no_wrap=True)
    table.add_column("size", justify="right", no_wrap=True)
    for name, language, size in rows:
        table.add_row(safe(name), language or "—", size_text(size))
    out.print(table)


def build_summary(workspace: Path, out_dir: Path | None, findings: Findings,
                  built: tuple[BuildResult, MergeLog, bool] | None) -> dict[str, object]:
    """What ``build --json`` prints: a summary for machines (the files themselves say the rest)."""
    summary: dict[str, object] = {
        "workspace": str(workspace), "built": built is not None,
        "errors": len(findings.errors), "warnings": len(findings.warnings),
        "findings": [f.to_dict() for f in findings.sorted()]}
    if built is not None and out_dir is not None:
        result, log, issued = built
        summary.update({
            "out_dir": str(out_dir), "issued": issued,
            "rows": {state: log.count(state) for state in ("used", "merged", "rejected")},
            "outputs": [{"file": o.path.name, "language": o.language or None, "format": o.format,
                         "bytes": o.size} for o in result.outputs]})
    return summary


def end_without_teardown(main: Callable[[], None]) -> None:
    """Run ``main`` (which ends with SystemExit), then end the process without Python's teardown.

    Teardown frees every object one by one, for memory the system takes back anyway: 0.1-0.25 s
    after a build of the example or a validate of 50,000 rows, on 2 cores. So the last exit
    handler (registered first, it runs after all the others: their files written, their worker
    processes stopped) flushes the output and ends the process with the command's exit code.
    Every file sitrep writes is complete and synced long before (:mod:`sitrep.fs`).
    """
    code = [1]  # an exception that escapes main() (SITREP_DEBUG=1) exits with 1, as Python does

    def end_now() -> None:
        for stream in (sys.stdout, sys.stderr):
            # a closed pipe (sitrep validate | head); None: the stream was closed before Python started
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        os._exit(code[0])

    atexit.register(end_now)
    try:
        main()
    except SystemExit as done:
        code[0] = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        raise
