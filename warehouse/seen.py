"""The seen-URL index: for each article URL a source already stores, the night that stores it.

Built from the warehouse itself (``raw_pages`` rows fetched with status 200, and ``articles``), so
any machine that can read the warehouse gets the same index; nothing about past crawls lives on a
worker. The index of one source is a sorted array of 64-bit URL hashes with the night of each,
saved as one ``.npy`` file (16 bytes a URL) in a local cache folder and memory-mapped for lookups (binary search).
It is rebuilt when the warehouse files it was built from have changed (their paths, sizes and
modification times are its fingerprint), so a stale index is never used, and when the cached file is
not a valid index (empty after a power cut, cut short, garbage): it is only a cache of the warehouse.
It is written by a temporary file, fsynced, renamed and the folder fsynced, under a lock of its
source in the cache folder (whose holder also removes the temporaries of builders that died).

A warehouse file the index cannot read (truncated, damaged) is moved to the quarantine
(``warehouse.quarantine``) with a warning naming it, and the index is built from the other files: one
bad file never stops a source's crawl.

Two different URLs share a 64-bit hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million URLs of
one source); the cost of such a collision is one article not fetched, and the spider only skips a
URL whose night differs from tonight's, so a re-run of a night always re-reads its own pages.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from filelock import FileLock

from warehouse.quarantine import quarantine_file
from warehouse.storage import PART_FILE, ObjectRoot, Root, checkpoint, fsync_directory, staging_root, warehouse_root

log = logging.getLogger(__name__)

SEEN_DIR_ENV = "BANTIN_SEEN_INDEX_DIR"
EPOCH = date(1970, 1, 1)
BUILD_LOCK_TIMEOUT_S = 600.0
BATCH_ROWS = 65_536  # rows read at a time while building an index
# The columns the index reads from each table (a damaged file is found by reading just these).
RAW_COLUMNS = ["url", "crawl_date", "http_status"]
ARTICLE_COLUMNS = ["url", "crawl_date", "source"]


def url_hash(url: str) -> int:
    """A stable 64-bit hash of a URL (the same on every machine and Python version)."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "little")


def build_entries(urls: Iterable[str], nights: Iterable[date]) -> np.ndarray:
    """The index of ``urls`` stored under ``nights`` (see :func:`entries_of`)."""
    hashes = np.fromiter((url_hash(url) for url in urls), dtype=np.uint64)
    days = np.fromiter(((night - EPOCH).days for night in nights), dtype=np.int64, count=len(hashes))
    return entries_of(hashes, days)


def entries_of(hashes: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The index as one uint64 array: the sorted distinct URL hashes, then each one's night (days since
    1970-01-01; a URL stored under several nights keeps its earliest). Both halves are contiguous, so a
    memory-mapped file is searched in place."""
    order = np.lexsort((days, hashes))
    hashes, days = hashes[order], days[order]
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = hashes[1:] != hashes[:-1]
    return np.concatenate([hashes[first], days[first].astype(np.uint64)])


@dataclass(frozen=True)
class SeenIndex:
    """Which night stores a URL (``None``: not stored)."""

    entries: np.ndarray  # see build_entries

    @property
    def hashes(self) -> np.ndarray:
        return self.entries[: len(self)]

    @property
    def nights(self) -> np.ndarray:
        return self.entries[len(self) :]

    def __len__(self) -> int:
        return len(self.entries) // 2

    def night_of(self, url: str) -> date | None:
        key = np.uint64(url_hash(url))
        hashes = self.hashes
        at = int(np.searchsorted(hashes, key))
        if at < len(hashes) and hashes[at] == key:
            return EPOCH + timedelta(days=int(self.nights[at]))
        return None


def _filesystem(root: Root) -> tuple[pafs.FileSystem, str]:
    if isinstance(root, ObjectRoot):
        return root.filesystem()
    return pafs.LocalFileSystem(), str(Path(root).resolve())


def source_files(root: Root, source: str) -> tuple[pafs.FileSystem, list[pafs.FileInfo], list[pafs.FileInfo]]:
    """The file system and the files the index of ``source`` is built from: its raw_pages, all articles."""
    fs, base = _filesystem(root)

    def listing(table: str) -> list[pafs.FileInfo]:
        found = fs.get_file_info(pafs.FileSelector(f"{base}/{table}", recursive=True, allow_not_found=True))
        return sorted(
            (info for info in found if info.type == pafs.FileType.File and info.base_name == PART_FILE), key=lambda i: i.path
        )

    raw = [info for info in listing("raw_pages") if f"/source={source}/" in info.path]
    return fs, raw, listing("articles")


def fingerprint(raw: list[pafs.FileInfo], articles: list[pafs.FileInfo]) -> str:
    digest = hashlib.sha256()
    for info in [*raw, *articles]:
        digest.update(f"{info.path}\0{info.size}\0{info.mtime_ns}\n".encode())
    return digest.hexdigest()


def stored_entries(fs: pafs.FileSystem, raw: list[pafs.FileInfo], articles: list[pafs.FileInfo], source: str) -> np.ndarray:
    """The index of every usable stored page and article of ``source``, read one file and one batch at
    a time: memory grows with this source's URLs (16 bytes each), not with the warehouse's files."""
    hashes, days = [np.empty(0, np.uint64)], [np.empty(0, np.int64)]
    for files, column, wanted in ((raw, "http_status", 200), (articles, "source", source)):
        for info in files:
            with fs.open_input_file(info.path) as stream:
                for batch in _matching_batches(pq.ParquetFile(stream), column, wanted):
                    hashes.append(np.fromiter((url_hash(url) for url in batch["url"].to_pylist()), np.uint64, batch.num_rows))
                    days.append(batch["crawl_date"].cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64))
            pa.default_memory_pool().release_unused()  # the allocator keeps freed pages: give each file's back
    return entries_of(np.concatenate(hashes), np.concatenate(days))


def _matching_batches(file: pq.ParquetFile, column: str, wanted: object) -> Iterator[pa.RecordBatch]:
    """The (url, crawl_date) rows of ``file`` whose ``column`` equals ``wanted``; row groups whose
    statistics exclude it are not read (the compacted files are sorted by source)."""
    position = file.schema_arrow.get_field_index(column)
    for group in range(file.num_row_groups):
        statistics = file.metadata.row_group(group).column(position).statistics
        if statistics is not None and statistics.has_min_max and not statistics.min <= wanted <= statistics.max:
            continue
        for batch in file.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], columns=["url", "crawl_date", column]):
            yield batch.filter(pc.equal(batch[column], wanted))


def unreadable_files(fs: pafs.FileSystem, raw: list[pafs.FileInfo], articles: list[pafs.FileInfo]) -> dict[str, str]:
    """The files among ``raw`` and ``articles`` whose index columns cannot be read, with why."""
    bad = {}
    for files, columns in ((raw, RAW_COLUMNS), (articles, ARTICLE_COLUMNS)):
        for info in files:
            try:
                pq.read_table(info.path, columns=columns, filesystem=fs)
            except (OSError, ValueError, pa.ArrowException) as error:
                bad[info.path] = f"{type(error).__name__}: {error}"
    return bad


def set_aside(root: Root, bad: dict[str, str], source: str) -> None:
    """Quarantine the unreadable files of a local warehouse (object storage: leave them), logging each path."""
    for path, reason in bad.items():
        moved = None if isinstance(root, ObjectRoot) else quarantine_file(Path(root), Path(path), reason)
        where = f"moved to {moved.moved_to}" if moved else "left in place, skipped"
        log.warning("seen-URL index of %s: warehouse file %s is unreadable (%s); %s", source, path, reason, where)


def cache_dir() -> Path:
    return Path(os.environ.get(SEEN_DIR_ENV) or staging_root() / "seen-index")


def cached_index(data: Path) -> SeenIndex | None:
    """The index cached in ``data``, or None when there is none or it is not a valid index (0 bytes after a
    power cut, cut short, another dtype, an odd length, unsorted hashes)."""
    try:
        entries = np.load(data, mmap_mode="r", allow_pickle=False)
    except FileNotFoundError:
        return None
    except (ValueError, OSError, EOFError) as error:
        log.warning(
            "seen-URL index %s is unreadable (%s: %s); rebuilding it from the warehouse", data, type(error).__name__, error
        )
        return None
    hashes = entries[: len(entries) // 2]
    if entries.dtype != np.uint64 or entries.ndim != 1 or len(entries) % 2 or bool(np.any(hashes[1:] <= hashes[:-1])):
        log.warning("seen-URL index %s is not a valid index (%s, %s entries); rebuilding it", data, entries.dtype, entries.shape)
        return None
    return SeenIndex(entries)


def load_seen_index(source: str, root: Root | None = None, cache: Path | None = None) -> SeenIndex:
    """The index of ``source``: the cached file when it matches the warehouse, else rebuilt and cached."""
    root = root or warehouse_root()
    folder = cache or cache_dir()
    # The file is named after the warehouse and the fingerprint of the files it was built from, so a
    # stale or foreign index is never opened.
    prefix = f"{source}-{hashlib.sha256(str(root).encode()).hexdigest()[:12]}-"
    fs, raw, articles = source_files(root, source)
    cached = cached_index(folder / f"{prefix}{fingerprint(raw, articles)[:20]}.npy")
    if cached is not None:
        return cached
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(folder / f".{prefix}lock", timeout=BUILD_LOCK_TIMEOUT_S):  # one builder of this index at a time
        for leftover in folder.glob(f".{prefix}*.tmp.npy"):
            leftover.unlink(missing_ok=True)  # a builder killed before its rename (we hold the lock)
        fs, raw, articles = source_files(root, source)
        data = folder / f"{prefix}{fingerprint(raw, articles)[:20]}.npy"
        cached = cached_index(data)  # another builder may have just written it
        if cached is not None:
            return cached
        try:
            entries = stored_entries(fs, raw, articles, source)
        except (OSError, ValueError, pa.ArrowException):
            bad = unreadable_files(fs, raw, articles)
            if not bad:
                raise
            set_aside(root, bad, source)
            fs, raw, articles = source_files(root, source)  # quarantined files are gone
            raw, articles = [i for i in raw if i.path not in bad], [i for i in articles if i.path not in bad]
            data = folder / f"{prefix}{fingerprint(raw, articles)[:20]}.npy"
            entries = stored_entries(fs, raw, articles, source)
        save_index(entries, data)
        for old in folder.glob(f"{prefix}*.npy"):
            if old != data:
                old.unlink(missing_ok=True)
    return SeenIndex(entries)


def save_index(entries: np.ndarray, data: Path) -> None:
    """Write the index whole or not at all: a temporary file, fsynced, renamed, the folder fsynced (a
    rename without them can leave a 0-byte file after a power cut)."""
    data.parent.mkdir(parents=True, exist_ok=True)
    temporary = data.with_name(f".{data.stem}.{uuid.uuid4().hex}.tmp.npy")
    try:
        with open(temporary, "wb") as out:
            np.save(out, entries)
            out.flush()
            checkpoint(f"seen index {data.stem}: temporary file written")
            os.fsync(out.fileno())
        checkpoint(f"seen index {data.stem}: temporary file fsynced")
        os.replace(temporary, data)
        checkpoint(f"seen index {data.stem}: renamed into place")
        fsync_directory(data.parent)
    finally:
        temporary.unlink(missing_ok=True)
