"""``sitrep --help`` starts fast (issue #18): what it imports is checked here, the time is the
bench's (bench/ratios.py, ``startup``)."""

from __future__ import annotations

import json
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
