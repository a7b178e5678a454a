"""Every night of the mirror's calendar through Airflow: every article's dates equal the sites' truth,
and re-running a night (a backfill of it) gives the same dates."""

from __future__ import annotations

from pathlib import Path

from mirror.corpus import calendar, load_corpus
from mirror.server import Mirror
from tests.airflow_runs import run_night
from tests.truth import served_url
from warehouse.views import connect


def stored_dates(root: Path) -> dict[tuple[str, str], tuple]:
    rows = (
        connect(root)
        .execute("SELECT source, url, published_at, published_date, event_date, published_method FROM articles")
        .fetchall()
    )
    return {(source, url): tuple(values) for source, url, *values in rows}


def test_every_article_of_every_night_has_the_true_publication_and_event_dates(
    mirror: Mirror, airflow_db: Path, warehouse: Path
) -> None:
    for night in calendar():
        assert run_night(night).state == "success", night

    stored = stored_dates(warehouse)
    corpus = load_corpus()
    assert len(stored) == len(corpus)
    for article in corpus:
        published_at, published_date, event_date, method = stored[(article.site, served_url(mirror, article))]
        assert (published_at, published_date) == (article.published_at, article.published_date), article.slug
        assert event_date == article.event_date, article.slug
        # Structured data, or the time the page shows: by its element's name, after a label, or in the chrome
        # above the title when the structured data gives the day alone (the generic reader's methods).
        assert method in {"json-ld", "meta", "byline", "byline-text", "byline-chrome"}

    middle = calendar()[len(calendar()) // 2]
    assert run_night(middle).state == "success"
    assert stored_dates(warehouse) == stored
