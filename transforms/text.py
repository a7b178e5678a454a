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

SPACES = " \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff"
WHITESPACE = re.compile(rf"[{SPACES}]+")
# What folding changes: two spaces in a row, or a space that is not " " (most text has neither, and two
# plain scans find that faster than a substitution at every space).
ODD_SPACE = re.compile(rf"[{SPACES[1:]}]")
PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
FIRST_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}
# First vowel + second vowel carrying the mark -> first vowel carrying it + plain second vowel.
MOVE_TONE = {
    first + TONED[second][tone]: FIRST_TONED[first][tone] + second
    for first, seconds in (("o", "ae"), ("u", "y"))
    for second in seconds
    for tone in range(5)
}
MOVE_TONE |= {k.upper(): v.upper() for k, v in MOVE_TONE.items()} | {k.capitalize(): v.capitalize() for k, v in MOVE_TONE.items()}
# An open "oa"/"oe"/"uy" ending a word (NFC), not after "q" ("quý" is already unambiguous). The look-behind
# comes after the first letter so that the regex engine can skip ahead to an "o"/"u" instead of trying every position.
SECOND_VOWEL_TONE = re.compile(rf"[oOuU](?<![qQ].)[{''.join(sorted({k[1] for k in MOVE_TONE}))}](?!\w)")


def place_tone_marks(text: str) -> str:
    """Tone marks of open "oa", "oe", "uy" syllables on the first vowel ("hoà" -> "hòa"); NFC in, NFC out."""
    return SECOND_VOWEL_TONE.sub(lambda match: MOVE_TONE.get(match.group(0), match.group(0)), text)


def normalize_text(text: str) -> str:
    """Display text: entities unescaped, NFC, "Ð" as "Đ", one tone-mark placement, whitespace folded."""
    if "&" in text:
        text = html.unescape(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\u00d0" in text or "\u00f0" in text:
        text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = place_tone_marks(text)
    # Space runs never contain a newline, so folding the whole text at once equals folding line by line;
    # stripping each line drops the blank space around line breaks.
    if "  " in text or ODD_SPACE.search(text):
        text = WHITESPACE.sub(" ", text)
    return "\n".join(filter(None, map(str.strip, text.split("\n"))))


def match_key(text: str) -> str:
    """The strict form used for matching: normalised, lower case, punctuation out, one space between words."""
    return key_of_normalized(normalize_text(text))


def key_of_normalized(text: str) -> str:
    """``match_key`` of text that is already ``normalize_text``-ed."""
    return " ".join(key_words(text))


def key_words(text: str) -> list[str]:
    """The words of ``key_of_normalized(text)``."""
    return PUNCTUATION.sub(" ", text.lower()).split()


def word_count(text: str) -> int:
    return len(text.split())


# An outlet's tag at the start of a lead: "(Chinhphu.vn) - ", "(GLO)- ", "(ĐCSVN) - ", "(PLO)-",
# "TTXVN - ". In parentheses an outlet's initials (2 to 10 capitals) or its domain ("….vn"), not a place
# like "(Huế)", then a dash that some outlets leave out ("(CAO) Chiều 29-9, …"); or a news agency's name or an
# outlet's domain in capitals ("ANTD.VN - ") and a dash.
OUTLET_TAG = re.compile(
    r"^\s*(?:(\((?:[A-ZĐ]{2,10}|[A-ZĐ][\w.-]{0,30}\.vn)\))\s*[-–—]*|(TTXVN|VNA|[A-ZĐ]{2,10}\.VN)\s*[-–—]+)\s*(?=\S)"
)


def split_outlet_tag(lead: str) -> tuple[str | None, str]:
    """(the outlet's tag without parentheses and dash, e.g. "Chinhphu.vn", or None; the lead without it)."""
    found = OUTLET_TAG.match(lead)
    if found is None:
        return None, lead
    return (found.group(1) or found.group(2)).strip("()"), lead[found.end() :]
