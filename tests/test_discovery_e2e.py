"""Backfill then nightly through Airflow against the mirror: every article of the range is stored once
(windows-1258 pages included), a nightly run requests no article page the warehouse already holds,
re-running a night reads its stored pages instead of fetching them again, and an article found late
is stored once, under the night that found it."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from mirror.corpus import articles_on, load_corpus
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from sources import load_sources
from tests.airflow_runs import run_night
from tests.truth import expected_rows
from warehouse.views import connect

BACKFILL = [date(2025, 9, 21) + timedelta(days=n) for n in range(5)]  # 21 … 25 September
NIGHT = date(2025, 9, 26)  # the nightly run after the backfill; its lookback reaches 24 and 25
LOOKBACK = [NIGHT - timedelta(days=2), NIGHT - timedelta(days=1)]


# A list that shows no dates (dangcongsan, congan_tphcm, baonghean, baoquangninh) has its articles opened to
# date them: its requests are not the range's alone (tests/test_real_discovery.py checks it); what it
# stores is checked below like the others.
UNDATED = {name for name, source in load_sources().items() if source.discovery.kind == "listing" and not source.discovery.date}


def article_requests(mirror: Mirror) -> Counter[tuple[str, str]]:
    """(site, article path) -> how many times the mirror served it since its log was cleared."""
    paths = {(a.site, SITE_LAYOUTS[a.site].article_path(a)) for a in load_corpus() if a.site not in UNDATED}
    counts: Counter[tuple[str, str]] = Counter()
    for site, state in mirror.states.items():
        counts.update((site, path) for path, _ in state.requests if (site, path) in paths)
    return counts


def article_paths(days: list[date]) -> set[tuple[str, str]]:
    return {(a.site, SITE_LAYOUTS[a.site].article_path(a)) for day in days for a in articles_on(day) if a.site not in UNDATED}


def stored_rows(root: Path) -> list[tuple]:
    return connect(root).execute("SELECT source, url, crawl_date, title, lead, body FROM articles").fetchall()


def test_backfill_then_nightly_stores_each_article_once_and_refetches_nothing(
    mirror: Mirror, airflow_db: Path, warehouse: Path
) -> None:
    mirror.clear_requests()
    for night in BACKFILL:
        assert run_night(night).state == "success", night
    backfill_requests = article_requests(mirror)
    assert set(backfill_requests) == article_paths(BACKFILL)  # exactly the range's articles, nothing older or newer
    assert max(backfill_requests.values()) == 1  # and each once

    mirror.clear_requests()
    nightly = run_night(NIGHT, {"discovery": "nightly"})
    assert nightly.state == "success", nightly.task_states
    nightly_requests = article_requests(mirror)
    assert set(nightly_requests) == article_paths([NIGHT])  # the lookback found 24 and 25 stored: not fetched
    assert not set(nightly_requests) & set(backfill_requests)

    # Every article of the six nights is stored exactly once, under the night it was published.
    rows = stored_rows(warehouse)
    keys = Counter((source, url) for source, url, *_ in rows)
    assert max(keys.values()) == 1
    expected = {key: truth for night in [*BACKFILL, NIGHT] for key, truth in expected_rows(mirror, night).items()}
    assert set(keys) == set(expected)
    assert all(crawl_date == expected[(s, u)]["published_date"] for s, u, crawl_date, *_ in rows)
    assert_congan_hungyen_text_is_true(rows, expected)

    health = (
        connect(warehouse)
        .execute(
            "SELECT source, pages_fetched, pages_reused, pages_skipped FROM source_health WHERE crawl_date = $night ORDER BY source",
            {"night": NIGHT},
        )
        .fetchall()
    )
    tonight = Counter(a.site for a in articles_on(NIGHT))
    looked_back = Counter(a.site for day in LOOKBACK for a in articles_on(day))
    assert health == [(site, tonight[site], 0, looked_back[site]) for site in sorted(SITE_LAYOUTS)]

    # Re-running the night reads its stored pages: no article page is requested, the rows are the same.
    mirror.clear_requests()
    assert run_night(NIGHT, {"discovery": "nightly"}).state == "success"
    assert not article_requests(mirror)
    assert sorted(stored_rows(warehouse)) == sorted(rows)
    reused = dict(
        connect(warehouse)
        .execute("SELECT source, pages_reused FROM source_health WHERE crawl_date = $night", {"night": NIGHT})
        .fetchall()
    )
    assert reused == {site: tonight[site] for site in SITE_LAYOUTS}


def test_a_late_find_is_stored_once_under_the_night_that_found_it(mirror: Mirror, airflow_db: Path, warehouse: Path) -> None:
    night = NIGHT
    assert run_night(night).state == "success"  # night 26 only; 25 has not run (its items are "late")

    mirror.clear_requests()
    assert run_night(night, {"discovery": "nightly"}).state == "success"
    assert set(article_requests(mirror)) == article_paths(LOOKBACK)  # the lookback finds 24 and 25, unstored

    # Re-running night 26 as a backfill (its own day only) keeps what its nightly run found;
    # backfilling 24 and 25 afterwards fetches nothing: those articles belong to night 26.
    mirror.clear_requests()
    assert run_night(night).state == "success"
    for day in LOOKBACK:
        assert run_night(day).state == "success", day
    assert not article_requests(mirror)
    rows = stored_rows(warehouse)
    keys = Counter((source, url) for source, url, *_ in rows)
    expected = {key for day in [*LOOKBACK, night] for key in expected_rows(mirror, day)}
    assert set(keys) == expected and max(keys.values()) == 1
    assert {crawl_date for _, _, crawl_date, *_ in rows} == {night}


def assert_congan_hungyen_text_is_true(rows: list[tuple], expected: dict[tuple[str, str], dict]) -> None:
    """The site's pages (served in a legacy charset or in UTF-8) come out as the NFC text it published."""
    pages = [(key, row) for key, row in ((tuple(r[:2]), r[3:]) for r in rows) if key[0] == "congan_hungyen"]
    assert pages
    for key, (title, lead, body) in pages:
        truth = expected[key]
        assert (title, lead, body) == (truth["title"], truth["lead"], truth["body"]), key
        assert all(unicodedata.is_normalized("NFC", text) for text in (title, lead, body))
        assert any(letter in body for letter in "ươệđ")  # Vietnamese letters, not mojibake
