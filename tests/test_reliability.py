"""Nothing lost: every write is atomic, a build killed at any moment leaves each previous output
whole (or wholly replaced) and no debris the next build does not clear, inputs are never
modified, and the same inputs give byte-identical files in every language."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.fs import remove_stale_temporaries, write_atomic

from .conftest import DATA_FILES, EXAMPLE, ROOT, TODAY

STEM = "syria-nw-escalation_flash-update-01_2024-11-29"
posix_only = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL and tells dead processes by pid")
LANGUAGES = ("en", "fr", "es", "ar", "ru")


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def input_digest(ws: Path) -> dict[str, str]:
    """What a build reads: report.toml, the gazetteer and the intake files (contents and times)."""
    files = [ws / "report.toml", *sorted((ws / "gazetteer").rglob("*")), *sorted((ws / "inputs").rglob("*"))]
    return {p.relative_to(ws).as_posix(): f"{hashlib.sha256(p.read_bytes()).hexdigest()} {p.stat().st_mtime_ns}"
            for p in files if p.is_file()}


def copy_example(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    return ws


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------------------------------------
# Atomic writes
# ---------------------------------------------------------------------------------------------

def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.pdf"
    write_atomic(target, b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


@posix_only
def test_stale_temporaries_of_dead_processes_are_cleared_by_the_next_write(tmp_path: Path) -> None:
    gone, alive = dead_pid(), os.getpid()
    stale = tmp_path / f".report_en.pdf.{gone}.a1b2c3d4.tmp"
    in_flight = tmp_path / f".report_en.pdf.{alive}.e5f6g7h8.tmp"
    someone_elses = tmp_path / ".notes.tmp"
    for path in (stale, in_flight, someone_elses):
        path.write_bytes(b"partial")
    write_atomic(tmp_path / "merge-log.csv", b"x")  # any write into the folder
    assert not stale.exists()
    assert in_flight.exists() and someone_elses.exists()  # a running writer and other programs are left alone
    assert remove_stale_temporaries(tmp_path) == []


def test_every_file_the_package_writes_goes_through_write_atomic() -> None:
    """Outputs, the merge log, report.toml and intake templates: no direct write anywhere in
    sitrep/ except the documented ones."""
    allowed = {
        ("sitrep/fs.py", "fdopen"),  # write_atomic itself
            ("sitrep/fs.py", "open"),  # the issue lock file: opened to hold an OS lock, never written
        ("sitrep/render/fonts.py", "save"),  # the font cache: its own temporary file and rename
        ("sitrep/render/fonts_cjk.py", "save"),  # the Chinese font subsets, cached the same way
        ("sitrep/i18n/catalog.py", "write_bytes"),  # developer tool: refreshes the .po catalogs in the source tree
        ("sitrep/i18n/__main__.py", "write_text"),  # developer tool: creates a new .po catalog
        ("sitrep/feedback/catalog.py", "write_bytes"),  # developer tool: refreshes the feedback .po catalogs
    }
    found = set()
    for path in sorted((ROOT / "sitrep").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            modes = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            writes = name in ("write_bytes", "write_text", "fdopen") or (
                name == "open" and any(re.fullmatch(r"[rwxabt+]+", m) and set(m) & set("wax+") for m in modes)) or (
                name == "save" and node.args and not _is_buffer(node.args[0]))
            if writes:
                found.add((path.relative_to(ROOT).as_posix(), name))
    assert found <= allowed, sorted(found - allowed)


def _is_buffer(node: ast.expr) -> bool:
    """``wb.save(buffer)`` into memory is not a file write."""
    return isinstance(node, ast.Name) and node.id in ("buffer", "buf", "raw", "out", "stream")


# ---------------------------------------------------------------------------------------------
# A build killed part-way
# ---------------------------------------------------------------------------------------------

PAUSE_AT_RENAME = """
import os, sys, time
real_replace = os.replace
out_dir, marker, stop_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = []

def replace(src, dst, *args, **kwargs):
    if os.path.dirname(os.path.abspath(dst)) == out_dir:
        seen.append(dst)
        if len(seen) == stop_at:  # the temporary file is complete; stop just before the rename
            with open(marker, "w") as fh:
                fh.write(str(dst))
            time.sleep(120)
    return real_replace(src, dst, *args, **kwargs)

os.replace = replace
sys.argv = ["sitrep"] + sys.argv[4:]
from sitrep.cli import main
main()
"""


def kill_at_rename(ws: Path, marker: Path, stop_at: int, env: dict[str, str]) -> None:
    """Run ``sitrep build WS --issue`` and kill it (SIGKILL) when it pauses before rename ``stop_at``."""
    out = (ws / "dist").resolve()
    proc = subprocess.Popen([sys.executable, "-c", PAUSE_AT_RENAME, str(out), str(marker), str(stop_at),
                             "build", str(ws), "--issue", "--lang", "en", "--format", "docx"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, "the build ended before the rename"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs a complete build gives: English PDF and DOCX and the merge log."""
    from sitrep.pipeline import build, prepare

    out = tmp_path_factory.mktemp("reference")
    build(prepare(EXAMPLE, today=TODAY), languages=["en"], formats=["pdf", "docx"], out_dir=out)
    return out


def build_command(ws: Path, out: Path) -> list[str]:
    return ["build", str(ws), "--lang", "en", "--format", "pdf,docx", "--out", str(out)]


def old_outputs(reference: Path, out: Path) -> dict[str, bytes]:
    """A previous build's files (different bytes from the new ones)."""
    out.mkdir(parents=True)
    old = {p.name: b"previous build of " + p.name.encode() for p in reference.iterdir()}
    for name, data in old.items():
        (out / name).write_bytes(data)
    return old


def assert_whole(out: Path, old: dict[str, bytes], reference: Path) -> list[Path]:
    """Each output is either its old bytes or all of the new ones; returns the temporary files left."""
    for name, data in old.items():
        now = (out / name).read_bytes()
        assert now in (data, (reference / name).read_bytes()), f"{name} is neither the old nor the new file"
    return sorted(p for p in out.iterdir() if p.name not in old)


@posix_only
def test_a_build_killed_before_a_rename_leaves_old_and_new_files_whole(tmp_path: Path, reference: Path) -> None:
    ws = copy_example(tmp_path)
    inputs = input_digest(ws)
    out = (tmp_path / "dist").resolve()
    old = old_outputs(reference, out)
    marker = tmp_path / "paused"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", PAUSE_AT_RENAME, str(out), str(marker), "2",
                                 *build_command(ws, out)], env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 120
            while not marker.exists():
                assert proc.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the build never reached its second rename"
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
    paused_on = Path(marker.read_text())
    debris = assert_whole(out, old, reference)
    replaced = [n for n in old if (out / n).read_bytes() != old[n]]
    assert len(replaced) == 1 and paused_on.name not in replaced  # one rename done, the second never happened
    # Every file was staged in full before the first rename: the debris are the complete new
    # files of the renames that never happened.
    assert len(debris) == len(old) - 1 and all(d.name.startswith(".") and f".{proc.pid}." in d.name for d in debris)
    [left] = [d for d in debris if d.name.startswith(f".{paused_on.name}.{proc.pid}.")]
    assert zipfile_or_pdf_complete(left, reference / paused_on.name)
    # The next build replaces everything, clears the debris, and never touched the inputs.
    rebuilt = subprocess.run([sys.executable, "-m", "sitrep", *build_command(ws, out)], env=env,
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(old)
    assert digest(out) == digest(reference)
    assert input_digest(ws) == inputs


def zipfile_or_pdf_complete(temporary: Path, new: Path) -> bool:
    """The temporary file the killed build left is the complete new file (fsync'd before the rename)."""
    return temporary.read_bytes() == new.read_bytes()


@posix_only
@pytest.mark.parametrize("moment", ["while-rendering", "while-writing"])
def test_a_build_killed_at_any_moment_leaves_every_output_whole(tmp_path: Path, reference: Path,
                                                               moment: str) -> None:
    ws = copy_example(tmp_path)
    inputs = input_digest(ws)
    out = (tmp_path / "dist").resolve()
    old = old_outputs(reference, out)
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", *build_command(ws, out)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if moment == "while-rendering":
            time.sleep(0.8)
        else:  # as soon as the first output changes: the writes are a few milliseconds apart
            deadline = time.monotonic() + 120
            while all((out / n).read_bytes() == data for n, data in old.items()) and proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    debris = assert_whole(out, old, reference)
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in debris), debris
    assert input_digest(ws) == inputs
    assert _processes_naming(ws, wait=10) == [], "worker processes outlived the killed build"


def _processes_naming(folder: Path, wait: float) -> list[int]:
    """PIDs of processes whose command line names ``folder`` (the build's workers), after waiting
    up to ``wait`` seconds for them to end. Linux (/proc) only; elsewhere nothing is found."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(folder).encode() in cmdline and state != "Z":
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_inputs_are_never_modified_by_validate_or_build(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    ws = copy_example(tmp_path)
    before = input_digest(ws)
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(ws)]).exit_code == 0
    result = runner.invoke(app, ["build", str(ws), "--lang", "en", "--format", "docx", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert input_digest(ws) == before


# ---------------------------------------------------------------------------------------------
# Deterministic outputs
# ---------------------------------------------------------------------------------------------

def test_every_language_and_the_merge_log_are_byte_identical_across_processes(tmp_path: Path) -> None:
    """Built in this process, and again in another with a different hash seed, time zone and
    locale: every PDF, DOCX and the merge log are the same bytes. (reportlab dates a PDF from
    SOURCE_DATE_EPOCH when it is set, the reproducible-builds convention: both builds here see
    the same environment for it.)"""
    from sitrep.pipeline import build, prepare

    here, there = tmp_path / "here", tmp_path / "there"
    result = build(prepare(EXAMPLE, today=TODAY), languages=list(LANGUAGES), formats=["pdf", "docx"], out_dir=here)
    assert len(result.outputs) == 2 * len(LANGUAGES) + len(DATA_FILES)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati",
           "LC_ALL": "C", "LANG": "ar_SY.UTF-8"}
    proc = subprocess.run([sys.executable, "-m", "sitrep", "build", str(EXAMPLE), "--lang", ",".join(LANGUAGES),
                           "--format", "pdf,docx", "--out", str(there)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert digest(here) == digest(there)
    assert sorted(digest(here)) == sorted([f"{STEM}_{lang}.{fmt}" for lang in LANGUAGES for fmt in ("pdf", "docx")]
                                          + [f"{STEM}_{name}" for name in DATA_FILES])


def test_every_guarantee_in_the_readme_names_tests_that_exist() -> None:
    from .corpus import CASES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    nodes = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", section)
    assert len(nodes) >= 20
    for file, name in nodes:
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        assert name in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}, f"{file}::{name}"
    cases = re.findall(r"corpus cases? ((?:`[\w-]+`(?:, | … )?)+)", section)
    names = {c.name for c in CASES}
    for group in cases:
        for case in re.findall(r"`([\w-]+)`", group):
            assert case in names, case


def test_bold_faces_cut_on_two_machines_are_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bold instance is cached per machine; it must not carry the time it was cut, or PDFs made
    with two caches (two officers, CI and a laptop) would differ."""
    import time

    from sitrep.render.fonts import _bold_instance, _source

    made = []
    for name in ("first", "second"):
        monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / name))
        made.append(_bold_instance("Noto Sans", _source("Noto Sans")).read_bytes())
        time.sleep(1.1)  # the font header's dates count seconds
    assert made[0] == made[1]
