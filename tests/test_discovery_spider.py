"""Discovery over real HTTP against the mirror: listing pagination stops at the range's start, date-keyed
sitemaps are read for the range's days only, and a nightly range (night plus lookback) reads the newest
entry points only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mirror.corpus import load_corpus
from mirror.server import Mirror
from mirror.sites import PAGE_SIZE, SITE_LAYOUTS
from pipeline.crawl import BACKFILL, NIGHTLY, discovery_mode, discovery_range
from sources import load_sources
from tests.scrapy_runs import scrapy_crawl

LISTING_SOURCES = sorted(
    name for name, source in load_sources().items() if source.discovery.kind == "listing" and name in SITE_LAYOUTS
)


def listing_pages_needed(source: str, start: date) -> set[int]:
    """Pages 1..k, k the first listing page (newest first) showing an item older than ``start``."""
    articles = [a for a in load_corpus() if a.site == source]  # the mirror lists them newest first
    older = next((n for n, a in enumerate(articles) if a.published_date < start), len(articles) - 1)
    return set(range(1, older // PAGE_SIZE + 2))


@pytest.mark.parametrize("source", LISTING_SOURCES)
@pytest.mark.parametrize(("start", "end"), [(date(2025, 9, 29), date(2025, 10, 1)), (date(2025, 9, 22), date(2025, 9, 24))])
def test_listing_pagination_stops_at_the_range_start(
    source: str, start: date, end: date, mirror: Mirror, warehouse: Path, tmp_path: Path
) -> None:
    layout = SITE_LAYOUTS[source]
    mirror.states[source].requests.clear()
    scrapy_crawl(source, start, end, tmp_path / "stats.json")
    requested = {path for path, _ in mirror.states[source].requests}
    # A site whose category shows one page only (bocongan, congan_tphcm) is read on that page.
    paginated = layout.listing_url(2) != layout.listing_url(1)
    pages = len(mirror.states[source].articles) // PAGE_SIZE + 1 if paginated else 1
    listing = {n: layout.listing_url(n) for n in range(1, pages + 1)}
    read = {
        n for n, path in listing.items() if path in requested or (n == 1 and load_sources()[source].discovery.url in requested)
    }
    assert read == (listing_pages_needed(source, start) if paginated else {1})


def test_monthly_sitemaps_are_read_for_the_range_s_months_only(mirror: Mirror, warehouse: Path, tmp_path: Path) -> None:
    first, night = discovery_range(date(2025, 9, 26), NIGHTLY)
    assert (first, night) == (date(2025, 9, 24), date(2025, 9, 26))
    mirror.states["cand"].requests.clear()
    scrapy_crawl("cand", first, night, tmp_path / "stats.json")
    sitemaps = {path for path, _ in mirror.states["cand"].requests if path.startswith("/sitemaps/")}
    assert sitemaps == {"/sitemaps/news-2025-9.xml"}
    mirror.states["cand"].requests.clear()
    scrapy_crawl("cand", date(2025, 9, 30), date(2025, 10, 1), tmp_path / "stats.json")  # a range across a month's end
    sitemaps = {path for path, _ in mirror.states["cand"].requests if path.startswith("/sitemaps/")}
    assert sitemaps == {"/sitemaps/news-2025-9.xml", "/sitemaps/news-2025-10.xml"}


def test_scheduled_runs_discover_nightly_and_the_others_their_night_only(monkeypatch: pytest.MonkeyPatch) -> None:
    night = date(2025, 9, 26)
    assert discovery_mode("scheduled", {}) == NIGHTLY
    assert discovery_mode("backfill", {}) == discovery_mode("manual", None) == BACKFILL
    assert discovery_mode("manual", {"discovery": "nightly"}) == NIGHTLY
    assert discovery_mode("scheduled", {"discovery": "backfill"}) == BACKFILL
    assert discovery_range(night, BACKFILL) == (night, night)
    monkeypatch.setenv("BANTIN_NIGHTLY_LOOKBACK_DAYS", "5")
    assert discovery_range(night, NIGHTLY) == (date(2025, 9, 21), night)
    with pytest.raises(ValueError, match="discovery"):
        discovery_mode("manual", {"discovery": "everything"})
