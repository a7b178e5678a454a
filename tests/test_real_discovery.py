"""Each source crawls its mirror site through the discovery path the public evidence names (monthly
news sitemaps, the timeline of a zone, SharePoint list pages, a feed behind a cookie gate) for three
nights (the last in a new month), and stores every article of those nights exactly as the corpus says.
(The same nights through Airflow: tests/test_nightly_e2e.py.)"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from mirror.corpus import articles_on
from mirror.server import Mirror
from pipeline.articles import extract_night
from pipeline.clusters import deduplicate_night
from pipeline.crawl import crawl_source
from pipeline.publish import publish_night
from sources import SOURCES_DIR
from tests.truth import expected_rows
from warehouse.views import connect

NIGHTS = [date(2025, 9, 25), date(2025, 9, 30), date(2025, 10, 1)]  # every source has articles on two of them
# The discovery requests each source makes, as the evidence names them (mirror paths, query included).
DISCOVERY = {
    "cand": r"/sitemaps/news-2025-(9|10)\.xml",
    "nhandan": r"/sitemaps/news-2025-(9|10)\.xml",
    "baogialai": r"/sitemaps/news-2025-(9|10)\.xml",
    "dangcongsan": r"/noidung/tintuc/Lists/Tinhoatdong/View\.aspx\?Page=\d+",
    "baochinhphu": r"/chinh-tri\.htm|/timelinelist/\d+/\d+\.htm",
    "qdnd": r"/rss/cate/chinh-tri-3429\.rss",
    "congan_hungyen": r"/tin-tuc-su-kien/.*",
    "baocantho": r"/rss/cate/thoi-su/",
    "hanoimoi": r"/rss/phap-luat",
    "bocongan": r"/chuyen-muc/tin-an-ninh-trat-tu-1753170263",
    "congan_tphcm": r"/tin-chinh",
    "baonghean": r"/thoi-su",
    "baoquangninh": r"/chinh-tri",
    "baotintuc": r"/thoi-su\.rss",
    "anninhthudo": r"/sitemaps/news-2025-(9|10)\.xml",
}
FIELDS = ("title", "lead", "outlet_tag", "body", "published_at", "event_date")


def stored(root: Path, source: str, night: date) -> dict[str, dict]:
    rows = (
        connect(root)
        .execute(
            f"SELECT url, {', '.join(FIELDS)} FROM articles WHERE source = $s AND crawl_date = $d", {"s": source, "d": night}
        )
        .fetchall()
    )
    return {url: dict(zip(FIELDS, values)) for url, *values in rows}


@pytest.mark.parametrize("source", sorted(DISCOVERY))
def test_three_nights_through_the_real_discovery_path_store_the_corpus_truth(
    source: str, mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(SOURCES_DIR / f"{source}.yaml", folder)
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    total = 0
    for night in NIGHTS:
        mirror.clear_requests()
        report = crawl_source(source, night)
        assert report.ok, report.failure
        requested = [path for path, _ in mirror.states[source].requests]
        discovery = [path for path in requested if re.fullmatch(DISCOVERY[source], path)]
        assert discovery, f"{source} never requested its discovery path: {requested}"
        extract_night(night)
        deduplicate_night(night)
        publish_night(night)
        truth = {url: {name: values[name] for name in FIELDS} for (site, url), values in expected_rows(mirror, night).items()
                 if site == source}  # fmt: skip
        assert stored(warehouse, source, night) == truth, night
        total += len(truth)
    assert total >= 2, "the three nights should hold articles of this source"


@pytest.mark.parametrize(
    ("source", "night", "pages"),
    [
        ("baochinhphu", date(2025, 9, 21), ["/chinh-tri.htm", "/timelinelist/102442/2.htm"]),
        ("dangcongsan", date(2025, 9, 20), [f"/noidung/tintuc/Lists/Tinhoatdong/View.aspx?Page={n}" for n in (1, 2, 3)]),
    ],
)  # fmt: skip
def test_an_older_night_pages_on_by_number_and_stops_past_its_day(
    source: str, night: date, pages: list[str], mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No next link: baochinhphu's timeline is numbered from the zone id its section page carries;
    dangcongsan's list shows no dates, so its articles are dated by their own pages."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(SOURCES_DIR / f"{source}.yaml", folder)
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    mirror.clear_requests()
    assert crawl_source(source, night).ok
    requested = [path for path, _ in mirror.states[source].requests if not path.endswith("robots.txt")]
    listing = [path for path in requested if re.fullmatch(DISCOVERY[source], path)]
    assert listing == pages  # page after page, and no further than the page that reached older articles
    extract_night(night)
    deduplicate_night(night)
    publish_night(night)
    truth = {url: {name: values[name] for name in FIELDS} for (site, url), values in expected_rows(mirror, night).items()
             if site == source}  # fmt: skip
    assert truth and stored(warehouse, source, night) == truth


def test_an_undated_listing_on_a_night_without_its_articles_is_a_quiet_night_not_a_failure(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dangcongsan published nothing on 26 September: the pages opened to date its list are of other
    days, fetched fine and not kept; the crawl succeeds with no page."""
    night = date(2025, 9, 26)
    assert articles_on(night, "dangcongsan") == []
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(SOURCES_DIR / "dangcongsan.yaml", folder)
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    report = crawl_source("dangcongsan", night)
    assert report.ok and report.failure is None and report.pages_fetched == 0, report
