"""docs/adding-a-source.md followed once from scratch, in a copy of the project: scaffold the source,
store a page from the (mirrored) site, write down what it says, and the new fixture test passes. And a
site added from its base URL alone: the scaffold probes three served zoo sites, writes their source files,
and a night of each through Airflow stores every article as its page says it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from parsel import Selector

from mirror.corpus import VIETNAM, load_corpus
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from mirror.zoo import ZooArticle
from mirror.zoo.sites import ZooSites, start_zoo_sites, zoo_articles
from sources.probe import Found, best, category_candidates, feed_links, page_template, read_listing, robots_sitemaps
from tests.airflow_runs import run_night
from tests.page_fixtures import truth_authors
from transforms.text import normalize_text
from warehouse.views import connect

PROJECT = Path(__file__).resolve().parent.parent
COPIED = ("benchmarks", "dags", "docs", "mirror", "pipeline", "scripts", "sources", "spiders", "transforms", "warehouse")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("BANTIN_SOURCES_DIR", None)
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def copy_project(target: Path) -> Path:
    for folder in COPIED:
        shutil.copytree(PROJECT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "tests").mkdir()
    for name in ("__init__.py", "page_fixtures.py"):
        shutil.copy(PROJECT / "tests" / name, target / "tests" / name)
    return target


def test_a_new_source_from_scratch(mirror: Mirror, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "bantin")
    article = next(a for a in load_corpus() if a.site == "qdnd" and a.authors and len(a.body) > 2)
    base = mirror.base_url("qdnd")

    # Step 1: scaffold.
    made = run(project, "-m", "sources.scaffold", "quandoi", base, "--discovery", "rss", "--url", "/rss/chinh-tri.rss",
               "--title", "Quân đội nhân dân")  # fmt: skip
    assert made.returncode == 0, made.stderr
    for path in ("sources/quandoi.yaml", "transforms/parsers/quandoi.py", "tests/test_source_quandoi.py"):
        assert (project / path).is_file(), path
    listed = run(project, "-c", "from sources import load_sources; from transforms.parsers.registry import PARSERS; "
                 "print(load_sources()['quandoi'].discovery.url, [p.name for p in PARSERS['quandoi']])")  # fmt: skip
    assert listed.stdout.split() == ["/rss/chinh-tri.rss", "['quandoi/1']"], listed.stderr

    # Step 2: before any page is stored, the fixture test says what to do.
    empty = run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_source_quandoi.py")
    assert empty.returncode != 0 and "python -m sources.scaffold page quandoi" in empty.stdout

    # Step 3: store a page and write down what the page says (here: the mirror's truth).
    url = base + SITE_LAYOUTS["qdnd"].article_path(article)
    stored = run(project, "-m", "sources.scaffold", "page", "quandoi", url)
    assert stored.returncode == 0, stored.stderr
    (meta_file,) = (project / "tests" / "fixtures" / "pages" / "quandoi").glob("*.json")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["expected"].update(
        title=normalize_text(article.title), lead=normalize_text(article.lead),
        body=[normalize_text(p) for p in article.body], authors=truth_authors(article),
        published_at=article.published_at.isoformat(),
    )  # fmt: skip
    meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    # Step 4: the stub (the generic reader) already reads the page as published.
    passed = run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_source_quandoi.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "2 passed" in passed.stdout

    # The scaffold never overwrites a source.
    again = run(project, "-m", "sources.scaffold", "quandoi", base)
    assert again.returncode != 0 and "exists already" in again.stderr


# --- probing: the reading, as pure functions ---------------------------------------------------------
def test_robots_sitemap_lines_are_read_whatever_their_case() -> None:
    text = "User-agent: *\nDisallow: /tim-kiem\nSitemap: https://a.vn/sitemap.xml\nsitemap:https://a.vn/news.xml\n"
    assert robots_sitemaps(text) == ["https://a.vn/sitemap.xml", "https://a.vn/news.xml"]


def test_feed_links_come_from_the_head_then_from_links_that_say_rss() -> None:
    html = """<html><head><link rel="alternate" type="application/rss+xml" href="/vi/news/rss/">
    <link rel="alternate" hreflang="en" href="/en/"><link rel="stylesheet" href="/rss.css"></head>
    <body><a href="/rss/cate/thoi-su/">RSS</a><a href="/thoi-su/">Thời sự</a>
    <a href="https://other.vn/rss.xml">elsewhere</a></body></html>"""
    assert feed_links(html, "https://a.vn/") == ["https://a.vn/vi/news/rss/", "https://a.vn/rss/cate/thoi-su/"]


@pytest.mark.parametrize(
    ("href", "template"),
    [
        ("/tin-tuc/tin-hoat-dong?p=2", "https://a.vn/tin-tuc/tin-hoat-dong?p={page}"),
        ("/thoi-su?page=2", "https://a.vn/thoi-su?page={page}"),
        ("/vi/news/tin-tuc/page-2", "https://a.vn/vi/news/tin-tuc/page-{page}"),
        ("/thoi-su/trang-2.html", "https://a.vn/thoi-su/trang-{page}.html"),
    ],
)
def test_pagination_is_recognized_in_a_page_2_link(href: str, template: str) -> None:
    listing = {"/vi/news/tin-tuc/page-2": "https://a.vn/vi/news/tin-tuc/"}.get(
        href, "https://a.vn" + href.split("?")[0].split("/trang-")[0]
    )
    html = f'<div class="pager"><a href="{href}">2</a><a href="/lien-he">Liên hệ</a></div>'
    assert page_template(html, listing) == template


def test_no_pagination_without_a_page_2_link() -> None:
    assert page_template('<a href="/thoi-su?id=2">x</a><a href="/page-3-ideas">y</a>', "https://a.vn/thoi-su") is None


LISTING = """<html><body><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc/an-ninh">An ninh</a></li></ul>
<div id="list">
<div class="item"><h3><a href="/tin-tuc/an-ninh/10452/ra-quan-bao-dam-trat-tu-giao-thong">Ra quân</a></h3>
<span class="date">(12/03/2025)</span><p class="lead">Sáng 12/3, lực lượng công an ra quân.</p></div>
<div class="item"><h3><a href="/tin-tuc/an-ninh/10449/triet-pha-duong-day-danh-bac-qua-mang">Triệt phá</a></h3>
<span class="date">(10/03/2025)</span><p class="lead">Ngày 10/3, công an tỉnh triệt phá.</p></div>
</div><div class="pager"><a href="/tin-tuc/an-ninh?page=2">2</a></div></body></html>"""


def test_a_listing_page_gives_items_links_dates_and_pages() -> None:
    found = read_listing(LISTING, "https://a.vn/tin-tuc/an-ninh", "https://a.vn")
    assert found == Found(
        "listing", "/tin-tuc/an-ninh", 2, date(2025, 3, 12),
        item="div.item", link="a::attr(href)", date="span.date::text", pages="/tin-tuc/an-ninh?page={page}",
    )  # fmt: skip
    page = Selector(text=LISTING)
    assert [i.css(found.date or "").get() for i in page.css(found.item or "")] == ["(12/03/2025)", "(10/03/2025)"]


def test_category_pages_that_prefix_the_home_pages_articles_come_first() -> None:
    home = LISTING.replace('<div class="pager"><a href="/tin-tuc/an-ninh?page=2">2</a></div>', '<a href="/gioi-thieu">GT</a>')
    assert category_candidates(home, "https://a.vn/") == ["https://a.vn/tin-tuc/an-ninh", "https://a.vn/gioi-thieu"]


def test_a_dated_feed_beats_a_listing_and_a_dated_listing_an_undated_one() -> None:
    feed = Found("rss", "/rss.xml", 3, date(2025, 3, 1))
    dated = Found("listing", "/a", 10, date(2025, 3, 2), item="li", link="a::attr(href)", date="span::text")
    undated = Found("listing", "/b", 20, None, item="li", link="a::attr(href)")
    assert best([undated, dated, feed]) == feed
    assert best([undated, dated]) == dated
    assert best([]) is None


# --- three zoo sites added from their base URLs alone, then a night of each through Airflow -------
NEW_SOURCES = {"binhphuoc": "nukeviet", "cantho": "baocantho", "thaibinh": "jsp_thaibinh"}  # source -> zoo layout
EXPECTED_DISCOVERY = {
    "binhphuoc": {"kind": "rss", "url": "/vi/news/rss/tin-tuc-su-kien/"},  # the category feed the head announces
    "cantho": {"kind": "rss", "url": "/rss/cate/thoi-su/"},  # the feed the footer links
    "thaibinh": {
        "kind": "listing",
        "url": "/tin-tuc/tin-hoat-dong",
        "item": "p.title",
        "link": "a::attr(href)",
        "date": "span.NgayCapNhat::text",
        "pages": "/tin-tuc/tin-hoat-dong?p={page}",
    },  # fmt: skip
}
# One night per site; thaibinh's article of 1 February 2024 is on its listing's second page.
NIGHTS = (date(2024, 12, 16), date(2024, 3, 3), date(2024, 2, 1))


@pytest.fixture(scope="module")
def zoo_sites() -> Iterator[ZooSites]:
    running = start_zoo_sites(tuple(NEW_SOURCES.values()))
    yield running
    running.stop()


def zoo_truth(sites: ZooSites, day: date) -> dict[tuple[str, str], tuple[str, str, datetime | date]]:
    """(source, served URL) -> (title, body, published time, or day where the page shows only the day)."""
    truth: dict[tuple[str, str], tuple[str, str, datetime | date]] = {}
    for source, key in NEW_SOURCES.items():
        for article in zoo_articles(key):
            if article.published_at.date() == day:
                truth[(source, sites.base_url(key) + article.layout.path(article))] = expected(article)
    return truth


def expected(article: ZooArticle) -> tuple[str, str, datetime | date]:
    published = article.published_at if article.precision == "minute" else article.published_at.date()
    return normalize_text(article.title), "\n\n".join(normalize_text(p) for p in article.body), published


def stored(root: Path) -> dict[tuple[str, str], tuple[str, str, datetime | date]]:
    rows = connect(root).execute("SELECT source, url, title, body, published_at FROM articles").fetchall()
    result: dict[tuple[str, str], tuple[str, str, datetime | date]] = {}
    for source, url, title, body, published in rows:
        moment = published.astimezone(VIETNAM)
        result[(source, url)] = (title, body, moment.date() if NEW_SOURCES[source] == "jsp_thaibinh" else moment)
    return result


def test_sites_added_from_their_base_urls_alone_crawl_their_nights(
    mirror: Mirror, zoo_sites: ZooSites, airflow_db: Path, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "bantin")
    for source, key in NEW_SOURCES.items():
        made = run(project, "-m", "sources.scaffold", source, zoo_sites.base_url(key), "--delay", "0")
        assert made.returncode == 0, made.stdout + made.stderr
        assert "1 of 1 sources read well" in made.stdout, made.stdout  # the source check on its newest day
        requests = int(made.stdout.split(" requests\n")[0].rsplit("probe: ", 1)[1])
        assert requests <= 12, made.stdout  # a handful, not a crawl
        written = yaml.safe_load((project / "sources" / f"{source}.yaml").read_text(encoding="utf-8"))
        assert written["discovery"] == EXPECTED_DISCOVERY[source]
        assert written["base_url"] == zoo_sites.base_url(key)

    folder = tmp_path / "new-sources"
    folder.mkdir()
    for source in NEW_SOURCES:
        shutil.copy(project / "sources" / f"{source}.yaml", folder / f"{source}.yaml")
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    # The files keep the polite default (a second between requests); on the local zoo sites the nights
    # crawl without it, as the mirror's sources do (an override, not an edit of the written files).
    overrides = tmp_path / "zoo-overrides.json"
    no_delay = {source: {"download_delay": 0} for source in NEW_SOURCES}
    overrides.write_text(json.dumps(mirror.source_overrides() | no_delay), encoding="utf-8")
    monkeypatch.setenv("BANTIN_SOURCE_OVERRIDES", str(overrides))
    truth: dict[tuple[str, str], tuple[str, str, datetime | date]] = {}
    for night in NIGHTS:
        assert run_night(night).state == "success", night
        truth |= zoo_truth(zoo_sites, night)
    assert sorted(source for source, _ in truth) == sorted(NEW_SOURCES)  # one article per site
    assert stored(warehouse) == truth
