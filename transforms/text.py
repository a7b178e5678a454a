"""Vietnamese text normalisation: one display form, and a stricter key form for matching.

Display text (``normalize_text``): HTML entities unescaped, NFC, "Ð" (Latin eth, a common look-alike)
as "Đ", tone marks in one placement, whitespace folded; nothing else changes.

Tone-mark placement. Vietnamese writes the open syllables "oa", "oe" and "uy" two ways: with the
mark on the first vowel ("hòa", "khỏe", "thủy", "ủy"; what most national papers print) or on the
second ("hoà", "khoẻ", "thuỷ", "uỷ"). NFC keeps them different code points, so one report in each
style looks like two texts. bantin writes the first-vowel form. The rule applies only when the pair
ends the syllable and is not part of "qu" ("quý", "hoàn", "thuyền" are already unambiguous).
underthesea's ``text_normalize`` applies the same placement but re-tokenises the whole text
(spaces before commas, "12-NQ/TW" split into "12 - NQ / TW"), so it cannot give display text;
the few lines below do only the placement.
"""

from __future__ import annotations

import html
import re
import unicodedata

WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
BLANK_LINES = re.compile(r"\s*\n\s*")
PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# An open "oa"/"oe"/"uy" (plain vowels) with the tone mark on the second vowel, ending the word, not
# after "q" ("quý"). In NFD the mark follows its vowel; no further letter or mark may follow.
SECOND_VOWEL_TONE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{TONE_MARKS}])(?![\w\u0300-\u036f])")


def _move_tone_to_first_vowel(match: re.Match[str]) -> str:
    pair, tone = match.group(1), match.group(2)
    return f"{pair[0]}{tone}{pair[1]}"


def place_tone_marks(text: str) -> str:
    """Tone marks of open "oa", "oe", "uy" syllables on the first vowel ("hoà" -> "hòa"); NFC in, NFC out."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", SECOND_VOWEL_TONE.sub(_move_tone_to_first_vowel, decomposed))


def normalize_text(text: str) -> str:
    """Display text: entities unescaped, NFC, "Ð" as "Đ", one tone-mark placement, whitespace folded."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = place_tone_marks(text)
    lines = (WHITESPACE.sub(" ", line).strip() for line in BLANK_LINES.split(text))
    return "\n".join(line for line in lines if line)


def match_key(text: str) -> str:
    """The strict form used for matching: normalised, lower case, punctuation out, one space between words."""
    return " ".join(PUNCTUATION.sub(" ", normalize_text(text).lower()).split())


def word_count(text: str) -> int:
    return len(text.split())
