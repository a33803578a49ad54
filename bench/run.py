"""Benchmarks (not tests): time whole commands as an officer runs them.

    python bench/run.py            # full: 5 runs each
    python bench/run.py --quick    # 2 runs each
    python bench/run.py --json results.json

Prints a table of median / min / max wall times and the PDF size, and optionally writes JSON.
Only the standard library and the project itself are used.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nw-syria-2024"


def timed(cmd: list[str], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"command failed: {' '.join(cmd)}\n{proc.stderr}")
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    runs = 2 if args.quick else 5
    sitrep = [sys.executable, "-m", "sitrep"]
    out = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    try:
        results = {
            "cli_help": timed([*sitrep, "--help"], runs),
            "validate_example": timed([*sitrep, "validate", str(EXAMPLE)], runs),
            "build_example_en_pdf_docx": timed([*sitrep, "build", str(EXAMPLE), "--lang", "en", "--format",
                                                "pdf,docx", "--out", str(out)], runs),
        }
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    finally:
        shutil.rmtree(out, ignore_errors=True)
    machine = {"python": platform.python_version(), "machine": platform.machine(),
               "processor": platform.processor() or platform.machine(), "cpus": _cpus()}
    print(f"machine: {machine}")
    print(f"{'benchmark':32} {'median':>9} {'min':>9} {'max':>9}")
    for name, r in results.items():
        print(f"{name:32} {r['median_s']:8.3f}s {r['min_s']:8.3f}s {r['max_s']:8.3f}s")
    for name, size in sizes.items():
        print(f"{name:60} {size / 1024:8.1f} KB")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "results": results, "sizes": sizes}, indent=2))


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
