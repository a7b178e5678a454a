"""Vietnamese news dates: bylines, metadata and dates mentioned in text, read into Asia/Ho_Chi_Minh.

``parse_date`` reads the one date a string holds (a byline, a meta value, a URL); ``find_dates``
finds every day mentioned in running text. Both return ``None``/nothing rather than guess: a
result always names a complete day. Fast rules (compiled regular expressions built from small
named pieces) come first; dateparser is the fallback for what they do not cover.
Nothing here reads the clock: relative and year-less dates are resolved against ``reference``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
Precision = Literal["day", "minute"]

# --- the pieces rules are built from -------------------------------------------------------------
DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])"
MONTH = r"(?P<month>0?[1-9]|1[0-2])"
YEAR = r"(?P<year>(?:19|20)\d{2}|\d{2})"
SEP = r"\s*[/.\-]\s*"
TIME = r"(?P<hour>[01]?\d|2[0-3])\s*(?::|h|giờ)\s*(?P<minute>[0-5]\d)?(?:\s*(?::|phút)\s*(?P<second>[0-5]\d))?"
OFFSET = r"(?:\(?\s*(?:GMT|UTC)\s*(?P<offset>[+-]\s*\d{1,2}(?::?\d{2})?)\s*\)?)"
NUMERIC_DATE = rf"(?<![\d/.\-]){DAY}{SEP}{MONTH}(?:{SEP}{YEAR})?(?![\d]|\s*-\s*[A-ZĐ]|/[A-ZĐ])"
WORDY_DATE = rf"ngày\s+{DAY}\s+tháng\s+{MONTH}(?:\s+năm\s+(?P<year>\d{{4}}))?"
ISO_DATETIME = (
    r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[T ](?P<ih>\d{2}):(?P<imin>\d{2})(?::(?P<isec>\d{2})(?:\.\d+)?)?\s*(?P<iz>Z|[+-]\d{2}:?\d{2})?)?"
)

RANGE = (
    rf"(?:từ\s+)?(?:ngày\s+)?(?P<first>0?[1-9]|[12]\d|3[01])\s*(?:và|đến|-|–)\s*(?:ngày\s+)?"
    rf"(?:0?[1-9]|[12]\d|3[01])\s*/\s*{MONTH}(?:\s*/\s*{YEAR})?(?![\d/])"
)

ISO_RULE = re.compile(ISO_DATETIME)
RANGE_RULE = re.compile(RANGE, re.IGNORECASE)
NUMERIC_RULE = re.compile(NUMERIC_DATE, re.IGNORECASE)
WORDY_RULE = re.compile(WORDY_DATE, re.IGNORECASE)
TIME_RULE = re.compile(rf"(?<![\d/.])\b{TIME}(?![\d/])", re.IGNORECASE)
OFFSET_RULE = re.compile(OFFSET, re.IGNORECASE)
# Text that a number next to it makes a count, a document number or a period, not a date.
NOT_A_DATE_AFTER = re.compile(r"^\s*(?:đảng viên|người|trường hợp|vụ|đối tượng|tháng đầu năm)", re.IGNORECASE)


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


def clean(text: str) -> str:
    """Entities unescaped, NFC, non-breaking and repeated spaces folded."""
    text = unicodedata.normalize("NFC", html.unescape(text))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def as_vietnam(reference: datetime | None) -> datetime | None:
    if reference is None:
        return None
    return reference.replace(tzinfo=VIETNAM) if reference.tzinfo is None else reference.astimezone(VIETNAM)


def _full_year(raw: str | None) -> int | None:
    if raw is None:
        return None
    year = int(raw)
    return year + 2000 if year < 100 else year


def _infer_year(day: int, month: int, reference: datetime | None) -> int | None:
    """The most recent (day, month) not after the reference, or None without a reference."""
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            if date(year, month, day) <= reference.date():
                return year
        except ValueError:
            continue
    return None


def _offset(text: str) -> timezone | None:
    found = OFFSET_RULE.search(text)
    if not found:
        return None
    raw = found.group("offset").replace(" ", "")
    sign = -1 if raw.startswith("-") else 1
    digits = raw[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(year: int, month: int, day: int, hour: int | None, minute: int | None, zone: timezone | None) -> datetime | None:
    try:
        if hour is None:
            return datetime(year, month, day, tzinfo=VIETNAM)
        moment = datetime(year, month, day, hour, minute or 0, tzinfo=zone or VIETNAM)
    except ValueError:
        return None
    return moment.astimezone(VIETNAM)


def _read_iso(text: str) -> ParsedDate | None:
    found = ISO_RULE.search(text)
    if not found:
        return None
    year, month, day = int(found["iy"]), int(found["im"]), int(found["id"])
    if found["ih"] is None:
        value = _build(year, month, day, None, None, None)
        return ParsedDate(value, "day", found.group(0), "iso-date") if value else None
    zone = None
    if found["iz"]:
        zone = timezone.utc if found["iz"] == "Z" else _offset(f"UTC{found['iz']}")
    try:
        value = datetime(year, month, day, int(found["ih"]), int(found["imin"]), int(found["isec"] or 0), tzinfo=zone or VIETNAM)
    except ValueError:
        return None
    return ParsedDate(value.astimezone(VIETNAM), "minute", found.group(0), "iso-datetime")


def _time_near(text: str, start: int, end: int) -> re.Match[str] | None:
    """The time of day written just before or after a date span (bylines put it on either side)."""
    for found in TIME_RULE.finditer(text):
        if found.end() <= start and len(text[found.end() : start].strip(" ,|-–")) <= 6:
            return found
        if found.start() >= end and len(text[end : found.start()].strip(" ,|-–")) <= 6:
            return found
    return None


def _read_day_month(text: str, reference: datetime | None) -> ParsedDate | None:
    for rule_name, rule in (("numeric", NUMERIC_RULE), ("words", WORDY_RULE)):
        for found in rule.finditer(text):
            if NOT_A_DATE_AFTER.match(text[found.end() :]):
                continue
            day, month = int(found["day"]), int(found["month"])
            year = _full_year(found["year"])
            name = rule_name
            if year is None:
                year = _infer_year(day, month, reference)
                name = f"{rule_name}-year-from-reference"
                if year is None:
                    continue
            time = _time_near(text, found.start(), found.end())
            hour = int(time["hour"]) if time else None
            minute = int(time["minute"] or 0) if time else None
            value = _build(year, month, day, hour, minute, _offset(text))
            if value is None:
                continue
            span_start = min(found.start(), time.start()) if time else found.start()
            span_end = max(found.end(), time.end()) if time else found.end()
            precision: Precision = "minute" if time else "day"
            return ParsedDate(value, precision, text[span_start:span_end], name + ("+time" if time else ""))
    return None


def _read_with_dateparser(text: str, reference: datetime | None) -> ParsedDate | None:
    import dateparser  # heavy import, only when the fast rules found nothing

    settings = {
        "DATE_ORDER": "DMY",
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if reference is not None:
        settings["RELATIVE_BASE"] = reference.replace(tzinfo=None)
    else:
        settings["PREFER_DATES_FROM"] = "past"
    parsed = dateparser.parse(text, languages=["vi"], settings=settings)
    if parsed is None or reference is None and not re.search(r"\d{4}", text):
        return None
    value = parsed.astimezone(VIETNAM)
    has_time = bool(TIME_RULE.search(text))
    if not has_time:
        value = value.replace(hour=0, minute=0, second=0, microsecond=0)
    return ParsedDate(value, "minute" if has_time else "day", text, "dateparser")


def parse_date(text: str, reference: datetime | None = None) -> ParsedDate | None:
    """The date ``text`` holds, or None when it holds no complete day."""
    if not text:
        return None
    cleaned = clean(text)
    reference = as_vietnam(reference)
    return _read_iso(cleaned) or _read_day_month(cleaned, reference) or _read_with_dateparser(cleaned, reference)


@dataclass(frozen=True)
class DateMention:
    """A day named in running text: where it stands (``start``/``end`` in the cleaned text) and what it is."""

    start: int
    end: int
    parsed: ParsedDate


def _mentions(text: str, reference: datetime | None) -> list[DateMention]:
    taken: list[DateMention] = []
    # A range ("ngày 9 và 10/9", "từ ngày 1 đến 5/10/2025") names its first day, in the later day's month.
    for found in RANGE_RULE.finditer(text):
        parsed = _read_day_month(f"{found['first']}/{found['month']}" + (f"/{found['year']}" if found["year"] else ""), reference)
        if parsed is not None:
            taken.append(DateMention(found.start(), found.end(), ParsedDate(parsed.value, "day", found.group(0), "range-first-day")))
    for found in sorted([*NUMERIC_RULE.finditer(text), *WORDY_RULE.finditer(text)], key=lambda m: m.start()):
        if any(m.start <= found.start() < m.end for m in taken) or NOT_A_DATE_AFTER.match(text[found.end() :]):
            continue
        parsed = _read_day_month(found.group(0), reference)
        if parsed is not None:
            taken.append(DateMention(found.start(), found.end(), ParsedDate(parsed.value, "day", found.group(0), parsed.rule)))
    return sorted(taken, key=lambda m: m.start)


def find_dates(text: str, reference: datetime | None = None) -> list[DateMention]:
    """Every day mentioned in running text, in order of appearance, with its span in ``clean(text)``."""
    return _mentions(clean(text), as_vietnam(reference))
