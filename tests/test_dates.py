"""Dates as the mirrored sites write them, read into Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import datetime

import pytest

from transforms.dates import find_dates, parse_date

REFERENCE = datetime(2025, 9, 30, 20, 0)  # naive: Asia/Ho_Chi_Minh

CASES = [
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
]
REFUSED = ["12-NQ/TW", "89-KH/ĐUCA", "121 đảng viên", "31/02/2025", "6 tháng đầu năm 2022", ""]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reads_the_sites_date_styles(text: str, expected: str) -> None:
    parsed = parse_date(text, REFERENCE)
    assert parsed is not None and parsed.isoformat() == expected
    assert parsed.value.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize("text", REFUSED)
def test_refuses_what_is_not_a_complete_day(text: str) -> None:
    assert parse_date(text, REFERENCE) is None


def test_year_less_date_takes_the_most_recent_year_not_after_the_reference() -> None:
    parsed = parse_date("ngày 30/12", datetime(2026, 1, 2, 9, 0))
    assert parsed is not None and parsed.isoformat() == "2025-12-30" and "year-from-reference" in parsed.rule


def test_finds_every_day_in_text_and_a_range_names_its_first_day() -> None:
    text = "Sau hội nghị sáng 9/9, các lớp tiếp theo tổ chức trong chiều ngày 9 và 10/9; Nghị quyết số 12-NQ/TW ngày 16-3-2022."
    found = [(m.parsed.isoformat(), m.parsed.text) for m in find_dates(text, REFERENCE)]
    assert found == [("2025-09-09", "9/9"), ("2025-09-09", "ngày 9 và 10/9"), ("2022-03-16", "16-3-2022")]
