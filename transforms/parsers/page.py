"""Bytes to text: the one place bantin decides how an HTML page is decoded.

Order of evidence: a byte-order mark, then the charset the HTTP header declares, then the one the
page's own ``<meta>`` declares; a declared charset is only believed when the bytes decode cleanly
with it. Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the labels say (a legacy charset would
turn it into mojibake). The text comes out in NFC, so a windows-1258 page (which writes Vietnamese
tone marks as combining characters) and a UTF-8 page of the same article give the same string.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
# Tried in this order when nothing declared fits: the legacy charset Vietnamese sites still use.
FALLBACKS = ("utf-8", "windows-1258")
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


@dataclass(frozen=True)
class DecodedPage:
    text: str  # NFC
    encoding: str  # the codec that decoded the bytes
    declared: str | None  # what the HTTP header declared
    corrected: bool  # the header's charset was overruled


def codec_name(label: str | None) -> str | None:
    """The Python codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        label = "windows-1252"  # what browsers do (WHATWG): these labels mean windows-1252
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"cp1258": "windows-1258", "cp1252": "windows-1252"}.get(name, name.replace("_", "-"))


def header_charset(content_type: str | None) -> str | None:
    found = HEADER_CHARSET.search(content_type or "")
    return codec_name(found[1]) if found else None


def meta_charset(body: bytes) -> str | None:
    found = META_CHARSET.search(body[:4096])
    return codec_name(found[1].decode("ascii", "replace")) if found else None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | None = None) -> DecodedPage:
    """The page's text in NFC, decoded by the first candidate charset its bytes really fit."""
    declared = header_charset(content_type)
    for bom, encoding in BOMS:
        if body.startswith(bom):
            text = body[len(bom) :].decode(encoding, "replace")
            return DecodedPage(unicodedata.normalize("NFC", text), encoding, declared, declared not in (None, encoding))
    if body.isascii():
        return DecodedPage(body.decode("ascii"), declared or "utf-8", declared, False)
    as_utf8 = _strict(body, "utf-8")
    if as_utf8 is not None:  # multi-byte UTF-8 sequences do not happen by accident in legacy text
        return DecodedPage(unicodedata.normalize("NFC", as_utf8), "utf-8", declared, declared not in (None, "utf-8"))
    candidates = [c for c in (declared, meta_charset(body), *FALLBACKS) if c and c != "utf-8"]
    for encoding in dict.fromkeys(candidates):
        decoded = _strict(body, encoding)
        if decoded is not None:
            return DecodedPage(unicodedata.normalize("NFC", decoded), encoding, declared, declared not in (None, encoding))
    text = body.decode(declared or "utf-8", "replace") if codec_name(declared) else body.decode("utf-8", "replace")
    return DecodedPage(unicodedata.normalize("NFC", text), declared or "utf-8", declared, False)


def encode_legacy(text: str, encoding: str = "windows-1258") -> bytes:
    """``text`` in a legacy charset, decomposing a letter into base + combining tone mark where the
    charset has no precomposed form (windows-1258 has "ê" but not "ệ": it writes "ê" + U+0323)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        out += _encode_char(char, encoding)
    return bytes(out)


def _encode_char(char: str, encoding: str) -> bytes:
    try:
        return char.encode(encoding)
    except UnicodeEncodeError:
        pass
    parts = unicodedata.normalize("NFD", char)
    if len(parts) == 1:
        return f"&#{ord(char)};".encode("ascii")
    # The letter with its vowel marks precomposed ("ê", "ơ"), then the tone marks as combining characters.
    tones = "".join(c for c in parts[1:] if c in TONE_MARKS)
    head = unicodedata.normalize("NFC", parts[0] + "".join(c for c in parts[1:] if c not in TONE_MARKS))
    if not tones:
        return f"&#{ord(char)};".encode("ascii")
    return b"".join(_encode_char(c, encoding) for c in head + tones)
