"""A synthetic bantin warehouse: 1,000,000 articles over three years of nights, for the analysts' benchmark.

Run from the project folder::

    .venv/bin/python benchmarks/synthetic_warehouse.py --out /tmp/bantin-1m/warehouse [--articles 1000000]

It writes the tables analysts read (``articles``, ``article_clusters``, ``source_health``) night by
night through the pipeline's own writer (``warehouse.storage.write_partition``: zstd, statistics,
atomic rename), then compacts every month older than the last ``--keep-days`` nights with
``warehouse.compaction`` (``--no-compact`` leaves one file per night). ``raw_pages`` and
``article_signatures`` are not generated: analysts do not query them.

What is realistic about it (and drawn from the mirror corpus where it can be):

* **sources**: ten outlets with uneven volumes (Công an nhân dân about a quarter, the smallest provincial
  police sites a few percent), fewer articles at weekends, a slow growth over the years, outages of one
  to six nights recorded in ``source_health`` as ``failed``, and one site that went quiet for its
  last twelve nights (fetched pages, no article bodies: a layout change).
* **text**: titles composed from the formulas of police and party news; bodies made of real sentences
  of the mirror corpus (numbers varied) up to a log-normal length of about 300 to 1,500 words
  (median 650); leads name the place.
* **stories**: about 20% of articles belong to a story told by two to four outlets within three days;
  the earliest publication is canonical (``cluster_id`` is its ``article_id``), republications copy its
  title and most of its body.
* **citations**: 0 to 4 documents per story drawn from a Zipf-like law over real numbers
  (12-NQ/TW, 57-NQ/TW, 50-CT/TW, 343-QĐ/TW, …) and plausible local ones (89-KH/ĐUCA), never before
  the document was issued.
* **places**: a province (one of the 34 since 2025, weighted by each outlet's beat) and one or two of
  its communes or wards.

Generation is seeded (``--seed``), runs on two processes and takes about five minutes on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mirror.corpus import load_corpus  # noqa: E402
from transforms.documents import citation  # noqa: E402
from warehouse.compaction import compact  # noqa: E402
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLES, SCHEMA_VERSION, SOURCE_HEALTH  # noqa: E402
from warehouse.storage import write_partition  # noqa: E402

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_NIGHT = date(2025, 10, 1)  # the last night of the mirror's calendar: the demo and the docs use the same dates
NIGHTS = 1096  # 2022-10-02 .. 2025-10-01
SEED = 20251001

# (name, domain, share of the articles, beat: the provinces it mostly writes about)
SOURCES = [
    ("cand", "cand.com.vn", 0.24, ()),
    ("nhandan", "nhandan.vn", 0.17, ()),
    ("dangcongsan", "dangcongsan.org.vn", 0.14, ()),
    ("baochinhphu", "baochinhphu.vn", 0.12, ()),
    ("qdnd", "qdnd.vn", 0.08, ()),
    ("baogialai", "baogialai.com.vn", 0.07, ("Gia Lai",)),
    ("congan_hanoi", "congan.hanoi.gov.vn", 0.06, ("Hà Nội",)),
    ("congan_hungyen", "congan.hungyen.gov.vn", 0.05, ("Hưng Yên",)),
    ("tapchicongsan", "tapchicongsan.org.vn", 0.04, ()),
    ("congan_nghean", "congan.nghean.gov.vn", 0.03, ("Nghệ An",)),
]
QUIET_SOURCE, QUIET_NIGHTS = "congan_nghean", 12
NATIONAL_SHARE = 0.55  # with the long tail of ``--sources`` beyond these ten: their share of the articles

PROVINCES = [  # the 34 provincial units since July 2025: (level, name)
    *[("thành phố", n) for n in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")],
    *[("tỉnh", n) for n in (
        "Tuyên Quang", "Cao Bằng", "Lai Châu", "Lào Cai", "Thái Nguyên", "Điện Biên", "Lạng Sơn", "Sơn La",
        "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hưng Yên", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
        "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh",
        "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang")],
]  # fmt: skip
COMMUNE_NAMES = """Trung Hưng Hương An Ia Pa Như Quỳnh Nghĩa Trụ Yên Lạc Cẩm Xuyên Hoàn Long Trung Hòa An Khê Tân Phú
Phú Mỹ Hòa Bình Bình An Thạnh Lộc Quang Trung Lê Lợi Hồng Bàng Tam Kỳ Điện Bàn Đông Hà Cửa Lò Sầm Sơn Mộc Châu
Sa Pa Đồng Văn Mường Lát Kỳ Anh Nghi Sơn Bến Lức Tân Lập Đông Sơn Phú Lương Vĩnh Tường Kim Sơn Hải Hậu Văn Giang
Khoái Châu Tiên Lữ Ân Thi Mỹ Hào Phù Cừ Đức Phổ Ba Tơ Chư Sê Krông Pa Ea Kar Buôn Hồ Di Linh Bảo Lộc Long Thành
Trảng Bom Gò Dầu Châu Thành Cao Lãnh Năm Căn Tịnh Biên Long Biên Cầu Giấy Thanh Xuân Hoàng Mai Sóc Sơn Ba Vì""".split()
COMMUNES = [" ".join(COMMUNE_NAMES[i : i + 2]) for i in range(0, len(COMMUNE_NAMES) - 1, 2)]

# Documents: (number, issue date). The first ones are cited most (Zipf-like ranks).
DOCUMENTS = [
    ("57-NQ/TW", "2024-12-22"), ("12-NQ/TW", "2022-03-16"), ("50-CT/TW", "2025-05-20"), ("343-QĐ/TW", "2025-07-04"),
    ("66-NQ/TW", "2025-04-30"), ("68-NQ/TW", "2025-05-04"), ("21-NQ/TW", "2022-06-16"), ("35-NQ/TW", "2018-10-22"),
    ("09-CT/TW", "2011-12-01"), ("44-KL/TW", "2019-01-20"), ("18-NQ/TW", "2017-10-25"), ("59-NQ/TW", "2025-01-24"),
    ("41-NQ/TW", "2023-10-10"), ("144-QĐ/TW", "2024-05-09"), ("22-QĐ/TW", "2021-07-28"), ("05-CT/TW", "2016-05-15"),
    ("21-KL/TW", "2021-10-25"), ("27-NQ/TW", "2022-11-09"), ("29-NQ/TW", "2022-11-17"), ("45-NQ/TW", "2023-11-24"),
    ("14-KL/TW", "2021-09-22"), ("01-KL/TW", "2021-05-18"), ("24-CT/TW", "2023-07-04"), ("35-CT/TW", "2024-06-14"),
    ("28-NQ/TW", "2018-05-23"), ("43-NQ/TW", "2023-11-24"), ("30-NQ/TW", "2022-11-23"), ("121-KL/TW", "2025-01-24"),
    ("137-KL/TW", "2025-03-28"), ("126-KL/TW", "2025-02-14"), ("60-NQ/TW", "2025-04-12"), ("45-CT/TW", "2025-04-14"),
    ("89-KH/ĐUCA", "2022-05-10"), ("102-KH/ĐUCA", "2023-03-02"), ("15-HD/BTGTW", "2022-08-01"), ("27-QĐ/TW", "2021-09-08"),
]  # fmt: skip
for n in range(1, 140):  # provincial party committees' resolutions and plans: the long tail
    DOCUMENTS.append(
        (f"{n}-{('NQ', 'KH', 'CT', 'KL')[n % 4]}/{('TU', 'ĐU', 'HU')[n % 3]}", f"{2021 + n % 4}-{1 + n % 12:02d}-15")
    )
KIND_WORDS = {"NQ": "Nghị quyết", "CT": "Chỉ thị", "QĐ": "Quyết định", "KL": "Kết luận", "KH": "Kế hoạch", "HD": "Hướng dẫn"}

SUBJECTS = [
    "Công an {province}", "Công an {commune}", "Bộ Công an", "Đảng ủy Công an Trung ương", "Ban Thường vụ Tỉnh ủy {pname}",
    "Phòng Cảnh sát hình sự Công an {province}", "Đảng bộ {commune}", "Ủy ban Kiểm tra Trung ương", "Cục Cảnh sát giao thông",
    "Phòng Cảnh sát điều tra tội phạm về ma túy", "Ủy ban nhân dân {commune}", "Tỉnh ủy {pname}", "Đoàn Thanh niên Công an {province}",
]  # fmt: skip
ACTIONS = [
    "triệt phá đường dây mua bán trái phép chất ma túy", "tổ chức hội nghị quán triệt, triển khai {doc}",
    "khen thưởng tập thể, cá nhân có thành tích xuất sắc", "ra mắt mô hình “Camera an ninh”", "bắt giữ {n} đối tượng truy nã",
    "tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc", "triển khai đợt cao điểm tấn công, trấn áp tội phạm",
    "sơ kết công tác xây dựng Đảng 6 tháng đầu năm", "tuyên truyền phòng, chống lừa đảo qua không gian mạng",
    "tiếp nhận {n} khẩu súng, vật liệu nổ do người dân tự nguyện giao nộp", "tổ chức Đại hội Đảng bộ nhiệm kỳ 2025 - 2030",
    "kiểm tra công tác cải cách hành chính, chuyển đổi số", "làm rõ vụ trộm cắp tài sản tại {commune}",
    "ký kết quy chế phối hợp bảo đảm an ninh, trật tự", "học tập, làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "xử lý {n} trường hợp vi phạm trật tự an toàn giao thông", "thăm, tặng quà gia đình chính sách",
]  # fmt: skip
LEAD_TIMES = ["Sáng", "Chiều", "Tối", "Ngày"]


def _slug(name: str) -> str:
    bare = "".join(
        c for c in unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d")) if not unicodedata.combining(c)
    )
    return bare.replace(" ", "").lower()


def long_tail_sources(count: int) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """``count`` provincial sources beyond the ten: each province's police portal (congan.<province>.gov.vn),
    party committee portal (<province>.dcs.vn) and party paper (bao<province>.vn), in that order of
    provinces, smaller down the list (Zipf-like), each writing mostly about its province."""
    names = {name for name, _, _, _ in SOURCES}
    tail = []
    for kind in ("congan_{0}", "dcs_{0}", "bao{0}"):
        for _, province in PROVINCES:
            slug = _slug(province)
            name = kind.format(slug)
            domain = {"congan_{0}": f"congan.{slug}.gov.vn", "dcs_{0}": f"{slug}.dcs.vn", "bao{0}": f"bao{slug}.vn"}[kind]
            if name not in names:
                tail.append((name, domain, province))
    weights = 1 / np.arange(1, count + 1) ** 0.6
    shares = (1 - NATIONAL_SHARE) * weights / weights.sum()
    return [(name, domain, float(share), (province,)) for (name, domain, province), share in zip(tail[:count], shares)]


def configure(nights: int, sources: int) -> None:
    """Set the warehouse's span (``nights`` up to ``LAST_NIGHT``) and its number of sources (the ten
    national and provincial ones, then ``long_tail_sources``): module state, set before the workers fork."""
    global NIGHTS, SOURCES
    if sources < len(SOURCES):
        raise ValueError(f"--sources must be at least {len(SOURCES)}")
    if sources > len(SOURCES):
        national = [
            (name, domain, share * NATIONAL_SHARE / sum(s[2] for s in SOURCES), beat) for name, domain, share, beat in SOURCES
        ]
        tail = long_tail_sources(sources - len(SOURCES))
        if len(tail) < sources - len(SOURCES):
            raise ValueError(f"--sources can be at most {len(SOURCES) + len(tail)}")
        SOURCES = national + tail
    NIGHTS = nights


def corpus_sentences() -> list[str]:
    """Real sentences of the mirror corpus (at least five words each)."""
    sentences = []
    for article in load_corpus():
        for paragraph in article.body:
            sentences += [s.strip() for s in re.split(r"(?<=[.!?…])\s+", paragraph) if len(s.split()) >= 5]
    return sentences


# Counts worth varying: one to three digits, not part of a date, a year, a decimal or a document number.
COUNT = re.compile(r"(?<![\d\-/.,])\d{1,3}(?![\d\-/.,])")


def sentence_pool(rng: np.random.Generator, variants: int = 24) -> tuple[list[str], list[int]]:
    """Each corpus sentence in ``variants`` versions with other numbers, and each version's word count."""
    pool = []
    for sentence in corpus_sentences():
        for _ in range(variants):
            pool.append(COUNT.sub(lambda m: str(int(rng.integers(1, 10 ** len(m.group())))), sentence))
    return pool, [len(s.split()) for s in pool]


# --- the metadata of every article, drawn at once (numpy) -------------------------------------------------------------


def night_volumes(rng: np.random.Generator, total: int) -> tuple[np.ndarray, np.ndarray]:
    """Articles per (night, source) summing to ``total``, and the (night, source) status codes
    (0 ok, 1 failed, 2 ok but nothing parsed: the quiet site)."""
    nights = np.arange(NIGHTS)
    days = [LAST_NIGHT - timedelta(days=NIGHTS - 1 - int(n)) for n in nights]
    weekday = np.array([{5: 0.75, 6: 0.6}.get(d.weekday(), 1.0) for d in days])
    growth = np.linspace(0.8, 1.2, NIGHTS)
    shares = np.array([s[2] for s in SOURCES])
    weight = (weekday * growth)[:, None] * shares[None, :] * rng.gamma(20, 1 / 20, size=(NIGHTS, len(SOURCES)))
    status = np.zeros((NIGHTS, len(SOURCES)), dtype=np.int8)
    status[rng.random(status.shape) < 0.006] = 1  # a failed night now and then
    for column in range(len(SOURCES)):  # and a few outages of several nights per source
        for start in rng.integers(0, NIGHTS - 10, size=3):
            status[start : start + rng.integers(2, 7), column] = 1
    quiet = [s[0] for s in SOURCES].index(QUIET_SOURCE)
    status[-QUIET_NIGHTS:, quiet] = 2
    status[-2:, :] = np.where(status[-2:, :] == 1, 0, status[-2:, :])  # the last two nights: only the quiet site is odd
    weight[status > 0] = 0
    counts = rng.multinomial(total, (weight / weight.sum()).ravel()).reshape(weight.shape)
    return counts, status


def draw_articles(rng: np.random.Generator, total: int) -> dict[str, np.ndarray]:
    counts, status = night_volumes(rng, total)
    night = np.repeat(np.repeat(np.arange(NIGHTS), len(SOURCES)), counts.ravel())
    source = np.repeat(np.tile(np.arange(len(SOURCES)), NIGHTS), counts.ravel())
    # Publication time: mostly office hours, seconds since midnight (Asia/Ho_Chi_Minh).
    seconds = np.clip(rng.normal(13.5 * 3600, 4 * 3600, total), 5 * 3600, 23.5 * 3600).astype(np.int64) // 60 * 60
    order = np.lexsort((seconds, night))
    night, source, seconds = night[order], source[order], seconds[order]
    words = np.clip(rng.lognormal(np.log(650), 0.4, total), 120, 4000).astype(np.int32)
    missing_date = rng.random(total) < 0.01
    return {"night": night, "source": source, "seconds": seconds, "words": words, "missing_date": missing_date,
            "counts": counts, "status": status}  # fmt: skip


def draw_stories(rng: np.random.Generator, articles: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``story`` (the index of each article's canonical member) and each member's similarity to it."""
    night, source, seconds, missing = articles["night"], articles["source"], articles["seconds"], articles["missing_date"]
    total = len(night)
    when = night.astype(np.int64) * 86400 + seconds  # ordered (articles are sorted by night, time)
    story = np.arange(total)
    similarity = np.ones(total, dtype=np.float32)
    taken = missing.copy()  # articles without a publication time are not clustered
    originators = np.flatnonzero((rng.random(total) < 0.09) & ~taken)
    followers_wanted = rng.choice([1, 2, 3], size=len(originators), p=[0.6, 0.3, 0.1])
    window_end = np.searchsorted(when, when[originators] + 3 * 86400)
    for origin, wanted, end in zip(originators, followers_wanted, window_end):
        if taken[origin]:
            continue
        taken[origin] = True
        outlets = {source[origin]}
        for candidate in rng.integers(origin + 1, max(end, origin + 2), size=12):
            if wanted == 0 or candidate >= total:
                break
            if taken[candidate] or source[candidate] in outlets:
                continue
            taken[candidate] = True
            outlets.add(source[candidate])
            story[candidate] = origin
            similarity[candidate] = rng.uniform(0.55, 0.97)
            wanted -= 1
    return story, similarity


def draw_story_fields(
    rng: np.random.Generator, total: int, source: np.ndarray, night: np.ndarray
) -> dict[str, np.ndarray | list[list[int]]]:
    """Per article (used through its story's canonical member): province, communes, cited documents."""
    beats = {name: beat for name, _, _, beat in SOURCES}
    names = [s[0] for s in SOURCES]
    province_index = {name: i for i, (_, name) in enumerate(PROVINCES)}
    province_weight = np.linspace(2.0, 0.6, len(PROVINCES))
    province_weight /= province_weight.sum()
    provinces = rng.choice(len(PROVINCES), size=total, p=province_weight)
    for column, name in enumerate(names):
        if beats[name]:
            mask = (source == column) & (rng.random(total) < 0.8)
            provinces[mask] = province_index[beats[name][0]]
    has_place = rng.random(total) < 0.7
    # Communes belong to provinces: commune k lives in province k % 34.
    commune_count = rng.choice([0, 1, 2], size=total, p=[0.35, 0.5, 0.15])
    # Citations: Zipf ranks, none before the document was issued.
    issued = np.array([(date.fromisoformat(d) - LAST_NIGHT).days + NIGHTS - 1 for _, d in DOCUMENTS])
    ranks = np.arange(1, len(DOCUMENTS) + 1)
    zipf = 1 / ranks**1.1
    zipf /= zipf.sum()
    citation_count = rng.choice([0, 1, 2, 3, 4], size=total, p=[0.5, 0.3, 0.12, 0.05, 0.03])
    draws = rng.choice(len(DOCUMENTS), size=(total, 4), p=zipf)
    documents: list[list[int]] = []
    for row in range(total):
        chosen: list[int] = []
        for doc in draws[row, : citation_count[row]]:
            if issued[doc] <= night[row] and doc not in chosen:
                chosen.append(int(doc))
        documents.append(chosen)
    return {"province": provinces, "has_place": has_place, "commune_count": commune_count, "documents": documents}


# --- one night's rows (in worker processes) -----------------------------------------------------------------------------

_STATE: dict = {}
COMMUNES_OF = {p: [c for k, c in enumerate(COMMUNES) if k % len(PROVINCES) == p] or COMMUNES[:3] for p in range(len(PROVINCES))}
AUTHORS = ["Văn Linh", "Đình Yên", "Lê Mậu Lâm", "Minh Hà", "Thu Trang", "Quang Huy", "Bảo Ngọc"]
DATE_METHODS = ["json-ld"] * 6 + ["meta"] * 3 + ["byline"]


def _place_names(index: int) -> tuple[list[str], str, str]:
    """(places, province phrase, a commune phrase) of the story whose canonical member is ``index``."""
    fields = _STATE["fields"]
    province_index = int(fields["province"][index])
    level, name = PROVINCES[province_index]
    province = f"{level} {name}"
    candidates = COMMUNES_OF[province_index]
    communes = [f"{('xã', 'phường')[(index + k) % 2]} {candidates[(index // 7 + k) % len(candidates)]}"
                for k in range(int(fields["commune_count"][index]))]  # fmt: skip
    places = ([province] if fields["has_place"][index] else []) + communes
    return places, province, communes[0] if communes else f"xã {candidates[index % len(candidates)]}"


def _story_text(index: int, rng: random.Random) -> tuple[str, str, list[int], list[str], list[str]]:
    """Title, the lead's place words, body sentences (pool indexes, -1/-2 for the place/document sentences),
    places and documents of the story whose canonical article is ``index``."""
    pool_words = _STATE["pool_words"]
    places, province, commune = _place_names(index)
    documents = [DOCUMENTS[d][0] for d in _STATE["fields"]["documents"][index]]
    pname = PROVINCES[int(_STATE["fields"]["province"][index])][1]
    doc = "Nghị quyết Đại hội Đảng bộ"
    if documents:
        code = documents[0].split("/")[0].split("-")[1]
        doc = f"{KIND_WORDS.get(code, 'văn bản')} số {documents[0]}"
    fill = {"province": province, "commune": commune, "pname": pname, "doc": doc, "n": rng.randint(2, 59)}
    title = f"{rng.choice(SUBJECTS).format(**fill)} {rng.choice(ACTIONS).format(**fill)}"
    target = int(_STATE["articles"]["words"][index])
    picks = rng.choices(range(len(pool_words)), k=target // 30 + 8)
    sentences: list[int] = []
    words = 0
    for pick in picks:
        if words >= target:
            break
        sentences.append(pick)
        words += pool_words[pick]
    if documents:
        sentences.insert(min(2, len(sentences)), -2)
    if places:
        sentences.insert(1, -1)
    return title, province if places else pname, sentences, places, documents


def _article_rows(indexes: np.ndarray, day: date) -> tuple[list[dict], list[dict]]:
    arrays = _STATE["articles"]
    story, similarity = _STATE["story"], _STATE["similarity"]
    pool, pool_words = _STATE["pool"], _STATE["pool_words"]
    names = [s[0] for s in SOURCES]
    domains = [s[1] for s in SOURCES]
    rows, clusters = [], []
    for index in indexes.tolist():
        canonical = int(story[index])
        rng = random.Random(SEED * 10_000_000 + canonical)  # the story's text is the same for every outlet that ran it
        title, where, sentences, places, documents = _story_text(canonical, rng)
        own = random.Random(-(SEED * 10_000_000 + index))
        if canonical != index:  # a republication: same story, some sentences replaced
            keep = float(similarity[index]) ** 0.5
            sentences = [k if k < 0 or own.random() < keep else own.randrange(len(pool)) for k in sentences]
        extra = {-1: f"Sự kiện diễn ra tại {', '.join(places)}.",
                 -2: "Hội nghị quán triệt " + ", ".join(
                     f"{KIND_WORDS.get(d.split('/')[0].split('-')[1], 'văn bản')} số {d}" for d in documents) + "."}  # fmt: skip
        texts = [pool[k] if k >= 0 else extra[k] for k in sentences]
        source = names[arrays["source"][index]]
        minutes = int(arrays["seconds"][index]) // 60
        published = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=VIETNAM)
        lead = f"{LEAD_TIMES[minutes // 360 % 4]} {day.day}/{day.month}, tại {where}, {texts[0][0].lower()}{texts[0][1:]}"
        body = "\n\n".join(" ".join(texts[k : k + 4]) for k in range(1, len(texts), 4))
        words = sum(pool_words[k] if k >= 0 else len(extra[k].split()) for k in sentences) + 3 + len(where.split())
        url = f"https://{domains[arrays['source'][index]]}/tin-tuc/bai-{index:07d}.html"
        article_id = _STATE["ids"][index]
        missing = bool(arrays["missing_date"][index])
        rows.append({
            "article_id": article_id, "source": source, "url": url, "canonical_url": url, "title": title,
            "lead": lead, "body": body, "authors": [own.choice(AUTHORS)],
            "published_at": None if missing else published, "published_date": None if missing else day,
            "published_text": None if missing else f"{day.day:02d}/{day.month:02d}/{day.year} {published:%H:%M}",
            "published_method": None if missing else own.choice(DATE_METHODS),
            "event_date": day - timedelta(days=int(own.random() < 0.3)), "event_text": f"{day.day}/{day.month}",
            "cited_documents": [citation(number) for number in documents], "places": places, "word_count": words,
            "content_sha256": hashlib.sha256(body.encode()).hexdigest(), "parser": source, "parser_version": "1",
            "crawl_date": day, "schema_version": SCHEMA_VERSION,
        })  # fmt: skip
        clusters.append({"article_id": article_id, "cluster_id": canonical, "is_canonical": canonical == index,
                         "similarity": float(similarity[index]), "crawl_date": day})  # fmt: skip
    return rows, clusters


def _cluster_ids(clusters: list[dict]) -> list[dict]:
    ids = _STATE["ids"]
    return [{**row, "cluster_id": ids[row["cluster_id"]]} for row in clusters]


def _health_rows(night: int, day: date, rows: list[dict], clusters: list[dict]) -> list[dict]:
    status = _STATE["articles"]["status"]
    health = []
    rng = np.random.default_rng([SEED, night, 2])
    stored_of = Counter(r["source"] for r in rows)
    duplicates_of = Counter(r["source"] for r, c in zip(rows, clusters) if not c["is_canonical"])
    undated_of = Counter(r["source"] for r in rows if r["published_at"] is None)
    for column, (name, _, _, _) in enumerate(SOURCES):
        stored, duplicates = stored_of[name], duplicates_of[name]
        code = int(status[night, column])
        errors = {}
        if code == 1:
            errors = {str(rng.choice(["500", "503", "TimeoutError"])): int(rng.integers(3, 30))}
        elif rng.random() < 0.08:
            errors = {"404": int(rng.integers(1, 4))}
        pages = stored + sum(errors.values()) if code != 1 else 0
        if code == 2:
            pages = int(rng.integers(8, 20))
        health.append({
            "source": name, "crawl_date": day, "status": "failed" if code == 1 else "ok",
            "failure": "discovery: every listing page failed (HTTP 5xx or timeout)" if code == 1 else None,
            "pages_fetched": pages, "articles_parsed": stored, "articles_stored": stored, "duplicates_merged": duplicates,
            "missing_date": undated_of[name],
            "missing_body": pages if code == 2 else int(pages > 0 and rng.random() < 0.05),
            "parse_errors": int(pages > 0 and rng.random() < 0.02),
            "http_errors": json.dumps(errors, sort_keys=True), "finish_reason": "finished" if code != 1 else "discovery_failed",
            "duration_s": round(float(rng.uniform(20, 400)), 3), "parsers": [f"{name}/1"] if stored else [],
            "layout_drift": False, "fallback_pages": 0,
        })  # fmt: skip
    return health


def write_night(night: int) -> int:
    root = _STATE["root"]
    day = LAST_NIGHT - timedelta(days=NIGHTS - 1 - night)
    lo, hi = _STATE["night_bounds"][night], _STATE["night_bounds"][night + 1]
    rows, clusters = _article_rows(np.arange(lo, hi), day)
    clusters = _cluster_ids(clusters)
    health = _health_rows(night, day, rows, clusters)
    rows.sort(key=lambda r: (r["source"], r["published_at"] is None, r["published_at"] or 0, r["url"]))  # as publish does
    write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), root, "articles", day)
    write_partition(pa.Table.from_pylist(clusters, schema=ARTICLE_CLUSTERS).sort_by("article_id"), root, "article_clusters", day)
    write_partition(pa.Table.from_pylist(health, schema=SOURCE_HEALTH), root, "source_health", day)
    return len(rows)


def generate(root: Path, total: int, workers: int) -> None:
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    articles = draw_articles(rng, total)
    story, similarity = draw_stories(rng, articles)
    fields = draw_story_fields(rng, total, articles["source"], articles["night"])
    pool, pool_words = sentence_pool(rng)
    domains = [s[1] for s in SOURCES]
    ids = [hashlib.sha256(f"https://{domains[s]}/tin-tuc/bai-{i:07d}.html".encode()).hexdigest()[:16]
           for i, s in enumerate(articles["source"])]  # fmt: skip
    _STATE.update(root=root, articles=articles, story=story, similarity=similarity, fields=fields, pool=pool,
                  pool_words=pool_words, ids=ids, night_bounds=np.searchsorted(articles["night"], np.arange(NIGHTS + 1)))  # fmt: skip
    clustered = np.bincount(story, minlength=total)
    in_multi = (clustered[story] > 1).mean()
    print(f"drew {total:,} articles, {len(set(story.tolist())):,} stories ({in_multi:.1%} of articles in multi-outlet stories) "
          f"in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    written = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool_:
        for n, count in enumerate(pool_.imap_unordered(write_night, range(NIGHTS), chunksize=4)):
            written += count
            if n % 100 == 99:
                print(f"  {n + 1} nights, {written:,} articles, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"wrote {written:,} articles in {NIGHTS} nights in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/bantin-1m/warehouse"), help="the warehouse folder to (re)create")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--nights", type=int, default=NIGHTS, help=f"nights up to {LAST_NIGHT} (1826: five years)")
    parser.add_argument("--sources", type=int, default=len(SOURCES), help="sources (beyond ten: provincial portals)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--keep-days", type=int, default=7, help="nights left as nightly files (compaction folds older months)")
    parser.add_argument("--no-compact", action="store_true", help="keep one file per night")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; remove it first")
    configure(args.nights, args.sources)
    started = time.perf_counter()
    generate(args.out, args.articles, args.workers)
    if not args.no_compact:
        result = compact(args.out, older_than=LAST_NIGHT - timedelta(days=args.keep_days), workers=args.workers)
        print(
            f"compacted {result.nights} nights into {result.months} monthly files per table in {result.seconds:.0f} s", flush=True
        )
    print(f"done in {time.perf_counter() - started:.0f} s: {args.out}")


if __name__ == "__main__":
    main()
