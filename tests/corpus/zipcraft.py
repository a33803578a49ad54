"""Hostile and broken .xlsx archives, crafted byte by byte (nothing is committed as a binary)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Member:
    """One archive member as it will be written: ``data`` is already compressed for deflate."""

    name: str
    data: bytes
    crc: int
    size: int
    """The uncompressed size the archive *declares* (it may lie)."""
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(name: str, content: bytes, *, declared: int | None = None) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return Member(name, data, zlib.crc32(content), len(content) if declared is None else declared)


def zeros(name: str, megabytes: int, *, declared: int | None = None) -> Member:
    """``megabytes`` MB of zeros in about 1 KB per MB: a zip bomb (declaring its real size unless told)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)  # repeatable after a full flush
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(bytes(1 << 20), crc)
    data = block * megabytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    size = megabytes << 20
    return Member(name, data, crc, size if declared is None else declared)


def build(members: list[Member]) -> bytes:
    """A zip archive holding ``members`` exactly as given (sizes, CRCs and flags included)."""
    out = io.BytesIO()
    central = []
    for m in members:
        offset = out.tell()
        name = m.name.encode("utf-8")
        out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, m.flags, m.method, 0, 0x21, m.crc, len(m.data), m.size,
                              len(name), 0))
        out.write(name)
        out.write(m.data)
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 0, 20, 0, m.flags, m.method, 0, 0x21, m.crc, len(m.data),
                                     m.size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def members_of(xlsx: bytes) -> list[Member]:
    """The members of a real workbook, recompressed (so they can be edited and rebuilt)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [deflated(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def edit(xlsx: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one part's content changed."""
    return build([deflated(m.name, change(zlib.decompress(m.data, -15))) if m.name == part else m
                  for m in members_of(xlsx)])


BILLION_LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + '<!ENTITY xxe SYSTEM "file://{secret}">]>')
"""A DTD whose entity ``&j;`` expands to 10**9 × 30 characters, plus an external entity that
would read ``{secret}``."""


def with_dtd(xlsx: bytes, part: str, secret: str, cell_text: str) -> bytes:
    """The workbook with a billion-laughs DTD in ``part`` and ``cell_text`` replaced by the entities."""
    dtd = BILLION_LAUGHS.replace("{secret}", secret).encode()

    def change(xml: bytes) -> bytes:
        entities = xml.replace(cell_text.encode(), b"&j;&xxe;")
        if entities.startswith(b"<?xml"):
            declaration, _, rest = entities.partition(b"?>")
            return declaration + b"?>" + dtd + rest
        return dtd + entities

    return edit(xlsx, part, change)
