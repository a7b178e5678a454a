"""The mirror's archive nights through Airflow, each as its own run (a backfill of it): every article's
dates equal the sites' truth.

The archive nights are the calendar's nights before the analysts' demo weeks: a single old article
(2022, 2024, early September 2025) that discovery reaches by paging back through a listing. The demo
weeks' nights are checked the same way on the demo warehouse (``tests/test_analysts.py``), and
re-running a night leaves every column as it was (``tests/test_nightly_e2e.py``)."""

from __future__ import annotations

from pathlib import Path

from mirror.corpus import articles_on, calendar
from mirror.server import Mirror
from tests.airflow_runs import run_night
from tests.demo_warehouse import NIGHTS as DEMO_NIGHTS
from tests.truth import served_url
from warehouse.views import connect


def stored_dates(root: Path) -> dict[tuple[str, str], tuple]:
    rows = (
        connect(root)
        .execute("SELECT source, url, published_at, published_date, event_date, published_method FROM articles")
        .fetchall()
    )
    return {(source, url): tuple(values) for source, url, *values in rows}


def test_every_article_of_every_archive_night_has_the_true_publication_and_event_dates(
    mirror: Mirror, airflow_db: Path, warehouse: Path
) -> None:
    archive = [night for night in calendar() if night < DEMO_NIGHTS[0]]
    assert len(archive) == 3 and set(calendar()) == set(archive) | set(DEMO_NIGHTS)  # the demo covers the rest
    for night in archive:
        assert run_night(night).state == "success", night

    stored = stored_dates(warehouse)
    articles = [article for night in archive for article in articles_on(night)]
    assert len(stored) == len(articles)
    for article in articles:
        published_at, published_date, event_date, method = stored[(article.site, served_url(mirror, article))]
        assert (published_at, published_date) == (article.published_at, article.published_date), article.slug
        assert event_date == article.event_date, article.slug
        assert method in {"json-ld", "meta", "byline", "byline-text", "byline-chrome"}
