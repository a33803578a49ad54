"""The pipeline's layering, checked by import-linter against the contracts in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is a test dependency: pip install -e '.[test]'"
    proc = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_start_does_not_import_the_renderers() -> None:
    code = ("import sys, sitrep.cli; heavy = [m for m in ('reportlab', 'docx', 'openpyxl', 'python_calamine',"
            " 'fontTools') if m in sys.modules]; print(','.join(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == ""


def test_ruff_is_clean() -> None:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert exe, "ruff is a test dependency: pip install -e '.[test]'"
    proc = subprocess.run([exe, "check", "sitrep", "tests", "bench", "examples"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    """The types the package declares are checked ([tool.mypy] in pyproject: strict, with stubs)."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_package_module_is_over_450_lines() -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in sorted((ROOT / "sitrep").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}


def test_public_names_are_exported_and_sorted() -> None:
    """Each stage's __all__ lists names that exist, in sorted order (httpx's rule)."""
    import importlib

    for name in ("sitrep.kinds", "sitrep.intake", "sitrep.validate", "sitrep.merge", "sitrep.render",
                 "sitrep.distribute", "sitrep.config", "sitrep.pipeline", "sitrep.fs", "sitrep.workspace",
                 "sitrep.partner", "sitrep.render.chart_layout"):
        module = importlib.import_module(name)
        exported = list(module.__all__)
        assert exported == sorted(exported), name
        assert all(hasattr(module, n) for n in exported), name


def test_the_pipeline_reads_as_a_plan() -> None:
    """pipeline.py only calls the stages in order: under 200 lines, every job in the module that owns it."""
    assert len((ROOT / "sitrep" / "pipeline.py").read_text(encoding="utf-8").splitlines()) < 200
