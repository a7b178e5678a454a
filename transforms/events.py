"""Same event, different newsrooms: linking independent reports of one event, and threading follow-ups.

Copy clusters (``transforms.dedup``) find one text told several times. Reports written by different
newsrooms about the same congress, bust or rescue share few words (word overlap 0.1–0.3) but the same
*facts* and the same *topic words*; reports of different events written from one template share the
formula, the cited resolution, often the day and the province, but not the facts. So:

* **Facts** (:func:`facts`): full personal names (capitalised words after a family name), quantities (a
  number with its unit: "9 đối tượng", "2,5 kg", "50 tỷ đồng"), communes and wards, districts, provinces
  (merged names: the provinces before the 1 July 2025 merger are read as the province they joined),
  other proper names ("Phú Tài", "Cờ Đỏ"), case names in quotes, the event's day.
* **Topic words**: the report's word pairs without the formulaic vocabulary every report shares
  (``transforms/data/common_syllables.txt``), compared by cosine.
* A pair is **the same event** when nothing conflicts — days at most one apart; the same communes,
  provinces and counts where both give them — and the facts they share weigh enough, or the topic
  words agree closely, or both agree somewhat (:func:`same_event`).
* Copies of one text are one event: each copy cluster is linked whole.

The decision looks at the two reports only (no statistics of the batch), so an event is the same
whatever else was processed with it. Event ids are the article id of the event's canonical report
(earliest published, then article id), so they do not depend on input order. Each link records the
facts it matched (:class:`EventLink`).

**Threads** link events of one developing case across weeks (arrest → charges → trial; congress → first
meeting): a later event that names at least two of the same people, or one of them and the same case
name or commune, joins the earlier event's thread; the link records those facts.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from transforms.dedup import COMMON_PREFIXES, NAME_RUN, UPPER, EntityMasks, _named, cluster_ids, entity_masks
from transforms.documents import FAMILY_NAMES, NOT_NAME, PROVINCE_NAMES, _key, places, province_after_merger
from transforms.text import key_words, normalize_text

COMMON_SYLLABLES_FILE = Path(__file__).parent / "data" / "common_syllables.txt"
MORE_FAMILY_NAMES = (
    "Lương Trịnh Đinh Mai Cao Đoàn Lâm Hà Tạ Chu Đào Vương Triệu Thái Tô Lại Kiều Quách Lưu Tăng Đàm Lò Hứa Mạc "
    "Nông Châu Trương Khổng Phùng Nghiêm Tống Giang Thân Cù Đồng Lã Bạch Âu Hầu Diệp Kim Lục Mã Tiêu Viên Y Ksor "
    "Rơ Siu Nay Rahlan Kpă H'"
).split()
FAMILY = "|".join(sorted(FAMILY_NAMES | set(MORE_FAMILY_NAMES), key=len, reverse=True))
PERSON = re.compile(rf"(?<!\w)(?:{FAMILY})(?: [{UPPER}]\w*){{1,3}}(?!\w)")
# A number and its unit. Vietnamese writes thousands with "." and decimals with ",".
UNITS = (
    "tỷ đồng|triệu đồng|nghìn đồng|ngàn đồng|usd|kg|kilôgam|gam|gram|tấn|lít|bánh|viên|gói|túi|liều|"
    "đối tượng|bị can|bị cáo|nạn nhân|người|cán bộ|đảng viên|đại biểu|hộ dân|hộ|căn nhà|ngôi nhà|xe máy|ô tô|xe|"
    "điện thoại|máy tính|khẩu súng|viên đạn|quả pháo|thùng|bao|con|ha|héc-ta|m2|km|phương tiện|tài khoản|"
    "trường hợp|chiến sĩ|tổ chức cơ sở đảng|chi bộ|đảng bộ|năm tù|tháng tù|suất quà|phần quà|tấn hàng"
)
QUANTITY = re.compile(rf"(?<![\w.,/])(\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?)\s+({UNITS})(?!\w)", re.IGNORECASE)
COUNTED = ("đối tượng", "bị can", "bị cáo", "tỷ đồng", "kg", "nạn nhân")  # units two reports of one event agree on
# Places the level words of ``transforms.documents.places`` miss: special zones (since 2025) and the party
# committee of a province ("Tỉnh ủy Đắk Lắk", "Thành ủy Cần Thơ").
SPECIAL_ZONE = re.compile(rf"(?<!\w)(?i:đặc khu) ([{UPPER}]\w*(?: [{UPPER}]\w*){{0,3}})")
PROVINCE_COMMITTEE = re.compile(rf"(?<!\w)(?:Tỉnh|Thành) ủy ([{UPPER}]\w*(?: [{UPPER}]\w*){{0,3}})")
# A count this small of people or households is said of many events: it supports a link, it does not make one.
SMALL_COUNT = 10
# An office or rank right before a name: the person is an official ("Bí thư Đảng ủy phường Đỗ Quang Huy").
OFFICIAL_TITLE = re.compile(
    r"(?:Bí thư|Chủ tịch|Giám đốc|Trưởng|Phó|Ủy viên|Thứ trưởng|Bộ trưởng|Tư lệnh|Chỉ huy|Đại tướng|Thượng tướng|"
    r"Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy|đồng chí)[^.;\n]{0,60}$"
)
OFFICIAL_SHARE = 0.5
CASE_NAME = re.compile(r"vụ án\s+[\"“”']([^\"“”']{6,120})[\"“”']", re.IGNORECASE)
LOCAL_LEVELS = ("xã ", "phường ", "thị trấn ")
DISTRICT_LEVELS = ("huyện ", "quận ", "thị xã ", "thành phố ")
PROVINCE_LEVELS = ("tỉnh ", "thành phố ")
LEVELS = ("thị trấn ", "thị xã ", "thành phố ", "xã ", "phường ", "huyện ", "quận ", "tỉnh ")
# First words of capitalised runs that name an organisation, a title or a time, not a place or a thing.
NOT_A_NAME = frozenset(w.lower() for w in NOT_NAME) | frozenset(
    "vùng tháng cục phòng bộ ban sở trường đội trạm tổ khu ủy tòa viện hội đoàn lữ trung tiểu tây đông nam bắc đồn".split()
)

MAX_DAY_GAP = 1
PEOPLE_TO_DISAGREE = 2
WORDS_SCALE = 5.0  # a link's strength: fact weight + this times the topic-word cosine
MAX_PUBLISHED_GAP = 3  # newsrooms report an event within days; a later report is a follow-up
THREAD_DAYS = 120
# A fact that more reports of one night state than this (an official at every meeting, "2 đối tượng"), or a
# topic word pair more than COMMON_WORDS_NIGHT_REPORTS state (a common phrase), proposes no pair for that
# night's reports: counted per night, whole nights being what a window holds, so the count (and every
# decision) is the same whatever order the nights run in.
COMMON_KEY_NIGHT_REPORTS = 50
COMMON_WORDS_NIGHT_REPORTS = 10
THREAD_WORDS = 0.1  # a follow-up still speaks of its case: topic-word cosine with the first event
WEIGHTS = {"person": 1.0, "quantity": 1.0, "case": 1.5, "local": 0.5, "district": 0.25, "name": 0.5}
FACTS_ALONE = 1.5  # shared facts that make one event on their own
WORDS_ALONE = 0.35  # topic-word cosine that does
FACTS_WITH_WORDS, WORDS_WITH_FACTS = 1.0, 0.12  # or both, somewhat
PLACE_WITH_WORDS, WORDS_WITH_PLACE = 0.5, 0.13  # or a commune or name and closer wording


@dataclass(frozen=True)
class Facts:
    """What an event report states (normalised, lower case), its topic words and its event day."""

    day: date | None
    published: date | None = None
    people: frozenset[str] = frozenset()
    officials: frozenset[str] = frozenset()  # the people named with an office or rank: at many events
    quantities: frozenset[str] = frozenset()  # "9 đối tượng", "2.5 kg"
    local_places: frozenset[str] = frozenset()  # communes and wards
    lead_places: frozenset[str] = frozenset()  # the communes and wards the title and lead name: where it happened
    districts: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()  # after the 2025 merger
    names: frozenset[str] = frozenset()  # other proper names
    cases: frozenset[str] = frozenset()
    words: tuple[tuple[str, float], ...] = ()  # topic word pairs, unit-length weights

    @cached_property
    def word_weights(self) -> dict[str, float]:
        return dict(self.words)

    @cached_property
    def counts_by_unit(self) -> dict[str, set[str]]:
        return _units(self.quantities)

    def shared(self, other: Facts) -> dict[str, list[str]]:
        pairs = {
            "person": (self.people, other.people),
            "quantity": (self.quantities, other.quantities),
            "case": (self.cases, other.cases),
            "local": (self.local_places, other.local_places),
            "district": (self.districts, other.districts),
            "name": (self.names, other.names),
        }
        return {kind: sorted(a & b) for kind, (a, b) in pairs.items() if a & b}

    def merged(self, other: Facts) -> Facts:
        """One event's facts from two of its reports (the earlier day)."""
        days = [d for d in (self.day, other.day) if d]
        published = [d for d in (self.published, other.published) if d]
        return Facts(
            min(days) if days else None,
            min(published) if published else None,
            self.people | other.people,
            self.officials | other.officials,
            self.quantities | other.quantities,
            self.local_places | other.local_places,
            self.lead_places | other.lead_places,
            self.districts | other.districts,
            self.provinces | other.provinces,
            self.names | other.names,
            self.cases | other.cases,
            max(
                self.words, other.words, key=lambda words: (len(words), words)
            ),  # the longest report's wording (ties: either order)
        )


@dataclass(frozen=True)
class EventLink:
    """Why two reports are one event (or two events one thread): the facts both state, and the topic-word cosine."""

    left: int
    right: int
    matched: tuple[str, ...]
    weight: float
    words: float = 0.0


# What two reports must share for ``same_event`` to say yes: one of these facts, or a topic word pair.
FACT_KINDS = ("people", "quantities", "cases", "local_places", "districts", "names")


@dataclass(frozen=True)
class ReportColumns:
    """Many reports' facts as arrays: what the candidate search and the conflict check over pairs read."""

    reports: Sequence[Facts]

    @classmethod
    def of(cls, reports: Sequence[Facts]) -> ReportColumns:
        return cls(reports)

    @cached_property
    def days(self) -> np.ndarray:
        """:func:`report_nights` as ordinals (0: unknown)."""
        return _ordinals(report_nights(self.reports))

    @cached_property
    def postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(key number, report, the key's night limit) of every key of every report, by key then report: each
        fact of ``FACT_KINDS`` (each kind numbered apart) and topic word pair (numbered last) is a key."""
        reports, count = self.reports, len(self.reports)
        numbers: list[dict[str, int]] = [{} for _ in range(len(FACT_KINDS) + 1)]
        keys: list[np.ndarray] = []
        members: list[np.ndarray] = []
        for kind, name in enumerate(FACT_KINDS):
            stated = [getattr(report, name) for report in reports]
            ids = numbers[kind]
            keys.append(np.array([ids.setdefault(value, len(ids)) for found in stated for value in found], dtype=np.int64))
            members.append(np.repeat(np.arange(count), [len(found) for found in stated]))
        ids = numbers[-1]
        keys.append(np.array([ids.setdefault(pair, len(ids)) for report in reports for pair, _ in report.words], dtype=np.int64))
        members.append(np.repeat(np.arange(count), [len(report.words) for report in reports]))
        offsets = np.cumsum([0] + [len(ids) for ids in numbers], dtype=np.int64)
        key_of = np.concatenate([found + offset for found, offset in zip(keys, offsets, strict=False)])
        # A key counts once per report.
        postings = _distinct(key_of * max(count, 1) + np.concatenate(members))
        key_of, member_of = postings // max(count, 1), postings % max(count, 1)
        limits = np.where(key_of >= offsets[len(FACT_KINDS)], COMMON_WORDS_NIGHT_REPORTS, COMMON_KEY_NIGHT_REPORTS)
        return key_of, member_of, limits

    @cached_property
    def _conflict_columns(self) -> tuple[np.ndarray, np.ndarray, EntityMasks, EntityMasks, EntityMasks, EntityMasks]:
        reports = self.reports
        communes: dict[str, int] = {}  # one numbering: a lead's communes are compared with the other's communes
        return (
            _ordinals([r.day for r in reports]),
            _ordinals([r.published for r in reports]),
            entity_masks([r.lead_places for r in reports], communes),
            entity_masks([r.local_places for r in reports], communes),
            entity_masks([r.provinces for r in reports]),
            entity_masks([r.people for r in reports]),
        )

    def certainly_conflict(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """For each pair, whether it is more than ``MAX_PUBLISHED_GAP`` days apart or :func:`conflict` says
        so on days, publication, communes, provinces or people (from the facts' masks: disjoint masks are
        disjoint sets). False leaves the pair to :func:`same_event`."""
        out = np.empty(len(left), dtype=bool)
        for start in range(0, len(left), CONFLICT_BATCH):
            i, j = left[start : start + CONFLICT_BATCH], right[start : start + CONFLICT_BATCH]
            out[start : start + CONFLICT_BATCH] = self._conflicts(i, j)
        return out

    def _conflicts(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        day, published, lead, local, provinces, people = self._conflict_columns
        first = self.days
        conflicts: np.ndarray = (first[i] > 0) & (first[j] > 0) & (np.abs(first[i] - first[j]) > MAX_PUBLISHED_GAP)
        both_published = (published[i] > 0) & (published[j] > 0)
        published_apart = np.abs(published[i] - published[j])
        conflicts |= both_published & (published_apart > MAX_PUBLISHED_GAP)
        conflicts |= ((day[i] > 0) & (day[j] > 0) & (np.abs(day[i] - day[j]) > MAX_DAY_GAP)
                      & ~(both_published & (published_apart <= MAX_DAY_GAP)))  # fmt: skip
        conflicts |= ((lead.sizes[i] > 0) & (lead.sizes[j] > 0) & ~_masks_meet(lead, local, i, j)
                      & ~_masks_meet(lead, local, j, i))  # fmt: skip
        conflicts |= (provinces.sizes[i] > 0) & (provinces.sizes[j] > 0) & ~_masks_meet(provinces, provinces, i, j)
        both_crowded = (people.sizes[i] >= PEOPLE_TO_DISAGREE) & (people.sizes[j] >= PEOPLE_TO_DISAGREE)
        conflicts |= both_crowded & ~_masks_meet(people, people, i, j)
        return conflicts


CONFLICT_BATCH = 1 << 20


def _masks_meet(first: EntityMasks, second: EntityMasks, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether the masks of ``first`` at ``i`` and of ``second`` at ``j`` share a bit (False: the sets share nothing)."""
    meet: np.ndarray = (first.bits[i] & second.bits[j]).any(axis=1)
    return meet


@cache
def common_syllables() -> frozenset[str]:
    lines = COMMON_SYLLABLES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _number(text: str) -> str:
    """ "1.200" -> "1200", "2,5" -> "2.5"."""
    return text.replace(".", "").replace(",", ".")


def _province_key(name: str) -> str | None:
    return PROVINCE_NAMES.get(_key(name))


def topic_words(text: str) -> tuple[tuple[str, float], ...]:
    """Word pairs of the text that are not both formulaic, weighted 1 + log(count), scaled to unit length."""
    common = common_syllables()
    words = key_words(text)
    counts = Counter(
        f"{first} {second}"
        for first, second in zip(words, words[1:], strict=False)
        if not (first in common and second in common) and not first.isdigit()
    )
    weights = {pair: 1.0 + math.log(count) for pair, count in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return tuple(sorted((pair, w / norm) for pair, w in weights.items()))


def cosine(a: Facts, b: Facts) -> float:
    left, right = a.word_weights, b.word_weights
    if len(right) < len(left):  # look the smaller one's pairs up in the other
        left, right = right, left
    return math.fsum(weight * right[pair] for pair, weight in left.items() if pair in right)  # exact: the same in any order


def facts(title: str, body: str, day: date | None, published: date | None = None) -> Facts:
    """The facts of one report (title and body; the body starts with the lead), its event and publication days."""
    text = normalize_text(f"{title}\n{body}")
    named = list(PERSON.finditer(text))
    people = {m.group(0).lower() for m in named}
    officials = {m.group(0).lower() for m in named if OFFICIAL_TITLE.search(text, max(0, m.start() - 80), m.start())}
    people = {p for p in people if _province_key(p) is None}
    quantities = {f"{_number(m.group(1))} {m.group(2).lower()}" for m in QUANTITY.finditer(text)}
    found = _places(text)
    title_and_lead = text.split("\n", 2)
    lead_places = {p for p in _places("\n".join(title_and_lead[:2])) if p.startswith(LOCAL_LEVELS)}
    provinces = {
        province_after_merger(key).lower() for p in found if p.startswith(PROVINCE_LEVELS) and (key := _province_key(_bare(p)))
    } | {
        province_after_merger(key).lower()
        for m in PROVINCE_COMMITTEE.finditer(text)
        if (key := _province_key(m.group(1)) or _province_key(" ".join(m.group(1).split()[:2])))
    }
    place_words = {_bare(p) for p in found}
    people -= place_words  # "Kim Liên" is a commune, though Kim is a family name
    officials &= people
    names = {
        name
        for run in NAME_RUN.findall(text)
        if not (lowered := run.lower()).startswith(COMMON_PREFIXES)
        and (name := _named(lowered))
        and name.split(" ", 1)[0] not in NOT_A_NAME
        and name not in people
        and name not in place_words
        and _province_key(name.removeprefix("tp ").removeprefix("tp. ")) is None
    }
    return Facts(
        day=day,
        published=published,
        people=frozenset(people),
        officials=frozenset(officials),
        quantities=frozenset(quantities),
        local_places=frozenset(p for p in found if p.startswith(LOCAL_LEVELS)),
        lead_places=frozenset(lead_places),
        districts=frozenset(p for p in found if p.startswith(DISTRICT_LEVELS) and _province_key(_bare(p)) is None),
        provinces=frozenset(provinces),
        names=frozenset(names),
        cases=frozenset(m.group(1).strip().lower() for m in CASE_NAME.finditer(text)),
        words=topic_words(text),
    )


def _places(text: str) -> list[str]:
    """The administrative places a text names, lower case; special zones count as communes."""
    return [p.lower() for p in places(text)] + [f"xã {m.group(1).lower()}" for m in SPECIAL_ZONE.finditer(text)]


def _bare(place: str) -> str:
    """A place's name without its level: "thành phố cần thơ" -> "cần thơ"."""
    for level in LEVELS:
        if place.startswith(level):
            return place[len(level) :]
    return place


def _units(quantities: frozenset[str]) -> dict[str, set[str]]:
    by_unit: dict[str, set[str]] = defaultdict(set)
    for quantity in quantities:
        number, unit = quantity.split(" ", 1)
        by_unit[unit].add(number)
    return by_unit


def conflict(a: Facts, b: Facts) -> str | None:
    """Why two reports cannot be one event, or None: days apart, other communes or provinces, other counts."""
    # A report's event day is the first day its lead names, which may be an earlier event it recalls: the
    # days conflict only when the reports were not published together either.
    published_together = a.published and b.published and abs((a.published - b.published).days) <= MAX_DAY_GAP
    if a.day and b.day and abs((a.day - b.day).days) > MAX_DAY_GAP and not published_together:
        return "days"
    # A follow-up names the first event's day in its lead; its own publication gives it away.
    if a.published and b.published and abs((a.published - b.published).days) > MAX_PUBLISHED_GAP:
        return "published days apart"
    # Other communes where it happened (in title or lead); the body may list communes as examples.
    if a.lead_places and b.lead_places and not a.lead_places & b.local_places and not b.lead_places & a.local_places:
        return "communes"
    if a.provinces and b.provinces and not a.provinces & b.provinces:
        return "provinces"
    # Each names several people and none of them is the other's: two gatherings, not one.
    if len(a.people) >= PEOPLE_TO_DISAGREE and len(b.people) >= PEOPLE_TO_DISAGREE and not a.people & b.people:
        return "people"
    units_a, units_b = a.counts_by_unit, b.counts_by_unit
    for unit in COUNTED:
        if units_a.get(unit) and units_b.get(unit) and not units_a[unit] & units_b[unit]:
            return f"counts of {unit}"
    return None


def fact_weight(shared: dict[str, list[str]], officials: frozenset[str] = frozenset()) -> float:
    """What the shared facts weigh; an official, who attends many events, counts half."""
    return sum(
        WEIGHTS[kind] * _strength(kind, value) * (OFFICIAL_SHARE if kind == "person" and value in officials else 1.0)
        for kind, values in shared.items()
        for value in values
    )


def _strength(kind: str, value: str) -> float:
    """1 for a specific fact; one half for a small round count ("2 đảng viên", "3 hộ")."""
    if kind == "quantity":
        number = value.split(" ", 1)[0]
        if "." not in number and int(number) < SMALL_COUNT:
            return 0.5
    return 1.0


def same_event(a: Facts, b: Facts) -> tuple[bool, tuple[str, ...], float, float]:
    """(same event?, the facts both state, their weight, topic-word cosine) for two reports."""
    if conflict(a, b):
        return False, (), 0.0, 0.0
    shared = a.shared(b)
    weight, words = fact_weight(shared, a.officials | b.officials), cosine(a, b)
    matched = tuple(f"{kind}:{value}" for kind, values in shared.items() for value in values)
    same = (
        weight >= FACTS_ALONE
        or words >= WORDS_ALONE
        or (weight >= FACTS_WITH_WORDS and words >= WORDS_WITH_FACTS)
        or (weight >= PLACE_WITH_WORDS and words >= WORDS_WITH_PLACE)
    )
    return same, matched, weight, words


def _uncommon(members: list[int], nights: Sequence[date | None], limit: int = COMMON_KEY_NIGHT_REPORTS) -> list[int]:
    """The members whose night has at most ``limit`` members (of one key's postings)."""
    if len(members) <= limit:
        return members
    per_night = Counter(nights[m] for m in members)
    return [m for m in members if per_night[nights[m]] <= limit]


def report_nights(reports: Sequence[Facts]) -> list[date | None]:
    """Each report's night when none is known: its publication day (else its event day)."""
    return [report.published or report.day for report in reports]


def candidate_pairs(reports: Sequence[Facts], nights: Sequence[date | None] | None = None) -> list[tuple[int, int]]:
    """Pairs of reports (i < j) that share a fact or a topic word pair: the pairs ``same_event`` is asked about.

    An inverted index instead of all pairs, so a window of thousands of reports compares only the
    reports published within ``MAX_PUBLISHED_GAP`` days of each other that have something specific in
    common. A fact more than ``COMMON_KEY_NIGHT_REPORTS`` reports of a night state, or a word pair more than
    ``COMMON_WORDS_NIGHT_REPORTS`` do, proposes no pair for that night's reports, though it still counts
    when a pair proposed by another key is compared. ``nights``: each report's crawl night (default:
    publication day)."""
    left, right = candidate_arrays(ReportColumns.of(reports), nights)
    return list(zip(left.tolist(), right.tolist()))


def candidate_arrays(columns: ReportColumns, nights: Sequence[date | None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`candidate_pairs` as two sorted index arrays, from the postings sorted by key and day (no
    Python loop over keys or pairs)."""
    keys, members, limits = columns.postings
    days = columns.days
    night_numbers = days if nights is None else _ordinals(nights)
    # A key's postings on nights where more than its limit of reports state it propose nothing.
    per_night = _group_sizes(keys * (int(night_numbers.max(initial=0)) + 1) + night_numbers[members])
    kept = per_night <= limits
    keys, members = keys[kept], members[kept]
    member_days = days[members]
    dated = member_days > 0
    codes = [_pairs_within(keys[dated], members[dated], member_days[dated], MAX_PUBLISHED_GAP, len(days))]
    if not dated.all():  # a report with neither publication nor event day pairs with every report of its keys
        codes.append(_pairs_with_every_other(keys, members, np.flatnonzero(~dated), len(days)))
    unique = _distinct(np.concatenate(codes))
    return unique // max(len(days), 1), unique % max(len(days), 1)


PAIR_BATCH = 1 << 22  # postings' pairs laid out at once: bounds the memory of a window with many shared keys


def _pairs_within(keys: np.ndarray, members: np.ndarray, days: np.ndarray, gap: int, n: int) -> np.ndarray:
    """Codes ``i * n + j`` (i < j, distinct) of members with one key at most ``gap`` days apart."""
    if len(keys) < 2:
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((days, keys))
    keys, members, days = keys[order], members[order], days[order]
    run = np.concatenate(([0], np.cumsum(keys[1:] != keys[:-1])))
    since = days - days.min()
    position = run * (int(since.max()) + gap + 1) + since  # key first, then day: still sorted
    counts = np.searchsorted(position, position + gap, side="right") - np.arange(len(keys)) - 1
    found = []
    for start, stop in _batches(counts):
        partners = counts[start:stop]
        firsts = np.repeat(np.arange(start, stop), partners)
        # Each posting's partners are the postings right after it.
        seconds = firsts + 1 + np.arange(len(firsts)) - np.repeat(np.cumsum(partners) - partners, partners)
        i, j = members[firsts], members[seconds]
        found.append(_distinct(np.minimum(i, j) * n + np.maximum(i, j)))
    return _distinct(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)


def _batches(counts: np.ndarray) -> Iterator[tuple[int, int]]:
    """Consecutive ranges of ``counts`` adding up to about ``PAIR_BATCH`` each."""
    ends = np.searchsorted(np.cumsum(counts), np.arange(PAIR_BATCH, int(counts.sum()) + PAIR_BATCH, PAIR_BATCH), side="right")
    start = 0
    for end in [*ends.tolist(), len(counts)]:
        if end > start:
            yield start, end
            start = end


def _pairs_with_every_other(keys: np.ndarray, members: np.ndarray, chosen: np.ndarray, n: int) -> np.ndarray:
    """Codes ``i * n + j`` (i < j) of each posting of ``chosen`` with the other members of its key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.searchsorted(ordered, keys[chosen], side="left")
    counts = np.searchsorted(ordered, keys[chosen], side="right") - starts
    firsts = np.repeat(members[chosen], counts)
    seconds = members[order[np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))]]
    apart = firsts != seconds
    codes: np.ndarray = np.minimum(firsts, seconds)[apart] * n + np.maximum(firsts, seconds)[apart]
    return codes


def _distinct(codes: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (sorting then comparing neighbours: faster than ``np.unique``'s hashing here)."""
    codes = np.sort(codes)
    distinct: np.ndarray = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return distinct


def _group_sizes(codes: np.ndarray) -> np.ndarray:
    """For each value, how many times it occurs."""
    _, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
    sizes: np.ndarray = counts[inverse]
    return sizes


def _ordinals(days: Sequence[date | None]) -> np.ndarray:
    """Days as ordinals, 0 for unknown ones."""
    return np.fromiter((day.toordinal() if day else 0 for day in days), dtype=np.int64, count=len(days))


def event_links(reports: Sequence[Facts], nights: Sequence[date | None] | None = None) -> list[EventLink]:
    """Every pair of reports that state the same event, with what they matched (``nights``: see :func:`candidate_pairs`)."""
    columns = ReportColumns.of(reports)
    left, right = candidate_arrays(columns, nights)
    # Pairs that certainly conflict (most candidates of formulaic reports) are dropped over arrays.
    open_pairs = ~columns.certainly_conflict(left, right)
    links = []
    for i, j in zip(left[open_pairs].tolist(), right[open_pairs].tolist()):
        same, matched, weight, words = same_event(reports[i], reports[j])
        if same:
            links.append(EventLink(i, j, matched, round(weight, 3), round(words, 3)))
    return links


def event_day(record: dict[str, Any]) -> date | None:
    """The record's ``event_date``, else the day its lead names, else its publication day."""
    if record.get("event_date"):
        value = record["event_date"]
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    published = record.get("published_at")
    if published is None:
        return None
    from transforms.dedup import lead_event_day

    return lead_event_day(record["body"].split("\n", 1)[0], published) or published.date()


def record_facts(record: dict[str, Any]) -> Facts:
    """A record's facts; a local outlet's report that names no province is about the outlet's own
    (``home_province``, from the source file)."""
    published = record.get("published_at")
    found = facts(record.get("title") or "", record["body"], event_day(record), published.date() if published else None)
    home = record.get("home_province")
    if home and not found.provinces and (key := _province_key(str(home))):
        return replace(found, provinces=frozenset({province_after_merger(key).lower()}))
    return found


def event_assignment(records: list[dict[str, Any]]) -> tuple[list[str], list[EventLink]]:
    """(event id per record, the links that made the events)."""
    from transforms.dedup import assign_clusters

    clusters = assign_clusters(records)
    first_of_cluster: dict[str, int] = {}
    copies = [(first_of_cluster.setdefault(c, i), i) for i, c in enumerate(clusters)]
    reports = [record_facts(r) for r in records]
    links = event_links(reports, [record_night(r) for r in records])
    return group_events([r["article_id"] for r in records], [r.get("published_at") for r in records], reports, copies, links)


def record_night(record: dict[str, Any]) -> date | None:
    """The night a record was collected (``crawl_date``), else its publication day."""
    if record.get("crawl_date"):
        night: date = record["crawl_date"]
        return night
    published = record.get("published_at")
    return published.date() if published else None


def group_events(
    article_ids: Sequence[str],
    published_at: Sequence[datetime | None],
    reports: Sequence[Facts],
    copies: Iterable[tuple[int, int]],
    links: Sequence[EventLink] | None = None,
) -> tuple[list[str], list[EventLink]]:
    """Event ids of reports whose facts are known and whose copy pairs (by index) are given, with the
    links that made the events: the core of :func:`event_assignment`, which the warehouse runs too.
    ``links`` are the reports' :func:`event_links`, when the caller has them already."""
    links = event_links(reports) if links is None else links
    groups = _groups_without_conflicts(reports, article_ids, copies, links)
    ids = cluster_ids(list(article_ids), list(published_at), enumerate(groups))
    kept = [link for link in links if groups[link.left] == groups[link.right]]
    return ids, kept


def _groups_without_conflicts(
    reports: Sequence[Facts], article_ids: Sequence[str], copies: Iterable[tuple[int, int]], links: Sequence[EventLink]
) -> list[int]:
    """Copies first, then links from the strongest, each joining two groups only when no report of one
    conflicts with a report of the other: a chain of weak links cannot join two communes' congresses.
    The order depends on the links' strength and article ids, never on the input's order."""
    members = {n: [n] for n in range(len(reports))}
    group = list(range(len(reports)))

    def join(left: int, right: int, check: bool) -> None:
        a, b = group[left], group[right]
        if a == b or (check and any(conflict(reports[i], reports[j]) for i in members[a] for j in members[b])):
            return
        keep, gone = (a, b) if article_ids[a] < article_ids[b] else (b, a)
        for n in members[gone]:
            group[n] = keep
        members[keep] += members.pop(gone)

    for left, right in copies:
        join(left, right, check=False)
    strongest = sorted(
        links,
        key=lambda k: (
            -(k.weight + k.words * WORDS_SCALE),
            min(article_ids[k.left], article_ids[k.right]),
            max(article_ids[k.left], article_ids[k.right]),
        ),
    )
    for link in strongest:
        join(link.left, link.right, check=True)
    return group


def assign_events(records: list[dict[str, Any]]) -> list[str]:
    """Event id of each record (``article_id``, ``source``, ``title``, ``body``, ``published_at``), in order.

    Copies of one text (``assign_clusters``) are one event; reports that state the same event are linked."""
    return event_assignment(records)[0]


def follows_up(earlier: Facts, later: Facts) -> tuple[str, ...]:
    """The facts that make ``later`` a follow-up of ``earlier`` (empty when it is not one)."""
    # Ordered by publication: a follow-up's lead often names the first event's day as its own.
    first, then = earlier.published or earlier.day, later.published or later.day
    if first and then and not 0 < (then - first).days <= THREAD_DAYS:
        return ()
    if cosine(earlier, later) < THREAD_WORDS:  # the same people at an unrelated event: another story
        return ()
    people = sorted(earlier.people & later.people)
    anchors = sorted(earlier.cases & later.cases) + sorted(earlier.local_places & later.local_places)
    if len(people) >= 2 or (people and anchors):
        return tuple(f"person:{p}" for p in people) + tuple(f"case_or_place:{a}" for a in anchors)
    return ()


def thread_keys(people: Iterable[str], cases: Iterable[str], communes: Iterable[str]) -> set[str]:
    """What an event and its follow-up must share for ``follows_up``: two people, or one and a case or commune."""
    named = sorted(set(people))
    anchors = set(cases) | set(communes)
    return {f"{a}|{b}" for n, a in enumerate(named) for b in named[n + 1 :]} | {
        f"{person}|@{anchor}" for person in named for anchor in anchors
    }


def thread_candidates(
    event_ids: Sequence[str],
    keys: Sequence[AbstractSet[str]],
    first_seen: Sequence[datetime | None],
    later: Iterable[int],
    nights: Sequence[date | None] | None = None,
) -> dict[int, list[int]]:
    """For each event of ``later`` (by index), the earlier events (earliest first) that share a thread key
    with it: an inverted index, in which a key more than ``COMMON_KEY_NIGHT_REPORTS`` events of a night
    share (two officials who meet at every event) proposes nothing for that night's events. ``nights``:
    each event's night (its first report's; default: its first publication day)."""
    nights = [moment.date() if moment else None for moment in first_seen] if nights is None else nights
    by_key: dict[str, list[int]] = defaultdict(list)
    for n, found in enumerate(keys):
        for key in found:
            by_key[key].append(n)
    allowed = {key: set(_uncommon(members, nights)) for key, members in by_key.items()}

    def order(n: int) -> tuple[bool, datetime, str]:
        moment = first_seen[n]
        return moment is None, moment or datetime.min, event_ids[n]

    candidates = {}
    for n in later:
        shared = {m for key in keys[n] if n in allowed[key] for m in allowed[key] if order(m) < order(n)}
        candidates[n] = sorted(shared, key=order)
    return candidates


def thread_links(
    event_ids: Sequence[str],
    events: Sequence[Facts],
    first_seen: Sequence[datetime | None],
    later: Iterable[int] | None = None,
    nights: Sequence[date | None] | None = None,
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """For each event (of ``later``, by index; all by default) that follows earlier ones up: those earlier
    events (earliest first), each with the facts that show it (only :func:`thread_candidates` are compared)."""
    keys = [thread_keys(e.people, e.cases, e.local_places) for e in events]
    candidates = thread_candidates(event_ids, keys, first_seen, later if later is not None else range(len(events)), nights)
    return followed_up(event_ids, candidates, events)


def followed_up(
    event_ids: Sequence[str], candidates: dict[int, list[int]], events: Sequence[Facts] | dict[int, Facts]
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Of each event's candidates (by index, earliest first), the earlier events it follows up, with the
    facts that show it; ``events``: the facts of every event the candidates name."""
    links: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for n, earlier in candidates.items():
        if followed := [(event_ids[m], matched) for m in earlier if (matched := follows_up(events[m], events[n]))]:
            links[event_ids[n]] = followed
    return links


def merged_report(reports: Iterable[Facts]) -> Facts:
    """One event's facts from all its reports (see :meth:`Facts.merged`)."""
    merged: Facts | None = None
    for report in reports:
        merged = report if merged is None else merged.merged(report)
    if merged is None:
        raise ValueError("an event has at least one report")
    return merged


def merged_events(
    event_of: Sequence[str], reports: Sequence[Facts], published_at: Sequence[datetime | None]
) -> tuple[list[str], list[Facts], list[datetime | None]]:
    """(event ids, each event's facts merged over its reports, its first publication), in id order."""
    of_event: dict[str, list[Facts]] = defaultdict(list)
    first_seen: dict[str, datetime | None] = {}
    for event, report, moment in zip(event_of, reports, published_at, strict=True):
        of_event[event].append(report)
        seen = first_seen.get(event)
        first_seen[event] = moment if seen is None or (moment is not None and moment < seen) else seen
    order = sorted(of_event)
    return order, [merged_report(of_event[e]) for e in order], [first_seen[e] for e in order]


def assign_threads(records: list[dict[str, Any]], events: Sequence[str] | None = None) -> list[str]:
    """Thread id of each record: the event id of its thread's first event (its own event's id when alone)."""
    events = list(events) if events is not None else assign_events(records)
    reports = [record_facts(record) for record in records]
    ids, merged, first_seen = merged_events(events, reports, [r.get("published_at") for r in records])
    night_of = {r["article_id"]: record_night(r) for r in records}
    nights = [night_of.get(event, moment.date() if moment else None) for event, moment in zip(ids, first_seen, strict=True)]
    position = {event: n for n, event in enumerate(ids)}
    edges = [(position[later], position[earlier]) for later, followed in thread_links(ids, merged, first_seen, None, nights).items()
             for earlier, _ in followed]  # fmt: skip
    thread_of = dict(zip(ids, cluster_ids(ids, first_seen, edges), strict=True))
    return [thread_of[e] for e in events]
