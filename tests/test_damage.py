"""Damaged files are contained and named: one truncated file never takes the warehouse down."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.clusters import stored_nights
from tests.test_compaction import NIGHTS, write_night
from tests.test_warehouse import article
from warehouse.compaction import compact, monthly_files
from warehouse.locks import oldest_reader_start
from warehouse.quarantine import QUARANTINE_DIR, DamagedFileWarning, quarantined_files
from warehouse.report import write_report
from warehouse.schemas import ARTICLE_SIGNATURES, ARTICLES, RAW_PAGES
from warehouse.storage import partition_dir, write_partition
from warehouse.views import connect

DAMAGED = NIGHTS[4]  # 2025-09-01


def rows(root: Path, sql: str) -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DamagedFileWarning)
        return connect(root).execute(sql).fetchall()


def truncate(path: Path) -> int:
    """Cut a file to half its size, as a full disk or an interrupted copy leaves it; its new size."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return len(data) // 2


ARTICLES_SQL = "SELECT article_id, crawl_date, cluster_id, title FROM articles ORDER BY ALL"
DOCUMENTS_SQL = "SELECT article_id, document FROM cited_documents ORDER BY ALL"


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    for night in NIGHTS:
        write_night(tmp_path, night)
    return tmp_path


def test_a_healthy_warehouse_has_an_empty_health_view(warehouse: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DamagedFileWarning)
        connection = connect(warehouse)
    assert connection.execute("SELECT * FROM warehouse_health").fetchall() == []
    assert connection.execute("SELECT count(*) FROM articles").fetchall() == [(60,)]


def test_a_truncated_articles_file_is_quarantined_named_and_everything_else_stays_queryable(warehouse: Path) -> None:
    before = rows(warehouse, ARTICLES_SQL)
    documents_before = rows(warehouse, DOCUMENTS_SQL)
    damaged = partition_dir(warehouse, "articles", DAMAGED) / "part-0.parquet"
    size = truncate(damaged)

    with pytest.warns(DamagedFileWarning, match=str(damaged)):
        connection = connect(warehouse)

    lost = {row for row in before if row[1] == DAMAGED}
    assert len(lost) == 6  # the damaged night's articles, and only those
    assert connection.execute(ARTICLES_SQL).fetchall() == [row for row in before if row not in lost]
    assert connection.execute(DOCUMENTS_SQL).fetchall() == [row for row in documents_before if row[0] not in {r[0] for r in lost}]
    assert connection.execute("SELECT count(*) FROM stories").fetchall() == [(60 - 6,)]
    assert connection.execute("SELECT count(*) FROM source_health").fetchall() == [(30,)]  # its health rows stay
    ((table, partition, path, reason, status, _, size_bytes),) = connection.execute("SELECT * FROM warehouse_health").fetchall()
    assert (table, partition, path, status, size_bytes) == (
        "articles", "articles/crawl_date=2025-09-01", "articles/crawl_date=2025-09-01/part-0.parquet", "quarantined", size)  # fmt: skip
    assert "magic" in reason.lower() or "parquet" in reason.lower()
    # Moved aside, not deleted; a later session opens without a warning and still lists it.
    assert not damaged.exists()
    (record,) = quarantined_files(warehouse)
    assert (warehouse / record.moved_to).stat().st_size == size and record.moved_to.startswith(QUARANTINE_DIR)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DamagedFileWarning)
        assert rows(warehouse, "SELECT path, status FROM warehouse_health") == [(path, "quarantined")]


def test_report_and_compaction_run_on_a_warehouse_with_a_damaged_file(
    warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    damaged = partition_dir(warehouse, "article_clusters", NIGHTS[2]) / "part-0.parquet"
    truncate(damaged)
    with pytest.warns(DamagedFileWarning, match=str(damaged)):
        after = connect(warehouse).execute(ARTICLES_SQL).fetchall()
    # The night keeps its articles; without their cluster rows each is its own story.
    assert len(after) == 60 and all(cluster == article_id for article_id, night, cluster, _ in after if night == NIGHTS[2])

    report = write_report(NIGHTS[-1], warehouse, output=tmp_path_factory.mktemp("reports") / "night.html")
    assert "nhandan" in report.read_text(encoding="utf-8")

    articles_file = partition_dir(warehouse, "articles", NIGHTS[3]) / "part-0.parquet"
    truncate(articles_file)
    with pytest.warns(DamagedFileWarning, match=str(articles_file)):
        result = compact(warehouse, older_than=date(2025, 9, 4))
    assert (result.nights, result.months) == (3 * 7 - 1, 3 * 2)  # 30/8's cluster file was quarantined when read above
    assert list(monthly_files(warehouse, "articles")) == ["2025-08", "2025-09"]
    assert rows(warehouse, ARTICLES_SQL) == [row for row in after if row[1] != NIGHTS[3]]
    assert [Path(r.path).parent.name for r in quarantined_files(warehouse)] == ["crawl_date=2025-08-30", "crawl_date=2025-08-31"]


def test_a_session_that_cannot_move_the_file_leaves_it_out_and_names_it(warehouse: Path) -> None:
    before = rows(warehouse, ARTICLES_SQL)
    damaged = partition_dir(warehouse, "articles", DAMAGED) / "part-0.parquet"
    size = truncate(damaged)
    (warehouse / QUARANTINE_DIR).write_text("not a folder")  # the quarantine cannot be created

    with pytest.warns(DamagedFileWarning, match=f"{damaged}.*cannot be moved aside"):
        connection = connect(warehouse, read_only=True)

    assert connection.execute(ARTICLES_SQL).fetchall() == [row for row in before if row[1] != DAMAGED]
    assert connection.execute("SELECT path, status, size_bytes FROM warehouse_health").fetchall() == [
        ("articles/crawl_date=2025-09-01/part-0.parquet", "excluded", size)]  # fmt: skip
    assert damaged.stat().st_size == size  # left where it was


def test_a_session_is_pinned_to_the_files_listed_when_it_opened(warehouse: Path) -> None:
    compact(warehouse, older_than=date(2025, 9, 4))  # August and 1-3 September in monthly files
    session = connect(warehouse)
    assert oldest_reader_start(warehouse) is not None  # the session's reader lease: compaction waits for it
    before = session.execute(ARTICLES_SQL).fetchall()
    rerun = [article(f"rerun{n}", 9, NIGHTS[1], "cand") for n in range(2)]
    write_partition(pa.Table.from_pylist(rerun, schema=ARTICLES), warehouse, "articles", NIGHTS[1])  # a re-run of 29/8
    later = date(2025, 9, 7)
    write_partition(pa.Table.from_pylist([article("new", 9, later)], schema=ARTICLES), warehouse, "articles", later)

    # The open session: the monthly rows of 29/8 (its exclusion was computed when it opened), no 7/9.
    assert session.execute(ARTICLES_SQL).fetchall() == before
    # A new session: the re-run replaces the night's monthly rows, and the new night is there.
    fresh = rows(warehouse, ARTICLES_SQL)
    assert {r[0] for r in fresh if r[1] == NIGHTS[1]} == {"rerun0", "rerun1"}
    assert [r[0] for r in fresh if r[1] == later] == ["new"]
    assert len(fresh) == len(before) - len([r for r in before if r[1] == NIGHTS[1]]) + 2 + 1


def test_clustering_sets_aside_a_damaged_neighbour_signatures_file_and_reads_the_others(tmp_path: Path) -> None:
    def signatures(day: date, article_id: str) -> pa.Table:
        row = {"article_id": article_id, "source": "cand", "published_at": None, "event_date": None, "signature": [1] * 128,
               "shingle_count": 10, "bands": [1] * 33, "entities": [], "lead_entities": [], "crawl_date": day}  # fmt: skip
        return pa.Table.from_pylist([row], schema=ARTICLE_SIGNATURES)

    for n, night in enumerate(NIGHTS[:4]):
        write_partition(signatures(night, f"s{n}"), tmp_path, "article_signatures", night)
    damaged = partition_dir(tmp_path, "article_signatures", NIGHTS[1]) / "part-0.parquet"
    truncate(damaged)

    with pytest.warns(DamagedFileWarning, match=str(damaged)):
        stored = stored_nights(tmp_path, "article_signatures", NIGHTS[0], NIGHTS[3], skip=frozenset({NIGHTS[3]}))

    assert stored["article_id"].to_pylist() == ["s0", "s2"]
    assert [Path(r.path) for r in quarantined_files(tmp_path)] == [damaged.relative_to(tmp_path)]


def test_extraction_names_a_damaged_raw_pages_file_and_leaves_it_in_place(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.articles import extract_night
    from tests.test_extract_night import NIGHT, raw_page

    monkeypatch.setenv("BANTIN_STAGING", str(warehouse / "staging"))
    for source in ("cand", "nhandan"):
        page = raw_page(f"/{source}.html", "<html></html>") | {"source": source}
        write_partition(pa.Table.from_pylist([page], schema=RAW_PAGES), warehouse, "raw_pages", NIGHT, source)
    damaged = partition_dir(warehouse, "raw_pages", NIGHT, "nhandan") / "part-0.parquet"
    size = truncate(damaged)

    with pytest.raises(RuntimeError, match=f"raw_pages of {NIGHT}: unreadable file {damaged}"):
        extract_night(NIGHT, warehouse)
    assert damaged.stat().st_size == size  # the only copy of those pages stays for the operator


def test_bantin_query_answers_without_the_damaged_file_and_names_it(warehouse: Path) -> None:
    import subprocess
    import sys

    damaged = partition_dir(warehouse, "articles", DAMAGED) / "part-0.parquet"
    truncate(damaged)
    run = subprocess.run([sys.executable, "-m", "warehouse.cli", "--warehouse", str(warehouse), "query",
                          "SELECT count(*) AS n FROM articles", "--format", "csv"],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    assert (run.returncode, run.stdout) == (0, "n\n54\n")
    assert f"{damaged}: unreadable" in run.stderr and "moved to" in run.stderr


def test_a_damaged_monthly_file_loses_only_its_rows_and_the_next_compaction_writes_the_month_afresh(warehouse: Path) -> None:
    compact(warehouse, older_than=date(2025, 9, 1))  # August in a monthly file, September nightly
    before = rows(warehouse, ARTICLES_SQL)
    august = monthly_files(warehouse, "articles")["2025-08"]
    truncate(august)

    with pytest.warns(DamagedFileWarning, match=str(august)):
        assert connect(warehouse).execute(ARTICLES_SQL).fetchall() == [r for r in before if r[1].month != 8]
    late = [article("late", 9, NIGHTS[0], "cand")]  # a backfill of 28/8 after the damage
    write_partition(pa.Table.from_pylist(late, schema=ARTICLES), warehouse, "articles", NIGHTS[0])
    compact(warehouse, older_than=date(2025, 9, 1))

    assert [r[0] for r in rows(warehouse, ARTICLES_SQL) if r[1].month == 8] == ["late"]
    assert [Path(r.path).parent.name for r in quarantined_files(warehouse)] == ["crawl_month=2025-08"]
