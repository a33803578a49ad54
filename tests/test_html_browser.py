"""The HTML edition opened in a real browser: Debian's headless chromium (dev.sh installs it).

The English and Arabic pages of the example are rendered to a screenshot (not blank: the title
band, key figures and tables draw many non-white pixels) and their DOM as the browser built it
(``--dump-dom``: the key figures are there and the Arabic page is right to left). Each run takes
1-3 s; they run in the default suite.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import EXAMPLE, TODAY

STEM = "syria-nw-escalation_flash-update-01_2024-11-29"
CHROMIUM = shutil.which("chromium")
# The CI runs as root, where chromium refuses to start without --no-sandbox.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-extensions", "--window-size=1200,1600"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitrep.pipeline import build, prepare

    out = tmp_path_factory.mktemp("html-browser")
    build(prepare(EXAMPLE, today=TODAY), languages=["en", "ar"], formats=["html"], out_dir=out)
    return out


def _chromium(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM, "chromium is not installed: ./dev.sh test installs it (apt-get install chromium)"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={home / 'profile'}", *args], capture_output=True,
                          text=True, timeout=60, env=env, check=True)


@pytest.mark.parametrize(("lang", "figures"), [
    ("en", ["27", "98", "36,050", "civilians killed", "Escalation in North-West Syria"]),
    ("ar", ["27", "98", "36,050", "القتلى من المدنيين", "التصعيد في شمال غرب سوريا"]),
])
def test_the_browser_draws_the_page_and_builds_its_dom(pages: Path, tmp_path: Path, lang: str,
                                                       figures: list[str]) -> None:
    from PIL import Image

    page = (pages / f"{STEM}_{lang}.html").as_uri()
    shot = tmp_path / f"{lang}.png"
    _chromium(f"--screenshot={shot}", page, home=tmp_path)
    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        grey = image.convert("L")
        dark = sum(grey.histogram()[:200])  # pixels clearly darker than the white page
    assert dark > 1200 * 1600 * 0.05, f"{lang}: only {dark} non-white pixels"
    dom = _chromium("--dump-dom", page, home=tmp_path).stdout
    root = re.search(r"<html[^>]*>", dom)
    assert root, dom[:200]
    for figure in figures:
        assert figure in dom, f"{lang}: {figure!r} not in the DOM"
    assert ('dir="rtl"' in root[0]) == (lang == "ar"), root[0]


def test_printing_gives_a4_pages_with_the_template_margins(pages: Path, tmp_path: Path) -> None:
    """The print style sheet: chromium's "Save as PDF" makes A4 pages (the template's size), and the
    text starts at the template's margin, not at the browser's default."""
    import io

    from pypdf import PdfReader

    pdf = tmp_path / "printed.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (pages / f"{STEM}_en.html").as_uri(), home=tmp_path)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    lefts: list[float] = []

    def visit(text: str, _cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        if text.strip():
            lefts.append(tm[4] * _cm[0] + _cm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert "36,050" in reader.pages[0].extract_text()
    assert 14 <= min(lefts) / 72 * 25.4 <= 22, f"text starts {min(lefts) / 72 * 25.4:.1f} mm from the edge"
