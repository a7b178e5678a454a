"""Vietnamese text normalisation for display and for matching."""

from __future__ import annotations

import html
import re
import unicodedata

WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
BLANK_LINES = re.compile(r"\s*\n\s*")
PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_text(text: str) -> str:
    """Display text: entities unescaped, NFC, "Ð" (eth) as "Đ", whitespace folded; nothing else changes."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    lines = (WHITESPACE.sub(" ", line).strip() for line in BLANK_LINES.split(text))
    return "\n".join(line for line in lines if line)


def match_key(text: str) -> str:
    """The strict form used for matching: normalised, lower case, punctuation out, one space between words."""
    return " ".join(PUNCTUATION.sub(" ", normalize_text(text).lower()).split())


def word_count(text: str) -> int:
    return len(text.split())
