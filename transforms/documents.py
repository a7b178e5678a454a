"""Analyst fields read from the text: cited party and state documents, and named places."""

from __future__ import annotations

import re

# "12-NQ/TW", "343-QĐ/TW", "89-KH/ĐUCA", "50-CT/TW": number, kind code, issuing body.
DOCUMENT_NUMBER = re.compile(r"\b(\d{1,4})\s*-\s*([A-ZĐ]{2,4})\s*/\s*([A-ZĐ]{2,8})\b")
PLACE = re.compile(
    r"\b(xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố)\s+"
    r"((?:[A-ZĐ][\wÀ-ỹ]*)(?:\s+[A-ZĐ][\wÀ-ỹ]*){0,3})"
)
NOT_PLACE_WORDS = {"Đảng", "Ủy", "Uỷ", "Công", "Nghị", "Hội", "Chi", "Ban", "Quy", "Chương"}


def cited_documents(text: str) -> list[str]:
    """Distinct document numbers in order of first mention, e.g. ["12-NQ/TW", "89-KH/ĐUCA"]."""
    seen: dict[str, None] = {}
    for number, kind, issuer in DOCUMENT_NUMBER.findall(text):
        seen.setdefault(f"{int(number)}-{kind}/{issuer}", None)
    return list(seen)


def places(text: str) -> list[str]:
    """Distinct administrative place names ("xã Trung Hưng", "tỉnh Gia Lai") in order of first mention."""
    seen: dict[str, None] = {}
    for level, name in PLACE.findall(text):
        words = name.split()
        while words and words[-1] in NOT_PLACE_WORDS:
            words.pop()
        if words and words[0] not in NOT_PLACE_WORDS:
            seen.setdefault(f"{level} {' '.join(words)}", None)
    return list(seen)
