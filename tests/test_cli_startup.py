"""``sitrep --help`` starts fast (issue #18): what it imports is checked here, the time is the
bench's (bench/ratios.py, ``startup``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from sitrep.cli import main
sys.argv = ["sitrep", "--help"]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_help_imports_neither_rich_nor_the_finding_codes() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                          env={"COLUMNS": "80", "PATH": ""})
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "Usage: sitrep [OPTIONS] COMMAND" in done.stdout and "build" in done.stdout
    loaded = {m for m in modules if m.split(".")[0] in ("rich", "markdown_it", "pygments")}
    assert not loaded, sorted(loaded)[:5]
    assert not {"sitrep.codes", "sitrep.errors", "sitrep.pipeline", "docx", "reportlab"} & modules


def test_the_command_ends_with_its_exit_code_and_all_its_output(tmp_path) -> None:  # noqa: ANN001
    """``sitrep`` ends its process without Python's teardown (cli_output.end_without_teardown):
    the exit code and everything printed must still come out whole, through a pipe."""
    from tests.conftest import EXAMPLE

    ok = subprocess.run([sys.executable, "-m", "sitrep", "validate", str(EXAMPLE), "--json"], capture_output=True,
                        text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    payload = json.loads(ok.stdout)  # the whole JSON document, flushed before the end
    assert payload["errors"] == 0 and payload["findings"]
    missing = subprocess.run([sys.executable, "-m", "sitrep", "validate", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "No such file or folder" in missing.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Killed\nyesterday,lots\n", encoding="utf-8")
    invalid = subprocess.run([sys.executable, "-m", "sitrep", "validate", str(bad)], capture_output=True,
                             text=True, timeout=120)
    assert invalid.returncode == 1, invalid.stderr


WARM_PROBE = """
import json, sys
from sitrep.render.pool import _warm_pdf
_warm_pdf()
print(json.dumps(sorted(sys.modules)))
"""


def test_the_pdf_worker_starts_without_the_reading_stages() -> None:
    """A build's PDF worker is forked before `sitrep build` imports its pipeline and gets the PDF
    renderer going meanwhile (render/pool.py, ``_warm_pdf``): on the build's critical path, so it
    imports the document model and the renderer, not the report model, the merge or the intake."""
    done = subprocess.run([sys.executable, "-c", WARM_PROBE], capture_output=True, text=True, check=True, timeout=120)
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert {"sitrep.compose.document", "sitrep.render.pdf", "reportlab"} <= modules
    assert not {"sitrep.model", "sitrep.merge", "sitrep.intake", "sitrep.validate", "sitrep.compose.compose",
                "docx", "openpyxl"} & modules


ENTRY = "import sys; sys.argv = ['sitrep', *sys.argv[1:]]; from sitrep.entry import run; run()"


def _entry(*args: str, columns: str = "80", **env: str) -> subprocess.CompletedProcess[str]:
    """The console script's code path (``sitrep.entry:run`` with the program named ``sitrep``),
    with the modules it imported listed by ``-X importtime`` on stderr."""
    return subprocess.run([sys.executable, "-X", "importtime", "-c", ENTRY, *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": columns, **env}, timeout=120)


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def test_the_kept_top_level_help_is_what_typer_prints() -> None:
    from sitrep.entry import rendered_top_help
    from sitrep.top_help import TEXT

    assert rendered_top_help() == TEXT, "the help changed: run `python -m sitrep.entry --write-help`"


def test_sitrep_help_prints_it_without_importing_typer() -> None:
    from sitrep.top_help import TEXT

    done = _entry("--help")
    assert done.returncode == 0 and done.stdout == TEXT
    assert "init" in done.stdout and "Usage: sitrep [OPTIONS] COMMAND [ARGS]..." in done.stdout
    loaded = _imported(done.stderr)
    assert "sitrep.top_help" in loaded and not {"typer", "click", "sitrep.cli"} & loaded


def test_a_narrow_terminal_and_every_other_command_go_to_typer() -> None:
    from sitrep.top_help import TEXT

    narrow = _entry("--help", columns="60")
    assert narrow.returncode == 0 and narrow.stdout != TEXT and "typer" in _imported(narrow.stderr)
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 58  # click: min(columns, 80) - 2
    assert narrow.stdout.split() == TEXT.split()  # the same words, wrapped narrower
    version = _entry("--version")
    assert version.returncode == 0 and version.stdout.startswith("sitrep ") and "typer" in _imported(version.stderr)
    command = _entry("validate", "--help")
    assert command.returncode == 0 and "Usage: sitrep validate" in command.stdout
    # typer's switch that makes --install-completion take a shell name: typer must answer
    switched = _entry("--help", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert switched.returncode == 0 and "Install completion for the specified shell" in switched.stdout


def test_help_with_standard_output_closed_ends_quietly() -> None:
    """Started with its standard output closed (``sitrep --help >&-``), Python has no
    ``sys.stdout``: the command ends with 0 and no traceback, on both paths."""
    for columns in ("80", "60"):
        done = subprocess.run([sys.executable, "-c", ENTRY, "--help"], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "COLUMNS": columns}, preexec_fn=lambda: os.close(1))
        assert done.returncode == 0 and "Traceback" not in done.stderr and "Exception" not in done.stderr


def test_the_installed_command_is_the_entry() -> None:
    """The console script pip writes runs ``sitrep.entry:run`` (pyproject's [project.scripts])."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["sitrep"] == "sitrep.entry:run"
    from sitrep.top_help import TEXT

    script = Path(sys.executable).with_name("sitrep")  # (./dev.sh installs sitrep where pytest runs)
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0 and done.stdout == TEXT
