"""sitrep as a real package: the wheel carries the templates and catalogs, and an installed
sitrep (not the source tree) builds the example.

The default test builds the wheel, installs it (without dependencies) into a fresh virtual
environment outside the source tree, lends it this environment's dependencies through a
``.pth`` line (so no download is needed and it stays fast), and builds the example with the
installed ``sitrep`` command. ``-m packaging`` adds the full run: a fresh environment that
installs the wheel with its dependencies from the package index, as ``pipx install .`` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nw-syria-2024"


def _pip(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                   cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of the project, so that the build leaves nothing (build/, *.egg-info) in the checkout.
    source = out / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "dist", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".mypy_cache"))
    _pip("wheel", "--no-deps", "-w", str(out), str(source), cwd=out)
    (found,) = out.glob("sitrep-*.whl")
    return found


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "HOME": os.environ.get("HOME", str(home)), "COLUMNS": "80", "NO_COLOR": "1"}


def _build_example(sitrep: Path, where: Path) -> subprocess.CompletedProcess[str]:
    workspace = where / "workspace"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns("dist"))
    return subprocess.run([str(sitrep), "build", "workspace", "--lang", "en,ar", "--format", "pdf,docx"],
                          cwd=where, capture_output=True, text=True, env=_environment(where), timeout=300)


def test_the_package_list_names_every_package_folder() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "sitrep").rglob("__init__.py")}
    listed = set(config["packages"])
    assert folders - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert listed - folders == {"sitrep._templates"}
    assert config["package-dir"] == {"sitrep._templates": "templates"}


def test_the_wheel_carries_the_templates_and_the_catalogs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"sitrep/_templates/{p.relative_to(ROOT / 'templates').as_posix()}"
               for p in (ROOT / "templates").rglob("*") if p.is_file()}
    catalogs = {f"sitrep/i18n/locales/{p.relative_to(ROOT / 'sitrep/i18n/locales').as_posix()}"
                for p in (ROOT / "sitrep" / "i18n" / "locales").rglob("*") if p.is_file()}
    assert "sitrep/_templates/flash-update/template.toml" in shipped
    assert "sitrep/i18n/locales/ar/LC_MESSAGES/sitrep.po" in catalogs
    assert shipped <= names and catalogs <= names and "sitrep/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "examples/", "templates/"))]



def test_the_wheel_carries_the_bold_fonts_with_their_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    fonts = {f"sitrep/render/fonts_bold/{name}" for name in (
        "NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "OFL-NotoSans.txt", "OFL-NotoSansArabic.txt",
        "provenance.json")}
    fonts |= {f"sitrep/render/fonts_cjk_common/{name}" for name in (
        "NotoSansCJKSC-Regular-common.ttf", "NotoSansCJKSC-Bold-common.ttf", "OFL.txt", "provenance.json")}
    assert fonts <= names


def test_the_installed_wheel_builds_the_example_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    _pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel), cwd=tmp_path)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies come from this environment; its sitrep (an editable install's finder)
    # is not activated, since a path added by a .pth line has its own .pth files ignored.
    (site / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    where = tmp_path / "elsewhere"
    where.mkdir()
    probe = subprocess.run([str(python), "-c", "import sitrep, sitrep.resources as r; "
                            "print(sitrep.__file__); print(r.templates_dir()); print(r.locales_dir())"],
                           cwd=where, capture_output=True, text=True, check=True, env=_environment(where))
    package, templates, locales = map(Path, probe.stdout.split("\n")[:3])
    assert package.is_relative_to(site) and templates == site / "sitrep" / "_templates"
    assert locales == site / "sitrep" / "i18n" / "locales"
    run = _build_example(venv / "bin" / "sitrep", where)
    assert run.returncode == 0, run.stdout + run.stderr
    written = sorted(p.name for p in (where / "workspace" / "dist").iterdir())
    assert [n for n in written if n.endswith((".pdf", ".docx"))] == [
        "syria-nw-escalation_flash-update-01_2024-11-29_ar.docx",
        "syria-nw-escalation_flash-update-01_2024-11-29_ar.pdf",
        "syria-nw-escalation_flash-update-01_2024-11-29_en.docx",
        "syria-nw-escalation_flash-update-01_2024-11-29_en.pdf"]
    assert "W-label-missing" not in run.stderr  # the Arabic catalog was found
    from pypdf import PdfReader

    text = PdfReader(where / "workspace" / "dist" / written[written.index(
        "syria-nw-escalation_flash-update-01_2024-11-29_en.pdf")]).pages[0].extract_text()
    assert "Flash Update" in text and "Escalation in North-West Syria" in text
    from sitrep.top_help import TEXT  # the wheel's console script prints the kept help (sitrep.entry)

    helped = subprocess.run([str(venv / "bin" / "sitrep"), "--help"], cwd=where, capture_output=True, text=True,
                            env=_environment(where), timeout=120)
    assert helped.returncode == 0 and helped.stdout == TEXT


@pytest.mark.packaging
def test_a_fresh_environment_installs_the_wheel_with_its_dependencies(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=900)
    where = tmp_path / "elsewhere"
    where.mkdir()
    run = _build_example(venv / "bin" / "sitrep", where)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(list((where / "workspace" / "dist").glob("*.pdf"))) == 2
