"""The bare fetch the night benchmark compares against: Scrapy fetching a list of pages and nothing else.

    scrapy runspider benchmarks/bare_fetch.py -a urls=FILE -s CONCURRENT_REQUESTS=8 ...

No discovery, no parsing, no storage: every response's body is counted and dropped. The counts go
to the stats (``bare/pages``, ``bare/bytes``), which Scrapy prints at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response


class BareFetch(scrapy.Spider):
    name = "bare_fetch"

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = Path(urls).read_text(encoding="utf-8").split()

    async def start(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.count, dont_filter=True)

    def count(self, response: Response) -> Iterator[dict]:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("bare/pages")
        self.crawler.stats.inc_value("bare/bytes", len(response.body))
        return iter(())
