"""The spider every source uses: discover the articles of a date range, fetch them, hand over raw pages.

Discovery follows the source file: a sitemap (index or news sitemap), an RSS feed, or listing pages
followed back until they reach items older than the range. Only article pages whose listed date
falls in the range are fetched. Every fetched article page is handed over whatever its status.

Nothing is lost silently: every discovery and article request ends either in a handed-over page or
in a failure counted by kind (``bantin/problem/<kind>`` in the crawl stats: an HTTP status,
``timeout``, ``connection_reset``, ``truncated``, ``too_large``, ``redirect_loop``,
``offsite_redirect``, ``robots_disallowed``, ``empty_body``, ...). A page whose declared charset is
wrong is decoded as what it really is and counted as ``wrong_charset``. At the end, an article that
was discovered but neither fetched nor failed is counted as ``unresolved``.

Incremental: an article URL the warehouse already stores is not fetched again. Stored under the
crawl's own night (a re-run or backfill of that night), its stored raw page is handed over again
(``bantin/pages_reused``); stored under another night, it belongs to that night and is left out
(``bantin/pages_skipped``). The seen-URL index (``warehouse/seen.py``) says which night stores a URL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from sources import Source
from spiders.items import RawPage
from spiders.middlewares import failure_kind, original_url
from transforms.dates import VIETNAM, parse_date
from transforms.parsers.page import decode_html
from warehouse.seen import SeenIndex, load_seen_index
from warehouse.storage import read_partition, warehouse_root

DATED_SITEMAP = re.compile(r"(\d{4}-\d{2}-\d{2})")
# Error statuses reach the callbacks (to be counted and kept); redirects (3xx) are still followed.
ERROR_STATUSES = {"handle_httpstatus_list": list(range(400, 600))}


@dataclass
class ListingPage:
    """A page of an undated listing: its articles still being fetched, and whether any was older than the range."""

    following: str | None
    pending: set[str] = field(default_factory=set)
    older: bool = False
    done: bool = False


class NewsSpider(scrapy.Spider):
    """Base spider; ``spiders.sites`` makes one subclass per source file."""

    source: Source

    def __init__(
        self,
        start: str,
        end: str | None = None,
        crawl_date: str | None = None,
        incremental: str = "true",
        max_articles: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.start_day = date.fromisoformat(start)
        self.end_day = date.fromisoformat(end) if end else self.start_day
        self.crawl_date = date.fromisoformat(crawl_date) if crawl_date else self.start_day
        if self.end_day < self.start_day:
            raise ValueError(f"end {self.end_day} is before start {self.start_day}")
        self.allowed_domains = self.source.allowed_domains
        self.seen_articles: set[str] = set()
        self.outcomes: dict[str, str] = {}  # article URL -> "fetched", "reused", "skipped" or its failure kind
        self.incremental = incremental.lower() not in ("false", "0", "no")
        self.tonight: dict[str, dict] = {}  # URL -> this night's stored raw page (status 200), reusable
        self.seen: SeenIndex | None = None
        # `bantin sources check` reads a few articles only; the rest are discovered but not requested.
        self.max_articles = int(max_articles) if max_articles else None
        self.listing_pages: dict[int, ListingPage] = {}  # undated listings: what each page still waits for
        self.zone: str | None = None  # the section id read on the first listing page (discovery.zone_from)

    # --- discovery ---------------------------------------------------------------------------
    async def start(self) -> Any:
        if self.incremental:
            self.load_stored()
        discovery = self.source.discovery
        if discovery.kind == "listing":
            yield self.discovery_request(self.source.absolute(discovery.page_url(1)), self.parse_listing, page=1)
            return
        callback = self.parse_sitemap if discovery.kind == "sitemap" else self.parse_rss
        for url in discovery.month_urls(self.start_day, self.end_day):  # one URL per month when the site splits by month
            yield self.discovery_request(self.source.absolute(url), callback, page=1)

    def load_stored(self) -> None:
        """What the warehouse already holds for this source: tonight's pages and every other night's URLs."""
        stored = read_partition(warehouse_root(), "raw_pages", self.crawl_date, self.name)
        for page in stored.to_pylist() if stored is not None else []:
            if page["http_status"] == 200 and (page["html"] or "").strip():  # an error page is fetched again
                self.tonight[page["url"]] = page
        self.seen = load_seen_index(self.name)
        self.crawler.stats.set_value("bantin/seen_index_urls", len(self.seen))

    def discovery_request(self, url: str, callback: Any, **meta: Any) -> Request:
        # dont_filter: a cookie gate redirects a feed to itself once, which the duplicate filter would drop;
        # discovery URLs are requested once each anyway (loops are refused by RedirectGuardMiddleware).
        return Request(url, callback=callback, errback=self.discovery_failed, meta=meta | ERROR_STATUSES, dont_filter=True)

    def count_problem(self, kind: str, url: str) -> None:
        """One page (discovery or article) that met a problem of ``kind``, counted once."""
        self.crawler.stats.inc_value(f"bantin/problem/{kind}")
        failed = self.crawler.stats.get_value("bantin/problem_urls") or {}
        failed.setdefault(kind, []).append(url)
        self.crawler.stats.set_value("bantin/problem_urls", failed)

    def log_discovery(self, url: str, outcome: str) -> None:
        """Each discovery URL and what it answered (an HTTP status or a failure kind), for the stats."""
        answered = self.crawler.stats.get_value("bantin/discovery_log") or []
        self.crawler.stats.set_value("bantin/discovery_log", [*answered, [url, outcome]])

    def discovery_ok(self, response: Response) -> bool:
        assert response.request is not None  # Scrapy gives a callback the response of its request
        self.log_discovery(original_url(response.request), str(response.status))
        if response.status != 200:
            self.crawler.stats.inc_value("bantin/discovery_failed")
            self.crawler.stats.inc_value(f"bantin/discovery_http_{response.status}")
            self.count_problem(str(response.status), original_url(response.request))
            self.logger.error("discovery page %s answered %s", response.url, response.status)
            return False
        self.crawler.stats.inc_value("bantin/discovery_pages")
        return True

    def discovery_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("bantin/discovery_failed")
        request = getattr(failure, "request", None)
        url, kind = original_url(request) if request else "?", failure_kind(failure.value)
        self.log_discovery(url, kind)
        self.count_problem(kind, url)
        self.logger.error("discovery request failed: %r", failure.value)

    def in_range(self, moment: datetime | date | None) -> bool:
        if moment is None:
            return False
        day = moment.astimezone(VIETNAM).date() if isinstance(moment, datetime) else moment
        return self.start_day <= day <= self.end_day

    def parse_sitemap(self, response: Response, **_: Any) -> Iterator[Request | RawPage]:
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

    def parse_rss(self, response: Response, **_: Any) -> Iterator[Request | RawPage]:
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

    def parse_listing(self, response: Response, **_: Any) -> Iterator[Request | RawPage]:
        if not self.discovery_ok(response):
            return
        page: int = response.meta.get("page", 1)  # which listing page this is (discovery_request's meta)
        discovery = self.source.discovery
        items = response.css(discovery.item or "")
        links = [(item, response.urljoin(link)) for item in items if (link := item.css(discovery.link or "").get())]
        if page == 1 and discovery.zone_from:
            self.read_zone(response)
        following = self.following_page(response, page)
        if not discovery.date:  # the items show no date: their pages say it (see undated_listing_page)
            yield from self.undated_listing_page(page, [url for _, url in links], following)
            return
        reached_older = False
        reference = datetime.combine(self.end_day + timedelta(days=1), datetime.min.time(), VIETNAM)
        for item, url in links:
            parsed = parse_date(" ".join(item.css(discovery.date).getall()), reference)
            if parsed is None:
                self.crawler.stats.inc_value("bantin/undated_listing_items")
                continue
            if parsed.day < self.start_day:
                reached_older = True
            elif self.in_range(parsed.day):
                yield from self.article_request(url)
        if following and links and not reached_older:
            yield self.discovery_request(following, self.parse_listing, page=page + 1)

    def read_zone(self, response: Response) -> None:
        """The section id the first page carries (``zone_from``), which numbers the following pages."""
        self.zone = (response.css(self.source.discovery.zone_from or "").get() or "").strip() or None
        if self.zone is None:
            self.count_problem("zone_missing", response.url)
            self.logger.error("%s: no zone id at %r: only the first page is read", response.url, self.source.discovery.zone_from)

    def following_page(self, response: Response, page: int) -> str | None:
        """The URL of the listing page after ``page``: by number, or the page's next link."""
        discovery = self.source.discovery
        if page >= discovery.max_pages:
            return None
        if discovery.numbered:  # numbered pages without a next link
            if discovery.zone_from and self.zone is None:
                return None
            return self.source.absolute(discovery.page_url(page + 1, self.zone))
        next_link = response.css(discovery.next).get() if discovery.next else None
        return response.urljoin(next_link) if next_link else None

    # --- listings whose items show no date (dangcongsan, qdnd's category pages) ---------------
    # Each new article of a page is fetched and dated by its own page (the parser's published time);
    # pages outside the range are not handed over. Once every article of a listing page is dated, the
    # next page is read unless this one reached articles older than the range (newest first).
    def undated_listing_page(self, page: int, urls: list[str], following: str | None) -> Iterator[Request | RawPage]:
        state = self.listing_pages[page] = ListingPage(following=following if urls else None)
        for url in urls:
            night = self.seen.night_of(url) if self.seen is not None else None
            if night is not None and night < self.start_day:  # stored by an older night: the listing reached older
                state.older = True
            for out in self.article_request(url, listing_page=page):
                if isinstance(out, Request):
                    state.pending.add(url)
                yield out
        yield from self.after_listing_article(page, None)

    def after_listing_article(self, page: int, url: str | None) -> Iterator[Request]:
        state = self.listing_pages.get(page)
        if state is None:
            return
        state.pending.discard(url or "")
        if state.pending or state.done:
            return
        state.done = True
        if state.following and not state.older:
            yield self.discovery_request(state.following, self.parse_listing, page=page + 1)

    def page_day(self, text: str, url: str) -> date | None:
        """The day an article page says it was published (its parser, else the generic reader)."""
        from transforms.parsers import read_article  # the extraction's reader: one notion of a page's date

        parsed = read_article(text, url, self.name)
        if parsed.published is None:
            parsed = read_article(text, url, self.name, generic_only=True)
        return parsed.published.day if parsed.published is not None else None

    # --- articles ----------------------------------------------------------------------------
    def article_request(self, url: str, listing_page: int | None = None) -> Iterator[Request | RawPage]:
        if not url or url in self.seen_articles:
            return
        self.seen_articles.add(url)
        self.crawler.stats.inc_value("bantin/articles_discovered")
        stored = self.tonight.get(url)
        if stored is not None:  # this night already has the page: hand it over again, no request
            self.outcomes[url] = "reused"
            self.crawler.stats.inc_value("bantin/pages_reused")
            yield RawPage(**{name: stored[name] for name in RawPage.__dataclass_fields__})
            return
        night = self.seen.night_of(url) if self.seen is not None else None
        if night is not None and listing_page is not None and not self.in_range(night):
            # An undated list's article that a night outside the range stores is of another day: it is
            # neither fetched nor counted as skipped, so a night's health does not depend on which
            # other nights had run (a backfill re-run gives the same row).
            self.outcomes[url] = "other_night"
            self.crawler.stats.inc_value("bantin/pages_of_other_nights")
            return
        if night is not None and night != self.crawl_date:  # another night stores it: not ours to fetch
            self.outcomes[url] = "skipped"
            self.crawler.stats.inc_value("bantin/pages_skipped")
            return
        limited = (
            self.max_articles is not None and self.crawler.stats.get_value("bantin/articles_requested", 0) >= self.max_articles
        )
        if limited and listing_page is None:  # an undated listing's pages are limited once dated (dated_in_range)
            self.outcomes[url] = "not_requested"
            return
        self.crawler.stats.inc_value("bantin/articles_requested")
        meta = dict(ERROR_STATUSES) | ({"listing_page": listing_page} if listing_page is not None else {})
        yield Request(url, callback=self.parse_article, errback=self.article_failed, meta=meta)

    def article_failed(self, failure: Failure) -> Iterator[Request]:
        kind = failure_kind(failure.value)
        request = getattr(failure, "request", None)
        url = original_url(request) if request else "?"
        self.crawler.stats.inc_value("bantin/article_fetch_failed")
        self.crawler.stats.inc_value(f"bantin/article_error/{type(failure.value).__name__}")
        self.outcomes[url] = kind
        self.count_problem(kind, url)
        self.logger.error("article %s failed (%s): %r", url, kind, failure.value)
        if request is not None and "listing_page" in request.meta:
            yield from self.after_listing_article(request.meta["listing_page"], url)

    def parse_article(self, response: Response) -> Iterator[Request | RawPage]:
        assert response.request is not None  # Scrapy gives a callback the response of its request
        url = original_url(response.request)
        text, encoding, corrected = page_text(response)
        if response.status != 200:
            status_kind, problem = f"http_{response.status}", str(response.status)
        elif not response.body.strip():
            status_kind, problem = "empty", "empty_body"  # kept, so extraction counts it too
        else:
            status_kind, problem = "ok", None
        self.crawler.stats.inc_value(f"bantin/article_status/{status_kind}")
        if problem:
            self.count_problem(problem, url)
        if corrected:
            self.count_problem("wrong_charset", url)
            self.logger.warning("%s: Content-Type says %r, the page is %s", url, response.headers.get("Content-Type"), encoding)
        # An undated listing's page was fetched to be dated: one of another day is not handed over.
        listing_page = response.request.meta.get("listing_page")
        if listing_page is not None:
            in_range = response.status != 200 or self.dated_in_range(text, url, listing_page)
            yield from self.after_listing_article(listing_page, url)  # after dating: it may have reached older
            if not in_range:
                return
        self.outcomes[url] = "fetched"
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        yield RawPage(
            url=url,
            final_url=response.url,
            source=self.name,
            fetched_at=datetime.now(UTC),  # when it was really fetched: provenance, not a derived value
            http_status=response.status,
            content_type=headers.get("Content-Type"),
            encoding=encoding,
            headers=json.dumps(headers, ensure_ascii=False, sort_keys=True),
            html=text,
            html_sha256=hashlib.sha256(response.body).hexdigest(),
        )

    def dated_in_range(self, text: str, url: str, listing_page: int) -> bool:
        """Whether an undated listing's article page is of the range (an undatable page is kept:
        extraction judges it); an older one marks its listing page as reaching past the range."""
        day = self.page_day(text, url)
        if day is None or self.in_range(day):
            if self.max_articles is not None and self.crawler.stats.get_value("bantin/pages_in_range", 0) >= self.max_articles:
                self.outcomes[url] = "not_requested"
                return False
            self.crawler.stats.inc_value("bantin/pages_in_range")
            return True
        if day < self.start_day and (state := self.listing_pages.get(listing_page)) is not None:
            state.older = True
        self.outcomes[url] = "out_of_range"
        self.crawler.stats.inc_value("bantin/pages_out_of_range")
        return False

    def closed(self, reason: str) -> None:
        """Count every discovered article that neither arrived nor failed (e.g. dropped as a duplicate
        after a redirect). Runs on ``spider_closed`` before the stats file is written (the spider's
        handler is connected before any extension's)."""
        for url in sorted(self.seen_articles - set(self.outcomes)):
            self.count_problem("unresolved", url)
            self.logger.error("article %s was discovered but neither fetched nor failed", url)


def page_text(response: Response) -> tuple[str, str | None, bool]:
    """(text, encoding, corrected) of a page, decoded by ``transforms.parsers.page.decode_html`` (BOM,
    then the declared charsets checked against the bytes, then UTF-8 and windows-1258), in NFC.
    ``corrected`` says the Content-Type's charset was overruled."""
    if not isinstance(response, TextResponse):
        return response.body.decode("utf-8", "replace"), None, False
    decoded = decode_html(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
    return decoded.text, decoded.encoding, decoded.corrected
