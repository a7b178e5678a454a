"""``bantin doctor``: find what is wrong with the files of a warehouse, and mend what can be mended.

    bantin doctor [--fix] [--upgrade] [--reextract FROM TO]      (or python -m warehouse.doctor …)

The check reads every table file in full and prints one line per problem, naming the file:

* ``unreadable``: the file cannot be read (truncated, overwritten, half copied);
* ``old-version``: written in an older schema version than the current one (its Parquet metadata);
* ``no-version``: its metadata records no schema version or another table;
* ``wrong-partition``: its rows belong to another night or month than its folder says;
* ``layout``: a folder or file where none belongs (a misnamed partition folder, a second Parquet file in
  a partition, a stray file);
* ``temporary``: a writer's temporary file left behind (the writer died before its rename).

It exits with status 1 when a problem remains, 0 otherwise. Files already in the quarantine are listed
as notes. Mending:

* ``--fix`` quarantines unreadable files (``warehouse.quarantine``) and removes leftover temporary
  files whose partition lock it can take at once (a live writer holds it);
* ``--upgrade`` rewrites files of older schema versions in the current one (``warehouse.upgrade``),
  through the pipeline's writers (``warehouse.storage.write_partition``, ``warehouse.compaction.write_month``);
* ``--reextract FROM TO`` rebuilds ``articles`` (with ``article_signatures`` and the ``article_clusters``
  of the nights around) of the nights FROM..TO from their stored ``raw_pages``, without fetching: the
  pipeline's own extract, deduplicate and publish steps. ``source_health`` keeps the night's crawl record.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from sources import NAME_PATTERN
from warehouse.compaction import COMPACTED_TABLES, MONTH_PREFIX, NIGHT_PREFIX, write_month
from warehouse.locks import partition_lock_if_free
from warehouse.quarantine import quarantine_file, quarantined_files, unreadable_reason
from warehouse.schemas import SCHEMA_VERSION, TABLES
from warehouse.storage import PART_FILE, local_root, write_partition
from warehouse.upgrade import file_version, upgrade_table

# raw_pages is written per source (the crawl of each source replaces its own partition).
SOURCE_PARTITIONED = frozenset({"raw_pages"})
TEMPORARY = re.compile(rf"^\.{re.escape(PART_FILE)}\.[0-9a-f]+\.tmp$")


@dataclass(frozen=True)
class Partition:
    """Where one part file belongs: its table, and its night (and source) or month."""

    table: str
    night: date | None = None
    source: str | None = None
    month: str | None = None


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the warehouse
    kind: str  # unreadable | old-version | no-version | wrong-partition | layout | temporary
    detail: str
    fixed: str | None = None  # what --fix or --upgrade did about it
    partition: Partition | None = None  # the partition a part file belongs to

    def line(self) -> str:
        return f"{self.path}: {self.kind}: {self.detail}" + (f" [{self.fixed}]" if self.fixed else "")


def _night(name: str) -> date | None:
    try:
        return date.fromisoformat(name.removeprefix(NIGHT_PREFIX)) if name.startswith(NIGHT_PREFIX) else None
    except ValueError:
        return None


def _month(name: str) -> str | None:
    month = name.removeprefix(MONTH_PREFIX)
    return month if name.startswith(MONTH_PREFIX) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) else None


def walk(root: Path) -> Iterator[tuple[Path, Partition | None, str | None]]:
    """Every file and misplaced folder under the tables: (path, the partition of a part file, the layout
    problem of anything else). Hidden top-level folders (quarantine, locks, leases, caches) are skipped."""
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.name not in TABLES or not entry.is_dir():
            yield entry, None, "not a table of the warehouse"
            continue
        for folder in sorted(entry.iterdir()):
            night, month = _night(folder.name), _month(folder.name)
            if not folder.is_dir() or (night is None and month is None):
                yield folder, None, "not a partition folder (crawl_date=YYYY-MM-DD or crawl_month=YYYY-MM)"
            elif month is not None and entry.name not in COMPACTED_TABLES:
                yield folder, None, f"{entry.name} is never compacted: no monthly folder belongs here"
            elif entry.name in SOURCE_PARTITIONED and night is not None:
                for source_dir in sorted(folder.iterdir()):
                    source = source_dir.name.removeprefix("source=")
                    if not source_dir.is_dir() or not source_dir.name.startswith("source=") or not NAME_PATTERN.match(source):
                        yield source_dir, None, "not a source folder (source=<name>)"
                    else:
                        yield from _partition_files(source_dir, Partition(entry.name, night, source))
            else:
                yield from _partition_files(folder, Partition(entry.name, night, month=month))


def _partition_files(folder: Path, partition: Partition) -> Iterator[tuple[Path, Partition | None, str | None]]:
    for path in sorted(folder.iterdir()):
        if path.name == PART_FILE and path.is_file():
            yield path, partition, None
        elif TEMPORARY.match(path.name):
            yield path, partition, "temporary"
        elif path.suffix == ".parquet":
            yield path, None, f"a second Parquet file in the partition (only {PART_FILE} is read)"
        else:
            yield path, None, "a stray file or folder in a partition"


def file_problems(root: Path, path: Path, partition: Partition) -> list[Problem]:
    """What is wrong with one part file: unreadable, of another version or table, or of another partition."""
    relative = path.relative_to(root).as_posix()
    reason = unreadable_reason(path)
    if reason is not None:
        return [Problem(relative, "unreadable", reason, partition=partition)]
    schema = pq.read_schema(path)
    metadata = schema.metadata or {}
    version, table = file_version(metadata), (metadata.get(b"table") or b"").decode()
    problems = []
    if version is None or table != partition.table:
        problems.append(Problem(relative, "no-version", f"metadata records table {table or 'none'!r}, schema version {version}"))
    elif version < SCHEMA_VERSION:
        problems.append(Problem(relative, "old-version", f"schema version {version} (current {SCHEMA_VERSION}): --upgrade rewrites it",
                                partition=partition))  # fmt: skip
    elif version > SCHEMA_VERSION:
        problems.append(Problem(relative, "no-version", f"schema version {version} is newer than this code's {SCHEMA_VERSION}"))
    nights = pq.read_table(path, columns=["crawl_date"])["crawl_date"] if "crawl_date" in schema.names else None
    if nights is not None and len(nights):
        first, last = pc.min(nights).as_py(), pc.max(nights).as_py()
        expected = f"{partition.night}" if partition.night else partition.month
        inside = (
            (first == last == partition.night) if partition.night else (f"{first:%Y-%m}" == f"{last:%Y-%m}" == partition.month)
        )
        if not inside:
            problems.append(Problem(relative, "wrong-partition", f"rows of {first} to {last} in the folder of {expected}"))
    return problems


def check(root: Path) -> list[Problem]:
    """Every problem of the warehouse's files, in path order."""
    problems = []
    for path, partition, layout in walk(root):
        relative = path.relative_to(root).as_posix()
        if layout == "temporary":
            problems.append(Problem(relative, "temporary", "a writer's temporary file, left when it died before its rename"))
        elif layout is not None:
            problems.append(Problem(relative, "layout", layout))
        elif partition is not None:
            problems.extend(file_problems(root, path, partition))
    return problems


def fix(root: Path, problems: list[Problem]) -> list[Problem]:
    """Quarantine unreadable files and remove leftover temporaries (under their partition's lock)."""
    fixed = []
    for problem in problems:
        path = root / problem.path
        if problem.kind == "unreadable":
            moved = quarantine_file(root, path, problem.detail)
            problem = replace(problem, fixed=f"moved to {moved.moved_to}" if moved else "gone or replaced meanwhile")
        elif problem.kind == "temporary":
            with partition_lock_if_free(root, path.parent.relative_to(root).as_posix()) as free:
                if free:
                    path.unlink(missing_ok=True)
            kept = problem.detail + "; kept: a writer holds the partition's lock"
            problem = replace(problem, fixed="removed") if free else replace(problem, fixed=None, detail=kept)
        fixed.append(problem)
    return fixed


def upgrade(root: Path, problems: list[Problem]) -> list[Problem]:
    """Rewrite the files of older schema versions in the current one, through the pipeline's writers."""
    done = []
    for problem in problems:
        if problem.kind == "old-version":
            path, partition = root / problem.path, problem.partition
            assert partition is not None, problem  # file_problems finds old versions in part files, which have one
            table = upgrade_table(pq.read_table(path), partition.table)
            if partition.night is not None:
                write_partition(table, root, partition.table, partition.night, partition.source)
            else:
                assert partition.month is not None, problem  # a part file has its night or its month
                write_month(table, root, partition.table, partition.month)
            problem = replace(problem, fixed=f"rewritten in schema version {SCHEMA_VERSION}")
        done.append(problem)
    return done


def reextract(root: Path, first: date, last: date) -> dict[date, int]:
    """Rebuild the ``articles`` of the nights ``first``..``last`` from their stored ``raw_pages`` (no fetching;
    ``pipeline.reextract``). Returns the number of articles written per night that has raw pages."""
    from pipeline.reextract import reextract as rebuild

    return {done.night: done.articles for done in rebuild(root, first, last).nights}


def main(argv: list[str] | None = None) -> int:
    from warehouse.storage import warehouse_root

    parser = argparse.ArgumentParser(
        prog="bantin doctor", description="Check every file of the warehouse; --fix, --upgrade and --reextract mend."
    )
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse directory (default: $BANTIN_WAREHOUSE)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(local_root(args.warehouse or warehouse_root(), "bantin doctor"), args)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fix", action="store_true", help="quarantine unreadable files, remove leftover temporary files")
    parser.add_argument("--upgrade", action="store_true", help="rewrite files of older schema versions in the current one")
    parser.add_argument("--reextract", nargs=2, type=date.fromisoformat, metavar=("FROM", "TO"),
                        help="rebuild articles of the nights FROM..TO from their stored raw pages, without fetching")  # fmt: skip


def run(root: Path, args: argparse.Namespace) -> int:
    """Check (and mend, as asked); print one line per problem; 1 when a problem remains, else 0."""
    if not root.is_dir():
        print(f"bantin doctor: {root}: no such warehouse folder", file=sys.stderr)
        return 1
    if args.reextract:
        first, last = args.reextract
        for night, count in reextract(root, first, last).items():
            print(f"re-extracted {night}: {count} articles from its stored raw pages")
    problems = check(root)
    if args.fix:
        problems = fix(root, problems)
    if args.upgrade:
        problems = upgrade(root, problems)
    for problem in problems:
        print(problem.line())
    for moved in quarantined_files(root):
        if (root / moved.moved_to).exists():
            print(f"note: {moved.path} is in quarantine since {moved.quarantined_at} ({moved.reason}); "
                  "re-extract or re-run its night")  # fmt: skip
    remaining = [problem for problem in problems if problem.fixed is None]
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found, {len(remaining)} left")
    return 1 if remaining else 0


if __name__ == "__main__":
    sys.exit(main())
