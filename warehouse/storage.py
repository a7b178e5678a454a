"""Where tables live and how a partition is replaced.

Layout: ``<root>/<table>/crawl_date=<YYYY-MM-DD>/[source=<name>/]part-0.parquet``; one file per
table per partition. A partition is written to a temporary file beside its final name and moved
into place with ``os.replace``, so a reader sees the old file or the new one, never a mix, and
re-running a date replaces exactly that date's files.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sources import NAME_PATTERN
from warehouse.schemas import TABLES

PROJECT_DIR = Path(__file__).resolve().parent.parent
WAREHOUSE_ENV = "BANTIN_WAREHOUSE"
STAGING_ENV = "BANTIN_STAGING"
PART_FILE = "part-0.parquet"


def warehouse_root() -> Path:
    return Path(os.environ.get(WAREHOUSE_ENV) or PROJECT_DIR / "data" / "warehouse")


def staging_root() -> Path:
    return Path(os.environ.get(STAGING_ENV) or PROJECT_DIR / "data" / "staging")


def partition_dir(root: Path, table: str, day: date, source: str | None = None) -> Path:
    """The folder of one partition; a source name that is not a plain identifier is refused."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    path = root / table / f"crawl_date={day.isoformat()}"
    if source is not None:
        if not NAME_PATTERN.match(source):
            raise ValueError(f"source name {source!r} is not a plain identifier: it could leave the warehouse {root}")
        path = path / f"source={source}"
    return path


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly the schema's columns, order and types (missing columns are an error)."""
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        raise ValueError(f"{schema.metadata[b'table'].decode()}: missing columns {missing}")
    return table.select(schema.names).cast(schema)


def write_partition(table: pa.Table, root: Path, name: str, day: date, source: str | None = None) -> Path:
    """Atomically replace one partition of table ``name`` with ``table``."""
    directory = partition_dir(root, name, day, source)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / PART_FILE
    temporary = directory / f".{PART_FILE}.{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(conform(table, TABLES[name]), temporary, compression="zstd", write_statistics=True)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    return final


def read_partition(root: Path, name: str, day: date, source: str | None = None) -> pa.Table | None:
    path = partition_dir(root, name, day, source) / PART_FILE
    return pq.read_table(path) if path.exists() else None


def read_date(root: Path, name: str, day: date) -> pa.Table:
    """Every file of table ``name`` for ``day`` (all sources), or an empty table."""
    directory = partition_dir(root, name, day)
    files = sorted(directory.rglob(PART_FILE)) if directory.exists() else []
    tables = [pq.read_table(path) for path in files]
    schema = TABLES[name]
    return pa.concat_tables([conform(t, schema) for t in tables]) if tables else schema.empty_table()
