"""Real-looking Vietnamese news date strings with their expected answers, generated deterministically.

``build_cases(seed)`` writes the same list for the same seed: bylines in the styles the sites use,
metadata values (ISO 8601, RSS pubDate), day mentions from leads, relative expressions with the
reference they are read against, and strings that hold no complete day (expected ``None``).
An expected answer is "YYYY-MM-DD" when only the day is written and "YYYY-MM-DDTHH:MM" (Vietnam's
wall clock) when the minute is.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SEED = 20250922
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAY_NUMBERS = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật")
WEEKDAY_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
PARTS_OF_DAY = ("Sáng", "Trưa", "Chiều", "Tối", "Đêm", "Rạng sáng", "Ngày")
LEAD_PREFIXES = ("", "(GLO)- ", "(ĐCSVN) - ", "(Chinhphu.vn) - ", "(CAND) - ")
ORGANISATIONS = (
    "Đảng ủy Công an xã Trung Hưng", "Bộ Công an", "Công an tỉnh Gia Lai", "Thị ủy An Khê", "Ban Thường vụ Tỉnh ủy Bắc Ninh",
    "Công an xã Hoàn Long", "Cục Cảnh sát giao thông", "Ủy ban nhân dân xã Tân Thanh", "Đảng ủy phường Hương An",
)  # fmt: skip
EVENTS = (
    "tổ chức Hội nghị quán triệt, triển khai Nghị quyết Đại hội",
    "tổ chức lễ ra mắt mô hình “Camera an ninh”",
    "tổ chức hội nghị sơ kết công tác 9 tháng",
    "tổ chức lễ giao nhận công dân thực hiện nghĩa vụ tham gia Công an nhân dân",
    "phối hợp tổ chức tuần tra, kiểm soát, xử lý vi phạm trật tự an toàn giao thông",
)


@dataclass(frozen=True)
class Case:
    """One string, the moment it is read against (naive: Vietnam's wall clock), and the answer."""

    kind: str  # byline, meta, body, relative, refusal
    text: str
    reference: datetime
    expected: str | None


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _day(day: date) -> str:
    return day.isoformat()


FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


def _messy(rng: random.Random, text: str) -> str:
    """What scraped text looks like now and then: NFD tone marks, non-breaking spaces, entities, a
    byte-order mark, a zero-width space inside a number, full-width forms."""
    roll = rng.random()
    if roll < 0.06:
        return unicodedata.normalize("NFD", text)
    if roll < 0.12:
        return text.replace(" ", "\u00a0")
    if roll < 0.16:
        return text.replace(" ", "&nbsp;", 1)
    if roll < 0.18:
        return "\ufeff" + text
    if roll < 0.19:
        first_digit = next((i for i, char in enumerate(text) if char.isdigit()), 0)
        return text[: first_digit + 1] + "\u200b" + text[first_digit + 1 :]
    if roll < 0.20:
        return text.translate(FULL_WIDTH)
    return text


def _published(rng: random.Random) -> datetime:
    start = datetime(2019, 1, 1, 6, 0, tzinfo=VIETNAM)
    return start + timedelta(minutes=rng.randrange(7 * 365 * 24 * 60))


def _crawled(rng: random.Random, published: datetime) -> datetime:
    return (published + timedelta(minutes=rng.randrange(5, 48 * 60))).replace(tzinfo=None)


BYLINE_STYLES: tuple[Callable[[datetime], str], ...] = (
    lambda m: f"{WEEKDAYS[m.weekday()]}, {m:%d-%m-%Y, %H:%M}",  # dangcongsan.vn, nhandan.vn
    lambda m: f"{m:%H:%M %d/%m/%Y}",  # cand.com.vn
    lambda m: f"{m:%d/%m/%Y %H:%M}",  # baochinhphu.vn
    lambda m: f"{WEEKDAYS[m.weekday()]}, {m:%d/%m/%Y, %H:%M} (GMT+7)",  # baogialai.com.vn
    lambda m: f"Ngày đăng: {m:%d/%m/%Y %H:%M}",  # congan.hungyen.gov.vn
    lambda m: f"Cập nhật: {m:%H:%M, %d/%m/%Y}",
    lambda m: f"Cập nhật lúc {m.hour}h{m.minute:02d} ngày {m.day}/{m.month}/{m.year}",
    lambda m: f"{m.hour} giờ {m.minute} phút, ngày {m.day} tháng {m.month} năm {m.year}",
    lambda m: f"{WEEKDAY_NUMBERS[m.weekday()]}, {m.day}/{m.month}/{m.year} | {m:%H:%M}",
    lambda m: f"{WEEKDAY_SHORT[m.weekday()]}, {m:%d/%m/%Y - %H:%M}",
    lambda m: f"{WEEKDAYS[m.weekday()].upper()}, {m:%d/%m/%Y %H:%M}",
    lambda m: f"{m:%d/%m/%Y - %H:%M} (GMT+7)",
    lambda m: f"Đăng lúc {m:%H:%M} ngày {m:%d/%m/%Y}",
    lambda m: f"Thời gian đăng: {m:%d/%m/%Y %H:%M:%S}",
    lambda m: f"{m:%d.%m.%Y %H:%M}",
    lambda m: f"{m:%H:%M} - {WEEKDAYS[m.weekday()].lower()}, {m:%d/%m/%Y}",
    lambda m: f"{m:%d/%m/%Y} {m.hour}g{m.minute:02d}",
    lambda m: f"{m:%d/%m/%y %H:%M}",
    lambda m: f"Lúc {m.hour} giờ {m.minute}, ngày {m.day}/{m.month}/{m.year}",
)
DAY_BYLINE_STYLES: tuple[Callable[[datetime], str], ...] = (
    lambda m: f"{WEEKDAYS[m.weekday()]}, {m:%d/%m/%Y}",
    lambda m: f"Ngày cập nhật: {m:%d/%m/%Y}",
    lambda m: f"({m:%d/%m/%Y})",
    lambda m: f"Ngày {m.day} tháng {m.month} năm {m.year}",
)


def _bylines(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        moment = _published(rng)
        if rng.random() < 0.15:
            text, expected = rng.choice(DAY_BYLINE_STYLES)(moment), _day(moment.date())
        else:
            text, expected = rng.choice(BYLINE_STYLES)(moment), _minute(moment)
        cases.append(Case("byline", _messy(rng, text), _crawled(rng, moment), expected))
    return cases


META_STYLES: tuple[Callable[[datetime], str], ...] = (
    lambda m: m.isoformat(),
    lambda m: m.isoformat(timespec="milliseconds"),
    lambda m: m.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    lambda m: m.strftime("%Y-%m-%d %H:%M:%S"),
    lambda m: m.strftime("%Y-%m-%dT%H:%M:%S%z"),
    lambda m: format_datetime(m),  # RSS pubDate
    lambda m: format_datetime(m.astimezone(UTC), usegmt=True),
)


def _meta(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        moment = _published(rng)
        if rng.random() < 0.12:
            text, expected = moment.date().isoformat(), _day(moment.date())
        else:
            text, expected = rng.choice(META_STYLES)(moment), _minute(moment)
        cases.append(Case("meta", text, _crawled(rng, moment), expected))
    return cases


def _mention(rng: random.Random, event: date, published: datetime) -> tuple[str, str]:
    """A day as a lead writes it, and its expected answer."""
    dash = rng.choice(("/", "-"))
    part = rng.choice(PARTS_OF_DAY)
    shapes = [
        (f"{part} {event.day}{dash}{event.month}", _day(event)),
        (f"Ngày {event.day:02d}/{event.month:02d}", _day(event)),
        (f"Ngày {event.day}/{event.month}/{event.year}", _day(event)),
        (f"ngày {event.day} tháng {event.month} năm {event.year}", _day(event)),
        (f"{part} {event.day}/{event.month}/{event.year}", _day(event)),
    ]
    if part != "Ngày" or rng.random() < 0.5:  # "Chiều 14.8": a dot only after a word that opens a day
        shapes.append((f"{part} {event.day}.{event.month}", _day(event)))
    if event.day <= 10:
        shapes.append((f"{rng.choice(('Mùng', 'mồng', 'Sáng mùng'))} {event.day}/{event.month}", _day(event)))
    if rng.random() < 0.2:
        shapes.append(
            (f"Lúc {rng.randint(0, 23)} giờ {rng.randint(0, 59)} ngày {event.day}/{event.month}/{event.year}", _day(event))
        )
    if event.day < 28 and event.day + 1 <= 28:
        shapes.append((f"Trong 2 ngày {event.day} và {event.day + 1}{dash}{event.month}", _day(event)))
        shapes.append((f"từ ngày {event.day} đến {event.day + 2}/{event.month}/{event.year}", _day(event)))
    if event == published.date():
        shapes.append((f"{part} nay ({event.day}/{event.month})", _day(event)))
        shapes.append(("Sáng nay", _day(event)))
    if event == published.date() - timedelta(days=1):
        shapes.append((f"Hôm qua ({event.day}/{event.month})", _day(event)))
        shapes.append(("chiều qua", _day(event)))
    if rng.random() < 0.02 and (lunar := _lunar(event)) is not None:  # rare in leads: a festival's day
        return f"ngày {lunar[0]}/{lunar[1]} âm lịch", _day(event)
    return rng.choice(shapes)


def _lunar(day: date) -> tuple[int, int] | None:
    """The lunar (day, month) of a solar day, None in a leap month (written otherwise)."""
    from vnlunar import get_lunar_date

    lunar = get_lunar_date(day.day, day.month, day.year)
    return None if lunar["leap"] else (lunar["day"], lunar["month"])


def _body(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        published = _published(rng)
        event = published.date() - timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
        mention, expected = _mention(rng, event, published)
        if rng.random() < 0.35:  # the whole lead sentence, not only the words naming the day
            prefix = rng.choice(LEAD_PREFIXES)
            mention = f"{prefix}{mention}, {rng.choice(ORGANISATIONS)} {rng.choice(EVENTS)}."
        cases.append(Case("body", _messy(rng, mention), published.replace(tzinfo=None), expected))
    return cases


def _relative(rng: random.Random, count: int) -> list[Case]:
    cases = []
    for _ in range(count):
        reference = _crawled(rng, _published(rng)).replace(second=0)
        moment = reference.replace(tzinfo=VIETNAM)
        shape = rng.randrange(10)
        if shape == 0:
            hours = rng.randint(1, 23)
            text, expected = f"{hours} giờ trước", _minute(moment - timedelta(hours=hours))
        elif shape == 1:
            minutes = rng.randint(1, 59)
            text, expected = f"{minutes} phút trước", _minute(moment - timedelta(minutes=minutes))
        elif shape == 2:
            days = rng.randint(1, 6)
            text, expected = f"{days} ngày trước", _day(moment.date() - timedelta(days=days))
        elif shape == 3:
            at = moment.replace(hour=rng.randint(0, 23), minute=rng.randint(0, 59)) - timedelta(days=1)
            text, expected = f"hôm qua {at:%H:%M}", _minute(at)
        elif shape == 4:
            text, expected = "hôm nay", _day(moment.date())
        elif shape == 5:
            text, expected = "hôm kia", _day(moment.date() - timedelta(days=2))
        elif shape == 6:
            text, expected = rng.choice(("sáng nay", "tối nay", "trưa nay")), _day(moment.date())
        elif shape == 7:
            text, expected = rng.choice(("chiều qua", "tối qua", "đêm qua")), _day(moment.date() - timedelta(days=1))
        elif shape == 8:
            hours = rng.randint(1, 12)
            text, expected = f"Cập nhật {hours} giờ trước", _minute(moment - timedelta(hours=hours))
        else:  # a day still to come, said so: the next such day, not last year's
            ahead = moment.date() + timedelta(days=rng.randint(1, 90))
            said = rng.choice((f"dự kiến ngày {ahead.day}/{ahead.month}", f"ngày {ahead.day}/{ahead.month} tới"))
            text, expected = said, _day(ahead)
        cases.append(Case("relative", text, reference, expected))
    return cases


def _refusal_text(rng: random.Random) -> str:
    year, number = rng.randint(2015, 2025), rng.randint(1, 400)
    small, large = rng.randint(1, 9), rng.randint(10, 99)
    generators: tuple[Callable[[], str], ...] = (
        lambda: (
            f"{number}-{rng.choice(('NQ', 'KH', 'QĐ', 'CT', 'KL', 'TB', 'HD'))}/{rng.choice(('TW', 'ĐUCA', 'BCA', 'TU', 'ĐU'))}"
        ),
        lambda: f"Nghị định {number}/{year}/NĐ-CP",
        lambda: f"số {number}/{year}/QĐ-UBND",
        lambda: f"Thông tư {rng.randint(1, 80):02d}/{year}/TT-BCA",
        lambda: f"Quyết định số {number}/QĐ-UBND",
        lambda: f"{number} đảng viên",
        lambda: f"{small}/{large} xã",
        lambda: f"{small}/{small + rng.randint(1, 3)} số hộ",
        lambda: f"đạt {small}/{small + rng.randint(1, 3)}",
        lambda: f"{rng.choice((3, 6, 9))} tháng đầu năm {year}",
        lambda: f"năm {year}",
        lambda: f"tháng {rng.randint(1, 12)}/{year}",
        lambda: f"quý {rng.choice(('I', 'II', 'III', 'IV'))}/{year}",
        lambda: f"nhiệm kỳ {year} - {year + 5}",
        lambda: f"0{rng.randint(200, 299)}.{rng.randint(1000, 9999)}.{rng.randint(100, 999)}",
        lambda: f"0{rng.randint(90, 99)}{rng.randint(1, 9)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}",
        lambda: f"{small}.{rng.randint(100, 999)}.000 đồng",
        lambda: f"phiên bản {small}.{rng.randint(10, 12)}.{rng.randint(10, 30)}",
        lambda: f"thắng {small}-{rng.randint(0, 3)}",
        lambda: f"{rng.choice((30, 31))}/02/{year}",
        lambda: f"31/{rng.choice(('04', '06', '09', '11'))}/{year}",
        lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        lambda: rng.choice(("tuần trước", "tháng trước", "năm ngoái", "thời gian qua", "gần đây")),
        lambda: f"ngõ {large}/{small}",
        lambda: rng.choice(("trực 24/7", "Đường dây nóng hoạt động 24/7", "phục vụ 24/24")),
        lambda: f"tăng {large}.{small}%",
        lambda: f"{large}.{small} triệu đồng",
    )
    return rng.choice(generators)()


def _refusals(rng: random.Random, count: int) -> list[Case]:
    return [Case("refusal", _refusal_text(rng), _crawled(rng, _published(rng)), None) for _ in range(count)]


def build_cases(seed: int = SEED) -> list[Case]:
    """The benchmark's strings, the same for the same seed, in a shuffled order."""
    rng = random.Random(seed)
    cases = _bylines(rng, 460) + _meta(rng, 220) + _body(rng, 260) + _relative(rng, 160) + _refusals(rng, 220)
    rng.shuffle(cases)
    return cases
