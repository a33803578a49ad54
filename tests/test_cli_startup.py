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
