"""Benchmarks (not tests): how fast sitrep is for an officer rebuilding a report, and at the
scale of real displacement-tracking data (issue #7).

    python bench/run.py                      # full: 5 runs each; intake at 5,000 / 50,000 / 200,000 rows
    python bench/run.py --quick              # 1 run each; intake at 1,000 / 5,000 rows (about 15 s)
    python bench/run.py --json results.json  # also write every figure as JSON
    python bench/run.py --only intake --sizes 50000 --runs 3
    python bench/run.py --readme             # also rewrite the README's "How long it takes" table
    python bench/run.py --only validate --million   # 250,000 / 500,000 / 1,000,000 rows (long)

What is measured, each in a fresh subprocess so start-up and peak memory are what a user gets:

* ``cli``: ``sitrep --help`` wall time;
* ``build``: ``sitrep build`` of examples/nw-syria-2024, every language × PDF and DOCX, and
  English alone (PDF + DOCX), with sitrep's default ``--jobs``, ``--jobs 1`` (sequential) and
  ``--jobs 2``: wall time, peak RSS of the largest process (exact, from ``wait4``) and of the
  whole process tree (sampled every 10 ms from /proc; shared pages of forked workers are
  counted in each, so it overstates), the file sizes, and whether every ``--jobs`` gave the
  same bytes;
* ``outputs``: render time and size of each output, one after the other in one process,
  after one untimed render per format (imports and font loading are shown separately);
* ``intake``: generated partner workbooks of N casualty and displacement rows over the
  gazetteer's districts and governorates and many days (see :func:`make_workspace`), read,
  validated, merged and modelled by ``sitrep.pipeline.prepare`` (seconds per stage, rows per
  second, peak RSS of the process, one process per run and size), the growth from one size to
  the next (linear when time per row stays flat), and ``sitrep validate`` on the same
  workspace (reading, checking and printing every finding);
* ``map``: the map's share of a build: first read and simplification of a COD-AB-sized
  boundary file, the cached join, and render time and size with and without the map, per
  output (see bench/map_bench.py);
* ``startup``, ``fonts``, ``office``, ``validate`` (and ``--million``): issue #18's ratios,
  each against a reference measured in the same run (see bench/ratios.py): ``sitrep --help``
  vs ``python -c pass``; the first build with an empty font cache vs a filled one; the full
  build vs LibreOffice converting one of its DOCX files (not in ``--quick``; skipped when
  LibreOffice is not installed); ``sitrep validate`` vs python-calamine's bare read;
* ``anchor``: the same generated workbooks read with openpyxl's read-only mode, with the reader
  sitrep uses (python-calamine via ``sitrep.intake.read_intake``) and with python-calamine
  alone, side by side.

Times are medians of ``--runs`` runs (min and max are in the JSON). Only the standard library
and the project's own dependencies are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nw-syria-2024"
FULL_SIZES = (5_000, 50_000, 200_000)
QUICK_SIZES = (1_000, 5_000)
SECTIONS = ("cli", "startup", "build", "fonts", "office", "outputs", "intake", "validate", "anchor", "map")
QUICK_SKIPS = ("office",)
"""Not run by --quick unless named in --only: LibreOffice's first start makes its profile (tens of seconds)."""
TARGETS = {"build_s": 3.0, "intake_50k_s": 3.0, "intake_50k_peak_mb": 400.0, "cli_help_s": 0.25,
           "pdf_max_kb": 500.0, "map_added_s": 0.3, "map_pdf_max_kb": 500.0}
"""Issue #7's targets on a 2-core machine, and issue #17's for the map."""

# --------------------------------------------------------------------------------------------
# Running and measuring subprocesses
# --------------------------------------------------------------------------------------------


def _sitrep() -> list[str]:
    """The ``sitrep`` console script next to this interpreter (what officers run), else -m."""
    script = Path(sys.executable).with_name("sitrep")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "sitrep"]


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(cmd: Sequence[str], *, env: dict[str, str] | None = None, ok: Sequence[int] = (0,)) -> dict[str, Any]:
    """Run ``cmd`` once: wall time, peak RSS of its largest process (exact, from wait4) and the
    sampled peak RSS of its whole process tree (Linux only; worker processes included)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True) if sys.platform == "linux" else None
    if sampler:
        sampler.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [threading.Thread(target=lambda s=s, b=b: b.append(s.read()), daemon=True)
               for s, b in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak_kb = usage.ru_maxrss  # KB on Linux: the largest single process of the tree
    else:  # pragma: no cover - not Linux/macOS
        proc.wait()
        wall = time.perf_counter() - start
        peak_kb = 0
    done.set()
    for r in readers:
        r.join()
    if sampler:
        sampler.join()
    stdout, stderr = b"".join(out_chunks).decode(), b"".join(err_chunks).decode()
    if proc.returncode not in ok:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-3000:]}")
    return {"wall_s": wall, "peak_mb": peak_kb / 1024, "peak_tree_mb": (peak_tree / 1024) or None,
            "stdout": stdout, "stderr": stderr}


def repeat(cmd: Sequence[str], runs: int, *, env: dict[str, str] | None = None,
           before: Callable[[], None] | None = None) -> dict[str, Any]:
    """Median, min and max of ``runs`` runs (and the largest peak memory seen)."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(measure(cmd, env=env))
    walls = [s["wall_s"] for s in samples]
    trees = [s["peak_tree_mb"] for s in samples if s["peak_tree_mb"]]
    return {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls), "runs": runs,
            "peak_mb": max(s["peak_mb"] for s in samples),
            "peak_tree_mb": max(trees) if trees else None, "last_stdout": samples[-1]["stdout"],
            "last_stderr": samples[-1]["stderr"]}


def _child(*args: str) -> list[str]:
    """This script in child mode (a fresh interpreter that measures one thing)."""
    return [sys.executable, str(Path(__file__).resolve()), "--child", *args]


# --------------------------------------------------------------------------------------------
# Generated intake at scale
# --------------------------------------------------------------------------------------------

CASUALTY_HEADER = [("Date", "#date"), ("Governorate", "#adm1+name"), ("District", "#adm2+name"),
                   ("District P-code", "#adm2+code"), ("Killed", "#affected+killed"),
                   ("Killed (children)", "#affected+killed+children"), ("Injured", "#affected+injured"),
                   ("Injured (children)", "#affected+injured+children"), ("Reporting organisation", "#org"),
                   ("Reported on", "#date+reported"), ("Notes", "#description")]
DISPLACEMENT_HEADER = [("Date", "#date"), ("Reporting organisation", "#org"), ("Governorate", "#adm1+name"),
                       ("District", "#adm2+name"), ("District P-code", "#adm2+code"),
                       ("Newly displaced people", "#affected+idps"), ("Households", "#affected+idps+hh"),
                       ("Reported on", "#date+reported"), ("Notes", "#description")]
ORGS = ("Health Cluster", "CCCM Cluster", "Local Councils", "SARC", "IOM DTM", "UNHCR", "WHO", "NGO Forum")
ROWS_PER_PLACE_DAY = 2.7
"""Generated rows per place (district or governorate) and day: 1.1 casualty and 1.6
displacement rows, so many place-days have reports from two partners that merge."""
MIN_PERIOD_DAYS = 30


def _places() -> list[tuple[str, str, str, str]]:
    """(governorate, governorate P-code, district, district P-code) from the example gazetteer;
    governorate-level rows have an empty district."""
    import csv

    with (EXAMPLE / "gazetteer" / "syr_adm.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [(r["ADM1_EN"], r["ADM1_PCODE"], r["ADM2_EN"], r["ADM2_PCODE"]) for r in csv.DictReader(fh)]


def make_workspace(dest: Path, rows: int, *, seed: int = 7) -> dict[str, Any]:
    """A workspace with the example's report.toml, gazetteer and narrative, and ``rows``
    generated data rows in three partner workbooks: 40 % casualty rows (Health Cluster, WHO,
    SARC; Local Councils, NGO Forum) and 60 % displacement rows (CCCM Cluster, IOM DTM,
    UNHCR), spread evenly over the gazetteer's 11 districts and 16 governorates and over
    every day of the reporting period.

    The period ends on the example's as-of date and is as long as it takes to keep about
    ``ROWS_PER_PLACE_DAY`` rows per place and day at every size (a year at 27,000 rows), so
    the share of rows that conflict and merge is the same at every size and the growth from
    one size to the next shows the code's complexity, not a change in the data. About 2 % of
    the cells are typed the way partners type them (``1,250``, ``~3``, P-code only) and about
    0.5 % of the rows are wrong (unknown district, text in a number), so findings and
    rejected rows grow with the data too."""
    from openpyxl import Workbook

    dest.mkdir(parents=True, exist_ok=True)
    (dest / "gazetteer").mkdir(exist_ok=True)
    (dest / "inputs").mkdir(exist_ok=True)
    shutil.copy2(EXAMPLE / "gazetteer" / "syr_adm.csv", dest / "gazetteer" / "syr_adm.csv")
    shutil.copy2(EXAMPLE / "inputs" / "ocha-narrative.xlsx", dest / "inputs" / "ocha-narrative.xlsx")
    toml = (EXAMPLE / "report.toml").read_text(encoding="utf-8")
    places = _places()
    period_days = max(MIN_PERIOD_DAYS, round(rows / (len(places) * ROWS_PER_PLACE_DAY)))
    as_of = dt.date.fromisoformat(re.search(r"^as_of\s*=\s*(\S+)", toml, re.M).group(1))  # type: ignore[union-attr]
    start = as_of - dt.timedelta(days=period_days - 1)
    toml = re.sub(r"^start\s*=.*$", f"start = {start.isoformat()}", toml, count=1, flags=re.M)
    toml = re.sub(r"^end\s*=.*$", f"end = {as_of.isoformat()}", toml, count=1, flags=re.M)
    toml = re.sub(r'^files\s*=.*$', 'files = ["inputs/*.xlsx"]', toml, count=1, flags=re.M)
    (dest / "report.toml").write_text(toml, encoding="utf-8")

    rng = random.Random(seed)
    days = [start + dt.timedelta(days=i) for i in range(period_days)]
    n_cas = rows * 4 // 10
    split = {"health-cluster.xlsx": (n_cas - n_cas // 4, "cas", ("Health Cluster", "WHO", "SARC")),
             "local-councils.xlsx": (n_cas // 4, "cas", ("Local Councils", "NGO Forum")),
             "cccm-displacement.xlsx": (rows - n_cas, "dis", ("CCCM Cluster", "IOM DTM", "UNHCR"))}
    files = {}
    for name, (count, kind, orgs) in split.items():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Casualties" if kind == "cas" else "Displacement")
        header = CASUALTY_HEADER if kind == "cas" else DISPLACEMENT_HEADER
        ws.append([label for label, _ in header])
        ws.append([tag for _, tag in header])
        for i in range(count):
            gov, gov_code, dist, dist_code = places[rng.randrange(len(places))]
            day = days[rng.randrange(len(days))]
            org = orgs[rng.randrange(len(orgs))]
            odd = rng.random()
            if odd < 0.003:
                dist, dist_code = "Atlantis", ""  # unknown district: E-unknown-location
            elif odd < 0.006:
                gov = ""  # P-code only
            if kind == "cas":
                killed = rng.randrange(0, 12)
                injured = rng.randrange(0, 40)
                k: object = killed if odd > 0.01 else f"~{killed}"
                j: object = injured if not 0.01 < odd < 0.012 else "lots"
                ws.append([day, gov, dist, dist_code, k, rng.randrange(0, killed + 1), j,
                           rng.randrange(0, injured + 1), org, as_of, "site report" if i % 7 == 0 else None])
            else:
                people = rng.randrange(5, 5000)
                p: object = people if not 0.01 < odd < 0.02 else f"{people:,}"
                ws.append([day, org, gov, dist, dist_code, p, max(1, people // 5), as_of,
                           f"site {i % 997}" if i % 5 == 0 else None])
        path = dest / "inputs" / name
        wb.save(path)
        files[name] = {"rows": count, "bytes": path.stat().st_size}
    return {"rows": rows, "files": files, "period": [start.isoformat(), as_of.isoformat()],
            "period_days": period_days}


# --------------------------------------------------------------------------------------------
# Child modes (run in a fresh interpreter by the parent)
# --------------------------------------------------------------------------------------------


def child_intake(workspace: Path) -> dict[str, Any]:
    """prepare() once, with its stages timed."""
    import inspect

    from sitrep.pipeline import prepare

    stages: dict[str, float] = {}
    timed = {"stages": stages} if "stages" in inspect.signature(prepare).parameters else {}  # older sitrep
    start = time.perf_counter()
    prepared = prepare(workspace, today=dt.date(2099, 1, 1), **timed)
    total = time.perf_counter() - start
    return {"prepare_s": total, "stages_s": stages, "rows_read": prepared.intake.rows_read,
            "used": prepared.log.count("used"), "merged": prepared.log.count("merged"),
            "rejected": prepared.log.count("rejected"), "errors": len(prepared.findings.errors),
            "warnings": len(prepared.findings.warnings)}


def child_intake_printed(workspace: Path) -> dict[str, Any]:
    """:func:`child_intake`, then the findings printed as ``sitrep validate`` prints them (to a
    null device): the stages of the command's time that follow start-up."""
    import contextlib
    import os

    from sitrep.cli_output import print_findings
    from sitrep.pipeline import prepare

    stages: dict[str, float] = {}
    prepared = prepare(workspace, today=dt.date(2099, 1, 1), stages=stages)
    with open(os.devnull, "w", encoding="utf-8") as null, contextlib.redirect_stderr(null):
        start = time.perf_counter()
        print_findings(prepared.findings)
        stages["print"] = time.perf_counter() - start
    return {"stages_s": stages, "rows_read": prepared.intake.rows_read,
            "findings": len(prepared.findings.errors) + len(prepared.findings.warnings)}


def child_read_steps(workspace: Path) -> dict[str, Any]:
    """sitrep's reading of the data workbooks in its three steps, one file after the other (no
    step overlapping another): the checks of each archive and sheet before any parser reads it,
    python-calamine parsing the sheets, and the cells taken into rows with their columns located."""
    from sitrep.intake.reader import open_intake

    steps = {"checks": 0.0, "parse": 0.0, "rows": 0.0}
    for path in _data_files(workspace):
        t0 = time.perf_counter()
        opened = open_intake(path)
        t1 = time.perf_counter()
        opened.load()
        t2 = time.perf_counter()
        opened.finish()
        t3 = time.perf_counter()
        steps["checks"] += t1 - t0
        steps["parse"] += t2 - t1
        steps["rows"] += t3 - t2
    return {"steps_s": steps}


def child_row_floor(rows: int) -> dict[str, Any]:
    """The bare cost of the objects every data row passes through in sitrep's design, nothing
    checked: its cells by column (a dict), its origin, its record and its merge-log entry.
    Microseconds a row, over ``rows`` rows."""
    from sitrep.kinds import DisplacementRecord, Origin
    from sitrep.merge.log import LogEntry

    fields = [label for label, _ in DISPLACEMENT_HEADER]
    cells = [dt.datetime(2024, 1, 5), "IOM DTM", "Idleb", "Harim", "SY0703", 1250, 250, dt.datetime(2024, 1, 6), None]
    day = dt.date(2024, 1, 5)
    start = time.perf_counter()
    for number in range(rows):
        values: dict[str, Any] = dict(zip(fields, cells, strict=True))
        origin = Origin(file="cccm-displacement.xlsx", sheet="Displacement", row=number)
        record = DisplacementRecord(origin=origin, date=day, adm1="SY07", adm2="SY0703",
                                    org=values["Reporting organisation"], reported=day, estimated=(),
                                    idps=values["Newly displaced people"], households=values["Households"], place="")
        LogEntry(origin=origin, kind="Displacement", status="used",
                 counted=f"idps={record.idps}; households={record.households}")
    return {"rows": rows, "us_per_row": (time.perf_counter() - start) / rows * 1e6}


def _data_files(workspace: Path) -> list[Path]:
    return sorted(p for p in (workspace / "inputs").glob("*.xlsx") if p.name != "ocha-narrative.xlsx")


def child_read(reader: str, workspace: Path) -> dict[str, Any]:
    """Read the generated data workbooks with one reader: cells seen and seconds."""
    files = _data_files(workspace)
    start = time.perf_counter()
    cells = 0
    if reader == "openpyxl":
        from openpyxl import load_workbook

        for path in files:
            wb = load_workbook(path, read_only=True, data_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    cells += sum(v is not None for v in row)
            wb.close()
    elif reader == "calamine-raw":
        from python_calamine import CalamineWorkbook

        for path in files:
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                for row in book.get_sheet_by_name(name).to_python():
                    cells += sum(v != "" for v in row)
    else:
        from sitrep.intake import read_intake

        for path in files:
            sheets, _ = read_intake(path)
            cells += sum(sum(v is not None for v in r.values.values()) for s in sheets for r in s.rows)
    return {"reader": reader, "seconds": time.perf_counter() - start, "cells": cells}


def child_outputs(workspace: Path, languages: list[str], formats: list[str]) -> dict[str, Any]:
    """Compose and render every output in one process; per-output times and sizes."""
    from sitrep.compose import compose_document, load_template
    from sitrep.pipeline import prepare
    from sitrep.render import RENDERERS

    t0 = time.perf_counter()
    prepared = prepare(workspace)
    prepare_s = time.perf_counter() - t0
    template = load_template(prepared.config.template, prepared.config.workspace)
    documents = {}
    compose_s = {}
    for lang in languages:
        t = time.perf_counter()
        documents[lang], _ = compose_document(prepared.report, template, lang, digits=prepared.config.arabic_digits)
        compose_s[lang] = time.perf_counter() - t
    warmup = {}
    for fmt in formats:  # imports, fonts, caches: charged here, not to the first language
        t = time.perf_counter()
        RENDERERS[fmt](documents[languages[0]])
        warmup[fmt] = time.perf_counter() - t
    outputs = []
    for lang in languages:
        for fmt in formats:
            t = time.perf_counter()
            data = RENDERERS[fmt](documents[lang])
            outputs.append({"language": lang, "format": fmt, "render_s": time.perf_counter() - t,
                            "bytes": len(data)})
    return {"prepare_s": prepare_s, "compose_s": compose_s, "warmup_s": warmup, "outputs": outputs}


def run_child(args: list[str]) -> None:
    mode, *rest = args
    if mode == "intake":
        result = child_intake(Path(rest[0]))
    elif mode == "intake-printed":
        result = child_intake_printed(Path(rest[0]))
    elif mode == "read":
        result = child_read(rest[0], Path(rest[1]))
    elif mode == "read-steps":
        result = child_read_steps(Path(rest[0]))
    elif mode == "row-floor":
        result = child_row_floor(int(rest[0]))
    elif mode == "outputs":
        result = child_outputs(Path(rest[0]), rest[1].split(","), rest[2].split(","))
    elif mode == "map":
        from map_bench import child_map  # bench/ is on sys.path when run.py runs as a script

        result = child_map(Path(rest[0]), rest[1].split(","), int(rest[2]))
    else:
        raise SystemExit(f"unknown child mode {mode}")
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# The benchmarks
# --------------------------------------------------------------------------------------------


def _languages() -> list[str]:
    toml = (EXAMPLE / "report.toml").read_text(encoding="utf-8")
    found = re.search(r"^languages\s*=\s*\[(.*?)\]", toml, re.M)
    return re.findall(r'"([a-z]{2})"', found.group(1)) if found else ["en"]


def _jobs_flag(n: int) -> list[str]:
    """``--jobs n``; 0 is sitrep's own default (no flag), i.e. what officers get."""
    return ["--jobs", str(n)] if n else []


def _jobs_key(n: int) -> str:
    return f"jobs_{n}" if n else "jobs_default"


def bench_cli(runs: int) -> dict[str, Any]:
    r = repeat([*_sitrep(), "--help"], max(runs, 3 if runs == 1 else 5))
    r.pop("last_stdout")
    r.pop("last_stderr")
    return {"help": r}


def bench_build(runs: int, jobs: Sequence[int]) -> dict[str, Any]:
    """``sitrep build`` of the example: every language × PDF and DOCX, and English alone
    (PDF + DOCX: the smallest build that can run in parallel), with each ``--jobs`` value.

    The configurations take turns (one run of each per round), so a machine that gets busier
    or quieter during the benchmark weighs on all of them alike; the JSON also has each
    round's times, and the median per round of ``--jobs 1`` minus ``--jobs 2``."""
    out = Path(tempfile.mkdtemp(prefix="sitrep-bench-build-"))
    languages = _languages()
    results: dict[str, Any] = {"languages": languages, "formats": ["pdf", "docx"],
                               "outputs": len(languages) * 2, "full": {}, "english": {}}
    configs = [(kind, langs, n) for kind, langs in (("full", languages), ("english", ["en"])) for n in jobs]
    samples: dict[tuple[str, int], list[dict[str, Any]]] = {(kind, n): [] for kind, _, n in configs}
    try:
        for _ in range(runs):
            for kind, langs, n in configs:
                target = out / f"{kind}-jobs{n}"
                shutil.rmtree(target, ignore_errors=True)
                samples[(kind, n)].append(measure(
                    [*_sitrep(), "build", str(EXAMPLE), "--lang", ",".join(langs), "--format", "pdf,docx",
                     "--out", str(target), *_jobs_flag(n)]))
        for (kind, n), got in samples.items():
            walls = [g["wall_s"] for g in got]
            trees = [g["peak_tree_mb"] for g in got if g["peak_tree_mb"]]
            said = re.search(r"\((\d+) processes at once|one after the other", got[-1]["stderr"])
            results[kind][_jobs_key(n)] = {
                "median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls), "runs": len(walls),
                "rounds_s": walls, "peak_mb": max(g["peak_mb"] for g in got),
                "peak_tree_mb": max(trees) if trees else None,
                "processes": int(said.group(1)) if said and said.group(1) else (1 if said else None)}
        for kind in ("full", "english"):
            if 1 in jobs and 2 in jobs:
                gains = [a - b for a, b in zip(results[kind]["jobs_1"]["rounds_s"], results[kind]["jobs_2"]["rounds_s"],
                                                strict=True)]
                results[kind]["parallel_gain_s"] = statistics.median(gains)
        digests = {n: _digests(out / f"full-jobs{n}") for n in jobs}
        results["sizes"] = {name: size for name, (size, _) in _sized(out / f"full-jobs{jobs[0]}").items()}
        results["identical_across_jobs"] = len({json.dumps(d, sort_keys=True) for d in digests.values()}) == 1
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return results


def _sized(folder: Path) -> dict[str, tuple[int, Path]]:
    return {p.name: (p.stat().st_size, p) for p in sorted(folder.iterdir()) if p.is_file()}


def _digests(folder: Path) -> dict[str, str]:
    import hashlib

    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, (_, p) in _sized(folder).items()}


def bench_outputs() -> dict[str, Any]:
    r = measure(_child("outputs", str(EXAMPLE), ",".join(_languages()), "pdf,docx"))
    return json.loads(r["stdout"])


def bench_map(runs: int, work: Path, quick: bool) -> dict[str, Any]:
    """The map's share (bench/map_bench.py); quick: English only, one run."""
    folder = work / "map"
    folder.mkdir()
    languages = ["en"] if quick else _languages()
    r = measure(_child("map", str(folder), ",".join(languages), str(1 if quick else max(runs, 3))))
    return json.loads(r["stdout"])


def bench_intake(sizes: Sequence[int], runs: int, work: Path) -> dict[str, Any]:
    """prepare() per size, each run in a fresh process (peak RSS per size), and ``sitrep
    validate`` and ``sitrep build --force`` once per size (what an officer waits for: reading,
    checking and printing every finding; and rendering every output and the merge log)."""
    results: dict[str, Any] = {"rows_per_place_day": ROWS_PER_PLACE_DAY, "sizes": {}}
    for size in sizes:
        ws = work / f"rows-{size}"
        t = time.perf_counter()
        generated = make_workspace(ws, size)
        generated["generate_s"] = time.perf_counter() - t
        n = runs if size <= 50_000 else max(1, runs // 2)
        samples = [measure(_child("intake", str(ws))) for _ in range(n)]
        inner = [json.loads(s["stdout"]) for s in samples]
        prep = [i["prepare_s"] for i in inner]
        typical = inner[prep.index(statistics.median_low(prep))]
        median_prepare = statistics.median(prep)
        cli = measure([*_sitrep(), "validate", str(ws)], ok=(0, 1))
        built = measure([*_sitrep(), "build", str(ws), "--force", "--out", str(ws / "dist")])
        results["sizes"][str(size)] = {
            **generated, "runs": n, "prepare_median_s": median_prepare, "prepare_min_s": min(prep),
            "prepare_max_s": max(prep), "process_median_s": statistics.median(s["wall_s"] for s in samples),
            "rows_per_s": size / median_prepare, "us_per_row": median_prepare / size * 1e6,
            "peak_mb": max(s["peak_mb"] for s in samples), "stages_s": typical["stages_s"],
            "validate_cli_s": cli["wall_s"], "validate_cli_peak_mb": cli["peak_mb"],
            "build_cli_s": built["wall_s"], "build_cli_peak_mb": built["peak_mb"],
            "build_cli_peak_tree_mb": built["peak_tree_mb"],
            **{k: typical[k] for k in ("rows_read", "used", "merged", "rejected", "errors", "warnings")}}
    ordered = [results["sizes"][str(s)] for s in sizes]
    results["growth"] = [
        {"from": a["rows"], "to": b["rows"], "rows_x": b["rows"] / a["rows"],
         "time_x": b["prepare_median_s"] / a["prepare_median_s"], "us_per_row_x": b["us_per_row"] / a["us_per_row"],
         "peak_mb_x": b["peak_mb"] / a["peak_mb"]}
        for a, b in zip(ordered, ordered[1:], strict=False)]
    return results


def bench_anchor(size: int, runs: int, work: Path) -> dict[str, Any]:
    """The same generated workbooks read by openpyxl (read-only, values only), by sitrep's
    reader (python-calamine, then columns located and cells cleaned) and by python-calamine
    alone (the like-for-like comparison with openpyxl)."""
    ws = work / f"rows-{size}"
    if not ws.exists():
        make_workspace(ws, size)
    result: dict[str, Any] = {"rows": size}
    for reader, n in (("openpyxl", min(runs, 2)), ("calamine", min(runs, 3)), ("calamine-raw", min(runs, 3))):
        samples = [json.loads(measure(_child("read", reader, str(ws)))["stdout"]) for _ in range(max(1, n))]
        result[reader] = {"median_s": statistics.median(s["seconds"] for s in samples),
                          "cells": samples[0]["cells"], "runs": len(samples)}
    result["ratio"] = result["openpyxl"]["median_s"] / result["calamine"]["median_s"]
    result["ratio_raw"] = result["openpyxl"]["median_s"] / result["calamine-raw"]["median_s"]
    return result


def machine() -> dict[str, Any]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or None
    except OSError:
        nproc = None
    from importlib import metadata

    versions = {}
    for dist in ("sitrep", "reportlab", "python-docx", "python-calamine", "openpyxl", "typer", "rich"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    from ratios import load_now

    load = load_now()
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "machine": platform.machine(), "cpus": cpus, "nproc": nproc,
            "load_1min": load, "packages": versions, "install": install_kind()}


def install_kind() -> str:
    """How the sitrep measured is installed: ``editable`` (``pip install -e .``: every interpreter
    then runs an import finder as it starts, ``python -c pass`` included) or ``plain``."""
    import json
    from importlib import metadata

    try:
        direct = metadata.distribution("sitrep").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return "not installed (run from the source tree)"
    editable = bool(direct) and json.loads(direct or "{}").get("dir_info", {}).get("editable", False)
    return "editable" if editable else "plain"


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _mb(value: float | None) -> str:
    return f"{value:.0f} MB" if value else "—"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def check_targets(res: dict[str, Any]) -> dict[str, Any]:
    """Each target of issue #7 with the measured value and whether it is met."""
    out: dict[str, Any] = {}
    if "cli" in res:
        v = res["cli"]["help"]["median_s"]
        out["cli_help_s"] = {"value": v, "target": TARGETS["cli_help_s"], "met": v < TARGETS["cli_help_s"]}
    if "build" in res:
        runs = {k: r for k, r in res["build"]["full"].items() if k.startswith("jobs_")}
        v = runs.get("jobs_default", next(iter(runs.values())))["median_s"]
        out["build_s"] = {"value": v, "target": TARGETS["build_s"], "met": v < TARGETS["build_s"]}
        pdfs = [size / 1024 for name, size in res["build"]["sizes"].items() if name.endswith(".pdf")]
        out["pdf_max_kb"] = {"value": max(pdfs), "target": TARGETS["pdf_max_kb"],
                             "met": max(pdfs) < TARGETS["pdf_max_kb"]}
    if "map" in res:
        v = res["map"]["added_en_s"]
        out["map_added_s"] = {"value": v, "target": TARGETS["map_added_s"], "met": v < TARGETS["map_added_s"]}
        v = res["map"]["pdf_max_kb"]
        out["map_pdf_max_kb"] = {"value": v, "target": TARGETS["map_pdf_max_kb"], "met": v < TARGETS["map_pdf_max_kb"]}
    if "intake" in res and "50000" in res["intake"]["sizes"]:
        r = res["intake"]["sizes"]["50000"]
        out["intake_50k_s"] = {"value": r["prepare_median_s"], "target": TARGETS["intake_50k_s"],
                               "met": r["prepare_median_s"] < TARGETS["intake_50k_s"]}
        out["intake_50k_peak_mb"] = {"value": r["peak_mb"], "target": TARGETS["intake_50k_peak_mb"],
                                     "met": r["peak_mb"] < TARGETS["intake_50k_peak_mb"]}
    return out


def print_table(res: dict[str, Any]) -> None:
    m = res["machine"]
    load = f", load average {m['load_1min']:.2f} at the start" if m["load_1min"] is not None else ""
    if m.get("load_1min_after") is not None:
        load += f", {m['load_1min_after']:.2f} at the end"
    print(f"machine: {m['cpus']} usable CPUs (nproc {m['nproc']}), Python {m['python']}, {m['platform']}{load}")
    print(f"sitrep installed: {m.get('install', '?')}")
    print(f"mode: {'quick' if res['quick'] else 'full'}; times are medians of {res['runs']} runs "
          "(each in a fresh process)\n")
    rows: list[tuple[str, str, str, str, str]] = []
    if "cli" in res:
        h = res["cli"]["help"]
        rows.append(("sitrep --help", f"{h['median_s'] * 1000:.0f} ms", f"{h['min_s'] * 1000:.0f} ms",
                     _mb(h["peak_mb"]), "target < 250 ms"))
    if "build" in res:
        b = res["build"]
        for kind, title in (("full", f"build example, {b['outputs']} outputs"), ("english", "build en, pdf+docx")):
            for key, r in b[kind].items():
                if not key.startswith("jobs_"):
                    continue
                jobs = "default" if key == "jobs_default" else key[5:]
                workers = f"{r['processes']} processes" if (r.get("processes") or 1) > 1 else "sequential"
                tree = f" (tree {_mb(r['peak_tree_mb'])})" if r.get("peak_tree_mb") else ""
                note = f"--jobs {jobs}: {workers}" + ("; target < 3 s" if kind == "full" and jobs == "default" else "")
                rows.append((f"{title}, --jobs {jobs}", f"{r['median_s']:.2f} s", f"{r['min_s']:.2f} s",
                             f"{_mb(r['peak_mb'])}{tree}", note))
        for kind, title in (("full", "build example"), ("english", "build en")):
            if "parallel_gain_s" in b[kind]:
                rows.append((f"{title}: --jobs 1 minus --jobs 2", f"{b[kind]['parallel_gain_s']:+.2f} s", "", "",
                             "median over rounds (positive: parallel is faster)"))
    if "intake" in res:
        for size, r in res["intake"]["sizes"].items():
            target = "; target < 3 s, < 400 MB" if size == "50000" else ""
            rows.append((f"intake {int(size):,} rows: prepare", f"{r['prepare_median_s']:.2f} s",
                         f"{r['prepare_min_s']:.2f} s", _mb(r["peak_mb"]),
                         f"{r['rows_per_s']:,.0f} rows/s, {r['us_per_row']:.0f} µs/row{target}"))
            rows.append((f"intake {int(size):,} rows: sitrep validate", f"{r['validate_cli_s']:.2f} s", "1 run",
                         _mb(r["validate_cli_peak_mb"]), f"{r['errors'] + r['warnings']:,} findings printed"))
            tree = f" (tree {_mb(r['build_cli_peak_tree_mb'])})" if r.get("build_cli_peak_tree_mb") else ""
            rows.append((f"intake {int(size):,} rows: sitrep build --force", f"{r['build_cli_s']:.2f} s", "1 run",
                         f"{_mb(r['build_cli_peak_mb'])}{tree}", "every language × PDF, DOCX; merge log"))
    width = max(len(r[0]) for r in rows) if rows else 20
    print(f"{'benchmark':{width}}  {'median':>8}  {'min':>8}  {'peak RSS':>18}  note")
    for name, t, least, mem, note in rows:
        print(f"{name:{width}}  {t:>8}  {least:>8}  {mem:>18}  {note}")
    if "intake" in res:
        print()
        for g in res["intake"]["growth"]:
            print(f"growth {g['from']:,} -> {g['to']:,} rows (x{g['rows_x']:.0f}): time x{g['time_x']:.2f}, "
                  f"time per row x{g['us_per_row_x']:.2f} (1.00 = linear), peak memory x{g['peak_mb_x']:.2f}")
        for size, r in res["intake"]["sizes"].items():
            stages = ", ".join(f"{k} {v:.2f} s" for k, v in r["stages_s"].items())
            print(f"  {int(size):>7,} rows over {r['period_days']} days: {stages}; {r['used']:,} used, "
                  f"{r['merged']:,} merged, {r['rejected']:,} rejected; {r['errors']:,} errors, "
                  f"{r['warnings']:,} warnings")
    if "anchor" in res:
        a = res["anchor"]
        print(f"\nanchor, same {a['rows']:,}-row workbooks ({a['calamine']['cells']:,} cells): openpyxl read-only "
              f"{a['openpyxl']['median_s']:.2f} s, sitrep reader (python-calamine) {a['calamine']['median_s']:.2f} s: "
              f"x{a['ratio']:.1f}; python-calamine alone (cells only, no column location or cleaning) "
              f"{a['calamine-raw']['median_s']:.2f} s: x{a['ratio_raw']:.1f} (in-process read times; medians of "
              f"{a['openpyxl']['runs']}, {a['calamine']['runs']} and {a['calamine-raw']['runs']} runs)")
    if "outputs" in res:
        o = res["outputs"]
        print(f"\nper output, rendered one after the other in one warm process (prepare {o['prepare_s']:.2f} s; "
              "first render of each format, with imports and fonts: "
              + ", ".join(f"{k} {v:.2f} s" for k, v in o["warmup_s"].items()) + ")")
        for out in o["outputs"]:
            print(f"  {out['language']} {out['format']:5} {out['render_s'] * 1000:5.0f} ms  "
                  f"{out['bytes'] / 1024:6.1f} KB")
    if "map" in res:
        from map_bench import print_map

        print_map(res["map"])
    if "build" in res:
        print(f"\nbuild outputs identical whatever --jobs: {res['build']['identical_across_jobs']}")
    from ratios import print_ratios

    print_ratios(res)
    if res.get("targets_18"):
        print("issue #18 targets: " + "; ".join(f"{k} {v['value']:.2f} <= {v['target']:g}: {_verdict(v['met'])}"
                                               for k, v in res["targets_18"].items()))
    targets = res.get("targets_met", {})
    if targets:
        print("targets: " + "; ".join(f"{k} {v['value']:.3g} < {v['target']:g}: {_verdict(v['met'])}"
                                      for k, v in targets.items()))


def compile_sitrep() -> str:
    """Compile sitrep's modules to bytecode once, before any measurement.

    ``pip install .`` compiles a package as it installs it, but an editable install leaves
    sitrep's modules in the source tree, and where ``PYTHONDONTWRITEBYTECODE`` is set (as on
    the project's sandbox) every measured process would compile them again: about 0.1 s of
    CPU a command that an officer's installed sitrep never pays. ``compileall`` writes the
    ``.pyc`` files whatever that variable says; the processes then only read them.
    """
    import compileall

    import sitrep

    package = Path(sitrep.__file__).resolve().parent
    ok = compileall.compile_dir(package, quiet=1, workers=1)
    return f"compiled before measuring: {package}" if ok else f"compiling {package} failed; figures include compiling"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 run each, intake at 1,000 / 5,000 rows")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5, --quick 1)")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="intake sizes, e.g. 5000,50000 (default 5,000/50,000/200,000; --quick 1,000/5,000)")
    parser.add_argument("--jobs", type=lambda s: [int(x) for x in s.split(",")],
                        help="sitrep build --jobs values to compare; 0 is sitrep's default (default: 0,1,2)")
    parser.add_argument("--only", type=lambda s: s.split(","), help=f"sections, from {', '.join(SECTIONS)}")
    parser.add_argument("--million", action="store_true",
                        help="also validate 250,000, 500,000 and 1,000,000 rows: peak memory and growth (many minutes)")
    parser.add_argument("--readme", action="store_true",
                        help="write the README's \"How long it takes\" table from this run")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child)
        return {}
    runs = args.runs or (1 if args.quick else 5)
    sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
    only = args.only or [s for s in SECTIONS if not (args.quick and s in QUICK_SKIPS)]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section {', '.join(sorted(unknown))}; use {', '.join(SECTIONS)}")
    import ratios

    compiled = compile_sitrep()
    shown = " ".join(a for a in (argv if argv is not None else sys.argv[1:]) if a != "--readme")
    res: dict[str, Any] = {"machine": machine(), "quick": args.quick, "runs": runs, "targets": TARGETS,
                           "targets_18": {}, "date": dt.date.today().isoformat(),
                           "argv": f" {shown}" if shown else "", "bytecode": compiled}
    work = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    try:
        if "cli" in only:
            res["cli"] = bench_cli(runs)
        if "startup" in only:
            res["startup"] = ratios.bench_startup(measure, _sitrep(), max(runs, 5))
        if "build" in only:
            res["build"] = bench_build(runs, args.jobs or [0, 1, 2])
        if "fonts" in only:
            res["fonts"] = ratios.bench_fonts(measure, _sitrep(), EXAMPLE, runs, work)
        if "office" in only:
            res["office"] = ratios.bench_office(measure, _sitrep(), EXAMPLE, max(runs, 3), work)
        if "outputs" in only:
            res["outputs"] = bench_outputs()
        if "intake" in only:
            res["intake"] = bench_intake(sizes, runs, work)
        if "validate" in only:
            res["validate"] = {}
            small = work / "rows-100"
            make_workspace(small, 100)
            for size in [s for s in sizes if s <= 50_000] or sizes[:1]:
                ws = work / f"rows-{size}"
                if not ws.exists():
                    make_workspace(ws, size)
                res["validate"][str(size)] = ratios.bench_validate(measure, _sitrep(), _child, ws, runs, small=small,
                                                                   rows=size)
        if args.million:
            res["million"] = ratios.bench_million(measure, _sitrep(), make_workspace, work)
        if "anchor" in only:
            res["anchor"] = bench_anchor(50_000 if 50_000 in sizes else max(sizes), runs, work)
        if "map" in only:
            res["map"] = bench_map(runs, work, args.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["machine"]["load_1min_after"] = ratios.load_now()
    res["targets_met"] = check_targets(res)
    res["targets_18"] = ratios.verdicts(res)
    print_table(res)
    if args.readme:
        ratios.write_readme(ROOT / "README.md", res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return res


if __name__ == "__main__":
    main()
