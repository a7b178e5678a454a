"""The partition writer and the analysts' DuckDB views."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms.documents import citation
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLES, SCHEMA_VERSION, SOURCE_HEALTH
from warehouse.storage import PART_FILE, partition_dir, write_partition
from warehouse.views import connect

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def article(article_id: str, hour: int, day: date = date(2025, 9, 22), source: str = "cand") -> dict:
    return {
        "article_id": article_id, "source": source, "url": f"https://x.vn/{article_id}", "canonical_url": f"https://x.vn/{article_id}",
        "title": f"Tiêu đề {article_id}", "lead": "Sáng 22/9, ...", "body": "Nội dung.", "authors": ["A"],
        "published_at": datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM), "published_date": day,
        "published_text": "x", "published_method": "json-ld", "event_date": day, "event_text": "22/9",
        "cited_documents": [citation("12-NQ/TW")], "places": [], "word_count": 3, "content_sha256": "0" * 64,
        "parser": "generic-selectors/1", "crawl_date": day, "schema_version": SCHEMA_VERSION,
    }  # fmt: skip


def test_rewriting_a_partition_replaces_only_that_partition(tmp_path: Path) -> None:
    first, second = date(2025, 9, 22), date(2025, 9, 23)
    write_partition(pa.Table.from_pylist([article("a", 8), article("b", 9)], schema=ARTICLES), tmp_path, "articles", first)
    write_partition(pa.Table.from_pylist([article("c", 9, second)], schema=ARTICLES), tmp_path, "articles", second)
    write_partition(pa.Table.from_pylist([article("d", 10)], schema=ARTICLES), tmp_path, "articles", first)

    rows = connect(tmp_path).execute("SELECT crawl_date, article_id FROM articles ORDER BY 1, 2").fetchall()
    assert rows == [(first, "d"), (second, "c")]
    leftovers = [p.name for p in partition_dir(tmp_path, "articles", first).iterdir()]
    assert leftovers == [PART_FILE]  # no temporary file left behind


def test_written_files_carry_schema_version_zstd_and_statistics(tmp_path: Path) -> None:
    path = write_partition(pa.Table.from_pylist([article("a", 8)], schema=ARTICLES), tmp_path, "articles", date(2025, 9, 22))
    metadata = pq.ParquetFile(path)
    assert metadata.schema_arrow.metadata[b"schema_version"] == str(SCHEMA_VERSION).encode()
    column = metadata.metadata.row_group(0).column(0)
    assert column.compression == "ZSTD" and column.statistics is not None


def test_a_table_missing_a_column_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    incomplete = pa.table({"source": ["cand"]})
    with pytest.raises(ValueError, match="missing columns"):
        write_partition(incomplete, tmp_path, "source_health", date(2025, 9, 22))
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("*.tmp"))


def test_a_source_name_cannot_escape_the_warehouse(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="could leave the warehouse"):
        partition_dir(tmp_path, "raw_pages", date(2025, 9, 22), source="../../../../etc")


def test_articles_view_carries_clusters_and_stories_name_the_outlets(tmp_path: Path) -> None:
    day = date(2025, 9, 22)
    rows = [article("late", 15, source="cand"), article("early", 9, source="nhandan"), article("alone", 10)]
    write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), tmp_path, "articles", day)
    clusters = [
        {"article_id": "early", "cluster_id": "early", "is_canonical": True, "similarity": 1.0, "crawl_date": day},
        {"article_id": "late", "cluster_id": "early", "is_canonical": False, "similarity": 0.75, "crawl_date": day},
        {"article_id": "alone", "cluster_id": "alone", "is_canonical": True, "similarity": 1.0, "crawl_date": day},
    ]
    write_partition(pa.Table.from_pylist(clusters, schema=ARTICLE_CLUSTERS), tmp_path, "article_clusters", day)
    connection = connect(tmp_path)
    assert connection.execute("SELECT article_id, cluster_id, is_canonical FROM articles ORDER BY 1").fetchall() == [
        ("alone", "alone", True),
        ("early", "early", True),
        ("late", "early", False),
    ]
    stories = connection.execute("SELECT cluster_id, canonical_article_id, articles, outlets FROM stories ORDER BY 1").fetchall()
    assert stories == [("alone", "alone", 1, ["cand"]), ("early", "early", 2, ["cand", "nhandan"])]


def test_views_of_an_empty_warehouse_are_empty_but_typed(tmp_path: Path) -> None:
    connection = connect(tmp_path)
    assert connection.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]
    columns = [name for name, *_ in connection.execute("DESCRIBE source_health").fetchall()]
    assert columns == SOURCE_HEALTH.names
