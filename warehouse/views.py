"""DuckDB views over the warehouse: what analysts open.

``connect()`` returns an in-memory DuckDB connection with one view per table (``raw_pages``,
``article_signatures``, ``article_clusters``, ``source_health``), ``articles`` with each article's
``cluster_id``, ``is_canonical`` and ``similarity`` joined in, and ``stories``: one row per cluster
with its canonical article (the earliest published member) and the outlets that ran it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.schemas import TABLES
from warehouse.storage import PART_FILE, warehouse_root

ARTICLES_SQL = """
CREATE OR REPLACE VIEW articles AS
SELECT a.*, coalesce(c.cluster_id, a.article_id) AS cluster_id, coalesce(c.is_canonical, true) AS is_canonical,
       coalesce(c.similarity, 1.0) AS similarity
FROM article_rows AS a LEFT JOIN article_clusters AS c USING (article_id)
"""

STORIES_SQL = """
CREATE OR REPLACE VIEW stories AS
SELECT
    cluster_id,
    any_value(article_id) FILTER (WHERE is_canonical) AS canonical_article_id,
    any_value(title) FILTER (WHERE is_canonical) AS title,
    any_value(source) FILTER (WHERE is_canonical) AS first_source,
    min(published_at) AS first_published_at,
    count(*) AS articles,
    list(DISTINCT source ORDER BY source) AS outlets
FROM articles
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
        view = "article_rows" if table == "articles" else table
        directory = root / table
        if directory.exists() and any(directory.rglob(PART_FILE)):
            files = _table_files(root, table).replace("'", "''")
            connection.execute(
                f"CREATE OR REPLACE VIEW {view} AS "
                f"SELECT * FROM read_parquet('{files}', hive_partitioning = false, union_by_name = true)"
            )
        else:
            connection.register(f"_empty_{table}", schema.empty_table())
            connection.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM _empty_{table}")
    connection.execute(ARTICLES_SQL)
    connection.execute(STORIES_SQL)
    return connection
