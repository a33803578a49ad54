"""The fonts sitrep ships: the bold faces cut from the installed variable fonts and the common
Chinese characters cut from Noto Sans CJK (provenance recorded and checked, OFL beside them),
used on a new machine without cutting anything."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from sitrep.render.fonts import SHIPPED, _source
from tests.conftest import ROOT

FAMILIES = ("Noto Sans", "Noto Sans Arabic")


def provenance() -> dict[str, dict[str, object]]:
    fonts: dict[str, dict[str, object]] = json.loads((SHIPPED / "provenance.json").read_text("utf-8"))["fonts"]
    return fonts


@pytest.mark.parametrize("family", FAMILIES)
def test_shipped_bold_was_cut_from_the_installed_font(family: str) -> None:
    entry = provenance()[family]
    source = _source(family)
    assert entry["source_file"] == source.name
    assert entry["source_size"] == source.stat().st_size
    assert entry["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    bold = SHIPPED / str(entry["file"])
    assert entry["sha256"] == hashlib.sha256(bold.read_bytes()).hexdigest()
    with TTFont(str(bold)) as font:
        assert "fvar" not in font and "gvar" not in font  # a static face
        assert font["OS/2"].usWeightClass == 700
        assert font["name"].getDebugName(1) == family and font["name"].getDebugName(2) == "Bold"
        with TTFont(str(source)) as variable:  # every character of the regular face has its bold glyph
            assert set(font.getBestCmap()) == set(variable.getBestCmap())
    licence = (SHIPPED / str(entry["license_file"])).read_text("utf-8")
    assert "SIL Open Font License" in licence and "Noto Project Authors" in licence


def test_a_new_machine_uses_the_shipped_faces_and_cuts_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "empty-cache"
    code = ("from sitrep.render.fonts import font_files\n"
            "for family in ('Noto Sans', 'Noto Sans Arabic'):\n"
            "    print(font_files(family)[1])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "SITREP_CACHE_DIR": str(cache)})
    paths = [Path(line) for line in proc.stdout.split()]
    assert [p.name for p in paths] == ["NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf"]
    assert all(p.parent == SHIPPED for p in paths)
    assert "preparing the bold face" not in proc.stderr
    assert not cache.exists() or not any(cache.rglob("*.ttf"))


def test_a_changed_font_file_is_not_matched_with_the_shipped_face(tmp_path: Path) -> None:
    from sitrep.render.fonts import shipped_bold

    source = _source("Noto Sans Arabic")
    assert shipped_bold("Noto Sans Arabic", source) == SHIPPED / "NotoSansArabic-Bold.ttf"
    changed = tmp_path / source.name
    changed.write_bytes(source.read_bytes() + b"\0")  # a font package that updated its file
    assert shipped_bold("Noto Sans Arabic", changed) is None
    assert shipped_bold("Noto Serif", source) is None


@pytest.mark.heavy
def test_the_script_makes_the_shipped_files_again() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "make_bold_fonts.py"), "--check"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def test_common_chinese_cut_was_made_from_the_installed_faces() -> None:
    from sitrep.render.fonts_cjk import COMMON, _sources

    record = json.loads((COMMON / "provenance.json").read_text("utf-8"))
    for style, source in zip(("Regular", "Bold"), _sources(), strict=True):
        assert record["sources"][style]["size"] == source.stat().st_size
        assert record["sources"][style]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
        with TTFont(str(COMMON / record["files"][style])) as font:
            assert "glyf" in font and "CFF " not in font  # TrueType, which reportlab embeds
            assert {chr(c) for c in font.getBestCmap()} >= set(record["characters"])
    assert len([c for c in record["characters"] if "\u4e00" <= c <= "\u9fff"]) == 3755  # GB 2312 level 1
    assert "SIL Open Font License" in (COMMON / "OFL.txt").read_text("utf-8")


def test_a_chinese_report_uses_the_shipped_cut_and_a_rare_character_a_cut_of_its_own(tmp_path: Path) -> None:
    code = ("import sys\nfrom sitrep.render.fonts_cjk import cjk_font_files\n"
            "for text in sys.argv[1:]:\n    print(*cjk_font_files(text))\n")
    common_text = "叙利亚西北部局势升级：平民伤亡和流离失所"
    rare = "龘"  # in the fonts, not among GB 2312's common characters
    proc = subprocess.run([sys.executable, "-c", code, common_text, common_text + rare], capture_output=True,
                          text=True, timeout=300, check=True, env={**os.environ, "SITREP_CACHE_DIR": str(tmp_path)})
    shipped, own = [[Path(p) for p in line.split()] for line in proc.stdout.splitlines()]
    assert [p.name for p in shipped] == ["NotoSansCJKSC-Regular-common.ttf", "NotoSansCJKSC-Bold-common.ttf"]
    assert all(p.parent == tmp_path / "fonts" for p in own)
    with TTFont(str(own[1])) as font:
        assert ord(rare) in font.getBestCmap()


@pytest.mark.heavy
def test_the_script_makes_the_common_chinese_cut_again() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "make_cjk_common.py"), "--check"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
