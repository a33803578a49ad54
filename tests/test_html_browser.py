"""The HTML edition opened in a real browser: Debian's headless chromium (dev.sh installs it).

The English, Arabic and Chinese pages of the example are rendered to a screenshot (not blank: the
title band, key figures and tables draw many non-white pixels) and their DOM as the browser built it
(``--dump-dom``: the key figures are there and the Arabic page is right to left). A copy of a page
with a small script added records what the browser computed (each text style's size, the lines
of the band's period) into the DOM it dumps; the e-mail's HTML part is measured the same way.
Each run takes 1-3 s; they run in the default suite.
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
    build(prepare(EXAMPLE, today=TODAY), languages=["en", "ar", "zh"], formats=["html"], out_dir=out)
    return out


def _chromium(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM, "chromium is not installed: ./dev.sh test installs it (apt-get install chromium)"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={home / 'profile'}", *args], capture_output=True,
                          text=True, timeout=60, env=env, check=True)


@pytest.mark.parametrize(("lang", "figures"), [
    ("en", ["27", "98", "36,050", "civilians killed", "Escalation in North-West Syria"]),
    ("ar", ["27", "98", "36,050", "القتلى من المدنيين", "التصعيد في شمال غرب سوريا"]),
    # Without a Chinese font (a bare Debian) the screenshot shows boxes; the DOM holds the text all the same.
    ("zh", ["27", "98", "36,050", "平民死亡人数", "叙利亚西北部局势升级", 'lang="zh-Hans"']),
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
        if text.strip() and not (tm[1] or _cm[1]):  # not the draft's mark, which is turned 45 degrees
            lefts.append(tm[4] * _cm[0] + _cm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert "36,050" in reader.pages[0].extract_text()
    for number, page in enumerate(reader.pages, 1):  # the draft's mark is printed across every page
        assert "DRAFT" in page.extract_text(), f"no DRAFT mark on printed page {number}"
    assert "People reached are summed" not in reader.pages[-1].extract_text().split("\n")[0]
    assert 14 <= min(lefts) / 72 * 25.4 <= 22, f"text starts {min(lefts) / 72 * 25.4:.1f} mm from the edge"


MEASURE = """<script>
for (const el of document.querySelectorAll('[class*="s-"]')) {
  const cs = getComputedStyle(el);
  el.setAttribute('data-computed', [cs.fontSize, cs.lineHeight, cs.fontWeight, cs.color].join(' '));
  el.setAttribute('data-lines', Math.round(el.getBoundingClientRect().height / parseFloat(cs.lineHeight)));
}
for (const el of document.querySelectorAll('.nowrap')) {  // the lines it is on (bidi runs give more boxes)
  el.setAttribute('data-rects', new Set([...el.getClientRects()].map(r => Math.round(r.bottom))).size);
}
</script>"""


def _measured(html: str, tmp_path: Path, name: str, width: int = 1200) -> str:
    """The DOM of ``html`` in chromium at ``width`` px, with what the browser computed for each styled text."""
    copy = tmp_path / f"{name}.html"
    copy.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    flags = [f"--window-size={width},1600", "--dump-dom", copy.as_uri()]
    return _chromium(*flags, home=tmp_path).stdout


def _computed(dom: str) -> dict[str, str]:
    """Style class -> what the browser computed for its first element (size, line height, weight, colour)."""
    out: dict[str, str] = {}
    for m in re.finditer(r'class="s-(\w+)[^"]*"[^>]*?data-computed="([^"]+)"', dom):
        out.setdefault(m[1], m[2])
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_band_period_stays_on_one_line_on_a_wide_window(pages: Path, tmp_path: Path, lang: str) -> None:
    """At 1200 and 800 px the period line ("Reporting period: 27–29 November 2024") is one line; on a
    375 px phone the date after its label is still never broken."""
    html = (pages / f"{STEM}_{lang}.html").read_text(encoding="utf-8")
    for width in (1200, 800, 375):
        dom = _measured(html, tmp_path, f"{lang}{width}", width)
        side = re.search(r'<div class="side">(.*?)</div>', dom)
        assert side, dom[:300]
        lines = [int(n) for n in re.findall(r'class="s-band_small"[^>]*data-lines="(\d+)"', side[1])]
        assert len(lines) == 2, side[1]
        if width >= 800:
            assert lines == [1, 1], f"{lang} at {width} px: the band's date lines take {lines} lines"
        assert set(re.findall(r'data-rects="(\d+)"', side[1])) == {"1"}, f"{lang} at {width} px: a date broken"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_mail_part_looks_like_the_page_in_a_browser(pages: Path, tmp_path: Path, lang: str) -> None:
    """The e-mail's HTML part, opened in chromium, computes the same size, line height, weight and
    colour as the page for every text style they share (the page's through its style sheet and
    ``--k``, the e-mail's from inline styles)."""
    from sitrep.compose import compose_document, load_template
    from sitrep.compose.email_text import compose_email
    from sitrep.pipeline import prepare
    from sitrep.render.html_mail import mail_html

    prepared = prepare(EXAMPLE, today=TODAY)
    template = load_template(prepared.config.template, prepared.config.workspace)
    doc, _ = compose_document(prepared.report, template, lang)
    mail = mail_html(doc, compose_email(prepared.report, template, lang))
    page_dom = _measured((pages / f"{STEM}_{lang}.html").read_text(encoding="utf-8"), tmp_path, "page")
    mail_dom = _measured(mail, tmp_path, "mail")
    page, sent = _computed(page_dom), _computed(mail_dom)
    shared = set(page) & set(sent)
    assert {"band_title", "band_label", "fig_value", "fig_label", "heading1", "bullet"} <= shared
    for name in sorted(shared):
        assert sent[name] == page[name], f"{lang} {name}: e-mail {sent[name]}, page {page[name]}"
    assert "<svg" not in mail_dom and ('dir="rtl"' in mail_dom) == (lang == "ar")
