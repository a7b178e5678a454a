"""The spider every source uses: discover the articles of a date range, fetch them, hand over raw pages.

Discovery follows the source file: a sitemap (index or news sitemap), an RSS feed, or listing pages
followed back until they reach items older than the range. Only article pages whose listed date
falls in the range are fetched. Every fetched article page is handed over whatever its status.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from sources import Source
from spiders.items import RawPage
from transforms.dates import VIETNAM, parse_date

DATED_SITEMAP = re.compile(r"(\d{4}-\d{2}-\d{2})")


class NewsSpider(scrapy.Spider):
    """Base spider; ``spiders.sites`` makes one subclass per source file."""

    source: Source

    def __init__(self, start: str, end: str | None = None, crawl_date: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_day = date.fromisoformat(start)
        self.end_day = date.fromisoformat(end) if end else self.start_day
        self.crawl_date = date.fromisoformat(crawl_date) if crawl_date else self.start_day
        if self.end_day < self.start_day:
            raise ValueError(f"end {self.end_day} is before start {self.start_day}")
        self.allowed_domains = self.source.allowed_domains
        self.seen_articles: set[str] = set()

    # --- discovery ---------------------------------------------------------------------------
    async def start(self) -> Any:
        discovery = self.source.discovery
        callback = {"sitemap": self.parse_sitemap, "rss": self.parse_rss, "listing": self.parse_listing}[discovery.kind]
        yield self.discovery_request(self.source.absolute(discovery.url), callback, page=1)

    def discovery_request(self, url: str, callback: Any, **meta: Any) -> Request:
        return Request(url, callback=callback, errback=self.discovery_failed, meta=meta | {"handle_httpstatus_all": True})

    def discovery_ok(self, response: Response) -> bool:
        if response.status != 200:
            self.crawler.stats.inc_value("bantin/discovery_failed")
            self.crawler.stats.inc_value(f"bantin/discovery_http_{response.status}")
            self.logger.error("discovery page %s answered %s", response.url, response.status)
            return False
        self.crawler.stats.inc_value("bantin/discovery_pages")
        return True

    def discovery_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("bantin/discovery_failed")
        self.logger.error("discovery request failed: %r", failure.value)

    def in_range(self, moment: datetime | date | None) -> bool:
        if moment is None:
            return False
        day = moment.astimezone(VIETNAM).date() if isinstance(moment, datetime) else moment
        return self.start_day <= day <= self.end_day

    def parse_sitemap(self, response: Response, **_: Any) -> Iterator[Request]:
        if not self.discovery_ok(response):
            return
        selector = scrapy.Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        for child in selector.xpath("//sitemap"):
            loc = child.xpath("loc/text()").get("").strip()
            dated = DATED_SITEMAP.search(loc)
            if dated is None or self.in_range(date.fromisoformat(dated.group(1))):
                yield self.discovery_request(loc, self.parse_sitemap)
        for entry in selector.xpath("//url"):
            stamp = entry.xpath("news/publication_date/text()").get() or entry.xpath("lastmod/text()").get()
            parsed = parse_date(stamp or "")
            if parsed is not None and self.in_range(parsed.value):
                yield from self.article_request(entry.xpath("loc/text()").get("").strip())

    def parse_rss(self, response: Response, **_: Any) -> Iterator[Request]:
        if not self.discovery_ok(response):
            return
        selector = scrapy.Selector(text=response.text, type="xml")
        for item in selector.xpath("//item"):
            try:
                published = parsedate_to_datetime(item.xpath("pubDate/text()").get(""))
            except (TypeError, ValueError):
                self.crawler.stats.inc_value("bantin/undated_feed_items")
                continue
            if self.in_range(published):
                yield from self.article_request(item.xpath("link/text()").get("").strip())

    def parse_listing(self, response: Response, page: int = 1, **_: Any) -> Iterator[Request]:
        if not self.discovery_ok(response):
            return
        discovery = self.source.discovery
        reached_older = False
        reference = datetime.combine(self.end_day + timedelta(days=1), datetime.min.time(), VIETNAM)
        for item in response.css(discovery.item or ""):
            link = item.css(discovery.link or "").get()
            if not link:
                continue
            parsed = parse_date(" ".join(item.css(discovery.date).getall()), reference) if discovery.date else None
            if parsed is None:
                self.crawler.stats.inc_value("bantin/undated_listing_items")
                continue
            if parsed.day < self.start_day:
                reached_older = True
            elif self.in_range(parsed.day):
                yield from self.article_request(response.urljoin(link))
        next_page = response.css(discovery.next).get() if discovery.next else None
        if next_page and not reached_older and page < discovery.max_pages:
            yield self.discovery_request(response.urljoin(next_page), self.parse_listing, page=page + 1)

    # --- articles ----------------------------------------------------------------------------
    def article_request(self, url: str) -> Iterator[Request]:
        if url and url not in self.seen_articles:
            self.seen_articles.add(url)
            self.crawler.stats.inc_value("bantin/articles_discovered")
            yield Request(url, callback=self.parse_article, errback=self.article_failed, meta={"handle_httpstatus_all": True})

    def article_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("bantin/article_fetch_failed")
        self.crawler.stats.inc_value(f"bantin/article_error/{type(failure.value).__name__}")
        self.logger.error("article request failed: %r", failure.value)

    def parse_article(self, response: Response) -> Iterator[RawPage]:
        status_kind = "ok" if response.status == 200 else f"http_{response.status}"
        self.crawler.stats.inc_value(f"bantin/article_status/{status_kind}")
        text = response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace")
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        yield RawPage(
            url=response.request.meta.get("redirect_urls", [response.url])[0],
            final_url=response.url,
            source=self.name,
            fetched_at=datetime.now(timezone.utc),  # when it was really fetched: provenance, not a derived value
            http_status=response.status,
            content_type=headers.get("Content-Type"),
            encoding=getattr(response, "encoding", None),
            headers=json.dumps(headers, ensure_ascii=False, sort_keys=True),
            html=text,
            html_sha256=hashlib.sha256(response.body).hexdigest(),
        )
