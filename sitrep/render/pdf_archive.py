"""Archival finish of the PDF: what reportlab does not write, added with pikepdf.

reportlab lays the report out; :func:`archive` then turns its bytes into a PDF/A-2b file
(ISO 19005-2, level B: the pages look the same for ever) that preflight tools accept:

* every embedded font subset gets its own tag, derived from the subset's bytes (reportlab
  names the first subset of every font ``AAAAAA+``, which some tools take for one font);
* an XMP metadata packet that says the same as the document information dictionary (title,
  author, subject, keywords, creator, producer, dates) plus the language and the PDF/A
  identification (``pdfaid:part`` 2, ``pdfaid:conformance`` B);
* an sRGB output intent with its ICC profile (the one pikepdf ships for this purpose), so the
  device RGB colours and the DRAFT mark's transparency have a defined meaning;
* the info dictionary's ``/Trapped`` entry, which PDF/A-2's XMP cannot mirror, and the
  empty ``/Trans`` (page transition) dictionary reportlab puts on every page is dropped.

:func:`archival_image` converts a CMYK logo to RGB before reportlab embeds it.

The XMP dates are the report's as-of date (the info dictionary's dates), never the time of
the build, and the file identifier is a hash of the content, so the bytes stay identical from
run to run.
"""

from __future__ import annotations

import hashlib
import io
import re
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"
SRGB_IDENTIFIER = "sRGB IEC61966-2.1"
"""The output condition of the ICC registry's characterisation for sRGB."""

_SUBSET = re.compile(r"^/[A-Z]{6}\+(?P<name>.+)$")

def save_options() -> dict[str, Any]:
    """How the finished file is written (``pikepdf.Pdf.save`` keywords)."""
    import pikepdf

    return {
        # The settings pikepdf.pdfa pins for PDF/A (pikepdf.pdfa.resolve_save_kwargs): keep the
        # declaration, never encrypt, leave content streams and the XMP packet as they are.
        "preserve_pdfa": True, "encryption": None, "qdf": False, "normalize_content": False,
        "fix_metadata_version": False, "stream_decode_level": pikepdf.StreamDecodeLevel.generalized,
        # The file identifier is a hash of the content, not of the time: same input, same bytes.
        "deterministic_id": True,
        # Object streams (PDF 1.5; PDF/A-2 is based on PDF 1.7) make the file smaller.
        "object_stream_mode": pikepdf.ObjectStreamMode.generate,
        "compress_streams": True, "recompress_flate": False,
    }


def srgb_profile() -> bytes:
    """The sRGB ICC profile shipped with pikepdf for PDF/A output intents."""
    return (files("pikepdf") / "pdfa" / "data" / "sRGB.icc").read_bytes()


def archive(data: bytes, *, language: str) -> bytes:
    """reportlab's PDF bytes, made PDF/A-2b and preflight-clean; same input, same bytes.

    Args:
        data: The PDF as reportlab wrote it (with its info dictionary and ``/Lang``).
        language: The document's language tag (``ar``), recorded as ``dc:language``.

    Returns:
        The finished PDF.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        retag_subsets(pdf)
        for page in pdf.pages:
            trans = page.obj.get("/Trans")
            if isinstance(trans, pikepdf.Dictionary) and not trans.keys():
                del page.obj["/Trans"]
        _add_output_intent(pdf)
        _add_xmp(pdf, language)
        out = io.BytesIO()
        pdf.save(out, **save_options())
    return out.getvalue()


def archival_image(path: str) -> str | io.BytesIO:
    """An image file as the PDF should embed it: a CMYK image (a logo from a print workflow)
    converted to RGB, since PDF/A allows device CMYK only with a CMYK output intent and ours is
    sRGB; any other image as it is (PDF/A-2 allows the soft mask of a transparent PNG)."""
    from PIL import Image

    with Image.open(path) as image:
        if image.mode != "CMYK":
            return path
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=95)
    out.seek(0)
    return out


def subset_tag(font_program: bytes, name: str, taken: set[str]) -> str:
    """Six capital letters from a hash of the subset's font program and name, unlike any in ``taken``.

    ISO 32000 asks for a tag that differs between different subsets; deriving it from the
    subset's content makes it stable between builds and distinct between subsets.
    """
    salt = 0
    while True:
        digest = hashlib.sha256(font_program + name.encode("utf-8") + bytes([salt])).digest()
        tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
        if tag not in taken:
            taken.add(tag)
            return tag
        salt += 1


def retag_subsets(pdf: pikepdf.Pdf) -> list[str]:
    """Give every embedded subset font its own tag; returns the new font names."""
    import pikepdf

    renamed: list[str] = []
    taken: set[str] = set()
    fonts: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary, str, bytes]] = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font:
            base = str(obj.get("/BaseFont", ""))
            match = _SUBSET.match(base)
            descriptor = obj.get("/FontDescriptor")
            if match and isinstance(descriptor, pikepdf.Dictionary):
                stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3") or \
                    descriptor.get("/FontFile")
                if isinstance(stream, pikepdf.Stream):
                    fonts.append((obj, descriptor, match["name"], stream.read_bytes()))
    # Objects in a stable order (their content), so the tags never depend on object numbering.
    for font, descriptor, name, program in sorted(fonts, key=lambda f: (f[2], f[3])):
        new = f"/{subset_tag(program, name, taken)}+{name}"
        renamed.append(new)
        font.BaseFont = pikepdf.Name(new)
        descriptor.FontName = pikepdf.Name(new)
    return renamed


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    import pikepdf

    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    profile.Alternate = pikepdf.Name.DeviceRGB
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(SRGB_IDENTIFIER), Info=pikepdf.String(SRGB_IDENTIFIER),
        RegistryName=pikepdf.String("http://www.color.org"), DestOutputProfile=profile)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def _add_xmp(pdf: pikepdf.Pdf, language: str) -> None:
    """XMP from the info dictionary (so the two agree), plus language and PDF/A identification."""
    info = pdf.docinfo
    # reportlab writes /Trapped /False; its XMP twin (pdf:Trapped) is not among the properties
    # PDF/A-2 admits, and the two must agree, so the entry goes (absent means "unknown").
    if "/Trapped" in info:
        del info["/Trapped"]
    keywords = [k.strip() for k in str(info.get("/Keywords", "")).split(",") if k.strip()]
    # Not marked as edited by pikepdf: that would write the current time into the packet.
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.load_from_docinfo(info, raise_failure=True)
        meta["dc:language"] = [language]
        if keywords:
            meta["dc:subject"] = keywords
        if "xmp:ModifyDate" in meta:
            meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"]
        meta["pdfaid:part"] = PDFA_PART
        meta["pdfaid:conformance"] = PDFA_CONFORMANCE
