"""An article's identity comes from its source and the page's own URL: a canonical link is trusted only on
the source's own site, so a syndicated copy claiming another outlet's article keeps its own id and row,
keeps the claim in ``canonical_url``, and joins the original's story by its text."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mirror.corpus import MirrorArticle, articles_on
from mirror.faults import redesigned_page
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from pipeline.articles import article_row, extract_night
from pipeline.clusters import deduplicate_night
from pipeline.crawl import crawl_source
from pipeline.publish import publish_night
from pipeline.quality import check_night, table_problems
from sources import SOURCES_DIR, load_named_source, load_sources
from tests.page_fixtures import BASE_URL as FIXTURE_BASE
from tests.page_fixtures import load_fixtures
from tests.truth import expected_rows, served_url
from transforms.dedup import assign_clusters
from transforms.ids import article_id, canonical_url, identity_url, on_site, source_article_id
from transforms.parsers import read_article
from transforms.parsers.page import decode_html
from transforms.text import normalize_text
from warehouse.views import connect

NIGHT = date(2025, 9, 24)
CAND = "https://cand.com.vn"
PAGE = "https://cand.com.vn/thoi-su/hoi-nghi-i781234/"


def test_an_ordinary_page_keeps_the_id_it_always_had() -> None:
    # The id stored in every published night: sha256 of the canonical form, 16 hex digits (the literal is
    # what the identity of before this rule gave the same page).
    expected = hashlib.sha256(canonical_url(PAGE).encode()).hexdigest()[:16]
    assert article_id(PAGE) == expected == "f96cc960e26e7264"
    assert source_article_id(PAGE, PAGE, CAND) == expected
    assert source_article_id(PAGE + "?utm_source=zalo", PAGE, CAND) == expected  # one article, several URLs
    assert source_article_id("HTTPS://CAND.com.vn/thoi-su/hoi-nghi-i781234/#top", None, CAND) == expected


@pytest.mark.parametrize(
    ("page", "claimed", "base", "identity"),
    [
        (PAGE, "https://cand.com.vn/bai-goc/", CAND, "https://cand.com.vn/bai-goc/"),  # own site: trusted
        (PAGE, "https://m.cand.com.vn/thoi-su/x/", CAND, "https://m.cand.com.vn/thoi-su/x/"),  # own subdomain
        ("https://www.qdnd.vn/a", "https://qdnd.vn/a", "https://www.qdnd.vn", "https://qdnd.vn/a"),  # www. or not: one outlet
        ("https://qdnd.vn/a", "https://www.qdnd.vn/a", "https://www.qdnd.vn", "https://www.qdnd.vn/a"),
        (PAGE, "/thoi-su/hoi-nghi-i781234/", CAND, PAGE),  # relative: made absolute on the page's site
        (PAGE, "https://nhandan.vn/chinh-tri/bai-goc.html", CAND, PAGE),  # another outlet: the page's own URL
        (PAGE, "https://cand.com.vn.evil.example/x/", CAND, PAGE),  # a look-alike host
        (PAGE, "https://notcand.com.vn/x/", CAND, PAGE),
        (PAGE, "javascript:alert(1)", CAND, PAGE),
        (PAGE, "", CAND, PAGE),
        ("http://127.0.0.1:8001/a/", "http://127.0.0.1:8002/b/", "http://127.0.0.1:8001", "http://127.0.0.1:8001/a/"),  # mirror: ports are sites
        ("http://127.0.0.1:8001/a/", "http://127.0.0.1:8001/b/", "http://127.0.0.1:8001", "http://127.0.0.1:8001/b/"),
    ],
)  # fmt: skip
def test_a_canonical_link_is_identity_only_on_the_source_s_own_site(page: str, claimed: str, base: str, identity: str) -> None:
    assert identity_url(page, claimed, base) == identity
    assert source_article_id(page, claimed, base) == article_id(identity)


def test_every_stored_fixture_page_keeps_the_id_of_its_canonical_url() -> None:
    fixtures = load_fixtures()
    for fixture in fixtures:
        parsed = read_article(
            decode_html(fixture.html, fixture.content_type).text, fixture.url, fixture.source, fixture.fetched_at
        )
        assert source_article_id(fixture.url, parsed.canonical_url, FIXTURE_BASE) == article_id(parsed.canonical_url), fixture.id
    assert len(fixtures) > 80


def test_no_source_s_site_contains_another_s(monkeypatch: pytest.MonkeyPatch) -> None:
    """Identity trusts a canonical link on the source's own site; two sources sharing a site could claim
    each other's articles, so none may."""
    monkeypatch.delenv("BANTIN_SOURCE_OVERRIDES", raising=False)  # the real sites, not the mirror
    bases = [source.base_url for source in load_sources().values()]
    assert len(bases) == 15
    assert [(a, b) for a in bases for b in bases if a != b and on_site(a + "/", b)] == []


def test_a_page_claiming_another_source_s_article_keeps_its_own_id_and_the_claim() -> None:
    """The row the extractor writes: before, the copy took the original's id (the quality check then
    found a duplicate article_id and the views showed one row twice)."""
    original = next(a for a in articles_on(NIGHT, "cand"))
    original_url = CAND + SITE_LAYOUTS["cand"].article_path(original)
    copy_url = "https://www.qdnd.vn/chinh-tri/ban-sao-123.html"
    page = {"url": copy_url, "final_url": copy_url, "source": "qdnd", "http_status": 200,
            "fetched_at": datetime(2025, 9, 25, 1, tzinfo=UTC), "html": redesigned_page(original, original_url)}  # fmt: skip
    qdnd = load_named_source("qdnd").model_copy(update={"base_url": "https://www.qdnd.vn"})

    row, _ = article_row(page, qdnd, NIGHT)

    assert row is not None
    assert (row["source"], row["url"], row["canonical_url"]) == ("qdnd", copy_url, original_url)
    assert row["article_id"] == article_id(copy_url) != article_id(original_url)
    assert row["title"] == normalize_text(original.title)


def test_a_canonical_claim_alone_does_not_move_a_page_into_another_story() -> None:
    """Copies join the original's story by their text (``transforms.dedup``), not by the claim: a page
    claiming an article it does not reproduce stays a story of its own."""
    original, other = articles_on(NIGHT, "cand")[0], articles_on(NIGHT, "nhandan")[0]
    original_url = CAND + SITE_LAYOUTS["cand"].article_path(original)
    qdnd = load_named_source("qdnd").model_copy(update={"base_url": "https://www.qdnd.vn"})
    cand = load_named_source("cand").model_copy(update={"base_url": CAND})
    fetched = datetime(2025, 9, 25, 1, tzinfo=UTC)

    def later(article: MirrorArticle) -> MirrorArticle:  # republished two hours after the original
        return replace(article, published_at=article.published_at + timedelta(hours=2))

    def row(url: str, html: str, source) -> dict:  # noqa: ANN001
        page = {"url": url, "final_url": url, "http_status": 200, "fetched_at": fetched, "html": html}
        made, _ = article_row(page, source, NIGHT)
        assert made is not None
        return made

    rows = [
        row(original_url, SITE_LAYOUTS["cand"].render_article(original, CAND), cand),
        row("https://www.qdnd.vn/chinh-tri/ban-sao.html", redesigned_page(later(original), original_url), qdnd),  # a copy
        row("https://www.qdnd.vn/chinh-tri/mao-danh.html", redesigned_page(later(other), original_url), qdnd),  # a false claim
    ]
    clusters = assign_clusters([{**r, "body": f"{r['lead']}\n{r['body']}"} for r in rows])

    assert [r["canonical_url"] for r in rows] == [original_url] * 3
    assert len({r["article_id"] for r in rows}) == 3
    assert clusters[1] == clusters[0] == rows[0]["article_id"]  # the copy is in the original's story
    assert clusters[2] == rows[2]["article_id"]  # the false claim is not


SOURCES = ("cand", "nhandan", "qdnd", "baogialai")


def test_syndicated_pages_served_over_http_are_stored_as_their_own_articles_in_the_original_s_story(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in SOURCES:
        shutil.copy(SOURCES_DIR / f"{name}.yaml", folder)
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    # qdnd and baogialai serve their page of the night as a copy of a cand and of a nhandan article, whose
    # canonical link names the original (the mirror's truth for other tests is untouched once cleared).
    pairs = [(articles_on(NIGHT, "qdnd")[0], articles_on(NIGHT, "cand")[0]),
             (articles_on(NIGHT, "baogialai")[0], articles_on(NIGHT, "nhandan")[0])]  # fmt: skip
    copies = {}
    try:
        for own, original in pairs:
            path = SITE_LAYOUTS[own.site].article_path(own)
            copies[(own.site, served_url(mirror, own))] = (original, mirror.syndicate(own.site, path, original))
        reports = {name: crawl_source(name, NIGHT) for name in SOURCES}
    finally:
        mirror.clear_syndication()
    assert {name: report.failure for name, report in reports.items()} == dict.fromkeys(SOURCES)
    extract_night(NIGHT)
    deduplicate_night(NIGHT)
    publish_night(NIGHT)

    db = connect(warehouse)
    pages = db.execute("SELECT source, count(*) FROM raw_pages WHERE crawl_date = $d AND http_status = 200 GROUP BY 1",
                       {"d": NIGHT}).fetchall()  # fmt: skip
    stored = db.execute("SELECT source, count(*), count(DISTINCT article_id) FROM articles WHERE crawl_date = $d GROUP BY 1",
                        {"d": NIGHT}).fetchall()  # fmt: skip
    assert sorted((source, n, n) for source, n in pages) == sorted(stored)  # one row, one id per page
    rows = {(source, url): (article, canonical, title, cluster, first) for source, url, article, canonical, title, cluster, first
            in db.execute("SELECT source, url, article_id, canonical_url, title, cluster_id, is_canonical FROM articles "
                          "WHERE crawl_date = $d", {"d": NIGHT}).fetchall()}  # fmt: skip
    expected = expected_rows(mirror, NIGHT)
    truth = {key for key in expected if key[0] in SOURCES}
    assert set(rows) == truth  # every page stored once, under its own source and URL
    assert len(copies) == 2
    for (site, copy_url), (original, original_url) in copies.items():
        article, canonical, title, cluster, first = rows[(site, copy_url)]
        assert article == article_id(copy_url) and canonical == original_url and title == normalize_text(original.title)
        original_row = rows[(original.site, original_url)]
        assert original_row[0] == article_id(original_url)  # the original's id is what it always was
        assert (cluster, first) == (original_row[3], False)  # the copy is in the original's story, not its head
        [(outlets,)] = db.execute("SELECT outlets FROM stories WHERE cluster_id = $c", {"c": cluster}).fetchall()
        assert {site, original.site} <= set(outlets)
    assert table_problems(NIGHT, warehouse) == []
    check_night(NIGHT, warehouse)
