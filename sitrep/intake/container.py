"""Is an ``.xlsx`` really an Excel workbook, and safe to open? Checked before any parser reads it.

An ``.xlsx`` is a zip archive of XML parts. Before python-calamine (values) or openpyxl (which
part holds which sheet) touches one, :func:`check_xlsx` goes through the archive once, in
bounded chunks:

* what is not an ``.xlsx`` at all is named: an old ``.xls`` or an encrypted workbook (both OLE
  containers), a Word, PowerPoint, OpenDocument or ``.xlsb`` file, a plain zip archive, a
  download cut short;
* the sizes the archive *declares* are checked first (500 MB in all by default), then every part
  is really unpacked and its bytes counted and its CRC checked, so an archive that lies about its
  sizes (a zip bomb) is caught as well as a damaged one;
* no XML part may carry a DTD (``<!DOCTYPE``, ``<!ENTITY``): Excel never writes one, and it is
  how entity expansion ("billion laughs") and external entities (reading a local file) are
  smuggled in, so no parser is ever left to decide whether to expand them;
* only the compression Excel uses (deflate, or none), no zip-level encryption and no two parts
  with the same name (two readers could each pick a different one).

Each refusal is an :class:`~sitrep.errors.IntakeError` with a finding that says how to fix it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from sitrep.codes import (
    E_FILE_CORRUPT,
    E_FILE_ENCRYPTED,
    E_FILE_NOT_XLSX,
    E_FILE_TOO_LARGE,
    E_FILE_UNREADABLE,
    E_FILE_UNSAFE,
    E_FILE_XLS,
)
from sitrep.errors import Finding, IntakeError, Position
from sitrep.intake.limits import Limits, megabytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_OLE_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_OTHER_ZIPS = {"word/document.xml": "a Word document", "ppt/presentation.xml": "a PowerPoint presentation",
               "content.xml": "an OpenDocument file (LibreOffice, OpenOffice)",
               "xl/workbook.bin": "an Excel binary workbook (.xlsb)"}
_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
"""A zip member's local file header (30 bytes), as in the zip specification."""


def _dtd_pattern() -> re.Pattern[bytes]:
    """``<!DOCTYPE`` or ``<!ENTITY`` in any letter case, in UTF-8 and both UTF-16 byte orders."""
    words = []
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        for word in ("<!DOCTYPE", "<!ENTITY"):
            letters = [b"(?:" + b"|".join(re.escape(v) for v in sorted({c.lower().encode(codec),
                                                                          c.upper().encode(codec)})) + b")"
                       for c in word]
            words.append(b"".join(letters))
    return re.compile(b"|".join(words))


_DTD = _dtd_pattern()
_OVERLAP = 32
"""Bytes kept from one chunk to the next so that a marker split across two chunks is found."""


def check_xlsx(path: Path, limits: Limits) -> None:
    """Refuse, with the fix, a file that is not an ``.xlsx`` workbook or is not safe to open.

    Raises:
        IntakeError: see the module docstring for what is refused.
    """
    pos = Position(file=path.name)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
            if head.startswith(OLE_MAGIC):
                _refuse_ole(fh.read(limits.max_unpacked_bytes), pos)
    except OSError as exc:
        raise IntakeError(E_FILE_UNREADABLE(f"cannot open the file: {exc.strerror or exc}",
                                hint="check the path and that the file is not open elsewhere",
                                position=pos)) from exc
    if size > limits.max_unpacked_bytes:
        raise IntakeError(_too_large(f"the file is {megabytes(size)}", limits, pos))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a damaged directory claiming a zip version or method Python lacks
        if head.startswith(b"PK"):
            raise IntakeError(E_FILE_CORRUPT("the workbook is damaged or incomplete (a download or "
                                    "copy cut short?)", hint="get the file again from the partner, or open it in "
                                    "Excel and save it again", position=pos)) from exc
        raise IntakeError(E_FILE_NOT_XLSX("the file is not an Excel workbook",
                                hint="export it from Excel as .xlsx, or save the data as .csv",
                                position=pos)) from exc
    _check_parts(infos, limits, pos)
    try:
        with path.open("rb") as fh:
            budget = limits.max_unpacked_bytes
            for info in infos:
                budget -= _unpack(fh, info, budget, limits, pos)
    except OSError as exc:
        raise IntakeError(E_FILE_UNREADABLE(f"cannot read the file: {exc.strerror or exc}",
                                hint="check that the file is not open elsewhere", position=pos)) from exc


def _refuse_ole(data: bytes, pos: Position) -> None:
    # An encrypted .xlsx is an OLE container holding an "EncryptionInfo" stream; an old .xls is
    # an OLE container holding a "Workbook" (or "Book") stream.
    if _OLE_ENCRYPTED in data:
        raise IntakeError(encrypted(pos))
    if any(name in data for name in _OLE_WORKBOOK):
        raise IntakeError(E_FILE_XLS("the file is an old .xls workbook renamed to .xlsx",
                                hint="open it in Excel and 'Save As' Excel Workbook (.xlsx)", position=pos))
    raise IntakeError(E_FILE_ENCRYPTED(
        "the workbook is password-protected or is an old .xls renamed to .xlsx",
        hint="remove the password (File › Info › Protect Workbook) or 'Save As' .xlsx", position=pos))


def encrypted(pos: Position) -> Finding:
    """The finding for a password-protected workbook."""
    return E_FILE_ENCRYPTED("the workbook is protected with a password, so it cannot be read",
                 hint="open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt "
                      "with Password, clear it) and save it again", position=pos)


def _too_large(what: str, limits: Limits, pos: Position) -> Finding:
    return E_FILE_TOO_LARGE(f"{what}; sitrep reads intake files of up to "
                 f"{megabytes(limits.max_unpacked_bytes)} unpacked",
                 hint="split the data into several workbooks, or remove pictures and unused sheets",
                 position=pos)


def _corrupt(what: str, pos: Position) -> IntakeError:
    return IntakeError(E_FILE_CORRUPT(f"the workbook could not be read ({what})",
                             hint="open it in Excel, check it, and save it again as .xlsx", position=pos))


def _check_parts(infos: list[zipfile.ZipInfo], limits: Limits, pos: Position) -> None:
    """What the archive's directory alone tells: its kind, its part count and declared size."""
    names = {info.filename for info in infos}
    for member, what in _OTHER_ZIPS.items():
        if member in names:
            raise IntakeError(E_FILE_NOT_XLSX(f"the file is {what} renamed to .xlsx",
                                    hint="put the figures in an intake workbook (sitrep intake new) "
                                         "or export them from Excel as .xlsx", position=pos))
    if "[Content_Types].xml" not in names:
        raise IntakeError(E_FILE_NOT_XLSX("the file is a zip archive, not an Excel workbook",
                                hint="unpack it and send the .xlsx workbook it holds, or export the data "
                                     "from Excel as .xlsx", position=pos))
    if len(infos) > limits.max_parts:
        raise IntakeError(_too_large(f"the workbook holds {len(infos):,} parts (at most {limits.max_parts:,})",
                                     limits, pos))
    if len(names) != len(infos):
        raise _corrupt("two of its parts have the same name", pos)
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_unpacked_bytes:
        raise IntakeError(_too_large(f"the workbook unpacks to {megabytes(declared)}", limits, pos))


def _unpack(fh: BinaryIO, info: zipfile.ZipInfo, budget: int, limits: Limits, pos: Position) -> int:
    """Unpack one part in bounded chunks: its real size (refused beyond ``budget``), its CRC, and
    no DTD in an XML part. Returns the real size."""
    if info.flag_bits & 0x1:
        raise IntakeError(E_FILE_ENCRYPTED("the file is a password-protected zip archive",
                                hint="send the workbook itself, without a zip password", position=pos))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _corrupt(f"part {info.filename} is compressed in a way Excel never uses", pos)
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise _corrupt(f"part {info.filename} is missing", pos)
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    fh.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    xml = info.filename.lower().endswith((".xml", ".rels"))
    left, size, crc, tail = info.compress_size, 0, 0, b""
    try:
        while True:
            if inflate is None:
                if left <= 0:
                    break
                data = fh.read(min(_CHUNK, left))
                left -= len(data)
                if not data:
                    raise _corrupt(f"part {info.filename} is cut short", pos)
            else:
                if inflate.eof:
                    break
                source = inflate.unconsumed_tail
                if not source and left > 0:
                    source = fh.read(min(_CHUNK, left))
                    left -= len(source)
                data = inflate.decompress(source, _CHUNK)
                if not data and not source:
                    raise _corrupt(f"part {info.filename} is cut short", pos)
            size += len(data)
            if size > budget:
                raise IntakeError(_too_large(f"the workbook unpacks to more than its parts declare "
                                             f"(over {megabytes(limits.max_unpacked_bytes)})", limits, pos))
            crc = zlib.crc32(data, crc)
            if xml:
                window = tail + data
                if (b"<!" in window or b"<\x00!" in window) and _DTD.search(window):
                    raise IntakeError(E_FILE_UNSAFE(
                        f"part {info.filename} declares a DTD or XML entities, which Excel never "
                        "writes; the file was not read", hint="open the file in Excel and save it again as .xlsx, "
                        "or ask the partner where the file came from", position=pos))
                tail = window[-_OVERLAP:]
    except zlib.error as exc:
        raise _corrupt(f"part {info.filename} is damaged: {exc}", pos) from exc
    if size != info.file_size or crc != info.CRC:
        raise _corrupt(f"part {info.filename} is damaged (its size or checksum does not match)", pos)
    return size
