"""Make the static bold faces sitrep ships in ``sitrep/render/fonts_bold/``.

The fontpkg packages ship Noto Sans and Noto Sans Arabic as variable fonts; reportlab reads
only their default (Regular) instance. This script cuts the bold instance (wght 700, default
width) from each installed variable font with fontTools' instancer — the same function sitrep
uses at run time for other families (:func:`sitrep.render.fonts.cut_bold`) — and writes, beside
the fonts, each family's OFL licence and ``provenance.json`` (source package and version, source
file with its size and SHA-256, fontTools version, axis location). The SIL Open Font License 1.1
allows modified versions to be redistributed with the licence; the Noto fonts declare no
Reserved Font Name, so the instances keep the family name.

Run it after updating a font package or fontTools::

    .venv/bin/python tools/make_bold_fonts.py          # rewrite the files
    .venv/bin/python tools/make_bold_fonts.py --check  # exit 1 if the shipped files differ
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import sys
from pathlib import Path

from fontTools import version as ft_version
from shipped import write_or_check

from sitrep.render.fonts import SHIPPED, _source, bold_location, cut_bold

FAMILIES = ("Noto Sans", "Noto Sans Arabic")


def _distribution(source: Path) -> tuple[str, str]:
    """(distribution name, version) of the package that installed ``source``."""
    module = source.parent.parent.name
    (name, *_) = importlib.metadata.packages_distributions()[module]
    return name, importlib.metadata.version(name)


def build() -> dict[str, bytes]:
    """Every file of ``fonts_bold/``, by name, as bytes."""
    files: dict[str, bytes] = {}
    provenance: dict[str, object] = {
        "made_by": "tools/make_bold_fonts.py (fontTools.varLib.instancer.instantiateVariableFont, "
                   "updateFontNames=False, then name IDs 1, 2, 4, 6, 16, 17 set to the family and 'Bold')",
        "fonttools": ft_version,
        "license": "SIL Open Font License 1.1 (the OFL-*.txt files beside the fonts)",
        "fonts": {},
    }
    for family in FAMILIES:
        source = _source(family)
        font = cut_bold(family, source)
        buffer = io.BytesIO()
        font.save(buffer)
        name = f"{family.replace(' ', '')}-Bold.ttf"
        files[name] = buffer.getvalue()
        licence = f"OFL-{family.replace(' ', '')}.txt"
        files[licence] = (source.parent.parent / "LICENSE").read_bytes()
        package, version = _distribution(source)
        from fontTools.ttLib import TTFont

        with TTFont(str(source), lazy=True) as variable:
            location = bold_location(variable)
        provenance["fonts"][family] = {  # type: ignore[index]
            "file": name, "license_file": licence, "source_package": f"{package}=={version}",
            "source_file": source.name, "source_size": source.stat().st_size,
            "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "location": location, "sha256": hashlib.sha256(files[name]).hexdigest(),
        }
    files["provenance.json"] = (json.dumps(provenance, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def main() -> int:
    return write_or_check(__doc__.splitlines()[0], build, SHIPPED)


if __name__ == "__main__":
    sys.exit(main())
