"""Story clustering quality: pairwise precision and recall on the labelled set, and the cases behind them.

The labelled set (``tests/data/dedup_labelled.jsonl``) is written by ``benchmarks/dedup_corpus.py
--labelled``: mirror articles and template events, republished on other outlets with new headlines,
outlet prefixes, captions, bylines, trimmed endings, the other tone-mark style, NFD and HTML entities;
formulaic reports of different events in different communes (one story each); and singletons.
Each document's ``story`` is the truth. The thresholds are the project's acceptance thresholds.
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from benchmarks.dedup_corpus import labelled_set, pair_scores
from transforms import dedup
from transforms.dedup import assign_clusters, candidate_pairs, containment, entity_agreement, fingerprint, jaccard

LABELLED = Path(__file__).parent / "data" / "dedup_labelled.jsonl"
PRECISION_MIN = 0.99
RECALL_MIN = 0.97
VIETNAM = timezone(timedelta(hours=7))
SOURCES = {"cand", "dangcongsan", "nhandan", "baochinhphu", "baogialai", "congan_hungyen", "qdnd", "baohungyen", "baothanhhoa"}


def as_record(doc: dict) -> dict:
    return {**doc, "published_at": datetime.fromisoformat(doc["published_at"])}


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    if not LABELLED.exists():
        pytest.fail(f"{LABELLED} is missing: run `python benchmarks/dedup_corpus.py --labelled {LABELLED.relative_to(LABELLED.parents[2])}` "
                    "(note: a `data/` line in .gitignore also ignores tests/data/)")  # fmt: skip
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def records(docs: list[dict]) -> list[dict]:
    return [as_record(doc) for doc in docs]


@pytest.fixture(scope="module")
def clusters(records: list[dict]) -> list[str]:
    return assign_clusters(records)


def kind(story: str) -> str:
    """ "fam/camera-00003/07" -> "family", "rep/..." and "mirror/..." -> "story", "single/..." -> "single"."""
    return {"fam": "family", "single": "single"}.get(story.split("/")[0], "story")


# ---- The data --------------------------------------------------------------------------------


def test_labelled_set_is_what_the_generator_writes(docs: list[dict]) -> None:
    assert docs == labelled_set(), "stale: run `python benchmarks/dedup_corpus.py --labelled tests/data/dedup_labelled.jsonl`"


def test_labelled_set_has_the_three_kinds_of_structure(docs: list[dict]) -> None:
    assert len(docs) >= 300
    assert len({doc["article_id"] for doc in docs}) == len(docs)
    assert {doc["source"] for doc in docs} <= SOURCES
    assert all(doc["published_at"].endswith("+07:00") for doc in docs)
    sizes = Counter(doc["story"] for doc in docs)
    in_family = sum(kind(d["story"]) == "family" for d in docs) / len(docs)
    multi_outlet = sum(kind(d["story"]) != "family" and sizes[d["story"]] > 1 for d in docs) / len(docs)
    singletons = sum(kind(d["story"]) != "family" and sizes[d["story"]] == 1 for d in docs) / len(docs)
    assert 0.38 <= in_family <= 0.52, f"{in_family:.0%} of documents in formulaic families (aim: 45%)"
    assert 0.28 <= multi_outlet <= 0.42, f"{multi_outlet:.0%} in other multi-outlet stories (aim: 35%)"
    assert 0.14 <= singletons <= 0.26, f"{singletons:.0%} singletons (aim: 20%)"
    for story in (s for s, n in sizes.items() if n > 1):
        outlets = [d["source"] for d in docs if d["story"] == story]
        assert len(set(outlets)) == len(outlets), f"{story}: copies of a story are on different outlets"


# ---- The acceptance thresholds ---------------------------------------------------------------


def diagnosis(records: list[dict], clusters: list[str], limit: int = 6) -> str:
    """What the wrongly joined and wrongly separated pairs look like, by the measures dedup.py decides with."""
    prints = [fingerprint(r["article_id"], r["title"], r["body"], r["published_at"]) for r in records]
    lead_agreement = getattr(dedup, "lead_agreement", lambda a, b: "n/a")
    candidates = candidate_pairs(prints)
    wrong: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, j in itertools.combinations(range(len(records)), 2):
        same, together = records[i]["story"] == records[j]["story"], clusters[i] == clusters[j]
        if together and not same:
            pair = "/".join(sorted((kind(records[i]["story"]), kind(records[j]["story"]))))
            wrong[f"joined {pair}"].append((i, j))
        elif same and not together:
            wrong["separated copies"].append((i, j))
    lines = []
    for label, pairs in sorted(wrong.items(), key=lambda item: -len(item[1])):
        overlap = [containment(prints[i], prints[j]) for i, j in pairs]
        agreement = [entity_agreement(prints[i], prints[j]) or 0.0 for i, j in pairs]
        hours = [abs(records[i]["published_at"] - records[j]["published_at"]).total_seconds() / 3600 for i, j in pairs]
        banded = sum((min(i, j), max(i, j)) in candidates for i, j in pairs)
        lines.append(f"{label}: {len(pairs)} pairs, containment median {statistics.median(overlap):.2f} "
                     f"(min {min(overlap):.2f}), entity agreement median {statistics.median(agreement):.2f}, "
                     f"published {statistics.median(hours):.0f} h apart (median), sharing an LSH band {banded}")  # fmt: skip
        for i, j in pairs[:limit]:
            a, b = prints[i], prints[j]
            lines.append(f"    {records[i]['story']} ~ {records[j]['story']}: containment {containment(a, b):.2f}, "
                         f"jaccard {jaccard(a, b):.2f}, entities {entity_agreement(a, b)}, lead {lead_agreement(a, b)}, "
                         f"event days {getattr(a, 'event_day', None)}/{getattr(b, 'event_day', None)}, shared {sorted(a.entities & b.entities)[:12]}")  # fmt: skip
    return "\n".join(lines)


def test_pairwise_precision_and_recall_meet_the_acceptance_thresholds(records: list[dict], clusters: list[str]) -> None:
    scores = pair_scores(clusters, [r["story"] for r in records])
    summary = (f"precision {scores.precision:.4f} (need {PRECISION_MIN}), recall {scores.recall:.4f} (need {RECALL_MIN}); "
               f"pairs predicted together {scores.predicted}, truly together {scores.true}, both {scores.true_positive}")  # fmt: skip
    ok = scores.precision >= PRECISION_MIN and scores.recall >= RECALL_MIN
    assert ok, summary + "\n" + diagnosis(records, clusters)


# ---- Small explicit cases ----------------------------------------------------------------------

CAMERA_BOILERPLATE = """Thực hiện Đề án 06 của Chính phủ và kế hoạch của Công an tỉnh về nhân rộng mô hình “Camera an ninh” gắn với phong trào toàn dân bảo vệ an ninh Tổ quốc, thời gian qua, Công an xã đã chủ động tham mưu cấp ủy, chính quyền địa phương vận động các hộ gia đình, cơ sở kinh doanh lắp đặt camera tại các tuyến đường, ngõ xóm, khu vực trọng điểm về an ninh, trật tự. Việc triển khai mô hình được thực hiện theo phương châm “Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.

{stats} Hệ thống camera đã phát huy hiệu quả trong công tác phòng ngừa, phát hiện, xử lý các vụ việc vi phạm pháp luật, giúp lực lượng Công an kịp thời truy vết, làm rõ nhiều vụ trộm cắp tài sản, gây rối trật tự công cộng và vi phạm trật tự an toàn giao thông.

Phát biểu tại buổi lễ, lãnh đạo địa phương ghi nhận, đánh giá cao sự chủ động của Công an xã và tinh thần hưởng ứng tích cực của Nhân dân. Đồng chí đề nghị Công an xã tiếp tục phối hợp với các thôn duy trì hoạt động thường xuyên, hiệu quả của mô hình; quản lý, khai thác dữ liệu đúng quy định, bảo đảm bí mật thông tin cá nhân của Nhân dân.

Mô hình “Camera an ninh” là minh chứng sinh động cho sự vào cuộc của cả hệ thống chính trị và sự đồng thuận của Nhân dân trong công tác bảo đảm an ninh, trật tự ở cơ sở. Thời gian tới, Công an xã sẽ tiếp tục nhân rộng mô hình ra các thôn còn lại, phấn đấu 100% thôn, tổ dân phố có camera an ninh kết nối trước ngày 31/12/2025."""

DONG_TAO = {
    "article_id": "a1c0ffee00000001", "source": "congan_hungyen", "title": "Công an xã Đông Tảo ra mắt mô hình “Camera an ninh”",
    "published_at": datetime(2025, 9, 23, 16, 10, tzinfo=VIETNAM), "story": "camera-dong-tao",
    "body": "Sáng 23/9, Công an xã Đông Tảo tổ chức Lễ ra mắt mô hình “Camera an ninh” tại thôn Đông Tảo Nam. Dự buổi lễ có đồng chí "
            "Nguyễn Văn Quyết, Phó Bí thư Thường trực Đảng ủy xã; Thiếu tá Trần Đức Long, Trưởng Công an xã cùng đại diện các ban, "
            "ngành, đoàn thể và đông đảo Nhân dân trên địa bàn.\n\n"
            + CAMERA_BOILERPLATE.format(stats="Đến nay, toàn xã đã lắp đặt 164 mắt camera, trong đó 71 camera được kết nối, chia sẻ "
                                              "dữ liệu với Công an xã, tổng kinh phí xã hội hóa khoảng 480 triệu đồng."),
}  # fmt: skip
HONG_QUANG = {
    "article_id": "a1c0ffee00000002", "source": "congan_hungyen", "title": "Công an xã Hồng Quang ra mắt mô hình “Camera an ninh”",
    "published_at": datetime(2025, 9, 24, 15, 30, tzinfo=VIETNAM), "story": "camera-hong-quang",
    "body": "Sáng 24/9, Công an xã Hồng Quang tổ chức Lễ ra mắt mô hình “Camera an ninh” tại thôn Phù Oanh. Dự buổi lễ có đồng chí "
            "Lê Thị Thu Hà, Phó Bí thư Thường trực Đảng ủy xã; Trung tá Phạm Văn Hiệp, Trưởng Công an xã cùng đại diện các ban, "
            "ngành, đoàn thể và đông đảo Nhân dân trên địa bàn.\n\n"
            + CAMERA_BOILERPLATE.format(stats="Đến nay, toàn xã đã lắp đặt 92 mắt camera, trong đó 38 camera được kết nối, chia sẻ "
                                              "dữ liệu với Công an xã, tổng kinh phí xã hội hóa khoảng 260 triệu đồng."),
}  # fmt: skip

ORIGINAL = {
    "article_id": "b2c0ffee00000001", "source": "baothanhhoa", "title": "Xã Hoằng Hóa ra mắt mô hình hòa giải ở cơ sở gắn với bảo vệ an ninh",
    "published_at": datetime(2025, 9, 25, 10, 0, tzinfo=VIETNAM), "story": "hoa-giai-hoang-hoa",
    "body": "Sáng 25/9, Ủy ban nhân dân xã Hoằng Hóa (tỉnh Thanh Hóa) tổ chức ra mắt mô hình “Tổ hòa giải gắn với bảo vệ an ninh, "
            "trật tự ở cơ sở” tại thôn Phú Khê. Dự buổi lễ có đồng chí Lê Văn Thủy, Chủ tịch Ủy ban nhân dân xã; Thiếu tá Đỗ Minh "
            "Khoa, Trưởng Công an xã.\n\n"
            "Tổ hòa giải gồm 9 thành viên là trưởng thôn, chi hội trưởng các đoàn thể và người có uy tín trong cộng đồng. Từ đầu năm "
            "đến nay, các tổ hòa giải trên địa bàn xã đã hòa giải thành công 27 vụ mâu thuẫn, tranh chấp đất đai, không để phát sinh "
            "thành điểm nóng.\n\n"
            "Phát biểu tại buổi lễ, đồng chí Lê Văn Thủy đề nghị các thành viên Tổ hòa giải nắm chắc tình hình, kịp thời phát hiện "
            "mâu thuẫn ngay từ khi mới phát sinh; phối hợp với Công an xã giữ gìn an ninh, trật tự, chăm lo sức khỏe, đời sống Nhân dân.\n\n"
            "Dịp này, Ủy ban nhân dân xã tặng Giấy khen cho 3 tập thể và 6 cá nhân có thành tích xuất sắc trong công tác hòa giải ở cơ sở.",
}  # fmt: skip
COPY = {
    "article_id": "b2c0ffee00000002", "source": "cand", "title": "Thanh Hoá: Thêm mô hình tổ hoà giải gắn với bảo vệ an ninh, trật tự",
    "published_at": datetime(2025, 9, 26, 7, 45, tzinfo=VIETNAM), "story": "hoa-giai-hoang-hoa",
    "body": "(CAND) - Sáng 25/9, Uỷ ban nhân dân xã Hoằng Hoá (tỉnh Thanh Hoá) tổ chức ra mắt mô hình “Tổ hoà giải gắn với bảo vệ an ninh, "
            "trật tự ở cơ sở” tại thôn Phú Khê. Dự buổi lễ có đồng chí Lê Văn Thuỷ, Chủ tịch Uỷ ban nhân dân xã; Thiếu tá Đỗ Minh "
            "Khoa, Trưởng Công an xã.\n\n"
            "Quang cảnh buổi lễ ra mắt mô hình. Ảnh: Minh Hoà\n\n"
            "Tổ hoà giải gồm 9 thành viên là trưởng thôn, chi hội trưởng các đoàn thể và người có uy tín trong cộng đồng. Từ đầu năm "
            "đến nay, các tổ hoà giải trên địa bàn xã đã hoà giải thành công 27 vụ mâu thuẫn, tranh chấp đất đai, không để phát sinh "
            "thành điểm nóng.\n\n"
            "Phát biểu tại buổi lễ, đồng chí Lê Văn Thuỷ đề nghị các thành viên Tổ hoà giải nắm chắc tình hình, kịp thời phát hiện "
            "mâu thuẫn ngay từ khi mới phát sinh; phối hợp với Công an xã giữ gìn an ninh, trật tự, chăm lo sức khoẻ, đời sống Nhân dân.\n\n"
            "NGỌC MINH",
}  # fmt: skip


@pytest.mark.parametrize("hong_quang_day", ["Sáng 24/9", "Chiều 23/9"], ids=["next-day", "same-day"])
def test_two_formulaic_reports_from_different_communes_stay_apart(hong_quang_day: str) -> None:
    other = {**HONG_QUANG, "body": str(HONG_QUANG["body"]).replace("Sáng 24/9", hong_quang_day, 1)}
    first, second = assign_clusters([DONG_TAO, other])
    assert first != second


def test_a_copy_with_prefix_caption_trimmed_ending_and_other_tone_style_joins_its_original() -> None:
    original, copy = assign_clusters([ORIGINAL, COPY])
    assert original == copy == ORIGINAL["article_id"]


def test_the_canonical_member_is_the_earliest_published_whatever_the_order() -> None:
    assert assign_clusters([COPY, ORIGINAL]) == [ORIGINAL["article_id"]] * 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cluster_ids_do_not_depend_on_input_order(records: list[dict], clusters: list[str], seed: int) -> None:
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    again = dict(zip((r["article_id"] for r in shuffled), assign_clusters(shuffled)))
    assert [again[r["article_id"]] for r in records] == clusters


def test_every_cluster_id_is_its_earliest_published_member(records: list[dict], clusters: list[str]) -> None:
    members: dict[str, list[dict]] = defaultdict(list)
    for record, cluster in zip(records, clusters):
        members[cluster].append(record)
    for cluster, group in members.items():
        earliest = min(group, key=lambda r: (r["published_at"], r["article_id"]))
        assert cluster == earliest["article_id"]


def test_the_vectorised_check_decides_every_candidate_pair_as_same_story_does(records: list[dict]) -> None:
    prints = dedup.fingerprints(((r["article_id"], r["body"], r["published_at"], None) for r in records), read_event_days=False)
    left, right = dedup.candidate_arrays(prints)
    decided = dedup.same_story_mask(prints, left, right).tolist()
    one_by_one = [prints.item(i) for i in range(len(prints))]
    assert decided == [dedup.same_story(one_by_one[i], one_by_one[j]) for i, j in zip(left.tolist(), right.tolist())]
    joined = [(i, j) for i, j, same in zip(left.tolist(), right.tolist(), decided) if same]
    assert joined and all(records[i]["story"] == records[j]["story"] for i, j in joined)


def test_fingerprints_of_many_articles_are_those_of_each_alone(records: list[dict]) -> None:
    sample = records[:40]
    together = dedup.fingerprints((r["article_id"], r["body"], r["published_at"], None) for r in sample)
    for n, r in enumerate(sample):
        alone, batched = fingerprint(r["article_id"], r["title"], r["body"], r["published_at"]), together.item(n)
        assert alone.signature.tolist() == batched.signature.tolist() and alone.bands == batched.bands
        assert (alone.shingle_count, alone.entities, alone.lead_entities, alone.event_day) == (
            batched.shingle_count,
            batched.entities,
            batched.lead_entities,
            batched.event_day,
        )


def test_the_warehouse_join_finds_the_band_pairs_the_time_check_can_keep(records: list[dict]) -> None:
    # Some articles without a publication time: they pair with every article of their buckets.
    undated = {n for n in range(0, len(records), 7)}
    prints = dedup.fingerprints(((r["article_id"], r["body"], None if n in undated else r["published_at"], None)
                                 for n, r in enumerate(records)), read_event_days=False)  # fmt: skip
    left, right = dedup.joined_candidate_arrays(prints)
    every_left, every_right = dedup.candidate_arrays(prints, within_window=False)
    minutes = prints.micros // (60 * 10**6)
    kept = [(i, j) for i, j in zip(every_left.tolist(), every_right.tolist())
            if i in undated or j in undated or abs(minutes[i] - minutes[j]) <= dedup.WINDOW_DAYS * 24 * 60]  # fmt: skip
    assert len(left) > len(records) and any(i in undated or j in undated for i, j in kept)
    assert list(zip(left.tolist(), right.tolist())) == kept
    same = dedup.same_story_mask(prints, every_left, every_right)
    assert set(zip(every_left[same].tolist(), every_right[same].tolist())) <= set(kept)


def test_the_entity_mask_bound_is_never_below_the_shared_count() -> None:
    generator = random.Random(5)
    vocabulary = [f"tên {n}" for n in range(60)]  # small, so that many pairs share members
    sets = [frozenset(generator.sample(vocabulary, generator.randint(0, 15))) for _ in range(300)]
    masks = dedup.entity_masks(sets)
    left, right = (np.array(side, dtype=np.int64) for side in zip(*itertools.combinations(range(len(sets)), 2)))
    bounds = masks.shared_at_most(left, right).tolist()
    shared = [len(sets[i] & sets[j]) for i, j in zip(left.tolist(), right.tolist())]
    assert all(bound >= count for bound, count in zip(bounds, shared))
    assert sum(bound == count for bound, count in zip(bounds, shared)) > len(shared) / 2  # and mostly exact
