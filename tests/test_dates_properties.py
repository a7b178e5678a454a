"""Properties of the date reader, checked on generated input (hypothesis).

Every byline style the sites use, filled with a random minute of 2000–2035, reads back to that
minute; whatever the input, an answer is aware and in Asia/Ho_Chi_Minh; year-less and relative
dates stay within what the reference allows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transforms.dates as dates
from transforms.dates import VIETNAM, clean, find_dates, parse_date

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
SHORT_WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
UTC = UTC
EASTERN = timezone(timedelta(hours=-5))
EXAMPLES = settings(max_examples=200, deadline=None)


def _twelve_hour(moment: datetime) -> str:
    return f"{(moment.hour + 11) % 12 + 1}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


# Each style as a site writes it, from an aware minute in Vietnam.
STYLES: dict[str, Callable[[datetime], str]] = {
    "dangcongsan/nhandan": lambda m: f"{WEEKDAYS[m.weekday()]}, {m:%d-%m-%Y, %H:%M}",
    "cand": lambda m: f"{m:%H:%M %d/%m/%Y}",
    "chinhphu": lambda m: f"{m:%d/%m/%Y %H:%M}",
    "baogialai": lambda m: f"{WEEKDAYS[m.weekday()]}, {m:%d/%m/%Y, %H:%M} (GMT+7)",
    "congan_hungyen": lambda m: f"Ngày đăng: {m:%d/%m/%Y %H:%M}",
    "iso-offset": lambda m: m.isoformat(),
    "iso-z": lambda m: m.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "iso-other-offset": lambda m: m.astimezone(EASTERN).isoformat(),
    "rfc-822": lambda m: format_datetime(m),
    "rfc-822-gmt": lambda m: format_datetime(m.astimezone(UTC), usegmt=True),
    "cap-nhat-luc": lambda m: f"Cập nhật lúc {m.hour}h{m.minute:02d} ngày {m.day}/{m.month}/{m.year}",
    "gio-phut-words": lambda m: f"{m.hour} giờ {m.minute} phút, ngày {m.day} tháng {m.month} năm {m.year}",
    "gio-without-phut": lambda m: f"Lúc {m.hour} giờ {m.minute}, ngày {m.day}/{m.month}/{m.year}",
    "upper-weekday-pipe": lambda m: f"{WEEKDAYS[m.weekday()].upper()}, {m:%d/%m/%Y | %H:%M}",
    "short-weekday-dots": lambda m: f"{SHORT_WEEKDAYS[m.weekday()]}, {m:%d.%m.%Y} - {m.hour}g{m.minute:02d}",
    "time-first-weekday": lambda m: f"{m:%H:%M} - {WEEKDAYS[m.weekday()].lower()}, {m.day}/{m.month}/{m.year}",
    "two-digit-year": lambda m: f"{m:%d/%m/%y %H:%M}",
    "utc-written": lambda m: f"{m.astimezone(UTC):%d/%m/%Y %H:%M} UTC+0",
    "gmt-plus-07": lambda m: f"Cập nhật: {m:%d/%m/%Y %H:%M} (GMT+07:00)",
    "seconds": lambda m: f"Thời gian đăng: {m:%d/%m/%Y %H:%M:%S}",
    "english-12-hour": lambda m: f"{m:%B} {m.day}, {m.year} {_twelve_hour(m)}",
    "nfd-nbsp-entity": lambda m: unicodedata.normalize("NFD", f"{WEEKDAYS[m.weekday()]},&nbsp;{m:%d/%m/%Y}\u00a0{m:%H:%M}"),
}

minutes = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31, 23, 59)).map(
    lambda m: m.replace(second=0, microsecond=0, tzinfo=VIETNAM)
)
references = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2035, 12, 31))
TOKENS = [
    "22/9", "31/02", "29/2", "22-06-2022", "2025", "22.09.2025", "0221.3862.345", "12-NQ/TW", "14:05", "14h30",
    "17:57:04", "14g30", "14 giờ 30 phút", "ngày", "tháng", "năm", "Thứ Hai", "T4", "CN", "sáng", "chiều", "nay",
    "qua", "hôm", "kia", "trước", "3 giờ trước", "GMT+7", "(GMT+07:00)", "UTC", "Z", "T", "+0700", "và", "đến", "từ",
    "số", "xã", "đảng viên", ",", "|", "-", "(", ")", "&nbsp;", "\u00a0", "Sep", "Mon,", "PM", "2025-09-22",
    "Cập nhật:", "Ngày đăng:", "năm nay", "19/8/1945", "âm lịch", "(ÂL)", "rằm tháng Giêng", "mùng", "Tết", "tới",
    "sắp tới", "dự kiến", "ngày mai", "24/7", "14.8", "3.5", "%", "triệu", "10 giờ 20", "２２/０９", "\ufeff", "\u200b",
]  # fmt: skip
noisy_texts = st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=12).map(" ".join)


def _assert_in_vietnam(value: datetime) -> None:
    assert value.tzinfo is VIETNAM
    if value.year >= 1976:  # Vietnam has kept UTC+7 since 1975; older days carry the zone's older offsets
        assert value.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("style", STYLES)
@EXAMPLES
@given(moment=minutes)
def test_every_byline_style_reads_back_to_the_minute(style: str, moment: datetime) -> None:
    text = STYLES[style](moment)
    parsed = parse_date(text)
    assert parsed is not None, text
    assert parsed.value == moment and parsed.precision == "minute", (text, parsed)
    _assert_in_vietnam(parsed.value)


def test_there_are_enough_styles() -> None:
    assert len(STYLES) >= 10


@EXAMPLES
@given(text=noisy_texts, reference=st.none() | references)
def test_any_answer_is_aware_in_vietnam_and_names_text_it_was_read_from(text: str, reference: datetime | None) -> None:
    parsed = parse_date(text, reference)
    if parsed is None:
        return
    _assert_in_vietnam(parsed.value)
    assert parsed.precision in ("day", "minute")
    assert parsed.text and parsed.text in clean(text)
    if parsed.precision == "day":
        assert (parsed.value.hour, parsed.value.minute) == (0, 0)
    if reference is None:
        assert "reference" not in parsed.rule and not parsed.rule.startswith("relative")


@EXAMPLES
@given(text=noisy_texts, reference=st.none() | references)
def test_mentions_are_ordered_days_whose_spans_hold_their_text(text: str, reference: datetime | None) -> None:
    cleaned = clean(text)
    mentions = find_dates(text, reference)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert cleaned[mention.start : mention.end] == mention.parsed.text
        assert mention.parsed.precision == "day"
        _assert_in_vietnam(mention.parsed.value)


BYLINE_STYLES = sorted(set(STYLES) - {"iso-offset", "iso-z", "iso-other-offset", "rfc-822", "rfc-822-gmt", "english-12-hour"})


@EXAMPLES
@given(moment=minutes, style=st.sampled_from(BYLINE_STYLES))
def test_the_fast_byline_path_reads_what_the_general_rules_read(moment: datetime, style: str) -> None:
    text = clean(STYLES[style](moment))
    fast = dates._read_byline(text)
    assert fast is None or fast == dates._read_written(text, None)


def test_the_fast_byline_path_takes_the_sites_styles() -> None:
    moment = datetime(2025, 9, 22, 14, 5, tzinfo=VIETNAM)
    missed = [style for style in BYLINE_STYLES if dates._read_byline(clean(STYLES[style](moment))) is None]
    assert missed == ["utc-written"]  # "… UTC+0" after the time: the general rules read it


@EXAMPLES
@given(moment=minutes, style=st.sampled_from(["iso-offset", "iso-z", "iso-other-offset", "rfc-822", "rfc-822-gmt"]))
def test_the_fast_metadata_paths_read_what_the_general_rules_read(moment: datetime, style: str) -> None:
    text = STYLES[style](moment)
    fast = dates._read_iso_8601(text) or dates._read_rfc_822(text)
    general = dates._read_written(text, None)
    assert fast is not None and general is not None and fast.value == general.value and fast.precision == general.precision


@EXAMPLES
@given(reference=references, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_year_less_day_is_the_most_recent_one_not_after_the_reference(reference: datetime, day: date) -> None:
    parsed = parse_date(f"ngày {day.day}/{day.month}", reference)
    candidates = []
    for year in (reference.year, reference.year - 1):
        try:
            candidates.append(date(year, day.month, day.day))
        except ValueError:
            pass
    allowed = [c for c in candidates if c <= reference.date()]
    if not allowed:
        assert parsed is None
        return
    assert parsed is not None and parsed.day == max(allowed) and "year-from-reference" in parsed.rule
    # within a year, or two for a 29 February (read in a non-leap year, it is the one of the year before)
    oldest = reference.date() - timedelta(days=731 if (day.month, day.day) == (2, 29) else 365)
    assert oldest <= parsed.day <= reference.date()


@EXAMPLES
@given(reference=references, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_year_less_day_said_to_be_ahead_is_the_next_one_not_before_the_reference(reference: datetime, day: date) -> None:
    parsed = parse_date(f"ngày {day.day}/{day.month} tới", reference)
    candidates = []
    for year in (reference.year, reference.year + 1):
        try:
            candidates.append(date(year, day.month, day.day))
        except ValueError:
            pass
    allowed = [c for c in candidates if c >= reference.date()]
    if not allowed:
        assert parsed is None
        return
    assert parsed is not None and parsed.day == min(allowed) and parsed.rule.endswith("-ahead")


solar_days = st.dates(min_value=date(1901, 3, 1), max_value=date(2099, 12, 31))


def _lunar(day: date) -> tuple[int, int, int, int]:
    from vnlunar import get_lunar_date

    lunar = get_lunar_date(day.day, day.month, day.year)
    return lunar["day"], lunar["month"], lunar["year"], lunar["leap"]


@EXAMPLES
@given(day=solar_days)
def test_a_lunar_date_with_its_year_reads_back_to_its_solar_day(day: date) -> None:
    lunar_day, month, year, leap = _lunar(day)
    parsed = parse_date(f"ngày {lunar_day}/{month}/{year} âm lịch")
    if leap:  # a day of a leap month is not written this way: the plain month is the other one
        assert parsed is None or parsed.day != day
        return
    assert parsed is not None and parsed.day == day and parsed.rule == "numeric-lunar"


@EXAMPLES
@given(reference=references, day=solar_days, ahead=st.booleans())
def test_a_year_less_lunar_date_is_the_nearest_on_the_side_the_text_says(reference: datetime, day: date, ahead: bool) -> None:
    lunar_day, month, _, leap = _lunar(day)
    parsed = parse_date(f"ngày {lunar_day}/{month} âm lịch{' tới' if ahead else ''}", reference)
    if parsed is None:  # a 30th that the lunar years around the reference do not have
        assert lunar_day == 30
        return
    assert _lunar(parsed.day)[:2] == (lunar_day, month) and "lunar-year-from-reference" in parsed.rule
    assert not _lunar(parsed.day)[3] or leap  # the plain month, never its leap twin unless asked
    # a lunar year has up to 385 days; a 30th the nearer month lacks (as a 29 February) is a year further
    reach = timedelta(days=385 * (2 if lunar_day == 30 else 1) + 30)
    if ahead:
        assert reference.date() <= parsed.day <= reference.date() + reach
    else:
        assert reference.date() - reach <= parsed.day <= reference.date()


FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
TEXT_STYLES = sorted(set(STYLES) - {"nfd-nbsp-entity"})  # an entity split by a mark is no entity any more


@EXAMPLES
@given(moment=minutes, style=st.sampled_from(TEXT_STYLES), marks=st.lists(st.integers(min_value=0, max_value=80), max_size=6))
def test_full_width_forms_and_invisible_marks_change_nothing(moment: datetime, style: str, marks: list[int]) -> None:
    text = STYLES[style](moment)
    variant = "\ufeff" + text.translate(FULL_WIDTH)
    for position in sorted(marks, reverse=True):
        variant = variant[:position] + "\u200b" + variant[position:]
    parsed = parse_date(variant)
    assert parsed is not None and parsed.value == moment, (variant, parsed)


@EXAMPLES
@given(reference=references, count=st.integers(min_value=1, max_value=99), unit=st.sampled_from(["phút", "giờ", "ngày", "tuần"]))
def test_ago_is_the_reference_minus_the_amount(reference: datetime, count: int, unit: str) -> None:
    parsed = parse_date(f"{count} {unit} trước", reference)
    amount = {
        "phút": timedelta(minutes=count),
        "giờ": timedelta(hours=count),
        "ngày": timedelta(days=count),
        "tuần": timedelta(weeks=count),
    }[unit]
    expected = reference.replace(tzinfo=VIETNAM) - amount
    assert parsed is not None
    if unit in ("phút", "giờ"):
        assert parsed.value == expected.replace(second=0, microsecond=0) and parsed.precision == "minute"
    else:
        assert parsed.day == expected.date() and parsed.precision == "day"


@EXAMPLES
@given(
    reference=references, word=st.sampled_from(["hôm nay", "hôm qua", "hôm kia", "sáng nay", "chiều qua", "tối nay", "đêm qua"])
)
def test_named_days_count_back_from_the_reference_day(reference: datetime, word: str) -> None:
    back = {"nay": 0, "qua": 1, "kia": 2}[word.split()[-1]]
    parsed = parse_date(word, reference)
    assert parsed is not None and parsed.day == reference.date() - timedelta(days=back) and parsed.precision == "day"


@EXAMPLES
@given(text=noisy_texts, reference=references)
def test_a_naive_reference_means_vietnam_time(text: str, reference: datetime) -> None:
    assert parse_date(text, reference) == parse_date(text, reference.replace(tzinfo=VIETNAM))
    as_utc = reference.replace(tzinfo=VIETNAM).astimezone(UTC)
    assert parse_date(text, reference) == parse_date(text, as_utc)


@EXAMPLES
@given(moment=minutes, style=st.sampled_from(sorted(STYLES)))
def test_nfd_and_non_breaking_spaces_change_nothing(moment: datetime, style: str) -> None:
    text = STYLES[style](moment)
    variant = unicodedata.normalize("NFD", text).replace(" ", "\u00a0")
    assert parse_date(variant) == parse_date(text)
