"""Recognising one story told by several outlets, and keeping formulaic reports of different events apart.

Two signals decide, because one is not enough for this news:

* **Text overlap** of the matching key (lead + body, normalised: tone marks, case, punctuation,
  outlet prefixes, bylines, captions and "Tin cùng chuyên mục" trailers out), as word 3-gram
  shingles summarised by a 128-value MinHash. Candidates come from 32 LSH bands (4 values each),
  so only articles sharing a band are ever compared; the band hashes are stored in the warehouse
  and joined in SQL.
* **What the text is about**: the named people and places, numbers and document numbers it
  mentions, its event day, and when it was published. Reports of the same kind of meeting in two
  communes share most sentences but not these; republications share them even with a new
  headline, a trimmed ending or the other tone-mark style.

A pair is the same story when its texts overlap almost entirely (containment ≥ 0.9) and nothing
about it conflicts, or when they overlap substantially (containment ≥ 0.5) and agree on what they
are about (entity overlap ≥ 0.6). Conflicts that always keep a pair apart: different event days,
publication more than ``WINDOW_DAYS`` apart, or entities that mostly disagree.

A cluster's id is its canonical member's ``article_id``: the earliest publication (the originating
outlet), ties broken by article id, so ids do not depend on the order in which nights are processed.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from transforms.documents import DOCUMENT_NUMBER
from transforms.text import match_key, normalize_text

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
WINDOW_DAYS = 3
CONTAINMENT_SAME_TEXT = 0.9
CONTAINMENT_SAME_TOPIC = 0.5
ENTITY_AGREEMENT = 0.6
ENTITY_CONFLICT = 0.34
MIN_ENTITIES = 2

OUTLET_PREFIX = re.compile(r"^\s*\((?:[^()]{2,30})\)\s*[-–—]?\s*")
# Lines that are page furniture, not the story: photo credits and captions, bylines, sources.
FURNITURE_LINE = re.compile(
    r"^(?:\(?ảnh\s*:|nguồn\s*:|theo\s+\S+\s*$|video\s*:|xem thêm|tin liên quan|bài liên quan)", re.IGNORECASE
)
TRAILER = re.compile(r"^(?:tin cùng chuyên mục|tin liên quan|các tin khác|tin khác|bài viết liên quan)\b", re.IGNORECASE)
CAPTION_CREDIT = re.compile(r"[.(]?\s*\(?ảnh\s*:[^)]*\)?\s*\.?$", re.IGNORECASE)
NAME_RUN = re.compile(r"(?:\b[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)+")
NUMBER = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*%?")
# Capitalised runs that name institutions every report mentions, not who or where.
COMMON_RUNS = {
    "bộ công", "bộ chính", "ban thường", "ban bí", "công an", "nhân dân", "tổ quốc", "việt nam", "hội nghị",
    "đảng cộng", "ban chấp", "quốc hội", "chính phủ", "mặt trận", "ủy ban", "ban chỉ", "ban tuyên",
    "ban tổ", "ban dân", "ban nội", "cục công", "trung ương", "thủ tướng chính", "đảng ủy",
}  # fmt: skip
MULTIPLIERS = np.random.default_rng(20250922).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
OFFSETS = np.random.default_rng(20251001).integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)


def strip_outlet_prefix(lead: str) -> str:
    """ "(Chinhphu.vn) - Sáng 22/9, ..." -> "Sáng 22/9, ..." """
    return OUTLET_PREFIX.sub("", lead, count=1)


def story_text(body: str) -> str:
    """The body without page furniture: outlet prefix, captions and credits, bylines, trailers."""
    kept: list[str] = []
    for number, line in enumerate(normalize_text(body).split("\n")):
        line = strip_outlet_prefix(line) if number == 0 else line
        if TRAILER.match(line):
            break
        words = line.split()
        is_byline = 0 < len(words) <= 5 and line.upper() == line and any(c.isalpha() for c in line)
        is_caption = len(words) <= 14 and not line.rstrip().endswith((".", ":", "!", "?", "”", '"', ";"))
        if not line or FURNITURE_LINE.match(line) or is_byline or is_caption:
            continue
        kept.append(CAPTION_CREDIT.sub("", line))
    return "\n".join(kept)


def content_key(lead: str, body: str) -> str:
    return match_key(story_text(f"{lead}\n{body}"))


def content_sha256(lead: str, body: str) -> str:
    return hashlib.sha256(content_key(lead, body).encode("utf-8")).hexdigest()


def _word_hashes(words: Sequence[str]) -> np.ndarray:
    distinct = {w: int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little") for w in set(words)}
    return np.fromiter((distinct[w] for w in words), dtype=np.uint64, count=len(words))


def shingle_hashes(key: str) -> np.ndarray:
    """Distinct 64-bit hashes of the word 3-grams of a matching key."""
    words = key.split()
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    hashed = _word_hashes(words)
    with np.errstate(over="ignore"):
        combined = hashed[:-2] * np.uint64(0x9E3779B97F4A7C15) ^ hashed[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F) ^ hashed[2:]
    return np.unique(combined)


def minhash(shingles: np.ndarray) -> np.ndarray:
    """128 minimum hash values (multiply-shift hashing, one odd multiplier per permutation)."""
    with np.errstate(over="ignore"):
        values = (shingles[:, None] * MULTIPLIERS[None, :] + OFFSETS[None, :]) >> np.uint64(32)
    return values.min(axis=0).astype(np.uint32)


def band_hashes(signature: np.ndarray) -> list[int]:
    """One 63-bit hash per band of ``ROWS`` signature values (what the warehouse joins on)."""
    rows = signature.reshape(BANDS, ROWS)
    return [int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8).digest(), "little") >> 1 for row in rows]


def entities(text: str) -> frozenset[str]:
    """People, places, numbers and document numbers a text mentions (lower case)."""
    found = {run.lower() for run in NAME_RUN.findall(text)}
    found = {run for run in found if not any(run.startswith(common) for common in COMMON_RUNS)}
    found |= {n for n in NUMBER.findall(text) if not (len(n) == 4 and n.startswith(("19", "20")))}
    found |= {"-".join(parts).lower() for parts in DOCUMENT_NUMBER.findall(text)}
    return frozenset(found)


@dataclass(frozen=True)
class Fingerprint:
    """What clustering keeps of an article: enough to compare it without its text."""

    article_id: str
    published_at: datetime | None
    signature: np.ndarray
    shingle_count: int
    entities: frozenset[str]
    event_day: date | None

    @property
    def bands(self) -> list[int]:
        return band_hashes(self.signature)


def fingerprint(article_id: str, title: str, body: str, published_at: datetime | None, event_day: date | None = None) -> Fingerprint:
    text = story_text(body)
    shingles = shingle_hashes(match_key(text))
    return Fingerprint(article_id, published_at, minhash(shingles), len(shingles), entities(text), event_day)


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    return float(np.mean(a.signature == b.signature))


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Share of the smaller text's shingles found in the other, estimated from the Jaccard and the sizes."""
    similarity = jaccard(a, b)
    shared = similarity * (a.shingle_count + b.shingle_count) / (1 + similarity)
    return min(1.0, shared / max(1, min(a.shingle_count, b.shingle_count)))


def entity_agreement(a: Fingerprint, b: Fingerprint) -> float | None:
    """Overlap of what both texts mention, relative to the smaller set; None when either says too little."""
    if min(len(a.entities), len(b.entities)) < MIN_ENTITIES:
        return None
    return len(a.entities & b.entities) / min(len(a.entities), len(b.entities))


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    if a.published_at and b.published_at and abs(a.published_at - b.published_at) > timedelta(days=WINDOW_DAYS):
        return False
    if a.event_day and b.event_day and a.event_day != b.event_day:
        return False
    overlap = containment(a, b)
    agreement = entity_agreement(a, b)
    if agreement is not None and agreement < ENTITY_CONFLICT:
        return False
    if overlap >= CONTAINMENT_SAME_TEXT:
        return True
    return overlap >= CONTAINMENT_SAME_TOPIC and agreement is not None and agreement >= ENTITY_AGREEMENT


def candidate_pairs(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs that share at least one LSH band (what the warehouse does with a SQL join)."""
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, item in enumerate(prints):
        for band, value in enumerate(item.bands):
            buckets[(band, value)].append(index)
    return {(i, j) for members in buckets.values() for n, i in enumerate(members) for j in members[n + 1 :]}


def canonical_key(item: Fingerprint) -> tuple:
    """Earliest publication first (the originating outlet); ties by article id."""
    return (item.published_at is None, item.published_at or datetime.max, item.article_id)


def components(prints: Sequence[Fingerprint], edges: Iterable[tuple[int, int]]) -> list[str]:
    """Each fingerprint's cluster id: the article id of its component's canonical member."""
    parent = list(range(len(prints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[root(i)] = root(j)
    best: dict[int, int] = {}
    for i in range(len(prints)):
        r = root(i)
        if r not in best or canonical_key(prints[i]) < canonical_key(prints[best[r]]):
            best[r] = i
    return [prints[best[root(i)]].article_id for i in range(len(prints))]


def cluster_fingerprints(prints: Sequence[Fingerprint]) -> list[str]:
    edges = [(i, j) for i, j in candidate_pairs(prints) if same_story(prints[i], prints[j])]
    return components(prints, edges)


def assign_clusters(records: list[dict]) -> list[str]:
    """Cluster id of each record (``article_id``, ``source``, ``title``, ``body``, ``published_at``), in order."""
    prints = [
        fingerprint(r["article_id"], r.get("title") or "", r["body"], r.get("published_at"), r.get("event_date"))
        for r in records
    ]
    return cluster_fingerprints(prints)
