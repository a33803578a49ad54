"""The benchmark script works (not how fast anything is: times are never asserted here), and
parallel rendering changes nothing but the time: same bytes, same all-or-nothing writing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.codes import E_FONT_MISSING
from sitrep.errors import RenderError
from sitrep.pipeline import build, prepare
from sitrep.render.pool import PARALLEL_MIN_OUTPUTS, choose_jobs, idle_cpus, usable_cpus
from tests.conftest import EXAMPLE, ROOT, TODAY


def test_quick_bench_writes_json_with_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=420)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "sitrep --help" in proc.stdout and "anchor" in proc.stdout
    res = json.loads(out.read_text(encoding="utf-8"))
    assert {"machine", "quick", "runs", "targets", "targets_met", "cli", "build", "outputs", "intake",
            "anchor"} <= set(res)
    assert res["quick"] is True
    assert {"python", "cpus", "nproc", "platform"} <= set(res["machine"])
    assert res["cli"]["help"]["median_s"] > 0

    build_ = res["build"]
    assert build_["outputs"] == len(build_["languages"]) * 2
    for kind in ("full", "english"):
        for key in ("jobs_default", "jobs_1", "jobs_2"):
            run = build_[kind][key]
            assert run["median_s"] > 0 and run["peak_mb"] > 0 and run["processes"] >= 1
    assert build_["full"]["jobs_1"]["processes"] == 1 and build_["full"]["jobs_2"]["processes"] == 2
    assert build_["identical_across_jobs"] is True
    assert any(name.endswith(".pdf") for name in build_["sizes"])

    outputs = res["outputs"]["outputs"]
    assert len(outputs) == build_["outputs"]
    assert all(o["render_s"] > 0 and o["bytes"] > 0 for o in outputs)

    sizes = res["intake"]["sizes"]
    assert list(sizes) == ["1000", "5000"]
    for size, r in sizes.items():
        assert r["rows"] == int(size)
        assert r["rows_read"] >= r["rows"]  # plus the example's narrative and sources
        assert r["rows_per_s"] > 0 and r["peak_mb"] > 0 and r["validate_cli_s"] > 0 and r["build_cli_s"] > 0
        assert set(r["stages_s"]) == {"read", "validate", "merge", "model"}
        assert r["used"] + r["merged"] + r["rejected"] == r["rows_read"]
    assert res["intake"]["growth"][0]["rows_x"] == 5

    anchor = res["anchor"]
    assert anchor["openpyxl"]["cells"] == anchor["calamine-raw"]["cells"]  # the same workbooks, every cell
    assert 0 < anchor["calamine"]["cells"] < anchor["openpyxl"]["cells"]  # sitrep's reader: data rows only
    assert anchor["ratio"] > 0
    assert {"cli_help_s", "build_s", "pdf_max_kb"} <= set(res["targets_met"])

    # Issue #18: every ratio is two measurements of this run, whole processes, with min and max.
    assert res["machine"]["load_1min_after"] is not None and res["machine"]["cpus"] >= 1
    startup = res["startup"]
    assert startup["help"]["runs"] == startup["python_pass"]["runs"] >= 3
    assert startup["help_x_pass"] == pytest.approx(startup["help"]["median_s"] / startup["python_pass"]["median_s"])
    fonts = res["fonts"]
    assert fonts["cold"]["runs"] == fonts["warm"]["runs"] == 1
    assert fonts["cold_x_warm"] == pytest.approx(fonts["cold"]["median_s"] / fonts["warm"]["median_s"])
    assert not any(name.startswith(("NotoSans-Bold", "NotoSansArabic-Bold")) for name in
                   fonts["cached_files_after_cold"])  # the shipped bold faces: nothing cut on a new machine
    assert "office" not in res  # LibreOffice's first start is not part of --quick
    assert set(res["validate"]) == {"1000", "5000"}
    for ratio in res["validate"].values():
        assert ratio["validate"]["min_s"] <= ratio["validate"]["median_s"] <= ratio["validate"]["max_s"]
        assert ratio["validate_x_calamine"] > 1  # reading is part of validating
        where = ratio["where"]  # the command's time by stage, each measured in this run
        assert set(where["stages_s"]) == {"read", "validate", "merge", "model", "print"}
        assert set(where["read_steps_s"]) == {"checks", "parse", "rows"}
        assert all(v > 0 for v in [*where["stages_s"].values(), *where["read_steps_s"].values()])
        assert where["findings"] > 0 and where["row_floor_us"] > 0
        assert where["startup_s"] == ratio["startup"]["median_s"]  # (times are never compared here: one run)
        assert where["budget_s"] == pytest.approx(2.5 * ratio["calamine"]["median_s"])
    assert set(res["targets_18"]) == {"help_x_pass", "cold_x_warm", "validate_x_calamine"}
    assert "measured before the project" not in proc.stdout  # the anchor line printed a constant before


def test_readme_performance_table_is_a_real_bench_run() -> None:
    """The README's table is what bench/ratios.readme_table makes of the committed bench JSON
    (bench/results.json, written by the same run with --json and --readme)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import ratios
    finally:
        sys.path.remove(str(ROOT / "bench"))
    res = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    assert ratios.readme_block(ROOT / "README.md") == ratios.readme_table(res)
    assert {"startup", "fonts", "office", "validate"} <= set(res) and not res["quick"]


@pytest.fixture(scope="module")
def prepared():  # noqa: ANN201 - a Prepared
    return prepare(EXAMPLE, today=TODAY)


def test_parallel_build_gives_the_same_bytes(prepared, tmp_path: Path) -> None:
    files = {}
    for jobs in (1, 2):
        result = build(prepared, languages=["en", "ar"], formats=["pdf", "docx", "html"],
                       out_dir=tmp_path / str(jobs), jobs=jobs)
        assert result.jobs == jobs
        files[jobs] = {o.path.name: o.path.read_bytes() for o in result.outputs}
        documents = [o.path.suffix for o in result.outputs if o.format in ("pdf", "docx", "html")]
        assert documents == [".pdf", ".docx", ".html"] * 2
    assert files[1] == files[2]


def test_jobs_are_chosen_from_the_outputs_and_idle_cpus() -> None:
    assert choose_jobs(0, 1, load=0.0) == 1  # a single output is never worth a worker
    assert choose_jobs(0, PARALLEL_MIN_OUTPUTS - 1, load=0.0) == 1  # nor two (English PDF + DOCX)
    assert choose_jobs(1, 10) == 1
    assert choose_jobs(8, 3) == 3  # never more workers than outputs, whatever the load
    if usable_cpus() >= 2 and sys.platform == "linux":  # one worker beside this process, whatever the load
        assert choose_jobs(0, 10, load=usable_cpus()) == 2
        assert choose_jobs(0, 10, load=usable_cpus() + 5.0) == 2
    assert idle_cpus(load=0.3) == pytest.approx(max(0.0, usable_cpus() - 0.3))
    if sys.platform == "linux":
        import os
        import time

        from sitrep.render.pool import busy_elsewhere

        deadline = time.perf_counter() + 0.3
        while time.perf_counter() < deadline:  # this process's own work is not "elsewhere"
            pass
        busy = busy_elsewhere()
        assert busy is not None and 0.0 <= busy <= (os.cpu_count() or 1)
    if sys.platform == "linux" and usable_cpus() >= 2:
        assert choose_jobs(0, 10, load=0.0) == min(usable_cpus(), 10)  # an idle machine: one per CPU
        assert choose_jobs(0, 10, load=usable_cpus() - 1.2) == 2  # about one CPU idle: the first worker only
        assert choose_jobs(0, 2, load=0.0) == 1


def test_progress_counts_every_output(prepared, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    build(prepared, languages=["en", "fr"], formats=["pdf", "docx"], out_dir=tmp_path, jobs=2,
          progress=lambda label, done, total: seen.append((label, done, total)))
    assert seen[0] == ("", 0, 4)
    assert [done for _, done, _ in seen[1:]] == [1, 2, 3, 4]
    assert {label for label, _, _ in seen[1:]} == {"en pdf", "en docx", "fr pdf", "fr docx"}


def test_a_render_error_in_a_worker_is_reported_and_nothing_is_written(prepared, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.render import RENDERERS

    def broken(document: object) -> bytes:
        raise RenderError(E_FONT_MISSING("the font 'Noto Sans' is not installed"))

    monkeypatch.setitem(RENDERERS, "docx", broken)  # workers are forked, so they see it too
    with pytest.raises(RenderError) as caught:
        build(prepared, languages=["en", "fr"], formats=["pdf", "docx"], out_dir=tmp_path / "out", jobs=2)
    assert caught.value.finding.code == "E-font-missing"
    assert not (tmp_path / "out").exists()


def test_build_renders_here_when_workers_cannot_start(prepared, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def unavailable(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # e.g. no /dev/shm for the pool's semaphores

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", unavailable)
    result = build(prepared, languages=["en"], formats=["pdf", "docx"], out_dir=tmp_path, jobs=2)
    assert result.jobs == 1
    assert all(o.size > 0 for o in result.outputs)


def test_cli_build_says_how_it_rendered(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    for jobs, said in (("1", "one after the other"), ("2", "2 processes at once")):
        res = CliRunner().invoke(app, ["build", str(EXAMPLE), "--lang", "en,ar", "--out", str(tmp_path / jobs),
                                       "--jobs", jobs])
        assert res.exit_code == 0, res.output
        assert said in res.output
    # The CLI's workers are forked before reading and render throw-away PDFs first: same bytes.
    made = {jobs: {p.name: p.read_bytes() for p in (tmp_path / jobs).iterdir() if p.suffix in (".pdf", ".docx")}
            for jobs in ("1", "2")}
    assert len(made["1"]) == 4 and made["1"] == made["2"]


def test_workers_started_before_reading_are_stopped_when_the_build_stops(tmp_path: Path) -> None:
    """``sitrep build`` forks its PDF workers before it reads the intake; a build refused for
    errors never renders, and its workers must not outlive the command."""
    import multiprocessing
    import shutil

    from typer.testing import CliRunner

    from sitrep.cli import app

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist"))
    toml = ws / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('policy = "', 'policy = "nonsense-', 1),
                    encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(ws), "--jobs", "2", "--out", str(tmp_path / "out")])
    assert res.exit_code != 0, res.output
    assert not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []


def test_the_workers_warm_up_renders_a_pdf_of_each_direction() -> None:
    """The warm-up a PDF worker does while the build reads swallows its errors (it is only a head
    start), so a warm-up broken by a change to the document model would go unseen: run it here."""
    from sitrep.render.pool import _warm_pdf, running_elsewhere

    _warm_pdf()
    if sys.platform == "linux":
        running = running_elsewhere()
        assert running is not None and running >= 0


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/stat is Linux's")
def test_a_program_keeping_a_cpu_busy_is_seen_at_the_start_of_a_build() -> None:
    """The worker count is decided before reading, from the programs running at that instant."""
    import time

    from sitrep.render.pool import running_elsewhere

    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        assert (running_elsewhere() or 0) >= 1
    finally:
        busy.kill()
        busy.wait()
