"""Dates as Vietnamese news sites write them, read into Asia/Ho_Chi_Minh, and what is refused.

One table of cases: (text, reference, expected ``isoformat()``), expected None for a refusal.
A naive reference is Vietnam's wall clock.
"""

from __future__ import annotations

import inspect
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest

import transforms.dates as dates
from transforms.dates import VIETNAM, DateMention, ParsedDate, as_vietnam, clean, find_dates, parse_date

REFERENCE = datetime(2025, 9, 30, 20, 0)  # naive: Asia/Ho_Chi_Minh
NEW_YEAR = datetime(2026, 1, 2, 9, 0)  # an article of 2 January: "30/12" is last December
JUST_AFTER_MIDNIGHT = datetime(2025, 10, 1, 0, 30)
UTC_EVENING = datetime(2025, 9, 30, 18, 0, tzinfo=UTC)  # 1 October 01:00 in Vietnam
MARCH_2025 = datetime(2025, 3, 1, 12, 0)
NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731

# The mirrored sites' own styles (kept from the first version of this file).
SITE_STYLES = [
    ("Thứ Tư, 22-06-2022, 17:57", "2022-06-22T17:57:00+07:00"),
    ("14:05 22/09/2025", "2025-09-22T14:05:00+07:00"),
    ("Thứ Hai, 22/09/2025, 15:40 (GMT+7)", "2025-09-22T15:40:00+07:00"),
    ("Ngày đăng: 30/09/2025 16:20", "2025-09-30T16:20:00+07:00"),
    ("22/09/2025 14:05", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22T14:05:00+07:00", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22T07:05:00Z", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22", "2025-09-22"),
    ("Sáng 22-9", "2025-09-22"),
    ("ngày 29 tháng 9 năm 2025", "2025-09-29"),
    ("(30/09/2025)", "2025-09-30"),
    ("Thứ Hai, 22-09-2025, 14:05", "2025-09-22T14:05:00+07:00"),
    ("Mon, 22 Sep 2025 15:40:00 +0700", "2025-09-22T15:40:00+07:00"),
]

NUMERIC = [
    ("22/09/2025", "2025-09-22"),
    ("22-09-2025", "2025-09-22"),
    ("22.09.2025", "2025-09-22"),
    ("2/9/2025", "2025-09-02"),
    ("02/09/2025", "2025-09-02"),
    ("22/09/25", "2025-09-22"),
    ("22-9-25", "2025-09-22"),
    ("22.09.25", "2025-09-22"),
    ("31/12/99", "1999-12-31"),
    ("22–09–2025", "2025-09-22"),  # en dashes
    ("29/02/2024", "2024-02-29"),
    ("31/01/2025", "2025-01-31"),
    ("2025/09/22", "2025-09-22"),
    ("2025.09.22", "2025-09-22"),
    ("22/9", "2025-09-22"),
    ("22-9", "2025-09-22"),
    ("ngày 22.9", "2025-09-22"),
    ("Ngày 28/02, UBND xã Trung Hoà tổ chức hội nghị", "2025-02-28"),
]

WEEKDAYS = [
    ("Thứ Tư, 24/09/2025", "2025-09-24"),
    ("Thứ 4, 24/09/2025", "2025-09-24"),
    ("thứ tư, 24/09/2025", "2025-09-24"),
    ("thứ 4 24/09/2025", "2025-09-24"),
    ("T4, 24/09/2025", "2025-09-24"),
    ("THỨ TƯ, 24/09/2025", "2025-09-24"),
    ("THỨ TƯ, 24-09-2025, 08:15", "2025-09-24T08:15:00+07:00"),
    ("CN, 28/09/2025", "2025-09-28"),
    ("Chủ nhật, 28/09/2025", "2025-09-28"),
    ("Chủ Nhật, 28-09-2025, 06:00", "2025-09-28T06:00:00+07:00"),
    ("CHỦ NHẬT, 28/09/2025 06:00", "2025-09-28T06:00:00+07:00"),
    ("Thứ Bảy, 27/09/2025", "2025-09-27"),
    ("Thứ bẩy, 27/09/2025", "2025-09-27"),
    ("T7, 27/09/2025 - 21:10", "2025-09-27T21:10:00+07:00"),
    ("Thứ năm, 25/9/2025 | 10:00", "2025-09-25T10:00:00+07:00"),
]

WORDS = [
    ("ngày 22 tháng 6 năm 2022", "2022-06-22"),
    ("Ngày 29 tháng 9 năm 2025, Ủy ban nhân dân xã Ea Kar", "2025-09-29"),
    ("ngày 02 tháng 09 năm 2025", "2025-09-02"),
    ("ngày 2 tháng Chín năm 1945", "1945-09-02"),
    ("ngày 1 tháng Mười Hai năm 2024", "2024-12-01"),
    ("22 tháng 9, 2025", "2025-09-22"),
    ("22 tháng 9 năm 2025", "2025-09-22"),
    ("22 thg 9 2025", "2025-09-22"),
    ("ngày 22 tháng 9", "2025-09-22"),
    ("NGÀY 22 THÁNG 9 NĂM 2025", "2025-09-22"),
    ("14 giờ 30 phút, ngày 22 tháng 6 năm 2022", "2022-06-22T14:30:00+07:00"),
    ("ngày 22 tháng 6 năm 2022 lúc 9 giờ", "2022-06-22T09:00:00+07:00"),
]

TIMES = [
    ("22/09/2025 17:57", "2025-09-22T17:57:00+07:00"),
    ("22/09/2025 17:57:04", "2025-09-22T17:57:04+07:00"),
    ("22/09/2025 14h30", "2025-09-22T14:30:00+07:00"),
    ("22/09/2025 14h", "2025-09-22T14:00:00+07:00"),
    ("22/09/2025 14H30", "2025-09-22T14:30:00+07:00"),
    ("22/09/2025 14 giờ 30 phút", "2025-09-22T14:30:00+07:00"),
    ("22/09/2025 14 giờ", "2025-09-22T14:00:00+07:00"),
    ("22/09/2025 14g30", "2025-09-22T14:30:00+07:00"),
    ("14h30 22/09/2025", "2025-09-22T14:30:00+07:00"),
    ("14g30, 22/09/2025", "2025-09-22T14:30:00+07:00"),
    ("17:57 - Thứ Tư, 22/06/2022", "2022-06-22T17:57:00+07:00"),
    ("22/09/2025, 14:05", "2025-09-22T14:05:00+07:00"),
    ("22/09/2025 | 14:05", "2025-09-22T14:05:00+07:00"),
    ("22/09/2025 - 14:05", "2025-09-22T14:05:00+07:00"),
    ("14:05 | 22/09/2025", "2025-09-22T14:05:00+07:00"),
    ("14:05 - 22/09/2025", "2025-09-22T14:05:00+07:00"),
    ("22/09/2025 lúc 14:05", "2025-09-22T14:05:00+07:00"),
    ("22/09/2025 02:30 PM", "2025-09-22T14:30:00+07:00"),
    ("22/09/2025 12:15 AM", "2025-09-22T00:15:00+07:00"),
    ("22/09/2025 02:30 CH", "2025-09-22T14:30:00+07:00"),
    ("22/09/2025 8 giờ sáng", "2025-09-22T08:00:00+07:00"),
    ("2 giờ chiều 22/9/2025", "2025-09-22T14:00:00+07:00"),
    ("1 giờ trưa 22/9/2025", "2025-09-22T13:00:00+07:00"),
    ("10 giờ đêm 22/9/2025", "2025-09-22T22:00:00+07:00"),
    ("22/09/2025 14:05-15:30", "2025-09-22T14:05:00+07:00"),  # a time range, not a zone
    ("22/09/2025 25:00", "2025-09-22"),  # not a time
]

ZONES = [
    ("22/09/2025 15:40 GMT+7", "2025-09-22T15:40:00+07:00"),
    ("22/09/2025 15:40 (GMT+07:00)", "2025-09-22T15:40:00+07:00"),
    ("22/09/2025 15:40 UTC+7", "2025-09-22T15:40:00+07:00"),
    ("22/09/2025 08:40 UTC", "2025-09-22T15:40:00+07:00"),
    ("22/09/2025 08:40 (GMT)", "2025-09-22T15:40:00+07:00"),
    ("22/09/2025 09:40 GMT+8", "2025-09-22T08:40:00+07:00"),
    ("15:40 22/09/2025 (GMT+7)", "2025-09-22T15:40:00+07:00"),
    ("2025-09-22T14:05:00.123+07:00", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22T14:05+07:00", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22T14:05:00+0700", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22T07:05Z", "2025-09-22T14:05:00+07:00"),
    ("2025-09-21T20:00:00Z", "2025-09-22T03:00:00+07:00"),  # the Vietnamese day differs from UTC's
    ("2025-09-22 14:05:00", "2025-09-22T14:05:00+07:00"),
    ("2025-09-22T14:05:00-05:00", "2025-09-23T02:05:00+07:00"),
    ("Mon, 22 Sep 2025 08:40:00 GMT", "2025-09-22T15:40:00+07:00"),
    ("Mon, 22 Sep 2025 15:40 +0700", "2025-09-22T15:40:00+07:00"),
    ("Sun, 21 Sep 2025 20:40:00 -0500", "2025-09-22T08:40:00+07:00"),
    ("22 Sep 2025 15:40:00 ICT", "2025-09-22T15:40:00+07:00"),
    ("22-Sep-2025", "2025-09-22"),
    ("September 22, 2025 2:30 PM", "2025-09-22T14:30:00+07:00"),
    ("Sept. 22nd, 2025", "2025-09-22"),
]

PREFIXES = [
    ("Cập nhật: 22/09/2025 14:05", "2025-09-22T14:05:00+07:00"),
    ("Cập nhật lúc 14h30 ngày 22/6/2022", "2022-06-22T14:30:00+07:00"),
    ("Cập nhật lúc: 14:30 22/06/2022", "2022-06-22T14:30:00+07:00"),
    ("Đăng lúc 14h 22/09/2025", "2025-09-22T14:00:00+07:00"),
    ("Đăng lúc: 08:00, 22/09/2025", "2025-09-22T08:00:00+07:00"),
    ("Ngày đăng: 30/09/2025", "2025-09-30"),
    ("Thời gian đăng: 30/09/2025 16:20:45", "2025-09-30T16:20:45+07:00"),
    ("Ngày cập nhật: 30.09.2025 16g20", "2025-09-30T16:20:00+07:00"),
    ("Đăng ngày 22/09/2025 lúc 14:05", "2025-09-22T14:05:00+07:00"),
    ("Xuất bản: 22/09/2025 14:05", "2025-09-22T14:05:00+07:00"),
    ("(ĐCSVN) - Sáng 20/9, Ban Tuyên giáo", "2025-09-20"),
    ("(GLO)- Chiều 19-9, Công an tỉnh Gia Lai", "2025-09-19"),
]

PARTS_OF_DAY = [
    ("Sáng 22/9", "2025-09-22"),
    ("Trưa 22/9", "2025-09-22"),
    ("Chiều 22-9", "2025-09-22"),
    ("Tối 25-9, Tỉnh đoàn Gia Lai", "2025-09-25"),
    ("Đêm 27-9, rạng sáng 28-9", "2025-09-27"),
    ("Rạng sáng 21/9", "2025-09-21"),
    ("sáng 22/9/2025", "2025-09-22"),
    ("Sáng nay (27/9), Công an tỉnh Sơn La", "2025-09-27"),
    ("Hôm qua (24/9), tại Hà Nội", "2025-09-24"),
]

# Relative and year-less: (text, reference, expected).
RELATIVE = [
    ("3 giờ trước", REFERENCE, "2025-09-30T17:00:00+07:00"),
    ("30 phút trước", REFERENCE, "2025-09-30T19:30:00+07:00"),
    ("2 ngày trước", REFERENCE, "2025-09-28"),
    ("1 tuần trước", REFERENCE, "2025-09-23"),
    ("cách đây 2 ngày", REFERENCE, "2025-09-28"),
    ("ba ngày trước", REFERENCE, "2025-09-27"),
    ("hôm nay", REFERENCE, "2025-09-30"),
    ("Hôm nay", REFERENCE, "2025-09-30"),
    ("hôm qua", REFERENCE, "2025-09-29"),
    ("hôm qua 08:16", REFERENCE, "2025-09-29T08:16:00+07:00"),
    ("08:16 hôm qua", REFERENCE, "2025-09-29T08:16:00+07:00"),
    ("hôm qua lúc 20h15", REFERENCE, "2025-09-29T20:15:00+07:00"),
    ("hôm kia", REFERENCE, "2025-09-28"),
    ("ngày hôm qua", REFERENCE, "2025-09-29"),
    ("ngày mai", REFERENCE, "2025-10-01"),
    ("sáng nay", REFERENCE, "2025-09-30"),
    ("chiều qua", REFERENCE, "2025-09-29"),
    ("tối nay", REFERENCE, "2025-09-30"),
    ("tối hôm qua", REFERENCE, "2025-09-29"),
    ("đêm qua", REFERENCE, "2025-09-29"),
    ("8 giờ sáng nay", REFERENCE, "2025-09-30T08:00:00+07:00"),
    ("3 giờ chiều qua", REFERENCE, "2025-09-29T15:00:00+07:00"),
    ("Cập nhật 3 giờ trước", REFERENCE, "2025-09-30T17:00:00+07:00"),
    ("3 giờ trước", JUST_AFTER_MIDNIGHT, "2025-09-30T21:30:00+07:00"),
    ("hôm qua", datetime(2026, 1, 1, 8, 0), "2025-12-31"),
    ("hôm nay", UTC_EVENING, "2025-10-01"),  # an aware reference is read in Vietnam
    ("2 ngày trước", datetime(2024, 3, 1, 10, 0), "2024-02-28"),
    # year-less days: the most recent such day not after the reference
    ("ngày 30/12", NEW_YEAR, "2025-12-30"),
    ("30/12", NEW_YEAR, "2025-12-30"),
    ("Sáng 2/1", NEW_YEAR, "2026-01-02"),
    ("Sáng 3/1", NEW_YEAR, "2025-01-03"),
    ("22/9", datetime(2025, 9, 21, 23, 0), "2024-09-22"),
    ("29/2", MARCH_2025, "2024-02-29"),
    ("14:05 22/09", REFERENCE, "2025-09-22T14:05:00+07:00"),
    ("Thứ Hai, 22/9, 14:05", REFERENCE, "2025-09-22T14:05:00+07:00"),
    ("ngày 22 tháng 9", NEW_YEAR, "2025-09-22"),
    ("22/9 năm nay", datetime(2025, 1, 5), "2025-09-22"),
    ("22/9 năm ngoái", REFERENCE, "2024-09-22"),
    ("ngày 22 tháng 9 năm nay", REFERENCE, "2025-09-22"),
]

RANGES = [
    ("ngày 9 và 10/9", "2025-09-09"),
    ("từ ngày 1 đến 5/10/2025", "2025-10-01"),
    ("26-27/9", "2025-09-26"),
    ("26 - 27/9", "2025-09-26"),
    ("Trong 2 ngày 26 và 27-9", "2025-09-26"),
    ("ngày 29, 30/9", "2025-09-29"),
    ("từ 30/9 đến 2/10/2025", "2025-09-30"),
    ("từ 30/12 đến 2/1/2026", "2025-12-30"),
    ("28/9 - 2/10/2025", "2025-09-28"),
    ("từ ngày 22/9/2025 đến hết ngày 25/9/2025", "2025-09-22"),
]

TEXT_FORMS = [
    (NFD("Thứ Tư, 22-06-2022, 17:57"), "2022-06-22T17:57:00+07:00"),
    (NFD("ngày 29 tháng 9 năm 2025"), "2025-09-29"),
    (NFD("Sáng 22-9"), "2025-09-22"),
    ("Thứ\u00a0Hai,\u00a022/09/2025\u00a014:05", "2025-09-22T14:05:00+07:00"),
    ("Thứ&nbsp;Hai,&nbsp;22/09/2025&nbsp;14:05", "2025-09-22T14:05:00+07:00"),
    ("Thứ Hai, 22/09/2025 &amp;nbsp; 14:05", "2025-09-22T14:05:00+07:00"),
    ("22&#47;09&#47;2025", "2025-09-22"),
    ("  22/09/2025\n\t14:05  ", "2025-09-22T14:05:00+07:00"),
    ("22/\u200b09/2025", "2025-09-22"),
]

REFUSED = [
    # impossible days
    "31/02/2025",
    "29/02/2025",
    "30/2/2024",
    "32/1/2025",
    "0/5/2025",
    "15/13/2025",
    "2025-02-30",
    "31 Apr 2025",
    # document numbers
    "12-NQ/TW",
    "89-KH/ĐUCA",
    "343-QĐ/TW",
    "Nghị định 100/2019/NĐ-CP",
    "số 12/2025/QĐ-UBND",
    "Quyết định số 1234/QĐ-UBND",
    "Thông tư 05/2025/TT-BCA",
    "Luật số 59/2020/QH14",
    "Chỉ thị số 05-CT/TW",
    "số 12/5",
    "Điều 5-6",
    "khoản 2/3",
    # counts and fractions
    "121 đảng viên",
    "15/20 xã",
    "5/8 xã",
    "3/4 số hộ",
    "đạt 2/3",
    "tỷ lệ 9/10",
    # periods, not days
    "6 tháng đầu năm 2022",
    "năm 2025",
    "tháng 9/2025",
    "tháng 9 năm 2025",
    "09/2025",
    "quý III/2025",
    "nhiệm kỳ 2025 - 2030",
    "9 tháng năm 2025",
    # phone numbers
    "0221.3862.345",
    "069.2342.590",
    "0912.345.678",
    "Hotline: 1900.1234",
    # versions, scores, prices, addresses
    "phiên bản 1.10.20",
    "v1.10.20",
    "thắng 2-1",
    "tỷ số 3-1",
    "1.500.000 đồng",
    "12.000 đồng/kg",
    "3.5",
    "Sáng 3.5",
    "ngõ 12/5",
    "lớp 12/3",
    # days of the lunar calendar
    "ngày 15 tháng 8 âm lịch",
    "Rằm tháng Bảy (15/7 ÂL)",
    "mùng 1/8 (âm lịch)",
    # a time, a duration or a vague moment is not a day
    "14:05",
    "14h30",
    "3 ngày",
    "tuần trước",
    "tháng trước",
    "năm ngoái",
    "ngày nay",
    "hiện nay",
    "2 ngày trước khi khai mạc",
    "Thứ Hai tuần trước",
    "ngày 22",
    "",
    "   ",
    "&nbsp;",
]

# Without a reference nothing relative or year-less can be resolved.
REFUSED_WITHOUT_REFERENCE = ["Sáng 22-9", "ngày 30/12", "3 giờ trước", "hôm qua 08:16", "hôm nay", "26-27/9", "14:05 22/09"]

FIXED_REFERENCE = [
    *SITE_STYLES,
    *NUMERIC,
    *WEEKDAYS,
    *WORDS,
    *TIMES,
    *ZONES,
    *PREFIXES,
    *PARTS_OF_DAY,
    *RANGES,
    *TEXT_FORMS,
]
TABLE = (
    [(text, REFERENCE, expected) for text, expected in FIXED_REFERENCE]
    + RELATIVE
    + [(text, REFERENCE, None) for text in REFUSED]
    + [(text, None, None) for text in REFUSED_WITHOUT_REFERENCE]
)


def test_the_table_is_as_large_as_promised() -> None:
    assert len(TABLE) >= 150
    assert sum(expected is None for _, _, expected in TABLE) >= 25


@pytest.mark.parametrize(("text", "reference", "expected"), TABLE, ids=[repr(case[0])[:60] for case in TABLE])
def test_reads_or_refuses(text: str, reference: datetime | None, expected: str | None) -> None:
    parsed = parse_date(text, reference)
    if expected is None:
        assert parsed is None, parsed
        return
    assert parsed is not None and parsed.isoformat() == expected, parsed
    assert parsed.value.tzinfo is VIETNAM and parsed.value.utcoffset() in (timedelta(hours=7), timedelta(hours=8))
    assert parsed.text and parsed.text in clean(text)


@pytest.mark.parametrize(("text", "reference", "expected"), [c for c in TABLE if c[2]], ids=lambda v: repr(v)[:40])
def test_the_fast_rules_never_call_dateparser(
    text: str, reference: datetime | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateparser

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"dateparser reached for {text!r}")

    monkeypatch.setattr(dateparser, "parse", refuse)
    assert parse_date(text, reference) is not None


@pytest.mark.parametrize("text", REFUSED)
def test_refusals_never_call_dateparser(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    monkeypatch.setattr(dateparser, "parse", lambda *a, **k: pytest.fail(f"dateparser reached for {text!r}"))
    assert parse_date(text, REFERENCE) is None


def test_dateparser_reads_what_the_rules_do_not_and_is_checked() -> None:
    parsed = parse_date("tháng 9 22, 2025", REFERENCE)  # month first, written out
    assert parsed is not None and parsed.isoformat() == "2025-09-22" and parsed.rule == "dateparser"
    assert parse_date("tháng 9 22, 2025") is not None  # a complete day needs no reference
    assert parse_date("tháng 9 năm 2025", REFERENCE) is None  # no day: never filled in from the base


def test_dateparser_is_called_day_first_in_vietnamese_with_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    calls: list[tuple[tuple, dict]] = []

    def parse(*args: object, **kwargs: object) -> datetime:
        calls.append((args, kwargs))
        return datetime(2025, 9, 22)

    monkeypatch.setattr(dateparser, "parse", parse)
    assert parse_date("tháng 9 22, 2025", REFERENCE) is not None
    ((args, kwargs),) = calls
    assert kwargs["languages"] == ["vi"]
    assert kwargs["settings"]["DATE_ORDER"] == "DMY" and kwargs["settings"]["RELATIVE_BASE"] == REFERENCE


def test_a_dateparser_answer_that_does_not_name_the_written_day_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    monkeypatch.setattr(dateparser, "parse", lambda *a, **k: datetime(2025, 9, 30))  # filled in from the base
    assert parse_date("tháng 9 22, 2025", REFERENCE) is None


def test_year_less_date_takes_the_most_recent_year_not_after_the_reference() -> None:
    parsed = parse_date("ngày 30/12", datetime(2026, 1, 2, 9, 0))
    assert parsed is not None and parsed.isoformat() == "2025-12-30" and "year-from-reference" in parsed.rule


def test_the_rule_says_how_the_date_was_read() -> None:
    texts = ("22/09/2025", "22/09/2025 14:05", "Sáng 22-9", "2025-09-22", "hôm qua", "3 giờ trước", "26-27/9")
    rules = {text: parse_date(text, REFERENCE).rule for text in texts}  # type: ignore[union-attr]
    assert rules == {
        "22/09/2025": "numeric",
        "22/09/2025 14:05": "numeric+time",
        "Sáng 22-9": "numeric-year-from-reference",
        "2025-09-22": "iso",
        "hôm qua": "relative-day",
        "3 giờ trước": "relative-ago",
        "26-27/9": "range-first-day-year-from-reference",
    }


def test_parsed_date_api() -> None:
    minute = parse_date("Thứ Tư, 22-06-2022, 17:57")
    day = parse_date("ngày 22 tháng 6 năm 2022")
    assert minute is not None and day is not None
    assert (minute.precision, minute.isoformat(), minute.day.isoformat()) == ("minute", "2022-06-22T17:57:00+07:00", "2022-06-22")
    assert (day.precision, day.isoformat(), day.value) == ("day", "2022-06-22", datetime(2022, 6, 22, tzinfo=VIETNAM))
    with pytest.raises(AttributeError):
        day.value = minute.value  # type: ignore[misc]
    assert isinstance(day, ParsedDate)


def test_a_naive_reference_is_vietnam_time() -> None:
    aware = datetime(2025, 9, 30, 20, 0, tzinfo=VIETNAM)
    assert as_vietnam(REFERENCE) == aware and as_vietnam(None) is None
    assert parse_date("3 giờ trước", REFERENCE) == parse_date("3 giờ trước", aware)
    assert as_vietnam(UTC_EVENING) == datetime(2025, 10, 1, 1, 0, tzinfo=VIETNAM)


def test_nothing_reads_the_clock() -> None:
    source = inspect.getsource(dates)
    for call in (".now(", ".today(", "time.time(", "utcnow("):
        assert call not in source


def test_finds_every_day_in_text_and_a_range_names_its_first_day() -> None:
    text = "Sau hội nghị sáng 9/9, các lớp tiếp theo tổ chức trong chiều ngày 9 và 10/9; Nghị quyết số 12-NQ/TW ngày 16-3-2022."
    found = [(m.parsed.isoformat(), m.parsed.text) for m in find_dates(text, REFERENCE)]
    assert found == [("2025-09-09", "9/9"), ("2025-09-09", "ngày 9 và 10/9"), ("2022-03-16", "16-3-2022")]


FIND_CASES = [
    (
        "(GLO)- Sáng 22-9, Thị ủy An Khê tổ chức quán triệt Nghị quyết số 12-NQ/TW ngày 16-3-2022 của Bộ Chính trị.",
        [("2025-09-22", "22-9"), ("2022-03-16", "16-3-2022")],
    ),
    (
        "Chiều 24/9, Đảng uỷ Công an tỉnh sơ kết 9 tháng thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
        [("2025-09-24", "24/9"), ("2024-12-22", "22/12/2024")],
    ),
    ("Hôm qua (24/9), tại Hà Nội, Học viện tổ chức Hội thảo.", [("2025-09-24", "24/9")]),
    ("Sáng nay, tại Hà Nội, Bộ Công an tổ chức hội nghị.", [("2025-09-30", "Sáng nay")]),
    ("Tham dự có 121 đảng viên; 5/8 xã đạt chuẩn; hotline 0221.3862.345; giá 1.500.000 đồng.", []),
    ("Trong 2 ngày 26 và 27-9, Đảng bộ tổ chức Đại hội, nhiệm kỳ 2025 - 2030.", [("2025-09-26", "ngày 26 và 27-9")]),
    ("Đêm 27-9, rạng sáng 28-9, Phòng Cảnh sát giao thông tuần tra.", [("2025-09-27", "27-9"), ("2025-09-28", "28-9")]),
    (
        "Lễ kỷ niệm 80 năm Cách mạng Tháng Tám (19/8/1945 - 19/8/2025) và Quốc khánh 2/9.",
        [("1945-08-19", "19/8/1945 - 19/8/2025"), ("2025-09-02", "2/9")],
    ),
    ("Ngày 29 tháng 9 năm 2025, Ủy ban nhân dân xã Ea Kar tổ chức Ngày hội.", [("2025-09-29", "Ngày 29 tháng 9 năm 2025")]),
    ("Hội nghị diễn ra 2 ngày trước khi khai mạc Đại hội, không phải hôm nay.", [("2025-09-30", "hôm nay")]),
    ("Lễ hội diễn ra ngày 22/9/2025 (tức ngày 1/8 âm lịch).", [("2025-09-22", "22/9/2025")]),
    (
        "Quyết định số 1234/QĐ-UBND ngày 3/5/2025 của UBND tỉnh; Báo cáo số 45/BC-UBND ngày 3/10/2025.",
        [("2025-05-03", "3/5/2025"), ("2025-10-03", "3/10/2025")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES, ids=lambda v: repr(v)[:40])
def test_finds_the_days_a_lead_names(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_dates(text, REFERENCE)
    assert [(m.parsed.isoformat(), m.parsed.text) for m in found] == expected
    for mention in found:
        assert isinstance(mention, DateMention) and mention.parsed.precision == "day"
        assert clean(text)[mention.start : mention.end] == mention.parsed.text


def test_find_dates_without_a_reference_keeps_only_complete_days() -> None:
    found = find_dates("Sáng 22-9, hôm qua, tổ chức theo Nghị quyết ngày 16-3-2022.")
    assert [m.parsed.isoformat() for m in found] == ["2022-03-16"]


def test_find_dates_spans_are_in_the_cleaned_text() -> None:
    text = NFD("Thứ&nbsp;Hai,  sáng 22/9 và ngày 23/9/2025")
    cleaned = clean(text)
    assert [cleaned[m.start : m.end] for m in find_dates(text, REFERENCE)] == ["22/9", "23/9/2025"]


def test_event_date_reading_in_extract_still_works() -> None:
    from transforms.extract import event_date_from_lead

    published = parse_date("Thứ Hai, 22/09/2025, 15:40 (GMT+7)")
    lead = "(GLO)- Sáng 22-9, Thị ủy An Khê quán triệt Nghị quyết số 12-NQ/TW ngày 16-3-2022 của Bộ Chính trị."
    event = event_date_from_lead(lead, published)
    assert event is not None and event.isoformat() == "2025-09-22"
