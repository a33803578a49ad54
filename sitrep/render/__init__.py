"""Stage 6 — render: :class:`~sitrep.compose.Document` -> file bytes, one function per format.

Renderers are pure (document in, bytes out); writing is done by :func:`write_atomic` so a
crash or a kill never leaves a half-written file where the previous good one was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sitrep.compose.document import Document

FORMATS = ("pdf", "docx")


def _pdf(doc: Document) -> bytes:
    from sitrep.render.pdf import render_pdf

    return render_pdf(doc)


def _docx(doc: Document) -> bytes:
    from sitrep.render.docx import render_docx

    return render_docx(doc)


RENDERERS: dict[str, Callable[[Document], bytes]] = {"pdf": _pdf, "docx": _docx}
"""Format name -> renderer. Heavy libraries are imported only when a format is used."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


__all__ = ["FORMATS", "RENDERERS", "write_atomic"]
