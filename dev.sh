#!/usr/bin/env bash
# The README's two quick-start commands, on a machine with only Python 3.11 and the
# package registries:
#   ./dev.sh example   install sitrep in .venv and build the example report (all languages)
#   ./dev.sh test      install sitrep with its test tools and run the test suite
# The tests also read the Arabic PDF with poppler's pdftotext (as the issue on right-to-left
# text requires) and check every PDF with pdffonts and qpdf --check (archival PDFs, issue #20);
# these are Debian packages, installed here when they are missing. The history tests run against a
# real PostgreSQL server (tests/pg.py starts one from Debian's postgresql binaries per test session).
# The HTML edition is opened in Debian's headless chromium (tests/test_html_browser.py).
set -euo pipefail
cd "$(dirname "$0")"

ensure_test_tools() {
  # command -> Debian package: pdftotext and pdffonts (poppler-utils), qpdf --check (qpdf),
  # initdb and pg_ctl (postgresql; Debian keeps them in /usr/lib/postgresql/N/bin, off PATH), chromium
  local missing=() sudo=""
  command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]} for the tests…" >&2
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

case "${1:-}" in
  example)
    python3 -m venv .venv
    .venv/bin/pip install -q -e .
    .venv/bin/sitrep build examples/nw-syria-2024
    ;;
  test)
    ensure_test_tools
    python3 -m venv .venv
    .venv/bin/pip install -q -e '.[test]'
    .venv/bin/pytest
    ;;
  *)
    echo "usage: ./dev.sh example | ./dev.sh test" >&2
    exit 2
    ;;
esac
