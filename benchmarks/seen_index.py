"""The seen-URL index of one source with a million stored article URLs: build, reload, lookups, size.

Writes a warehouse of ``--urls`` raw pages of one source (1,000 a night, real ``raw_pages`` partitions
with a short page body), then measures, each in this process:

* build: list the partitions, read ``url``/``crawl_date`` of the 200 pages, hash, sort, save (a machine
  with no index, or after the warehouse changed);
* reload: the fingerprint check and the memory-mapped open of the cached file (every crawl);
* lookups: ``night_of`` for 100,000 URLs, half stored, half not (a night's discovery does a few hundred);
* size on disk of the index file, and next to it what a Python ``set`` of the same URLs takes in memory.

    .venv/bin/python benchmarks/seen_index.py [--urls 1000000] [--workdir /tmp/bantin-seen-bench]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from warehouse.schemas import RAW_PAGES  # noqa: E402
from warehouse.seen import load_seen_index  # noqa: E402
from warehouse.storage import write_partition  # noqa: E402

SOURCE = "cand"
PER_NIGHT = 1000
FIRST_NIGHT = date(2023, 1, 1)
LOOKUPS = 100_000


def url(n: int) -> str:
    return f"https://cand.com.vn/thoi-su/bai-viet-so-{n:08d}-i{n * 7919 % 999_983}.html"


def write_warehouse(root: Path, urls: int) -> None:
    fetched = datetime(2025, 1, 1, tzinfo=UTC)
    for night_number, first in enumerate(range(0, urls, PER_NIGHT)):
        night = FIRST_NIGHT + timedelta(days=night_number)
        count = min(PER_NIGHT, urls - first)
        table = pa.table(
            {
                "url": [url(n) for n in range(first, first + count)],
                "final_url": [url(n) for n in range(first, first + count)],
                "source": [SOURCE] * count, "fetched_at": [fetched] * count, "http_status": [200] * count,
                "content_type": ["text/html; charset=utf-8"] * count, "encoding": ["utf-8"] * count, "headers": ["{}"] * count,
                "html": ["<html><body><p>Nội dung.</p></body></html>"] * count, "html_sha256": ["0" * 64] * count,
                "crawl_date": [night] * count,
            },
            schema=RAW_PAGES,
        )  # fmt: skip
        write_partition(table, root, "raw_pages", night, SOURCE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-seen-bench"))
    args = parser.parse_args()
    root, cache = args.workdir / "warehouse", args.workdir / "cache"
    if not (root / "raw_pages").exists() or sum(1 for _ in (root / "raw_pages").glob("crawl_date=*")) != -(
        -args.urls // PER_NIGHT
    ):
        shutil.rmtree(args.workdir, ignore_errors=True)
        started = time.perf_counter()
        write_warehouse(root, args.urls)
        print(
            f"warehouse: {args.urls:,} raw pages in {-(-args.urls // PER_NIGHT)} nights, written in {time.perf_counter() - started:.1f} s"
        )
    shutil.rmtree(cache, ignore_errors=True)

    started = time.perf_counter()
    index = load_seen_index(SOURCE, root, cache)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    index = load_seen_index(SOURCE, root, cache)
    reload_s = time.perf_counter() - started
    assert len(index) == args.urls

    rng = random.Random(7)
    probes = [url(rng.randrange(args.urls)) for _ in range(LOOKUPS // 2)] + [url(args.urls + n) for n in range(LOOKUPS // 2)]
    started = time.perf_counter()
    found = sum(index.night_of(probe) is not None for probe in probes)
    lookup_s = time.perf_counter() - started
    assert found == LOOKUPS // 2

    size = sum(path.stat().st_size for path in cache.glob("*.npy"))
    urls = {url(n) for n in range(args.urls)}
    set_bytes = sys.getsizeof(urls) + sum(sys.getsizeof(u) for u in urls)
    print(f"index of {args.urls:,} URLs")
    print(f"  build from the warehouse: {build_s:.2f} s")
    print(f"  reload (fingerprint + mmap): {reload_s * 1000:.1f} ms")
    print(f"  lookups: {LOOKUPS:,} in {lookup_s:.2f} s = {lookup_s / LOOKUPS * 1e6:.1f} µs each")
    print(f"  on disk: {size / 2**20:.1f} MiB ({size / args.urls:.0f} bytes per URL)")
    print(f"  a Python set of the same URLs: {set_bytes / 2**20:.0f} MiB in memory")


if __name__ == "__main__":
    main()
