"""What the real sites do to a crawler: cand moved from cand.com.vn to cand.vn (old URLs redirect;
pages stored before the move still read with the old template's parser), and qdnd's feeds redirect to
themselves until the crawl keeps the session cookie they set."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from mirror.corpus import articles_on
from mirror.server import Mirror
from mirror.sites.cand import old_article_path, render_old_page
from pipeline.articles import extract_night
from pipeline.clusters import deduplicate_night
from pipeline.crawl import crawl_source
from pipeline.publish import publish_night
from sources import SOURCES_DIR
from tests.truth import expected_rows
from transforms.text import normalize_text
from warehouse.schemas import RAW_PAGES
from warehouse.storage import write_partition
from warehouse.views import connect

NIGHT = date(2025, 9, 29)  # cand has two articles that night, qdnd one


def only(source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    shutil.copy(SOURCES_DIR / f"{source}.yaml", folder)
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))


def override(mirror: Mirror, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, **changes: object) -> None:
    """Point the sources at the mirror with ``changes`` to one source's entry."""
    overrides = mirror.source_overrides()
    overrides[source] = {**overrides[source], **changes}  # type: ignore[dict-item]
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps(overrides), encoding="utf-8")
    monkeypatch.setenv("BANTIN_SOURCE_OVERRIDES", str(path))


def stored(root: Path, source: str, night: date) -> dict[str, tuple]:
    rows = (
        connect(root)
        .execute(
            "SELECT url, title, lead, body, published_at, event_date, parser, parser_version FROM articles "
            "WHERE source = $s AND crawl_date = $d",
            {"s": source, "d": night},
        )
        .fetchall()
    )
    return {row[0]: row[1:] for row in rows}


def test_a_source_file_still_on_cand_com_vn_follows_the_move_and_reads_cand_vn(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old source file (base URL cand.com.vn, cand.vn its alias): the old domain's sitemap redirects
    to cand.vn, the redirect is followed, and every article of the night is stored as published."""
    [old_domain] = mirror.alias_base_urls("cand")
    only("cand", tmp_path, monkeypatch)
    override(mirror, tmp_path, monkeypatch, "cand", base_url=old_domain, aliases=[mirror.base_url("cand")])
    mirror.clear_requests()
    report = crawl_source("cand", NIGHT)
    assert report.ok and report.offsite_blocked == 0, report
    assert "/sitemaps/news-2025-9.xml" in [path for path, _ in mirror.aliases["cand"][0].requests]  # asked the old domain
    assert "/sitemaps/news-2025-9.xml" in [path for path, _ in mirror.states["cand"].requests]  # and followed it
    extract_night(NIGHT)
    deduplicate_night(NIGHT)
    publish_night(NIGHT)
    truth = {url: values for (site, url), values in expected_rows(mirror, NIGHT).items() if site == "cand"}
    rows = stored(warehouse, "cand", NIGHT)
    assert len(truth) == 2 and set(rows) == set(truth)
    for url, (title, lead, body, published_at, event_date, parser, version) in rows.items():
        assert (title, lead, body) == (truth[url]["title"], truth[url]["lead"], truth[url]["body"])
        assert (published_at, event_date) == (truth[url]["published_at"], truth[url]["event_date"])
        assert (parser, version) == ("cand", "3")  # the cand.vn template


def test_a_redirect_off_cand_s_two_domains_is_refused_and_counted(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only("cand", tmp_path, monkeypatch)
    article = articles_on(NIGHT, "cand")[0]
    path = mirror.states["cand"].layout.article_path(article)
    mirror.clear_requests()
    mirror.add_fault("cand", "offsite_redirect", path)
    try:
        report = crawl_source("cand", NIGHT)
    finally:
        mirror.clear_faults("cand")
    assert report.http_errors.get("offsite_redirect") == 1 and report.offsite_blocked == 1
    assert report.problem_urls["offsite_redirect"] == [mirror.base_url("cand") + path]
    assert mirror.outside.requests == []  # the crawler never reached the other host


def test_pages_stored_before_the_move_re_extract_with_the_old_template_s_parser(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A night stored when cand was still on cand.com.vn: its raw pages (the old template, old URLs)
    read back with cand/1 to the same values as the cand.vn pages of the same articles."""
    only("cand", tmp_path, monkeypatch)
    old_domain = "https://cand.com.vn"
    override(mirror, tmp_path, monkeypatch, "cand", base_url="https://cand.vn", aliases=[old_domain])
    articles = articles_on(NIGHT, "cand")
    pages = [
        {"url": old_domain + old_article_path(a), "final_url": old_domain + old_article_path(a), "source": "cand",
         "fetched_at": datetime(2025, 10, 1, 1, tzinfo=UTC), "http_status": 200, "content_type": "text/html; charset=utf-8",
         "encoding": "utf-8", "headers": "{}", "html": render_old_page(a, old_domain), "html_sha256": "-", "crawl_date": NIGHT}
        for a in articles
    ]  # fmt: skip
    write_partition(pa.Table.from_pylist(pages, schema=RAW_PAGES), warehouse, "raw_pages", NIGHT, "cand")
    extract_night(NIGHT)
    deduplicate_night(NIGHT)
    publish_night(NIGHT)
    rows = stored(warehouse, "cand", NIGHT)
    assert set(rows) == {page["url"] for page in pages}
    for article in articles:
        title, lead, body, published_at, _, parser, version = rows[old_domain + old_article_path(article)]
        assert (parser, version) == ("cand", "1")
        assert (title, lead) == (normalize_text(article.title), normalize_text(article.lead_without_tag))
        assert body == "\n\n".join(normalize_text(p) for p in article.body) and published_at == article.published_at


def test_qdnd_s_feed_is_read_once_its_cookie_is_kept(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only("qdnd", tmp_path, monkeypatch)
    mirror.clear_requests()
    report = crawl_source("qdnd", NIGHT)
    assert report.ok and report.http_errors == {}, report
    feed = [path for path, _ in mirror.states["qdnd"].requests if path == "/rss/cate/chinh-tri-3429.rss"]
    assert len(feed) == 2  # the 302 that sets the cookie, then the feed with it
    assert report.pages_fetched == len(articles_on(NIGHT, "qdnd")) == 1


def test_with_cookies_off_qdnd_s_feed_is_a_redirect_loop_and_the_night_names_it(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only("qdnd", tmp_path, monkeypatch)
    override(mirror, tmp_path, monkeypatch, "qdnd", cookies=False)
    report = crawl_source("qdnd", NIGHT)
    assert not report.ok and "redirect_loop" in (report.failure or "")
    assert report.http_errors == {"redirect_loop": 1}
    assert report.problem_urls["redirect_loop"] == [mirror.base_url("qdnd") + "/rss/cate/chinh-tri-3429.rss"]
