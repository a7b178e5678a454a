"""Each source's spider, run as `scrapy crawl` against the mirror: finds exactly the range's articles, politely."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from mirror.corpus import articles_on, load_corpus
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from sources import load_sources
from tests.scrapy_runs import scrapy_crawl
from tests.truth import served_url
from warehouse.views import connect

START, END = date(2025, 9, 21), date(2025, 9, 24)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@pytest.mark.parametrize("source", sorted(SITE_LAYOUTS))
def test_crawl_of_a_date_range_fetches_exactly_its_articles(source: str, mirror: Mirror, warehouse: Path, tmp_path: Path) -> None:
    kind = load_sources()[source].discovery.kind
    mirror.states[source].requests.clear()
    stats = tmp_path / "stats.json"
    scrapy_crawl(source, START, END, stats)

    fetched = {
        url for (url,) in connect(warehouse).execute("SELECT url FROM raw_pages WHERE source = $s", {"s": source}).fetchall()
    }
    expected = {served_url(mirror, a) for day in days(START, END) for a in articles_on(day, source)}
    assert fetched == expected, kind
    requests = mirror.states[source].requests
    assert requests[0][0] == "/robots.txt"  # robots.txt is read before anything else
    assert all(agent.startswith("bantin/") for _, agent in requests)
    layout = SITE_LAYOUTS[source]
    every_article_path = {layout.article_path(a) for a in load_corpus() if a.site == source}
    requested_articles = {path for path, _ in requests if path in every_article_path}
    in_range = {layout.article_path(a) for day in days(START, END) for a in articles_on(day, source)}
    discovery = load_sources()[source].discovery
    if discovery.kind == "listing" and not discovery.date:  # no dates in the list: pages are opened to date them
        assert requested_articles >= in_range
    else:
        assert requested_articles == in_range  # no article page outside the range was fetched
