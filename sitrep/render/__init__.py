"""Stage 6 — render: :class:`~sitrep.compose.Document` -> file bytes, one function per format.

Renderers are pure (document in, bytes out); the pipeline writes the bytes with
:func:`sitrep.fs.write_atomic`. :mod:`sitrep.render.pool` renders many outputs in worker processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:  # the annotations only: importing a renderer's worker pool must not import compose
    from sitrep.compose.document import Document

Format = Literal["pdf", "docx", "html"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "html")


class Renderer(Protocol):
    """A format's renderer: a pure function of the document (same document, same bytes)."""

    def __call__(self, document: Document, /) -> bytes: ...


def _pdf(doc: Document) -> bytes:
    from sitrep.render.pdf import render_pdf

    return render_pdf(doc)


def _docx(doc: Document) -> bytes:
    from sitrep.render.docx import render_docx

    return render_docx(doc)


def _html(doc: Document) -> bytes:
    from sitrep.render.html import render_html

    return render_html(doc)


RENDERERS: dict[str, Renderer] = {"pdf": _pdf, "docx": _docx, "html": _html}
"""Format name -> renderer. Heavy libraries are imported only when a format is used."""


__all__ = ["FORMATS", "Format", "RENDERERS", "Renderer"]
