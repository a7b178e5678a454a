"""Re-extraction: the nights' articles rebuilt from their stored raw pages (after a parser fix), without fetching.

The nightly steps, on stored pages: ``extract_night`` (HTML to article rows: most of the work) runs in a
pool of processes, one night per task; as each night's extraction ends, in night order, this process
runs its ``deduplicate_night`` and ``publish_articles`` (they replace partitions of the neighbouring
nights too, so one night at a time), while the pool goes on extracting the later nights. The tables are
what the nightly runs write for the same pages, because they are the same functions; only
``source_health`` is left as the crawl wrote it.
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


def _extract(night: date, root: str) -> int:
    """A pool task: extract one night into staging; the number of article rows."""
    from pipeline.articles import extract_night

    counts = extract_night(night, Path(root))
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
    from pipeline.clusters import deduplicate_night
    from pipeline.publish import publish_articles

    nights = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    pages = {night: count for night in nights if (count := stored_pages(root, night))}
    workers = max(1, workers or os.cpu_count() or 1)
    started = time.perf_counter()
    done: list[NightDone] = []
    with _steps_environment(root), ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        # Submitted in night order; each is published as soon as it and the nights before it are extracted.
        pending: list[tuple[date, Future[int]]] = [(night, pool.submit(_extract, night, str(root))) for night in pages]
        for night, future in pending:
            future.result()  # an extraction error stops here, naming the night in its traceback
            deduplicate_night(night)
            articles, _ = publish_articles(night, root)
            done.append(NightDone(night, pages[night], len(articles)))
            if on_night is not None:
                on_night(done[-1])
    return Reextracted(done, time.perf_counter() - started, workers)
