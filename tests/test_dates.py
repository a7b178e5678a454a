"""Dates as Vietnamese news sites write them, read into Asia/Ho_Chi_Minh, and what is refused.

One table of cases: (text, reference, expected ``isoformat()``), expected None for a refusal.
A naive reference is Vietnam's wall clock.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import transforms.dates as dates
from transforms.dates import VIETNAM, DateMention, ParsedDate, as_vietnam, clean, find_dates, parse_date

REFERENCE = datetime(2025, 9, 30, 20, 0)  # naive: Asia/Ho_Chi_Minh
NEW_YEAR = datetime(2026, 1, 2, 9, 0)  # an article of 2 January: "30/12" is last December
JUST_AFTER_MIDNIGHT = datetime(2025, 10, 1, 0, 30)
UTC_EVENING = datetime(2025, 9, 30, 18, 0, tzinfo=UTC)  # 1 October 01:00 in Vietnam
MARCH_2025 = datetime(2025, 3, 1, 12, 0)
SECOND_OF_SEPTEMBER = datetime(2025, 9, 2, 20, 0)  # "Ngày mai (3/9)" is the next day
LATE_DECEMBER = datetime(2025, 12, 28, 10, 0)  # "ngày 5/1 tới" is next January
OCTOBER_10 = datetime(2025, 10, 10, 9, 0)  # after this year's Mid-Autumn day (lunar 15/8 = 6 October 2025)
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

# Hours written "10 giờ 20" (no "phút"), "10 giờ", "10h20", "10g20", in bylines and in prose.
HOURS = [
    ("10 giờ 20, ngày 14/8/2025", "2025-08-14T10:20:00+07:00"),  # "20, ngày 14" is no list of days
    ("Lúc 10 giờ 20 ngày 14/8/2025", "2025-08-14T10:20:00+07:00"),
    ("10 giờ, ngày 14/8/2025", "2025-08-14T10:00:00+07:00"),
    ("9 giờ 5, ngày 14/8/2025", "2025-08-14T09:05:00+07:00"),
    ("14/8/2025, 10 giờ 20", "2025-08-14T10:20:00+07:00"),
    ("14/8/2025 - 10 giờ 20", "2025-08-14T10:20:00+07:00"),
    ("14/8/2025 lúc 10 giờ", "2025-08-14T10:00:00+07:00"),
    ("Đăng lúc 10 giờ 20, 14/08/2025", "2025-08-14T10:20:00+07:00"),
    ("Thứ Năm, 14/8/2025, 10 giờ 20", "2025-08-14T10:20:00+07:00"),
    ("10h20 ngày 14/8/2025", "2025-08-14T10:20:00+07:00"),
    ("10g20, 14/8/2025", "2025-08-14T10:20:00+07:00"),
    ("8 giờ tối ngày 14/8/2025", "2025-08-14T20:00:00+07:00"),
    ("Vào lúc 22 giờ 15 ngày 14/8/2025, Công an xã phát hiện", "2025-08-14T22:15:00+07:00"),
    ("Khoảng 10 giờ 20 phút sáng ngày 14/8/2025, tại xã Ea Kar", "2025-08-14T10:20:00+07:00"),
    ("10 giờ 20 ngày 14/8", "2025-08-14T10:20:00+07:00"),
]

# day.month with a dot after a word that opens a day; without one, or before a unit, a decimal.
DOTTED = [
    ("Chiều 14.8", "2025-08-14"),
    ("sáng 3.9", "2025-09-03"),
    ("ngày 14.8", "2025-08-14"),
    ("Chiều 14.8, Công an tỉnh Gia Lai tổ chức hội nghị", "2025-08-14"),
    ("Sáng nay (30.9), tại Hà Nội", "2025-09-30"),
    ("Thứ Hai, 22.9", "2025-09-22"),
    ("Đêm 27.9, rạng sáng 28.9", "2025-09-27"),
    ("Sáng 3.5", "2025-05-03"),  # a lead's day (the lead word says so), as "Sáng 3-5" is
]

# "mùng"/"mồng" days: solar unless a lunar mark follows (see LUNAR).
MUNG = [
    ("mùng 2/9", "2025-09-02"),
    ("Mùng 2/9, cả nước kỷ niệm Quốc khánh", "2025-09-02"),
    ("Sáng mùng 2/9", "2025-09-02"),
    ("mồng 10 tháng 3", "2025-03-10"),
    ("ngày mùng 2 tháng 9", "2025-09-02"),
    ("mồng 2/9/1945", "1945-09-02"),
]

# "24/7" is a day only when a word opens it or a year follows it.
ROUND_THE_CLOCK_DAYS = [
    ("ngày 24/7", "2025-07-24"),
    ("Sáng 24/7, Công an tỉnh tổ chức", "2025-07-24"),
    ("Thứ Năm, 24/7", "2025-07-24"),
    ("24/7/2025", "2025-07-24"),
    ("từ 24/7 đến 26/7", "2025-07-24"),
]

# Full-width digits and signs; BOM, zero-width and direction marks anywhere.
FULL_WIDTH_AND_INVISIBLE = [
    ("２２/０９/２０２５", "2025-09-22"),
    ("２２／０９／２０２５", "2025-09-22"),
    ("Thứ Hai, ２２/０９/２０２５ １４：０５", "2025-09-22T14:05:00+07:00"),
    ("\ufeff22/09/2025 14:05", "2025-09-22T14:05:00+07:00"),
    ("\ufeffThứ Hai, 22/09/2025", "2025-09-22"),
    ("22/09/2025\ufeff", "2025-09-22"),
    ("2\u200b2/09/2025", "2025-09-22"),
    ("22/09/2025 1\u200b4:05", "2025-09-22T14:05:00+07:00"),
    ("Sáng 22\u200b-9", "2025-09-22"),
    ("\u200b\u200b22/09/2025 \u200b14:05\u200b", "2025-09-22T14:05:00+07:00"),
    ("22\u200c/\u200d09/2025", "2025-09-22"),
    ("22/09/2025\u2060 14:05", "2025-09-22T14:05:00+07:00"),
    ("22/\u200e09/2025", "2025-09-22"),
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

# Lunar dates, read into the solar day (Vietnam's calendar, at UTC+7): the written lunar year, else the
# lunar year of the reference, the most recent such day (the next one when the text says it is ahead).
LUNAR = [
    ("rằm tháng Giêng", REFERENCE, "2025-02-12"),
    ("Rằm tháng Bảy (15/7 ÂL)", REFERENCE, "2025-09-06"),  # lunar 2025 has a leap sixth month
    ("rằm tháng Chạp", REFERENCE, "2025-01-14"),  # the twelfth month of lunar 2024
    ("rằm tháng 8 năm 2025", REFERENCE, "2025-10-06"),
    ("15/8 âm lịch", REFERENCE, "2024-09-17"),  # this year's is 6 October, after the reference
    ("15/8 âm lịch", OCTOBER_10, "2025-10-06"),
    ("15/8 âm lịch tới", REFERENCE, "2025-10-06"),
    ("ngày 10/3 âm lịch", REFERENCE, "2025-04-07"),
    ("ngày 15 tháng 8 âm lịch", REFERENCE, "2024-09-17"),
    ("ngày 15 tháng Một âm lịch", REFERENCE, "2024-12-15"),  # "tháng Một" is the 11th lunar month
    ("ngày 10 tháng Giêng", REFERENCE, "2025-02-07"),  # "Giêng" names only a lunar month
    ("ngày 15/8/2024 âm lịch", REFERENCE, "2024-09-17"),
    ("ngày 1/1/2025 AL", REFERENCE, "2025-01-29"),
    ("ngày 1/1/1985 âm lịch", None, "1985-01-21"),  # Vietnam's calendar; China's new year was 20 February 1985
    ("mùng 1 Tết năm 1985", None, "1985-01-21"),
    ("mùng 2/9 âm lịch", REFERENCE, "2024-10-04"),
    ("mồng 10 tháng 3 âm lịch", REFERENCE, "2025-04-07"),
    ("mùng 1/8 (âm lịch)", REFERENCE, "2025-09-22"),
    ("mồng 10/3 (ÂL)", REFERENCE, "2025-04-07"),
    ("mùng 5 tháng 5 âm lịch", REFERENCE, "2025-05-31"),
    ("mùng 3 Tết", REFERENCE, "2025-01-31"),
    ("mồng 1 Tết Nguyên đán", NEW_YEAR, "2025-01-29"),  # 2 January 2026 is still in lunar 2025
    ("mùng 1 Tết tới", NEW_YEAR, "2026-02-17"),
]

# Year-less days the text says are ahead take the next such day, not the last one.
AHEAD = [
    ("ngày 15/12 tới", REFERENCE, "2025-12-15"),
    ("15/12 sắp tới", REFERENCE, "2025-12-15"),
    ("ngày 20/10 tới đây", REFERENCE, "2025-10-20"),
    ("Ngày mai (3/9)", SECOND_OF_SEPTEMBER, "2025-09-03"),
    ("Chiều mai (1/10), tại Hà Nội", REFERENCE, "2025-10-01"),
    ("dự kiến ngày 20/10", REFERENCE, "2025-10-20"),
    ("dự kiến ngày 14.10", REFERENCE, "2025-10-14"),
    ("vào ngày 5/1 tới", LATE_DECEMBER, "2026-01-05"),
    ("Hội nghị dự kiến diễn ra vào ngày 5/1", LATE_DECEMBER, "2026-01-05"),
    ("Đại hội sẽ được tổ chức vào ngày 20/10", REFERENCE, "2025-10-20"),
    ("ngày 15 tháng 12 tới", REFERENCE, "2025-12-15"),
    ("ngày 9 và 10/12 tới", REFERENCE, "2025-12-09"),
    ("ngày 30/9 tới", REFERENCE, "2025-09-30"),  # the reference's own day is not behind it
    ("ngày 22/9 tới", datetime(2025, 9, 21, 23, 0), "2025-09-22"),
    ("dự kiến ngày 20/10/2024", REFERENCE, "2024-10-20"),  # a written year wins
    ("ngày 15/12 vừa qua", REFERENCE, "2024-12-15"),
    ("từ 15/12 tới nay", REFERENCE, "2024-12-15"),  # "tới nay": until now
    ("từ ngày 15/12 tới ngày 20/12", REFERENCE, "2024-12-15"),  # a range, not "ahead"
    ("từ ngày 15 tháng 12 tới nay", REFERENCE, "2024-12-15"),
    ("từ 15/12 đến 20/12 tới", REFERENCE, "2025-12-15"),  # after a range, "tới" is "ahead" again
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
    "ngõ 12/5",
    "lớp 12/3",
    # decimals and quantities, not dotted days
    "tăng 14.8%",
    "14.8 triệu",
    "đạt 3.5 điểm",
    "giảm 3.5 lần",
    "lãi suất 7.5%",
    "khoảng 3.9 triệu người",
    "Sáng 3.5 triệu",
    "Chiều 31.2",
    # round the clock, not a day
    "24/7",
    "trực 24/7",
    "hoạt động 24/7",
    "Đường dây nóng hoạt động 24/7",
    "Camera giám sát 24/7 tại các chốt",
    "trực 24-7",
    "24/24",
    "trực 24/24 giờ",
    "365/365",
    "phục vụ 24/7/365",
    # lunar days that do not exist, or lunar words without a day
    "ngày 31/8 âm lịch",
    "rằm",
    "ngày rằm",
    "Tết Nguyên đán",
    "2025-09-22 âm lịch",
    # a time, a duration or a vague moment is not a day
    "14:05",
    "14h30",
    "10 giờ 20",
    "lúc 10 giờ",
    "Điều 2, 3/5",  # a list of numbers: only "ngày" makes "2, 3/5" days
    "29, 30/9",
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
    "\ufeff",
    "\u200b\ufeff \u200b",
]

# Without a reference nothing relative or year-less can be resolved.
REFUSED_WITHOUT_REFERENCE = [
    "Sáng 22-9", "ngày 30/12", "3 giờ trước", "hôm qua 08:16", "hôm nay", "26-27/9", "14:05 22/09",
    "Chiều 14.8", "ngày 15/12 tới", "15/8 âm lịch", "rằm tháng Giêng", "mùng 1 Tết",
]  # fmt: skip

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
    *HOURS,
    *DOTTED,
    *MUNG,
    *ROUND_THE_CLOCK_DAYS,
    *FULL_WIDTH_AND_INVISIBLE,
]
TABLE = (
    [(text, REFERENCE, expected) for text, expected in FIXED_REFERENCE]
    + RELATIVE
    + LUNAR
    + AHEAD
    + [(text, REFERENCE, None) for text in REFUSED]
    + [(text, None, None) for text in REFUSED_WITHOUT_REFERENCE]
)


def test_the_table_is_as_large_as_promised() -> None:
    assert len(TABLE) >= 370
    assert sum(expected is None for _, _, expected in TABLE) >= 95


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


def test_the_rule_says_when_a_day_was_lunar_or_ahead() -> None:
    cases = {
        ("ngày 15/12 tới", REFERENCE): "numeric-year-from-reference-ahead",
        ("15/8 âm lịch", REFERENCE): "numeric-lunar-year-from-reference",
        ("ngày 1/1/1985 âm lịch", None): "numeric-lunar",
        ("rằm tháng Giêng", REFERENCE): "named-lunar-year-from-reference",
        ("mùng 1 Tết tới", NEW_YEAR): "named-lunar-year-from-reference-ahead",
        ("ngày 15 tháng 8 âm lịch", REFERENCE): "words-lunar-year-from-reference",
    }
    rules = {case: parse_date(*case).rule for case in cases}  # type: ignore[union-attr]
    assert rules == cases


def test_a_lunar_span_takes_its_mark_in() -> None:
    spans = [parse_date(text, REFERENCE).text for text in ("Rằm tháng Bảy (15/7 ÂL)", "mùng 1/8 (âm lịch)", "15/8 AL")]  # type: ignore[union-attr]
    assert spans == ["Rằm tháng Bảy", "1/8 (âm lịch)", "15/8 AL"]


def test_vnlunar_is_imported_only_when_a_lunar_date_is_found() -> None:
    probe = (
        "import sys; from datetime import datetime; from transforms.dates import parse_date, find_dates; "
        "r = datetime(2025, 9, 30); "
        "parse_date('Thứ Hai, 22/09/2025, 15:40 (GMT+7)', r); parse_date('Sáng 22-9', r); "
        "find_dates('Chiều 14.8, trực 24/7; dự kiến ngày 20/10 tới; Tết đến xuân về', r); "
        "print('vnlunar' in sys.modules); "
        "parse_date('rằm tháng Giêng', r); print('vnlunar' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


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
    ("Lễ hội diễn ra ngày 22/9/2025 (tức ngày 1/8 âm lịch).", [("2025-09-22", "22/9/2025"), ("2025-09-22", "1/8 âm lịch")]),
    (
        "Lễ hội chùa Hương khai mạc mùng 6 tháng Giêng (tức 3/2/2025).",
        [("2025-02-03", "mùng 6 tháng Giêng"), ("2025-02-03", "3/2/2025")],
    ),
    (
        "Lúc 10 giờ 20 ngày 14/8/2025, đường dây nóng trực 24/7 tiếp nhận tin báo; số vụ tăng 14.8%.",
        [("2025-08-14", "14/8/2025")],
    ),
    (
        "Chiều 14.8, Đảng ủy Công an tỉnh sơ kết; Đại hội dự kiến tổ chức ngày 20.10 tới.",
        [("2025-08-14", "14.8"), ("2025-10-20", "20.10")],
    ),
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
