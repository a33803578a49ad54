#!/usr/bin/env bash
# A report series with the public command line only: Flash Update No. 1, then No. 2 with the
# changes since No. 1 and the displacement trend.
#
#   examples/series-demo.sh OUTDIR
#
# The example workspace is first copied into OUTDIR/workspace, so the repository stays clean.
# Afterwards: OUTDIR/flash-update-01/ and OUTDIR/flash-update-02/ hold the PDF and DOCX of each
# issue (every language), and OUTDIR/workspace/history.sqlite the issued reports.
# Uses `sitrep` from PATH (or $SITREP, e.g. SITREP=.venv/bin/sitrep).
set -euo pipefail

out="${1:?usage: examples/series-demo.sh OUTDIR}"
sitrep="${SITREP:-sitrep}"
here="$(cd "$(dirname "$0")" && pwd)"

mkdir -p "$out"
rm -rf "$out/workspace"
cp -R "$here/nw-syria-2024" "$out/workspace"
rm -rf "$out/workspace/dist" "$out/workspace/history.sqlite"

echo "== Flash Update No. 1 (as of 29 November 2024)"
"$sitrep" build "$out/workspace" --issue --out "$out/flash-update-01"

echo "== Move the workspace to the next report and issue No. 2 (as of 2 December 2024)"
"$sitrep" next "$out/workspace" --as-of 2024-12-02
"$sitrep" build "$out/workspace" --issue --out "$out/flash-update-02"

echo "== The series"
"$sitrep" history "$out/workspace"
