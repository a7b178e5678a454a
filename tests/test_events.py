"""Event linking: the facts read from a report, the pair decision, ids independent of input order, and
the scores on the mirror's labelled event sets (the floor the benchmark reports)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from benchmarks.event_benchmark import pair_scores, records, thread_link_scores
from mirror.corpus import load_event_sets
from transforms.events import assign_events, assign_threads, conflict, event_assignment, facts, record_facts, same_event

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 11, day, hour, minute, tzinfo=VIETNAM)


def record(article_id: str, title: str, body: str, published: datetime, home: str | None = None) -> dict[str, object]:
    return {"article_id": article_id, "source": article_id.split("/")[0], "title": title, "body": body,
            "published_at": published, "home_province": home}  # fmt: skip


# Three newsrooms on one bust, in their own words; the same kind of bust the same day in another commune.
BUST_LONG = record(
    "nhandan/triet-pha-o-nhom-ma-tuy-xa-thanh-binh",
    "Triệt phá ổ nhóm mua bán ma túy ở xã Thanh Bình, bắt 6 đối tượng",
    "Ngày 3/11, Công an tỉnh Lạng Sơn cho biết đã triệt phá ổ nhóm mua bán trái phép chất ma túy tại xã Thanh Bình, "
    "bắt giữ 6 đối tượng, thu giữ 1,2 kg ma túy đá và 3.500 viên ma túy tổng hợp.\n"
    "Cầm đầu nhóm là Hoàng Văn Tuấn (SN 1989), trú tại xã Thanh Bình. Các đối tượng thường giao dịch vào ban đêm "
    "tại khu vực chợ xã.\nVụ việc đang được Phòng Cảnh sát điều tra tội phạm về ma túy điều tra, mở rộng.",
    at(3, 15, 20),
)
BUST_BRIEF = record(
    "cand/lang-son-bat-6-doi-tuong-mua-ban-ma-tuy",
    "Lạng Sơn: Bắt 6 đối tượng, thu 3.500 viên ma túy tổng hợp",
    "Lực lượng Công an Lạng Sơn vừa bắt quả tang Hoàng Văn Tuấn cùng 5 đồng phạm khi đang giao ma túy gần chợ xã "
    "Thanh Bình. Tang vật gồm hơn 1,2 kg ma túy đá, 3.500 viên hồng phiến.",
    at(3, 18, 5),
)
BUST_OTHER_COMMUNE = record(
    "baochinhphu/lang-son-triet-pha-o-nhom-ma-tuy-xa-hoa-lac",
    "Lạng Sơn triệt phá ổ nhóm ma túy tại xã Hòa Lạc, bắt 4 đối tượng",
    "Ngày 3/11, Công an tỉnh Lạng Sơn triệt phá ổ nhóm mua bán trái phép chất ma túy tại xã Hòa Lạc, bắt giữ "
    "4 đối tượng, thu giữ 0,5 kg ma túy đá và 800 viên ma túy tổng hợp.\nCầm đầu nhóm là Nông Văn Chiến (SN 1993).",
    at(3, 16, 40),
)


def test_facts_are_names_counts_with_units_and_places() -> None:
    found = facts(str(BUST_LONG["title"]), str(BUST_LONG["body"]), date(2025, 11, 3))
    assert "hoàng văn tuấn" in found.people
    assert {"6 đối tượng", "1.2 kg", "3500 viên"} <= found.quantities  # decimal comma, thousands dot
    assert found.local_places == {"xã thanh bình"} and found.lead_places == {"xã thanh bình"}
    assert found.provinces == {"lạng sơn"}
    # A province's name is no person, though "Hà" is a family name; a special zone is a commune.
    other = facts("", "Đoàn công tác của thành phố Hà Nội làm việc tại đặc khu Vân Đồn.", None)
    assert "hà nội" not in other.people and "xã vân đồn" in other.local_places


def test_an_official_counts_half_a_suspect() -> None:
    text = "Bí thư Đảng ủy phường Cầu Giấy Đỗ Quang Huy dự lễ. Đối tượng Trần Văn Bình bị bắt."
    found = facts("", text, None)
    assert found.officials == {"đỗ quang huy"} and "trần văn bình" in found.people


def test_independent_reports_of_one_bust_are_one_event_and_the_other_commune_is_not() -> None:
    long, brief, other = (record_facts(r) for r in (BUST_LONG, BUST_BRIEF, BUST_OTHER_COMMUNE))
    same, matched, weight, _ = same_event(long, brief)
    assert same and "person:hoàng văn tuấn" in matched and "quantity:3500 viên" in matched and weight >= 2
    assert conflict(long, other) is not None
    assert not same_event(brief, other)[0]
    ids = assign_events([BUST_LONG, BUST_BRIEF, BUST_OTHER_COMMUNE])
    assert ids == [BUST_LONG["article_id"]] * 2 + [BUST_OTHER_COMMUNE["article_id"]]  # the earliest report names it


def test_a_local_outlet_s_report_is_about_its_own_province() -> None:
    unnamed = record("congan_hungyen/x", "Công an tỉnh ra quân", "Sáng 3/11, Công an tỉnh ra quân bảo đảm trật tự.", at(3, 9))
    assert record_facts(unnamed).provinces == frozenset()
    assert record_facts(unnamed | {"home_province": "Hưng Yên"}).provinces == {"hưng yên"}
    thai_binh = record("nhandan/y", "Thái Bình", "Tại tỉnh Thái Bình, ...", at(3, 9))
    assert record_facts(thai_binh).provinces == {"hưng yên"}  # merged into Hưng Yên on 1 July 2025


def test_event_ids_do_not_depend_on_the_order_of_the_records() -> None:
    articles = sorted(load_event_sets(), key=lambda a: (a.site, a.slug))
    rows = records(articles)
    expected = dict(zip((r["article_id"] for r in rows), assign_events(rows), strict=True))
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert dict(zip((r["article_id"] for r in shuffled), assign_events(shuffled), strict=True)) == expected


@pytest.fixture(scope="module")
def labelled() -> tuple[list[dict[str, object]], list[str], list[str], list[str]]:
    articles = sorted(load_event_sets(), key=lambda a: (a.published_at, a.site, a.slug))
    return (
        records(articles),
        [str(a.event) for a in articles],
        [str(a.thread or a.event) for a in articles],
        [a.story for a in articles],
    )


def test_the_labelled_sets_hold_what_the_measure_needs(labelled: tuple) -> None:
    rows, events, threads, stories = labelled
    per_event: dict[str, set[str]] = {}
    for row, event in zip(rows, events, strict=True):
        per_event.setdefault(event, set()).add(str(row["source"]))
    assert sum(len(outlets) >= 3 for outlets in per_event.values()) >= 60  # events told by 3+ outlets
    assert len(per_event) - sum(len(o) >= 2 for o in per_event.values()) >= 80  # single reports: hard negatives
    assert len({t for t, e in zip(threads, events, strict=True) if t != e}) >= 8
    assert len(set(stories)) < len(stories)  # copies too


def test_events_and_threads_on_the_labelled_sets_keep_their_floor(labelled: tuple) -> None:
    rows, events, threads, stories = labelled
    ids, links = event_assignment(rows)
    precision, recall, _ = pair_scores(ids, events)
    assert precision >= 0.97 and recall >= 0.90, (precision, recall)
    link_precision, _ = thread_link_scores(assign_threads(rows, ids), events, threads)
    assert link_precision >= 0.95, link_precision
    assert all(link.matched or link.words for link in links)  # every link says why


def test_a_key_common_on_one_night_still_proposes_pairs_on_another_whatever_else_is_in_the_batch() -> None:
    """A key more than COMMON_KEY_NIGHT_REPORTS reports of a night share proposes no pair for that night; it
    is counted per night, so a quiet night's pairs are the same whether or not the busy night is with it."""
    from transforms.events import COMMON_KEY_NIGHT_REPORTS, Facts, candidate_pairs

    busy, quiet = date(2025, 8, 1), date(2025, 8, 2)
    official = frozenset({"nguyễn văn an"})
    busy_reports = [Facts(day=busy, published=busy, people=official, names=frozenset({f"hội nghị {n}"}))
                    for n in range(COMMON_KEY_NIGHT_REPORTS + 1)]  # fmt: skip
    quiet_reports = [Facts(day=quiet, published=quiet, people=official, names=frozenset({f"lễ {n}"})) for n in range(3)]
    alone = candidate_pairs(quiet_reports, [quiet] * 3)
    together = candidate_pairs(busy_reports + quiet_reports, [busy] * len(busy_reports) + [quiet] * 3)
    shift = len(busy_reports)
    assert alone == [(0, 1), (0, 2), (1, 2)]
    assert [(i - shift, j - shift) for i, j in together] == alone  # the busy night's official proposes nothing there


def _candidate_pairs_one_by_one(reports: list, nights: list) -> list[tuple[int, int]]:
    """``candidate_pairs`` by its definition: an inverted index of keys, a pair loop per key."""
    from collections import Counter, defaultdict

    from transforms.events import COMMON_KEY_NIGHT_REPORTS, COMMON_WORDS_NIGHT_REPORTS, FACT_KINDS, MAX_PUBLISHED_GAP

    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, report in enumerate(reports):
        keys = {(kind, value) for kind in FACT_KINDS for value in getattr(report, kind)} | {("words", p) for p, _ in report.words}
        for key in keys:
            postings[key].append(n)
    days = [report.published or report.day for report in reports]
    pairs = set()
    for (kind, _), members in postings.items():
        limit = COMMON_WORDS_NIGHT_REPORTS if kind == "words" else COMMON_KEY_NIGHT_REPORTS
        per_night = Counter(nights[m] for m in members)
        kept = [m for m in members if per_night[nights[m]] <= limit]
        for i in kept:
            for j in kept:
                if i < j and (days[i] is None or days[j] is None or abs((days[i] - days[j]).days) <= MAX_PUBLISHED_GAP):
                    pairs.add((i, j))
    return sorted(pairs)


def test_candidate_pairs_are_those_of_their_definition() -> None:
    from transforms.events import Facts, candidate_pairs

    generator = random.Random(3)
    first = date(2025, 8, 1)
    people = [f"nguyễn văn {n}" for n in range(30)]
    words = [f"từ {n}" for n in range(8)]  # and a busy name: both night limits are reached on some nights
    reports, nights = [], []
    for n in range(400):
        day = None if n % 13 == 0 else first + timedelta(days=generator.randint(0, 5))
        reports.append(Facts(day=day, published=day if n % 5 else None, people=frozenset(generator.sample(people, 2)),
                             names=frozenset({"hội nghị"}) if n % 3 else frozenset(),
                             words=tuple((w, 0.5) for w in sorted(generator.sample(words, 3)))))  # fmt: skip
        nights.append(day or first)
    assert candidate_pairs(reports, nights) == _candidate_pairs_one_by_one(reports, nights)


def test_pairs_dropped_over_arrays_are_conflicts(labelled: tuple) -> None:
    import numpy as np

    from transforms.events import ReportColumns

    labelled_reports = [record_facts(row) for row in labelled[0]]
    pairs = [(i, j) for i in range(len(labelled_reports)) for j in range(i + 1, len(labelled_reports))]
    left, right = (np.array(side, dtype=np.int64) for side in zip(*pairs))
    dropped = ReportColumns.of(labelled_reports).certainly_conflict(left, right).tolist()
    assert sum(dropped) > len(pairs) / 2
    first = [report.published or report.day for report in labelled_reports]
    apart = [abs((a - b).days) if a and b else 0 for a, b in ((first[i], first[j]) for i, j in pairs)]
    assert all(
        conflict(labelled_reports[i], labelled_reports[j]) or days > 3
        for (i, j), days, drop in zip(pairs, apart, dropped)
        if drop
    )
