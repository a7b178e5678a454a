"""Recognising one story told by several outlets, and keeping formulaic reports of different events apart.

Two signals decide, because one is not enough for this news:

* **Text overlap** of the matching key (lead + body, normalised: tone marks, case, punctuation,
  outlet prefixes, bylines, captions and "Tin cùng chuyên mục" trailers out), as word 3-gram
  shingles summarised by a 128-value MinHash. Candidates come from 32 LSH bands (4 values each),
  so only articles sharing a band are ever compared; the band hashes are stored in the warehouse,
  and candidates are found by sorting them.
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np

from transforms.documents import DOCUMENT_NUMBER
from transforms.text import key_words, match_key, normalize_text

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
CAPTION_HINT = re.compile(r"ảnh\s*:", re.IGNORECASE)  # what every credit has; searched faster than the credit itself
_LATIN = [chr(code) for code in range(0x41, 0x1F00) if chr(code).isalpha() and code < 0x250 or 0x1E00 <= code < 0x1F00]
UPPER = "".join(c for c in _LATIN if c.isupper())
LETTERS = "".join(c for c in _LATIN if c.isalpha())
# Each look-behind follows the first character it guards ("not after a letter"), so the regex engine can
# jump to the next capital or digit instead of trying the look-behind at every position.
NAME_RUN = re.compile(rf"[{UPPER}](?<![{LETTERS}].)[{LETTERS}]*(?: [{UPPER}][{LETTERS}]*)+(?![{LETTERS}])")
NUMBER = re.compile(r"\d(?<![\w/.-].)\d*(?:[.,]\d+)*%?")
DOCUMENT_NUMBERS = DOCUMENT_NUMBER  # "12-NQ/TW"
LEAD_AGREEMENT = 0.75
# When the leads name too little to compare (no person, no date), the whole texts must agree closely.
ENTITY_AGREEMENT_SPARSE_LEADS = 0.9
# Capitalised runs that name institutions every report mentions, not who or where.
COMMON_RUNS = {
    "bộ công", "bộ chính", "ban thường", "ban bí", "công an", "nhân dân", "tổ quốc", "việt nam", "hội nghị",
    "đảng cộng", "ban chấp", "quốc hội", "chính phủ", "mặt trận", "ủy ban", "ban chỉ", "ban tuyên",
    "ban tổ", "ban dân", "ban nội", "cục công", "trung ương", "thủ tướng chính", "đảng ủy",
}  # fmt: skip
COMMON_PREFIXES = tuple(sorted(COMMON_RUNS))
# Words that start a capitalised run without being part of a name: sentence openers before a
# capitalised event ("Dự Ngày hội", "Tại Hội nghị") and the first word of a title ("Phó Giám đốc").
LEADING_WORDS = frozenset("dự tại theo sáng chiều tối trưa đêm ngày sau trong với cùng đến về từ qua khi phát thay phó".split())
MULTIPLIERS = np.random.default_rng(20250922).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
OFFSETS = np.random.default_rng(20251001).integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)


def strip_outlet_prefix(lead: str) -> str:
    """ "(Chinhphu.vn) - Sáng 22/9, ..." -> "Sáng 22/9, ..." """
    return OUTLET_PREFIX.sub("", lead, count=1)


SENTENCE_END = (".", ":", "!", "?", "”", '"', ";")


def story_text(body: str) -> str:
    """The body without page furniture: outlet prefix, captions and credits, bylines, trailers."""
    kept: list[str] = []
    for number, line in enumerate(normalize_text(body).split("\n")):
        line = strip_outlet_prefix(line) if number == 0 else line
        if not line:
            continue
        if TRAILER.match(line):
            break
        words = len(line.split(maxsplit=14))  # exact up to 15, all the two tests below need
        is_byline = words <= 5 and line.upper() == line and any(c.isalpha() for c in line)
        is_caption = words <= 14 and not line.rstrip().endswith(SENTENCE_END)
        if is_byline or is_caption or FURNITURE_LINE.match(line):
            continue
        kept.append(CAPTION_CREDIT.sub("", line) if CAPTION_HINT.search(line) else line)
    return "\n".join(kept)


def content_key(lead: str, body: str) -> str:
    return match_key(story_text(f"{lead}\n{body}"))


def content_sha256(lead: str, body: str) -> str:
    return hashlib.sha256(content_key(lead, body).encode("utf-8")).hexdigest()


# A newsroom's vocabulary is small: each word is hashed once per process, not once per article.
_WORD_HASHES: dict[str, int] = {}
WORD_CACHE_LIMIT = 1 << 20


def _word_hashes(words: Sequence[str]) -> np.ndarray:
    cache = _WORD_HASHES
    try:
        return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    except KeyError:  # a word not seen yet
        pass
    missing = set(words).difference(cache)
    if len(cache) + len(missing) > WORD_CACHE_LIMIT:
        cache.clear()
        missing = set(words)
    for word in missing:
        cache[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))


def shingle_hashes(key: str) -> np.ndarray:
    """Distinct 64-bit hashes of the word 3-grams of a matching key."""
    return shingle_hashes_of_words(key.split())


def shingle_hashes_of_words(words: list[str]) -> np.ndarray:
    """Distinct 64-bit hashes of the word 3-grams of a matching key's words, sorted."""
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    hashed = _word_hashes(words)
    with np.errstate(over="ignore"):
        combined = hashed[:-2] * np.uint64(0x9E3779B97F4A7C15) ^ hashed[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F) ^ hashed[2:]
    combined.sort()  # sorting and dropping repeats is faster than np.unique on arrays this small
    distinct: np.ndarray = combined[np.concatenate(([True], combined[1:] != combined[:-1]))]
    return distinct


# Shingles hashed in one vectorised step: 128 x 2048 x 8 bytes = 2 MiB, about what the caches hold (larger
# steps are slower, and so are single articles).
MINHASH_CHUNK_ROWS = 2048
_MULTIPLIER_COLUMN = MULTIPLIERS[:, None].copy()
_OFFSET_COLUMN = OFFSETS[:, None].copy()


def minhashes(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """128 minimum hash values of each (non-empty) shingle set, shape (sets, NUM_PERM): multiply-shift
    hashing, one odd multiplier per permutation, many sets per vectorised step."""
    out = np.empty((len(shingle_sets), NUM_PERM), dtype=np.uint32)
    sizes = [len(shingles) for shingles in shingle_sets]
    start = 0
    while start < len(shingle_sets):
        stop, rows = start + 1, sizes[start]
        while stop < len(shingle_sets) and rows + sizes[stop] <= MINHASH_CHUNK_ROWS:
            rows += sizes[stop]
            stop += 1
        offsets = np.cumsum([0] + sizes[start : stop - 1])
        # One row per permutation, so each article's minimum is a reduction over contiguous memory.
        with np.errstate(over="ignore"):
            values = _MULTIPLIER_COLUMN * np.concatenate(shingle_sets[start:stop])
            values += _OFFSET_COLUMN
        # The shift is monotonic: shifting the minima gives the minima of the shifted values, with one pass less.
        out[start:stop] = (np.minimum.reduceat(values, offsets, axis=1) >> np.uint64(32)).T
        start = stop
    return out


def minhash(shingles: np.ndarray) -> np.ndarray:
    """128 minimum hash values of one shingle set."""
    signature: np.ndarray = minhashes([shingles])[0]
    return signature


def _hash63(data: bytes | memoryview) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little") >> 1


def band_hashes(signature: np.ndarray, lead_hash: int) -> list[int]:
    """What the warehouse joins on: one hash per band of ``ROWS`` signature values, then the lead's hash.

    The bands find texts that overlap; the lead's hash also finds a republication whose ending was
    trimmed (its Jaccard with the original can fall below what the bands catch; its lead does not change).
    """
    bands: list[int] = band_matrix(signature[None, :], [lead_hash])[0].tolist()
    return bands


def band_matrix(signatures: np.ndarray, lead_hashes: Sequence[int]) -> np.ndarray:
    """``band_hashes`` of many signatures at once, shape (n, BANDS + 1), int64."""
    raw = memoryview(np.ascontiguousarray(signatures, dtype=np.uint32).tobytes())
    width = ROWS * 4
    bands = np.empty((len(signatures), BANDS + 1), dtype=np.int64)
    bands[:, :BANDS] = np.fromiter((_hash63(raw[k : k + width]) for k in range(0, len(raw), width)),
                                   dtype=np.int64, count=len(signatures) * BANDS).reshape(-1, BANDS)  # fmt: skip
    bands[:, BANDS] = lead_hashes
    return bands


def name_runs(text: str) -> list[str]:
    """Runs of two or more capitalised words joined by single spaces ("Nguyễn Văn Quyết"), lower-cased."""
    return [run.lower() for run in NAME_RUN.findall(text)]


def entities(text: str) -> frozenset[str]:
    """People, places, numbers and document numbers a text mentions (lower case)."""
    return frozenset(names_and_numbers(text) | document_numbers(text))


def _named(run: str) -> str | None:
    """A name run without the sentence-start word or title it begins with ("Dự Ngày", "Phó Giám"
    name nobody); None when less than two words of name are left."""
    words = run.split(" ")
    start = 0
    while start < len(words) and words[start] in LEADING_WORDS:
        start += 1
    return " ".join(words[start:]) if len(words) - start >= 2 else None


def names_and_numbers(text: str) -> set[str]:
    """The people, places and numbers of ``entities``: none of them spans a line break."""
    found = {name for run in name_runs(text) if not run.startswith(COMMON_PREFIXES) and (name := _named(run))}
    found.update(n for n in NUMBER.findall(text) if not (len(n) == 4 and n.startswith(("19", "20"))))
    return found


def document_numbers(text: str) -> set[str]:
    return {"-".join(parts).lower() for parts in DOCUMENT_NUMBERS.findall(text)}


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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
WINDOW_MICROS = WINDOW_DAYS * 24 * 3600 * 10**6


def _micros(moment: datetime | None) -> int:
    """Exact microseconds since 1970 (naive times read as UTC); 0 when unknown."""
    if moment is None:
        return 0
    return ((moment if moment.tzinfo else moment.replace(tzinfo=UTC)) - EPOCH) // MICROSECOND


MASK_WORDS = 2  # 128 bits: few members of a lead's entity set share one


@dataclass(frozen=True)
class EntityMasks:
    """Entity sets as bit masks (each member sets the bit of its number, in order of first appearance,
    modulo the mask's width), with each set's size and the members it lost to a bit another member set."""

    bits: np.ndarray  # (n, MASK_WORDS) uint64
    sizes: np.ndarray  # (n,) int64
    lost: np.ndarray  # (n,) int64

    def shared_at_most(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """An upper bound of each pair's shared members: the bits both set, plus what either lost to shared bits
        (a shared member sets a bit both have; a bit holds more than one only where a set lost members)."""
        both = np.bitwise_count(self.bits[left] & self.bits[right]).sum(axis=1, dtype=np.int64)
        bound: np.ndarray = np.minimum(
            both + np.minimum(self.lost[left], self.lost[right]), np.minimum(self.sizes[left], self.sizes[right])
        )
        return bound


def entity_masks(sets: Sequence[frozenset[str]], numbers: dict[str, int] | None = None) -> EntityMasks:
    """``sets`` as masks; ``numbers``: the members' numbers, shared with other masks that are compared with these."""
    width = 64 * MASK_WORDS
    numbers = {} if numbers is None else numbers
    words: list[int] = []
    sizes, lost = [], []
    for members in sets:
        bits = {numbers.setdefault(member, len(numbers)) % width for member in sorted(members)}
        mask = sum(1 << bit for bit in bits)
        words.extend((mask >> (64 * word)) & 0xFFFFFFFFFFFFFFFF for word in range(MASK_WORDS))
        sizes.append(len(members))
        lost.append(len(members) - len(bits))
    return EntityMasks(np.array(words, dtype=np.uint64).reshape(len(sets), MASK_WORDS),
                       np.array(sizes, dtype=np.int64), np.array(lost, dtype=np.int64))  # fmt: skip


@dataclass(frozen=True)
class Fingerprints:
    """The fingerprints of many articles as columns: what the vectorised candidate search and checks read."""

    article_ids: list[str]
    published_at: list[datetime | None]
    signatures: np.ndarray  # (n, NUM_PERM) uint32
    shingle_counts: np.ndarray  # (n,) int64
    bands: np.ndarray  # (n, BANDS + 1) int64: the LSH bands, then the lead's hash
    entities: list[frozenset[str]]
    lead_entities: list[frozenset[str]]
    event_days: list[date | None]
    # Event days not read yet (index -> lead): reading one costs more than everything else about an
    # article, and only pairs that agree on everything else need it.
    unread_leads: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.article_ids)

    @cached_property
    def micros(self) -> np.ndarray:
        return np.fromiter(map(_micros, self.published_at), dtype=np.int64, count=len(self))

    @cached_property
    def dated(self) -> np.ndarray:
        return np.fromiter((p is not None for p in self.published_at), dtype=bool, count=len(self))

    @cached_property
    def event_ordinals(self) -> np.ndarray:
        """Event days as ordinals, 0 when unknown (ordinals start at 1); only those read so far."""
        return np.fromiter((d.toordinal() if d else 0 for d in self.event_days), dtype=np.int64, count=len(self))

    @cached_property
    def lead_masks(self) -> EntityMasks:
        return entity_masks(self.lead_entities)

    def read_event_days(self, indexes: Iterable[int]) -> None:
        """Read the event days of these articles from their leads, where not read yet."""
        for i in indexes:
            lead = self.unread_leads.pop(i, None)
            if lead is not None:
                self.event_days[i] = lead_event_day(lead, self.published_at[i])  # type: ignore[arg-type]
                self.__dict__.pop("event_ordinals", None)

    def item(self, i: int) -> Fingerprint:
        self.read_event_days([i])
        return Fingerprint(self.article_ids[i], self.published_at[i], self.signatures[i], int(self.shingle_counts[i]),
                           self.entities[i], self.lead_entities[i], self.event_days[i], int(self.bands[i, BANDS]))  # fmt: skip

    @classmethod
    def of(cls, prints: Sequence[Fingerprint]) -> Fingerprints:
        signatures = np.array([p.signature for p in prints], dtype=np.uint32).reshape(len(prints), NUM_PERM)
        return cls([p.article_id for p in prints], [p.published_at for p in prints], signatures,
                   np.array([p.shingle_count for p in prints], dtype=np.int64), band_matrix(signatures, [p.lead_hash for p in prints]),
                   [p.entities for p in prints], [p.lead_entities for p in prints], [p.event_day for p in prints])  # fmt: skip


def fingerprints(articles: Iterable[tuple[str, str, datetime | None, date | None]], read_event_days: bool = True) -> Fingerprints:
    """Fingerprints of ``(article_id, body starting with the lead, published_at, event_day or None)``:
    the text work article by article, the hashing vectorised over all of them. A missing event day is
    read from the lead now, or (``read_event_days=False``) when a comparison first needs it."""
    unread: dict[int, str] = {}
    ids: list[str] = []
    published: list[datetime | None] = []
    shingle_sets: list[np.ndarray] = []
    lead_hashes: list[int] = []
    found: list[frozenset[str]] = []
    lead_found: list[frozenset[str]] = []
    days: list[date | None] = []
    for article_id, body, published_at, event_day in articles:
        text = story_text(body)
        lead, _, rest = text.partition("\n")
        # A line break separates words, so the text's key words are the lead's followed by the rest's.
        lead_words = key_words(lead)
        shingle_sets.append(shingle_hashes_of_words(lead_words + key_words(rest)))
        if event_day is None and published_at is not None:
            if read_event_days:
                event_day = lead_event_day(lead, published_at)
            else:
                unread[len(ids)] = lead
        lead_hashes.append(_hash63(" ".join(lead_words).encode("utf-8")))
        ids.append(article_id)
        published.append(published_at)
        # Names and numbers never span a line break, so the lead's are read once for both sets.
        lead_names = names_and_numbers(lead)
        found.append(frozenset(lead_names | names_and_numbers(rest) | document_numbers(text)))
        lead_found.append(frozenset(lead_names | document_numbers(lead)))
        days.append(event_day)
    signatures = minhashes(shingle_sets) if shingle_sets else np.empty((0, NUM_PERM), dtype=np.uint32)
    counts = np.array([len(s) for s in shingle_sets], dtype=np.int64)
    return Fingerprints(ids, published, signatures, counts, band_matrix(signatures, lead_hashes), found, lead_found, days, unread)


def fingerprint(
    article_id: str, title: str, body: str, published_at: datetime | None, event_day: date | None = None
) -> Fingerprint:
    """``body`` starts with the lead; ``event_day`` is read from the lead when not given."""
    return fingerprints([(article_id, body, published_at, event_day)]).item(0)


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


PAIR_CHUNK = 1 << 16  # pairs compared in one vectorised step (2 x 64k x 128 x 4 bytes = 64 MiB)


def containments(prints: Fingerprints, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``containment`` of many pairs at once (the same arithmetic, so the same values)."""
    out = np.empty(len(left), dtype=np.float64)
    counts = prints.shingle_counts
    for start in range(0, len(left), PAIR_CHUNK):
        i, j = left[start : start + PAIR_CHUNK], right[start : start + PAIR_CHUNK]
        similarity = np.count_nonzero(prints.signatures[i] == prints.signatures[j], axis=1) / NUM_PERM
        shared = similarity * (counts[i] + counts[j]) / (1 + similarity)
        out[start : start + PAIR_CHUNK] = np.minimum(1.0, shared / np.maximum(1, np.minimum(counts[i], counts[j])))
    return out


MASK_CHUNK = 1 << 20  # pairs judged at once by same_story_mask: bounds the memory of a window's many candidates


def same_story_mask(prints: Fingerprints, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``same_story`` of many pairs at once. The time, event-day and text-overlap conditions are array
    arithmetic, and so is a bound of the leads' entity overlap; the entity overlaps (set intersections)
    are computed only for pairs those leave open. Pairs are judged ``MASK_CHUNK`` at a time."""
    if len(left) <= MASK_CHUNK:
        return _same_story_chunk(prints, left, right)
    return np.concatenate(
        [
            _same_story_chunk(prints, left[at : at + MASK_CHUNK], right[at : at + MASK_CHUNK])
            for at in range(0, len(left), MASK_CHUNK)
        ]
    )


def _same_story_chunk(prints: Fingerprints, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    dated = prints.dated[left] & prints.dated[right]
    ok: np.ndarray = ~(dated & (np.abs(prints.micros[left] - prints.micros[right]) > WINDOW_MICROS))
    shared_text = containments(prints, left, right)
    ok &= shared_text >= CONTAINMENT_SAME_TOPIC  # below it no pair is one story, whatever its entities say
    open_pairs = np.flatnonzero(ok)
    may_agree = _leads_may_agree(prints.lead_masks, left[open_pairs], right[open_pairs])
    ok[open_pairs[~may_agree]] = False
    open_pairs = open_pairs[may_agree]
    found, lead_found = prints.entities, prints.lead_entities
    for k, i, j, text in zip(
        open_pairs.tolist(), left[open_pairs].tolist(), right[open_pairs].tolist(), shared_text[open_pairs].tolist()
    ):
        ok[k] = _entities_allow(found[i], found[j], lead_found[i], lead_found[j], text)
    # Every condition is a veto, so their order does not change the result: the event days come last,
    # read only for the articles of the pairs still standing.
    standing = np.flatnonzero(ok)
    prints.read_event_days(np.unique(np.concatenate((left[standing], right[standing]))).tolist())
    days = prints.event_ordinals
    ok &= ~((days[left] > 0) & (days[right] > 0) & (days[left] != days[right]))
    return ok


def _leads_may_agree(masks: EntityMasks, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """False for the pairs whose leads' entity overlap is below ``LEAD_AGREEMENT`` even at its upper bound
    (which ``_entities_allow`` vetoes): most candidate pairs of formulaic reports, decided without sets."""
    smaller = np.minimum(masks.sizes[left], masks.sizes[right])
    bound = masks.shared_at_most(left, right) / np.maximum(smaller, 1)
    allowed: np.ndarray = (smaller < MIN_ENTITIES) | (bound >= LEAD_AGREEMENT)
    return allowed


def _entities_allow(
    found: frozenset[str], other: frozenset[str], lead: frozenset[str], other_lead: frozenset[str], shared_text: float
) -> bool:
    """The entity conditions of ``same_story`` for a pair whose times and event days do not conflict."""
    leads = overlap(lead, other_lead)
    if leads is not None and leads < LEAD_AGREEMENT:
        return False
    agreement = overlap(found, other)
    if agreement is not None and agreement < (ENTITY_CONFLICT if leads is not None else ENTITY_AGREEMENT_SPARSE_LEADS):
        return False
    return shared_text >= CONTAINMENT_SAME_TEXT or (agreement is not None and agreement >= ENTITY_AGREEMENT)


def _bucket_pair_codes(keys: np.ndarray, minutes: np.ndarray | None, window: int) -> np.ndarray:
    """Pairs of indexes with equal ``keys`` (and, given ``minutes``, at most ``window`` minutes apart),
    as ``i * n + j`` (i < j).

    Sorting by key, then time, puts each bucket in one run; a binary search finds where each member's
    partners end (the end of its run, or of its window), and the pairs are laid out from those counts.
    """
    n = len(keys)
    if n < 2:
        return np.empty(0, dtype=np.int64)
    if minutes is None:
        order = np.argsort(keys, kind="stable")
    else:
        order = np.lexsort((minutes, keys))
    sorted_keys = keys[order]
    run = np.concatenate(([0], np.cumsum(sorted_keys[1:] != sorted_keys[:-1])))
    if minutes is None:
        ends = np.searchsorted(run, run, side="right")
    else:
        since = minutes[order] - minutes.min()
        position = run * (int(since.max()) + window + 1) + since  # run first, then time: still sorted
        ends = np.searchsorted(position, position + window, side="right")
    counts = ends - np.arange(n) - 1
    total = int(counts.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    left = np.repeat(np.arange(n), counts)
    right = left + 1 + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    first, second = order[left], order[right]
    pairs: np.ndarray = np.minimum(first, second) * n + np.maximum(first, second)
    return pairs


def candidate_arrays(prints: Fingerprints, within_window: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (left < right, sorted) that share an LSH band or the lead hash, and (``within_window``)
    were published within ``WINDOW_DAYS`` of each other, unknown times counting as 1970."""
    n = len(prints)
    # Whole minutes: a pair within the window in microseconds is within it in floored minutes too, so this
    # finds every candidate (and at most a minute's worth more, which the time check of same_story drops).
    minutes = prints.micros // (60 * 10**6) if within_window else None
    unique = _distinct_codes(
        _bucket_pair_codes(prints.bands[:, band], minutes, WINDOW_DAYS * 24 * 60) for band in range(prints.bands.shape[1])
    )
    return unique // max(n, 1), unique % max(n, 1)


def _distinct_codes(batches: Iterable[np.ndarray]) -> np.ndarray:
    """The sorted distinct codes of every batch, merged one batch at a time: the bands repeat most pairs,
    so the memory is that of the distinct pairs, not of every band's."""
    unique = np.empty(0, dtype=np.int64)
    for codes in batches:
        fresh = np.sort(codes)  # (np.unique hashes int64 in numpy 2.3+, many times slower than sorting here)
        fresh = fresh[np.concatenate(([True], fresh[1:] != fresh[:-1]))] if len(fresh) else fresh
        at = np.searchsorted(unique, fresh)
        known = np.zeros(len(fresh), dtype=bool)  # already in ``unique``: at its insertion point
        inside = at < len(unique)
        known[inside] = unique[at[inside]] == fresh[inside]
        unique = np.insert(unique, at[~known], fresh[~known])
    return unique


def joined_candidate_arrays(prints: Fingerprints) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (left < right, sorted) that share an LSH band or the lead hash, as the warehouse's join
    of every article on its band hashes finds them (an article without a publication time pairs with every
    article of its buckets), less the pairs of dated articles more than ``WINDOW_DAYS`` apart in whole
    minutes: ``same_story``'s time check drops those, so the verified pairs are the join's."""
    n = len(prints)
    dated, undated = np.flatnonzero(prints.dated), np.flatnonzero(~prints.dated)
    minutes = prints.micros[dated] // (60 * 10**6)

    def band_codes(band: int) -> np.ndarray:
        keys = prints.bands[:, band]
        local = _bucket_pair_codes(keys[dated], minutes, WINDOW_DAYS * 24 * 60)
        if len(undated) == 0:
            return local
        return np.concatenate((dated[local // len(dated)] * n + dated[local % len(dated)], _pair_codes_with(undated, keys)))

    unique = _distinct_codes(band_codes(band) for band in range(prints.bands.shape[1]))
    return unique // max(n, 1), unique % max(n, 1)


def _pair_codes_with(members: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Pairs ``i * n + j`` (i < j) of each of ``members`` with every other index of equal key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.searchsorted(ordered, keys[members], side="left")
    counts = np.searchsorted(ordered, keys[members], side="right") - starts
    firsts = np.repeat(members, counts)
    seconds = order[np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))]
    apart = firsts != seconds
    firsts, seconds = firsts[apart], seconds[apart]
    codes: np.ndarray = np.minimum(firsts, seconds) * len(keys) + np.maximum(firsts, seconds)
    return codes


def candidate_pairs(prints: Sequence[Fingerprint] | Fingerprints) -> set[tuple[int, int]]:
    """Index pairs that share an LSH band and were published within ``WINDOW_DAYS`` of each other
    (the nightly clustering sorts the stored band hashes the same way, leaving the time to ``same_story``)."""
    left, right = candidate_arrays(prints if isinstance(prints, Fingerprints) else Fingerprints.of(prints))
    return set(zip(left.tolist(), right.tolist()))


def canonical_key(item: Fingerprint) -> tuple[bool, datetime, str]:
    """Earliest publication first (the originating outlet); ties by article id."""
    return _canonical_key(item.published_at, item.article_id)


def _canonical_key(published_at: datetime | None, article_id: str) -> tuple[bool, datetime, str]:
    return (published_at is None, published_at or datetime.max, article_id)


def cluster_ids(
    article_ids: Sequence[str], published_at: Sequence[datetime | None], edges: Iterable[tuple[int, int]]
) -> list[str]:
    """Each article's cluster id: the article id of its component's canonical member."""
    parent = list(range(len(article_ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[root(i)] = root(j)
    best: dict[int, int] = {}
    for i in range(len(article_ids)):
        r = root(i)
        if r not in best or _canonical_key(published_at[i], article_ids[i]) < _canonical_key(
            published_at[best[r]], article_ids[best[r]]
        ):
            best[r] = i
    return [article_ids[best[root(i)]] for i in range(len(article_ids))]


def components(prints: Sequence[Fingerprint], edges: Iterable[tuple[int, int]]) -> list[str]:
    """Each fingerprint's cluster id: the article id of its component's canonical member."""
    return cluster_ids([p.article_id for p in prints], [p.published_at for p in prints], edges)


def cluster_fingerprints(prints: Sequence[Fingerprint] | Fingerprints) -> list[str]:
    columns = prints if isinstance(prints, Fingerprints) else Fingerprints.of(prints)
    left, right = candidate_arrays(columns)
    same = same_story_mask(columns, left, right)
    return cluster_ids(columns.article_ids, columns.published_at, zip(left[same].tolist(), right[same].tolist()))


def assign_clusters(records: list[dict[str, Any]]) -> list[str]:
    """Cluster id of each record (``article_id``, ``source``, ``title``, ``body``, ``published_at``), in order."""
    prints = fingerprints(
        ((r["article_id"], r["body"], r.get("published_at"), r.get("event_date")) for r in records), read_event_days=False
    )
    return cluster_fingerprints(prints)
