"""Maintainer commands for the message catalogs.

    python -m sitrep.i18n extract          rewrite sitrep.pot and merge it into every .po
    python -m sitrep.i18n init LANG        start a catalog for a new language
    python -m sitrep.i18n status           count untranslated labels per language
"""

from __future__ import annotations

import sys

from sitrep.i18n.catalog import catalog_languages, missing_translations, po_path, update_catalogs


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("extract", "init", "status"):
        print(__doc__)
        return 2
    if argv[0] == "init":
        if len(argv) != 2:
            print("usage: python -m sitrep.i18n init LANG")
            return 2
        path = po_path(argv[1])
        if path.exists():
            print(f"{path} exists already")
            return 2
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f'msgid ""\nmsgstr ""\n"Language: {argv[1]}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        path.write_text(header, encoding="utf-8")
    if argv[0] in ("extract", "init"):
        for written in update_catalogs():
            print(f"wrote {written}")
    for language in catalog_languages():
        print(f"{language}: {len(missing_translations(language))} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
