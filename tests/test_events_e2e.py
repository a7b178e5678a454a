"""Events and threads through Airflow: three nights of the labelled event sets, run in two orders, give the
same ``article_events``, ``events`` and ``threads``, and those events are the labelled ones.

The mirror serves the event sets (``start_mirror(event_sets=True)``); six of the sources that report on
those nights, and can reach them, are crawled, so a run stays short."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from mirror.corpus import MirrorArticle, load_event_sets
from mirror.server import Mirror, start_mirror
from sources import SOURCES_DIR
from tests.airflow_runs import run_night
from tests.truth import served_url
from warehouse.views import connect

# 6 August: the Chư Păh district congress; 15 August: the new Chư Păh committee's first meeting (one thread).
NIGHTS = [date(2025, 8, 6), date(2025, 8, 15), date(2025, 8, 16)]
# Sources whose discovery reaches back to a past night (sitemaps, paged lists): a root feed or a single
# section page lists only the newest articles, as on the real sites, so it cannot backfill August.
SOURCES = ("anninhthudo", "baogialai", "cand", "congan_hungyen", "dangcongsan", "nhandan")


@pytest.fixture(scope="module")
def event_mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mirror]:
    running = start_mirror(event_sets=True)
    folder = tmp_path_factory.mktemp("event-sources")
    for source in SOURCES:
        shutil.copy(SOURCES_DIR / f"{source}.yaml", folder)
    saved = {key: os.environ.get(key) for key in ("BANTIN_SOURCE_OVERRIDES", "BANTIN_SOURCES_DIR")}
    os.environ["BANTIN_SOURCE_OVERRIDES"] = str(running.write_overrides(folder / "overrides" / "sources.json"))
    os.environ["BANTIN_SOURCES_DIR"] = str(folder)
    yield running
    running.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def run_in_order(nights: list[date], root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANTIN_WAREHOUSE", str(root / "warehouse"))
    monkeypatch.setenv("BANTIN_STAGING", str(root / "staging"))
    for night in nights:
        assert run_night(night).state == "success", night


def outcome(root: Path) -> dict[str, list[tuple]]:
    connection = connect(root / "warehouse")
    queries = {
        "article_events": "SELECT article_id, event_id, is_first_report, matched, follows, crawl_date FROM article_events",
        "events": "SELECT event_id, title, reports, outlets, outlet_minutes, provinces, communes, matched_facts, follows FROM events",
        "threads": "SELECT thread_id, event_id, step, events_in_thread FROM threads",
        "urls": "SELECT a.url, e.event_id FROM articles AS a JOIN article_events AS e USING (article_id, crawl_date)",
    }
    return {name: sorted(connection.execute(sql).fetchall()) for name, sql in queries.items()}


def labelled(mirror: Mirror) -> list[MirrorArticle]:
    return [a for a in load_event_sets() if a.site in SOURCES and a.published_at.date() in NIGHTS]


def test_three_nights_in_two_orders_give_the_same_events_and_threads_and_the_labelled_ones(
    event_mirror: Mirror, airflow_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_in_order(NIGHTS, tmp_path / "in-order", monkeypatch)
    run_in_order([NIGHTS[2], NIGHTS[1], NIGHTS[0]], tmp_path / "reversed", monkeypatch)
    first, second = outcome(tmp_path / "in-order"), outcome(tmp_path / "reversed")
    assert first == second

    truth = labelled(event_mirror)
    event_of_url = dict(first["urls"])
    assert len(event_of_url) == len(truth)  # every labelled report of those nights is stored (no corpus article then)
    stored = {a.slug: event_of_url[served_url(event_mirror, a)] for a in truth}
    pairs = list(combinations(truth, 2))
    same_truth = {(a.slug, b.slug) for a, b in pairs if a.event == b.event}
    same_stored = {(a.slug, b.slug) for a, b in pairs if stored[a.slug] == stored[b.slug]}
    assert same_truth and same_stored <= same_truth  # no two events joined
    assert len(same_stored) / len(same_truth) >= 0.9

    # The Chư Păh congress (6 Aug) and its committee's first meeting (15 Aug) are one thread, its first step the congress.
    thread_of = {event: (thread, step) for thread, event, step, _ in first["threads"]}
    congress = {stored[a.slug] for a in truth if a.event == "pty-dh-chu-pah-2025-08-06"}
    meeting = {stored[a.slug] for a in truth if a.event == "pty-hnbch2-chu-pah-2025-08-15"}
    assert len(congress) == len(meeting) == 1
    (congress_event,), (meeting_event,) = congress, meeting
    assert thread_of[meeting_event] == (congress_event, 2)
    assert thread_of[congress_event] == (congress_event, 1)
    follows = {event: links for event, *_, links in first["events"]}
    assert [link["event_id"] for link in follows[meeting_event]] == [congress_event]
    assert any(fact.startswith("person:") for fact in follows[meeting_event][0]["matched"])
