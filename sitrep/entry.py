"""The ``sitrep`` console script: ``sitrep --help`` answered without importing the command line.

Python starts in about 12 ms, but importing typer (with the click it carries) takes about six
times that on its own (issue #18 asks for ``sitrep --help`` within five times a bare start, in
an ordinary ``pip install``). The top-level help does not depend on the workspace or the
input: it is the same text for everyone whose terminal is 80 columns wide or more (click wraps
help at the terminal's width, up to 78 columns). So that text is kept, as typer renders it, in
:mod:`sitrep.top_help`, and printed directly when it is exactly what typer would print: the
command is ``sitrep --help`` and the terminal is that wide. Every other command, and a narrower
terminal, goes to :func:`sitrep.cli.run`.

``python -m sitrep.entry --write-help`` writes :mod:`sitrep.top_help` again from typer's own
rendering; ``tests/test_cli_startup.py`` fails when the two differ (a command added, a help line
changed) and says to run it.
"""

from __future__ import annotations

import os
import sys

WIDE_ENOUGH = 80
"""click wraps help at min(columns, 80) - 2: from 80 columns on, the text is the same."""

_TYPER_SETTINGS = ("_TYPER", "_SITREP_COMPLETE")
"""Environment variables that change what typer prints (shell completion at work, typer's own
test switches): with any of them set, typer answers."""

_RENDER = "import sys; sys.argv = ['sitrep', '--help']; from sitrep.cli import run; run()"


def run() -> None:
    """``sitrep``: the kept top-level help, or the command line (:func:`sitrep.cli.run`)."""
    if (sys.argv[1:] == ["--help"] and os.path.basename(sys.argv[0]) == "sitrep" and _columns() >= WIDE_ENOUGH
            and not any(name.startswith(_TYPER_SETTINGS) for name in os.environ)):
        from sitrep.top_help import TEXT

        try:
            sys.stdout.write(TEXT)
            sys.stdout.flush()
        except (OSError, ValueError, AttributeError):  # a closed pipe (sitrep --help | head -3) or no
            pass  # standard output at all (None), as the command line takes them
        os._exit(0)
    from sitrep.cli import run as command_line

    command_line()


def _columns() -> int:
    """The terminal's width as click asks for it (:func:`shutil.get_terminal_size`: ``COLUMNS``,
    else the terminal of standard output, else 80), without importing shutil."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or WIDE_ENOUGH


def rendered_top_help() -> str:
    """``sitrep --help`` as typer renders it, 80 columns wide, in a fresh interpreter."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _RENDER], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "COLUMNS": str(WIDE_ENOUGH), "PYTHONIOENCODING": "utf-8"},
                          check=True, timeout=120)
    return done.stdout


def write_top_help() -> str:
    """Write :mod:`sitrep.top_help` from typer's rendering; returns the module's path."""
    lines = rendered_top_help().splitlines(keepends=True)
    body = "".join(f"    {line!r}\n" for line in lines)
    source = (f'"""``sitrep --help``, as typer renders it {WIDE_ENOUGH} columns wide or more (see '
              ':mod:`sitrep.entry`).\n\nWritten by ``python -m sitrep.entry --write-help``; do not edit by hand."""\n\n'
              f"TEXT = (\n{body})\n")
    from pathlib import Path

    from sitrep.fs import write_atomic

    path = Path(__file__).resolve().with_name("top_help.py")
    write_atomic(path, source.encode("utf-8"))
    return str(path)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-help"]:
        sys.exit("usage: python -m sitrep.entry --write-help")
    print(f"wrote {write_top_help()}")
