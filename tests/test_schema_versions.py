"""Partitions of every schema version that shipped (1, 2, 3, 4) read, queried and compacted as the current one.

The old schemas are rebuilt here from the history of warehouse/schemas.py:
version 1 (commit 4e0ed21): articles.cited_documents list<string>, no articles.parser_version, source_health
without pages_reused, pages_skipped, layout_drift, fallback_pages (and, in the first files of 61c343f,
an articles.cluster_id column); version 2 (a0857e7): cited_documents list<struct>, source_health
pages_reused and pages_skipped; version 3 (a0f9338): articles.parser_version, source_health layout_drift and
fallback_pages; version 4: the current schema (articles.outlet_tag).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.test_compaction import health
from tests.test_warehouse import article
from transforms.documents import citation
from warehouse.compaction import compact, monthly_files
from warehouse.schemas import ARTICLE_CLUSTERS, SCHEMA_VERSION, TABLES
from warehouse.storage import PART_FILE, partition_dir, write_partition
from warehouse.upgrade import file_version, upgrade_table
from warehouse.views import connect

NIGHT_V1, NIGHT_V2, NIGHT_V3, NIGHT_V4 = date(2025, 8, 10), date(2025, 8, 11), date(2025, 8, 12), date(2025, 8, 13)
V1_DOCUMENTS = ["12-NQ/TW", "89-KH/ĐUCA", "05-CT/TW"]
PLACES = ["tỉnh Gia Lai", "xã Ia Grai", "thành phố Hà Nội"]
ADDED_IN = {  # columns each version added, by table
    2: {"source_health": {"pages_reused", "pages_skipped"}},
    3: {"articles": {"parser_version"}, "source_health": {"layout_drift", "fallback_pages"}},
    4: {"articles": {"outlet_tag"}},
}


def old_schema(name: str, version: int) -> pa.Schema:
    """The schema of table ``name`` as version ``version`` wrote it."""
    later = {column for v, tables in ADDED_IN.items() if v > version for column in tables.get(name, set())}
    fields = [field for field in TABLES[name] if field.name not in later]
    if name == "articles" and version == 1:
        fields = [pa.field("cited_documents", pa.list_(pa.string())) if f.name == "cited_documents" else f for f in fields]
    return pa.schema(fields, metadata={"table": name, "schema_version": str(version)})


def old_path(root: Path, name: str, day: date | None = None, month: str | None = None) -> Path:
    directory = partition_dir(root, name, day) if day else root / name / f"crawl_month={month}"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / PART_FILE


def write_old(path: Path, rows: list[dict], name: str, version: int, schema: pa.Schema | None = None) -> None:
    """A file exactly as the writer of ``version`` left it (zstd, statistics, its schema's metadata)."""
    schema = schema or old_schema(name, version)
    table = pa.Table.from_pylist([{k: v for k, v in row.items() if k in schema.names} for row in rows], schema=schema)
    pq.write_table(table, path, compression="zstd", write_statistics=True)


def old_article(article_id: str, day: date, version: int) -> dict:
    row = article(article_id, 8, day) | {"places": PLACES, "schema_version": version, "parser_version": "2"}
    if version == 1:
        row["cited_documents"] = V1_DOCUMENTS
    return row


def old_health(source: str, day: date, version: int) -> dict:
    return health(source, day, 2) | {"pages_reused": 1, "pages_skipped": 3, "layout_drift": False, "fallback_pages": 0,
                                     "schema_version": version}  # fmt: skip


def clusters(rows: list[dict], day: date) -> pa.Table:
    return pa.Table.from_pylist([{"article_id": r["article_id"], "cluster_id": r["article_id"], "is_canonical": True,
                                  "similarity": 1.0, "crawl_date": day} for r in rows], schema=ARTICLE_CLUSTERS)  # fmt: skip


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """Four nights written by versions 1 to 4 of the writer, and a month compacted by version 1."""
    for version, night in ((1, NIGHT_V1), (2, NIGHT_V2), (3, NIGHT_V3), (4, NIGHT_V4)):
        rows = [old_article(f"v{version}-{n}", night, version) for n in range(2)]
        health_rows = [old_health(source, night, version) for source in ("cand", "nhandan")]
        if version < SCHEMA_VERSION:
            write_old(old_path(tmp_path, "articles", night), rows, "articles", version)
            write_old(old_path(tmp_path, "source_health", night), health_rows, "source_health", version)
        else:
            write_partition(pa.Table.from_pylist(rows, schema=TABLES["articles"]), tmp_path, "articles", night)
            write_partition(pa.Table.from_pylist(health_rows, schema=TABLES["source_health"]), tmp_path, "source_health", night)
        write_partition(clusters(rows, night), tmp_path, "article_clusters", night)
    july = date(2025, 7, 3)
    write_old(old_path(tmp_path, "articles", month="2025-07"), [old_article("m1", july, 1)], "articles", 1)
    write_old(old_path(tmp_path, "source_health", month="2025-07"), [old_health("cand", july, 1)], "source_health", 1)
    return tmp_path


EXPECTED_V1_DOCUMENTS = [  # document, number, kind, kind_name, year, issuer: what transforms.documents reads in each
    ("12-NQ/TW", 12, "NQ", "Nghị quyết", None, "TW"),
    ("89-KH/ĐUCA", 89, "KH", "Kế hoạch", None, "ĐUCA"),
    ("5-CT/TW", 5, "CT", "Chỉ thị", None, "TW"),
]
SNAPSHOT_SQL = {
    "articles": "SELECT * FROM articles ORDER BY article_id",
    "cited_documents": "SELECT * FROM cited_documents ORDER BY ALL",
    "places": "SELECT * FROM places ORDER BY ALL",
    "source_health": "SELECT * FROM source_health ORDER BY crawl_date, source",
    "stories": "SELECT * FROM stories ORDER BY cluster_id",
}


def snapshot(root: Path) -> dict[str, list[tuple]]:
    connection = connect(root)
    return {view: connection.execute(sql).fetchall() for view, sql in SNAPSHOT_SQL.items()}


def test_the_views_read_every_shipped_version_as_the_current_schema(warehouse: Path) -> None:
    connection = connect(warehouse)

    assert connection.execute(
        "SELECT crawl_date, schema_version, parser_version, count(*) FROM articles GROUP BY ALL ORDER BY 1"
    ).fetchall() == [
        (date(2025, 7, 3), 1, None, 1),
        (NIGHT_V1, 1, None, 2),
        (NIGHT_V2, 2, None, 2),
        (NIGHT_V3, 3, "2", 2),
        (NIGHT_V4, 4, "2", 2),
    ]
    documents = connection.execute(
        "SELECT crawl_date, document, number, kind, kind_name, year, issuer FROM cited_documents "
        "WHERE article_id = 'v1-0' OR article_id = 'v2-0' ORDER BY crawl_date, document"
    ).fetchall()
    assert documents == sorted([(NIGHT_V1, *d) for d in EXPECTED_V1_DOCUMENTS]) + [
        (NIGHT_V2, "12-NQ/TW", 12, "NQ", "Nghị quyết", None, "TW")]  # fmt: skip
    fields: tuple[Literal["document", "number", "kind", "kind_name", "year", "issuer"], ...]
    fields = ("document", "number", "kind", "kind_name", "year", "issuer")
    assert EXPECTED_V1_DOCUMENTS == [tuple(citation(d[0])[f] for f in fields) for d in EXPECTED_V1_DOCUMENTS]
    assert connection.execute(
        "SELECT place, level, province_2025 FROM places WHERE article_id = 'v1-0' ORDER BY place"
    ).fetchall() == [("thành phố Hà Nội", "thành phố", "Hà Nội"), ("tỉnh Gia Lai", "tỉnh", "Gia Lai"), ("xã Ia Grai", "xã", None)]
    assert connection.execute(
        "SELECT crawl_date, pages_reused, pages_skipped, layout_drift, fallback_pages FROM source_health "
        "WHERE source = 'cand' ORDER BY 1"
    ).fetchall() == [(date(2025, 7, 3), None, None, None, None), (NIGHT_V1, None, None, None, None),
                     (NIGHT_V2, 1, 3, None, None), (NIGHT_V3, 1, 3, False, 0), (NIGHT_V4, 1, 3, False, 0)]  # fmt: skip
    assert connection.execute("SELECT count(*) FROM stories").fetchall() == [(9,)]  # 2 per night, 1 for July


def test_compaction_upgrades_old_files_and_changes_no_answer(warehouse: Path) -> None:
    before = snapshot(warehouse)

    result = compact(warehouse, older_than=date(2025, 9, 1))

    assert (result.nights, result.months) == (12, 3)  # 4 nights x 3 tables into August; July has no nightly file
    assert snapshot(warehouse) == before
    for table in ("articles", "source_health"):
        august, july = monthly_files(warehouse, table)["2025-08"], monthly_files(warehouse, table)["2025-07"]
        assert file_version(pq.read_schema(august).metadata) == SCHEMA_VERSION
        assert pq.read_schema(august).remove_metadata() == TABLES[table].remove_metadata()
        assert file_version(pq.read_schema(july).metadata) == 1  # untouched: `bantin doctor --upgrade` rewrites it


def test_upgrade_table_and_the_views_agree_on_every_version(warehouse: Path) -> None:
    connection = connect(warehouse)
    for night in (NIGHT_V1, NIGHT_V2, NIGHT_V3, NIGHT_V4):
        for name in ("articles", "source_health"):
            upgraded = upgrade_table(pq.read_table(partition_dir(warehouse, name, night) / PART_FILE), name)
            view = "article_rows" if name == "articles" else name
            from_views = connection.execute(f"SELECT * FROM {view} WHERE crawl_date = $night", {"night": night}).fetchall()
            assert upgraded.schema.remove_metadata() == TABLES[name].remove_metadata()
            assert [tuple(row.values()) for row in upgraded.to_pylist()] == from_views


def test_a_first_version_file_with_an_articles_cluster_id_column(tmp_path: Path) -> None:
    schema = old_schema("articles", 1).insert(17, pa.field("cluster_id", pa.string(), nullable=False))
    rows = [old_article("a", NIGHT_V1, 1) | {"cluster_id": "stale"}, old_article("b", NIGHT_V1, 1) | {"cluster_id": "stale"}]
    write_old(old_path(tmp_path, "articles", NIGHT_V1), rows, "articles", 1, schema)
    write_partition(
        clusters(rows, NIGHT_V1).set_column(1, "cluster_id", pa.array(["a", "a"])), tmp_path, "article_clusters", NIGHT_V1
    )

    connection = connect(tmp_path)

    assert "cluster_id" not in [d[0] for d in connection.execute("SELECT * FROM article_rows").description]
    assert connection.execute("SELECT article_id, cluster_id FROM articles ORDER BY 1").fetchall() == [("a", "a"), ("b", "a")]
    assert "cluster_id" not in upgrade_table(pq.read_table(old_path(tmp_path, "articles", NIGHT_V1)), "articles").column_names
