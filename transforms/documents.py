"""Analyst fields read from the text: cited party and state documents, and named places.

Documents. Party documents are numbered ``<number>-<kind>/<issuer>`` ("12-NQ/TW": resolution 12 of
the Central Committee; "89-KH/ĐUCA": plan 89 of the Party Committee of the Central Police); state
documents ``<number>/<year>/<kind>-<issuer>`` or ``<number>/<kind>-<issuer>`` ("13/2023/NĐ-CP",
"1234/QĐ-TTg"), and laws ``<number>/<year>/QH<term>`` ("37/2018/QH14"). Each citation becomes
``{document, kind, kind_name, number, year, issuer}``; ``year`` is the document's own year, or the
year of the date written right after it ("… 57-NQ/TW ngày 22/12/2024"), else None. "QĐ" is a
*Quy định* (regulation) or a *Quyết định* (decision); the words before the number decide, else
*Quyết định*.

Places. An administrative level word ("xã", "phường", "thị trấn", "huyện", "quận", "thị xã",
"tỉnh", "thành phố", "TP") followed by a name in capitals. A "tỉnh" is a place only when its name is
one of the provinces (the 63 before the 1 July 2025 merger or the 34 after; "tỉnh Ngày" is not);
a province-level "thành phố"/"TP" is written with its list spelling ("TP.HCM" -> "thành phố Hồ Chí
Minh"). Other names stop at a word that cannot be part of a place name (a time word, a title, a
family name after the first word: "UBND xã Trung Hưng Nguyễn Văn A" names "xã Trung Hưng").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypedDict

from transforms.text import place_tone_marks

# "12-NQ/TW", "343-QĐ/TW", "89-KH/ĐUCA", "50-CT/TW": number, kind code, issuing body (any code).
# The leading word boundary is a look-behind after the first digit, so the regex engine can jump to
# the next digit instead of testing the boundary at every position (clustering scans every text).
DOCUMENT_NUMBER = re.compile(r"(\d(?<!\w.)\d{0,3})\s*-\s*([A-ZĐ]{2,4})\s*/\s*([A-ZĐ]{2,8})\b")

KIND_NAMES = {
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "QĐ": "Quyết định", "KL": "Kết luận", "KH": "Kế hoạch",
    "HD": "Hướng dẫn", "TB": "Thông báo", "QC": "Quy chế", "BC": "Báo cáo", "CV": "Công văn",
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "CĐ": "Công điện", "TTr": "Tờ trình",
    "QH": "Luật",
}  # fmt: skip
PARTY_KINDS = "NQ|CT|QĐ|KL|KH|HD|TB|QC|BC|CV|TTr"
STATE_KINDS = "NQ|CT|QĐ|KL|KH|HD|TB|QC|BC|CV|NĐ|TTLT|TT|CĐ"
PARTY_DOCUMENT = re.compile(rf"(?<![\w/-])(\d{{1,4}})\s*-\s*({PARTY_KINDS})\s*/\s*([A-ZĐ]{{2,8}})(?![\w/-])")
STATE_DOCUMENT = re.compile(
    rf"(?<![\w/-])(\d{{1,5}})/(?:((?:19|20)\d\d)/)?({STATE_KINDS})-([A-ZĐ][A-Za-zĐđ]{{0,7}}(?:-[A-ZĐ0-9]{{1,8}})?)(?![\w/-])"
)
LAW = re.compile(r"(?<![\w/-])(\d{1,3})/((?:19|20)\d\d)/(QH\d{1,2})(?![\w/-])")
# The date written right after a document number: "ngày 22/12/2024", "ngày 16-3-2022", "ngày 5 tháng 8 năm 2024".
DATE_AFTER = re.compile(
    r"\s*,?\s*(?:ngày\s+\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*((?:19|20)\d\d)\b|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+((?:19|20)\d\d)\b|năm\s+((?:19|20)\d\d)\b)"
)
QUY_DINH_BEFORE = re.compile(r"quy định\s*(?:số\s*)?$", re.IGNORECASE)


class CitedDocument(TypedDict):
    document: str
    kind: str
    kind_name: str
    number: int
    year: int | None
    issuer: str


def _year_after(text: str, end: int) -> int | None:
    found = DATE_AFTER.match(text, end)
    return int(next(group for group in found.groups() if group)) if found else None


def _kind_name(kind: str, text: str, start: int) -> str:
    if kind == "QĐ" and QUY_DINH_BEFORE.search(text[max(0, start - 20) : start]):
        return "Quy định"
    return KIND_NAMES[kind]


def document_citations(text: str) -> list[CitedDocument]:
    """Distinct cited documents in order of first mention, with their kind, number, year and issuer."""
    found: list[tuple[int, CitedDocument]] = []
    for match in PARTY_DOCUMENT.finditer(text):
        number, kind, issuer = int(match.group(1)), match.group(2), match.group(3)
        document = f"{number}-{kind}/{issuer}"
        found.append((match.start(), CitedDocument(document=document, kind=kind, kind_name=_kind_name(kind, text, match.start()),
                                                   number=number, year=_year_after(text, match.end()), issuer=issuer)))  # fmt: skip
    for match in STATE_DOCUMENT.finditer(text):
        raw_number, year, kind, issuer = match.groups()
        document = f"{raw_number}/{year + '/' if year else ''}{kind}-{issuer}"
        found.append((match.start(), CitedDocument(document=document, kind=kind, kind_name=_kind_name(kind, text, match.start()),
                                                   number=int(raw_number), year=int(year) if year else _year_after(text, match.end()),
                                                   issuer=issuer)))  # fmt: skip
    for match in LAW.finditer(text):
        raw_number, year, issuer = match.groups()
        found.append((match.start(), CitedDocument(document=match.group(0), kind="QH", kind_name="Luật", number=int(raw_number),
                                                   year=int(year), issuer=issuer)))  # fmt: skip
    seen: dict[str, CitedDocument] = {}
    for _, citation in sorted(found, key=lambda item: item[0]):
        seen.setdefault(citation["document"], citation)
    return list(seen.values())


@lru_cache(maxsize=4096)
def citation(document: str) -> CitedDocument:
    """The citation that a document number alone stands for ("57-NQ/TW")."""
    found = document_citations(document)
    if len(found) != 1:
        raise ValueError(f"not one document number: {document!r}")
    return found[0]


def cited_documents(text: str) -> list[str]:
    """The cited documents' numbers only, e.g. ["12-NQ/TW", "89-KH/ĐUCA", "13/2023/NĐ-CP"]."""
    return [citation["document"] for citation in document_citations(text)]


# --- places ------------------------------------------------------------------------------------
# Provinces and centrally governed cities before 1 July 2025 (63; Huế a city since 1 January 2025).
PROVINCES_63 = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên",
    "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình",
    "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
CITIES_63 = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
# The 34 provincial units from 1 July 2025 (Resolution 202/2025/QH15): what each old province became.
MERGED_INTO = {
    "Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Thừa Thiên Huế": "Huế",
    "Quảng Nam": "Đà Nẵng", "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng", "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bình Phước": "Đồng Nai",
    "Bình Dương": "Hồ Chí Minh", "Bà Rịa - Vũng Tàu": "Hồ Chí Minh", "Long An": "Tây Ninh", "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long", "Tiền Giang": "Đồng Tháp", "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ",
    "Bạc Liêu": "Cà Mau", "Kiên Giang": "An Giang",
}  # fmt: skip
PROVINCES_34 = tuple(sorted({MERGED_INTO.get(name, name) for name in PROVINCES_63 + CITIES_63} - set(CITIES_63)))
CITIES_34 = CITIES_63


def province_after_merger(name: str) -> str:
    """The provincial unit (of the 34) that a province or city of either list belongs to since July 2025."""
    return MERGED_INTO.get(name, name)


def _key(name: str) -> str:
    """Spelling-insensitive key: tone-mark placement, hyphens and spacing ("Bà Rịa-Vũng Tàu", "Thanh Hoá")."""
    return " ".join(place_tone_marks(name).replace("-", " ").split()).casefold()


PROVINCE_NAMES = {_key(name): name for name in PROVINCES_63 + CITIES_63} | {
    _key("Thừa Thiên - Huế"): "Thừa Thiên Huế", _key("Đắc Lắc"): "Đắk Lắk", _key("Đăk Lăk"): "Đắk Lắk",
    _key("Đăk Nông"): "Đắk Nông", _key("Đắc Nông"): "Đắk Nông",
}  # fmt: skip
CITY_SHORT = {"HCM": "Hồ Chí Minh", "HN": "Hà Nội"}  # "TP.HCM", "TP HCM", "TPHCM"

LEVEL = re.compile(r"(?<!\w)(?:((?i:thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tỉnh))(?!\w)|TP\.?(?=\s*[A-ZĐ]))")
WORD = re.compile(r"\s*(?:-\s*)?([^\W\d_][\w']*|\d{1,2}(?!\w))")
SHORT_CITY = re.compile(r"(?<!\w)TP\.?\s*(HCM|HN)(?!\w)")
# Words that never start (or continue) a place name: time words, sentence openers, titles, organisations.
NOT_NAME = frozenset(
    "Ngày Sáng Chiều Tối Trưa Đêm Hôm Theo Tại Trong Sau Trước Khi Với Đây Từ Đến Năm Tháng Các Những Đảng Đoàn "
    "Ủy Uỷ Công Nghị Hội Ban Chương Bộ Thường Ông Anh Chị Qua Về Để Do Nhưng Còn Cùng Tuy Vì Nếu Hiện "
    "Lực Cục Phòng UBND HĐND MTTQ Mặt Trận Chủ Phó Giám Trưởng Bí Kết Quyết Chỉ Kế Hướng Thông Luật Điều Số "
    "Cảnh Sát Đội Trạm Trường Bệnh Viện Tòa Sở Ngành Lễ Tết Thứ HỘI".split()
)  # fmt: skip
FAMILY_NAMES = frozenset("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split())
NUMBERED_LEVELS = {"phường", "quận", "xã"}  # "phường 12", "quận 3"
MAX_NAME_WORDS = 4


def _following_words(text: str, at: int) -> list[tuple[str, int]]:
    """The words right after position ``at`` (a hyphen may join them), with each one's end, until punctuation."""
    words: list[tuple[str, int]] = []
    while len(words) < MAX_NAME_WORDS:
        found = WORD.match(text, at)
        if found is None or words and found.group(0)[:1] not in (" ", "-"):  # "Bà Rịa-Vũng Tàu" continues
            break
        words.append((found.group(1), found.end()))
        at = found.end()
    return words


def _province(words: list[str]) -> str | None:
    """The longest run of ``words`` (from the first) that spells a province or province-level city."""
    for length in range(min(len(words), 4), 0, -1):
        name = PROVINCE_NAMES.get(_key(" ".join(words[:length])))
        if name:
            return name
    return None


def _place_name(level: str, words: list[str]) -> str | None:
    if not words:
        return None
    if words[0].isdigit():
        return words[0] if level in NUMBERED_LEVELS else None
    kept: list[str] = []
    for position, word in enumerate(words):
        if word.isdigit() or not word[0].isupper() or word in NOT_NAME or (position and word in FAMILY_NAMES):
            break
        kept.append(word)
    return " ".join(kept) or None


def places(text: str) -> list[str]:
    """Distinct administrative places ("xã Trung Hưng", "tỉnh Gia Lai", "thành phố Hồ Chí Minh") in order
    of first mention."""
    text = SHORT_CITY.sub(lambda match: f"thành phố {CITY_SHORT[match.group(1)]}", text)
    seen: dict[str, None] = {}
    for match in LEVEL.finditer(text):
        level = match.group(1).lower() if match.group(1) else "thành phố"
        words = [word for word, _ in _following_words(text, match.end())]
        if level in ("tỉnh", "thành phố"):
            province = _province(words)
            if province is not None:
                seen.setdefault(f"{level} {province}", None)
                continue
            if level == "tỉnh":
                continue  # "tỉnh" + a name that is no province: not a place ("Công an tỉnh Ngày 12/9 …")
        name = _place_name(level, words)
        if name is not None:
            seen.setdefault(f"{level} {name}", None)
    return list(seen)
