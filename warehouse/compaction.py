"""Compaction: fold old nights of the analysts' tables into one file per month.

Every night writes one file per table (``<table>/crawl_date=<day>/part-0.parquet``). After a few years
that is more than a thousand small files per table, and every query pays for opening each of them.
``compact()`` folds the nights before a cut-off date into ``<table>/crawl_month=<YYYY-MM>/part-0.parquet``:

* the month's rows (its earlier monthly file, if any, and every nightly file of the month before the
  cut-off) are sorted by :data:`SORT_KEYS` and written with row groups of :data:`ROW_GROUP_ROWS` rows,
  zstd and statistics, to a temporary file beside the final name, fsynced and moved into place with
  ``os.replace`` (the same atomic pattern as ``warehouse.storage.write_partition``);
* only then are the nightly files it folded in deleted.

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
import multiprocessing
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.schemas import TABLES
from warehouse.storage import PART_FILE, conform, warehouse_root
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


@dataclass(frozen=True)
class CompactionResult:
    nights: int  # nightly files folded into monthly files (all tables)
    months: int  # monthly files written (all tables)
    seconds: float


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def nightly_files(root: Path, table: str) -> dict[date, list[Path]]:
    """The nightly files of ``table`` by night (several per night for tables partitioned by source)."""
    found: dict[date, list[Path]] = {}
    directory = root / table
    if not directory.exists():
        return found
    for night_dir in directory.glob(f"{NIGHT_PREFIX}*"):
        files = sorted(night_dir.rglob(PART_FILE))
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


def write_month(table: pa.Table, root: Path, name: str, month: str) -> Path:
    """Atomically replace the monthly file of ``name`` for ``month`` with ``table`` (sorted, sized row groups)."""
    directory = root / name / f"{MONTH_PREFIX}{month}"
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / PART_FILE
    temporary = directory / f".{PART_FILE}.{uuid.uuid4().hex}.tmp"
    ordered = conform(table, TABLES[name]).sort_by([(key, "ascending") for key in SORT_KEYS[name]])
    try:
        pq.write_table(ordered, temporary, compression="zstd", write_statistics=True, row_group_size=ROW_GROUP_ROWS[name])
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    return final


def compact_month(root: Path, name: str, month: str, nights: dict[date, list[Path]]) -> int:
    """Fold ``nights`` (nightly files of ``month``) into the month's file; return how many nights were folded."""
    parts = [read_upgraded(root, path, name) for files in nights.values() for path in files]
    existing = monthly_files(root, name).get(month)
    if existing is not None:
        old = read_upgraded(root, existing, name)
        newer = pa.array(list(nights), type=pa.date32())
        parts.insert(0, old.filter(pc.invert(pc.is_in(old["crawl_date"], value_set=newer))))  # a nightly file wins
    write_month(pa.concat_tables(parts), root, name, month)
    for files in nights.values():
        night_dir = root / name / files[0].relative_to(root / name).parts[0]
        shutil.rmtree(night_dir)
    return len(nights)


def _compact_one(job: tuple[Path, str, str, dict[date, list[Path]]]) -> int:
    return compact_month(*job)


def compact(root: Path | None = None, older_than: date | None = None, tables: tuple[str, ...] = COMPACTED_TABLES,
            workers: int = 1) -> CompactionResult:  # fmt: skip
    """Fold every night before ``older_than`` (default: 7 days before the newest night) into monthly files."""
    root = root or warehouse_root()
    started = time.perf_counter()
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
    parser = argparse.ArgumentParser(description="Fold old nights of articles, article_clusters and source_health into monthly files.")
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse directory (default: $BANTIN_WAREHOUSE)")
    parser.add_argument("--keep-days", type=int, default=7, help="nights newer than this many days before the newest night stay nightly")
    parser.add_argument("--before", type=date.fromisoformat, default=None, help="compact nights before this day instead")
    args = parser.parse_args(argv)
    root = args.warehouse or warehouse_root()
    newest = max((max(nightly_files(root, t), default=date.min) for t in COMPACTED_TABLES), default=date.min)
    cut = args.before or (newest - timedelta(days=args.keep_days) if newest != date.min else date.min)
    result = compact(root, cut)
    print(f"folded {result.nights} nightly files into {result.months} monthly files (nights before {cut}) in {result.seconds:.1f} s")


if __name__ == "__main__":
    main()
