"""Labelled Vietnamese police and party news for measuring story clustering (``transforms.dedup``).

``generate(stories, seed)`` returns documents ``{article_id, source, title, body, published_at, story}``
where ``story`` is the truth: documents with the same label report the same event. Three kinds of
structure, in about these shares of documents:

* **Republications** (~35%): one story (a mirror article, or an event written from the templates)
  plus 1-3 copies on other outlets, each with several of the changes real republication
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

The text lives in ``benchmarks/dedup_corpus.yaml``, next to this file and read at import: the templates
(titles, sentences with their alternative wordings, captions, outlets) and the word lists (names,
places, documents, house style, scams, crimes...), with its format described at its top. This module is
the logic: the slot functions (each template names its own in ``SLOTS``), the choices, the rendering on
outlets and the timing.

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
from functools import partial
from pathlib import Path
from typing import Any

import yaml

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
# The corpus's text (dedup_corpus.yaml): the word lists here, the templates after their slot functions
# ---------------------------------------------------------------------------------------------

CORPUS_FILE = Path(__file__).with_suffix(".yaml")  # the corpus's text: word lists and templates
_DATA: dict[str, Any] = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))


def _repeated(groups: list[dict]) -> tuple[str, ...]:
    """A weighted word list of the data file: each group's names ``times`` times over (default once), in order."""
    return tuple(name for group in groups for name in list(group["names"]) * group.get("times", 1))


def _rows(records: list[dict], *fields: str) -> tuple[tuple[str, ...], ...]:
    """Records of the data file as tuples of ``fields``, in that order."""
    for record in records:
        if set(record) != set(fields):
            raise ValueError(f"{CORPUS_FILE.name}: expected the fields {', '.join(fields)}, got {record}")
    return tuple(tuple(record[f] for f in fields) for record in records)


SURNAMES = _repeated(_DATA["surnames"])
MALE_MIDDLE = _repeated(_DATA["male_middle"])
FEMALE_MIDDLE = _repeated(_DATA["female_middle"])
MALE_GIVEN = tuple(_DATA["male_given"])
FEMALE_GIVEN = tuple(_DATA["female_given"])
PEN_FIRST = tuple(_DATA["pen_first"])
PEN_SECOND = tuple(_DATA["pen_second"])
PROVINCES: tuple[tuple[str, str], ...] = tuple((level, name) for level, names in _DATA["provinces"].items() for name in names)
HIGHLANDS: set[str] = set(_DATA["highlands"])
PLACE_FIRST = tuple(_DATA["place_first"])
PLACE_SECOND = tuple(_DATA["place_second"])
HIGHLAND_PLACES = tuple(_DATA["highland_places"])
# Documents of the Party and the Ministry that commune and provincial reports cite: (number, issuer, subject).
DOCUMENTS = _rows(_DATA["documents"], "doc", "doc_by", "doc_about")
# A newsroom's house style: abbreviations and set phrases it prefers (plain, styled). A family (one newsroom's
# boilerplate) or a standalone story picks some of them; copies keep the original's.
HOUSE_STYLE: tuple[tuple[str, str], ...] = tuple(_DATA["house_style"].items())
# The scams a family warns about: (short name, name, what the caller does, the advice).
SCAMS = _rows(_DATA["scams"], "thu_doan_ngan", "thu_doan", "mo_ta", "khuyen_cao")
# Criminal cases: (offence, the ring's activity, what it was suspected of, the police department, how it worked (2),
# what was seized).
CRIMES = _rows(_DATA["crimes"], "toi", "hanh_vi", "hanh_vi_nghi", "phong", "thu_doan_1", "thu_doan_2", "tang_vat")
OLD_POSTS = tuple(_DATA["old_posts"])  # appointments: the post an officer leaves
NEW_POSTS = tuple(_DATA["new_posts"])  # and the one they take
CHARITY_PROGRAMS = tuple(_DATA["charity_programs"])
# Seminars: (topic, what the papers said, what they proposed).
SEMINAR_TOPICS = _rows(_DATA["seminar_topics"], "chu_de", "y_kien", "de_xuat")
EXTRA_HEADLINES = tuple(_DATA["extra_headlines"])  # unrelated headlines for "Tin cùng chuyên mục" trailers


# ---------------------------------------------------------------------------------------------
# Names, places, numbers
# ---------------------------------------------------------------------------------------------


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


def _camera_slots(rng: random.Random, ctx: dict) -> dict:
    cams = rng.randint(40, 320)
    return {"n_cam": cams, "n_kn": rng.randint(cams // 4, cams - 5), "kp": rng.randint(12, 95) * 10}


def _recruit_slots(rng: random.Random, ctx: dict) -> dict:
    n = rng.randint(6, 32)
    return {"n_td": n, "n_dh": rng.randint(1, max(1, n // 3)), "pto": person(rng).name,
            "pto_rank": rng.choice(("Trung tá", "Thượng tá"))}  # fmt: skip


def _festival_slots(rng: random.Random, ctx: dict) -> dict:
    return {"n_tin": rng.randint(8, 64), "n_hg": rng.randint(6, 58)}


def _scam_slots(rng: random.Random, ctx: dict) -> dict:
    victim = person(rng, 0.5)
    when = ctx["_day"] - timedelta(days=rng.randint(2, 25))
    sep = "-" if ctx["_source"] in DASH_DATE_OUTLETS else "/"
    return {"nguoi_bh": f"{victim.title} {victim.initials}", "ns_bh": rng.randint(1948, 1995),
            "ngay_vu": f"{when.day}{sep}{when.month}", "tien_bh": rng.randint(8, 95) * 10}  # fmt: skip


def _drug_slots(rng: random.Random, ctx: dict) -> dict:
    suspect = person(rng, 0.1)
    day = ctx["_day"] - timedelta(days=rng.randint(0, 1))
    sep = "-" if ctx["_source"] in DASH_DATE_OUTLETS else "/"
    return {"ten_dt": suspect.name, "ns_dt": rng.randint(1975, 2004), "luc": clock(rng.randint(8, 23), rng.choice((0, 10, 15, 20, 30, 40, 45, 50))),
            "ngay_bat": f"{day.day}{sep}{day.month}", "n_goi": rng.randint(1, 12), "n_vien": rng.randint(2, 60),
            "n_vu": (n_vu := rng.randint(2, 19)), "n_dtmt": n_vu + rng.randint(0, 12)}  # fmt: skip


def _traffic_slots(rng: random.Random, ctx: dict) -> dict:
    school = rng.choice(("Trường THCS", "Trường THPT", "Trường Tiểu học và THCS")) + " " + place_name(rng, "")
    return {"truong": school, "n_hs": fmt_num(rng.randint(3, 18) * 100), "n_tn": rng.randint(2, 14), "n_bt": rng.randint(2, 20),
            "n_vp": fmt_num(rng.randint(40, 900)), "n_hsvp": rng.randint(5, 60), "n_mu": rng.randint(4, 40) * 10}  # fmt: skip


def _drill_slots(rng: random.Random, ctx: dict) -> dict:
    name = place_name(rng, "")
    site = rng.choice((f"Công ty TNHH May {name}", f"Công ty Cổ phần Gỗ {name}", f"Nhà máy gạch Tuynel {name}",
                       f"Công ty TNHH Giày da {name}", f"Công ty Cổ phần Chế biến nông sản {name}"))  # fmt: skip
    return {"co_so": site, "doi_tac": site, "n_ng": rng.randint(40, 250)}


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


def _review_slots(rng: random.Random, ctx: dict) -> dict:
    months = rng.choice((6, 9, 9))
    return {"k": months, "n_vu": fmt_num(rng.randint(120, 1900)), "ty_le": rng.choice(("85,6", "88,2", "90,4", "91,7", "93,1", "94,5", "96,2")),
            "n_mt": (n_mt := rng.randint(40, 600)), "n_dtmt": n_mt + rng.randint(5, 300), "n_vp": fmt_num(rng.randint(8000, 120000)),
            "tien": rng.randint(12, 240), "vneid": rng.choice(("82", "86", "89", "91", "93", "95")),
            "n_tt": rng.randint(8, 60), "n_cn": rng.randint(15, 120)}  # fmt: skip


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


def _fire_slots(rng: random.Random, ctx: dict) -> dict:
    owner = person(rng, 0.3)
    site = rng.choice((f"nhà ở kết hợp kinh doanh của gia đình {owner.title} {owner.name}", f"xưởng sản xuất đồ gỗ của {owner.title} {owner.name}",
                       f"kho hàng của Công ty TNHH {place_name(rng, '')}", f"cửa hàng điện máy của {owner.title} {owner.name}"))  # fmt: skip
    return {"luc": clock(rng.randint(0, 23), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))), "noi": site, "n_xe": rng.randint(2, 9),
            "n_cs": rng.randint(15, 80), "phut_dap": rng.choice((20, 30, 40, 45, 60, 90)), "thiet_hai": rng.randint(3, 95) * 10}  # fmt: skip


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


def _inspection_slots(rng: random.Random, ctx: dict) -> dict:
    return {"so_doan": rng.randint(1, 12), "ten": person(rng, 0.25).name,
            "chuc": rng.choice(("Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy",
                                "Phó Bí thư Tỉnh ủy", "Ủy viên Ban Thường vụ, Phó Chủ tịch Ủy ban nhân dân tỉnh")),
            "noi_dung": rng.choice(("tình hình vận hành chính quyền địa phương 2 cấp", "kết quả thực hiện nhiệm vụ chính trị 9 tháng năm {nam}".format(nam=ctx["nam"]),
                                    "việc lãnh đạo, chỉ đạo thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị", "công tác chuẩn bị đại hội chi bộ trực thuộc")),
            "so_thang": rng.randint(2, 10), "n_hs": fmt_num(rng.randint(800, 14000)), "tyle": rng.choice(("96,4", "97,8", "98,5", "99,1", "100")),
            "ngan_sach": rng.randint(12, 480), "tyle_ns": rng.randint(62, 138)}  # fmt: skip


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


# ---- The templates, from the data file ------------------------------------------------------

# The data file names each template's slot function by one of these keys.
SLOTS: dict[str, Callable[[random.Random, dict], dict]] = {
    "nqdh": _nqdh_slots, "camera": _camera_slots, "recruit": _recruit_slots, "festival": _festival_slots,
    "scam": _scam_slots, "drug": _drug_slots, "traffic": _traffic_slots, "drill": _drill_slots,
    "case": _case_slots, "appointment": _appointment_slots, "review": _review_slots, "accident": _accident_slots,
    "fire": _fire_slots, "charity": _charity_slots, "inspection": _inspection_slots, "seminar": _seminar_slots,
    "theft": _theft_slots,
}  # fmt: skip


def _sentence(spec: str | dict) -> S:
    """A string (one wording, always kept) or ``{text | alts, p, member}``."""
    if isinstance(spec, str):
        return s(spec)
    if set(spec) - {"text", "alts", "p", "member"} or ("text" in spec) == ("alts" in spec):
        raise ValueError(f"{CORPUS_FILE.name}: a sentence has `text` or `alts`, and may have `p` and `member`: {spec}")
    alts = [spec["text"]] if "text" in spec else spec["alts"]
    return s(*alts, p=float(spec.get("p", 1.0)), member=bool(spec.get("member", False)))


def _template(name: str, spec: dict, *, standalone: bool) -> Template:
    """A template of the data file; a standalone one also has its ``weight``."""
    fields = {"slots", "outlets", "timed", "titles", "leads", "paras", "captions"} | ({"weight"} if standalone else set())
    problems = [f"unknown field {key!r}" for key in spec if key not in fields]
    problems += [f"missing field {key!r}" for key in ("slots", "titles", "leads", "paras", "captions") if key not in spec]
    problems += ["no weight for a standalone kind"] if standalone and "weight" not in spec else []
    problems += [f"unknown slot function {spec.get('slots')!r}"] if "slots" in spec and spec["slots"] not in SLOTS else []
    problems += [f"unknown outlet {outlet!r}" for outlet in spec.get("outlets", ()) if outlet not in SOURCES]
    if problems:
        raise ValueError(f"{CORPUS_FILE.name}: template {name}: {'; '.join(problems)}")
    return Template(
        name=name,
        titles=tuple(spec["titles"]),
        leads=tuple(_sentence(x) for x in spec["leads"]),
        paras=tuple(tuple(_sentence(x) for x in para) for para in spec["paras"]),
        captions=tuple((int(c["after"]), c["text"]) for c in spec["captions"]),
        slots=SLOTS[spec["slots"]],
        outlets=tuple(spec["outlets"]) if "outlets" in spec else SOURCES,
        timed=bool(spec.get("timed", True)),
    )


FAMILY_KINDS = tuple(_template(name, spec, standalone=False) for name, spec in _DATA["family_templates"].items())
STANDALONE_KINDS = tuple(_template(name, spec, standalone=True) for name, spec in _DATA["standalone_templates"].items())
# How often each kind of standalone story appears (the data file's `weight`).
STANDALONE_WEIGHTS = tuple(int(spec["weight"]) for spec in _DATA["standalone_templates"].values())
_KINDS = {template.name: template for template in FAMILY_KINDS + STANDALONE_KINDS}
NQDH, CAMERA, RECRUITS, FESTIVAL = _KINDS["nqdh"], _KINDS["camera"], _KINDS["giao_nhan"], _KINDS["ngay_hoi"]
SCAM, DRUGS, TRAFFIC, DRILL = _KINDS["lua_dao"], _KINDS["ma_tuy"], _KINDS["atgt"], _KINDS["pccc"]
CASE, APPOINTMENT, REVIEW = _KINDS["vu_an"], _KINDS["bo_nhiem"], _KINDS["so_ket"]
ACCIDENT, FIRE, CHARITY = _KINDS["tai_nan"], _KINDS["chay"], _KINDS["trao_qua"]
INSPECTION, SEMINAR, THEFT = _KINDS["kiem_tra"], _KINDS["hoi_thao"], _KINDS["trom_cap"]


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


@dataclass
class Parts:
    """One page of a story before it is flattened into a document: its text in parts, and the changes still to apply."""

    title: str
    lead: str  # with the outlet's prefix, if it prints one
    paras: list[str]
    captions: list[tuple[int, str]]
    tail: list[str]  # the byline and the "Tin cùng chuyên mục" trailer, as the page's last lines
    old: bool  # written in the old tone-mark style ("hoà") rather than the new
    ops: set[str]


def render_parts(story: Story, source: str, rng: random.Random, headlines: Sequence[str], *, copy: bool) -> Parts:
    """One page of ``story`` on ``source`` in parts: the original (light furniture) or a copy (several changes)."""
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
    return Parts(title, lead, paras, captions, tail, old, ops)


def render(story: Story, source: str, published: datetime, rng: random.Random, headlines: Sequence[str], *, copy: bool) -> dict:
    """One document of ``story`` on ``source``: its page flattened to a title and a body of lines."""
    parts = render_parts(story, source, rng, headlines, copy=copy)
    title, ops = parts.title, parts.ops
    body = assemble([parts.lead, *parts.paras], parts.captions, parts.tail)
    if parts.old:
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
    rng, built = build_stories(stories, seed, family_size=family_size, start=start, use_mirror=use_mirror)
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


def generate_pages(stories: int, seed: int, *, start: date = START) -> list[dict]:
    """The pages of ``stories`` generated stories (no mirror story), each in parts as a site shows it:
    ``{source, title, lead, outlet_tag, paras, captions, author, published_at, story}``. Unlike a
    document, a page carries no furniture in its text (captions are photos' captions, the byline is
    the author, no "Tin cùng chuyên mục" trailer, no HTML entities); copies keep their other changes
    (a new headline, the outlet's prefix, dropped paragraphs, the other tone-mark style, NFD)."""
    rng, built = build_stories(stories, seed, start=start, use_mirror=False)
    headlines = list(EXTRA_HEADLINES) + [story.title for story in built[:: max(1, len(built) // 200)]]
    pages = []
    for story in built:
        for source, published, copy in [(story.source, story.published_at, False), *((s, p, True) for s, p in story.copies)]:
            parts = render_parts(story, source, rng, headlines, copy=copy)
            form = partial(page_form, old=parts.old, new=copy, nfd="nfd" in parts.ops)
            prefix = EXISTING_PREFIX.match(parts.lead)
            pages.append({
                "source": source, "title": form(parts.title), "lead": form(parts.lead),
                "outlet_tag": prefix.group(0).strip(" -–—")[1:-1] if prefix else None,
                "paras": [form(p) for p in parts.paras], "captions": [(after, form(text)) for after, text in parts.captions],
                "author": story.author, "published_at": published, "story": story.key,
            })  # fmt: skip
    pages.sort(key=lambda page: (page["published_at"], page["source"], page["title"]))
    return pages


def page_form(text: str, *, old: bool, new: bool, nfd: bool) -> str:
    """A page's text in its outlet's tone-mark style (the old one, or the new one for a copy) and Unicode form."""
    text = old_style(text) if old else new_style(text) if new else text
    return unicodedata.normalize("NFD", text) if nfd else text


def build_stories(stories: int, seed: int, *, family_size: tuple[int, int] = FAMILY_SIZE, start: date = START,
                  use_mirror: bool = True) -> tuple[random.Random, list[Story]]:  # fmt: skip
    """The stories of :func:`generate` (families, republished and single ones), and the generator to go on with."""
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
    return rng, built


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
