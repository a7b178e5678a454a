"""DuckDB views over the warehouse: what analysts open.

``connect()`` returns an in-memory DuckDB connection with one view per table (``raw_pages``,
``article_signatures``, ``article_clusters``, ``source_health``), ``articles`` with each article's
``cluster_id``, ``is_canonical`` and ``similarity`` joined in, ``stories``: one row per cluster
with its canonical article (the earliest published member) and the outlets that ran it, and two
exploded views: ``citations`` (one row per document an article cites), ``cited_documents`` (the same
with the article's ``cluster_id`` and ``is_canonical``) and ``places`` (one row per place it names). ``connect(read_only=True)`` also locks the connection so that it can read the
warehouse and nothing else (see :func:`lock_read_only`).

A table's rows come from its nightly files (``crawl_date=<day>/…/part-0.parquet``) and, for the
tables ``warehouse.compaction`` folds, its monthly files (``crawl_month=<YYYY-MM>/part-0.parquet``);
a night that has a nightly file is read from it only (a re-run or backfill after compaction wins).

Every file is listed, and its footer read, when the connection opens: the session is pinned to those
files (see :func:`connect`). Files of older schema versions are read per version and upgraded in SQL
(``warehouse.upgrade``); a damaged file is quarantined (``warehouse.quarantine``) and listed by the
``warehouse_health`` view, and everything else stays queryable.
"""

from __future__ import annotations

import json
import os
import uuid
import weakref
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from transforms.documents import CITIES_63, KIND_NAMES, MERGED_INTO  # noqa: F401 (KIND_NAMES: re-exported)
from warehouse.compaction import monthly_files, nightly_files
from warehouse.locks import acquire_reader_lease, listing_lock
from warehouse.quarantine import quarantined_files, set_aside, unreadable_reason
from warehouse.schemas import TABLES
from warehouse.storage import Root, local_root, warehouse_root
from warehouse.upgrade import file_version, is_current, upgrade_select

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

# The mention views unnest ``article_rows`` first and join the cluster columns to the mentions only: a
# filter on the mention (a document kind, a province) then runs before the join, and articles without
# mentions never reach it (on ten million articles, a year of citations: 0.89 s -> 0.76 s).
_MENTION_CLUSTER = """coalesce(c.cluster_id, m.article_id) AS cluster_id, coalesce(c.is_canonical, true) AS is_canonical"""
_MENTION_JOIN = "LEFT JOIN article_clusters AS c ON c.article_id = m.article_id AND c.crawl_date = m.crawl_date"

# ``citations`` has no cluster columns, so it needs no join at all: a year of ten million articles'
# citations counted in 0.35 s instead of 0.9 s through ``cited_documents``.
CITATIONS_SQL = """
CREATE OR REPLACE VIEW citations AS
SELECT article_id, source, crawl_date, published_date, d.document, d.number, d.kind, d.kind_name, d.year, d.issuer
FROM (SELECT article_id, source, crawl_date, published_date, unnest(cited_documents) AS d FROM article_rows)
"""

CITED_DOCUMENTS_SQL = f"""
CREATE OR REPLACE VIEW cited_documents AS
SELECT m.article_id, m.source, m.crawl_date, m.published_date, {_MENTION_CLUSTER},
       m.document, m.number, m.kind, m.kind_name, m.year, m.issuer
FROM citations AS m
{_MENTION_JOIN}
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
      FROM (SELECT m.article_id, m.source, m.crawl_date, m.published_date, {_MENTION_CLUSTER}, m.place
            FROM (SELECT article_id, source, crawl_date, published_date, unnest(places) AS place FROM article_rows) AS m
            {_MENTION_JOIN}))
"""

# One row per event: independent reports of one event (and their copies), from ``article_events``.
EVENTS_SQL = """
CREATE OR REPLACE VIEW events AS
WITH reports AS (
    SELECT e.event_id, e.article_id, e.is_first_report, e.matched, e.follows, a.source, a.title, a.published_at,
           e.crawl_date, f.event_day, f.provinces, f.lead_communes
    FROM article_events AS e
    JOIN article_rows AS a ON a.article_id = e.article_id AND a.crawl_date = e.crawl_date
    LEFT JOIN article_facts AS f ON f.article_id = e.article_id AND f.crawl_date = e.crawl_date
), outlet_firsts AS (
    SELECT event_id, source, min(published_at) AS first_at FROM reports GROUP BY event_id, source
), timing AS (
    SELECT event_id,
           list(struct_pack(source := source, minutes := CAST(date_diff('minute', event_first, first_at) AS INTEGER))
                ORDER BY first_at NULLS LAST, source) AS outlet_minutes
    FROM (SELECT *, min(first_at) OVER (PARTITION BY event_id) AS event_first FROM outlet_firsts)
    GROUP BY event_id
)
SELECT r.event_id,
       any_value(r.title) FILTER (WHERE r.is_first_report) AS title,
       any_value(r.source) FILTER (WHERE r.is_first_report) AS first_source,
       min(r.published_at) AS first_published_at,
       min(r.event_day) AS event_day,
       count(*) AS reports,
       list_sort(list_distinct(list(r.source))) AS outlets,
       any_value(t.outlet_minutes) AS outlet_minutes,
       list_sort(list_distinct(flatten(list(r.provinces)))) AS provinces,
       list_sort(list_distinct(flatten(list(r.lead_communes)))) AS communes,
       list_sort(list_distinct(flatten(list(r.matched)))) AS matched_facts,
       coalesce(any_value(r.follows) FILTER (WHERE r.is_first_report), []) AS follows,
       any_value(r.crawl_date) FILTER (WHERE r.is_first_report) AS crawl_date
FROM reports AS r JOIN timing AS t ON t.event_id = r.event_id
GROUP BY r.event_id
"""

# Threads: events joined by follow-up links (``follows``), whatever their direction; the thread id is its
# earliest event's id, like ``transforms.events.assign_threads``. One row per event of a thread of two or more.
THREADS_SQL = """
CREATE OR REPLACE VIEW threads AS
WITH RECURSIVE links AS (
    SELECT event_id AS later, followed.event_id AS earlier, followed.matched AS matched
    FROM (SELECT event_id, unnest(follows) AS followed FROM events)
), edges AS (
    SELECT later AS a, earlier AS b FROM links UNION SELECT earlier, later FROM links
), reach(event_id, other) AS (
    SELECT DISTINCT a, a FROM edges
    UNION
    SELECT reach.event_id, edges.b FROM reach JOIN edges ON edges.a = reach.other
), thread_of AS (
    SELECT reach.event_id,
           arg_min(reach.other, struct_pack(t := coalesce(e.first_published_at, TIMESTAMPTZ '9999-12-31'), id := reach.other))
               AS thread_id
    FROM reach JOIN events AS e ON e.event_id = reach.other
    GROUP BY reach.event_id
)
SELECT t.thread_id, e.event_id,
       row_number() OVER (PARTITION BY t.thread_id ORDER BY e.first_published_at NULLS LAST, e.event_id) AS step,
       count(*) OVER (PARTITION BY t.thread_id) AS events_in_thread,
       e.title, e.first_published_at, e.event_day, e.outlets, e.reports, e.follows, e.crawl_date
FROM thread_of AS t JOIN events AS e ON e.event_id = t.event_id
"""

VIEWS = ("raw_pages", "articles", "article_rows", "article_signatures", "article_clusters", "source_health", "stories",
         "citations", "cited_documents", "places", "article_facts", "article_events", "events", "threads", "warehouse_health")  # fmt: skip


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(path: Path) -> str:
    return _literal(path.as_posix())


@dataclass(frozen=True)
class TableFile:
    """One file of a table, as listed when a connection opens."""

    table: str
    path: Path
    night: date | None  # a nightly file's night
    month: str | None  # a monthly file's month, "2025-08"


@dataclass(frozen=True)
class SetAside:
    """A file this connection does not read: quarantined (moved aside) or excluded (this session only)."""

    table: str
    partition: str
    path: str  # relative to the warehouse
    reason: str
    status: str  # "quarantined" | "excluded"
    detected_at: datetime
    size_bytes: int


HEALTH_SCHEMA = pa.schema(
    [("table_name", pa.string()), ("partition", pa.string()), ("path", pa.string()), ("reason", pa.string()),
     ("status", pa.string()), ("detected_at", pa.timestamp("us", tz="UTC")), ("size_bytes", pa.int64())]
)  # fmt: skip


def table_files(root: Path, table: str) -> list[TableFile]:
    """Every nightly and monthly file of ``table``."""
    nightly = [TableFile(table, path, night, None) for night, paths in nightly_files(root, table).items() for path in paths]
    return nightly + [TableFile(table, path, None, month) for month, path in monthly_files(root, table).items()]


def _named_file(error: duckdb.Error, files: list[TableFile]) -> TableFile | None:
    """The listed file a DuckDB error message names, if any."""
    message = str(error)
    return next(
        (file for file in files if f"'{file.path.as_posix()}'" in message or f'"{file.path.as_posix()}"' in message), None
    )


def _set_aside(root: Path, file: TableFile, reason: str) -> SetAside:
    relative = file.path.relative_to(root)
    size = file.path.stat().st_size if file.path.exists() else 0
    moved = set_aside(root, file.path, reason)
    status = "quarantined" if moved is not None else "excluded"
    return SetAside(file.table, relative.parent.as_posix(), relative.as_posix(), reason, status, datetime.now(UTC), size)


FOOTER_CACHE = ".cache/footers.json"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_size, status.st_mtime_ns


def _load_footer_cache(root: Path) -> dict[str, list[int | None]]:
    """Relative path -> [size, modification time, schema version] of every file whose footer was read."""
    try:
        entries: dict[str, list[int | None]] = json.loads((root / FOOTER_CACHE).read_text(encoding="utf-8"))
        return entries
    except (OSError, ValueError):
        return {}


def _save_footer_cache(root: Path, entries: dict[str, list[int | None]]) -> None:
    """Write the cache beside the tables (atomically); a warehouse this process cannot write keeps none."""
    target = root / FOOTER_CACHE
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        target.parent.mkdir(exist_ok=True)
        temporary.write_text(json.dumps(entries, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)


def file_versions(connection: duckdb.DuckDBPyConnection, root: Path, files: list[TableFile],
                  set_aside_files: list[SetAside]) -> dict[Path, int | None]:  # fmt: skip
    """The schema version of every readable file in ``files``.

    A file's footer is read (by DuckDB, in one pass over all such files) the first time it is seen with
    its size and modification time; the result is kept in ``<warehouse>/.cache/footers.json``, so opening
    a warehouse of thousands of files reads only the footers of files written since. A file whose footer
    cannot be read is quarantined, or excluded when it cannot be moved, recorded in ``set_aside_files``
    and left out of the result (as is a file removed since it was listed).
    """
    cache = _load_footer_cache(root)
    versions: dict[Path, int | None] = {}
    unknown: list[TableFile] = []
    stamps: dict[Path, tuple[int, int]] = {}  # (size, modification time) of each file still there
    for file in files:
        stamp = _stamp(file.path)
        if stamp is None:
            continue  # removed since it was listed (a compaction that no reader lease held back)
        stamps[file.path] = stamp
        cached = cache.get(file.path.relative_to(root).as_posix())
        if cached is not None and tuple(cached[:2]) == stamp:
            versions[file.path] = cached[2]
        else:
            unknown.append(file)
    while unknown:
        try:
            rows = connection.execute(
                f"SELECT file_name, value FROM parquet_kv_metadata({_file_list(unknown)}) WHERE key = 'schema_version'"
            ).fetchall()
        except duckdb.Error as error:
            damaged = _named_file(error, unknown)
            reason = unreadable_reason(damaged.path) if damaged is not None and damaged.path.exists() else None
            if damaged is None or reason is None:
                raise  # not a damaged file of the warehouse: a real error, shown as it is
            set_aside_files.append(_set_aside(root, damaged, reason))
            unknown.remove(damaged)
            continue
        found = {Path(name): file_version({b"schema_version": bytes(value)}) for name, value in rows}
        for file in unknown:
            versions[file.path] = found.get(file.path)
            cache[file.path.relative_to(root).as_posix()] = [*stamps[file.path], found.get(file.path)]
        _save_footer_cache(root, {key: value for key, value in cache.items() if (root / key) in versions})
        break
    return versions


def _file_list(files: list[TableFile]) -> str:
    return "[" + ", ".join(_quoted(file.path) for file in files) + "]"


def table_sql(
    connection: duckdb.DuckDBPyConnection, table: str, files: list[TableFile], versions: dict[Path, int | None]
) -> str | None:
    """The SELECT over the listed files of ``table``: one read per schema version, each upgraded to the
    current columns (``warehouse.upgrade``); a night that has a nightly file is read from it only."""
    target_types = dict(zip(TABLES[table].names, (str(t) for t in connection.from_arrow(TABLES[table].empty_table()).types)))
    nights = sorted({file.night for file in files if file.night is not None})
    groups: dict[tuple[bool, int | None], list[TableFile]] = {}
    for file in files:
        groups.setdefault((file.month is not None, versions.get(file.path)), []).append(file)
    reads = []
    for (monthly, version), group in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        # Files of the current version all have the current columns: DuckDB reads the first footer to bind.
        by_name = "false" if is_current(version) else "true"
        source = f"read_parquet({_file_list(group)}, hive_partitioning = false, union_by_name = {by_name})"
        described = connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        columns = {name: str(kind) for name, kind, *_ in described}
        select = f"SELECT {upgrade_select(table, columns, target_types)} FROM {source}"
        months = {file.month for file in group}
        rewritten = ", ".join(f"DATE '{night}'" for night in nights if f"{night:%Y-%m}" in months)
        if monthly and rewritten:
            select += f" WHERE crawl_date NOT IN ({rewritten})"
        reads.append(select)
    return " UNION ALL BY NAME ".join(reads) if reads else None


def health_table(root: Path, set_aside_files: list[SetAside]) -> pa.Table:
    """The ``warehouse_health`` rows: files still in quarantine, and the files this session left out."""
    rows = []
    for moved in quarantined_files(root):
        if not (root / moved.moved_to).exists():
            continue  # inspected and removed by an operator
        relative = Path(moved.path)
        rows.append({"table_name": relative.parts[0], "partition": relative.parent.as_posix(), "path": moved.path,
                     "reason": moved.reason, "status": "quarantined",
                     "detected_at": datetime.fromisoformat(moved.quarantined_at), "size_bytes": moved.size})  # fmt: skip
    rows += [
        {"table_name": file.table, "partition": file.partition, "path": file.path, "reason": file.reason,
         "status": file.status, "detected_at": file.detected_at, "size_bytes": file.size_bytes}
        for file in set_aside_files
        if file.status == "excluded"
    ]  # fmt: skip
    return pa.Table.from_pylist(rows, schema=HEALTH_SCHEMA)


def connect(
    root: Root | None = None, *, read_only: bool = False, tables: Collection[str] | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the warehouse's views; tables with no data yet are empty views.
    ``tables``: list the files of these tables only (the others are empty views), for a step that reads a
    few tables and should not open the footers of years of the others.

    The files of every table are listed now, once: the session keeps answering from them (files written
    later are not seen, and a local warehouse's compaction keeps the nightly files it folds for as long as
    the connection lives: its reader lease is released when the connection is garbage-collected). A file that cannot be read is moved to the quarantine (or, when
    this process cannot move it, left out of this session), named in a :class:`DamagedFileWarning` and
    listed by the ``warehouse_health`` view; the other files stay queryable.
    """
    root = local_root(root or warehouse_root(), "a DuckDB session").resolve()
    with listing_lock(root, exclusive=False):  # a compaction's deletions see this lease or come first
        lease = acquire_reader_lease(root)
        files = {table: table_files(root, table) if tables is None or table in tables else [] for table in TABLES}
    connection = duckdb.connect()
    if lease is not None:
        weakref.finalize(connection, lease.release)  # the session ends when its connection is collected
    connection.execute("SET TimeZone = 'Asia/Ho_Chi_Minh'")
    # Footers are read once when the connection opens (see file_versions) and kept for its queries;
    # entries are checked against the file's modification time, so a replaced partition is read afresh.
    connection.execute("SET parquet_metadata_cache = true")
    set_aside_files: list[SetAside] = []
    listed = [file for table_list in files.values() for file in table_list]
    versions = file_versions(connection, root, listed, set_aside_files)
    for table, schema in TABLES.items():
        view = "article_rows" if table == "articles" else table
        readable = [file for file in files[table] if file.path in versions]
        select = table_sql(connection, table, readable, versions)
        if select is None:
            connection.register(f"_empty_{table}", schema.empty_table())
            select = f"SELECT * FROM _empty_{table}"
        connection.execute(f"CREATE OR REPLACE VIEW {view} AS {select}")
    connection.register("_warehouse_health", health_table(root, set_aside_files))
    connection.execute("CREATE OR REPLACE VIEW warehouse_health AS SELECT * FROM _warehouse_health")
    for sql in (
        ARTICLES_SQL,
        STORIES_SQL,
        STORIES_BETWEEN_SQL,
        CITATIONS_SQL,
        CITED_DOCUMENTS_SQL,
        PLACES_SQL,
        EVENTS_SQL,
        THREADS_SQL,
    ):
        connection.execute(sql)
    if read_only:
        lock_read_only(connection, root)
    return connection


# Statements that could write files (into the warehouse, which the read-only lock must still let DuckDB
# read) or load code; everything else works on the in-memory session only.
WRITING_STATEMENTS = frozenset(
    {duckdb.StatementType.COPY, duckdb.StatementType.COPY_DATABASE, duckdb.StatementType.EXPORT,
     duckdb.StatementType.ATTACH, duckdb.StatementType.DETACH, duckdb.StatementType.LOAD,
     duckdb.StatementType.EXTENSION}
)  # fmt: skip


class ReadOnlyError(PermissionError):
    """A statement that could write files or load code was refused on a read-only connection."""


def lock_read_only(connection: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Let ``connection`` read files under ``root`` only, with no extension installs, configuration locked
    (and Parquet metadata cached for the session).

    DuckDB's ``allowed_directories`` lets a locked connection both read and write there; statements that
    write files (COPY, EXPORT, ATTACH…) are refused by :func:`check_read_only` before they run.
    """
    directory = root.resolve().as_posix().rstrip("/") + "/"
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
