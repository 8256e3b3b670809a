"""Bytes to text: UTF-8 first, then the legacy encodings news archives use; never a crash."""

from __future__ import annotations

import codecs
import os
import re
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
    data = read_bytes(path, max_bytes, kind)
    return data if isinstance(data, Rejected) else decode_bytes(data)


def read_bytes(path: Path, max_bytes: int, kind: str) -> bytes | Rejected:
    """The bytes of a one-article file, or why it cannot be read (not a regular file, size, I/O,
    binary)."""
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
    return data


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


# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, and the
# charset parameter of an HTTP Content-Type header.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
# Browsers read a page declared latin-1 or ASCII as windows-1252 (WHATWG Encoding Standard), and
# pages so declared do use its curly quotes and dashes in 0x80-0x9F.
_BROWSER_ALIASES = {"latin_1": "cp1252", "ascii": "cp1252", "iso8859_1": "cp1252"}
# The HTML standard looks for <meta charset> in the first 1024 bytes; pages with long <head>
# comments or scripts put it later, so we look a little further.
_PRESCAN_BYTES = 4096


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The encoding a page declares (the HTTP ``content_type`` first, then ``<meta>``) as a Python
    codec name, ``None`` when it declares none or one Python does not know.

    >>> declared_charset(b'<meta charset="ISO-8859-1">'), declared_charset(b"", "text/html; charset=UTF-8")
    ('cp1252', 'utf-8')
    """
    candidates: list[str] = []
    if content_type:
        found = _CHARSET_PARAMETER.search(content_type)
        if found:
            candidates.append(found.group(1))
    found_meta = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if found_meta:
        candidates.append(found_meta.group(1).decode("ascii"))
    for candidate in candidates:
        try:
            name = codecs.lookup(candidate).name.replace("-", "_")
        except LookupError:
            continue
        name = _BROWSER_ALIASES.get(name, name)
        if name in ("utf_16", "utf_16_le", "utf_16_be", "utf_32"):  # a page read as bytes is not; the BOM says
            continue
        return codecs.lookup(name).name
    return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; returns ``(text, encoding)``.

    A byte-order mark wins, then valid UTF-8 (as trafilatura's ``decode_file``), then the declared
    charset (HTTP header, then ``<meta>``), decoded
    with replacement characters for the odd stray byte, as browsers and trafilatura do: one
    cp1252 byte in a page declared UTF-8 must not turn all its umlauts into mojibake.  Without
    a declaration, :func:`decode_bytes` guesses.

    >>> decode_html('<meta charset="utf-8">Köln'.encode() + bytes([0x96]))
    ('<meta charset="utf-8">Köln\ufffd', 'utf-8')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:  # valid UTF-8 is UTF-8 whatever the page says (pages declared latin-1 but saved as UTF-8 abound)
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared:
        return data.decode(declared, errors="replace"), declared
    return decode_bytes(data)
