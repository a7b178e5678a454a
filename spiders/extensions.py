"""Writes a crawl's stats to a JSON file when it closes: the crawl is judged by these, not its exit code."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler


class CrawlStatsWriter:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("BANTIN_STATS_FILE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStatsWriter:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if not self.path:
            return
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        Path(self.path).write_text(json.dumps(stats, default=_plain, indent=1, sort_keys=True), encoding="utf-8")


def _plain(value: object) -> str:
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)
