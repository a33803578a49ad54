"""The command line shared by the scripts that make files shipped in the package (fonts).

``--check`` compares what the script makes now with the shipped files (the ``heavy`` tests run
it); without it the files are written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(description: str, build: Callable[[], dict[str, bytes]], folder: Path) -> int:
    """Parse the command line, make the files with ``build`` and write them into ``folder`` or compare."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare with the shipped files instead of writing")
    args = parser.parse_args()
    files = build()
    if args.check:
        differ = [name for name, data in files.items()
                  if not (folder / name).is_file() or (folder / name).read_bytes() != data]
        for name in differ:
            print(f"differs from what this script makes now: {folder / name}", file=sys.stderr)
        return 1 if differ else 0
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        print(f"wrote {folder / name} ({len(data):,} bytes)")
    return 0
