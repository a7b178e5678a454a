"""Compaction of old nights into monthly files, the analysts' exploded views, and the read-only lock."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.test_warehouse import article
from warehouse.compaction import MONTH_PREFIX, ROW_GROUP_ROWS, compact, monthly_files, nightly_files
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLES, SCHEMA_VERSION, SOURCE_HEALTH
from warehouse.storage import PART_FILE, write_partition
from warehouse.views import ReadOnlyError, check_read_only, connect

FIRST = date(2025, 8, 28)
NIGHTS = [FIRST + timedelta(days=n) for n in range(10)]  # 28/8 … 6/9: two months
SOURCES = ["nhandan", "cand", "baogialai"]


def health(source: str, day: date, stored: int) -> dict:
    return {"source": source, "crawl_date": day, "status": "ok", "failure": None, "pages_fetched": stored,
            "articles_parsed": stored, "articles_stored": stored, "duplicates_merged": 0, "missing_date": 0,
            "missing_body": 0, "parse_errors": 0, "http_errors": "{}", "finish_reason": "finished", "duration_s": 1.0,
            "parsers": []}  # fmt: skip


def write_night(root: Path, day: date, suffix: str = "") -> None:
    rows = [article(f"{day:%m%d}{source}{n}{suffix}", 8 + n, day, source) for source in SOURCES for n in range(day.day % 3 + 1)]
    write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), root, "articles", day)
    clusters = [{"article_id": r["article_id"], "cluster_id": r["article_id"], "is_canonical": True, "similarity": 1.0,
                 "crawl_date": day} for r in rows]  # fmt: skip
    write_partition(pa.Table.from_pylist(clusters, schema=ARTICLE_CLUSTERS), root, "article_clusters", day)
    write_partition(pa.Table.from_pylist([health(s, day, day.day % 3 + 1) for s in SOURCES], schema=SOURCE_HEALTH),
                    root, "source_health", day)  # fmt: skip


def snapshot(root: Path) -> dict[str, list[tuple]]:
    con = connect(root)
    return {view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall() for view in ("articles", "source_health", "stories")}


def test_compaction_folds_old_nights_into_sorted_monthly_files_and_changes_no_row(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    before = snapshot(tmp_path)

    result = compact(tmp_path, older_than=date(2025, 9, 4))  # 28/8 … 3/9 folded, 4/9 … 6/9 stay nightly

    assert (result.nights, result.months) == (3 * 7, 3 * 2)
    assert snapshot(tmp_path) == before
    for table in ("articles", "article_clusters", "source_health"):
        assert list(monthly_files(tmp_path, table)) == ["2025-08", "2025-09"]
        assert list(nightly_files(tmp_path, table)) == NIGHTS[-3:]
        assert not list(tmp_path.rglob("*.tmp"))
    monthly = pq.ParquetFile(monthly_files(tmp_path, "articles")["2025-09"])
    column = monthly.metadata.row_group(0).column(0)
    assert column.compression == "ZSTD" and column.statistics is not None
    assert monthly.metadata.schema.to_arrow_schema().metadata[b"schema_version"] == str(SCHEMA_VERSION).encode()
    rows = monthly.read(columns=["source", "crawl_date"]).to_pylist()
    assert rows == sorted(rows, key=lambda r: (r["source"], r["crawl_date"]))  # a source filter skips row groups
    assert {r["crawl_date"] for r in rows} == {date(2025, 9, 1), date(2025, 9, 2), date(2025, 9, 3)}


def test_a_night_rewritten_after_compaction_wins_and_the_next_compaction_folds_it(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    compact(tmp_path, older_than=date(2025, 9, 4))
    write_night(tmp_path, date(2025, 9, 2), suffix="-rerun")  # a backfill of a compacted night

    con = connect(tmp_path)
    ids = [i for (i,) in con.execute("SELECT article_id FROM articles WHERE crawl_date = DATE '2025-09-02' ORDER BY 1").fetchall()]
    assert ids and all(i.endswith("-rerun") for i in ids)  # the nightly file, not the monthly rows of that night
    assert con.execute("SELECT count(*) FROM source_health WHERE crawl_date = DATE '2025-09-02'").fetchall() == [(3,)]
    after_rerun = snapshot(tmp_path)

    compact(tmp_path, older_than=date(2025, 9, 4))
    assert snapshot(tmp_path) == after_rerun
    assert date(2025, 9, 2) not in nightly_files(tmp_path, "articles")


def test_only_tables_the_pipeline_never_reads_back_are_compacted(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="never compacted"):
        compact(tmp_path, older_than=date(2025, 9, 4), tables=("article_signatures",))
    assert ROW_GROUP_ROWS["articles"] < 1024 * 1024  # several row groups per month of articles
    assert MONTH_PREFIX == "crawl_month=" and PART_FILE == "part-0.parquet"


def test_cited_documents_and_places_explode_one_row_per_mention(tmp_path: Path) -> None:
    day = date(2025, 9, 22)
    first = {**article("a", 8, day), "cited_documents": ["57-NQ/TW", "343-QĐ/TW", "89-KH/ĐUCA"],
             "places": ["xã Trung Hưng", "tỉnh Hưng Yên", "thành phố Hà Nội", "thành phố Pleiku", "thị xã An Khê"]}
    second = {**article("b", 9, day, "nhandan"), "cited_documents": [], "places": []}  # fmt: skip
    write_partition(pa.Table.from_pylist([first, second], schema=ARTICLES), tmp_path, "articles", day)
    con = connect(tmp_path)
    assert con.execute("SELECT document, number, kind, kind_name, issuer, cluster_id FROM cited_documents ORDER BY 2").fetchall() == [
        ("57-NQ/TW", 57, "NQ", "Nghị quyết", "TW", "a"),
        ("89-KH/ĐUCA", 89, "KH", "Kế hoạch", "ĐUCA", "a"),
        ("343-QĐ/TW", 343, "QĐ", "Quyết định", "TW", "a"),
    ]
    assert con.execute("SELECT place, level, name, is_province FROM places").fetchall() == [
        ("xã Trung Hưng", "xã", "Trung Hưng", False),
        ("tỉnh Hưng Yên", "tỉnh", "Hưng Yên", True),
        ("thành phố Hà Nội", "thành phố", "Hà Nội", True),
        ("thành phố Pleiku", "thành phố", "Pleiku", False),
        ("thị xã An Khê", "thị xã", "An Khê", False),
    ]


def test_a_read_only_connection_reads_the_warehouse_and_nothing_else(tmp_path: Path) -> None:
    write_night(tmp_path / "warehouse", NIGHTS[0])
    (tmp_path / "secret.csv").write_text("a\n1\n")
    con = connect(tmp_path / "warehouse", read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3 * (NIGHTS[0].day % 3 + 1),)]
    with pytest.raises(Exception, match="Permission"):
        con.execute(f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')").fetchall()
    with pytest.raises(Exception, match="lock|configuration"):
        con.execute("SET enable_external_access = true")
    for statement in ["COPY articles TO 'x.parquet'", "EXPORT DATABASE 'x'", "ATTACH 'x.db'", "INSTALL httpfs",
                      "SELECT 1; COPY (SELECT 1) TO 'y.csv'"]:  # fmt: skip
        with pytest.raises(ReadOnlyError):
            check_read_only(statement)
    check_read_only("CREATE TEMP TABLE t AS SELECT * FROM articles; SELECT * FROM t")  # in memory: allowed
