"""Damaged files moved aside, so that one bad file never takes the warehouse down.

A table file that cannot be read (truncated by a full disk, overwritten by a careless command,
half-copied) is moved to ``<warehouse>/.quarantine/<its path>.<UTC time>`` with a line in
``<warehouse>/.quarantine/log.jsonl`` (path, reason, time, size). The views never glob there, so
every other file stays queryable; the ``warehouse_health`` view and ``bantin doctor`` list what was
moved and why. Nothing is deleted: an operator can inspect the file, and re-running its night (or
``bantin doctor --reextract``) writes the partition again from ``raw_pages``.
"""

from __future__ import annotations

import json
import os
import warnings
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.locks import partition_lock

QUARANTINE_DIR = ".quarantine"
LOG_FILE = "log.jsonl"


@dataclass(frozen=True)
class QuarantinedFile:
    path: str  # where it was, relative to the warehouse
    moved_to: str  # where it is now, relative to the warehouse
    reason: str
    size: int
    quarantined_at: str  # ISO time, UTC


class DamagedFileWarning(UserWarning):
    """A table file could not be read and was moved aside (or left out of a session); the message names it."""


def unreadable_reason(path: Path) -> str | None:
    """Why ``path`` is not a readable Parquet file (footer, schema and every page), or None when it is."""
    try:
        pq.read_schema(path)
        pq.read_table(path)
    except FileNotFoundError:
        raise
    except Exception as error:  # pyarrow raises several kinds for damaged files
        return f"{type(error).__name__}: {error}"
    return None


def quarantine_file(root: Path, path: Path, reason: str, *, lock_held: bool = False) -> QuarantinedFile | None:
    """Move the damaged file ``path`` out of the tables (under its partition's lock; ``lock_held``: the
    caller, a writer of that partition, holds it already) and log why; None when it is already gone
    (another process moved or replaced it)."""
    root = Path(root)
    path = Path(path)
    relative = path.resolve().relative_to(root.resolve())
    with nullcontext() if lock_held else partition_lock(root, relative.parent.as_posix()):
        if not path.exists() or unreadable_reason(path) is None:  # replaced by a good file meanwhile
            return None
        now = datetime.now(UTC)
        target = root / QUARANTINE_DIR / relative.parent / f"{relative.name}.{now:%Y%m%dT%H%M%S%fZ}"
        target.parent.mkdir(parents=True, exist_ok=True)
        size = path.stat().st_size
        os.replace(path, target)
        record = QuarantinedFile(relative.as_posix(), target.relative_to(root).as_posix(), reason, size, now.isoformat())
        with open(root / QUARANTINE_DIR / LOG_FILE, "a", encoding="utf-8") as log:
            log.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
            log.flush()
            os.fsync(log.fileno())
        return record


def quarantined_files(root: Path) -> list[QuarantinedFile]:
    """Every file moved aside so far, oldest first."""
    log = Path(root) / QUARANTINE_DIR / LOG_FILE
    if not log.exists():
        return []
    records = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                records.append(QuarantinedFile(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a line cut by a crash
    return records


def set_aside(root: Path, path: Path, reason: str, *, lock_held: bool = False) -> QuarantinedFile | None:
    """Quarantine ``path`` and warn naming it; None (after a warning that it stays in place) when this
    process may not move it (a warehouse it cannot write) or it was replaced by a readable file."""
    try:
        moved = quarantine_file(root, path, reason, lock_held=lock_held)
    except OSError as error:
        warnings.warn(
            DamagedFileWarning(f"{path}: unreadable ({reason}); left out, but it cannot be moved aside: {error}"), stacklevel=2
        )
        return None
    if moved is not None:
        warnings.warn(DamagedFileWarning(f"{path}: unreadable ({reason}); moved to {root / moved.moved_to}"), stacklevel=2)
    return moved


def read_or_set_aside(root: Path, path: Path, *, lock_held: bool = False, columns: list[str] | None = None) -> pa.Table | None:
    """The table in ``path`` (its ``columns``, default all); or, when the file is damaged, None after moving it aside with a warning
    naming it. An error that is not the file's damage (e.g. the file vanished) is raised."""
    try:
        return pq.read_table(path, columns=columns)
    except Exception:  # pyarrow raises several kinds for damaged files; judged below
        if not Path(path).exists():
            raise
        reason = unreadable_reason(path)
        if reason is None:
            raise
    set_aside(root, path, reason, lock_held=lock_held)
    return None
