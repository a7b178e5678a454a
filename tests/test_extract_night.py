"""A night's extraction reads every page it can and counts the rest; one bad page never fails the night."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from mirror.corpus import articles_on
from mirror.sites import SITE_LAYOUTS
from pipeline.articles import extract_night, extracted_articles
from transforms.text import normalize_text
from warehouse.schemas import RAW_PAGES
from warehouse.storage import write_partition

NIGHT = date(2025, 9, 24)
BASE = "https://cand.com.vn"


def raw_page(path: str, html: str | None, status: int = 200) -> dict:
    return {
        "url": BASE + path, "final_url": BASE + path, "source": "cand",
        "fetched_at": datetime(2025, 9, 25, 1, tzinfo=UTC), "http_status": status,
        "content_type": "text/html", "encoding": "utf-8", "headers": "{}", "html": html,
        "html_sha256": None, "crawl_date": NIGHT,
    }  # fmt: skip


def test_a_page_the_extractor_chokes_on_is_counted_and_the_others_are_read(warehouse: Path) -> None:
    article = next(a for a in articles_on(NIGHT) if a.site == "cand")
    layout = SITE_LAYOUTS["cand"]
    good = raw_page(layout.article_path(article), layout.render_article(article, BASE))
    pages = [good, raw_page("/empty-body.html", None), raw_page("/gone.html", "<html></html>", status=404)]
    write_partition(pa.Table.from_pylist(pages, schema=RAW_PAGES), warehouse, "raw_pages", NIGHT, "cand")

    counts = extract_night(NIGHT)

    assert (counts["cand"].articles_parsed, counts["cand"].parse_errors, counts["cand"].non_200_pages) == (1, 1, 1)
    assert [row["title"] for row in extracted_articles(NIGHT)] == [normalize_text(article.title)]


def test_a_redesigned_site_falls_back_to_the_generic_reader_and_is_flagged(warehouse: Path, mirror) -> None:
    """The mirror's ``redesign`` fault serves cand's pages in a template no cand parser knows: the night
    still stores every article, read by the generic reader, and flags cand's layout drift."""
    from urllib.request import urlopen

    articles = [a for a in articles_on(NIGHT) + articles_on(date(2025, 9, 25)) if a.site == "cand"]
    mirror.add_fault("cand", "redesign", "/*-post*.html")
    try:
        pages = []
        for article in articles:
            url = mirror.base_url("cand") + SITE_LAYOUTS["cand"].article_path(article)
            with urlopen(url) as response:
                page = raw_page(SITE_LAYOUTS["cand"].article_path(article), response.read().decode("utf-8"))
            pages.append({**page, "url": url, "final_url": url})
    finally:
        mirror.clear_faults("cand")
    write_partition(pa.Table.from_pylist(pages, schema=RAW_PAGES), warehouse, "raw_pages", NIGHT, "cand")

    counts = extract_night(NIGHT)["cand"]

    assert (counts.articles_parsed, counts.fallback_pages, counts.layout_drift) == (len(articles), len(articles), True)
    rows = extracted_articles(NIGHT)
    assert {(r["parser"], r["parser_version"]) for r in rows} == {("generic", "1")}
    assert sorted(r["title"] for r in rows) == sorted(normalize_text(a.title) for a in articles)
    assert sorted(r["published_at"] for r in rows) == sorted(a.published_at for a in articles)


def test_one_odd_page_in_many_is_read_by_the_generic_reader_without_a_drift_flag(warehouse: Path) -> None:
    from mirror.faults import redesigned_page

    layout = SITE_LAYOUTS["cand"]
    article = next(a for a in articles_on(NIGHT) if a.site == "cand")
    usual = [raw_page(f"/thoi-su/ban-{n}/", layout.render_article(article, BASE)) for n in range(20)]
    odd = raw_page("/thoi-su/khac/", redesigned_page(article, BASE + "/thoi-su/khac/"))
    write_partition(pa.Table.from_pylist([*usual, odd], schema=RAW_PAGES), warehouse, "raw_pages", NIGHT, "cand")

    counts = extract_night(NIGHT)["cand"]

    assert (counts.articles_parsed, counts.fallback_pages, counts.layout_drift) == (21, 1, False)  # 1/21 is under 5%
    assert sorted(counts.parsers) == ["cand/3", "generic/1"]  # cand.vn pages, and the odd one
