"""Adding one night of 1,000 new articles to warehouses of 100,000 and 1,000,000 articles.

Clustering a night reads only the fingerprints of the nights around it (``pipeline.clusters``), so
its cost should depend on how many articles a night has, not on how long the history is. This
builds two warehouses with the same nightly volume (1,000 articles a night) and different
histories (100 and 1,000 nights), then clusters one new night of 1,000 generated articles on each,
in a fresh process, and prints the time and the peak memory of each run.

    .venv/bin/python benchmarks/dedup_incremental.py [--sizes 100000 1000000] [--workdir /tmp/bantin-bench]

Background fingerprints are synthetic (random MinHash values, as unrelated articles have); the new
night's articles are real-looking generated text, fingerprinted as the pipeline does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from transforms.dates import VIETNAM  # noqa: E402
from transforms.dedup import BANDS, NUM_PERM  # noqa: E402
from warehouse.schemas import ARTICLE_SIGNATURES  # noqa: E402
from warehouse.storage import write_partition  # noqa: E402

PER_NIGHT = 1000
NEW_NIGHT = date(2028, 1, 1)


def synthetic_night(day: date, count: int, rng: np.random.Generator) -> pa.Table:
    signatures = rng.integers(0, 2**32, size=(count, NUM_PERM), dtype=np.uint64).astype(np.uint32)
    bands = rng.integers(0, 2**62, size=(count, BANDS + 1), dtype=np.int64)  # + the lead hash
    published = [
        datetime.combine(day, datetime.min.time(), VIETNAM) + timedelta(seconds=int(s)) for s in rng.integers(0, 86400, count)
    ]
    return pa.table(
        {
            "article_id": [f"{day:%Y%m%d}{n:06d}" for n in range(count)],
            "source": ["cand"] * count,
            "published_at": published,
            "event_date": [day] * count,
            "signature": list(signatures),
            "shingle_count": [300] * count,
            "bands": list(bands),
            "entities": [[f"xã {n % 977}", str(n % 311)] for n in range(count)],
            "lead_entities": [[f"xã {n % 977}"] for n in range(count)],
            "crawl_date": [day] * count,
        },
        schema=ARTICLE_SIGNATURES,
    )


def build_history(root: Path, articles: int) -> None:
    """Nights before NEW_NIGHT, PER_NIGHT articles each, until ``articles`` are stored (idempotent)."""
    marker = root / f".built-{articles}"
    if marker.exists():
        return
    rng = np.random.default_rng(articles)
    nights = articles // PER_NIGHT
    started = time.perf_counter()
    for n in range(nights, 0, -1):
        day = NEW_NIGHT - timedelta(days=n)
        write_partition(synthetic_night(day, PER_NIGHT, rng), root, "article_signatures", day)
    marker.touch()
    print(f"  built {articles:,} fingerprints over {nights} nights in {time.perf_counter() - started:.0f} s", flush=True)


def new_night_articles(count: int) -> list[dict]:
    from benchmarks.dedup_corpus import generate

    documents = generate(stories=count, seed=7)[:count]
    rows = []
    for n, document in enumerate(documents):
        published = datetime.fromisoformat(document["published_at"]).astimezone(VIETNAM)
        published = datetime.combine(NEW_NIGHT, published.timetz())
        rows.append({"article_id": f"new{n:06d}", "source": document["source"], "title": document["title"], "lead": "",
                     "body": document["body"], "published_at": published, "event_date": None, "crawl_date": NEW_NIGHT})  # fmt: skip
    return rows


def measure(root: Path) -> dict:
    """Fingerprint and cluster the new night against ``root``; time it and report peak memory."""
    from pipeline.clusters import cluster_around, signature_rows

    articles = new_night_articles(PER_NIGHT)
    started = time.perf_counter()
    tonight = signature_rows(articles)
    fingerprinted = time.perf_counter()
    clusters = cluster_around(NEW_NIGHT, tonight, root)
    finished = time.perf_counter()
    return {
        "fingerprint_s": fingerprinted - started,
        "cluster_s": finished - fingerprinted,
        "total_s": finished - started,
        "nights_rewritten": len(clusters),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-bench/incremental"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one measurement per process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    results = []
    for size in args.sizes:
        root = args.workdir / f"warehouse-{size}"
        print(f"warehouse of {size:,} articles at {root}", flush=True)
        build_history(root, size)
        run = subprocess.run([sys.executable, __file__, "--measure", str(root)], capture_output=True, text=True,
                             check=True, env=os.environ | {"PYTHONPATH": str(PROJECT_DIR)})  # fmt: skip
        results.append((size, json.loads(run.stdout.strip().splitlines()[-1])))
    print()
    print(f"{'warehouse':>12} {'new docs':>8} {'fingerprint s':>13} {'cluster s':>9} {'total s':>8} {'peak MiB':>9}")
    for size, r in results:
        print(
            f"{size:>12,} {PER_NIGHT:>8,} {r['fingerprint_s']:>13.2f} {r['cluster_s']:>9.2f} {r['total_s']:>8.2f} {r['peak_rss_mib']:>9.0f}"
        )
    if len(results) > 1:
        print(f"\ntime ratio largest/smallest warehouse: {results[-1][1]['total_s'] / results[0][1]['total_s']:.2f}")


if __name__ == "__main__":
    main()
