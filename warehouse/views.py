"""DuckDB views over the warehouse: what analysts open.

``connect()`` returns an in-memory DuckDB connection with one view per table (``raw_pages``,
``articles``, ``source_health``) plus ``stories``: one row per cluster with its canonical article
(the earliest published member; ties broken by article id) and the outlets that ran it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.schemas import TABLES
from warehouse.storage import PART_FILE, warehouse_root

STORIES_SQL = """
CREATE OR REPLACE VIEW stories AS
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY cluster_id ORDER BY published_at NULLS LAST, article_id) AS rank
    FROM articles
)
SELECT
    cluster_id,
    max(CASE WHEN rank = 1 THEN article_id END) AS canonical_article_id,
    max(CASE WHEN rank = 1 THEN title END) AS title,
    max(CASE WHEN rank = 1 THEN source END) AS first_source,
    min(published_at) AS first_published_at,
    count(*) AS articles,
    list(DISTINCT source ORDER BY source) AS outlets
FROM ranked
GROUP BY cluster_id
"""


def _table_files(root: Path, table: str) -> str:
    return (root / table / "**" / PART_FILE).as_posix()


def connect(root: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the warehouse's views; tables with no data yet are empty views."""
    root = root or warehouse_root()
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    for table, schema in TABLES.items():
        directory = root / table
        if directory.exists() and any(directory.rglob(PART_FILE)):
            files = _table_files(root, table).replace("'", "''")
            connection.execute(
                f"CREATE OR REPLACE VIEW {table} AS "
                f"SELECT * FROM read_parquet('{files}', hive_partitioning = false, union_by_name = true)"
            )
        else:
            connection.register(f"_empty_{table}", schema.empty_table())
            connection.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM _empty_{table}")
    connection.execute(STORIES_SQL)
    return connection
