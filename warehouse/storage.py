"""Where tables live and how a partition is replaced, on a local disk or in object storage.

Layout: ``<root>/<table>/crawl_date=<YYYY-MM-DD>/[source=<name>/]part-0.parquet``; one file per
table per partition. The root (``BANTIN_WAREHOUSE``) is a local path or a URI such as
``s3://bucket/prefix`` (any pyarrow file system; S3 endpoint and region from ``BANTIN_S3_ENDPOINT`` /
``AWS_ENDPOINT_URL`` and ``AWS_REGION``, credentials only from the environment's AWS chain).

A reader sees a partition's old file or its new one, never a mix or a partial file:

- **local**: the writer holds the partition's lock (``warehouse.locks``: one writer per partition,
  whether publish, compaction or quarantine). The Parquet file is written to a temporary name beside
  its final name (same directory, same file system), fsynced, and moved into place with
  ``os.replace`` (an atomic rename on POSIX); the directory is then fsynced so the rename survives a
  power cut. A writer killed before the rename leaves only a hidden ``.part-0.parquet.<id>.tmp``,
  which no reader globs; the next writer of that partition removes every such leftover at once (under
  the lock no other writer is live), and :func:`cleanup_temporaries` does so for the whole warehouse.
- **object storage**: the file is encoded in memory and sent as one object write (one PUT; a
  multipart upload for very large files, which S3 also makes visible only when complete). S3 has no
  partial objects and gives read-after-write consistency, so readers get the old or the new object.

Concurrent writers of the same partition take turns (the lock); the last one's file wins. Object
storage has no lock files: a warehouse there has one writer by deployment (one scheduler). See
docs/reliability.md.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import overload

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from sources import NAME_PATTERN
from warehouse.locks import partition_lock, partition_lock_if_free
from warehouse.schemas import TABLES

PROJECT_DIR = Path(__file__).resolve().parent.parent
WAREHOUSE_ENV = "BANTIN_WAREHOUSE"
STAGING_ENV = "BANTIN_STAGING"
S3_ENDPOINT_ENV = "BANTIN_S3_ENDPOINT"
PART_FILE = "part-0.parquet"
# Hidden folders of the warehouse that hold bookkeeping, not tables: writer locks and pending deletions,
# reading sessions' leases, the views' footer cache (the quarantine holds moved-aside table files).
BOOKKEEPING_DIRS = (".locks", ".readers", ".cache")
TEMPORARY_GLOB = f".{PART_FILE}.*.tmp"


@dataclass(frozen=True)
class ObjectRoot:
    """A location in object storage (``s3://bucket/prefix``), joined with ``/`` like a Path."""

    uri: str

    def __truediv__(self, part: str) -> ObjectRoot:
        return ObjectRoot(f"{self.uri.rstrip('/')}/{part}")

    def __str__(self) -> str:
        return self.uri

    def as_posix(self) -> str:
        return self.uri

    @property
    def name(self) -> str:
        return self.uri.rstrip("/").rsplit("/", 1)[-1]

    def filesystem(self) -> tuple[pafs.FileSystem, str]:
        """The pyarrow file system and the path inside it."""
        scheme, _, rest = self.uri.partition("://")
        if scheme == "s3":
            endpoint = (
                os.environ.get(S3_ENDPOINT_ENV) or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
            )
            region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
            # Credentials: the AWS default chain (environment variables, profile, instance role), never here.
            # allow_delayed_open: a small file is sent with one PutObject at close instead of a multipart upload.
            return pafs.S3FileSystem(endpoint_override=endpoint or None, region=region, allow_delayed_open=True), rest.rstrip("/")
        found: tuple[pafs.FileSystem, str] = pafs.FileSystem.from_uri(self.uri)
        return found

    def exists(self) -> bool:
        fs, path = self.filesystem()
        return bool(fs.get_file_info(path).type != pafs.FileType.NotFound)


Root = Path | ObjectRoot


def as_root(location: str | os.PathLike[str] | ObjectRoot) -> Root:
    """A warehouse root from a path or URI (``file://`` URIs are local paths)."""
    if isinstance(location, (Path, ObjectRoot)):
        return location
    text = os.fspath(location)
    if text.startswith("file://"):
        return Path(text[len("file://") :])
    return ObjectRoot(text) if "://" in text else Path(text)


def warehouse_root() -> Root:
    return as_root(os.environ.get(WAREHOUSE_ENV) or PROJECT_DIR / "data" / "warehouse")


def local_root(root: Root, needs: str) -> Path:
    """``root`` as a local folder; a warehouse in object storage is refused, naming what ``needs`` one
    (lock files, the quarantine and DuckDB's file listing work on a local disk only)."""
    if isinstance(root, ObjectRoot):
        raise ValueError(f"{needs} needs a local warehouse folder, not {root} ({WAREHOUSE_ENV})")
    return Path(root)


def staging_root() -> Path:
    return Path(os.environ.get(STAGING_ENV) or PROJECT_DIR / "data" / "staging")


@overload
def partition_dir(root: Path, table: str, day: date, source: str | None = None) -> Path: ...
@overload
def partition_dir(root: ObjectRoot, table: str, day: date, source: str | None = None) -> ObjectRoot: ...
@overload
def partition_dir(root: Root, table: str, day: date, source: str | None = None) -> Root: ...
def partition_dir(root: Root, table: str, day: date, source: str | None = None) -> Root:
    """The folder of one partition; a source name that is not a plain identifier is refused."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    path = as_root(root) / table / f"crawl_date={day.isoformat()}"
    if source is not None:
        if not NAME_PATTERN.match(source):
            raise ValueError(f"source name {source!r} is not a plain identifier: it could leave the warehouse {root}")
        path = path / f"source={source}"
    return path


def partition_key(table: str, day: date, source: str | None = None) -> str:
    """The lock key of a nightly partition: its folder relative to the warehouse."""
    return f"{table}/crawl_date={day.isoformat()}" + (f"/source={source}" if source else "")


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly the schema's columns, order and types (missing columns are an error)."""
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        raise ValueError(f"{schema.metadata[b'table'].decode()}: missing columns {missing}")
    return table.select(schema.names).cast(schema)


# --- crash-test hook ---------------------------------------------------------------------------
# Called at each step of a warehouse write (partition writes here, compaction, the seen-URL index)
# with a label; None (always, outside the tests) does nothing. tests/crash_driver.py installs one that
# stops the process at a chosen step, tests/test_writer_race.py one that pauses at random.
_checkpoint_hook: Callable[[str], None] | None = None


def set_checkpoint_hook(hook: Callable[[str], None] | None) -> None:
    global _checkpoint_hook
    _checkpoint_hook = hook


def checkpoint(label: str) -> None:
    if _checkpoint_hook is not None:
        _checkpoint_hook(label)


def encode(table: pa.Table, name: str) -> pa.Buffer:
    """One partition's Parquet file, in memory: zstd, statistics, the table's schema and version."""
    sink = pa.BufferOutputStream()
    pq.write_table(conform(table, TABLES[name]), sink, compression="zstd", write_statistics=True)
    return sink.getvalue()


def write_partition(table: pa.Table, root: Root, name: str, day: date, source: str | None = None) -> Root:
    """Atomically replace one partition of table ``name`` with ``table``, under its lock; returns the file written."""
    root = as_root(root)
    directory = partition_dir(root, name, day, source)
    where = f"{name}/{day}" + (f"/{source}" if source else "")
    data = encode(table, name)
    checkpoint(f"{where}: encoded")
    if isinstance(directory, ObjectRoot):
        return _put_object(directory / PART_FILE, data, where)
    with partition_lock(local_root(root, "a partition lock"), partition_key(name, day, source)):
        return replace_file(directory, data, where)


def replace_file(directory: Path, data: pa.Buffer, where: str) -> Path:
    """Replace ``directory/part-0.parquet`` with ``data``: temporary file, fsync, rename, fsync of the folder.
    The caller holds the partition's lock, so every temporary file already there is a dead writer's."""
    directory.mkdir(parents=True, exist_ok=True)
    remove_temporaries(directory)
    final = directory / PART_FILE
    temporary = directory / f".{PART_FILE}.{uuid.uuid4().hex}.tmp"
    try:
        with open(temporary, "wb") as out:
            half = data.size // 2
            out.write(data[:half])
            out.flush()
            checkpoint(f"{where}: temporary file half written")
            out.write(data[half:])
            out.flush()
            os.fsync(out.fileno())
        checkpoint(f"{where}: temporary file written")
        os.replace(temporary, final)
        checkpoint(f"{where}: renamed into place")
        fsync_directory(directory)
    finally:
        temporary.unlink(missing_ok=True)
    return final


def _put_object(target: ObjectRoot, data: pa.Buffer, where: str) -> ObjectRoot:
    fs, path = target.filesystem()
    with fs.open_output_stream(path) as out:  # the object appears when this closes, whole
        out.write(data)
    checkpoint(f"{where}: object written")
    return target


def fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_temporaries(directory: Path) -> list[Path]:
    """Remove the temporary files that writers of this partition left when they died before their
    rename. Only for a caller holding the partition's lock: then none of them belongs to a live writer."""
    removed = []
    for leftover in directory.glob(TEMPORARY_GLOB):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def cleanup_temporaries(root: Path) -> list[Path]:
    """Remove every leftover temporary file in the warehouse whose partition lock is free now (a
    partition being written keeps its writer's file); returns the files removed."""
    root = Path(root)
    folders = {path.parent for path in root.rglob(TEMPORARY_GLOB) if not path.relative_to(root).parts[0].startswith(".")}
    removed = []
    for folder in sorted(folders):
        with partition_lock_if_free(root, folder.relative_to(root).as_posix()) as free:
            if free:
                removed += remove_temporaries(folder)
    return removed


def read_partition(
    root: Root, name: str, day: date, source: str | None = None, columns: list[str] | None = None
) -> pa.Table | None:
    path = partition_dir(root, name, day, source) / PART_FILE
    if isinstance(path, ObjectRoot):
        fs, key = path.filesystem()
        found = fs.get_file_info(key).type == pafs.FileType.File
        return pq.read_table(key, filesystem=fs, columns=columns) if found else None
    return pq.read_table(path, columns=columns) if path.exists() else None


def read_date(root: Root, name: str, day: date) -> pa.Table:
    """Every file of table ``name`` for ``day`` (all sources), or an empty table."""
    directory = partition_dir(root, name, day)
    if isinstance(directory, ObjectRoot):
        fs, base = directory.filesystem()
        found = fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
        keys = sorted(info.path for info in found if info.type == pafs.FileType.File and info.base_name == PART_FILE)
        tables = [pq.read_table(key, filesystem=fs) for key in keys]
    else:
        files = sorted(directory.rglob(PART_FILE)) if directory.exists() else []
        tables = [pq.read_table(path) for path in files]
    schema = TABLES[name]
    return pa.concat_tables([conform(t, schema) for t in tables]) if tables else schema.empty_table()
