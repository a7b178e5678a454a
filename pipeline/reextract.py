"""Re-extraction: the nights' articles rebuilt from their stored raw pages (after a parser fix), without fetching.

The nightly steps, on stored pages. Each night's extraction (HTML to article rows), fingerprints and
facts run in a pool of processes, one night per task. Then, in blocks of ``BLOCK_NIGHTS`` consecutive
nights, this process derives the copy clusters, events and threads around the block at once
(``pipeline.clusters.derive_nights``: each pair of articles is compared once per block, not once per
night of the windows it falls in) and publishes the block's nights, while the pool goes on with later
nights. The nightly run is the same with a block of one night; every night's rows depend only on the
nights around it, so the tables are what the nightly runs wrote for the same pages (a test compares
them). ``source_health`` is left as the crawl wrote it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.night import RUN_ID_ENV
from warehouse.storage import PART_FILE, WAREHOUSE_ENV, partition_dir


@dataclass(frozen=True)
class NightDone:
    night: date
    pages: int
    articles: int


@dataclass(frozen=True)
class Reextracted:
    nights: list[NightDone]
    seconds: float
    workers: int

    @property
    def pages(self) -> int:
        return sum(n.pages for n in self.nights)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def stored_pages(root: Path, night: date) -> int:
    """How many raw pages ``night`` stores (from the files' footers: nothing is decoded)."""
    folder = partition_dir(root, "raw_pages", night)
    return sum(pq.ParquetFile(path).metadata.num_rows for path in sorted(Path(folder).rglob(PART_FILE)))


BLOCK_NIGHTS = 14


def _extract(night: date, root: str) -> int:
    """A pool task: extract one night into staging, with its fingerprints and facts; the number of article rows."""
    from pipeline.articles import extract_night, extracted_articles
    from pipeline.clusters import stage_signatures
    from pipeline.events import stage_facts

    counts = extract_night(night, Path(root))
    articles = extracted_articles(night)  # read back once, as the steps read it
    stage_signatures(night, articles)
    stage_facts(night, articles)
    return sum(tally.articles_parsed for tally in counts.values())


@contextmanager
def _steps_environment(root: Path) -> Iterator[None]:
    """The steps find the warehouse and their own staging folder through the environment, as in a task."""
    saved = {name: os.environ.get(name) for name in (WAREHOUSE_ENV, RUN_ID_ENV)}
    os.environ[WAREHOUSE_ENV] = str(root)
    os.environ[RUN_ID_ENV] = f"reextract-{uuid.uuid4().hex[:8]}"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def reextract(
    root: Path, first: date, last: date, workers: int | None = None, on_night: Callable[[NightDone], None] | None = None
) -> Reextracted:
    """Rebuild the nights ``first``..``last`` that have raw pages from them; ``on_night`` hears of each
    night when it is published. ``workers``: extraction processes (default: one per core)."""
    from pipeline.clusters import derive_nights
    from pipeline.publish import publish_articles

    nights = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    pages = {night: count for night in nights if (count := stored_pages(root, night))}
    workers = max(1, workers or os.cpu_count() or 1)
    started = time.perf_counter()
    done: list[NightDone] = []
    with _steps_environment(root), ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        # Submitted in night order; each block is derived and published once its nights are extracted.
        futures: dict[date, Future[int]] = {night: pool.submit(_extract, night, str(root)) for night in pages}
        ordered = list(futures)
        for start in range(0, len(ordered), BLOCK_NIGHTS):
            block = ordered[start : start + BLOCK_NIGHTS]
            for night in block:
                futures[night].result()  # an extraction error stops here, naming the night in its traceback
            derive_nights(block, stage_into=block[-1])  # the block's last night publishes the clusters and events
            for night in block:
                articles, _ = publish_articles(night, root)
                done.append(NightDone(night, pages[night], len(articles)))
                if on_night is not None:
                    on_night(done[-1])
    return Reextracted(done, time.perf_counter() - started, workers)
