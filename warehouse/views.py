"""DuckDB views over the warehouse: what analysts open.

``connect()`` returns an in-memory DuckDB connection with one view per table (``raw_pages``,
``article_signatures``, ``article_clusters``, ``source_health``), ``articles`` with each article's
``cluster_id``, ``is_canonical`` and ``similarity`` joined in, ``stories``: one row per cluster
with its canonical article (the earliest published member) and the outlets that ran it, and two
exploded views: ``cited_documents`` (one row per document an article cites) and ``places`` (one row
per place it names). ``connect(read_only=True)`` also locks the connection so that it can read the
warehouse and nothing else (see :func:`lock_read_only`).

A table's rows come from its nightly files (``crawl_date=<day>/…/part-0.parquet``) and, for the
tables ``warehouse.compaction`` folds, its monthly files (``crawl_month=<YYYY-MM>/part-0.parquet``);
a night that has a nightly file is read from it only (a re-run or backfill after compaction wins).
The nightly files are found when a query runs; the monthly files when the connection is opened.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.documents import CITIES_63, KIND_NAMES, MERGED_INTO  # noqa: F401 (KIND_NAMES: re-exported)
from warehouse.compaction import monthly_files, nightly_files
from warehouse.schemas import TABLES
from warehouse.storage import PART_FILE, warehouse_root

ARTICLES_SQL = """
CREATE OR REPLACE VIEW articles AS
SELECT a.*, coalesce(c.cluster_id, a.article_id) AS cluster_id, coalesce(c.is_canonical, true) AS is_canonical,
       coalesce(c.similarity, 1.0) AS similarity
FROM article_rows AS a LEFT JOIN article_clusters AS c ON c.article_id = a.article_id AND c.crawl_date = a.crawl_date
"""

_STORY_COLUMNS = """
    cluster_id,
    any_value(article_id) FILTER (WHERE is_canonical) AS canonical_article_id,
    any_value(title) FILTER (WHERE is_canonical) AS title,
    any_value(source) FILTER (WHERE is_canonical) AS first_source,
    min(published_at) AS first_published_at,
    count(*) AS articles,
    list_sort(list_distinct(list(source))) AS outlets,
    any_value(crawl_date) FILTER (WHERE is_canonical) AS crawl_date"""

STORIES_SQL = f"""
CREATE OR REPLACE VIEW stories AS
SELECT {_STORY_COLUMNS}
FROM articles
GROUP BY cluster_id
"""

# A night's cluster rows are computed from the nights within WINDOW_DAYS (transforms.dedup) of it, so every
# article of a story was collected within STORY_NIGHTS nights of the story's canonical article.
STORY_NIGHTS = 3

STORIES_BETWEEN_SQL = f"""
CREATE OR REPLACE MACRO stories_between(first_night, last_night) AS TABLE
SELECT * FROM (
    SELECT {_STORY_COLUMNS}
    FROM articles
    WHERE crawl_date BETWEEN CAST(first_night AS DATE) - {STORY_NIGHTS} AND CAST(last_night AS DATE) + {STORY_NIGHTS}
    GROUP BY cluster_id
)
WHERE crawl_date BETWEEN CAST(first_night AS DATE) AND CAST(last_night AS DATE)
"""

CITED_DOCUMENTS_SQL = """
CREATE OR REPLACE VIEW cited_documents AS
SELECT article_id, source, crawl_date, published_date, cluster_id, is_canonical,
       d.document, d.number, d.kind, d.kind_name, d.year, d.issuer
FROM (SELECT article_id, source, crawl_date, published_date, cluster_id, is_canonical, unnest(cited_documents) AS d
      FROM articles)
"""

# The six centrally governed cities are provinces ("thành phố Hà Nội"); other "thành phố" are not.
# ``province_2025``: the provincial unit (one of the 34 since 1 July 2025) a province belongs to.
PROVINCE_CITIES = CITIES_63
_MERGED_CASE = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in MERGED_INTO.items())
_LEVELS = ("thị trấn", "thị xã", "thành phố", "xã", "phường", "huyện", "quận", "tỉnh")
_LEVEL_CASE = " ".join(f"WHEN starts_with(place, '{level} ') THEN '{level}'" for level in _LEVELS)
_CITIES = ", ".join(f"'{city}'" for city in PROVINCE_CITIES)

PLACES_SQL = f"""
CREATE OR REPLACE VIEW places AS
SELECT article_id, source, crawl_date, published_date, cluster_id, is_canonical, place, level,
       substr(place, length(level) + 2) AS name,
       level = 'tỉnh' OR (level = 'thành phố' AND substr(place, length(level) + 2) IN ({_CITIES})) AS is_province,
       CASE WHEN level = 'tỉnh' OR (level = 'thành phố' AND substr(place, length(level) + 2) IN ({_CITIES}))
            THEN CASE substr(place, length(level) + 2) {_MERGED_CASE} ELSE substr(place, length(level) + 2) END
       END AS province_2025
FROM (SELECT *, CASE {_LEVEL_CASE} END AS level
      FROM (SELECT article_id, source, crawl_date, published_date, cluster_id, is_canonical, unnest(places) AS place
            FROM articles))
"""

VIEWS = ("raw_pages", "articles", "article_rows", "article_signatures", "article_clusters", "source_health", "stories",
         "cited_documents", "places")  # fmt: skip


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(path: Path) -> str:
    return _literal(path.as_posix())


def table_sql(root: Path, table: str) -> str | None:
    """The SELECT over every file of ``table`` (nightly files, monthly files), or None if it has none."""
    directory = root / table
    nights = nightly_files(root, table)
    months = monthly_files(root, table)
    reads = []
    if nights:
        pattern = directory / "crawl_date=*" / "**" / PART_FILE
        reads.append(f"SELECT * FROM read_parquet({_quoted(pattern)}, hive_partitioning = false, union_by_name = true)")
    if months:
        files = ", ".join(_quoted(path) for path in months.values())
        rewritten = ", ".join(f"DATE '{night}'" for night in nights if f"{night:%Y-%m}" in months)
        where = f" WHERE crawl_date NOT IN ({rewritten})" if rewritten else ""
        reads.append(f"SELECT * FROM read_parquet([{files}], hive_partitioning = false, union_by_name = true){where}")
    return " UNION ALL BY NAME ".join(reads) if reads else None


def connect(root: Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the warehouse's views; tables with no data yet are empty views."""
    root = root or warehouse_root()
    if read_only:
        root = root.resolve()  # the lock compares absolute paths
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    for table, schema in TABLES.items():
        view = "article_rows" if table == "articles" else table
        select = table_sql(root, table)
        if select is None:
            connection.register(f"_empty_{table}", schema.empty_table())
            select = f"SELECT * FROM _empty_{table}"
        connection.execute(f"CREATE OR REPLACE VIEW {view} AS {select}")
    for sql in (ARTICLES_SQL, STORIES_SQL, STORIES_BETWEEN_SQL, CITED_DOCUMENTS_SQL, PLACES_SQL):
        connection.execute(sql)
    if read_only:
        lock_read_only(connection, root)
    return connection


# Statements that could write files (into the warehouse, which the read-only lock must still let DuckDB
# read) or load code; everything else works on the in-memory session only.
WRITING_STATEMENTS = frozenset(
    {duckdb.StatementType.COPY, duckdb.StatementType.COPY_DATABASE, duckdb.StatementType.EXPORT,
     duckdb.StatementType.ATTACH, duckdb.StatementType.DETACH, duckdb.StatementType.LOAD,
     duckdb.StatementType.EXTENSION}  # fmt: skip
)


class ReadOnlyError(PermissionError):
    """A statement that could write files or load code was refused on a read-only connection."""


def lock_read_only(connection: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Let ``connection`` read files under ``root`` only, with no extension installs, configuration locked
    (and Parquet metadata cached for the session).

    DuckDB's ``allowed_directories`` lets a locked connection both read and write there; statements that
    write files (COPY, EXPORT, ATTACH…) are refused by :func:`check_read_only` before they run.
    """
    directory = root.resolve().as_posix().rstrip("/") + "/"
    # Keep Parquet footers between the queries of a session (entries are checked against the file's
    # modification time, so a replaced partition is read afresh).
    connection.execute("SET parquet_metadata_cache = true")
    connection.execute(f"SET allowed_directories = [{_literal(directory)}]")
    connection.execute("SET enable_external_access = false")
    connection.execute("SET autoinstall_known_extensions = false")
    connection.execute("SET autoload_known_extensions = false")
    connection.execute("SET lock_configuration = true")


def check_read_only(sql: str) -> None:
    """Raise :class:`ReadOnlyError` if ``sql`` holds a statement that could write files or load code."""
    for statement in duckdb.extract_statements(sql):
        if statement.type in WRITING_STATEMENTS:
            raise ReadOnlyError(f"read-only: {statement.type.name} statements are not allowed ({statement.query.strip()[:60]!r})")
