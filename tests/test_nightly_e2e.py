"""The whole night through Airflow against the mirror over HTTP, read back with DuckDB.

Each run is a real ``dag.test()``: mapped Scrapy crawls in their own processes, extraction,
deduplication, atomic publishing and the quality check.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from mirror.corpus import articles_on
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from pipeline.quality import QualityError, check_night
from sources import SOURCES_DIR, SOURCES_DIR_ENV
from tests.airflow_runs import pipeline_under, run_night
from tests.truth import expected_rows
from warehouse.views import connect

BUSY_DAY = date(2025, 9, 24)
EARLIER_NIGHT = date(2025, 9, 23)  # the night before the busy day
NIGHTS_IN_ORDER = [date(2025, 9, 24), date(2025, 9, 25), date(2025, 9, 26)]
# Columns that record when something really happened (fetch time, crawl duration), not derived values.
OBSERVED_COLUMNS = {"raw_pages": ("fetched_at", "headers"), "source_health": ("duration_s", "pages_reused")}


def stored_articles(root: Path, day: date) -> dict[tuple[str, str], dict]:
    rows = (
        connect(root)
        .execute(
            "SELECT source, url, title, lead, outlet_tag, body, published_at, published_date, event_date "
            "FROM articles WHERE crawl_date = $day",
            {"day": day},
        )
        .fetchall()
    )
    keys = [(source, url) for source, url, *_ in rows]
    assert len(keys) == len(set(keys)), "an article is stored twice"
    names = ("title", "lead", "outlet_tag", "body", "published_at", "published_date", "event_date")
    return {(source, url): dict(zip(names, values)) for source, url, *values in rows}


def table_snapshot(root: Path) -> dict[str, list[tuple]]:
    """Every row of every table, minus the observed-time columns, in a stable order."""
    connection = connect(root)
    snapshot = {}
    for table in ("raw_pages", "articles", "source_health"):
        columns = [
            c for (c, *_) in connection.execute(f"DESCRIBE {table}").fetchall() if c not in OBSERVED_COLUMNS.get(table, ())
        ]
        listed = ", ".join(columns)
        snapshot[table] = connection.execute(f"SELECT {listed} FROM {table} ORDER BY ALL").fetchall()
    return snapshot


@pytest.fixture(scope="module")
def nights_in_order(mirror: Mirror, airflow_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of ``NIGHTS_IN_ORDER``, each run once in calendar order (tests copy it before changing it)."""
    with pipeline_under(tmp_path_factory.mktemp("in-order")) as warehouse:
        for night in NIGHTS_IN_ORDER:
            assert run_night(night).state == "success", night
    return warehouse


def test_busy_day_is_stored_exactly_as_the_sites_published_it(mirror: Mirror, airflow_db: Path, warehouse: Path) -> None:
    assert {a.site for a in articles_on(BUSY_DAY)} == set(SITE_LAYOUTS), "the busy day should cover every site"

    run = run_night(BUSY_DAY)

    assert run.state == "success", run.task_states
    expected = expected_rows(mirror, BUSY_DAY)
    stored = stored_articles(warehouse, BUSY_DAY)
    assert set(stored) == set(expected)
    for key, truth in expected.items():
        row = stored[key]
        assert row["title"] == truth["title"], key
        assert row["body"] == truth["body"], key
        assert row["lead"] == truth["lead"], key
        assert row["outlet_tag"] == truth["outlet_tag"], key
        assert row["published_at"] == truth["published_at"], key
        assert row["published_date"] == truth["published_date"] == BUSY_DAY, key
        assert row["event_date"] == truth["event_date"], key
    health = (
        connect(warehouse)
        .execute(
            "SELECT source, status, pages_fetched, articles_stored FROM source_health WHERE crawl_date = $day ORDER BY source",
            {"day": BUSY_DAY},
        )
        .fetchall()
    )
    per_site = {site: sum(1 for s, _ in expected if s == site) for site in SITE_LAYOUTS}
    assert health == [(site, "ok", per_site[site], per_site[site]) for site in sorted(SITE_LAYOUTS)]
    # congan_hungyen serves windows-1258: its article arrives as NFC text and was read by its own parser.
    legacy = (
        connect(warehouse)
        .execute(
            "SELECT r.encoding, a.title, a.body, a.parser, a.parser_version FROM raw_pages r JOIN articles a USING (url) "
            "WHERE r.source = 'congan_hungyen' AND r.crawl_date = $day",
            {"day": BUSY_DAY},
        )
        .fetchall()
    )
    assert legacy and all(encoding == "windows-1258" for encoding, *_ in legacy)
    for _, title, body, parser, version in legacy:
        assert title == unicodedata.normalize("NFC", title) and body == unicodedata.normalize("NFC", body)
        assert (parser, version) == ("congan_hungyen", "1")
    assert {row[1] for row in legacy} <= {truth["title"] for (site, _), truth in expected.items() if site == "congan_hungyen"}
    drift = (
        connect(warehouse)
        .execute(
            "SELECT bool_or(layout_drift), sum(fallback_pages) FROM source_health WHERE crawl_date = $day", {"day": BUSY_DAY}
        )
        .fetchone()
    )
    assert drift == (False, 0)


def test_rerunning_a_night_leaves_exactly_the_same_rows(mirror: Mirror, airflow_db: Path, warehouse: Path) -> None:
    assert run_night(BUSY_DAY).state == "success"
    first = table_snapshot(warehouse)
    assert run_night(BUSY_DAY).state == "success"
    assert table_snapshot(warehouse) == first
    assert len(first["articles"]) == len(articles_on(BUSY_DAY))


def test_rerunning_the_middle_of_three_nights_changes_nothing(
    mirror: Mirror, airflow_db: Path, nights_in_order: Path, warehouse: Path
) -> None:
    shutil.copytree(nights_in_order, warehouse)
    before = table_snapshot(warehouse)
    assert run_night(NIGHTS_IN_ORDER[1]).state == "success"
    assert table_snapshot(warehouse) == before
    counts = dict(connect(warehouse).execute("SELECT crawl_date, count(*) FROM articles GROUP BY 1").fetchall())
    assert counts == {night: len(articles_on(night)) for night in NIGHTS_IN_ORDER}


@pytest.mark.parametrize("broken_site", ["nhandan"])
def test_a_failing_site_is_recorded_and_the_others_publish(
    broken_site: str, mirror: Mirror, airflow_db: Path, warehouse: Path
) -> None:
    mirror.fail_site(broken_site, 500)
    try:
        run = run_night(BUSY_DAY)
    finally:
        mirror.fail_site(broken_site, None)

    assert run.state == "failed"  # the run reports the failure
    assert run.task_states[f"crawl[{broken_site}]"] == "failed"
    assert run.task_states["publish"] == "success"
    assert run.task_states["quality_check"] == "failed"
    health = dict(
        connect(warehouse)
        .execute("SELECT source, status FROM source_health WHERE crawl_date = $day", {"day": BUSY_DAY})
        .fetchall()
    )
    assert health == {site: ("failed" if site == broken_site else "ok") for site in SITE_LAYOUTS}
    failure = (
        connect(warehouse)
        .execute("SELECT failure, http_errors FROM source_health WHERE source = $s", {"s": broken_site})
        .fetchall()[0]
    )
    assert "discovery" in failure[0] and '"500"' in failure[1]
    assert set(stored_articles(warehouse, BUSY_DAY)) == set(expected_rows(mirror, BUSY_DAY, skip_sites=(broken_site,)))


def test_an_invalid_source_file_fails_its_own_task_and_the_others_publish(
    mirror: Mirror, airflow_db: Path, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (sources / "broken_site.yaml").write_text("name: broken_site\ndiscovery: {kind: rss, url: /rss}\n", encoding="utf-8")
    (sources / "Bad Name.yaml").write_text("name: bad\n", encoding="utf-8")
    monkeypatch.setenv(SOURCES_DIR_ENV, str(sources))

    run = run_night(BUSY_DAY)

    assert run.state == "failed"
    assert run.task_states["crawl[broken_site]"] == "failed"
    assert all(run.task_states[f"crawl[{site}]"] == "success" for site in SITE_LAYOUTS)
    assert run.task_states["publish"] == "success"
    health = dict(
        connect(warehouse)
        .execute("SELECT source, failure FROM source_health WHERE crawl_date = $day", {"day": BUSY_DAY})
        .fetchall()
    )
    assert set(health) == {*SITE_LAYOUTS, "broken_site"}
    assert health["broken_site"] == "invalid source file: broken_site.yaml: missing required field 'base_url'"
    assert all(health[site] is None for site in SITE_LAYOUTS)
    assert set(stored_articles(warehouse, BUSY_DAY)) == set(expected_rows(mirror, BUSY_DAY))
    with pytest.raises(QualityError, match=r"invalid source file: Bad Name.yaml: missing required field 'base_url'"):
        check_night(BUSY_DAY, warehouse)


def cluster_state(root: Path) -> dict[str, list[tuple]]:
    connection = connect(root)
    return {
        "clusters": connection.execute(
            "SELECT source, url, cluster_id, is_canonical, round(similarity, 4) FROM articles ORDER BY source, url"
        ).fetchall(),
        "stories": connection.execute(
            "SELECT cluster_id, canonical_article_id, articles, outlets FROM stories ORDER BY 1"
        ).fetchall(),
    }


def test_clusters_ids_and_canonicals_do_not_depend_on_the_order_of_nights(
    mirror: Mirror, airflow_db: Path, nights_in_order: Path, warehouse: Path
) -> None:
    nights = NIGHTS_IN_ORDER
    for night in [nights[2], nights[0], nights[1]]:
        assert run_night(night).state == "success", night
    states = [cluster_state(nights_in_order), cluster_state(warehouse)]
    assert states[0] == states[1]
    # The ministry's report (cand and baochinhphu on the 24th, nhandan on the 25th) is one story, first told by cand.
    merged = {tuple(outlets): canonical for _, canonical, count, outlets in states[0]["stories"] if count > 1}
    canonical_source = (
        connect(nights_in_order)
        .execute("SELECT source FROM articles WHERE article_id = $id", {"id": merged[("baochinhphu", "cand", "nhandan")]})
        .fetchall()
    )
    assert canonical_source == [("cand",)]
    truth: dict[str, set[str]] = {}
    for article in [a for night in nights for a in articles_on(night)]:
        truth.setdefault(article.story, set()).add(article.site)
    republished = sorted(tuple(sorted(sites)) for sites in truth.values() if len(sites) > 1)
    assert sorted(tuple(o) for _, _, count, o in states[0]["stories"] if count > 1) == republished


def test_a_damaged_partition_of_an_earlier_night_is_set_aside_and_the_next_night_publishes(
    mirror: Mirror, airflow_db: Path, warehouse: Path
) -> None:
    earlier, night = EARLIER_NIGHT, BUSY_DAY
    assert run_night(earlier).state == "success"
    damaged = warehouse / "articles" / f"crawl_date={earlier}" / "part-0.parquet"
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])  # a disk that filled up mid-copy

    run = run_night(night)

    assert run.state == "success", run.task_states
    health = (
        connect(warehouse)
        .execute("SELECT source, status FROM source_health WHERE crawl_date = $day ORDER BY source", {"day": night})
        .fetchall()
    )
    assert health == [(site, "ok") for site in sorted(SITE_LAYOUTS)]
    assert set(stored_articles(warehouse, night)) == set(expected_rows(mirror, night))
    assert not damaged.exists()  # moved aside, named, and listed for the analysts
    listed = connect(warehouse).execute("SELECT path, status FROM warehouse_health").fetchall()
    assert listed == [(f"articles/crawl_date={earlier}/part-0.parquet", "quarantined")]
