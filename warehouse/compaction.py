"""Compaction: fold old nights of the analysts' tables into one file per month.

Every night writes one file per table (``<table>/crawl_date=<day>/part-0.parquet``). After a few years
that is more than a thousand small files per table, and every query pays for opening each of them.
``compact()`` folds the nights before a cut-off date into ``<table>/crawl_month=<YYYY-MM>/part-0.parquet``:

* it holds the locks (``warehouse.locks``) of the month and of every night it folds, from reading the
  nightly files to deleting them, so a publish of one of those nights (a re-run, a backfill) waits,
  then writes a nightly file that the next compaction folds: a re-run is never lost;
* the month's rows (its earlier monthly file, if any, and every nightly file of the month before the
  cut-off) are sorted by :data:`SORT_KEYS` and written with row groups of :data:`ROW_GROUP_ROWS` rows,
  zstd and statistics, to a temporary file beside the final name, fsynced and moved into place with
  ``os.replace`` (``warehouse.storage.replace_file``, as every partition write);
* only then are the nightly files it folded in deleted, each only if it is still the file that was
  read (size, modification time and inode: a changed file stays and wins over the month). While any
  reading session is alive (its list of files may name them; ``warehouse.locks.oldest_reader_start``,
  checked under the exclusive ``listing_lock`` so that no session lists files in between), the
  deletions wait in ``<warehouse>/.locks/pending-deletes.jsonl``; the next compaction or publish, or
  :func:`collect_garbage`, completes them once no session lives, re-checking each file under its
  partition's lock (a night published again since keeps its file).

A nightly file always wins over the monthly file's rows of the same night: ``warehouse.views`` drops
the monthly rows of every night that also has a nightly file. So a backfill or a re-run of a night
that was already compacted (which writes a nightly file again) is seen at once and exactly, a reader
that opens the warehouse between the rename and the deletions sees each night once, and the next
compaction folds the new nightly file in.

Only ``articles``, ``article_clusters`` and ``source_health`` are compacted: the pipeline reads
``raw_pages`` and ``article_signatures`` of earlier nights back by their nightly paths
(re-extraction, clustering), so those keep one file per night.

``bantin compact --keep-days 7`` (or ``python -m warehouse.compaction``) compacts every night older than a week.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import time
import uuid
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.locks import LOCK_DIR, listing_lock, oldest_reader_start, partition_lock, partition_locks
from warehouse.schemas import TABLES
from warehouse.storage import (
    PART_FILE,
    Root,
    checkpoint,
    conform,
    local_root,
    partition_key,
    remove_temporaries,
    replace_file,
    warehouse_root,
)
from warehouse.upgrade import read_upgraded

COMPACTED_TABLES = ("articles", "article_clusters", "source_health")
NIGHT_PREFIX = "crawl_date="
MONTH_PREFIX = "crawl_month="
# Sorted so that a source filter and a date filter each skip most row groups (their min/max statistics):
# articles by source then night (then as the night's file is sorted), the others by night.
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["source", "crawl_date", "published_at", "url"],
    "article_clusters": ["crawl_date", "article_id"],
    "source_health": ["crawl_date", "source"],
}
# Two to three weeks of a large outlet's articles per row group (a few MB of zstd text): small enough to
# prune by source and date inside a month, large enough to read efficiently.
ROW_GROUP_ROWS: dict[str, int] = {"articles": 4096, "article_clusters": 131072, "source_health": 131072}
PENDING_FILE = "pending-deletes.jsonl"  # under <warehouse>/.locks/
PENDING_KEY = "pending-deletes"  # its lock: always taken last and held briefly (never wait for a partition under it)


@dataclass(frozen=True)
class CompactionResult:
    nights: int  # nightly files folded into monthly files (all tables)
    months: int  # monthly files written (all tables)
    seconds: float


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def nightly_files(root: Path, table: str, only: Collection[date] | None = None) -> dict[date, list[Path]]:
    """The nightly files of ``table`` by night (several per night for tables partitioned by source), of
    every night or of the nights ``only``. A night folded and removed while it is listed (by a compaction
    of another month) is left out."""
    found: dict[date, list[Path]] = {}
    directory = root / table
    if not directory.exists():
        return found
    night_dirs = directory.glob(f"{NIGHT_PREFIX}*") if only is None else (directory / f"{NIGHT_PREFIX}{d}" for d in only)
    for night_dir in night_dirs:
        try:
            files = sorted(night_dir.rglob(PART_FILE))
        except FileNotFoundError:
            continue
        if files:
            found[date.fromisoformat(night_dir.name.removeprefix(NIGHT_PREFIX))] = files
    return dict(sorted(found.items()))


def monthly_files(root: Path, table: str) -> dict[str, Path]:
    """The monthly (compacted) file of ``table`` by month, ``"2025-08"``."""
    directory = root / table
    if not directory.exists():
        return {}
    files = {path.parent.name.removeprefix(MONTH_PREFIX): path for path in directory.glob(f"{MONTH_PREFIX}*/{PART_FILE}")}
    return dict(sorted(files.items()))


def month_key(name: str, month: str) -> str:
    """The lock key of a monthly partition, e.g. ``articles/crawl_month=2025-09``."""
    return f"{name}/{MONTH_PREFIX}{month}"


@dataclass(frozen=True)
class Fingerprint:
    """What identifies one version of a file: a rename of a new version changes the inode, a rewrite the rest."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint | None:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass(frozen=True)
class PendingDelete:
    """A folded nightly file whose deletion waits for older reading sessions to end."""

    path: str  # relative to the warehouse
    size: int
    mtime_ns: int
    inode: int
    folded_at: int  # ns since the epoch, when the month was written

    @property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint(self.size, self.mtime_ns, self.inode)


def write_month(table: pa.Table, root: Path, name: str, month: str) -> Path:
    """Atomically replace the monthly file of ``name`` for ``month`` with ``table`` (sorted, sized row
    groups), under the month's lock."""
    ordered = conform(table, TABLES[name]).sort_by([(key, "ascending") for key in SORT_KEYS[name]])
    sink = pa.BufferOutputStream()
    pq.write_table(ordered, sink, compression="zstd", write_statistics=True, row_group_size=ROW_GROUP_ROWS[name])
    with partition_lock(root, month_key(name, month)):
        return replace_file(root / name / f"{MONTH_PREFIX}{month}", sink.getvalue(), f"{name}/{month}")


def compact_month(root: Path, name: str, month: str, nights: dict[date, list[Path]]) -> int:
    """Fold ``nights`` (nightly files of ``month``) into the month's file; return how many nights were folded."""
    where = f"{name}/{month}"
    with partition_locks(root, [month_key(name, month), *(partition_key(name, night) for night in nights)]):
        # Listed again under the locks: another compaction may have folded some of these nights meanwhile.
        current = nightly_files(root, name, only=list(nights))
        if not current:
            return 0
        read = {path: Fingerprint.of(path) for files in current.values() for path in files}
        parts = [read_upgraded(root, path, name) for path in read]
        existing = monthly_files(root, name).get(month)
        if existing is not None:
            old = read_upgraded(root, existing, name)
            newer = pa.array(list(current), type=pa.date32())
            parts.insert(0, old.filter(pc.invert(pc.is_in(old["crawl_date"], value_set=newer))))  # a nightly file wins
        checkpoint(f"{where}: nightly files read")
        write_month(pa.concat_tables(parts), root, name, month)
        folded_at = time.time_ns()
        with listing_lock(root, exclusive=True):
            # Any live session may have listed these files (they existed until now): it keeps them.
            if oldest_reader_start(root) is not None:
                pending = [PendingDelete(path.relative_to(root).as_posix(), fp.size, fp.mtime_ns, fp.inode, folded_at)
                           for path, fp in read.items() if fp is not None]  # fmt: skip
                record_pending_deletes(root, pending)
                checkpoint(f"{where}: deletions deferred")
            else:
                for path, fp in read.items():
                    delete_if_unchanged(root, path, fp)
                    checkpoint(f"{path.relative_to(root).parent}: nightly file deleted")
    return len(current)


def delete_if_unchanged(root: Path, path: Path, read: Fingerprint | None) -> bool:
    """Delete the folded nightly file ``path`` if it is still the version that was read (the caller holds
    its partition's lock), with the temporaries of dead writers and the folders left empty."""
    if read is None or Fingerprint.of(path) != read:
        return False
    path.unlink()
    remove_temporaries(path.parent)
    table_dir = root / path.relative_to(root).parts[0]
    folder = path.parent
    while folder != table_dir:
        try:
            folder.rmdir()
        except OSError:  # not empty
            break
        folder = folder.parent
    return True


def _pending_path(root: Path) -> Path:
    return Path(root) / LOCK_DIR / PENDING_FILE


def record_pending_deletes(root: Path, entries: list[PendingDelete]) -> None:
    path = _pending_path(root)
    with partition_lock(root, PENDING_KEY):
        with open(path, "a", encoding="utf-8") as out:
            out.writelines(json.dumps(asdict(entry)) + "\n" for entry in entries)
            out.flush()
            os.fsync(out.fileno())


def pending_deletes(root: Path) -> list[PendingDelete]:
    """The deletions waiting for older readers, oldest first (a line cut by a crash is skipped)."""
    path = _pending_path(root)
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(PendingDelete(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return entries


def collect_garbage(root: Path) -> int:
    """Complete the deferred deletions whose older readers have ended; returns how many files were deleted.
    Each file is deleted under its partition's lock and only if it is still the version that was folded."""
    root = Path(root)
    if not _pending_path(root).exists():
        return 0
    with partition_lock(root, PENDING_KEY):
        entries = pending_deletes(root)
    settled, deleted = [], 0
    keys = [(root / entry.path).parent.relative_to(root).as_posix() for entry in entries]
    with partition_locks(root, keys), listing_lock(root, exclusive=True):
        if oldest_reader_start(root) is not None:
            return 0  # a live session may have listed them (they still exist): it keeps them
        for entry in entries:
            path = root / entry.path
            deleted += delete_if_unchanged(root, path, entry.fingerprint)
            checkpoint(f"{path.relative_to(root).parent}: deferred deletion settled")
            settled.append(entry)
    if settled:
        _forget_pending(root, settled)
    return deleted


def _forget_pending(root: Path, settled: list[PendingDelete]) -> None:
    """Rewrite the pending list without ``settled`` (entries added meanwhile stay), atomically."""
    path = _pending_path(root)
    with partition_lock(root, PENDING_KEY):
        for leftover in path.parent.glob(f"{PENDING_FILE}.*.tmp"):
            leftover.unlink(missing_ok=True)  # a writer killed mid-rewrite (we hold the lock)
        keep = [entry for entry in pending_deletes(root) if entry not in settled]
        if not keep:
            path.unlink(missing_ok=True)
            return
        temporary = path.with_name(f"{PENDING_FILE}.{uuid.uuid4().hex}.tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(asdict(entry)) + "\n" for entry in keep)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)


def _compact_one(job: tuple[Path, str, str, dict[date, list[Path]]]) -> int:
    return compact_month(*job)


def compact(root: Root | None = None, older_than: date | None = None, tables: tuple[str, ...] = COMPACTED_TABLES,
            workers: int = 1) -> CompactionResult:  # fmt: skip
    """Fold every night before ``older_than`` (default: 7 days before the newest night) into monthly files."""
    root = local_root(root or warehouse_root(), "compaction")
    started = time.perf_counter()
    collect_garbage(root)  # deletions an earlier compaction left for sessions that have ended since
    jobs = []
    for name in tables:
        if name not in COMPACTED_TABLES:
            raise ValueError(f"{name} is read back by the pipeline night by night and is never compacted")
        nights = nightly_files(root, name)
        if not nights:
            continue
        cut = older_than or max(nights) - timedelta(days=7)
        by_month: dict[str, dict[date, list[Path]]] = {}
        for night, files in nights.items():
            if night < cut:
                by_month.setdefault(month_of(night), {})[night] = files
        jobs += [(root, name, month, month_nights) for month, month_nights in by_month.items()]
    if workers > 1 and len(jobs) > 1:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            folded = sum(pool.imap_unordered(_compact_one, jobs))
    else:
        folded = sum(_compact_one(job) for job in jobs)
    return CompactionResult(nights=folded, months=len(jobs), seconds=time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Fold old nights of articles, article_clusters and source_health into monthly files."
    )
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse directory (default: $BANTIN_WAREHOUSE)")
    parser.add_argument(
        "--keep-days", type=int, default=7, help="nights newer than this many days before the newest night stay nightly"
    )
    parser.add_argument("--before", type=date.fromisoformat, default=None, help="compact nights before this day instead")
    args = parser.parse_args(argv)
    root = local_root(args.warehouse or warehouse_root(), "compaction")
    newest = max((max(nightly_files(root, t), default=date.min) for t in COMPACTED_TABLES), default=date.min)
    cut = args.before or (newest - timedelta(days=args.keep_days) if newest != date.min else date.min)
    result = compact(root, cut)
    print(
        f"folded {result.nights} nightly files into {result.months} monthly files (nights before {cut}) in {result.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
