"""Bytes to text: UTF-8 first, then the legacy encodings news archives use; never a crash."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from ..model import Rejected
from .files import open_regular
from .printable import display_name

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_BOMS = tuple(bom for bom, _ in _BOMS[1:])  # UTF-16/32 text holds NUL bytes

# Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in cp1252; text holding them is latin-1.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def read_document(path: Path, max_bytes: int, kind: str) -> tuple[str, str] | Rejected:
    """``(text, encoding)`` of a one-article file, or why it cannot be read (not a regular file,
    size, I/O, binary)."""
    name = display_name(path)
    handle = open_regular(path)
    if isinstance(handle, str):
        return Rejected(name, None, handle)
    try:
        with handle:  # one open for the size check and the read
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return Rejected(name, None, f"file of {size} bytes is over the size limit of {max_bytes} bytes")
            data = handle.read(max_bytes + 1)  # bounded: the file may grow after the check
    except OSError as error:
        return Rejected(name, None, f"cannot read file: {error.strerror or error}")
    if len(data) > max_bytes:
        return Rejected(name, None, f"file grew over the size limit of {max_bytes} bytes while being read")
    if looks_binary(data):
        return Rejected(name, None, f"binary file, not {kind}")
    return decode_bytes(data)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read (NUL bytes or many control bytes)."""
    if not data:
        return False
    head = data[:8192]
    if head.startswith(_WIDE_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > 0.05 * len(head)


# Control bytes that text does not hold (tab, newline, form feed, carriage return and escape it may).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)``.

    >>> decode_bytes("Grüße".encode("cp1252"))
    ('Grüße', 'cp1252')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not _CP1252_UNDEFINED.intersection(data):
        return data.decode("cp1252"), "cp1252"
    guess = _guess(data)
    if guess:
        return data.decode(guess, errors="replace"), guess
    return data.decode("latin-1"), "latin-1"


# Legacy encodings of European news archives that are not cp1252; a guess outside this
# list (mac_iceland for a short German text, say) is more often wrong than latin-1.
_CANDIDATES = ["cp1250", "cp1251", "iso8859_2", "iso8859_15", "koi8_r", "cp1257"]


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=_CANDIDATES).best()
    return best.encoding if best is not None else None
