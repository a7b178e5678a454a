"""Each source crawls its mirror site through the discovery path the public evidence names (monthly
news sitemaps, the timeline of a zone, SharePoint list pages, a feed behind a cookie gate) for three
nights across a month's end, and stores every article of those nights exactly as the corpus says.
(The same nights through Airflow: tests/test_nightly_e2e.py.)"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from mirror.server import Mirror
from pipeline.articles import extract_night
from pipeline.clusters import deduplicate_night
from pipeline.crawl import crawl_source
from pipeline.publish import publish_night
from sources import SOURCES_DIR
from tests.truth import expected_rows
from warehouse.views import connect

NIGHTS = [date(2025, 9, 29), date(2025, 9, 30), date(2025, 10, 1)]
# The discovery requests each source makes, as the evidence names them (mirror paths, query included).
DISCOVERY = {
    "cand": r"/sitemaps/news-2025-(9|10)\.xml",
    "nhandan": r"/sitemaps/news-2025-(9|10)\.xml",
    "baogialai": r"/sitemaps/news-2025-(9|10)\.xml",
    "dangcongsan": r"/noidung/tintuc/Lists/XaydungDang/View\.aspx\?Page=\d+",
    "baochinhphu": r"/timelinelist/\d+/\d+\.htm",
    "qdnd": r"/rss/cate/chinh-tri-3429\.rss",
    "congan_hungyen": r"/tin-tuc-su-kien/.*",
}
FIELDS = ("title", "lead", "outlet_tag", "body", "published_at", "event_date")


def stored(root: Path, source: str, night: date) -> dict[str, dict]:
    rows = connect(root).execute(
        f"SELECT url, {', '.join(FIELDS)} FROM articles WHERE source = $s AND crawl_date = $d", {"s": source, "d": night}
    ).fetchall()
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
