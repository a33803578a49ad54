"""The covering e-mail's HTML part comes from the HTML edition's renderer: built with ``--email``,
read back from the ``.eml`` with the standard library's e-mail parser, and compared with the page
of the same build (tests/test_html_browser.py compares the two in a real browser)."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from sitrep.render.html import SCREEN_SCALE

from .conftest import EXAMPLE, TODAY

STEM = "syria-nw-escalation_flash-update-01_2024-11-29"
LANGS = ["en", "ar", "zh"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitrep.pipeline import build, prepare

    out = tmp_path_factory.mktemp("mail")
    build(prepare(EXAMPLE, today=TODAY), languages=LANGS, formats=["pdf", "html"], out_dir=out, email=True)
    return out


def mail_part(built: Path, lang: str, subtype: str = "html") -> str:
    """The ``subtype`` body of the language's ``.eml``, as a mail program decodes it."""
    message = email.message_from_bytes((built / f"{STEM}_{lang}.eml").read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body((subtype,))
    assert part is not None, subtype
    content = part.get_content()
    assert isinstance(content, str)
    return content


def _page_styles(page: str) -> dict[str, tuple[float, str, str, str]]:
    """Style class -> (size in pt at the screen scale, line height, weight, colour), from the page's sheet."""
    return {m[1]: (float(m[2]) * SCREEN_SCALE, m[3], m[4], m[5]) for m in re.finditer(
        r"\.s-(\w+)\{font-size:calc\(([\d.]+)pt \* var\(--k\)\);line-height:([\d.]+);font-weight:(\d+);"
        r"color:(#\w+)", page)}


def _mail_styles(mail: str) -> list[tuple[str, tuple[float, str, str, str]]]:
    return [(m[1], (float(m[2]), m[3], m[4], m[5])) for m in re.finditer(
        r'class="s-(\w+)" style="font-size:([\d.]+)pt;line-height:([\d.]+);font-weight:(\d+);color:(#\w+)', mail)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_mail_shows_the_pages_title_band_key_figures_and_highlights(built: Path, lang: str) -> None:
    from html import unescape

    mail = mail_part(built, lang)
    page = (built / f"{STEM}_{lang}.html").read_text(encoding="utf-8")
    title = re.search(r'<h1 class="s-band_title">(.*?)</h1>', page)
    assert title
    assert re.search(rf'<h1 class="s-band_title" style="[^"]*">{re.escape(title[1])}</h1>', mail)
    cards = re.findall(r'<p class="s-fig_value">(.*?)</p><p class="s-fig_label">(.*?)</p>', page)
    assert len(cards) == 4
    for value, label in cards:  # the same cards, in the same order, each a table cell
        assert re.search(rf'<p class="s-fig_value" style="[^"]*">{re.escape(value)}</p>'
                         rf'<p class="s-fig_label" style="[^"]*">{re.escape(label)}</p>', mail), (value, label)
    assert [v for v, _ in cards] == re.findall(r'<p class="s-fig_value" style="[^"]*">(.*?)</p>', mail)
    bullets = [re.sub(r"<sup>.*?</sup>|\u200f", "", b) for b in re.findall(r'<li class="s-bullet">(.*?)</li>', page)]
    assert len(bullets) == 4
    assert [unescape(b) for b in bullets] == [unescape(b) for b in re.findall(
        r'<li class="s-bullet" style="[^"]*"><span>(.*?)</span></li>', mail)]
    root = re.search(r"<html[^>]*>", mail)
    tag = {"en": "en-GB", "ar": "ar-SY", "zh": "zh-Hans"}[lang]  # the page's
    assert f'<html lang="{tag}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    assert root and root[0] == f'<html dir="{"rtl" if lang == "ar" else "ltr"}" lang="{tag}">'
    assert f'<body dir="{"rtl" if lang == "ar" else "ltr"}" lang="{tag}"' in mail
    # what mail programs drop or do not show: a style block, SVG, scripts, CSS variables, flex
    for absent in ("<style", "<svg", "<script", "var(--", "display:flex", "<img"):
        assert absent not in mail, absent
    plain = mail_part(built, lang, "plain")  # the plain-text part is still there
    assert cards[0][0] in plain and unescape(cards[0][1]) in plain


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_mails_text_styles_are_the_pages(built: Path, lang: str) -> None:
    """Every styled text of the e-mail has the page's on-screen size, line height, weight and colour
    for its style (resolved: ``11.875pt`` where the page says ``calc(9.5pt * var(--k))``)."""
    page = _page_styles((built / f"{STEM}_{lang}.html").read_text(encoding="utf-8"))
    mail = _mail_styles(mail_part(built, lang))
    used = {name for name, _ in mail}
    assert {"band_title", "band_small", "fig_value", "fig_label", "fig_note", "heading1", "bullet", "body"} <= used
    for name, (size, line, weight, color) in mail:
        want = page[name]
        assert (round(size, 3), line, weight, color) == (round(want[0], 3), *want[1:]), name
    sides = re.findall(r"border-(left|right):2\.2pt solid #D9472B", mail_part(built, lang))
    assert sides == ["right" if lang == "ar" else "left"] * 4  # each card's accent edge on the reading side


def test_the_arabic_mail_reads_right_to_left_and_marks_latin_names(built: Path) -> None:
    mail = mail_part(built, "ar")
    assert re.search(r'<table role="presentation" dir="rtl" lang="ar-SY" width="640"[^>]*text-align:right', mail)
    assert '<span lang="und-Latn" dir="ltr">OCHA Syria (illustrative example)</span>' in mail
    assert mail.count("display:inline-block;vertical-align:top;width:100%;box-sizing:border-box;") == 2
    assert "max-width:410px" in mail and "max-width:229px" in mail  # the band's proportions, at 640 px


def test_the_mail_is_the_same_each_build(built: Path, tmp_path: Path) -> None:
    from sitrep.pipeline import build, prepare

    build(prepare(EXAMPLE, today=TODAY), languages=["ar"], formats=["pdf"], out_dir=tmp_path, email=True)
    assert (tmp_path / f"{STEM}_ar.eml").read_bytes() == (built / f"{STEM}_ar.eml").read_bytes()
