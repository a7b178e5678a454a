"""``scrapy crawl <source>`` for tests, run as the night runs it: a fork of the crawl helper
(``pipeline.crawl_process``) with this process's environment, in the project folder (so ``scrapy.cfg``
names the settings), instead of a fresh interpreter that pays Scrapy's imports for every crawl."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pipeline.crawl_process import run_crawl

PROJECT_DIR = Path(__file__).resolve().parent.parent
TIMEOUT_S = 300


def scrapy_crawl(source: str, start: date, end: date, stats: Path) -> None:
    """Crawl ``source`` for ``start`` … ``end``, its Scrapy stats written to ``stats`` and its output beside
    them (``crawl.log``); fail with the log's end if the crawl does not exit cleanly."""
    log = stats.with_name("crawl.log")
    arguments = ["crawl", source, "-a", f"start={start}", "-a", f"end={end}", "-s", f"BANTIN_STATS_FILE={stats}"]
    ended = run_crawl(arguments, dict(os.environ), PROJECT_DIR, log, TIMEOUT_S)
    assert ended.code == 0, f"scrapy crawl {source} ended with {ended.code}:\n{log.read_text(errors='replace')[-3000:]}"
