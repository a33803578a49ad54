"""ICU (icu4py) and uniseg cut text at the same UAX #14 break opportunities.

The Chinese PDF breaks its lines where ICU says (fast); where icu4py has no wheel, sitrep falls
back to uniseg (pure Python). Both must give the same lines, so the same document renders to the
same bytes on every platform: checked on every Chinese string of the catalogue and the example,
and on text that mixes scripts, punctuation, spaces and forced breaks.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sitrep.render.linebreak import _units, uniseg_units

ROOT = Path(__file__).resolve().parents[1]

MIXED = [
    "",
    "在2024年11月27日，非国家武装团体（包括OCHA Syria）发动了大规模攻势。",
    "“引号”里的话；《书名》、【注释】……还有——破折号！",
    "阿勒颇 (Aleppo) 和伊德利卜：12,345 人，3.5%，US$ 1,200,000。",
    "2\u20600\u20602\u20604\u2060年\u20601\u20601\u2060月",  # word joiners keep a date whole
    "第一行\n第二行\r\n第三行\u2028第四行",
    "Latin text with spaces, hyphen-ated words and e-mail@example.org.",
    "ﻢﻟﺎﻌﻟا ﺎﺒﺣﺮﻣ 123",
    "🙂表情🙂和组合字符 e\u0301。",
]


def _chinese_texts() -> list[str]:
    from babel.messages.pofile import read_po

    with (ROOT / "sitrep/i18n/locales/zh/LC_MESSAGES/sitrep.po").open("rb") as fh:
        catalog = read_po(fh)
    texts = [str(m.string) for m in catalog if m.id and m.string and isinstance(m.string, str)]
    config = tomllib.loads((ROOT / "examples/nw-syria-2024/report.toml").read_text(encoding="utf-8"))

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    return texts + [s for s in strings(config) if any("\u4e00" <= c <= "\u9fff" for c in s)]


def test_icu_and_uniseg_break_the_same_places() -> None:
    pytest.importorskip("icu4py.breakers", reason="icu4py has no wheel for this platform; uniseg is used alone")
    texts = _chinese_texts() + MIXED
    assert len(texts) > 100
    differ = [(text, _units(text), uniseg_units(text)) for text in texts if _units(text) != uniseg_units(text)]
    assert not differ
    assert _units("平民死亡，其中儿童") == ("平", "民", "死", "亡，", "其", "中", "儿", "童")
