"""Events and threads in the warehouse, without Airflow: two weeks of the labelled event sets staged as
extracted articles and published night by night in several orders (forward, backward, shuffled, with a
re-run) give the same ``article_events``; those events are the labelled ones, and the ``threads`` view
agrees with ``transforms.events.assign_threads`` on the same articles."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import pytest

from mirror.corpus import MirrorArticle, load_event_sets
from pipeline.clusters import deduplicate_night
from pipeline.publish import publish_night
from sources import load_sources
from tests.staged import stage_extracted
from transforms.dedup import content_sha256
from transforms.events import assign_events, assign_threads
from transforms.ids import article_id
from transforms.text import normalize_text, word_count
from warehouse.schemas import SCHEMA_VERSION, Row
from warehouse.views import connect

FIRST, LAST = date(2025, 8, 2), date(2025, 8, 16)
NIGHTS = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


def reports() -> list[MirrorArticle]:
    return [a for a in load_event_sets() if FIRST <= a.published_at.date() <= LAST]


def article_row(article: MirrorArticle) -> Row:
    """The ``articles`` row extraction would store for the labelled report (crawled on its publication day)."""
    url = f"https://{article.site}.example.vn/{article.slug}.html"
    lead, body = normalize_text(article.lead), "\n\n".join(normalize_text(p) for p in article.body)
    day = article.published_at.date()
    return {"article_id": article_id(url), "source": article.site, "url": url, "canonical_url": url,
            "title": normalize_text(article.title), "lead": lead, "outlet_tag": None, "body": body,
            "authors": list(article.authors), "published_at": article.published_at, "published_date": day,
            "published_text": f"{article.published_at:%H:%M %d/%m/%Y}", "published_method": "byline",
            "event_date": article.event_date, "event_text": None, "cited_documents": [], "places": [],
            "word_count": word_count(f"{lead} {body}"), "content_sha256": content_sha256(lead, body),
            "parser": "generic", "parser_version": None, "crawl_date": day, "schema_version": SCHEMA_VERSION}  # fmt: skip


def process(day: date, rows: list[Row]) -> None:
    """What crawl and extract leave in staging for ``day``, then deduplicate and publish."""
    stage_extracted(day, rows)
    deduplicate_night(day)
    publish_night(day)


def run(order: list[date], base: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple]]:
    monkeypatch.setenv("BANTIN_WAREHOUSE", str(base / "warehouse"))
    monkeypatch.setenv("BANTIN_STAGING", str(base / "staging"))
    rows_of = {night: [article_row(a) for a in reports() if a.published_at.date() == night] for night in NIGHTS}
    for night in order:
        process(night, rows_of[night])
    connection = connect(base / "warehouse")
    return {
        "article_events": sorted(connection.execute("SELECT * FROM article_events").fetchall()),
        "threads": sorted(connection.execute("SELECT thread_id, event_id, step FROM threads").fetchall()),
        "events": sorted(connection.execute("SELECT event_id, reports, outlets, outlet_minutes FROM events").fetchall()),
    }


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[tuple]]]:
    shuffled = NIGHTS.copy()
    random.Random(15).shuffle(shuffled)
    runs = {"forward": NIGHTS, "backward": NIGHTS[::-1], "shuffled, a night re-run": [*shuffled, NIGHTS[7]]}
    with pytest.MonkeyPatch.context() as patch:
        return {name: run(order, tmp_path_factory.mktemp("events"), patch) for name, order in runs.items()}


def test_any_order_of_nights_gives_the_same_events_and_threads(orders: dict[str, dict[str, list[tuple]]]) -> None:
    forward = orders["forward"]
    assert len(forward["article_events"]) == len(reports())
    for name, outcome in orders.items():
        assert outcome == forward, name


def test_the_stored_events_are_the_labelled_events_and_agree_with_the_pure_function(
    orders: dict[str, dict[str, list[tuple]]],
) -> None:
    labelled = reports()
    stored = {row[0]: row[1] for row in orders["forward"]["article_events"]}  # article_id -> event_id
    ids = [article_id(f"https://{a.site}.example.vn/{a.slug}.html") for a in labelled]
    events = [stored[i] for i in ids]
    pairs = list(combinations(range(len(labelled)), 2))
    same_truth = {(i, j) for i, j in pairs if labelled[i].event == labelled[j].event}
    same_stored = {(i, j) for i, j in pairs if events[i] == events[j]}
    precision = len(same_stored & same_truth) / len(same_stored)
    recall = len(same_stored & same_truth) / len(same_truth)
    # These two weeks score 1.000 / 0.894 (the whole sets' floor, 0.97 / 0.90, is held by tests/test_events.py).
    assert precision >= 0.97 and recall >= 0.85, (precision, recall)

    # The pure function on the same articles, as one batch, gives the same events and threads.
    records = [{**article_row(a), "body": f"{article_row(a)['lead']}\n{article_row(a)['body']}",
                "home_province": load_sources()[a.site].province} for a in labelled]  # fmt: skip
    assert assign_events(records) == events
    threads = assign_threads(records, events)
    stored_threads = {event: thread for thread, event, _ in orders["forward"]["threads"]}
    assert [stored_threads.get(e, e) for e in events] == threads
    assert len(set(threads)) < len(set(events))  # some events of these two weeks follow others up
