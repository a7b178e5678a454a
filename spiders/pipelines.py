"""Stores a crawl's fetched article pages as the ``raw_pages`` partition of (crawl date, source).

Every page the spider hands over is kept, whatever its status or content (an error page, an empty
page, a page no parser can read): extraction counts them, nothing is dropped silently. A page an
earlier run of the night stored and this run did not discover again (a nightly run's late find, re-run
as a backfill of its night only) stays in the partition: the night keeps every article it collected.
"""

from __future__ import annotations

from dataclasses import asdict

import pyarrow as pa
from scrapy.crawler import Crawler

from spiders.items import RawPage
from spiders.news import NewsSpider
from warehouse.schemas import RAW_PAGES
from warehouse.storage import read_partition, warehouse_root, write_partition


class RawPagesWriter:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pages: dict[str, RawPage] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RawPagesWriter:
        return cls(crawler)

    def open_spider(self) -> None:
        self.pages = {}

    def process_item(self, item: RawPage) -> RawPage:
        self.pages[item.url] = item  # a URL reached twice (e.g. via two listings) is kept once
        return item

    def close_spider(self) -> None:
        spider = self.crawler.spider
        assert isinstance(spider, NewsSpider), spider  # the one spider of this project
        stats = self.crawler.stats
        root = warehouse_root()
        discovery_failed = stats.get_value("bantin/discovery_failed", 0) > 0
        if not self.pages and discovery_failed and read_partition(root, "raw_pages", spider.crawl_date, spider.name):
            spider.logger.warning("discovery failed and nothing was fetched: keeping the stored raw pages")
            return
        kept = [RawPage(**{name: row[name] for name in RawPage.__dataclass_fields__})
                for url, row in getattr(spider, "tonight", {}).items() if url not in self.pages]  # fmt: skip
        stats.set_value("bantin/pages_kept", len(kept))
        pages = sorted([*self.pages.values(), *kept], key=lambda p: p.url)
        rows = [asdict(page) | {"crawl_date": spider.crawl_date} for page in pages]
        table = pa.Table.from_pylist(rows, schema=RAW_PAGES) if rows else RAW_PAGES.empty_table()
        path = write_partition(table, root, "raw_pages", spider.crawl_date, spider.name)
        stats.set_value("bantin/raw_pages_written", len(rows))
        spider.logger.info("wrote %d raw pages to %s", len(rows), path)
