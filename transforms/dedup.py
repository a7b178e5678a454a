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
from transforms.text import key_of_normalized, match_key, normalize_text

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
_LATIN = [chr(code) for code in range(0x41, 0x1F00) if chr(code).isalpha() and code < 0x250 or 0x1E00 <= code < 0x1F00]
UPPER = "".join(c for c in _LATIN if c.isupper())
LETTERS = "".join(c for c in _LATIN if c.isalpha())
NAME_RUN = re.compile(rf"(?<![{LETTERS}])[{UPPER}][{LETTERS}]*(?: [{UPPER}][{LETTERS}]*)+(?![{LETTERS}])")
NUMBER = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*%?")
LEAD_AGREEMENT = 0.75
# When the leads name too little to compare (no person, no date), the whole texts must agree closely.
ENTITY_AGREEMENT_SPARSE_LEADS = 0.9
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


def _hash63(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little") >> 1


def band_hashes(signature: np.ndarray, lead_hash: int) -> list[int]:
    """What the warehouse joins on: one hash per band of ``ROWS`` signature values, then the lead's hash.

    The bands find texts that overlap; the lead's hash also finds a republication whose ending was
    trimmed (its Jaccard with the original can fall below what the bands catch; its lead does not change).
    """
    rows = signature.reshape(BANDS, ROWS)
    return [_hash63(row.tobytes()) for row in rows] + [lead_hash]


def name_runs(text: str) -> list[str]:
    """Runs of two or more capitalised words joined by single spaces ("Nguyễn Văn Quyết"), lower-cased."""
    return [run.lower() for run in NAME_RUN.findall(text)]


def entities(text: str) -> frozenset[str]:
    """People, places, numbers and document numbers a text mentions (lower case)."""
    found = {run for run in name_runs(text) if not any(run.startswith(common) for common in COMMON_RUNS)}
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
    lead_entities: frozenset[str]
    event_day: date | None
    lead_hash: int = 0

    @property
    def bands(self) -> list[int]:
        return band_hashes(self.signature, self.lead_hash)


def fingerprint(article_id: str, title: str, body: str, published_at: datetime | None, event_day: date | None = None) -> Fingerprint:
    """``body`` starts with the lead; ``event_day`` is read from the lead when not given."""
    text = story_text(body)
    lead = text.split("\n", 1)[0]
    shingles = shingle_hashes(key_of_normalized(text))
    if event_day is None and published_at is not None:
        event_day = lead_event_day(lead, published_at)
    lead_hash = _hash63(key_of_normalized(lead).encode("utf-8"))
    return Fingerprint(article_id, published_at, minhash(shingles), len(shingles), entities(text), entities(lead), event_day, lead_hash)


def lead_event_day(lead: str, published_at: datetime) -> date | None:
    from transforms.dates import ParsedDate, as_vietnam
    from transforms.extract import event_date_from_lead

    published = as_vietnam(published_at)
    event = event_date_from_lead(lead, ParsedDate(published, "minute", "", "published_at"))
    return event.day if event else None


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    return float(np.mean(a.signature == b.signature))


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Share of the smaller text's shingles found in the other, estimated from the Jaccard and the sizes."""
    similarity = jaccard(a, b)
    shared = similarity * (a.shingle_count + b.shingle_count) / (1 + similarity)
    return min(1.0, shared / max(1, min(a.shingle_count, b.shingle_count)))


def overlap(first: frozenset[str], second: frozenset[str]) -> float | None:
    """Shared share of the smaller set; None when either names too little to judge."""
    if min(len(first), len(second)) < MIN_ENTITIES:
        return None
    return len(first & second) / min(len(first), len(second))


def entity_agreement(a: Fingerprint, b: Fingerprint) -> float | None:
    """How far the two texts name the same people, places, numbers and documents."""
    return overlap(a.entities, b.entities)


def lead_agreement(a: Fingerprint, b: Fingerprint) -> float | None:
    """The same for the leads, which say who, where and when: formulaic reports differ there."""
    return overlap(a.lead_entities, b.lead_entities)


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    if a.published_at and b.published_at and abs(a.published_at - b.published_at) > timedelta(days=WINDOW_DAYS):
        return False
    if a.event_day and b.event_day and a.event_day != b.event_day:
        return False
    lead = lead_agreement(a, b)
    if lead is not None and lead < LEAD_AGREEMENT:
        return False
    agreement = entity_agreement(a, b)
    if agreement is not None and agreement < (ENTITY_CONFLICT if lead is not None else ENTITY_AGREEMENT_SPARSE_LEADS):
        return False
    shared_text = containment(a, b)
    if shared_text >= CONTAINMENT_SAME_TEXT:
        return True
    return shared_text >= CONTAINMENT_SAME_TOPIC and agreement is not None and agreement >= ENTITY_AGREEMENT


def _minutes(item: Fingerprint) -> float:
    return item.published_at.timestamp() / 60 if item.published_at else 0.0


def candidate_pairs(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs that share an LSH band and were published within ``WINDOW_DAYS`` of each other
    (what the warehouse does with a SQL join over the nights of one window)."""
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, item in enumerate(prints):
        for band, value in enumerate(item.bands):
            buckets[(band, value)].append(index)
    window = WINDOW_DAYS * 24 * 60
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: _minutes(prints[i]))
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if _minutes(prints[j]) - _minutes(prints[i]) > window:
                    break
                pairs.add((min(i, j), max(i, j)))
    return pairs


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
