"""Vietnamese news dates: bylines, metadata and dates mentioned in text, read into Asia/Ho_Chi_Minh.

``parse_date`` reads the one date a string holds (a byline, a meta value, a feed's pubDate);
``find_dates`` finds every day mentioned in running text. Both return ``None``/nothing rather than
guess: a result always names a complete day. Fast rules (regular expressions composed from small
named pieces and compiled once) come first; dateparser is the fallback for the rare written-out
forms they do not cover, and its answers must pass the same checks.
Nothing here reads the clock: relative and year-less dates are resolved against ``reference``
(the most recent such day, or the next one when the text says it is ahead: "ngày 15/12 tới").
Lunar dates ("rằm tháng Giêng", "15/8 âm lịch") are converted to the solar day by vnlunar,
imported only when one is found.
The rules, the API and the benchmark are described in ``docs/dates.md``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Literal, NamedTuple, overload
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
Precision = Literal["day", "minute"]
FLAGS = re.IGNORECASE

# --- the pieces rules are built from -------------------------------------------------------------
DASHES = re.escape("-‐‑‒–—−")  # hyphen-minus, hyphens, figure/en/em dashes, minus sign (inside [...])
DAY = r"[12]\d|3[01]|0?[1-9]"
MONTH = r"1[0-2]|0?[1-9]"
YEAR = r"(?:19|20)\d{2}"
SHORT_YEAR = rf"{YEAR}|\d{{2}}"
# Not followed by more digits, letters, another numeric part ("1-5/10") or a code ("/QĐ", "-UBND").
NUMBER_END = rf"(?![^\W_]|[/.{DASHES}]\d|(?-i:[/{DASHES}][A-ZĐ]))"
MONTH_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}  # fmt: skip
# Written months as capitalised names ("tháng Chín", "THÁNG CHÍN"): a lower-case "9 tháng năm 2025" is nine months.
_MONTH_NAMES = ("Mười Một", "Mười Hai", "Mười", "Một", "Hai", "Ba", "Tư", "Bốn", "Năm", "Sáu", "Bảy", "Bẩy", "Tám", "Chín")
MONTH_WORD = "(?-i:" + "|".join(f"{name}|{name.upper()}".replace(" ", r"\s+") for name in _MONTH_NAMES) + ")"
# The lunar months are named as the solar ones but for the first, the eleventh and the last: "tháng Giêng",
# "tháng Một" (the 11th), "tháng Chạp". "Giêng" and "Chạp" name only lunar months.
LUNAR_MONTH_WORDS = {**MONTH_WORDS, "giêng": 1, "một": 11, "chạp": 12}
ONLY_LUNAR_MONTH = r"giêng|chạp"
LUNAR_MONTH_WORD = "|".join(name.replace(" ", r"\s+") for name in sorted(LUNAR_MONTH_WORDS, key=len, reverse=True))
ENGLISH_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
ENGLISH_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
ORDINAL = r"(?:st|nd|rd|th)?"
WEEKDAY = r"thứ\s*(?:hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t[2-7]"
PART_OF_DAY = r"sáng|trưa|chiều|tối|đêm|khuya"
ZONE_NAMES = {"gmt": 0, "utc": 0, "ut": 0, "z": 0, "ict": 7, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
              "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}  # fmt: skip
ZONE_NAME = "|".join(sorted(ZONE_NAMES, key=len, reverse=True))  # "ICT", "GMT", "Z" (RFC 822's names)
YEAR_WORDS = {"nay": 0, "ngoái": -1, "trước": -1, "sau": 1, "tới": 1}  # "22/9 năm nay", "năm ngoái"


def _year_word(name: str) -> str:
    return rf"(?:\s+năm\s+(?P<{name}>{'|'.join(YEAR_WORDS)})(?!\w))?"


# Day-first numeric dates, one separator throughout: "22/09/2025", "22-6-2022", "22.09.25", "22-9";
# followed by a later day they are a range ("từ 30/9 đến 2/10/2025", "28/9 - 2/10") naming the first.
UNTIL = (
    rf"\s*(?:[{DASHES}]|đến|tới)\s*(?:(?:hết\s+)?ngày\s+)?(?P<t_day>{DAY})(?P<t_sep>[/{DASHES}])(?P<t_month>{MONTH})"
    rf"(?:(?P=t_sep)(?P<t_year>{SHORT_YEAR}))?{NUMBER_END}"
)
NUMERIC = (
    rf"(?P<n_day>{DAY})(?P<n_sep>[/.{DASHES}])(?P<n_month>{MONTH})(?:(?P=n_sep)(?P<n_year>{SHORT_YEAR}))?"
    rf"(?:(?P<until>{UNTIL})|{NUMBER_END}{_year_word('n_rel')})"
)
# Year first (ISO 8601 and its relatives): "2025-09-22", "2025/09/22".
YEAR_FIRST = rf"(?P<i_year>{YEAR})(?P<i_sep>[/.{DASHES}])(?P<i_month>{MONTH})(?P=i_sep)(?P<i_day>{DAY})(?!\d|[/.{DASHES}]\d)"
# Days of one month name the first: "ngày 9 và 10/9", "từ ngày 1 đến 5/10/2025", "26-27/9", "ngày 29, 30/9".
DAYS = (
    rf"(?P<r_first>{DAY})\s*(?:và|đến|tới|[{DASHES}]|(?P<r_comma>,))\s*(?:ngày\s+)?"
    rf"(?P<r_last>{DAY})(?P<r_sep>[/{DASHES}])(?P<r_month>{MONTH})(?:(?P=r_sep)(?P<r_year>{SHORT_YEAR}))?"
    rf"{NUMBER_END}{_year_word('r_rel')}"
)
# "ngày 22 tháng 6 năm 2022", "ngày 2 tháng Chín", "22 tháng 9, 2025", "22 thg 9 2025".
WORDS = (
    rf"(?P<w_day>{DAY})\s+th(?:áng|g)\s+(?:(?P<w_month>{MONTH})(?!\d)|(?P<w_month_word>{MONTH_WORD}|{ONLY_LUNAR_MONTH})(?!\w))"
    rf"(?:\s*,?\s*(?:năm\s+)?(?P<w_year>{YEAR})(?!\d)|{_year_word('w_rel')})"
)
# RFC 822 and English: "22 Sep 2025", "22-Sep-2025", "September 22nd, 2025".
ENGLISH = rf"(?P<e_day>{DAY}){ORDINAL}[\s{DASHES}]+(?P<e_month>{ENGLISH_MONTH})(?!\w)\.?,?[\s{DASHES}]+(?P<e_year>{YEAR})(?!\d)"
# Month first ("September 22, 2025", "Sep. 22nd 2025"): matched from the day on; the month is the word before.
ENGLISH_MONTH_FIRST = rf"(?P<f_day>{DAY}){ORDINAL},?\s+(?P<f_year>{YEAR})(?!\d)"
# Every form starts at a number that is not the tail of a number, a word, a code or a time; the
# look-ahead for a digit first lets the engine pass other positions cheaply. Words that open a date
# ("ngày", "từ") are looked at by the readers that need them (see _lead).
NUMBER_START = rf"(?=\d)(?<![\w/.,:{DASHES}])"
DATE = NUMBER_START + "(?:" + "|".join(f"(?P<{name}>{body})" for name, body in {
    "iso": YEAR_FIRST, "numeric": NUMERIC, "days": DAYS, "words": WORDS, "english": ENGLISH,
    "english_month_first": ENGLISH_MONTH_FIRST,
}.items()) + ")"  # fmt: skip
# Days that are lunar by their name: "rằm tháng Giêng", "Rằm tháng Bảy", "rằm tháng 8", "mùng 1 Tết", "mồng 3 Tết".
LUNAR_NAMED = (
    rf"(?<!\w)(?:rằm\s+tháng\s+(?:(?P<l_month>{MONTH})(?!\d)|(?P<l_month_word>{LUNAR_MONTH_WORD})(?!\w))"
    rf"|(?:mùng|mồng)\s+(?P<l_day>10|0?[1-9])\s+tết(?!\w))"
    rf"(?:\s*,?\s*(?:năm\s+)?(?P<l_year>{YEAR})(?!\d)|{_year_word('l_rel')})"
)
# Written right after a date, it makes it lunar: "15/8 âm lịch", "(15/7 ÂL)", "1/8 (âm lịch)", "10/3 AL".
LUNAR_MARK = (
    r"(?=[\s(]*(?:theo|âm|lịch|âl|al))\s*(?:\(\s*(?:theo\s+)?(?:âm\s+lịch|lịch\s+âm|(?-i:AL|ÂL|âl))\s*\)"
    r"|(?:theo\s+)?(?:âm\s+lịch|lịch\s+âm|(?-i:AL|ÂL|âl))(?!\w))"
)
# A year-less day the text says is ahead: "ngày 15/12 tới", "15/12 sắp tới", "20/10 tới đây" (after it) or
# "dự kiến (vào) ngày 20/10", "sẽ tổ chức vào ngày 20/10", "Ngày mai (3/9)" (before it). "tới" alone means
# "until" after "từ" ("từ 15/12 tới nay") and before "nay", "khi", a number…
AHEAD_AFTER = (
    r"\s+(?:sắp\s+(?:tới|đến)|tới\s+đây"
    r"|(?P<bare>tới)(?!\s*(?:nay|giờ|hiện|thời|lúc|đó|khi|hết|cuối|ngày|đêm|sáng|\d)))(?!\w)"
)
AHEAD_AFTER_STARTS = (" s", " t", " S", " T")  # how every AHEAD_AFTER starts in clean text: a cheap first look
AHEAD_BEFORE = rf"(?<!\w)(?:(?:dự\s+kiến|sẽ)(?:\s+[^\W\d_]+){{0,6}}|(?:ngày|hôm|{PART_OF_DAY})\s+mai)[\s(,:]*$"
UNTIL_FROM = r"(?<!\w)từ\s+(?:ngày\s+)?$"  # "từ 15/12 tới nay": "tới" is "until"
# Words that open a day right before a year-less number: "Chiều 14.8", "ngày 24/7", "Thứ Hai, 24/7",
# "Sáng nay (14.8)". Only after them is "14.8" a day (else a decimal) and "24/7" one (else round the clock).
DAY_OPENER = rf"(?<!\w)(?:(?:ngày|mùng|mồng|hôm|{PART_OF_DAY}|{WEEKDAY})\s*,?|(?:nay|qua|mai|kia)\s*\()\s*$"
ROUND_THE_CLOCK_MONTH = 7  # of the 24th: "trực 24/7", "hoạt động 24/7" ("24/24", "365/365" are no day/month at all)

# A clock time: "17:57", "17:57:04", "14h30", "14h", "14g30", "14 giờ 30 phút", "2:30 PM", "8 giờ sáng".
TIME = (
    r"(?=\d)(?<![\d.:/,])(?P<hour>[01]?\d|2[0-3])\s*(?P<mark>:|h|g|giờ)\s*"
    r"(?:(?P<minute>[0-5]?\d)(?:\s*(?::|(?:phút|ph|p)(?![^\W\d_])|')\s*"
    r"(?:(?P<second>[0-5]\d)(?:[.,]\d+)?(?:\s*giây)?)?)?)?"
    rf"(?(minute)(?![\d:])|(?![\w:]))(?!\s*trước)(?:\s*(?P<ampm>[ap]\.?m\.?|sa|ch|{PART_OF_DAY})(?!\w))?"
)
# A zone written right after a time: "(GMT+7)", "(GMT+07:00)", "UTC+7", "GMT", "Z", "+0700", "+07:00".
ZONE = (
    rf"\s*(?:\(\s*(?P<p_name>GMT|UTC)\s*(?:(?P<p_sign>[+{DASHES}])\s*(?P<p_hours>\d{{1,2}})(?::?(?P<p_minutes>\d{{2}}))?)?\s*\)"
    rf"|(?P<z_name>{ZONE_NAME})(?!\w)"
    rf"(?:\s*(?P<z_sign>[+{DASHES}])\s*(?P<z_hours>\d{{1,2}})(?::?(?P<z_minutes>\d{{2}}))?)?"
    rf"|(?P<n_sign>[+{DASHES}])(?P<n_hours>\d{{2}})(?P<n_colon>:?)(?P<n_minutes>\d{{2}})(?!\d))"
)
# A "GMT+7"/"UTC+7" anywhere in a byline (e.g. after the date when the time came first).
ANY_OFFSET = rf"(?:GMT|UTC)\s*(?P<o_sign>[+{DASHES}])\s*(?P<o_hours>\d{{1,2}})(?::?(?P<o_minutes>\d{{2}}))?(?!\d)"
# What may stand between a date and its time: separators, "lúc", "T" (ISO) after the date;
# separators, a weekday and "ngày" before it ("17:57 - Thứ Tư, 22/06/2022", "14h30 ngày 22/6/2022").
SEPARATORS = rf"[\s,|;(){DASHES}]"
GLUE_AFTER = rf"(?:T|{SEPARATORS}+(?:(?:vào\s+)?lúc\s+)?)"
GLUE_BEFORE = rf"{SEPARATORS}+(?:(?:{WEEKDAY})(?!\w){SEPARATORS}*)?(?:(?:ngày|hôm)\s+)?"
TIME_AFTER = rf"{GLUE_AFTER}(?:{TIME})(?P<zone>{ZONE})?"
TIME_BEFORE = rf"(?:{TIME})(?P<zone>{ZONE})?{GLUE_BEFORE}$"

# The fast path: a whole string that is a byline ("Thứ Tư, 22-06-2022, 17:57", "14:05 22/09/2025",
# "Ngày đăng: 30/09/2025 16:20", "Thứ Hai, 22/09/2025, 15:40 (GMT+7)", "(30/09/2025)",
# "14 giờ 30 phút, ngày 22 tháng 6 năm 2022"). It reads what the general rules would, only sooner
# (a property test holds them to it); anything else takes the general rules.
LABEL = r"(?:(?:cập\s+nhật|đăng|ngày|thời\s+gian|xuất\s+bản|lúc|vào)[\s:]*)*"
WEEKDAY_GLUE = rf"(?:(?:{WEEKDAY})\s*[,|{DASHES}]?\s*)?"


def _byline_time(prefix: str) -> str:
    """ "17:57", "17:57:04", "14h30", "14g30", "14 giờ 30 phút", "14 giờ 30" or "14 giờ", with groups named after ``prefix``."""
    return (
        rf"(?P<{prefix}_hour>[01]?\d|2[0-3])(?:[:hg](?P<{prefix}_minute>[0-5]\d)(?::(?P<{prefix}_second>[0-5]\d))?"
        rf"|\s*giờ(?:\s*(?P<{prefix}_minutes>[0-5]?\d)(?:\s*phút)?)?)"
    )


BYLINE = (
    rf"{LABEL}{WEEKDAY_GLUE}(?:{_byline_time('b')}\s*(?:[,|{DASHES}]\s*)?{WEEKDAY_GLUE}(?:ngày\s+)?)?\(?"
    rf"(?:(?P<day>{DAY})(?P<sep>[/.{DASHES}])(?P<month>{MONTH})(?P=sep)(?P<year>{SHORT_YEAR})"
    rf"|(?P<w_day>{DAY})\s+tháng\s+(?P<w_month>{MONTH})\s+năm\s+(?P<w_year>{YEAR}))\)?"
    rf"(?:\s*(?:[,|{DASHES}]\s*)?(?:lúc\s+)?{_byline_time('a')}"
    rf"(?:\s*\((?:GMT|UTC)(?P<sign>[+{DASHES}])(?P<hours>\d{{1,2}})(?::?(?P<minutes>\d{{2}}))?\))?)?"
)
BYLINE_PARTS = (
    "day", "month", "year", "w_day", "w_month", "w_year", "b_hour", "b_minute", "b_second", "b_minutes",
    "a_hour", "a_minute", "a_second", "a_minutes", "sign", "hours", "minutes",
)  # fmt: skip
# RSS pubDate (RFC 822): "Mon, 22 Sep 2025 15:40:00 +0700".
RFC_822 = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?(?P<day>{DAY})\s+(?P<month>{ENGLISH_MONTH})\.?\s+(?P<year>{YEAR})"
    rf"\s+(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    rf"(?:\s*(?:(?P<sign>[+-])(?P<hours>\d{{2}})(?P<minutes>\d{{2}})|(?P<name>{ZONE_NAME})))?"
)
ISO_8601 = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"

NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10}
AGO_UNITS = {"giây": timedelta(seconds=1), "phút": timedelta(minutes=1), "tiếng": timedelta(hours=1),
             "giờ": timedelta(hours=1), "ngày": timedelta(days=1), "tuần": timedelta(weeks=1)}  # fmt: skip
NAMED_DAYS = {"nay": timedelta(0), "qua": timedelta(days=-1), "kia": timedelta(days=-2), "mai": timedelta(days=1)}
# "3 giờ trước", "cách đây 2 ngày", "30 phút trước" (not "2 ngày trước khi…", "trước đó").
AGO = (
    rf"(?P<a_since>cách\s+đây\s+)?(?<![\w.,/:])(?<!thứ )(?P<a_count>\d{{1,3}}|{'|'.join(NUMBER_WORDS)})\s*"
    rf"(?P<a_unit>{'|'.join(AGO_UNITS)})(?P<a_ago>\s+trước(?!\s*(?:khi|đó|nữa)(?!\w)))?(?!\w)"
)
# "hôm nay", "hôm qua", "hôm kia", "ngày mai", "sáng nay", "chiều qua", "tối hôm qua".
NAMED_DAY = (
    rf"(?<!\w)(?:(?P<d_part>{PART_OF_DAY})\s+(?:(?:ngày\s+)?hôm\s+)?(?P<d_after_part>nay|qua|kia|mai)"
    rf"|(?:ngày\s+)?hôm\s+(?P<d_after_hom>nay|qua|kia)|ngày\s+(?P<d_tomorrow>mai))(?!\w)"
)
RELATIVE_WORDS = "trước|đây|nay|qua|kia|mai"  # one of them is in every relative expression
RELATIVE = rf"(?=[\dcmhbnstđk])(?:(?P<ago>{AGO})|(?P<named>{NAMED_DAY}))"

# A word right before a number that makes it a code, an address or a score, not a day ("số 12/5",
# "Điều 5-6", "ngõ 12/5", "lớp 12/3", "phiên bản 1.10.20", "tỷ số 2-1"); lower case.
NOT_A_DAY_BEFORE = frozenset(
    "số|số nhà|điều|khoản|điểm|mục|chương|phần|trang|kỳ|kì|khóa|khoá|lần|tầng|phòng|lô|km|lớp|ngõ|ngách"
    "|hẻm|kiệt|đường|phố|tỷ số|tỉ số|tháng|quý|phiên bản|version|v|#|№|nghị định|thông tư|quyết định"
    "|công văn|chỉ thị|nghị quyết|kết luận|quy định|hướng dẫn|kế hoạch|luật".split("|")
)
SCORE_BEFORE = frozenset({"thắng", "thua", "hòa", "hoà", "hạ"})  # as written: "xã Quyết Thắng" is a place
# For a year-less "a/b": words around it that make it a fraction ("đạt 2/3", "5/8 xã", "3/4 số hộ").
FRACTION_BEFORE = frozenset("tỷ lệ|tỉ lệ|đạt|chiếm|hơn|trên|gần|khoảng|tổng số|gồm|có|được|với|còn".split("|"))
# After a dotted year-less "a.b": a unit that makes it a decimal ("ngày 14.8 triệu" is not read as 14 August).
DECIMAL_AFTER = frozenset("triệu|tỷ|tỉ|nghìn|ngàn|điểm|lần|km|ha|tấn|kg|độ|usd|đồng|m|cm|mm|giờ|phút|tuổi".split("|"))
FRACTION_AFTER = frozenset(
    "%|xã|phường|thị trấn|huyện|quận|tỉnh|thành phố|thôn|bản|làng|ấp|tổ|khu|người|hộ|gia đình|đơn vị"
    "|đảng viên|chi bộ|đảng bộ|cơ sở|cơ quan|trường|trường hợp|vụ|đối tượng|học sinh|sinh viên|cán bộ"
    "|chiến sĩ|thành viên|đại biểu|phiếu|tiêu chí|chỉ tiêu|nội dung|số|phần|ý kiến|câu|bị cáo"
    "|doanh nghiệp|lượt|điểm|dự án|công trình|mục tiêu|nhiệm vụ".split("|")
)
# The fallback is worth asking only about a written-out date it might read: "tháng 9 22, 2025".
FALLBACK_WORTH = r"(?=t)(?<!\w)th(?:áng|g)(?!\w)"
SMALL_NUMBER = r"(?<![\d.,/])\d{1,2}(?![\d.,/]\d)"
DOCUMENT_CODE = r"\d\s*[/-]\s*(?-i:[A-ZĐ]{2,})"

DATE_RULE = re.compile(DATE, FLAGS)
ENGLISH_MONTH_RULE = re.compile(rf"(?:{ENGLISH_MONTH})\.?", FLAGS)
BYLINE_RULE = re.compile(BYLINE, FLAGS)
ISO_8601_RULE = re.compile(ISO_8601)
RFC_822_RULE = re.compile(RFC_822, FLAGS)
TIME_AFTER_RULE = re.compile(TIME_AFTER, FLAGS)
TIME_BEFORE_RULE = re.compile(TIME_BEFORE, FLAGS)
TIME_RULE = re.compile(TIME, FLAGS)
ANY_OFFSET_RULE = re.compile(ANY_OFFSET, FLAGS)
RELATIVE_RULE = re.compile(RELATIVE, FLAGS)
RELATIVE_WORDS_RULE = re.compile(RELATIVE_WORDS)  # on lower-cased text, so the engine can skip ahead
FALLBACK_WORTH_RULE = re.compile(FALLBACK_WORTH, FLAGS)
SMALL_NUMBER_RULE = re.compile(SMALL_NUMBER)
YEAR_RULE = re.compile(rf"(?<!\d){YEAR}(?!\d)")
DOCUMENT_CODE_RULE = re.compile(DOCUMENT_CODE, FLAGS)
DIGIT_RULE = re.compile(r"\d")
RESTATING_GLUE = re.compile(rf"[\s(,:{DASHES}]*(?:ngày\s*)?$", FLAGS)
LUNAR_NAMED_RULE = re.compile(LUNAR_NAMED, FLAGS)
LUNAR_MARK_RULE = re.compile(LUNAR_MARK, FLAGS)
AHEAD_AFTER_RULE = re.compile(AHEAD_AFTER, FLAGS)
AHEAD_BEFORE_RULE = re.compile(AHEAD_BEFORE, FLAGS)
UNTIL_FROM_RULE = re.compile(UNTIL_FROM, FLAGS)
DAY_OPENER_RULE = re.compile(DAY_OPENER, FLAGS)
# Zero-width and direction marks, the byte-order mark and the soft hyphen: invisible, and they split numbers.
INVISIBLE_RULE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Full-width forms ("２２/０９/２０２５", "１４：０５") as their ASCII letters, digits and signs.
FULL_WIDTH = str.maketrans({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20})
FULL_WIDTH_DIGIT_RULE = re.compile("[\uff10-\uff19]")  # a full-width date has full-width digits
ENTITY_RULE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)
MAX_OFFSET_MINUTES = 14 * 60
UTC_PLUS_7 = timezone(timedelta(hours=7))
FAST_PATH_LENGTH = 64  # bylines and metadata values are short; longer text takes the general rules
LOOK_BEHIND = 40  # characters before a date searched for its time
AHEAD_LOOK_BEHIND = 48  # characters before a year-less date searched for "dự kiến", "sẽ … vào", "ngày mai"
OPENER_LOOK_BEHIND = 24  # characters before a year-less number searched for the word that opens a day


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text: ``value`` is aware, in Asia/Ho_Chi_Minh; midnight when only the day is known."""

    value: datetime
    precision: Precision
    text: str
    rule: str

    def isoformat(self) -> str:
        if self.precision == "day":
            return self.value.date().isoformat()
        return self.value.isoformat(timespec="seconds")

    @property
    def day(self) -> date:
        return self.value.date()


@dataclass(frozen=True)
class DateMention:
    """A day named in running text: where it stands (``start``/``end`` in the cleaned text) and what it is."""

    start: int
    end: int
    parsed: ParsedDate


class _Day(NamedTuple):
    """A calendar day read from one date match, the rule that read it and the span it covers."""

    value: datetime  # midnight in Vietnam
    rule: str
    start: int
    end: int


class _Clock(NamedTuple):
    """A time of day found next to a date, and the span it covers."""

    hour: int
    minute: int
    second: int
    zone: tzinfo | None
    start: int
    end: int


# --- text and reference --------------------------------------------------------------------------
def clean(text: str) -> str:
    """Entities unescaped (twice, for "&amp;nbsp;"), NFC, invisible marks out, full-width forms as ASCII,
    every run of spaces one space."""
    if "&" in text:
        text = html.unescape(text)
        if "&" in text and ENTITY_RULE.search(text):
            text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if not text.isprintable():  # spaces other than " " are not printable either: a cheap first look
            text = INVISIBLE_RULE.sub("", text)
        if FULL_WIDTH_DIGIT_RULE.search(text):
            text = text.translate(FULL_WIDTH)
    return " ".join(text.split())


@overload
def as_vietnam(reference: datetime) -> datetime: ...
@overload
def as_vietnam(reference: None) -> None: ...
@overload
def as_vietnam(reference: datetime | None) -> datetime | None: ...
def as_vietnam(reference: datetime | None) -> datetime | None:
    """``reference`` in Asia/Ho_Chi_Minh; a naive one is taken to be Vietnam's wall-clock time."""
    if reference is None:
        return None
    if reference.tzinfo is None:
        r = reference
        return datetime(r.year, r.month, r.day, r.hour, r.minute, r.second, r.microsecond, VIETNAM, fold=r.fold)
    return reference.astimezone(VIETNAM)


# --- years ---------------------------------------------------------------------------------------
def _full_year(raw: str) -> int:
    """A written year; two digits mean 2000–2069 or 1970–1999."""
    year = int(raw)
    if year >= 100:
        return year
    return year + 2000 if year < 70 else year + 1900


def _date(year: int, month: int, day: int) -> datetime | None:
    """Midnight of that day in Vietnam, or None when there is no such day (31/02, 29/02/2025)."""
    try:
        return datetime(year, month, day, 0, 0, 0, 0, VIETNAM)
    except ValueError:
        return None


def _lunar_date(year: int, month: int, day: int) -> datetime | None:
    """Midnight of the solar day that is this lunar day (Vietnam's calendar, reckoned at UTC+7; not a
    leap month), or None when that lunar month has no such day."""
    from vnlunar import convert_lunar_to_solar  # only when a lunar date is found: the fast path stays light

    solar = convert_lunar_to_solar(day, month, year, 0)
    return None if solar is None else _date(int(solar[2]), int(solar[1]), int(solar[0]))


def _lunar_year(reference: datetime) -> int:
    """The lunar year the reference's day is in (lunar 2025 runs from 29 January 2025 to 16 February 2026)."""
    from vnlunar import get_lunar_date

    return int(get_lunar_date(reference.day, reference.month, reference.year)["year"])


DayIn = Callable[[int, int, int], datetime | None]  # _date or _lunar_date: (year, month, day) to midnight


def _nearest(day_in: DayIn, month: int, day: int, year: int, reference: datetime, ahead: bool) -> datetime | None:
    """The day in ``year`` or the year before, the most recent not after the reference's day; when the
    text says it is ahead, in ``year`` or the one after, the first not before it. None when neither year
    has it (a 29 February)."""
    today = reference.date()
    for candidate in (year, year + 1 if ahead else year - 1):
        value = day_in(candidate, month, day)
        if value is not None and (value.date() >= today if ahead else value.date() <= today):
            return value
    return None


def _said_ahead(text: str, start: int, end: int, a_range: bool) -> bool:
    """ "ngày 15/12 tới", "15/12 sắp tới", "dự kiến ngày 20/10", "Ngày mai (3/9)": a day still to come.
    A lone "tới" right after a single day opened by "từ" is "until" ("từ 15/12 tới nay"); after a
    range ("từ 15/12 đến 20/12 tới") it is "ahead" again."""
    if text.startswith(AHEAD_AFTER_STARTS, end) and (after := AHEAD_AFTER_RULE.match(text, end)):
        if not after["bare"] or a_range:
            return True
        return not (text[start : start + 3].lower() == "từ " or UNTIL_FROM_RULE.search(text, max(0, start - 9), start))
    window = max(0, start - AHEAD_LOOK_BEHIND)
    before = text[window:start].lower()
    if not ("kiến" in before or "sẽ" in before or "mai" in before):  # one is in every AHEAD_BEFORE: a cheap first look
        return False
    return AHEAD_BEFORE_RULE.search(text, window, start) is not None


Parts = tuple[str, str, str | None, str | None]  # day, month (number or name), year and "năm nay"-word as written


def _resolve(
    parts: Parts, form: str, span: tuple[int, int], reference: datetime | None, text: str, lunar: bool = False
) -> _Day | None:
    """A complete day from its written (day, month, year, "năm nay"-word): the written year, else the
    word against the reference ("năm nay", "năm ngoái"), else the most recent such day, or the next one
    when the text says it is ahead. A lunar mark after it ("âm lịch", "(ÂL)") or a lunar month name
    makes it a lunar day, read into the solar one; the span then takes the mark in. The rule says when
    the day was lunar, when the year came from the reference and when the day was ahead."""
    start, end = span
    if mark := LUNAR_MARK_RULE.match(text, end):
        lunar, end = True, mark.end()
    day, month, year, word = int(parts[0]), parts[1], parts[2], parts[3]
    if month.isdigit():
        month_number = int(month)
    else:  # a month's name: "Giêng" and "Chạp" are lunar, and in a lunar date "Một" is the 11th
        month = " ".join(month.lower().split())
        lunar = lunar or month in ("giêng", "chạp")
        month_number = (LUNAR_MONTH_WORDS if lunar else MONTH_WORDS)[month]
    day_in: DayIn = _lunar_date if lunar else _date
    form = f"{form}-lunar" if lunar else form
    if year is not None:
        value, rule = day_in(_full_year(year), month_number, day), form
    elif reference is None:
        return None
    else:
        base = _lunar_year(reference) if lunar else reference.year
        ahead = word is None and _said_ahead(text, start, end, form.startswith("range"))
        if word:
            value = day_in(base + YEAR_WORDS[word.lower()], month_number, day)
        else:
            value = _nearest(day_in, month_number, day, base, reference, ahead)
        rule = f"{form}-year-from-reference" + ("-ahead" if ahead else "")
    return _Day(value, rule, start, end) if value else None


# --- one date match ------------------------------------------------------------------------------
def _refused(text: str, start: int, end: int, yearless: bool) -> bool:
    """A code, an address, a score or (without a year) a fraction, not a day: decided by the one or
    two words right before the number ("số", "Điều", "tỷ số", "đạt") or, for a fraction, the noun after it."""
    words = text[max(0, start - 24) : start].lower().split()
    last = words[-1].rstrip(":.") if words else ""
    last_two = f"{words[-2]} {last}" if len(words) > 1 else last
    if last in NOT_A_DAY_BEFORE or last_two in NOT_A_DAY_BEFORE:
        return True
    if last in SCORE_BEFORE and text[start - len(last) - 1 : start - 1] == last:
        return True  # "thắng 2-1" as written; "xã Quyết Thắng 2-1" names a place
    if not yearless:
        return False
    return last in FRACTION_BEFORE or last_two in FRACTION_BEFORE or _counts_after(text, end)


def _counts_after(text: str, end: int) -> bool:
    """A count noun right after a year-less "a/b" ("5/8 xã", "3/4 số hộ", "2/3 %") makes it a fraction."""
    if text[end : end + 1] == "%":
        return True
    if text[end : end + 1] != " ":
        return False
    words = text[end : end + 24].lower().split()[:2]
    return bool(words) and (words[0] in FRACTION_AFTER or " ".join(words) in FRACTION_AFTER)


def _numeric(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    until, day, separator, month, year, word = found.group("until", "n_day", "n_sep", "n_month", "n_year", "n_rel")
    if until:
        return _until(found, text, reference)
    start, end = found.span("numeric")
    maybe_not_a_day = separator == "." or day == "24"  # a decimal, or round the clock
    if maybe_not_a_day and year is None and word is None and not _year_less_is_a_day(text, start, end, separator, month):
        return None
    if _refused(text, start, end, year is None):
        return None
    return _resolve((day, month, year, word), "numeric", (start, end), reference, text)


def _year_less_is_a_day(text: str, start: int, end: int, separator: str, month: str) -> bool:
    """A dotted "14.8" is a day only after a word that opens one ("Chiều 14.8", "ngày 14.8", "Sáng nay
    (14.8)") and before no unit ("3.5 triệu"); "24/7" too ("ngày 24/7"; "trực 24/7" is round the clock).
    Called for a dotted year-less date or one on the 24th."""
    dotted = separator == "."
    if not dotted and int(month) != ROUND_THE_CLOCK_MONTH:
        return True
    if dotted and _unit_after(text, end):
        return False
    return DAY_OPENER_RULE.search(text, max(0, start - OPENER_LOOK_BEHIND), start) is not None


def _unit_after(text: str, end: int) -> bool:
    """A unit right after a number ("14.8 triệu", "3.5 điểm") makes it a quantity."""
    words = text[end : end + 12].lower().split()
    return text[end : end + 1] == " " and bool(words) and words[0].rstrip(".,;:)") in DECIMAL_AFTER


def _until(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    """ "từ 30/9 đến 2/10/2025": the first day, with the last day's year when it has none of its own."""
    day, month, year, last_day, last_month, last_year = found.group("n_day", "n_month", "n_year", "t_day", "t_month", "t_year")
    span = (_lead(text, found.start())[0], found.end())
    if _refused(text, span[0], span[1], year is None and last_year is None):
        return None
    if year is None and last_year is not None:
        later = (int(month), int(day)) > (int(last_month), int(last_day))
        year = str(_full_year(last_year) - 1 if later else _full_year(last_year))
    return _resolve((day, month, year, None), "range-first-day", span, reference, text)


def _year_first(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    value = _date(int(found["i_year"]), int(found["i_month"]), int(found["i_day"]))
    return _Day(value, "iso", *found.span("iso")) if value else None


def _days(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    """ "ngày 9 và 10/9": the first day; without a year, the most recent such first day."""
    first, last, month, year, word, comma = found.group("r_first", "r_last", "r_month", "r_year", "r_rel", "r_comma")
    start, ngay = _lead(text, found.start())
    if int(first) >= int(last) or comma and not ngay or _refused(text, start, found.end(), year is None):
        return None  # "29, 30/9" is a list of days only after "ngày"
    resolved = _resolve((first, month, year, word), "range-first-day", (start, found.end()), reference, text)
    if resolved is None or "lunar" in resolved.rule:
        return resolved  # a lunar month has 29 or 30 days: the first day's is the check
    return resolved if _date(resolved.value.year, int(month), int(last)) else None


def _words(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    day, month, month_word, year, word = found.group("w_day", "w_month", "w_month_word", "w_year", "w_rel")
    start, ngay = _lead(text, found.start())
    if not ngay and not year and not LUNAR_MARK_RULE.match(text, found.end()):
        return None  # "6 tháng 9" without "ngày", a year or "âm lịch" is a duration, not a day
    return _resolve((day, month or month_word, year, word), "words", (start, found.end()), reference, text)


def _english(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    month = ENGLISH_MONTHS[found["e_month"][:3].lower()]
    value = _date(int(found["e_year"]), month, int(found["e_day"]))
    return _Day(value, "english", *found.span()) if value else None


def _english_month_first(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    """ "September 22, 2025": the day and year matched, the month is the word right before them."""
    before = text[max(0, found.start() - 11) : found.start()].split()
    month = ENGLISH_MONTH_RULE.fullmatch(before[-1]) if before and text[found.start() - 1] == " " else None
    value = _date(int(found["f_year"]), ENGLISH_MONTHS[month.group(0)[:3].lower()], int(found["f_day"])) if month else None
    return _Day(value, "english", found.start() - len(before[-1]) - 1, found.end()) if value else None


NEVER_LUNAR = frozenset({"iso", "english", "english_month_first"})
READERS = {
    "iso": _year_first,
    "numeric": _numeric,
    "days": _days,
    "words": _words,
    "english": _english,
    "english_month_first": _english_month_first,
}


def _read_match(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    form = found.lastgroup
    day = READERS[form](found, text, reference)  # type: ignore[index]
    if day is not None and form in NEVER_LUNAR and LUNAR_MARK_RULE.match(text, day.end):
        return None  # an ISO or English date said to be lunar: no such thing to read
    return day


def _lunar_named(found: re.Match[str], text: str, reference: datetime | None) -> _Day | None:
    """ "rằm tháng Giêng" (the 15th of a lunar month), "mùng 1 Tết" (a day of the first): lunar by name."""
    day, month = found["l_day"] or "15", found["l_month"] or found["l_month_word"] or "1"
    return _resolve((day, month, found["l_year"], found["l_rel"]), "named", found.span(), reference, text, lunar=True)


def _written_day_from(text: str, position: int, reference: datetime | None) -> _Day | None:
    """The first day written in ``text`` from ``position`` on."""
    while found := DATE_RULE.search(text, position):
        day = _read_match(found, text, reference)
        if day is not None:
            return day
        position = _after_no_day(found, text)
    return None


def _after_no_day(found: re.Match[str], text: str) -> int:
    """Where to look on after a match that reads as no day: at its second number when "ngày" opens it
    ("10 giờ 20, ngày 14/8/2025": "20, ngày 14" is no list of days, "14/8/2025" is a day), else after it
    ("Điều 2, 3/5" stays refused)."""
    for second in ("r_last", "t_day"):
        start = found.start(second)
        if start > 0 and text[max(0, start - 5) : start].lower() == "ngày ":
            return start
    return found.end()


def _written_days(text: str, reference: datetime | None) -> list[_Day]:
    days, position = [], 0
    while day := _written_day_from(text, position, reference):
        days.append(day)
        position = day.end  # a day ends where its match does, or after its lunar mark
    return days


def _lunar_named_days(text: str, reference: datetime | None) -> list[_Day]:
    if not ("ằm" in text or "ẰM" in text or "Tết" in text or "tết" in text or "TẾT" in text):
        return []  # no "ằm" (as in "rằm") and no "Tết": a cheap first look, as most text names no lunar day
    return [day for found in LUNAR_NAMED_RULE.finditer(text) if (day := _lunar_named(found, text, reference))]


def _first_written_day(text: str, reference: datetime | None) -> _Day | None:
    written = _written_day_from(text, 0, reference)
    named = _lunar_named_days(text, reference)
    return named[0] if named and (written is None or named[0].start < written.start) else written


def _lead(text: str, start: int) -> tuple[int, bool]:
    """Where the words opening a date right before its first number begin ("ngày", "các ngày", "mùng",
    "ngày mồng", "từ", "từ ngày"; the text is clean, so they are one space apart), and whether they say
    "ngày" or "mùng"."""
    opened = start
    mung = text[max(0, start - 5) : start].lower() in ("mùng ", "mồng ")
    opened -= 5 if mung else 0
    ngay = text[max(0, opened - 5) : opened].lower() == "ngày "
    if ngay:
        opened -= 5
        opened -= 4 if text[max(0, opened - 4) : opened].lower() == "các " else 0
    ngay = ngay or mung
    opened -= 3 if text[max(0, opened - 3) : opened].lower() == "từ " else 0
    if opened and opened < start and text[opened - 1].isalnum():
        return start, False  # the tail of another word
    return opened, ngay


# --- times and zones -----------------------------------------------------------------------------
def _with_part_of_day(hour: int, word: str | None) -> int:
    """14h stays 14h; "2 giờ chiều" is 14h, "1 giờ trưa" 13h, "10 giờ đêm" 22h, "12 giờ đêm"/"12 AM" 0h."""
    if word is None:
        return hour
    word = word.lower().replace(".", "")
    if word in ("pm", "ch", "chiều", "tối") and hour < 12:
        return hour + 12
    if word == "trưa" and hour < 6:
        return hour + 12
    if word in ("đêm", "khuya") and 6 <= hour <= 12:
        return (hour + 12) % 24
    if word in ("am", "sa") and hour == 12:
        return 0
    return hour


def _offset(sign: str, hours: str, minutes: str | None) -> timezone | None:
    """A fixed offset from its written sign and parts; any dash is a minus; more than 14 hours is none."""
    total = int(hours) * 60 + int(minutes or 0)
    if total > MAX_OFFSET_MINUTES:
        return None
    if total == 420 and sign == "+":
        return UTC_PLUS_7  # the offset Vietnamese sites write, made once
    return timezone(timedelta(minutes=total if sign == "+" else -total))


def _zone(found: re.Match[str]) -> tzinfo | None:
    """The zone written after a time; a "-hh:mm" after a time without seconds is a time range, not a zone."""
    if found["p_name"]:
        return _offset(found["p_sign"], found["p_hours"], found["p_minutes"]) if found["p_sign"] else UTC
    if found["z_name"]:
        if found["z_sign"]:
            return _offset(found["z_sign"], found["z_hours"], found["z_minutes"])
        return timezone(timedelta(hours=ZONE_NAMES[found["z_name"].lower()]))
    if found["n_sign"]:
        if found["n_sign"] != "+" and found["n_colon"] and found["second"] is None:
            return None
        return _offset(found["n_sign"], found["n_hours"], found["n_minutes"])
    return None


def _clock(found: re.Match[str], part_of_day: str | None, start: int, end: int) -> _Clock | None:
    hour, mark, minute, second, ampm, written_zone = found.group("hour", "mark", "minute", "second", "ampm", "zone")
    if mark in (":", "g", "G") and minute is None or mark == ":" and len(minute) != 2:
        return None  # "14:" or "14:5" are not times; "14g" alone is 14 grams
    zone = _zone(found) if written_zone else None
    if written_zone and zone is None and end == found.end():
        end = found.start("zone")  # "14:05-15:30": a time range, the zone-looking part stays out
    hour = _with_part_of_day(int(hour), ampm or part_of_day)
    return _Clock(hour, int(minute or 0), int(second or 0), zone, start, end)


def _clock_near(text: str, start: int, end: int, part_of_day: str | None = None) -> _Clock | None:
    """The time written just after a date (bylines put it there) or just before it."""
    after = TIME_AFTER_RULE.match(text, end) if end < len(text) else None
    if after and (clock := _clock(after, part_of_day, end, after.end())):
        return clock
    window = max(0, start - LOOK_BEHIND)
    if start and DIGIT_RULE.search(text, window, start):
        before = TIME_BEFORE_RULE.search(text, window, start)
        if before:
            return _clock(before, part_of_day, before.start(), start)
    return None


def _moment(day: datetime, clock: _Clock, text: str) -> datetime | None:
    zone = clock.zone
    if zone is None and ("GMT" in text or "UTC" in text) and (written := ANY_OFFSET_RULE.search(text)):
        zone = _offset(written["o_sign"], written["o_hours"], written["o_minutes"])
    try:
        moment = datetime(day.year, day.month, day.day, clock.hour, clock.minute, clock.second, 0, zone or VIETNAM)
    except ValueError:
        return None
    return moment if zone is None else moment.astimezone(VIETNAM)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 0, 0, 0, 0, VIETNAM)


def _with_clock(day: datetime, start: int, end: int, text: str, rule: str, part_of_day: str | None = None) -> ParsedDate:
    """The day (at midnight), at the time written next to it when there is one (precision "minute")."""
    clock = _clock_near(text, start, end, part_of_day)
    moment = _moment(day, clock, text) if clock else None
    if clock is None or moment is None:
        return ParsedDate(day, "day", text[start:end], rule)
    return ParsedDate(moment, "minute", text[min(start, clock.start) : max(end, clock.end)], f"{rule}+time")


# --- whole strings -------------------------------------------------------------------------------
def _read_whole(text: str) -> ParsedDate | None:
    """The fast paths, for a string that is one metadata value or one byline: short, and ending in
    a digit, ")" ("(GMT+7)"), "Z", "GMT" or "UTC"."""
    if not text or len(text) > FAST_PATH_LENGTH or not (text[-1].isdigit() or text[-1] in ")ZTCztc"):
        return None
    return _read_iso_8601(text) or _read_byline(text) or _read_rfc_822(text)


def _read_iso_8601(text: str) -> ParsedDate | None:
    """A whole ISO 8601 value (meta tags, JSON-LD, sitemaps), read by the standard library."""
    if len(text) < 10 or not text[:4].isdigit() or not ISO_8601_RULE.fullmatch(text):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:
        return ParsedDate(_midnight(value.date()), "day", text, "iso")
    value = value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value.astimezone(VIETNAM)
    return ParsedDate(value.replace(microsecond=0) if value.microsecond else value, "minute", text, "iso+time")


def _read_rfc_822(text: str) -> ParsedDate | None:
    """A whole RFC 822 date (RSS pubDate, HTTP headers)."""
    found = RFC_822_RULE.fullmatch(text) if text.isascii() else None
    if found is None:
        return None
    zone: tzinfo | None
    if found["sign"]:
        zone = _offset(found["sign"], found["hours"], found["minutes"])
    else:
        zone = timezone(timedelta(hours=ZONE_NAMES[found["name"].lower()])) if found["name"] else VIETNAM
    try:
        value = datetime(
            int(found["year"]), ENGLISH_MONTHS[found["month"][:3].lower()], int(found["day"]),
            int(found["hour"]), int(found["minute"]), int(found["second"] or 0), tzinfo=zone or VIETNAM,
        )  # fmt: skip
    except ValueError:
        return None
    return ParsedDate(value.astimezone(VIETNAM), "minute", text[found.start("day") :], "english+time")


def _read_byline(text: str) -> ParsedDate | None:
    """A whole byline (see BYLINE); None sends the text to the general rules."""
    found = BYLINE_RULE.fullmatch(text)
    if found is None:
        return None
    day, month, year, w_day, w_month, w_year, *clock, sign, hours, minutes = found.group(*BYLINE_PARTS)
    if day is None:
        day, month, year, rule, start = w_day, w_month, w_year, "words", _lead(text, found.start("w_day"))[0]
    else:
        rule, start = "numeric", found.start("day")
    hour, minute, second, spoken = clock[4:] if clock[4] else clock[:4]
    try:
        if hour is None:
            value = datetime(_full_year(year), int(month), int(day), 0, 0, 0, 0, VIETNAM)
            return ParsedDate(value, "day", text[start : found.end("year" if rule == "numeric" else "w_year")], rule)
        zone = _offset(sign, hours, minutes) if sign else VIETNAM
        minute = int(minute or spoken or 0)
        value = datetime(_full_year(year), int(month), int(day), int(hour), minute, int(second or 0), 0, zone or VIETNAM)
    except ValueError:
        return None
    if clock[4]:
        span = text[start:]
    else:
        span = text[found.start("b_hour") : found.end("year" if rule == "numeric" else "w_year")]
    return ParsedDate(value.astimezone(VIETNAM), "minute", span, f"{rule}+time")


def _read_written(text: str, reference: datetime | None) -> ParsedDate | None:
    """The first complete written date, with the time written next to it."""
    day = _first_written_day(text, reference)
    return _with_clock(day.value, day.start, day.end, text, day.rule) if day else None


def _named_day(found: re.Match[str], reference: datetime) -> date:
    after_part, after_hom, tomorrow = found.group("d_after_part", "d_after_hom", "d_tomorrow")
    return (reference + NAMED_DAYS[(after_part or after_hom or tomorrow).lower()]).date()


def _read_ago(found: re.Match[str], reference: datetime) -> ParsedDate | None:
    since, ago, raw, unit = found.group("a_since", "a_ago", "a_count", "a_unit")
    if not (since or ago):
        return None  # "3 ngày" is a duration; "3 ngày trước"/"cách đây 3 ngày" is a moment
    raw, unit = raw.lower(), unit.lower()
    moment = reference - (int(raw) if raw.isdigit() else NUMBER_WORDS[raw]) * AGO_UNITS[unit]
    if unit in ("ngày", "tuần"):
        return ParsedDate(_midnight(moment.date()), "day", found.group(0), "relative-ago")
    if moment.second or moment.microsecond:
        moment = moment.replace(second=0, microsecond=0)
    return ParsedDate(moment, "minute", found.group(0), "relative-ago")


def _read_relative(text: str, reference: datetime | None) -> ParsedDate | None:
    """ "3 giờ trước", "hôm qua 08:16", "sáng nay": only against a reference."""
    if reference is None or not _may_be_relative(text):
        return None
    for found in RELATIVE_RULE.finditer(text):
        if found["ago"]:
            parsed = _read_ago(found, reference)
            if parsed is not None:
                return parsed
            continue
        start, end = found.span()
        return _with_clock(_midnight(_named_day(found, reference)), start, end, text, "relative-day", found["d_part"])
    return None


def _may_be_relative(text: str) -> bool:
    """A quick look for the words every relative expression has ("3 giờ trước", "hôm nay", "chiều qua")."""
    return RELATIVE_WORDS_RULE.search(text.lower()) is not None


def _fallback_worth_asking(text: str) -> bool:
    """Only a short written-out date with a month word, a year and two more numbers goes to dateparser."""
    return (
        len(text) <= 80
        and "th" in text.lower()
        and FALLBACK_WORTH_RULE.search(text) is not None
        and YEAR_RULE.search(text) is not None
        and len(SMALL_NUMBER_RULE.findall(text)) >= 2
        and DOCUMENT_CODE_RULE.search(text) is None
    )


def _read_with_dateparser(text: str, reference: datetime | None) -> ParsedDate | None:
    """dateparser (day first, Vietnamese) for the rare forms the rules miss. Its answer must name a
    year and a day written in the text, so it can neither guess nor fill parts in from its base."""
    if not _fallback_worth_asking(text):
        return None
    import dateparser  # heavy import, only when the fast rules found nothing

    base = reference.replace(tzinfo=None) if reference is not None else datetime(2000, 1, 1)
    settings = {
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
    }
    parsed = dateparser.parse(text, languages=["vi"], settings=settings)
    if parsed is None:
        return None
    value = parsed.replace(tzinfo=VIETNAM) if parsed.tzinfo is None else parsed.astimezone(VIETNAM)
    days = {int(number) for number in SMALL_NUMBER_RULE.findall(text)}
    if str(value.year) not in YEAR_RULE.findall(text) or value.day not in days:
        return None
    if TIME_RULE.search(text) is None:
        return ParsedDate(_midnight(value.date()), "day", text, "dateparser")
    return ParsedDate(value.replace(microsecond=0), "minute", text, "dateparser")


def parse_date(text: str, reference: datetime | None = None) -> ParsedDate | None:
    """The date ``text`` holds, or None when it holds no complete day.

    Written dates come first (with the time written next to them), then relative expressions
    against ``reference`` (naive means Vietnam's wall clock), then dateparser for written-out forms.
    """
    if not text:
        return None
    cleaned = clean(text)
    if fast := _read_whole(cleaned):
        return fast
    reference = as_vietnam(reference)
    return _read_written(cleaned, reference) or _read_relative(cleaned, reference) or _read_with_dateparser(cleaned, reference)


# --- running text --------------------------------------------------------------------------------
def _written_mentions(text: str, reference: datetime | None) -> list[DateMention]:
    mentions = []
    for day in [*_written_days(text, reference), *_lunar_named_days(text, reference)]:
        parsed = ParsedDate(day.value, "day", text[day.start : day.end], day.rule)
        mentions.append(DateMention(day.start, day.end, parsed))
    return mentions


def _relative_mentions(text: str, reference: datetime | None) -> list[DateMention]:
    if reference is None or not _may_be_relative(text):
        return []
    mentions = []
    for found in RELATIVE_RULE.finditer(text):
        ago = _read_ago(found, reference) if found["ago"] else None
        if found["ago"] and ago is None:
            continue
        day = ago.day if ago else _named_day(found, reference)
        parsed = ParsedDate(_midnight(day), "day", found.group(0), "relative-ago" if ago else "relative-day")
        mentions.append(DateMention(found.start(), found.end(), parsed))
    return mentions


def _restated(mention: DateMention, written: list[DateMention], text: str) -> bool:
    """ "Sáng nay (30/9)": a relative word that a written date right after it restates or overlaps."""
    for other in written:
        if other.start < mention.end and mention.start < other.end:
            return True
        if 0 <= other.start - mention.end <= 8 and RESTATING_GLUE.match(text, mention.end, other.start):
            return True
    return False


def find_dates(text: str, reference: datetime | None = None) -> list[DateMention]:
    """Every day mentioned in running text, in order of appearance, with its span in ``clean(text)``.

    Mentions are days (precision "day"); a range is one mention naming its first day; relative
    words ("hôm qua", "sáng nay") count only with a reference and when no written date restates them.
    """
    cleaned, reference = clean(text), as_vietnam(reference)
    written = _written_mentions(cleaned, reference)
    relative = [m for m in _relative_mentions(cleaned, reference) if not _restated(m, written, cleaned)]
    return sorted(written + relative, key=lambda mention: mention.start)
