"""A night's extraction reads every page it can and counts the rest; one bad page never fails the night."""

from __future__ import annotations

from datetime import date, datetime, timezone
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
        "fetched_at": datetime(2025, 9, 25, 1, tzinfo=timezone.utc), "http_status": status,
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
