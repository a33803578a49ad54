"""Make the common-character Chinese font cuts sitrep ships in ``sitrep/render/fonts_cjk_common/``.

A Chinese document needs Noto Sans CJK SC cut to its characters and converted to TrueType
(reportlab embeds only TrueType); doing that from the 17 MB OpenType/CFF faces takes seconds,
and it is done again whenever the document's characters change. This script cuts both faces
once, with the very function sitrep uses (:func:`sitrep.render.fonts_cjk._subset`: Simplified
Chinese glyph forms, CFF converted to quadratic outlines), to the characters most Chinese text
uses — GB 2312's symbols (rows 1–9) and its 3,755 level-1 hanzi — plus the characters every
subset holds. A document whose characters are all there is cut from these files in a fraction
of a second; any other falls back to the full faces. The fonts are under the SIL Open Font
License 1.1 (``OFL.txt`` beside them), which allows modified versions to be redistributed.

    .venv/bin/python tools/make_cjk_common.py          # rewrite the files
    .venv/bin/python tools/make_cjk_common.py --check  # exit 1 if the shipped files differ
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

from fontTools import version as ft_version
from shipped import write_or_check

from sitrep.render.fonts_cjk import ALWAYS, COMMON, _sources, _subset

ROWS = [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]
"""GB 2312 rows: 1–9 symbols, 16–55 the level-1 hanzi."""


def characters() -> str:
    found = set(ALWAYS)
    for row in ROWS:
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(c for c in found if c.isprintable() and ord(c) >= 32))


def build() -> dict[str, bytes]:
    chars = characters()
    files: dict[str, bytes] = {}
    sources = {}
    names = {}
    for style, source in zip(("Regular", "Bold"), _sources(), strict=True):
        font = _subset(source, style, [ord(c) for c in chars])
        font.recalcTimestamp = False
        buffer = io.BytesIO()
        font.save(buffer)
        names[style] = f"NotoSansCJKSC-{style}-common.ttf"
        files[names[style]] = buffer.getvalue()
        sources[style] = {"file": source.name, "size": source.stat().st_size,
                          "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                          "package": source.parent.name}
    files["OFL.txt"] = _licence()
    record = {"made_by": "tools/make_cjk_common.py (sitrep.render.fonts_cjk._subset of each face)",
              "fonttools": ft_version, "license": "SIL Open Font License 1.1 (OFL.txt)",
              "files": names, "sources": sources, "characters": chars}
    files["provenance.json"] = (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def _licence() -> bytes:
    from importlib import metadata

    dist = metadata.distribution("noto-cjk-sans-otc")
    (licence,) = [f for f in dist.files or [] if f.name == "LICENSE"]
    return Path(str(dist.locate_file(licence))).read_bytes()


def main() -> int:
    return write_or_check(__doc__.splitlines()[0], build, COMMON)


if __name__ == "__main__":
    sys.exit(main())
