"""Labelled Vietnamese police and party news for measuring story clustering (``transforms.dedup``).

``generate(stories, seed)`` returns documents ``{article_id, source, title, body, published_at, story}``
where ``story`` is the truth: documents with the same label report the same event. Three kinds of
structure, in about these shares of documents:

* **Republications** (~35%): one story (a mirror article, or an event written from the templates
  below) plus 1-3 copies on other outlets, each with several of the changes real republication
  makes: a new headline, an outlet prefix on the lead ("(CAND) - ", "(GLO)- "...), a byline line at
  the end, photo captions as their own lines, the last 1-2 paragraphs dropped, the other tone-mark
  style in the whole text ("hoà"/"hòa", "uỷ"/"ủy"), decomposed Unicode (NFD), HTML entities
  (&nbsp;, &quot;), a "Tin cùng chuyên mục" trailer with unrelated headlines; published 0-48 hours
  after the original.
* **Formulaic families** (~45%): reports of the same kind of event (a commune studying its party
  congress resolution, a "Camera an ninh" launch, handing over recruits, a security festival day,
  a scam warning, a drug arrest, a traffic-safety session at a school, a fire drill) in different
  communes, on days a few days apart (sometimes the same day), with different officials and
  numbers. Members of one family share 70-90% of their sentences word for word, yet each is its
  own story. Families have 10-30 members; about 15% of members are also republished once.
* **Singletons** (~20%): unrelated stories published once.

The mirror corpus (``mirror/corpus/articles.yaml``, which includes the five seed articles) is used
first, each story once, with its own truth; everything else comes from the templates, whose slots
(communes, wards, provinces, officials and ranks, document numbers, counts, dates) make any number of
distinct events. Text is NFC and written in the first-vowel tone style ("hòa", "ủy"); outlets that
print the old style (Công an Hưng Yên, Báo Hưng Yên) get it converted. Each family (one newsroom's
boilerplate) and each standalone story also picks a house style (``HOUSE_STYLE``: "UBND" for "Ủy ban
nhân dân", "ANTT", "PCCC", "đảm bảo" for "bảo đảm"...), which copies keep: families of the same kind
from different newsrooms are alike, not identical.

Time: stories are spread over ``max(14, stories / STORIES_PER_DAY)`` days from ``START`` (about 280
documents a day, nine outlets' police and party news); family members' events fall within two days
of their family's day; publication is 1.5-26 hours after the event, between 6:00 and 23:00.

Run ``python benchmarks/dedup_corpus.py --labelled tests/data/dedup_labelled.jsonl`` to (re)write the
labelled test set (fixed seed), ``--sample N`` to print N of its documents for reading, ``--check``
to print its composition and how many sentences members of one family share, ``--synthetic N`` to
time the generation of N documents.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import math
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VIETNAM = timezone(timedelta(hours=7))
SEED = 20250922
LABELLED_STORIES = 265
LABELLED_FAMILY_SIZE = (10, 16)
FAMILY_SIZE = (10, 30)
START = date(2025, 9, 19)
STORIES_PER_DAY = 200
# Shares of *stories* that give ~35% / 45% / 20% of documents (3 docs per republished story,
# 1.15 per family member, 1 per singleton).
REPUBLISHED_SHARE = 0.165
FAMILY_SHARE = 0.553
MEMBER_COPY_RATE = 0.15
DOCS_PER_STORY = 1.41

SOURCES = ("cand", "dangcongsan", "nhandan", "baochinhphu", "baogialai", "congan_hungyen", "qdnd", "baohungyen", "baothanhhoa")
DOMAINS = {
    "cand": "cand.com.vn", "dangcongsan": "dangcongsan.org.vn", "nhandan": "nhandan.vn",
    "baochinhphu": "baochinhphu.vn", "baogialai": "baogialai.com.vn", "congan_hungyen": "conganhungyen.gov.vn",
    "qdnd": "qdnd.vn", "baohungyen": "baohungyen.vn", "baothanhhoa": "baothanhhoa.vn",
}  # fmt: skip
OUTLET_NAMES = {
    "cand": "Báo Công an nhân dân", "dangcongsan": "Báo điện tử Đảng Cộng sản Việt Nam", "nhandan": "Báo Nhân Dân",
    "baochinhphu": "Báo Chính phủ", "baogialai": "Báo Gia Lai", "congan_hungyen": "Công an tỉnh Hưng Yên",
    "qdnd": "Báo Quân đội nhân dân", "baohungyen": "Báo Hưng Yên", "baothanhhoa": "Báo Thanh Hóa",
}  # fmt: skip
# The prefix an outlet puts on its own leads, and the ones a copy carries when it credits another outlet.
OWN_PREFIX = {"baochinhphu": "(Chinhphu.vn) - ", "dangcongsan": "(ĐCSVN) - ", "baogialai": "(GLO)- "}
CREDIT_PREFIX = {**OWN_PREFIX, "cand": "(CAND) - "}  # a copy crediting the outlet it took the story from
SYNDICATED_PREFIX = "(PLO)- "  # a copy taken through a syndicating paper
OLD_STYLE_OUTLETS = {"congan_hungyen", "baohungyen"}
DASH_DATE_OUTLETS = {"baogialai", "qdnd"}
PROVINCIAL = {"baogialai": ("tỉnh", "Gia Lai"), "congan_hungyen": ("tỉnh", "Hưng Yên"),
              "baohungyen": ("tỉnh", "Hưng Yên"), "baothanhhoa": ("tỉnh", "Thanh Hóa")}  # fmt: skip
EXISTING_PREFIX = re.compile(r"^\s*\([^()]{2,30}\)\s*[-–—]?\s*")

# ---------------------------------------------------------------------------------------------
# Names, places, numbers
# ---------------------------------------------------------------------------------------------

SURNAMES = ("Nguyễn",) * 8 + ("Trần", "Lê") * 3 + ("Phạm", "Hoàng") * 2 + (
    "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai",
    "Lương", "Đào", "Cao", "Tạ", "Lưu", "Hà", "Trương", "Chu", "Quách", "Kiều", "Tô", "Lò", "Hứa",
)  # fmt: skip
MALE_MIDDLE = ("Văn",) * 5 + ("Đức", "Minh", "Quang", "Thanh", "Hữu", "Xuân", "Duy", "Đình", "Công", "Tiến",
                              "Mạnh", "Ngọc", "Anh", "Trọng", "Quốc", "Hồng", "Viết", "Bá", "Trung", "Hải")  # fmt: skip
FEMALE_MIDDLE = ("Thị",) * 5 + ("Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Thúy", "Phương", "Hải", "Bích", "Mai")
MALE_GIVEN = (
    "Hưng", "Khang", "Dũng", "Thắng", "Tuấn", "Hùng", "Hòa", "Hải", "Long", "Nam", "Sơn", "Phúc", "Tâm", "Toàn",
    "Thành", "Cường", "Kiên", "Quân", "Trung", "Hiếu", "Lâm", "Khoa", "Vinh", "Lợi", "Thịnh", "Tùng", "Đạt",
    "Hậu", "Hiệp", "Bình", "Chiến", "Định", "Giang", "Huy", "Luân", "Nghĩa", "Phong", "Quý", "Sang", "Thái",
    "Thuận", "Tiến", "Trí", "Việt", "Vũ", "Hoàng", "Thủy", "Khải", "Lực", "Quyết", "Thọ", "Chung", "Đông",
)  # fmt: skip
FEMALE_GIVEN = (
    "Lan", "Hương", "Hạnh", "Hằng", "Hoa", "Huyền", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh",
    "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Yến", "Hòa", "Thoa", "Dung", "Vân", "Liên", "Hiền",
)  # fmt: skip
PEN_FIRST = ("Minh", "Văn", "Đình", "Thu", "Ngọc", "Quang", "Hải", "Thanh", "Hoài", "Đức", "Phương", "Hồng",
             "Trọng", "Mai", "Hà", "Khánh", "Tuấn", "Xuân", "Bảo", "Kim", "Việt", "Thùy", "Anh", "Quốc")  # fmt: skip
PEN_SECOND = ("Hòa", "Linh", "Yên", "Hằng", "Minh", "Vinh", "Đăng", "Tùng", "Nhân", "Duyên", "Khôi", "Phương",
              "Long", "Thủy", "Châu", "Hiếu", "Thắng", "Anh", "Trang", "Huy", "Nhung", "Ngân", "Thảo", "Dũng")  # fmt: skip

PROVINCES = (
    ("thành phố", "Hà Nội"), ("thành phố", "Huế"), ("thành phố", "Hải Phòng"), ("thành phố", "Đà Nẵng"),
    ("thành phố", "Cần Thơ"), ("tỉnh", "Lai Châu"), ("tỉnh", "Điện Biên"), ("tỉnh", "Sơn La"),
    ("tỉnh", "Lạng Sơn"), ("tỉnh", "Quảng Ninh"), ("tỉnh", "Thanh Hóa"), ("tỉnh", "Nghệ An"),
    ("tỉnh", "Hà Tĩnh"), ("tỉnh", "Cao Bằng"), ("tỉnh", "Tuyên Quang"), ("tỉnh", "Lào Cai"),
    ("tỉnh", "Thái Nguyên"), ("tỉnh", "Phú Thọ"), ("tỉnh", "Bắc Ninh"), ("tỉnh", "Hưng Yên"),
    ("tỉnh", "Ninh Bình"), ("tỉnh", "Quảng Trị"), ("tỉnh", "Quảng Ngãi"), ("tỉnh", "Gia Lai"),
    ("tỉnh", "Khánh Hòa"), ("tỉnh", "Lâm Đồng"), ("tỉnh", "Đắk Lắk"), ("tỉnh", "Đồng Nai"),
    ("tỉnh", "Tây Ninh"), ("tỉnh", "Vĩnh Long"), ("tỉnh", "Đồng Tháp"), ("tỉnh", "Cà Mau"),
    ("tỉnh", "An Giang"),
)  # fmt: skip
HIGHLANDS = {"Gia Lai", "Đắk Lắk", "Lâm Đồng"}
PLACE_FIRST = (
    "Tân", "Hòa", "Phú", "An", "Bình", "Đông", "Tây", "Nam", "Bắc", "Trung", "Thanh", "Quang", "Hưng", "Vĩnh",
    "Phước", "Long", "Thạch", "Cẩm", "Yên", "Hồng", "Xuân", "Minh", "Đức", "Nghĩa", "Tiên", "Lạc", "Mỹ", "Kim",
    "Hoàng", "Thái", "Thịnh", "Quỳnh", "Ngọc", "Hải", "Lâm", "Sơn", "Đại", "Hiệp", "Tam", "Cao", "Văn", "Định",
)  # fmt: skip
PLACE_SECOND = (
    "Thành", "Lợi", "Hưng", "Phú", "Bình", "Hòa", "Lộc", "Thịnh", "Xuân", "Sơn", "Hải", "Long", "Phong", "Điền",
    "Đạo", "Tiến", "Khánh", "Lâm", "Hà", "Giang", "Mỹ", "An", "Yên", "Trạch", "Thuận", "Nghĩa", "Tân", "Quang",
    "Đông", "Tây", "Trung", "Hiệp", "Châu", "Phước", "Đức", "Thủy", "Lập", "Cường", "Hội", "Vinh",
)  # fmt: skip
HIGHLAND_PLACES = (
    "Ia Grai", "Ia Pa", "Ia Mơ", "Ia Hrung", "Ia Dom", "Ia Krêl", "Ia Chia", "Ia Sao", "Ia Tôr", "Ia Băng",
    "Ia Le", "Ia Phí", "Ia Ly", "Ia Kha", "Ia Hla", "Ia Rong", "Ia Dreh", "Ia Nan", "Ia Pnôn", "Kbang",
    "Đak Đoa", "Đak Pơ", "Chư Păh", "Chư Sê", "Chư Prông", "Kông Chro", "Krông Pa", "Ea Kar", "Ea Súp",
    "Ea Drăng", "Ea Wer", "Ea Tam", "Ea Ktur", "Krông Búk", "Cư M'gar", "Đức Cơ", "Mang Yang", "Phú Thiện",
)  # fmt: skip

# Documents of the Party and the Ministry that commune and provincial reports cite.
DOCUMENTS = (
    ("Quy định số 296-QĐ/TW", "Ban Chấp hành Trung ương", "công tác kiểm tra, giám sát và kỷ luật của Đảng"),
    ("Quy định số 343-QĐ/TW", "Bộ Chính trị", "tổ chức đảng trong Công an nhân dân Việt Nam"),
    ("Chỉ thị số 50-CT/TW", "Ban Bí thư", "nâng cao chất lượng tổ chức cơ sở đảng và đội ngũ đảng viên"),
    ("Nghị quyết số 12-NQ/TW", "Bộ Chính trị", "đẩy mạnh xây dựng lực lượng Công an nhân dân thật sự trong sạch, vững mạnh, chính quy, tinh nhuệ, hiện đại"),
    ("Nghị quyết số 57-NQ/TW", "Bộ Chính trị", "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    ("Nghị quyết số 66-NQ/TW", "Bộ Chính trị", "đổi mới công tác xây dựng và thi hành pháp luật"),
    ("Nghị quyết số 68-NQ/TW", "Bộ Chính trị", "phát triển kinh tế tư nhân"),
    ("Chỉ thị số 35-CT/TW", "Bộ Chính trị", "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"),
    ("Kết luận số 44-KL/TW", "Ban Bí thư", "tiếp tục đẩy mạnh thực hiện Chỉ thị số 09-CT/TW về phong trào toàn dân bảo vệ an ninh Tổ quốc"),
)  # fmt: skip


def clock(hour: int, minute: int) -> str:
    """ "21 giờ", "21 giờ 30 phút" """
    return f"{hour} giờ" if minute == 0 else f"{hour} giờ {minute} phút"


def fmt_num(n: int) -> str:
    """Vietnamese thousands separator: 1.200, 12.500."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class Person:
    name: str
    female: bool

    @property
    def initials(self) -> str:
        return ".".join(part[0] for part in self.name.split()) + "."

    @property
    def given(self) -> str:
        return self.name.split()[-1]

    @property
    def title(self) -> str:
        return "bà" if self.female else "ông"


def person(rng: random.Random, female_share: float = 0.2) -> Person:
    female = rng.random() < female_share
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return Person(f"{rng.choice(SURNAMES)} {middle} {given}", female)


def pen_name(rng: random.Random) -> str:
    return f"{rng.choice(PEN_FIRST)} {rng.choice(PEN_SECOND)}"


def place_name(rng: random.Random, province: str) -> str:
    if province in HIGHLANDS and rng.random() < 0.5:
        return rng.choice(HIGHLAND_PLACES)
    first = rng.choice(PLACE_FIRST)
    second = rng.choice(PLACE_SECOND)
    while second == first:
        second = rng.choice(PLACE_SECOND)
    return f"{first} {second}"


@dataclass(frozen=True)
class Place:
    level: str  # "xã" or "phường"
    name: str
    province: tuple[str, str]

    @property
    def full(self) -> str:
        return f"{self.level} {self.name}"


def village(rng: random.Random, place: Place) -> str:
    if place.level == "phường":
        return rng.choice((f"tổ dân phố {rng.randint(1, 24)}", f"khu phố {place_name(rng, '')}"))
    if place.province[1] in HIGHLANDS and rng.random() < 0.4:
        return rng.choice((f"làng {rng.choice(('Plei', 'Kon', 'Buôn'))} {rng.choice(('Ring', 'Bông', 'Tơ', 'Krông', 'Ma', 'Dơ', 'Lang', 'Chư'))}",
                           f"thôn {rng.randint(1, 15)}"))  # fmt: skip
    return f"thôn {place_name(rng, '')}" if rng.random() < 0.8 else f"thôn {rng.randint(1, 15)}"


# ---------------------------------------------------------------------------------------------
# Templates: sentences with alternatives and slots
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class S:
    """One sentence: alternative wordings (a family or a story picks one), kept with probability ``p``.

    ``member=True``: kept or dropped per member of a family (otherwise per family)."""

    alts: tuple[str, ...]
    p: float = 1.0
    member: bool = False


def s(*alts: str, p: float = 1.0, member: bool = False) -> S:
    return S(tuple(alts), p, member)


@dataclass(frozen=True)
class Template:
    name: str
    titles: tuple[str, ...]
    leads: tuple[S, ...]
    paras: tuple[tuple[S, ...], ...]
    captions: tuple[tuple[int, str], ...]
    slots: Callable[[random.Random, dict], dict]
    outlets: tuple[str, ...] = SOURCES
    timed: bool = True  # the lead names the event's day and part of day


# A newsroom's house style: abbreviations and set phrases it prefers. A family (one newsroom's
# boilerplate) or a standalone story picks some of them; copies keep the original's.
HOUSE_STYLE = (
    ("Ủy ban nhân dân", "UBND"),
    ("Ủy ban MTTQ Việt Nam", "Ủy ban MTTQ"),
    ("an ninh, trật tự", "ANTT"),
    ("bảo vệ an ninh Tổ quốc", "bảo vệ ANTQ"),
    ("phòng cháy, chữa cháy", "PCCC"),
    ("trật tự, an toàn giao thông", "TTATGT"),
    ("trật tự an toàn giao thông", "TTATGT"),
    ("cán bộ, chiến sĩ", "CBCS"),
    ("bảo đảm", "đảm bảo"),
    ("Nhân dân", "nhân dân"),
    ("Dịp này,", "Nhân dịp này,"),
    ("Thời gian tới,", "Trong thời gian tới,"),
    ("Phát biểu tại", "Phát biểu ý kiến tại"),
    ("Theo báo cáo,", "Báo cáo cho thấy,"),
    ("Đồng thời,", "Bên cạnh đó,"),
    ("đông đảo Nhân dân", "đông đảo người dân"),
    ("điện thoại di động", "điện thoại"),
)  # fmt: skip


@dataclass
class Choices:
    """A family's (or a standalone story's) picks: which wording of each sentence, which optional
    ones, which headline, which house-style rules."""

    lead: list[int | None]
    paras: list[list[int | None]]
    title: int
    style: tuple[tuple[str, str], ...] = ()

    @classmethod
    def pick(cls, template: Template, rng: random.Random, style_rate: float = 0.35) -> Choices:
        def one(sentence: S) -> int | None:
            if not sentence.member and rng.random() >= sentence.p:
                return None
            return rng.randrange(len(sentence.alts))

        style = tuple(rule for rule in HOUSE_STYLE if rng.random() < style_rate)
        return cls([one(x) for x in template.leads], [[one(x) for x in para] for para in template.paras],
                   rng.randrange(len(template.titles)), style)  # fmt: skip


def house_style(text: str, rules: Sequence[tuple[str, str]]) -> str:
    for plain, styled in rules:
        text = text.replace(plain, styled)
    return text


def fill(text: str, ctx: dict) -> str:
    return text.format_map(ctx)


def render_template(
    template: Template, choices: Choices, ctx: dict, rng: random.Random
) -> tuple[str, list[str], list[tuple[int, str]]]:
    def sentences(items: Sequence[S], picks: Sequence[int | None]) -> str:
        kept = []
        for sentence, pick in zip(items, picks):
            if pick is None or (sentence.member and rng.random() >= sentence.p):
                continue
            kept.append(fill(sentence.alts[pick], ctx))
        return " ".join(kept)

    lead = sentences(template.leads, choices.lead)
    paras = [p for p in (sentences(items, picks) for items, picks in zip(template.paras, choices.paras)) if p]
    captions = [(after, fill(text, ctx)) for after, text in template.captions if after <= len(paras)]
    return lead, paras, captions


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def base_context(rng: random.Random, place: Place, when: datetime | None, source: str) -> dict:
    """Slots every template may use: the place, the day, the local officials."""
    sep = "-" if source in DASH_DATE_OUTLETS else "/"
    when = when or datetime(2025, 9, 20, 9, tzinfo=VIETNAM)
    hour = when.hour
    buoi = "Sáng" if hour < 12 else ("Chiều" if hour < 18 else "Tối")
    level, province = place.province
    people = [person(rng, 0.25) for _ in range(3)] + [
        person(rng, 0.03) for _ in range(3)
    ]  # party officials, then police officers
    ranks_commune = ("Thiếu tá", "Trung tá", "Thượng tá")
    ctx = {
        "buoi": buoi, "ngay": f"{when.day}{sep}{when.month}", "ngay_full": f"{when.day}/{when.month}/{when.year}",
        "nam": when.year, "thang": when.month,
        "cap": place.level, "Cap": cap_first(place.level), "xa": place.full, "Xa": cap_first(place.full),
        "xa_ten": place.name, "tinh": f"{level} {province}", "tinh_ten": province, "_province": place.province, "Tinh": cap_first(f"{level} {province}"),
        "thon": village(rng, place), "thon2": village(rng, place),
        "bt": people[0].name, "pbt": people[1].name, "ct": people[2].name,
        "tca": people[3].name, "tca_rank": rng.choice(ranks_commune),
        "pgd": people[4].name, "pgd_rank": rng.choice(("Đại tá", "Thượng tá")),
        "gd": people[5].name, "gd_rank": rng.choice(("Thiếu tướng", "Đại tá")),
    }  # fmt: skip
    return ctx


# ---- Formulaic kinds: members of one family share most sentences ----------------------------


def _nqdh_slots(rng: random.Random, ctx: dict) -> dict:
    return {"n_dv": rng.randint(60, 420), "n_cb": rng.randint(8, 36)}


NQDH = Template(
    name="nqdh",
    titles=(
        "Đảng ủy {xa} quán triệt Nghị quyết Đại hội Đảng bộ {cap} lần thứ I, nhiệm kỳ 2025 - 2030",
        "{Xa} học tập, quán triệt Nghị quyết Đại hội Đảng bộ {cap} nhiệm kỳ 2025 - 2030",
        "{tinh_ten}: Đảng bộ {xa} triển khai Nghị quyết Đại hội lần thứ I",
    ),
    leads=(
        s("{buoi} {ngay}, Đảng ủy {xa} ({tinh}) tổ chức hội nghị học tập, quán triệt, triển khai Nghị quyết Đại hội Đảng bộ {cap} lần thứ I, nhiệm kỳ 2025 - 2030 cho cán bộ, đảng viên toàn Đảng bộ.",
          "{buoi} {ngay}, Đảng ủy {xa} tổ chức hội nghị quán triệt, triển khai Nghị quyết Đại hội đại biểu Đảng bộ {cap} lần thứ I, nhiệm kỳ 2025 - 2030 và Chương trình hành động thực hiện Nghị quyết."),
        s("Tham dự có {n_dv} đảng viên của {n_cb} chi bộ trực thuộc.",
          "Dự và chỉ đạo hội nghị có đồng chí {bt}, Bí thư Đảng ủy {cap}; đồng chí {pbt}, Phó Bí thư Thường trực Đảng ủy {cap} cùng {n_dv} cán bộ, đảng viên của {n_cb} chi bộ trực thuộc."),
    ),
    paras=(
        (
            s("Tại hội nghị, các đại biểu được phổ biến những nội dung cốt lõi của Nghị quyết Đại hội, gồm mục tiêu tổng quát, các chỉ tiêu chủ yếu, các nhiệm vụ, giải pháp trọng tâm và các khâu đột phá trong nhiệm kỳ 2025 - 2030.",
              "Hội nghị đã quán triệt những điểm mới, cốt lõi của Nghị quyết Đại hội; các quan điểm chỉ đạo, mục tiêu, chỉ tiêu chủ yếu và những nhiệm vụ, giải pháp đột phá mà Đại hội đã đề ra cho nhiệm kỳ 2025 - 2030."),
            s("Hội nghị cũng quán triệt {doc} của {doc_by} về {doc_about}; hướng dẫn sử dụng Sổ tay đảng viên điện tử trong sinh hoạt chi bộ."),
            s("Các đại biểu cũng được thông tin về tình hình thời sự nổi bật trong nước, quốc tế và của địa phương trong những tháng gần đây.",
              "Bên cạnh đó, các đại biểu được thông tin về tình hình kinh tế - xã hội, quốc phòng, an ninh của địa phương và một số vấn đề thời sự được dư luận quan tâm.", p=0.85),
            s("Hội nghị cũng dành thời gian để các đại biểu thảo luận, làm rõ những nội dung mới, những vấn đề cần quan tâm trong tổ chức thực hiện Nghị quyết tại cơ sở.", p=0.7, member=True),
        ),
        (
            s("Phát biểu chỉ đạo, đồng chí {bt}, Bí thư Đảng ủy {cap} nhấn mạnh, đây là đợt sinh hoạt chính trị quan trọng nhằm tạo sự thống nhất cao về nhận thức và hành động trong toàn Đảng bộ.",
              "Kết luận hội nghị, đồng chí {bt}, Bí thư Đảng ủy {cap} đề nghị các chi bộ trực thuộc khẩn trương xây dựng kế hoạch đưa Nghị quyết đến từng đảng viên."),
            s("Mỗi cán bộ, đảng viên phải nêu cao tinh thần trách nhiệm, gương mẫu, chủ động cụ thể hóa Nghị quyết thành chương trình, kế hoạch hành động phù hợp với thực tiễn của từng chi bộ, khu dân cư.",
              "Mỗi cán bộ, đảng viên cần phát huy tinh thần đoàn kết, gương mẫu đi đầu, góp phần đưa Nghị quyết sớm đi vào cuộc sống."),
            s("Đồng chí yêu cầu các chi bộ gắn việc thực hiện Nghị quyết với nhiệm vụ chính trị của từng đơn vị, thường xuyên sơ kết, đánh giá kết quả thực hiện."),
        ),
        (
            s("Theo kế hoạch, sau hội nghị, các chi bộ trực thuộc sẽ tổ chức thảo luận, xây dựng chương trình hành động thực hiện Nghị quyết, hoàn thành trong tháng {thang_sau}/{nam_sau}."),
            s("Đảng ủy sẽ thành lập các đoàn kiểm tra, giám sát việc học tập, quán triệt và triển khai thực hiện Nghị quyết tại các chi bộ, bảo đảm 100% cán bộ, đảng viên được học tập, nắm vững nội dung Nghị quyết.",
              "Các chi bộ có trách nhiệm tổ chức cho đảng viên viết bài thu hoạch, bảo đảm 100% cán bộ, đảng viên được học tập, nắm vững nội dung Nghị quyết."),
            s("Đối với những đảng viên vắng mặt có lý do, các chi bộ tổ chức học tập bổ sung, bảo đảm thời gian, nội dung theo quy định."),
        ),
        (
            s("Việc học tập, quán triệt Nghị quyết được gắn với thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.", p=0.8, member=True),
            s("Cùng với đó, địa phương đẩy mạnh công tác tuyên truyền rộng rãi trong Nhân dân thông qua hệ thống truyền thanh cơ sở, bảng tin, mạng xã hội và sinh hoạt thôn, tổ dân phố, tạo khí thế thi đua sôi nổi, quyết tâm thực hiện thắng lợi Nghị quyết Đại hội đã đề ra."),
            s("Hội nghị được tổ chức nghiêm túc, bảo đảm thời gian, chất lượng theo đúng hướng dẫn của cấp trên.",
              "Hội nghị diễn ra nghiêm túc, đúng kế hoạch, bảo đảm chất lượng và hiệu quả.", p=0.8),
        ),
    ),
    captions=((0, "Quang cảnh hội nghị."), (2, "Đồng chí {bt}, Bí thư Đảng ủy {cap} phát biểu chỉ đạo hội nghị.")),
    slots=_nqdh_slots,
    outlets=("dangcongsan", "baothanhhoa", "baogialai", "baohungyen", "nhandan", "congan_hungyen"),
)  # fmt: skip


def _camera_slots(rng: random.Random, ctx: dict) -> dict:
    cams = rng.randint(40, 320)
    return {"n_cam": cams, "n_kn": rng.randint(cams // 4, cams - 5), "kp": rng.randint(12, 95) * 10}


CAMERA = Template(
    name="camera",
    titles=(
        "Công an {xa} ra mắt mô hình “Camera an ninh”",
        "{Xa} có thêm mô hình “Camera an ninh” bảo đảm an ninh, trật tự",
        "Ra mắt mô hình “Camera an ninh” tại {thon}, {xa}",
    ),
    leads=(
        s("{buoi} {ngay}, Công an {xa} tổ chức Lễ ra mắt mô hình “Camera an ninh” tại {thon}.",
          "{buoi} {ngay}, tại {thon}, Công an {xa} ({tinh}) tổ chức ra mắt mô hình “Camera an ninh”."),
        s("Dự buổi lễ có đồng chí {pbt}, Phó Bí thư Thường trực Đảng ủy {cap}; {tca_rank} {tca}, Trưởng Công an {cap} cùng đại diện các ban, ngành, đoàn thể và đông đảo Nhân dân trên địa bàn."),
    ),
    paras=(
        (
            s("Thực hiện Đề án 06 của Chính phủ và kế hoạch của Công an tỉnh về nhân rộng mô hình “Camera an ninh” gắn với phong trào toàn dân bảo vệ an ninh Tổ quốc, thời gian qua, Công an {cap} đã chủ động tham mưu cấp ủy, chính quyền địa phương vận động các hộ gia đình, cơ sở kinh doanh lắp đặt camera tại các tuyến đường, ngõ xóm, khu vực trọng điểm về an ninh, trật tự."),
            s("Việc triển khai mô hình được thực hiện theo phương châm “Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”."),
            s("Mô hình được triển khai trên cơ sở khảo sát thực tế, lựa chọn các vị trí lắp đặt phù hợp, bảo đảm quan sát được các tuyến đường chính, khu vực giáp ranh và nơi tập trung đông người."),
        ),
        (
            s("Đến nay, toàn {cap} đã lắp đặt {n_cam} mắt camera, trong đó {n_kn} camera được kết nối, chia sẻ dữ liệu với Công an {cap}, tổng kinh phí xã hội hóa khoảng {kp} triệu đồng."),
            s("Hệ thống camera đã phát huy hiệu quả trong công tác phòng ngừa, phát hiện, xử lý các vụ việc vi phạm pháp luật, giúp lực lượng Công an kịp thời truy vết, làm rõ nhiều vụ trộm cắp tài sản, gây rối trật tự công cộng và vi phạm trật tự an toàn giao thông.",
              "Qua thời gian vận hành thử nghiệm, hệ thống camera đã hỗ trợ đắc lực cho lực lượng Công an trong công tác phòng ngừa, phát hiện, xử lý các hành vi vi phạm pháp luật, góp phần kéo giảm tội phạm trên địa bàn."),
            s("Nhiều hình ảnh từ hệ thống camera đã trở thành căn cứ quan trọng giúp cơ quan chức năng xác minh, giải quyết các vụ việc ngay từ cơ sở."),
        ),
        (
            s("Phát biểu tại buổi lễ, lãnh đạo địa phương ghi nhận, đánh giá cao sự chủ động của Công an {cap} và tinh thần hưởng ứng tích cực của Nhân dân."),
            s("Đồng chí đề nghị Công an {cap} tiếp tục phối hợp với các thôn duy trì hoạt động thường xuyên, hiệu quả của mô hình; quản lý, khai thác dữ liệu đúng quy định, bảo đảm bí mật thông tin cá nhân của Nhân dân."),
            s("Đồng thời, đề nghị các hộ gia đình tiếp tục hưởng ứng, đóng góp kinh phí duy trì, bảo dưỡng hệ thống camera.", p=0.7, member=True),
        ),
        (
            s("Mô hình “Camera an ninh” là minh chứng sinh động cho sự vào cuộc của cả hệ thống chính trị và sự đồng thuận của Nhân dân trong công tác bảo đảm an ninh, trật tự ở cơ sở."),
            s("Đây là mô hình có ý nghĩa thiết thực, góp phần xây dựng địa bàn “An toàn về an ninh, trật tự”.",
              "Việc ra mắt mô hình góp phần nâng cao ý thức tự phòng, tự quản, tự bảo vệ của Nhân dân, xây dựng thế trận an ninh nhân dân vững chắc."),
            s("Thời gian tới, Công an {cap} sẽ tiếp tục nhân rộng mô hình ra các thôn còn lại, phấn đấu 100% thôn, tổ dân phố có camera an ninh kết nối trước ngày 31/12/{nam}."),
        ),
        (
            s("Tại buổi lễ, Công an {cap} đã ra mắt tổ quản lý, vận hành hệ thống camera và trao giấy khen cho các hộ gia đình có nhiều đóng góp trong xây dựng mô hình."),
            s("Người dân khi phát hiện các hành vi vi phạm pháp luật có thể thông báo trực tiếp cho Công an {cap} hoặc qua số điện thoại đường dây nóng được niêm yết tại trụ sở.", p=0.7),
        ),
    ),
    captions=((0, "Quang cảnh Lễ ra mắt mô hình “Camera an ninh”."), (2, "Lãnh đạo {xa} kiểm tra hệ thống camera kết nối với Công an {cap}.")),
    slots=_camera_slots,
    outlets=("congan_hungyen", "baohungyen", "cand", "baothanhhoa", "baogialai"),
)  # fmt: skip


def _recruit_slots(rng: random.Random, ctx: dict) -> dict:
    n = rng.randint(6, 32)
    return {"n_td": n, "n_dh": rng.randint(1, max(1, n // 3)), "pto": person(rng).name,
            "pto_rank": rng.choice(("Trung tá", "Thượng tá"))}  # fmt: skip


RECRUITS = Template(
    name="giao_nhan",
    titles=(
        "{Xa} tổ chức lễ giao nhận công dân thực hiện nghĩa vụ tham gia Công an nhân dân",
        "{xa_ten}: {n_td} công dân lên đường thực hiện nghĩa vụ tham gia Công an nhân dân",
        "{Xa} giao {n_td} công dân thực hiện nghĩa vụ tham gia Công an nhân dân",
    ),
    leads=(
        s("{buoi} {ngay}, {xa} tổ chức lễ giao nhận công dân thực hiện nghĩa vụ tham gia Công an nhân dân năm {nam} (đợt {dot}).",
          "{buoi} {ngay}, Ủy ban nhân dân {xa} ({tinh}) tổ chức lễ giao nhận công dân thực hiện nghĩa vụ tham gia Công an nhân dân năm {nam}."),
        s("Dự buổi lễ có đồng chí {bt}, Bí thư Đảng ủy {cap}; {pto_rank} {pto}, Phó Trưởng phòng Tổ chức cán bộ Công an tỉnh cùng lãnh đạo các ban, ngành, đoàn thể {cap} và gia đình các tân binh."),
    ),
    paras=(
        (s("Năm nay, {xa} có {n_td} công dân trúng tuyển thực hiện nghĩa vụ tham gia Công an nhân dân, trong đó {n_dh} công dân có trình độ đại học, cao đẳng."),),
        (
            s("Công tác tuyển chọn được thực hiện công khai, dân chủ, đúng quy trình, bảo đảm chỉ tiêu và chất lượng theo quy định của Luật Nghĩa vụ quân sự, Luật Công an nhân dân và hướng dẫn của Bộ Công an."),
            s("Các công dân trúng tuyển đều có phẩm chất chính trị, đạo đức tốt, đủ tiêu chuẩn về sức khỏe, lý lịch rõ ràng."),
            s("Trước khi lên đường, các công dân đã được khám sức khỏe, thẩm tra lý lịch và tham gia các buổi sinh hoạt, tìm hiểu về truyền thống của lực lượng Công an nhân dân."),
        ),
        (
            s("Phát biểu giao nhiệm vụ, lãnh đạo địa phương biểu dương tinh thần hăng hái, sẵn sàng lên đường làm nhiệm vụ của các tân binh.",
              "Phát biểu tại buổi lễ, lãnh đạo địa phương chúc mừng các công dân vinh dự được lựa chọn thực hiện nghĩa vụ tham gia Công an nhân dân."),
            s("Đồng chí mong muốn các tân binh phát huy truyền thống quê hương, ra sức học tập, rèn luyện, chấp hành nghiêm kỷ luật, điều lệnh Công an nhân dân, xứng đáng với niềm tin của gia đình, quê hương và Nhân dân."),
            s("Đồng thời, đề nghị các đơn vị tiếp nhận quan tâm, tạo điều kiện để tân binh sớm ổn định, yên tâm huấn luyện.", p=0.8),
            s("Đồng chí cũng đề nghị gia đình các tân binh tiếp tục động viên, khích lệ con em yên tâm công tác, phấn đấu trưởng thành."),
        ),
        (s("Thay mặt các công dân lên đường nhập ngũ, đại diện tân binh bày tỏ niềm tự hào khi được đứng trong hàng ngũ lực lượng Công an nhân dân và hứa sẽ nỗ lực phấn đấu hoàn thành tốt mọi nhiệm vụ được giao."),),
        (
            s("Dịp này, các cơ quan, đơn vị, đoàn thể đã trao quà, động viên các tân binh và gia đình."),
            s("Sau buổi lễ, các tân binh được bàn giao cho các đơn vị tiếp nhận để bắt đầu khóa huấn luyện chiến sĩ mới."),
            s("Nhiều gia đình tân binh bày tỏ niềm tự hào, tin tưởng con em mình sẽ trưởng thành trong môi trường Công an nhân dân.", p=0.7, member=True),
            s("Buổi lễ diễn ra trang trọng, ấm áp, để lại nhiều ấn tượng trong lòng các tân binh và Nhân dân địa phương.",
              "Buổi lễ được tổ chức trang trọng, tiết kiệm, đúng quy định."),
        ),
    ),
    captions=((1, "Quang cảnh lễ giao nhận công dân thực hiện nghĩa vụ tham gia Công an nhân dân."), (4, "Lãnh đạo địa phương tặng hoa, động viên các tân binh.")),
    slots=_recruit_slots,
    outlets=("baogialai", "congan_hungyen", "baothanhhoa", "cand", "baohungyen"),
)  # fmt: skip


def _festival_slots(rng: random.Random, ctx: dict) -> dict:
    return {"n_tin": rng.randint(8, 64), "n_hg": rng.randint(6, 58)}


FESTIVAL = Template(
    name="ngay_hoi",
    titles=(
        "Sôi nổi Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại {xa}",
        "{Xa} tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {nam}",
        "{tinh_ten}: Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại {thon}, {xa}",
    ),
    leads=(
        s("{buoi} {ngay}, Ủy ban nhân dân {xa} ({tinh}) tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {nam}.",
          "{buoi} {ngay}, tại {thon}, {xa} ({tinh}) đã diễn ra Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {nam}."),
        s("Dự Ngày hội có {pgd_rank} {pgd}, Phó Giám đốc Công an {tinh}; lãnh đạo Đảng ủy, Ủy ban nhân dân {cap} cùng đông đảo Nhân dân trên địa bàn.",
          "Tới dự có {pgd_rank} {pgd}, Phó Giám đốc Công an {tinh}; đại diện lãnh đạo Đảng ủy, Ủy ban nhân dân, Ủy ban MTTQ Việt Nam {cap} cùng đông đảo Nhân dân trên địa bàn."),
    ),
    paras=(
        (
            s("Ngày hội là dịp để ôn lại truyền thống vẻ vang của lực lượng Công an nhân dân và ý nghĩa của phong trào toàn dân bảo vệ an ninh Tổ quốc, đồng thời đánh giá kết quả thực hiện phong trào trong năm qua."),
            s("Qua đó, tiếp tục khơi dậy tinh thần trách nhiệm, phát huy sức mạnh tổng hợp của cả hệ thống chính trị và Nhân dân tham gia giữ gìn an ninh, trật tự ở cơ sở."),
        ),
        (
            s("Theo báo cáo, từ đầu năm đến nay, Nhân dân trên địa bàn đã cung cấp cho cơ quan Công an {n_tin} nguồn tin có giá trị về tội phạm và vi phạm pháp luật, tham gia hòa giải thành công {n_hg} vụ mâu thuẫn ngay tại cơ sở."),
            s("Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn được giữ vững, không để xảy ra các vụ việc phức tạp, bất ngờ."),
            s("Nhiều mô hình tự quản về an ninh, trật tự ở khu dân cư được duy trì, phát huy hiệu quả, thu hút đông đảo người dân tham gia."),
        ),
        (
            s("Phát biểu tại Ngày hội, lãnh đạo Công an tỉnh ghi nhận, biểu dương những kết quả mà cấp ủy, chính quyền và Nhân dân địa phương đạt được."),
            s("Đồng chí đề nghị thời gian tới, địa phương tiếp tục triển khai hiệu quả Kết luận số 44-KL/TW của Ban Bí thư, xây dựng, nhân rộng các mô hình tự quản về an ninh, trật tự; phát huy vai trò của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở."),
            s("Đồng thời, quan tâm xây dựng lực lượng nòng cốt ở cơ sở, phát hiện, nhân rộng các điển hình tiên tiến trong phong trào."),
        ),
        (
            s("Dịp này, Ban tổ chức đã khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc; trao tặng quà cho các gia đình chính sách, hộ nghèo trên địa bàn."),
            s("Ngày hội còn có nhiều hoạt động văn hóa, văn nghệ, thể thao sôi nổi, thu hút đông đảo người dân tham gia.",
              "Các hoạt động văn hóa, văn nghệ, trò chơi dân gian diễn ra sôi nổi, tạo không khí vui tươi, đoàn kết trong cộng đồng dân cư."),
            s("Các gian trưng bày hình ảnh, tài liệu về phong trào và công tác phòng, chống tội phạm cũng được nhiều người dân quan tâm, tìm hiểu.", p=0.7),
        ),
        (
            s("Tại Ngày hội, đại diện Nhân dân trên địa bàn đã ký kết giao ước thi đua thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc.", p=0.7, member=True),
            s("Ngày hội thực sự trở thành ngày hội của toàn dân, góp phần xây dựng thế trận an ninh nhân dân vững chắc ngay từ cơ sở."),
        ),
    ),
    captions=((0, "Các đại biểu dự Ngày hội."), (3, "Trao khen thưởng cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào.")),
    slots=_festival_slots,
    outlets=("cand", "baogialai", "baothanhhoa", "congan_hungyen", "dangcongsan", "baohungyen"),
)  # fmt: skip

SCAMS = (
    ("giả danh Công an", "giả danh Công an yêu cầu cập nhật, tích hợp thông tin định danh điện tử",
     "tự xưng là cán bộ Công an, thông báo tài khoản định danh điện tử của bị hại bị lỗi và yêu cầu cài đặt ứng dụng VNeID giả mạo để “cập nhật thông tin”",
     "Lực lượng Công an không hướng dẫn người dân cài đặt ứng dụng, cập nhật thông tin định danh điện tử qua điện thoại; mọi thủ tục đều được thực hiện trực tiếp tại trụ sở Công an cấp xã hoặc trên ứng dụng VNeID chính thức."),
    ("tuyển cộng tác viên online", "tuyển cộng tác viên online, “việc nhẹ lương cao”",
     "mời làm cộng tác viên bán hàng trực tuyến, chỉ cần thực hiện các “nhiệm vụ” đặt đơn hàng trên ứng dụng là được hưởng hoa hồng",
     "Người dân cần cảnh giác với những lời mời làm việc tại nhà với thu nhập cao, đặc biệt là các công việc yêu cầu nạp tiền trước để nhận “nhiệm vụ”."),
    ("giả danh nhân viên điện lực", "giả danh nhân viên điện lực thông báo cắt điện",
     "tự xưng là nhân viên điện lực, thông báo gia đình chậm thanh toán tiền điện và sẽ bị cắt điện trong vòng 2 giờ, rồi gửi đường dẫn yêu cầu thanh toán",
     "Ngành điện không thông báo cắt điện qua các cuộc gọi yêu cầu chuyển tiền; người dân chỉ thanh toán tiền điện qua các kênh chính thức của ngành điện."),
    ("mời đầu tư tiền ảo", "mời đầu tư tài chính, tiền ảo trên mạng xã hội",
     "làm quen qua mạng xã hội rồi giới thiệu tham gia đầu tư trên một sàn giao dịch tiền ảo với lợi nhuận từ 20 đến 30% mỗi tháng",
     "Người dân không tham gia các sàn đầu tư tài chính, tiền ảo không được cấp phép, không tin vào lời hứa hẹn lợi nhuận cao, cam kết không thua lỗ."),
    ("giả danh cán bộ thuế", "giả danh cán bộ thuế hướng dẫn hoàn thuế",
     "tự xưng là cán bộ cơ quan thuế, thông báo hộ kinh doanh được hoàn thuế và gửi đường dẫn tới một trang web giả mạo để khai báo thông tin",
     "Cơ quan thuế không gọi điện yêu cầu người nộp thuế cài đặt ứng dụng hoặc cung cấp mật khẩu, mã OTP; khi cần, người dân liên hệ trực tiếp với cơ quan thuế quản lý."),
)  # fmt: skip


def _scam_slots(rng: random.Random, ctx: dict) -> dict:
    victim = person(rng, 0.5)
    when = ctx["_day"] - timedelta(days=rng.randint(2, 25))
    sep = "-" if ctx["_source"] in DASH_DATE_OUTLETS else "/"
    return {"nguoi_bh": f"{victim.title} {victim.initials}", "ns_bh": rng.randint(1948, 1995),
            "ngay_vu": f"{when.day}{sep}{when.month}", "tien_bh": rng.randint(8, 95) * 10}  # fmt: skip


SCAM = Template(
    name="lua_dao",
    titles=(
        "Công an {xa} cảnh báo thủ đoạn lừa đảo {thu_doan_ngan}",
        "{xa_ten}: Người dân bị chiếm đoạt {tien_bh} triệu đồng vì tin lời đối tượng lừa đảo",
        "Cảnh giác với thủ đoạn lừa đảo {thu_doan_ngan} tại {xa}",
    ),
    leads=(
        s("Thời gian gần đây, trên địa bàn {xa} ({tinh}) xảy ra một số vụ lừa đảo chiếm đoạt tài sản với thủ đoạn {thu_doan}.",
          "Công an {xa} ({tinh}) vừa tiếp nhận trình báo của một người dân bị lừa đảo chiếm đoạt tài sản với thủ đoạn {thu_doan}."),
        s("Công an {cap} khuyến cáo người dân nâng cao cảnh giác, không làm theo hướng dẫn của người lạ qua điện thoại, mạng xã hội."),
    ),
    paras=(
        (
            s("Điển hình, ngày {ngay_vu}, {nguoi_bh} (SN {ns_bh}, trú tại {thon}) nhận được liên lạc của một đối tượng {mo_ta}."),
            s("Tin lời, nạn nhân đã làm theo hướng dẫn và chuyển tổng cộng {tien_bh} triệu đồng vào các tài khoản do đối tượng cung cấp, sau đó mới phát hiện mình bị lừa và đến trình báo cơ quan Công an."),
            s("Thủ đoạn của các đối tượng rất tinh vi, liên tục thay đổi kịch bản để đánh vào lòng tin và sự thiếu cảnh giác của người dân."),
        ),
        (
            s("Theo Công an {cap}, các đối tượng thường nắm bắt tâm lý lo lắng, thiếu hiểu biết của người dân, nhất là người cao tuổi, để từng bước dẫn dắt, yêu cầu chuyển tiền hoặc cung cấp mã OTP, mật khẩu tài khoản ngân hàng."),
            s("Sau khi chiếm đoạt được tiền, các đối tượng lập tức chặn liên lạc và chuyển tiền qua nhiều tài khoản khác nhau nhằm che giấu dấu vết.",
              "Tiền chiếm đoạt được các đối tượng nhanh chóng chuyển qua nhiều tài khoản trung gian, gây khó khăn cho công tác truy vết, thu hồi."),
            s("Đáng chú ý, các đối tượng thường sử dụng số điện thoại, tài khoản mạng xã hội mới lập, ảnh đại diện là cơ quan nhà nước để tạo lòng tin."),
        ),
        (
            s("Để phòng ngừa, Công an {cap} khuyến cáo người dân tuyệt đối không cung cấp thông tin cá nhân, số tài khoản, mã OTP cho bất kỳ ai; không truy cập vào các đường link lạ, không cài đặt ứng dụng không rõ nguồn gốc."),
            s("{khuyen_cao}"),
            s("Người dân cũng cần thường xuyên cập nhật thông tin về các phương thức, thủ đoạn lừa đảo mới được cơ quan chức năng cảnh báo trên các phương tiện thông tin đại chúng.", p=0.7, member=True),
            s("Khi phát hiện dấu hiệu nghi vấn lừa đảo, người dân cần báo ngay cho cơ quan Công an nơi gần nhất hoặc qua số điện thoại đường dây nóng để được hỗ trợ kịp thời."),
        ),
        (
            s("Hiện Công an {cap} đang phối hợp với các đơn vị nghiệp vụ Công an tỉnh xác minh, truy vết các đối tượng liên quan.", p=0.6),
            s("Công an {cap} cũng đã tổ chức tuyên truyền tại các thôn, khu dân cư, qua hệ thống loa truyền thanh và nhóm Zalo của các thôn để người dân kịp thời nắm bắt."),
        ),
    ),
    captions=((1, "Công an {cap} tuyên truyền phòng, chống lừa đảo cho người dân."), (3, "Ảnh minh họa")),
    slots=_scam_slots,
    outlets=("congan_hungyen", "baohungyen", "baothanhhoa", "baogialai", "cand"),
    timed=False,
)  # fmt: skip


def _drug_slots(rng: random.Random, ctx: dict) -> dict:
    suspect = person(rng, 0.1)
    day = ctx["_day"] - timedelta(days=rng.randint(0, 1))
    sep = "-" if ctx["_source"] in DASH_DATE_OUTLETS else "/"
    return {"ten_dt": suspect.name, "ns_dt": rng.randint(1975, 2004), "luc": clock(rng.randint(8, 23), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))),
            "ngay_bat": f"{day.day}{sep}{day.month}", "n_goi": rng.randint(1, 12), "n_vien": rng.randint(2, 60),
            "n_vu": (n_vu := rng.randint(2, 19)), "n_dtmt": n_vu + rng.randint(0, 12)}  # fmt: skip


DRUGS = Template(
    name="ma_tuy",
    titles=(
        "Công an {xa} bắt quả tang đối tượng tàng trữ trái phép chất ma túy",
        "Bắt đối tượng tàng trữ {n_goi} gói ma túy tại {xa}",
        "{tinh_ten}: Bắt quả tang đối tượng tàng trữ trái phép chất ma túy",
    ),
    leads=(
        s("Khoảng {luc} ngày {ngay_bat}, tại {thon}, {xa} ({tinh}), Tổ công tác Công an {cap} phát hiện, bắt quả tang {ten_dt} (SN {ns_dt}, trú tại {thon2}, {xa}) đang có hành vi tàng trữ trái phép chất ma túy.",
          "Công an {xa} ({tinh}) vừa bắt quả tang {ten_dt} (SN {ns_dt}, trú tại {thon2}, {xa}) về hành vi tàng trữ trái phép chất ma túy vào khoảng {luc} ngày {ngay_bat}."),
    ),
    paras=(
        (
            s("Tang vật thu giữ gồm {n_goi} gói ni lông chứa chất bột màu trắng nghi là ma túy dạng Heroin, {n_vien} viên nén màu hồng nghi là ma túy tổng hợp, 1 điện thoại di động cùng một số đồ vật liên quan."),
            s("Tại cơ quan Công an, đối tượng khai nhận số ma túy trên được mua của một người không quen biết về để sử dụng và bán lại kiếm lời.",
              "Bước đầu, đối tượng khai nhận số ma túy trên mua về nhằm mục đích sử dụng cá nhân."),
            s("Đối tượng cùng tang vật được đưa về trụ sở Công an {cap} để lập hồ sơ, làm rõ."),
            s("Qua kiểm tra, đối tượng có nhân thân xấu, từng có tiền án về tội “Tàng trữ trái phép chất ma túy”.", p=0.5, member=True),
        ),
        (
            s("Qua test nhanh, đối tượng dương tính với chất ma túy.", p=0.6, member=True),
            s("Hiện, Công an {cap} đã bàn giao đối tượng cùng tang vật cho Cơ quan Cảnh sát điều tra Công an tỉnh để tiếp tục điều tra, xử lý theo quy định của pháp luật."),
        ),
        (
            s("Thời gian qua, thực hiện kế hoạch của Công an tỉnh về cao điểm tấn công, trấn áp tội phạm về ma túy, Công an {cap} đã tăng cường công tác nắm tình hình, tuần tra, kiểm soát tại các địa bàn trọng điểm, kịp thời phát hiện, xử lý nhiều vụ việc vi phạm."),
            s("Từ đầu năm đến nay, Công an {cap} đã phát hiện, bắt giữ {n_vu} vụ, {n_dtmt} đối tượng phạm tội về ma túy."),
            s("Lực lượng Công an {cap} đã chủ động phối hợp với các thôn rà soát, lập danh sách người sử dụng trái phép chất ma túy, người nghiện ma túy để quản lý, giáo dục, hỗ trợ cai nghiện theo quy định."),
            s("Công tác phòng, chống ma túy được xác định là nhiệm vụ trọng tâm, thường xuyên, nhằm giữ vững an ninh, trật tự ở cơ sở, xây dựng địa bàn không ma túy."),
        ),
        (
            s("Công an {cap} đề nghị người dân tiếp tục nâng cao cảnh giác, tích cực cung cấp thông tin, tố giác tội phạm về ma túy cho cơ quan chức năng.",
              "Công an {cap} kêu gọi Nhân dân tích cực tham gia phát hiện, tố giác tội phạm về ma túy, không để con em mình sa vào tệ nạn ma túy."),
            s("Mọi thông tin được giữ bí mật tuyệt đối.", p=0.7),
            s("Việc kịp thời phát hiện, bắt giữ đối tượng góp phần củng cố niềm tin của Nhân dân vào lực lượng Công an, giữ vững bình yên thôn xóm."),
        ),
    ),
    captions=((1, "Đối tượng cùng tang vật tại cơ quan Công an."), (2, "Tang vật thu giữ.")),
    slots=_drug_slots,
    outlets=("congan_hungyen", "baothanhhoa", "baogialai", "cand", "baohungyen"),
    timed=False,
)  # fmt: skip


def _traffic_slots(rng: random.Random, ctx: dict) -> dict:
    school = rng.choice(("Trường THCS", "Trường THPT", "Trường Tiểu học và THCS")) + " " + place_name(rng, "")
    return {"truong": school, "n_hs": fmt_num(rng.randint(3, 18) * 100), "n_tn": rng.randint(2, 14), "n_bt": rng.randint(2, 20),
            "n_vp": fmt_num(rng.randint(40, 900)), "n_hsvp": rng.randint(5, 60), "n_mu": rng.randint(4, 40) * 10}  # fmt: skip


TRAFFIC = Template(
    name="atgt",
    titles=(
        "Công an {xa} tuyên truyền an toàn giao thông cho học sinh",
        "Đưa kiến thức an toàn giao thông đến học sinh {truong}",
        "{xa_ten}: Trao tặng {n_mu} mũ bảo hiểm cho học sinh",
    ),
    leads=(
        s("{buoi} {ngay}, Công an {xa} ({tinh}) phối hợp với {truong} tổ chức buổi tuyên truyền pháp luật về trật tự, an toàn giao thông cho hơn {n_hs} học sinh của nhà trường.",
          "{buoi} {ngay}, tại {truong}, Công an {xa} ({tinh}) tổ chức tuyên truyền pháp luật về trật tự, an toàn giao thông cho hơn {n_hs} học sinh."),
    ),
    paras=(
        (
            s("Tại buổi tuyên truyền, cán bộ Công an {cap} đã phổ biến những nội dung cơ bản của Luật Trật tự, an toàn giao thông đường bộ; các quy định về đội mũ bảo hiểm khi ngồi trên mô tô, xe gắn máy, xe đạp điện; độ tuổi được phép điều khiển phương tiện và các hành vi bị nghiêm cấm khi tham gia giao thông."),
            s("Thông qua các hình ảnh, video clip về những vụ tai nạn giao thông thực tế, học sinh được nâng cao nhận thức về hậu quả của việc vi phạm pháp luật giao thông."),
            s("Cán bộ Công an cũng hướng dẫn học sinh kỹ năng đi bộ, qua đường an toàn, cách nhận biết các biển báo hiệu đường bộ thường gặp trên đường đến trường."),
        ),
        (
            s("Theo thống kê, từ đầu năm đến nay, trên địa bàn {cap} xảy ra {n_tn} vụ tai nạn giao thông, làm bị thương {n_bt} người; Công an {cap} đã lập biên bản xử lý {n_vp} trường hợp vi phạm, trong đó có {n_hsvp} trường hợp là học sinh."),
            s("Đáng chú ý, phần lớn các trường hợp học sinh vi phạm là điều khiển xe mô tô khi chưa đủ tuổi, không đội mũ bảo hiểm, chở quá số người quy định."),
            s("Nhiều vụ tai nạn giao thông xảy ra do người điều khiển phương tiện thiếu quan sát, đi không đúng phần đường, chạy quá tốc độ.", p=0.7, member=True),
        ),
        (
            s("Buổi tuyên truyền diễn ra sôi nổi với phần hỏi đáp, thực hành kỹ năng đội mũ bảo hiểm đúng cách và xử lý tình huống khi tham gia giao thông.",
              "Không khí buổi tuyên truyền sôi nổi, nhiều học sinh mạnh dạn đặt câu hỏi, chia sẻ những tình huống gặp phải khi đến trường."),
            s("100% học sinh đã ký cam kết chấp hành nghiêm các quy định của pháp luật về trật tự, an toàn giao thông."),
            s("Nhà trường cam kết phối hợp chặt chẽ với Công an {cap} và phụ huynh quản lý học sinh, không giao xe mô tô cho học sinh chưa đủ tuổi điều khiển."),
        ),
        (
            s("Dịp này, Công an {cap} phối hợp với các nhà hảo tâm trao tặng {n_mu} mũ bảo hiểm đạt chuẩn cho học sinh có hoàn cảnh khó khăn."),
            s("Hoạt động nằm trong chuỗi chương trình tuyên truyền, hưởng ứng “Năm an toàn giao thông” và đợt cao điểm bảo đảm trật tự, an toàn giao thông năm học mới."),
            s("Thông qua buổi tuyên truyền, các em học sinh hiểu rõ hơn trách nhiệm của bản thân khi tham gia giao thông, trở thành tuyên truyền viên tích cực trong gia đình và cộng đồng."),
            s("Thời gian tới, Công an {cap} sẽ tiếp tục phối hợp với các nhà trường duy trì hoạt động tuyên truyền định kỳ, xây dựng “Cổng trường an toàn giao thông”.", p=0.8),
        ),
    ),
    captions=((0, "Cán bộ Công an {cap} tuyên truyền cho học sinh {truong}."), (3, "Trao tặng mũ bảo hiểm cho học sinh.")),
    slots=_traffic_slots,
    outlets=("congan_hungyen", "baohungyen", "baothanhhoa", "baogialai", "cand"),
)  # fmt: skip


def _drill_slots(rng: random.Random, ctx: dict) -> dict:
    name = place_name(rng, "")
    site = rng.choice((f"Công ty TNHH May {name}", f"Công ty Cổ phần Gỗ {name}", f"Nhà máy gạch Tuynel {name}",
                       f"Công ty TNHH Giày da {name}", f"Công ty Cổ phần Chế biến nông sản {name}"))  # fmt: skip
    return {"co_so": site, "doi_tac": site, "n_ng": rng.randint(40, 250)}


DRILL = Template(
    name="pccc",
    titles=(
        "Thực tập phương án chữa cháy và cứu nạn, cứu hộ tại {co_so}",
        "{Xa}: Thực tập phương án chữa cháy, cứu nạn, cứu hộ tại {co_so}",
        "Công an {xa} tổ chức thực tập phương án chữa cháy tại cơ sở",
    ),
    leads=(
        s("{buoi} {ngay}, Công an {xa} ({tinh}) phối hợp với {co_so} tổ chức thực tập phương án chữa cháy và cứu nạn, cứu hộ tại cơ sở với sự tham gia của nhiều lực lượng, phương tiện."),
        s("Tham gia buổi thực tập có {n_ng} người, gồm lực lượng Công an {cap}, lực lượng dân phòng, đội phòng cháy, chữa cháy cơ sở và người lao động."),
    ),
    paras=(
        (
            s("Giả định tình huống, tại khu vực kho chứa hàng của cơ sở xảy ra cháy do chập điện.",
              "Theo tình huống giả định, do sự cố chập điện tại tầng 1, đám cháy bùng phát và lan nhanh ra khu vực xung quanh."),
            s("Đám cháy nhanh chóng lan rộng, tạo ra nhiều khói khí độc, một số người bị mắc kẹt bên trong."),
            s("Ngay khi phát hiện cháy, lực lượng tại chỗ đã hô hoán, ngắt cầu dao điện, sử dụng bình chữa cháy xách tay, vòi chữa cháy vách tường để dập lửa, đồng thời báo cho lực lượng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ qua số điện thoại 114."),
            s("Lực lượng tại chỗ cũng tổ chức hướng dẫn người lao động thoát nạn theo lối thoát hiểm, sơ tán đến nơi an toàn."),
        ),
        (
            s("Sau khi nhận tin báo, lực lượng chức năng đã điều động xe chữa cháy, xe cứu nạn cứu hộ cùng cán bộ, chiến sĩ đến hiện trường, triển khai đội hình chữa cháy, tổ chức cứu người bị nạn, di chuyển tài sản ra khu vực an toàn."),
            s("Trong quá trình thực tập, các lực lượng đã triển khai nhiều phương án như chữa cháy bằng xe chuyên dụng, sử dụng thang cứu hộ, đệm cứu người, tổ chức sơ cứu ban đầu và chuyển nạn nhân đi cấp cứu."),
            s("Sau khoảng 30 phút, đám cháy được khống chế và dập tắt hoàn toàn.", "Chỉ sau thời gian ngắn, đám cháy đã được khống chế, các nạn nhân được đưa ra ngoài an toàn."),
        ),
        (
            s("Phát biểu tại buổi thực tập, {tca_rank} {tca}, Trưởng Công an {cap} đánh giá cao tinh thần trách nhiệm của các lực lượng tham gia."),
            s("Đây là hoạt động thường xuyên nhằm kiểm tra tính khả thi của phương án chữa cháy và khả năng phối hợp giữa các lực lượng."),
            s("Buổi thực tập đã sát với tình huống thực tế, giúp lực lượng tại chỗ nâng cao kỹ năng xử lý ban đầu, phối hợp nhịp nhàng với lực lượng chuyên nghiệp khi có sự cố cháy, nổ xảy ra."),
            s("Đồng chí đề nghị người đứng đầu cơ sở thường xuyên kiểm tra, bảo dưỡng hệ thống điện, phương tiện phòng cháy, chữa cháy; duy trì hoạt động của đội phòng cháy, chữa cháy cơ sở."),
        ),
        (s("Sau phần thực tập, cán bộ Công an {cap} hướng dẫn người lao động cách sử dụng bình chữa cháy, kỹ năng thoát nạn khi xảy ra cháy, nổ.", p=0.7, member=True),
         s("Thông qua buổi thực tập, người lao động và Nhân dân nâng cao nhận thức, ý thức trách nhiệm trong công tác phòng cháy, chữa cháy, chủ động phòng ngừa, hạn chế thấp nhất thiệt hại do cháy, nổ gây ra.", p=0.85),),
    ),
    captions=((0, "Các lực lượng tham gia thực tập phương án chữa cháy."), (2, "Lực lượng chức năng tổ chức cứu người bị nạn trong tình huống giả định.")),
    slots=_drill_slots,
    outlets=("congan_hungyen", "baothanhhoa", "cand", "baogialai", "baohungyen"),
)  # fmt: skip

FAMILY_KINDS = (NQDH, CAMERA, RECRUITS, FESTIVAL, SCAM, DRUGS, TRAFFIC, DRILL)


def family_context(rng: random.Random, template: Template, center: date) -> dict:
    """Slots fixed for a whole family: the document it cites, the scam it warns about, the months it names."""
    doc, doc_by, doc_about = rng.choice(DOCUMENTS)
    scam = rng.choice(SCAMS)
    month = center.month % 12 + 1
    return {
        "doc": doc, "doc_by": doc_by, "doc_about": doc_about,
        "thang_sau": month, "nam_sau": center.year + (1 if month == 1 else 0),
        "dot": rng.choice((1, 2)),
        "thu_doan_ngan": scam[0], "thu_doan": scam[1], "mo_ta": scam[2], "khuyen_cao": scam[3],
    }  # fmt: skip


# ---- Standalone topics: stories of their own (republished, or published once) --------------

CRIMES = (
    ("Lừa đảo chiếm đoạt tài sản", "lừa đảo qua mạng, chiếm đoạt hơn {tien_ty} tỷ đồng", "lừa đảo chiếm đoạt tài sản qua mạng",
     "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
     "Các đối tượng lập nhiều tài khoản mạng xã hội ảo, giả danh chuyên gia tài chính, lôi kéo người dân tham gia các nhóm kín rồi hướng dẫn nạp tiền vào những trang web đầu tư do chúng quản trị.",
     "Ban đầu, bị hại được rút một khoản lợi nhuận nhỏ để tạo lòng tin; khi nạp số tiền lớn thì tài khoản bị khóa, không thể rút tiền.",
     "{n_dt} điện thoại di động, {n_mt} máy tính xách tay, nhiều thẻ ngân hàng cùng các tài liệu liên quan"),
    ("Tổ chức đánh bạc", "tổ chức đánh bạc qua mạng với số tiền giao dịch hơn {tien_ty} tỷ đồng", "tổ chức đánh bạc trực tuyến",
     "Phòng Cảnh sát hình sự",
     "Các đối tượng thuê máy chủ ở nước ngoài, lập trang web cá cược bóng đá rồi chia thành nhiều cấp đại lý để lôi kéo người chơi.",
     "Người chơi phải chuyển tiền vào tài khoản ngân hàng do các đối tượng quản lý để đổi lấy điểm cá cược; mỗi đại lý được hưởng phần trăm trên số tiền người chơi thua.",
     "{n_dt} điện thoại di động, {n_mt} máy tính, sổ sách ghi chép cùng nhiều tài liệu liên quan đến hoạt động cá cược"),
    ("Mua bán trái phép chất ma túy", "mua bán trái phép chất ma túy liên tỉnh, thu giữ {kg} kg ma túy", "mua bán trái phép chất ma túy",
     "Phòng Cảnh sát điều tra tội phạm về ma túy",
     "Các đối tượng mua ma túy từ khu vực biên giới, chia nhỏ rồi cất giấu trong hàng hóa, vận chuyển bằng xe khách về địa bàn tiêu thụ.",
     "Để tránh bị phát hiện, các đối tượng thường xuyên thay đổi phương thức giao nhận, sử dụng nhiều sim điện thoại không chính chủ để liên lạc.",
     "{kg} kg ma túy tổng hợp các loại, {n_dt} điện thoại di động, 1 xe ô tô và nhiều đồ vật liên quan"),
    ("Cho vay lãi nặng trong giao dịch dân sự", "cho vay lãi nặng với lãi suất lên tới {lai}%/năm", "cho vay lãi nặng",
     "Phòng Cảnh sát kinh tế",
     "Các đối tượng dán tờ rơi, đăng quảng cáo trên mạng xã hội mời chào cho vay tín chấp, thủ tục nhanh gọn, không cần thế chấp tài sản.",
     "Khi người vay chậm trả, các đối tượng gọi điện đe dọa, nhắn tin bôi nhọ, ném chất bẩn vào nhà để ép trả nợ.",
     "{n_dt} điện thoại di động, {n_mt} máy tính, nhiều hợp đồng vay tiền, sổ sách theo dõi và hơn {tien_mat} triệu đồng tiền mặt"),
    ("Buôn lậu", "buôn lậu hàng hóa qua biên giới trị giá hơn {tien_ty} tỷ đồng", "buôn lậu hàng hóa qua biên giới",
     "Phòng Cảnh sát kinh tế",
     "Các đối tượng thuê người vận chuyển hàng hóa qua đường mòn, lối mở khu vực biên giới, sau đó tập kết tại kho trung chuyển rồi bán ra thị trường qua mạng xã hội.",
     "Để hợp thức hóa, các đối tượng sử dụng hóa đơn, chứng từ của doanh nghiệp “ma”, thường xuyên thay đổi địa điểm tập kết hàng.",
     "hơn {n_kien} kiện hàng gồm mỹ phẩm, quần áo, thuốc lá điếu, {n_dt} điện thoại di động và 2 xe ô tô tải"),
)  # fmt: skip


def _case_slots(rng: random.Random, ctx: dict) -> dict:
    toi, hanh_vi, nghi, phong, modus, modus2, seized = rng.choice(CRIMES)
    leader = person(rng, 0.15)
    province = rng.choice(PROVINCES)
    home = Place("xã" if rng.random() < 0.6 else "phường", place_name(rng, province[1]), province)
    sep = "-" if ctx["_source"] in DASH_DATE_OUTLETS else "/"
    arrest = ctx["_day"] - timedelta(days=rng.randint(2, 20))
    started = arrest - timedelta(days=rng.randint(90, 700))
    nums = {"tien_ty": rng.randint(3, 180), "kg": rng.randint(3, 60), "lai": rng.choice((120, 180, 240, 365, 547, 730)),
            "n_dt": rng.randint(5, 40), "n_mt": rng.randint(2, 15), "tien_mat": rng.randint(50, 900), "n_kien": fmt_num(rng.randint(3, 90) * 10)}  # fmt: skip
    return {
        "toi": toi, "hanh_vi": hanh_vi.format_map(nums), "hanh_vi_nghi": nghi, "phong": phong,
        "thu_doan_1": modus, "thu_doan_2": modus2, "tang_vat": seized.format_map(nums),
        "ten_cd": leader.name, "ten_cd_ngan": leader.given, "ns_cd": rng.randint(1970, 2000),
        "xa_cd": home.full, "tinh_cd": f"{province[0]} {province[1]}",
        "n_bc": (n_bc := rng.randint(3, 18)), "n_dp": n_bc - 1, "ngay_bat": f"{arrest.day}{sep}{arrest.month}",
        "thang_bd": started.month, "nam_bd": started.year, "loi": rng.randint(2, 60),
        "sdt": f"0{rng.randint(203, 299)}.{rng.randint(3500000, 3999999)}", "luc": clock(rng.randint(5, 22), rng.choice((0, 0, 30))),
    }  # fmt: skip


CASE = Template(
    name="vu_an",
    titles=(
        "Khởi tố {n_bc} bị can trong đường dây {hanh_vi}",
        "{tinh_ten}: Triệt phá đường dây {hanh_vi}",
        "Bắt tạm giam {n_bc} đối tượng về tội “{toi}”",
    ),
    leads=(
        s("Cơ quan Cảnh sát điều tra Công an {tinh} vừa ra quyết định khởi tố vụ án, khởi tố bị can và thực hiện lệnh bắt tạm giam đối với {n_bc} đối tượng về tội “{toi}”, liên quan đến đường dây {hanh_vi}.",
          "Ngày {ngay}, thông tin từ Công an {tinh} cho biết, Cơ quan Cảnh sát điều tra đã khởi tố vụ án, khởi tố {n_bc} bị can về tội “{toi}” để điều tra đường dây {hanh_vi}."),
    ),
    paras=(
        (
            s("Trước đó, qua công tác nắm tình hình, {phong} Công an {tinh} phát hiện một nhóm đối tượng có dấu hiệu {hanh_vi_nghi} nên đã báo cáo lãnh đạo Công an tỉnh xác lập chuyên án đấu tranh.",
              "Trước đó, {phong} Công an {tinh} tiếp nhận nguồn tin về một nhóm đối tượng có dấu hiệu {hanh_vi_nghi}, hoạt động từ tháng {thang_bd}/{nam_bd}."),
            s("Qua điều tra, xác minh, cơ quan Công an xác định đường dây do {ten_cd} (SN {ns_cd}, trú tại {xa_cd}, {tinh_cd}) cầm đầu.",
              "Kết quả điều tra xác định, {ten_cd} (SN {ns_cd}, trú tại {xa_cd}, {tinh_cd}) là đối tượng cầm đầu, trực tiếp chỉ đạo các đối tượng khác thực hiện hành vi phạm tội."),
        ),
        (s("{thu_doan_1}"), s("{thu_doan_2}", p=0.8)),
        (
            s("Ngày {ngay_bat}, lực lượng chức năng đồng loạt bắt giữ {ten_cd_ngan} cùng {n_dp} đối tượng đồng phạm, thu giữ {tang_vat}.",
              "Khoảng {luc} ngày {ngay_bat}, Ban chuyên án tổ chức đồng loạt bắt giữ {ten_cd_ngan} và {n_dp} đối tượng liên quan, thu giữ {tang_vat}."),
            s("Tại cơ quan Công an, các đối tượng đã khai nhận toàn bộ hành vi phạm tội như nội dung nêu trên.",
              "Bước đầu, các đối tượng khai nhận từ tháng {thang_bd}/{nam_bd} đến khi bị bắt đã thu lợi bất chính hơn {loi} tỷ đồng.", p=0.8),
        ),
        (
            s("Vụ án đang được Cơ quan Cảnh sát điều tra Công an {tinh} tiếp tục điều tra, mở rộng, xử lý theo quy định của pháp luật.",
              "Hiện, Công an {tinh} đang tiếp tục điều tra, truy bắt các đối tượng liên quan, mở rộng vụ án."),
            s("Công an {tinh} đề nghị ai là bị hại hoặc có thông tin liên quan đến đường dây trên liên hệ với {phong} Công an tỉnh qua số điện thoại {sdt} để được hướng dẫn giải quyết theo quy định.", p=0.5),
        ),
    ),
    captions=((1, "Các đối tượng tại cơ quan Công an."), (3, "Tang vật thu giữ trong vụ án."), (2, "Lực lượng chức năng khám xét nơi ở của đối tượng.")),
    slots=_case_slots,
    outlets=("cand", "nhandan", "baochinhphu", "congan_hungyen", "baogialai", "baothanhhoa", "qdnd", "baohungyen"),
    timed=False,
)  # fmt: skip

OLD_POSTS = ("Phó Trưởng phòng Cảnh sát hình sự", "Trưởng phòng Tham mưu", "Trưởng phòng Cảnh sát giao thông",
             "Phó Trưởng phòng An ninh đối ngoại", "Trưởng phòng Cảnh sát quản lý hành chính về trật tự xã hội",
             "Trưởng phòng Cảnh sát điều tra tội phạm về ma túy", "Trưởng phòng Công tác đảng và công tác chính trị")  # fmt: skip
NEW_POSTS = ("Phó Giám đốc Công an tỉnh", "Trưởng phòng Cảnh sát hình sự", "Trưởng phòng Tổ chức cán bộ",
             "Trưởng phòng An ninh chính trị nội bộ", "Trưởng phòng Cảnh sát kinh tế", "Trưởng phòng Hậu cần")  # fmt: skip


def _appointment_slots(rng: random.Random, ctx: dict) -> dict:
    old = rng.choice(OLD_POSTS)
    if rng.random() < 0.3:
        old = f"Trưởng Công an phường {place_name(rng, ctx['tinh_ten'])}"
    home = rng.choice(PROVINCES)
    new = rng.choice(NEW_POSTS)
    deputy = new.startswith("Phó Giám đốc")
    return {"ten": person(rng, 0.1).name, "rank": rng.choice(("Thượng tá", "Đại tá") if deputy else ("Thượng tá", "Trung tá")), "chuc_cu": old,
            "chuc_moi": new, "chuc_moi_day_du": f"Phó Giám đốc Công an {ctx['tinh']}" if deputy else f"{new} Công an {ctx['tinh']}",
            "nguoi_qd": "Bộ trưởng Bộ Công an" if deputy else "Giám đốc Công an tỉnh", "n_cbx": rng.randint(4, 40), "ns": (born := rng.randint(1970, 1985)),
            "que": f"{home[0]} {home[1]}", "nam_ct": rng.randint(15, max(15, ctx["nam"] - born - 21))}  # fmt: skip


APPOINTMENT = Template(
    name="bo_nhiem",
    titles=(
        "Công an {tinh} công bố quyết định về công tác cán bộ",
        "{rank} {ten} giữ chức vụ {chuc_moi_day_du}",
        "{tinh_ten}: Điều động, bổ nhiệm {chuc_moi}",
    ),
    leads=(
        s("{buoi} {ngay}, Đảng ủy, Ban Giám đốc Công an {tinh} tổ chức Hội nghị công bố quyết định của {nguoi_qd} về công tác cán bộ. {gd_rank} {gd}, Bí thư Đảng ủy, Giám đốc Công an tỉnh chủ trì hội nghị.",
          "{buoi} {ngay}, Công an {tinh} tổ chức Hội nghị công bố và trao quyết định điều động, bổ nhiệm cán bộ. Dự hội nghị có {gd_rank} {gd}, Giám đốc Công an tỉnh cùng lãnh đạo các phòng, đơn vị nghiệp vụ."),
    ),
    paras=(
        (
            s("Tại hội nghị, đại diện lãnh đạo Phòng Tổ chức cán bộ đã công bố Quyết định của {nguoi_qd} về việc điều động, bổ nhiệm {rank} {ten}, {chuc_cu} giữ chức vụ {chuc_moi}.",
              "Theo quyết định được công bố, {rank} {ten}, {chuc_cu} được điều động, bổ nhiệm giữ chức vụ {chuc_moi}."),
            s("Cùng với đó, hội nghị công bố quyết định của Giám đốc Công an tỉnh điều động, bổ nhiệm {n_cbx} đồng chí giữ chức vụ lãnh đạo cấp đội và Trưởng, Phó Trưởng Công an cấp xã.", p=0.5),
        ),
        (
            s("Phát biểu giao nhiệm vụ, {gd_rank} {gd} chúc mừng {rank} {ten} được tin tưởng giao trọng trách mới.",
              "Thay mặt Đảng ủy, Ban Giám đốc Công an tỉnh, {gd_rank} {gd} chúc mừng đồng chí {ten} được tin tưởng giao nhiệm vụ mới."),
            s("Đồng chí đề nghị {rank} {ten} tiếp tục phát huy kinh nghiệm, năng lực công tác, cùng tập thể lãnh đạo đơn vị đoàn kết, thống nhất, lãnh đạo cán bộ, chiến sĩ hoàn thành xuất sắc nhiệm vụ được giao.",
              "Đồng chí yêu cầu {rank} {ten} nhanh chóng nắm bắt tình hình, chủ động tham mưu cấp ủy, lãnh đạo Công an tỉnh các giải pháp bảo đảm an ninh, trật tự trên địa bàn."),
        ),
        (
            s("Phát biểu nhận nhiệm vụ, {rank} {ten} cảm ơn sự quan tâm, tin tưởng của Đảng ủy, Ban Giám đốc Công an tỉnh."),
            s("Đồng chí hứa sẽ không ngừng học tập, rèn luyện, phát huy tinh thần đoàn kết, cùng tập thể cán bộ, chiến sĩ hoàn thành tốt nhiệm vụ được giao.",
              "Đồng chí khẳng định sẽ nỗ lực, trách nhiệm, đoàn kết cùng tập thể đơn vị hoàn thành thắng lợi các chỉ tiêu, nhiệm vụ công tác năm {nam}."),
        ),
        (s("{rank} {ten} sinh năm {ns}, quê quán {que}; đồng chí có {nam_ct} năm công tác trong lực lượng Công an nhân dân, trải qua nhiều vị trí công tác khác nhau.", p=0.6),),
    ),
    captions=((0, "{gd_rank} {gd} trao quyết định và tặng hoa chúc mừng {rank} {ten}."),),
    slots=_appointment_slots,
    outlets=("cand", "congan_hungyen", "baogialai", "baothanhhoa", "baohungyen"),
)  # fmt: skip


def _review_slots(rng: random.Random, ctx: dict) -> dict:
    months = rng.choice((6, 9, 9))
    return {"k": months, "n_vu": fmt_num(rng.randint(120, 1900)), "ty_le": rng.choice(("85,6", "88,2", "90,4", "91,7", "93,1", "94,5", "96,2")),
            "n_mt": (n_mt := rng.randint(40, 600)), "n_dtmt": n_mt + rng.randint(5, 300), "n_vp": fmt_num(rng.randint(8000, 120000)),
            "tien": rng.randint(12, 240), "vneid": rng.choice(("82", "86", "89", "91", "93", "95")),
            "n_tt": rng.randint(8, 60), "n_cn": rng.randint(15, 120)}  # fmt: skip


REVIEW = Template(
    name="so_ket",
    titles=(
        "Công an {tinh} sơ kết công tác {k} tháng năm {nam}",
        "{tinh_ten}: Điều tra, làm rõ {n_vu} vụ phạm pháp hình sự trong {k} tháng",
        "Công an {tinh} triển khai nhiệm vụ trọng tâm những tháng cuối năm {nam}",
    ),
    leads=(
        s("{buoi} {ngay}, Công an {tinh} tổ chức hội nghị sơ kết công tác công an {k} tháng năm {nam}, triển khai nhiệm vụ trọng tâm thời gian tới. {gd_rank} {gd}, Giám đốc Công an tỉnh chủ trì hội nghị.",
          "{buoi} {ngay}, Công an {tinh} tổ chức hội nghị sơ kết {k} tháng thực hiện công tác bảo đảm an ninh, trật tự. Hội nghị được tổ chức trực tiếp kết hợp trực tuyến đến Công an các xã, phường trong tỉnh."),
    ),
    paras=(
        (
            s("Theo báo cáo, {k} tháng qua, tình hình an ninh chính trị trên địa bàn tỉnh cơ bản ổn định; trật tự an toàn xã hội được bảo đảm.",
              "Báo cáo tại hội nghị cho biết, {k} tháng năm {nam}, lực lượng Công an tỉnh đã chủ động nắm chắc tình hình, giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn."),
            s("Lực lượng Công an đã điều tra, làm rõ {n_vu} vụ phạm pháp hình sự, đạt tỷ lệ {ty_le}%; phát hiện, bắt giữ {n_mt} vụ, {n_dtmt} đối tượng phạm tội về ma túy."),
            s("Lực lượng chức năng đã xử lý {n_vp} trường hợp vi phạm trật tự an toàn giao thông, phạt tiền hơn {tien} tỷ đồng; tai nạn giao thông giảm trên cả ba tiêu chí.", p=0.8),
        ),
        (s("Công tác cải cách hành chính, chuyển đổi số, triển khai Đề án 06 đạt nhiều kết quả; {vneid}% người dân đủ điều kiện đã được kích hoạt tài khoản định danh điện tử.", p=0.7),),
        (
            s("Phát biểu chỉ đạo, {gd_rank} {gd} ghi nhận, biểu dương những kết quả đạt được, đồng thời chỉ rõ một số tồn tại, hạn chế cần khắc phục.",
              "Kết luận hội nghị, {gd_rank} {gd}, Giám đốc Công an tỉnh đánh giá cao sự nỗ lực của các đơn vị, địa phương."),
            s("Đồng chí yêu cầu Công an các đơn vị, địa phương tập trung nắm chắc tình hình, tấn công trấn áp mạnh mẽ các loại tội phạm, bảo đảm tuyệt đối an ninh, an toàn các sự kiện chính trị quan trọng, phấn đấu hoàn thành toàn diện các chỉ tiêu, nhiệm vụ năm {nam}."),
        ),
        (s("Dịp này, Giám đốc Công an tỉnh tặng Giấy khen cho {n_tt} tập thể, {n_cn} cá nhân có thành tích xuất sắc.", p=0.6),),
    ),
    captions=((0, "Quang cảnh hội nghị."), (2, "{gd_rank} {gd}, Giám đốc Công an tỉnh phát biểu chỉ đạo hội nghị.")),
    slots=_review_slots,
    outlets=("cand", "congan_hungyen", "baogialai", "baothanhhoa", "baohungyen", "nhandan"),
)  # fmt: skip


def _accident_slots(rng: random.Random, ctx: dict) -> dict:
    driver, rider = person(rng, 0.05), person(rng, 0.0)
    province = rng.choice(PROVINCES)
    return {"luc": clock(rng.randint(5, 22), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))), "km": f"{rng.randint(12, 1900)}+{rng.randint(1, 9)}00",
            "ql": rng.choice(("1", "1A", "5", "6", "10", "14", "19", "20", "21", "26", "32", "37", "38", "45", "47", "57")),
            "bks": f"{rng.randint(11, 99)}H-{rng.randint(100, 999)}.{rng.randint(10, 99)}", "ten_tx": driver.name,
            "ns_tx": rng.randint(1965, 1998), "tinh_tx": f"{province[0]} {province[1]}",
            "bks2": f"{rng.randint(11, 99)}-{rng.choice('ABCDEFGHKLMNPS')}{rng.randint(1, 9)} {rng.randint(100, 999)}.{rng.randint(10, 99)}",
            "ten_mt": rider.name, "ten_mt_ngan": rider.given, "ns_mt": rng.randint(1960, 2006),
            "benh_vien": rng.choice(("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế khu vực", "Bệnh viện Đa khoa khu vực")),
            "phut_ut": rng.choice((30, 40, 60, 90))}  # fmt: skip


ACCIDENT = Template(
    name="tai_nan",
    titles=(
        "Va chạm giữa xe tải và xe máy trên Quốc lộ {ql}, 1 người tử vong",
        "{tinh_ten}: Tai nạn giao thông nghiêm trọng tại {xa}",
        "Điều tra nguyên nhân vụ tai nạn giao thông trên Quốc lộ {ql}",
    ),
    leads=(
        s("Khoảng {luc} ngày {ngay}, tại Km{km} Quốc lộ {ql} đoạn qua {xa} ({tinh}) xảy ra vụ tai nạn giao thông giữa xe ô tô tải biển kiểm soát {bks} do {ten_tx} (SN {ns_tx}, trú tại {tinh_tx}) điều khiển và xe mô tô biển kiểm soát {bks2} do anh {ten_mt} (SN {ns_mt}, trú tại {thon}, {xa}) điều khiển.",
          "Ngày {ngay}, Công an {tinh} cho biết đang điều tra, làm rõ nguyên nhân vụ tai nạn giao thông xảy ra trên Quốc lộ {ql} đoạn qua {xa} khiến 1 người tử vong. Theo thông tin ban đầu, khoảng {luc} cùng ngày, xe ô tô tải biển kiểm soát {bks} do {ten_tx} (SN {ns_tx}, trú tại {tinh_tx}) điều khiển lưu thông đến Km{km} thì va chạm với xe mô tô biển kiểm soát {bks2} do anh {ten_mt} (SN {ns_mt}, trú tại {thon}, {xa}) điều khiển đi cùng chiều."),
    ),
    paras=(
        (
            s("Cú va chạm mạnh khiến anh {ten_mt} tử vong tại chỗ; người ngồi sau xe mô tô bị thương nặng, được người dân đưa đi cấp cứu tại {benh_vien}.",
              "Vụ tai nạn làm anh {ten_mt} tử vong tại chỗ, hai phương tiện hư hỏng nặng."),
        ),
        (
            s("Nhận được tin báo, Công an {xa} đã có mặt tại hiện trường, phối hợp với Phòng Cảnh sát giao thông Công an tỉnh phân luồng, bảo vệ hiện trường và khám nghiệm theo quy định."),
            s("Vụ tai nạn khiến giao thông trên tuyến Quốc lộ {ql} qua khu vực ùn tắc cục bộ trong khoảng {phut_ut} phút.", p=0.6),
        ),
        (
            s("Nguyên nhân vụ tai nạn đang được cơ quan chức năng điều tra, làm rõ.", "Hiện vụ việc đang được cơ quan Công an tiếp tục điều tra, xử lý theo quy định."),
            s("Theo người dân địa phương, đoạn đường nơi xảy ra vụ tai nạn là đoạn cong, tầm nhìn bị hạn chế, thường xuyên có xe tải trọng lớn lưu thông.", p=0.5),
        ),
    ),
    captions=((0, "Hiện trường vụ tai nạn giao thông."),),
    slots=_accident_slots,
    outlets=("cand", "nhandan", "baogialai", "baothanhhoa", "baohungyen", "congan_hungyen"),
    timed=False,
)  # fmt: skip


def _fire_slots(rng: random.Random, ctx: dict) -> dict:
    owner = person(rng, 0.3)
    site = rng.choice((f"nhà ở kết hợp kinh doanh của gia đình {owner.title} {owner.name}", f"xưởng sản xuất đồ gỗ của {owner.title} {owner.name}",
                       f"kho hàng của Công ty TNHH {place_name(rng, '')}", f"cửa hàng điện máy của {owner.title} {owner.name}"))  # fmt: skip
    return {"luc": clock(rng.randint(0, 23), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))), "noi": site, "n_xe": rng.randint(2, 9),
            "n_cs": rng.randint(15, 80), "phut_dap": rng.choice((20, 30, 40, 45, 60, 90)), "thiet_hai": rng.randint(3, 95) * 10}  # fmt: skip


FIRE = Template(
    name="chay",
    titles=(
        "Cháy {noi_ngan} tại {xa}",
        "{tinh_ten}: Kịp thời dập tắt đám cháy tại {xa}",
        "Điều tra nguyên nhân vụ cháy tại {thon}, {xa}",
    ),
    leads=(
        s("Khoảng {luc} ngày {ngay}, tại {noi} ở {thon}, {xa} ({tinh}) xảy ra vụ cháy.",
          "Ngày {ngay}, lực lượng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an {tinh} đã kịp thời dập tắt vụ cháy tại {noi} ở {thon}, {xa}."),
    ),
    paras=(
        (
            s("Phát hiện khói lửa bốc lên từ tầng 1, người dân đã hô hoán, dùng bình chữa cháy tại chỗ để dập lửa và báo cho lực lượng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ qua số điện thoại 114."),
            s("Nhận tin báo, Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh điều động {n_xe} xe chữa cháy cùng {n_cs} cán bộ, chiến sĩ đến hiện trường, phối hợp với Công an {xa} và người dân tổ chức dập lửa."),
        ),
        (
            s("Sau khoảng {phut_dap} phút, đám cháy được khống chế hoàn toàn, không để lan sang các nhà liền kề.",
              "Đến khoảng {phut_dap} phút sau, đám cháy cơ bản được dập tắt."),
            s("Vụ cháy không gây thiệt hại về người nhưng đã thiêu rụi nhiều tài sản, ước tính thiệt hại khoảng {thiet_hai} triệu đồng."),
        ),
        (
            s("Nguyên nhân vụ cháy đang được cơ quan chức năng điều tra, làm rõ."),
            s("Qua vụ việc, Công an tỉnh khuyến cáo người dân cần kiểm tra, sửa chữa hệ thống điện, không để hàng hóa, vật liệu dễ cháy gần nguồn nhiệt; trang bị bình chữa cháy và thiết kế lối thoát nạn thứ hai.", p=0.6),
        ),
    ),
    captions=((0, "Lực lượng chức năng dập lửa tại hiện trường."),),
    slots=_fire_slots,
    outlets=("cand", "baogialai", "baothanhhoa", "congan_hungyen", "baohungyen", "nhandan"),
    timed=False,
)  # fmt: skip

CHARITY_PROGRAMS = (
    "Xuân ấm biên cương",
    "Trung thu cho em",
    "Tiếp sức đến trường",
    "Ấm áp tình quân dân",
    "Áo ấm cho em",
    "Vì người nghèo",
)


def _charity_slots(rng: random.Random, ctx: dict) -> dict:
    org, posts = rng.choice((
        ("Công an {tinh}", ("Phó Giám đốc Công an tỉnh", "Trưởng phòng Công tác đảng và công tác chính trị")),
        ("Đoàn Thanh niên Công an {tinh}", ("Bí thư Đoàn Thanh niên Công an tỉnh",)),
        ("Hội Phụ nữ Công an {tinh}", ("Chủ tịch Hội Phụ nữ Công an tỉnh",)),
        ("Bộ Chỉ huy Bộ đội Biên phòng {tinh}", ("Chính ủy Bộ đội Biên phòng tỉnh", "Phó Chỉ huy trưởng Bộ đội Biên phòng tỉnh")),
    ))  # fmt: skip
    org = org.format(tinh=ctx["tinh"])
    n_qua = rng.randint(5, 60) * 10
    gift = rng.choice((300, 500, 600, 800, 1000))
    grants, grant = rng.randint(5, 40), rng.choice((1, 2, 3, 5))
    return {"don_vi": org, "ten_ct": rng.choice(CHARITY_PROGRAMS), "n_qua": n_qua,
            "doi_tuong": rng.choice(("hộ nghèo, gia đình chính sách", "học sinh có hoàn cảnh khó khăn", "người cao tuổi neo đơn", "đồng bào dân tộc thiểu số")),
            "gia": fmt_num(gift), "n_hb": grants, "tien_hb": grant,
            "ten": person(rng, 0.9 if "Phụ nữ" in org else 0.2).name, "rank": rng.choice(("Đại tá", "Thượng tá", "Trung tá")),
            "chuc": rng.choice(posts),
            "tong": fmt_num((n_qua * gift) // 1000 + grants * grant)}  # fmt: skip


CHARITY = Template(
    name="trao_qua",
    titles=(
        "{don_vi} trao {n_qua} suất quà tại {xa}",
        "Chương trình “{ten_ct}” tại {xa}",
        "Mang “{ten_ct}” đến với Nhân dân {xa}",
    ),
    leads=(
        s("{buoi} {ngay}, {don_vi} phối hợp với Ủy ban nhân dân {xa} tổ chức chương trình “{ten_ct}” năm {nam}.",
          "{buoi} {ngay}, tại {xa}, {don_vi} tổ chức chương trình “{ten_ct}”, trao tặng quà cho {doi_tuong} trên địa bàn."),
    ),
    paras=(
        (
            s("Tại chương trình, đoàn đã trao tặng {n_qua} suất quà cho {doi_tuong}; mỗi suất quà trị giá {gia} nghìn đồng, gồm gạo, dầu ăn, sữa và nhu yếu phẩm thiết yếu.",
              "Dịp này, đơn vị trao {n_qua} suất quà, mỗi suất trị giá {gia} nghìn đồng cho {doi_tuong} trên địa bàn."),
            s("Đoàn cũng trao {n_hb} suất học bổng, mỗi suất {tien_hb} triệu đồng cho học sinh có hoàn cảnh khó khăn, vượt khó học tốt.", p=0.6),
        ),
        (
            s("Phát biểu tại chương trình, {rank} {ten}, {chuc} chia sẻ những khó khăn của bà con, mong muốn các gia đình tiếp tục vượt khó vươn lên, chung tay cùng chính quyền và lực lượng Công an giữ gìn an ninh, trật tự ở khu dân cư."),
            s("Đại diện chính quyền địa phương cảm ơn sự quan tâm, hỗ trợ kịp thời của đoàn, cam kết sử dụng hiệu quả nguồn hỗ trợ, trao đúng người, đúng đối tượng.", p=0.7),
        ),
        (s("Tổng giá trị chương trình hơn {tong} triệu đồng, do cán bộ, chiến sĩ đóng góp và vận động các nhà hảo tâm tài trợ.", p=0.7),),
    ),
    captions=((0, "{rank} {ten} trao quà cho người dân."),),
    slots=_charity_slots,
)  # fmt: skip


def _inspection_slots(rng: random.Random, ctx: dict) -> dict:
    return {"so_doan": rng.randint(1, 12), "ten": person(rng, 0.25).name,
            "chuc": rng.choice(("Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy",
                                "Phó Bí thư Tỉnh ủy", "Ủy viên Ban Thường vụ, Phó Chủ tịch Ủy ban nhân dân tỉnh")),
            "noi_dung": rng.choice(("tình hình vận hành chính quyền địa phương 2 cấp", "kết quả thực hiện nhiệm vụ chính trị 9 tháng năm {nam}".format(nam=ctx["nam"]),
                                    "việc lãnh đạo, chỉ đạo thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị", "công tác chuẩn bị đại hội chi bộ trực thuộc")),
            "so_thang": rng.randint(2, 10), "n_hs": fmt_num(rng.randint(800, 14000)), "tyle": rng.choice(("96,4", "97,8", "98,5", "99,1", "100")),
            "ngan_sach": rng.randint(12, 480), "tyle_ns": rng.randint(62, 138)}  # fmt: skip


INSPECTION = Template(
    name="kiem_tra",
    titles=(
        "Đoàn công tác Tỉnh ủy {tinh_ten} làm việc tại {xa}",
        "Kiểm tra {noi_dung} tại {xa}",
        "{Xa} cần đẩy mạnh cải cách hành chính, chuyển đổi số",
    ),
    leads=(
        s("{buoi} {ngay}, Đoàn công tác số {so_doan} của Ban Thường vụ Tỉnh ủy {tinh_ten} do đồng chí {ten}, {chuc} làm trưởng đoàn đã làm việc với Ban Thường vụ Đảng ủy {xa} về {noi_dung}.",
          "{buoi} {ngay}, đồng chí {ten}, {chuc} dẫn đầu Đoàn công tác số {so_doan} của Ban Thường vụ Tỉnh ủy kiểm tra {noi_dung} tại {xa}."),
    ),
    paras=(
        (
            s("Theo báo cáo, sau {so_thang} tháng vận hành, bộ máy chính quyền cấp {cap} đã đi vào nền nếp; các phòng chuyên môn, Trung tâm Phục vụ hành chính công {cap} hoạt động thông suốt."),
            s("Từ đầu năm đến nay, Trung tâm đã tiếp nhận {n_hs} hồ sơ, giải quyết đúng và trước hạn đạt {tyle}%."),
            s("Thu ngân sách trên địa bàn ước đạt {ngan_sach} tỷ đồng, bằng {tyle_ns}% dự toán năm.", p=0.6),
        ),
        (
            s("Bên cạnh kết quả đạt được, địa phương còn gặp khó khăn về cơ sở vật chất, trang thiết bị và đội ngũ cán bộ chuyên môn ở một số lĩnh vực như đất đai, xây dựng, chuyển đổi số."),
            s("Địa phương kiến nghị Tỉnh ủy, Ủy ban nhân dân tỉnh quan tâm bố trí kinh phí sửa chữa trụ sở, bổ sung biên chế công chức.", p=0.6),
        ),
        (
            s("Kết luận buổi làm việc, đồng chí {ten} ghi nhận những nỗ lực của Đảng bộ, chính quyền và Nhân dân {xa} trong thời gian qua."),
            s("Đồng chí đề nghị địa phương tiếp tục rà soát, hoàn thiện quy chế làm việc; đẩy mạnh cải cách hành chính, chuyển đổi số; quan tâm chăm lo đời sống Nhân dân, giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn.",
              "Đồng chí yêu cầu Đảng ủy {cap} tập trung lãnh đạo hoàn thành các chỉ tiêu kinh tế - xã hội năm {nam}, nâng cao chất lượng phục vụ người dân, doanh nghiệp."),
        ),
    ),
    captions=((0, "Quang cảnh buổi làm việc."), (2, "Đồng chí {ten} phát biểu kết luận buổi làm việc.")),
    slots=_inspection_slots,
    outlets=("dangcongsan", "baogialai", "baothanhhoa", "baohungyen", "nhandan"),
)  # fmt: skip

SEMINAR_TOPICS = (  # (topic, what the papers said, what they proposed)
    ("Công tác dân vận của lực lượng Công an nhân dân trong tình hình mới",
     "Nhiều tham luận cho rằng, việc tổ chức Công an 3 cấp và bố trí Công an chính quy về xã đã tạo điều kiện để lực lượng Công an gần dân, sát dân hơn.",
     "Tuy nhiên, điều đó cũng đặt ra yêu cầu cao hơn về kỹ năng vận động quần chúng, ứng xử, giao tiếp của cán bộ, chiến sĩ."),
    ("Phát huy vai trò của Nhân dân trong phòng, chống tội phạm sử dụng công nghệ cao",
     "Các đại biểu chỉ ra, tội phạm lừa đảo trên không gian mạng ngày càng tinh vi, hoạt động xuyên quốc gia, nhắm vào người cao tuổi, học sinh, sinh viên.",
     "Nhiều ý kiến đề xuất xây dựng mạng lưới tổ công nghệ số cộng đồng ở thôn, tổ dân phố để kịp thời cảnh báo, hướng dẫn người dân."),
    ("Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng",
     "Các tham luận phân tích những phương thức, thủ đoạn mới của các thế lực thù địch lợi dụng mạng xã hội để xuyên tạc đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
     "Nhiều ý kiến nhấn mạnh vai trò của lực lượng nòng cốt trong việc chủ động cung cấp thông tin chính thống, đấu tranh phản bác các quan điểm sai trái, thù địch."),
    ("Nâng cao chất lượng đào tạo, bồi dưỡng cán bộ Công an cấp xã",
     "Theo các đại biểu, sau khi sắp xếp tổ chức bộ máy, Công an cấp xã đảm nhận khối lượng công việc lớn, từ quản lý cư trú, giải quyết thủ tục hành chính đến điều tra ban đầu các vụ việc.",
     "Vì vậy, chương trình bồi dưỡng cần tăng thời lượng thực hành, xử lý tình huống nghiệp vụ và kỹ năng ứng dụng công nghệ thông tin."),
    ("Khai thác dữ liệu dân cư phục vụ chuyển đổi số quốc gia",
     "Các ý kiến đánh giá, Cơ sở dữ liệu quốc gia về dân cư và ứng dụng VNeID đã trở thành nền tảng quan trọng của chính phủ số, góp phần cắt giảm giấy tờ, thủ tục cho người dân.",
     "Các đại biểu đề xuất hoàn thiện quy định về bảo vệ dữ liệu cá nhân, tăng cường kết nối, chia sẻ dữ liệu giữa các bộ, ngành, địa phương."),
    ("Xây dựng thế trận an ninh nhân dân ở vùng đồng bào dân tộc thiểu số",
     "Nhiều tham luận tập trung làm rõ vai trò của già làng, trưởng bản, người có uy tín trong vận động đồng bào chấp hành chủ trương, chính sách, giữ gìn an ninh, trật tự.",
     "Các đại biểu kiến nghị tiếp tục đầu tư phát triển kinh tế - xã hội, nâng cao đời sống vật chất, tinh thần cho đồng bào vùng sâu, vùng xa."),
    ("Xây dựng văn hóa Công an nhân dân trong giai đoạn mới",
     "Các ý kiến khẳng định, văn hóa Công an nhân dân được hun đúc qua 80 năm xây dựng, chiến đấu và trưởng thành, gắn liền với Sáu điều Bác Hồ dạy Công an nhân dân.",
     "Xây dựng văn hóa trong lực lượng cần bắt đầu từ văn hóa ứng xử, văn hóa công vụ của mỗi cán bộ, chiến sĩ khi tiếp xúc với Nhân dân."),
)  # fmt: skip


def _seminar_slots(rng: random.Random, ctx: dict) -> dict:
    unit, ranks, post = rng.choice((
        ("Học viện Chính trị Công an nhân dân", ("Thiếu tướng", "Đại tá"), "Phó Giám đốc Học viện"),
        ("Học viện An ninh nhân dân", ("Thiếu tướng", "Đại tá"), "Phó Giám đốc Học viện"),
        ("Trường Đại học Cảnh sát nhân dân", ("Đại tá", "Thượng tá"), "Phó Hiệu trưởng"),
        (f"Trường Chính trị {ctx['tinh']}", ("PGS.TS", "TS"), "Hiệu trưởng"),
        (f"Ban Tuyên giáo và Dân vận Tỉnh ủy {ctx['tinh_ten']}", ("đồng chí",), "Phó Trưởng ban"),
    ))  # fmt: skip
    topic, said, proposed = rng.choice(SEMINAR_TOPICS)
    return {"don_vi": unit, "chu_de": topic, "chu_de_thuong": topic[:1].lower() + topic[1:], "n_tl": rng.randint(24, 95),
            "y_kien": said, "de_xuat": proposed, "n_db": rng.randint(8, 40) * 10,
            "ten": person(rng, 0.25).name, "rank": rng.choice(ranks), "chuc": post}  # fmt: skip


SEMINAR = Template(
    name="hoi_thao",
    titles=(
        "Hội thảo khoa học “{chu_de}”",
        "Nhiều giải pháp về {chu_de_thuong}",
        "{don_vi} tổ chức hội thảo về {chu_de_thuong}",
    ),
    leads=(
        s("{buoi} {ngay}, {don_vi} tổ chức Hội thảo khoa học “{chu_de}”.",
          "{buoi} {ngay}, tại {tinh}, {don_vi} tổ chức hội thảo khoa học với chủ đề “{chu_de}”."),
    ),
    paras=(
        (
            s("Hội thảo nhận được {n_tl} tham luận của các nhà khoa học, giảng viên và cán bộ thực tiễn ở Công an các đơn vị, địa phương.",
              "Ban tổ chức đã nhận được {n_tl} bài tham luận, trong đó nhiều tham luận có chất lượng, gắn với thực tiễn công tác."),
            s("Các ý kiến tập trung làm rõ cơ sở lý luận, thực tiễn, đánh giá kết quả, chỉ ra những hạn chế, nguyên nhân và đề xuất giải pháp trong thời gian tới.", p=0.6),
            s("Hội thảo có sự tham dự của hơn {n_db} đại biểu là lãnh đạo, chuyên gia, nhà khoa học và cán bộ làm công tác thực tiễn.", p=0.5),
        ),
        (s("{y_kien}"), s("{de_xuat}", p=0.8)),
        (s("Phát biểu bế mạc hội thảo, {rank} {ten}, {chuc} cho biết kết quả hội thảo là cơ sở quan trọng để đơn vị đổi mới nội dung, chương trình đào tạo, bồi dưỡng và tham mưu các giải pháp trong thời gian tới."),),
    ),
    captions=((0, "Quang cảnh hội thảo."),),
    slots=_seminar_slots,
    outlets=("cand", "nhandan", "dangcongsan", "qdnd", "baochinhphu"),
)  # fmt: skip


def _theft_slots(rng: random.Random, ctx: dict) -> dict:
    thief, victim = person(rng, 0.05), person(rng, 0.4)
    day = ctx["_day"] - timedelta(days=rng.randint(2, 14))
    sep = "-" if ctx["_source"] in DASH_DATE_OUTLETS else "/"
    loot = rng.choice(("1 xe mô tô nhãn hiệu Honda Wave", f"{rng.randint(2, 5)} con bò", f"số tiền {rng.randint(12, 180)} triệu đồng và 1 chiếc nhẫn vàng",
                       "2 điện thoại di động và 1 máy tính xách tay", "1 máy cắt cỏ cùng nhiều dụng cụ sản xuất"))  # fmt: skip
    other = Place("xã", place_name(rng, ctx["tinh_ten"]), ctx["_province"])
    return {"ten": thief.name, "ten_ngan": thief.given, "ns": rng.randint(1980, 2006), "xa2": f"{other.full}, {ctx['tinh']}" if rng.random() < 0.3 else other.full,
            "nguoi_bh": f"{victim.title} {victim.initials}", "ngay_vu": f"{day.day}{sep}{day.month}", "tai_san": loot,
            "n_vu": rng.randint(2, 11)}  # fmt: skip


THEFT = Template(
    name="trom_cap",
    titles=(
        "Công an {xa} bắt giữ đối tượng trộm cắp tài sản",
        "Bắt đối tượng gây ra {n_vu} vụ trộm cắp tài sản tại {xa}",
        "{tinh_ten}: Nhanh chóng làm rõ vụ trộm cắp tài sản tại {thon}",
    ),
    leads=(
        s("Công an {xa} ({tinh}) vừa bắt giữ {ten} (SN {ns}, trú tại {xa2}) để điều tra về hành vi trộm cắp tài sản.",
          "Ngày {ngay}, Công an {xa} ({tinh}) cho biết, đơn vị đã làm rõ vụ trộm cắp tài sản xảy ra tại {thon}, bắt giữ đối tượng {ten} (SN {ns}, trú tại {xa2})."),
    ),
    paras=(
        (
            s("Trước đó, ngày {ngay_vu}, {nguoi_bh} (trú tại {thon}, {xa}) trình báo việc bị kẻ gian đột nhập vào nhà lấy trộm {tai_san}."),
            s("Qua trích xuất camera an ninh và điều tra, xác minh, Công an {cap} xác định {ten} là nghi phạm nên đã triệu tập làm việc.",
              "Vào cuộc điều tra, Công an {cap} phối hợp với Phòng Cảnh sát hình sự Công an tỉnh rà soát các đối tượng có biểu hiện nghi vấn, xác định {ten} là người thực hiện vụ trộm."),
        ),
        (
            s("Tại cơ quan Công an, {ten_ngan} khai nhận do cần tiền tiêu xài nên đã thực hiện {n_vu} vụ trộm cắp tài sản trên địa bàn {xa} và các xã lân cận."),
            s("Cơ quan Công an đã thu hồi tài sản, trao trả cho người bị hại.", "Toàn bộ số tài sản trộm được, đối tượng đã mang đi tiêu thụ lấy tiền tiêu xài cá nhân.", p=0.7),
        ),
        (
            s("Vụ việc đang được Công an {cap} tiếp tục điều tra, mở rộng, xử lý theo quy định.", "Hiện vụ việc đang được củng cố hồ sơ để xử lý theo quy định của pháp luật."),
            s("Qua vụ việc, Công an {cap} khuyến cáo người dân nâng cao cảnh giác, khóa cửa cẩn thận khi ra khỏi nhà, lắp đặt camera an ninh để phòng ngừa trộm cắp tài sản.", p=0.6),
        ),
    ),
    captions=((1, "Đối tượng {ten} tại cơ quan Công an."),),
    slots=_theft_slots,
    outlets=("baogialai", "congan_hungyen", "baothanhhoa", "cand", "baohungyen"),
    timed=False,
)  # fmt: skip

STANDALONE_KINDS = (CASE, APPOINTMENT, REVIEW, ACCIDENT, FIRE, CHARITY, INSPECTION, SEMINAR, THEFT)
# How often each kind of standalone story appears: criminal cases, thefts and accidents every day in
# every province; provincial reviews, appointments and academic seminars a few times a week nationwide.
STANDALONE_WEIGHTS = (20, 6, 6, 15, 10, 10, 10, 3, 15)

EXTRA_HEADLINES = (
    "Đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc trong tình hình mới",
    "Tăng cường tuần tra, kiểm soát bảo đảm trật tự an toàn giao thông dịp cuối năm",
    "Nâng cao chất lượng sinh hoạt chi bộ ở cơ sở",
    "Khởi tố đối tượng chống người thi hành công vụ",
    "Tuyên truyền Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ cho người dân",
    "Hội nghị triển khai công tác tuyển quân năm 2026",
    "Triệt xóa điểm mua bán trái phép chất ma túy tại khu trọ",
    "Trao tặng nhà tình nghĩa cho gia đình chính sách",
    "Cảnh báo lừa đảo qua mạng xã hội dịp cuối năm",
    "Kiểm tra công tác chuẩn bị đại hội chi bộ trực thuộc",
    "Thu giữ hàng nghìn sản phẩm không rõ nguồn gốc",
    "Phát huy vai trò của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Text surface: tone-mark style, NFD, entities
# ---------------------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TO_NEW = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONES}])(?![\w\u0300-\u036f])")
_NEW_TO_OLD = re.compile(rf"(?<![qQ])([oO]|[uU])([{_TONES}])([aAeE]|[yY])(?![\w\u0300-\u036f])")


def _swap_new_to_old(match: re.Match[str]) -> str:
    first, tone, second = match.group(1), match.group(2), match.group(3)
    if (first in "oO") != (second in "aAeE"):  # only "oa", "oe", "uy"
        return match.group(0)
    return f"{first}{second}{tone}"


def old_style(text: str) -> str:
    """ "hòa", "ủy", "thủy", "khỏe" -> "hoà", "uỷ", "thuỷ", "khoẻ" (NFC in, NFC out)."""
    return unicodedata.normalize("NFC", _NEW_TO_OLD.sub(_swap_new_to_old, unicodedata.normalize("NFD", text)))


def new_style(text: str) -> str:
    """ "hoà", "uỷ" -> "hòa", "ủy" (NFC in, NFC out)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TO_NEW.sub(lambda m: f"{m.group(1)[0]}{m.group(2)}{m.group(1)[1]}", decomposed))


def with_entities(text: str, rng: random.Random) -> str:
    """What some CMSs emit: typographic quotes as &quot;, some spaces as &nbsp;."""
    text = text.replace("“", "&quot;").replace("”", "&quot;")
    return re.sub(", ", lambda _: ",&nbsp;" if rng.random() < 0.3 else ", ", text)


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:90]


# ---------------------------------------------------------------------------------------------
# Stories and their renderings on outlets
# ---------------------------------------------------------------------------------------------


@dataclass
class Story:
    key: str
    title: str
    alt_titles: list[str]
    lead: str  # without any outlet prefix
    paras: list[str]
    captions: list[tuple[int, str]]
    author: str
    source: str
    published_at: datetime
    lead_prefix: str = ""  # the originating outlet's own prefix, if it prints one
    copies: list[tuple[str, datetime]] = field(default_factory=list)  # (source, published_at)
    verbatim: list[dict] = field(default_factory=list)  # mirror versions on other outlets, as they are


def byline(story: Story, source: str, rng: random.Random) -> str:
    forms = [
        story.author.upper(),
        story.author,
        "Theo TTXVN",
        f"Theo {OUTLET_NAMES[story.source]}",
        "PV",
        f"{story.author} (tổng hợp)",
    ]
    if source == story.source:
        forms = forms[:2] + ["PV"]
    return rng.choice(forms)


def caption_lines(story: Story, rng: random.Random, keep: int) -> list[tuple[int, str]]:
    """The story's captions (some with a photo credit), limited to paragraphs that are kept."""
    lines = []
    for after, text in story.captions:
        if after > keep:
            continue
        roll = rng.random()
        if roll < 0.3:
            text = f"{text} Ảnh: {pen_name(rng)}"
        elif roll < 0.45:
            text = f"{text} (Ảnh: {pen_name(rng).upper()})"
        lines.append((after, text))
    if not lines:
        lines.append((0, rng.choice(("Quang cảnh buổi lễ.", "Các đại biểu dự hội nghị.", "Ảnh minh họa"))))
    return lines


def assemble(paragraphs: list[str], captions: list[tuple[int, str]], tail: list[str]) -> str:
    out: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        out.extend(text for after, text in captions if after == index)
    return "\n\n".join(out + tail)


def article_id_for(source: str, title: str, rng: random.Random) -> tuple[str, str]:
    url = f"https://{DOMAINS[source]}/{slugify(title)}-{rng.randint(100000, 999999)}.html"
    return hashlib.sha256(url.encode()).hexdigest()[:16], url


def render(story: Story, source: str, published: datetime, rng: random.Random, headlines: Sequence[str], *, copy: bool) -> dict:
    """One document of ``story`` on ``source``: the original (light furniture) or a copy (several changes)."""
    old = source in OLD_STYLE_OUTLETS
    if copy:
        ops = {op for op, p in (("prefix", 0.6), ("byline", 0.6), ("captions", 0.55), ("trim", 0.5), ("tone", 0.5),
                                ("nfd", 0.15), ("entities", 0.2), ("trailer", 0.3)) if rng.random() < p}  # fmt: skip
        while len(ops) < 3:
            ops.add(rng.choice(("prefix", "byline", "captions", "trim", "tone", "trailer")))
        title = rng.choice(story.alt_titles) if story.alt_titles else story.title
        # The copy keeps the original's tone-mark style unless it is rewritten in the other one.
        old = (story.source in OLD_STYLE_OUTLETS) != ("tone" in ops)
    else:
        ops = {
            op
            for op, p in (("byline", 0.5), ("captions", 0.5), ("trailer", 0.1), ("nfd", 0.03), ("entities", 0.05))
            if rng.random() < p
        }
        title = story.title
    paras = list(story.paras)
    if "trim" in ops and len(paras) >= 2:
        paras = paras[: len(paras) - rng.randint(1, min(2, len(paras) - 1))]
    lead = story.lead
    if copy and "prefix" in ops:
        lead = OWN_PREFIX.get(source) or (CREDIT_PREFIX.get(story.source) if rng.random() < 0.8 else None) or SYNDICATED_PREFIX
        lead += story.lead
    elif not copy and story.lead_prefix:
        lead = story.lead_prefix + lead
    elif copy and source in OWN_PREFIX and rng.random() < 0.8:
        lead = OWN_PREFIX[source] + lead
    captions = caption_lines(story, rng, len(paras)) if "captions" in ops else []
    tail = [byline(story, source, rng)] if "byline" in ops else []
    if "trailer" in ops:
        tail += ["Tin cùng chuyên mục", *rng.sample([h for h in headlines if h != story.title], rng.randint(2, 3))]
    body = assemble([lead, *paras], captions, tail)
    if old:
        body, title = old_style(body), old_style(title)
    elif copy:
        body, title = new_style(body), new_style(title)
    if "entities" in ops:
        body = with_entities(body, rng)
    if "nfd" in ops:
        body = unicodedata.normalize("NFD", body)
    article_id, _ = article_id_for(source, title, rng)
    return {"article_id": article_id, "source": source, "title": title, "body": body,
            "published_at": published.isoformat(), "story": story.key}  # fmt: skip


def daytime(moment: datetime, rng: random.Random) -> datetime:
    """Newsrooms publish between 6:00 and 22:59: a time at night moves to the next morning."""
    if moment.hour >= 23:
        moment = (moment + timedelta(days=1)).replace(hour=6, minute=rng.randrange(0, 60, 5))
    elif moment.hour < 6:
        moment = moment.replace(hour=6, minute=rng.randrange(0, 60, 5))
    return moment


def copy_times(rng: random.Random, source: str, published: datetime, count: int) -> list[tuple[str, datetime]]:
    """``count`` other outlets, each publishing 0-48 hours after the original."""
    others = [s for s in SOURCES if s != source]
    out = []
    for other in rng.sample(others, count):
        moment = daytime(published + timedelta(minutes=rng.randint(5, 47 * 60)), rng)
        out.append((other, min(moment, published + timedelta(hours=48))))
    return out


def publication_time(rng: random.Random, event: datetime) -> datetime:
    published = daytime(event + timedelta(minutes=rng.randint(90, 26 * 60)), rng)
    return published.replace(minute=published.minute - published.minute % 5)


def event_time(rng: random.Random, day: date) -> datetime:
    part = rng.random()
    if part < 0.55:
        hour, minute = rng.randint(7, 10), rng.choice((0, 30))
    elif part < 0.95:
        hour, minute = rng.randint(13, 16), rng.choice((0, 30))
    else:
        hour, minute = rng.randint(19, 20), 0
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


def pick_source(rng: random.Random, outlets: Sequence[str]) -> str:
    return rng.choice(outlets)


def pick_place(
    rng: random.Random,
    source: str,
    used: set[str] | None = None,
    province: tuple[str, str] | None = None,
    level: str | None = None,
) -> Place:
    province = province or PROVINCIAL.get(source) or rng.choice(PROVINCES)
    for _ in range(50):
        lvl = level or ("phường" if rng.random() < 0.2 else "xã")
        name = place_name(rng, province[1] if lvl == "xã" else "")
        if used is None or name not in used:
            break
    if used is not None:
        used.add(name)
    return Place(lvl, name, province)


def template_story(template: Template, choices: Choices, rng: random.Random, key: str, source: str, place: Place,
                   when: datetime, extra: dict | None = None) -> Story:  # fmt: skip
    ctx = base_context(rng, place, when, source)
    ctx.update(extra or {})
    ctx["_day"], ctx["_source"] = when.date(), source
    ctx.update(template.slots(rng, ctx))
    ctx["noi_ngan"] = ctx.get("noi", "").split(" của ")[0]
    lead, paras, captions = render_template(template, choices, ctx, rng)
    lead = cap_first(house_style(lead, choices.style))
    paras = [house_style(p, choices.style) for p in paras]
    captions = [(after, house_style(text, choices.style)) for after, text in captions]
    titles = [fill(t, ctx) for t in template.titles]
    title = titles[choices.title]
    published = publication_time(rng, when) if template.timed else when
    return Story(key=key, title=cap_first(title), alt_titles=[cap_first(t) for t in titles if t != title], lead=lead, paras=paras,
                 captions=captions, author=pen_name(rng), source=source, published_at=published,
                 lead_prefix=OWN_PREFIX.get(source, ""))  # fmt: skip


# ---- The mirror corpus as base stories ------------------------------------------------------

MIRROR_FAMILIES = (
    "camera-an-ninh-",
    "ngay-hoi-bvantq-",
    "nqdh-ca-xa-",
    "nqdh-phuong-",
    "nqdh-xa-",
    "giao-nhan-cand-",
    "canh-bao-lua-dao-",
)


def _mirror_alt_titles(title: str, text: str) -> list[str]:
    from transforms.documents import places

    alts = []
    provinces = [p.split(" ", 1)[1] for p in places(text) if p.startswith(("tỉnh ", "thành phố "))]
    if provinces and not title.startswith(provinces[0]):
        alts.append(f"{provinces[0]}: {title}")
    if ", " in title:
        alts.append(title.split(", ")[0])
    if ": " in title:
        alts.append(title.split(": ", 1)[1][:1].upper() + title.split(": ", 1)[1][1:])
    return alts or [title]


def mirror_stories() -> list[tuple[Story, bool]]:
    """Every mirror story once: (story built from its earliest version, is it part of a formulaic family)."""
    from mirror.corpus import load_corpus

    # The first seven sites' articles: the set stays the same when the mirror gains sites and labelled event sets.
    first_sites = [a for a in load_corpus() if a.site in SOURCES and a.event is None]
    by_story: dict[str, list] = {}
    for article in sorted(first_sites, key=lambda a: (a.published_at, a.site, a.slug)):
        by_story.setdefault(article.story, []).append(article)
    out = []
    for key in sorted(by_story):
        first, *others = by_story[key]
        family = next((prefix for prefix in MIRROR_FAMILIES if key.startswith(prefix)), None)
        label = f"fam/mirror-{family.rstrip('-')}/{key}" if family else f"mirror/{key}"
        match = EXISTING_PREFIX.match(first.lead)
        story = Story(
            key=label, title=first.title, alt_titles=_mirror_alt_titles(first.title, first.lead + " " + " ".join(first.body)),
            lead=EXISTING_PREFIX.sub("", first.lead, count=1), paras=list(first.body),
            captions=[(c.after, c.text) for c in first.captions], author=(first.authors or ("PV",))[0],
            source=first.site, published_at=first.published_at.astimezone(VIETNAM),
            lead_prefix=match.group(0) if match else "",
        )  # fmt: skip
        for other in others:
            caps: dict[int, list[str]] = {}
            for c in other.captions:
                caps.setdefault(c.after, []).append(c.text)
            paragraphs = [other.lead, *other.body]
            lines = [line for i, p in enumerate(paragraphs) for line in (p, *caps.get(i, ()))]
            tail = [other.authors[0]] if other.authors else []
            story.verbatim.append({"source": other.site, "title": other.title, "body": "\n\n".join(lines + tail),
                                   "published_at": other.published_at.astimezone(VIETNAM)})  # fmt: skip
        out.append((story, family is not None))
    return out


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def generate(stories: int, seed: int, *, family_size: tuple[int, int] = FAMILY_SIZE, start: date = START,
             use_mirror: bool = True) -> list[dict]:  # fmt: skip
    """``stories`` stories (truth labels) as documents, deterministic for a seed; sorted by publication time."""
    rng = random.Random(seed)
    days = max(14, math.ceil(stories / STORIES_PER_DAY))
    calendar = [start + timedelta(days=n) for n in range(days)]
    n_family = round(FAMILY_SHARE * stories)
    n_republished = round(REPUBLISHED_SHARE * stories)
    built: list[Story] = []
    family_count = republished_count = 0

    if use_mirror and stories >= 100:
        mirror = mirror_stories()
        rng.shuffle(mirror)
        for story, in_family in mirror:
            if in_family:
                family_count += 1
            elif story.verbatim or republished_count < n_republished // 3:
                if not story.verbatim:
                    story.copies = copy_times(rng, story.source, story.published_at, rng.randint(1, 3))
                republished_count += 1
            built.append(story)

    # Formulaic families: one kind, one outlet's boilerplate, communes reporting within a few days.
    kinds = list(FAMILY_KINDS)
    rng.shuffle(kinds)
    family_index = 0
    while family_count < n_family:
        template = kinds[family_index % len(kinds)]
        size = min(rng.randint(*family_size), n_family - family_count)
        if size < 2:
            break
        center = rng.choice(calendar)
        choices = Choices.pick(template, rng)
        home = pick_source(rng, template.outlets)
        # A second outlet of the same province, or a national one: not another province's paper.
        seconds = [o for o in template.outlets if o != home and PROVINCIAL.get(o, PROVINCIAL.get(home)) == PROVINCIAL.get(home)]
        second = pick_source(rng, seconds) if seconds else home
        shared = family_context(rng, template, center)
        province = PROVINCIAL.get(home) or rng.choice(PROVINCES)
        level = "phường" if rng.random() < 0.15 else "xã"
        used: set[str] = set()
        for member in range(size):
            source = home if rng.random() < 0.8 else second
            member_province = PROVINCIAL.get(source) or (province if rng.random() < 0.6 else rng.choice(PROVINCES))
            place = pick_place(rng, source, used, member_province, level)
            day = center + timedelta(days=rng.randint(-2, 2))
            when = (
                event_time(rng, day)
                if template.timed
                else datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.choice((0, 15, 30, 45)), tzinfo=VIETNAM)
            )
            key = f"fam/{template.name}-{family_index:05d}/{member:02d}"
            story = template_story(template, choices, rng, key, source, place, when, shared)
            if rng.random() < MEMBER_COPY_RATE:
                story.copies = copy_times(rng, source, story.published_at, 1)
            built.append(story)
        family_count += size
        family_index += 1

    # Standalone stories: republished on 1-3 other outlets, or published once.
    remaining = stories - len(built)
    for index in range(max(0, remaining)):
        template = rng.choices(STANDALONE_KINDS, STANDALONE_WEIGHTS)[0]
        source = pick_source(rng, template.outlets)
        day = rng.choice(calendar)
        when = (
            event_time(rng, day)
            if template.timed
            else datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.choice((0, 15, 30, 45)), tzinfo=VIETNAM)
        )
        republish = republished_count < n_republished
        key = f"{'rep' if republish else 'single'}/{template.name}-{index:06d}"
        story = template_story(template, Choices.pick(template, rng), rng, key, source, pick_place(rng, source), when)
        if republish:
            story.copies = copy_times(rng, source, story.published_at, rng.randint(1, 3))
            republished_count += 1
        built.append(story)

    headlines = list(EXTRA_HEADLINES) + [story.title for story in built[:: max(1, len(built) // 200)]]
    docs: list[dict] = []
    for story in built:
        docs.append(render(story, story.source, story.published_at, rng, headlines, copy=False))
        for version in story.verbatim:
            article_id, _ = article_id_for(version["source"], version["title"], rng)
            docs.append({"article_id": article_id, "source": version["source"], "title": version["title"], "body": version["body"],
                         "published_at": version["published_at"].isoformat(), "story": story.key})  # fmt: skip
        for source, published in story.copies:
            docs.append(render(story, source, published, rng, headlines, copy=True))
    docs.sort(key=lambda d: (d["published_at"], d["article_id"]))
    return docs


def generate_documents(n: int, seed: int = SEED, **options) -> list[dict]:
    """Exactly ``n`` documents: enough stories generated, the latest-published documents left out."""
    stories = math.ceil(n / DOCS_PER_STORY * 1.03) + 10
    docs = generate(stories, seed, **options)
    while len(docs) < n:
        stories = math.ceil(stories * 1.1)
        docs = generate(stories, seed, **options)
    return docs[:n]


def labelled_set(seed: int = SEED) -> list[dict]:
    return generate(LABELLED_STORIES, seed, family_size=LABELLED_FAMILY_SIZE)


# ---------------------------------------------------------------------------------------------
# Composition and checks
# ---------------------------------------------------------------------------------------------


def composition(docs: Iterable[dict]) -> dict[str, int]:
    """Documents in formulaic families, in other multi-outlet stories, and singletons."""
    docs = list(docs)
    sizes = Counter(d["story"] for d in docs)
    out: Counter[str] = Counter()
    for d in docs:
        if d["story"].startswith("fam/"):
            out["formulaic family"] += 1
            if sizes[d["story"]] > 1:
                out["  of which republished members"] += 1
        elif sizes[d["story"]] > 1:
            out["multi-outlet story"] += 1
        else:
            out["singleton"] += 1
    out["documents"] = len(docs)
    out["stories"] = len(sizes)
    out["families"] = len({d["story"].rsplit("/", 1)[0] for d in docs if d["story"].startswith("fam/")})
    return dict(out)


@dataclass(frozen=True)
class PairScores:
    """Pairwise scores: pairs put in one cluster (predicted) against pairs of one story (true)."""

    true_positive: int
    predicted: int
    true: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_scores(clusters: Sequence, stories: Sequence) -> PairScores:
    """Counted with combinatorics over the cluster × story contingency table: no pair is enumerated."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    return PairScores(true_positive=pairs(Counter(zip(clusters, stories)).values()),
                      predicted=pairs(Counter(clusters).values()), true=pairs(Counter(stories).values()))  # fmt: skip


SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-ZĐÀ-Ỹ“])")


def sentences_of(body: str) -> set[str]:
    """The sentences of a body's paragraphs (captions, bylines and trailer lines left out), in one surface form."""
    text = new_style(unicodedata.normalize("NFC", html.unescape(body)).replace("\xa0", " "))
    text = text.replace("“", '"').replace("”", '"')
    return {s for line in text.split("\n\n") if len(line.split()) > 14 for s in SENTENCE_END.split(line)}


def family_sentence_share(docs: Sequence[dict]) -> list[float]:
    """For each pair of originals in one family (different stories), the share of sentences they have in common."""
    by_family: dict[str, list[dict]] = {}
    first_of_story: set[str] = set()
    for d in docs:
        if d["story"].startswith("fam/") and d["story"] not in first_of_story:
            first_of_story.add(d["story"])
            by_family.setdefault(d["story"].rsplit("/", 1)[0], []).append(d)
    shares = []
    for members in by_family.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                sa, sb = sentences_of(a["body"]), sentences_of(b["body"])
                if sa and sb:
                    shares.append(len(sa & sb) / min(len(sa), len(sb)))
    return shares


def write_jsonl(docs: Iterable[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labelled", type=Path, help="write the labelled test set (JSON lines) here")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sample", type=int, default=0, help="print this many documents of the labelled set")
    parser.add_argument("--synthetic", type=int, default=0, help="generate this many documents and report time and composition")
    parser.add_argument("--check", action="store_true", help="print the labelled set's composition and family sentence overlap")
    args = parser.parse_args(argv)
    if args.labelled:
        docs = labelled_set(args.seed)
        write_jsonl(docs, args.labelled)
        print(f"wrote {len(docs)} documents to {args.labelled}: {composition(docs)}")
    if args.sample:
        docs = labelled_set(args.seed)
        for doc in random.Random(args.seed).sample(docs, args.sample):
            print(json.dumps(doc, ensure_ascii=False, indent=1))
    if args.check:
        docs = labelled_set(args.seed)
        shares = sorted(family_sentence_share([d for d in docs if not d["story"].startswith("fam/mirror-")]))
        print(composition(docs))
        print(f"template families: {len(shares)} pairs of members share {shares[len(shares) // 10]:.0%} (10th percentile), "
              f"{shares[len(shares) // 2]:.0%} (median), {shares[len(shares) * 9 // 10]:.0%} (90th percentile) of their sentences")  # fmt: skip
    if args.synthetic:
        import time

        began = time.perf_counter()
        docs = generate_documents(args.synthetic, args.seed)
        print(f"{len(docs)} documents in {time.perf_counter() - began:.1f} s: {composition(docs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
