"""``bantin``: the analysts' command.

    bantin query "SELECT …" [--format table|csv|parquet] [--output FILE]
    bantin shell                                   # one SQL statement per line (or ending in ';'), results as tables
    bantin report --date 2025-10-01 [--output FILE]
    bantin compact [--keep-days 7 | --before YYYY-MM-DD]
    bantin doctor [--fix] [--upgrade] [--reextract FROM TO]   # see warehouse/doctor.py
    bantin reextract --from 2025-09-01 --to 2025-09-30 [--workers N]   # see pipeline/reextract.py

Every command takes ``--warehouse DIR`` (default ``$BANTIN_WAREHOUSE``) and refuses a folder that holds
no bantin table (a mistyped path would otherwise read as an empty warehouse). ``query`` and ``shell``
open the warehouse read-only: an in-memory DuckDB session with the views of ``warehouse.views`` that
can read files under the warehouse and nothing else, and that refuses statements that write files
(COPY, EXPORT, ATTACH…); results are written by bantin itself, never into the warehouse (an output
path that resolves inside it is refused). ``python -m warehouse "SELECT …"`` is ``bantin query``.

What is printed (tables, the shell, CSV on stdout, errors) has its control characters removed, so a
title cannot drive the terminal; CSV and Parquet files written with ``--output`` keep the data exactly.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.doctor import add_arguments as add_doctor_arguments
from warehouse.doctor import run as run_doctor
from warehouse.schemas import TABLES
from warehouse.storage import WAREHOUSE_ENV, Root, warehouse_root
from warehouse.views import VIEWS, ReadOnlyError, check_read_only, connect

FORMATS = ("table", "csv", "parquet")
MAX_CELL = 60  # characters of a text cell shown in a table (the rest becomes "…")
MAX_ROWS = 40  # rows shown in a table (the count of the others is printed)


class QueryError(RuntimeError):
    """The query could not run (bad SQL, a refused statement, an output in the warehouse)."""


class NotAWarehouseError(QueryError):
    """The folder given as the warehouse holds none of bantin's tables."""


# What a terminal would act on instead of showing: ESC sequences whole (CSI ``ESC [`` or C1 ``CSI`` … final, OSC
# ``ESC ] … BEL|ST``, DCS/PM/APC/SOS strings, two-byte escapes), then any other C0 control but tab and
# newline, DEL, C1 controls, and the bidirectional overrides that make text read other than it is.
_TERMINAL_CONTROLS = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters and escape sequences removed (tab and
    newline kept)."""
    return _TERMINAL_CONTROLS.sub("", text)


def require_warehouse(root: Root) -> Path:
    """``root`` if it is a local folder holding at least one bantin table folder, else a clear error."""
    expected = ", ".join(f"{table}/" for table in TABLES)
    hint = f"give the warehouse with --warehouse DIR or {WAREHOUSE_ENV} (now {os.environ.get(WAREHOUSE_ENV) or 'unset'})"
    if not isinstance(root, Path):
        raise NotAWarehouseError(f"{root}: the analysts' commands read a warehouse on a local or mounted disk; {hint}")
    if not any((root / table).is_dir() for table in TABLES):
        what = "does not exist" if not root.exists() else "is not a folder" if not root.is_dir() else "holds no bantin tables"
        raise NotAWarehouseError(f"{root} {what}: a warehouse holds the folders {expected} (at least one); {hint}")
    return root


def outside_warehouse(path: Path, root: Path) -> Path:
    """``path`` resolved (symbolic links followed), refused when it lies inside the warehouse ``root``."""
    resolved = path.resolve()
    if resolved.is_relative_to(root.resolve()):
        raise QueryError(f"refusing to write {path} inside the warehouse {root}: the warehouse is only written by the pipeline")
    return resolved


def write_output(path: Path, data: bytes, root: Path) -> Path:
    """Write ``data`` to ``path`` (refused inside the warehouse) through a temporary file renamed over it, so
    a hard link to another file is replaced, not written through, and a failed write leaves the old file."""
    target = outside_warehouse(path, root)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as error:
        raise QueryError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    return target


def text_of(value: object) -> str:
    """The text of one value, whole: NULL as "NULL", ISO dates, lists in brackets (CSV cells, table cells)."""
    if value is None:
        return "NULL"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(text_of(v) for v in value) + "]"
    return str(value)


def one_line(text: str) -> str:
    """``text`` printable on one table line: control characters removed, newlines and tabs as spaces."""
    return printable(text).replace("\n", " ").replace("\t", " ")


def cell(value: object, width: int = MAX_CELL) -> str:
    """How one value prints in a table: on one line, without control characters, long text cut."""
    text = one_line(text_of(value))
    return text if len(text) <= width else text[: width - 1] + "…"


def _numeric(values: Sequence[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present)


def format_table(columns: Sequence[str], rows: Sequence[Sequence[object]], max_rows: int = MAX_ROWS) -> str:
    """A plain aligned text table (numbers right-aligned, control characters removed) and a row count line."""
    shown = rows[:max_rows]
    columns = [one_line(name) for name in columns]
    cells = [[cell(v) for v in row] for row in shown]
    widths = [max([len(name)] + [len(r[i]) for r in cells]) for i, name in enumerate(columns)]
    right = [_numeric([row[i] for row in shown]) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)).rstrip()

    out = [line(list(columns)), line(["-" * w for w in widths])] + [line(r) for r in cells]
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    count += f", {len(rows) - len(shown)} not shown)" if len(rows) > len(shown) else ")"
    return "\n".join(out + [count])


def run_sql(connection: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` (checked read-only) and return its column names and rows ([] for statements without rows)."""
    try:
        check_read_only(sql)
        result = connection.execute(sql)
    except (duckdb.Error, ReadOnlyError) as error:
        raise QueryError(str(error).strip()) from error
    if result.description is None:
        return [], []
    return [d[0] for d in result.description], result.fetchall()


def write_result(table: pa.Table, fmt: str, output: Path | None, root: Path) -> str | None:
    """Write ``table`` as csv or parquet to ``output`` exactly, or return the CSV text for stdout (parquet
    needs a file)."""
    if fmt == "parquet":
        if output is None:
            raise QueryError("--format parquet needs --output FILE")
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        write_output(output, sink.getvalue().to_pybytes(), root)
        return None
    lines = [csv_line(table.column_names)]
    lines += [csv_line(["" if v is None else text_of(v) for v in row.values()]) for row in table.to_pylist()]
    text = "".join(lines)
    if output is None:
        return text
    write_output(output, text.encode("utf-8"), root)
    return None


def csv_line(values: Sequence[str]) -> str:
    """One CSV record (RFC 4180): a field holding a comma, a quote, CR or LF is quoted, its quotes doubled.
    (Python's csv writer leaves a lone CR unquoted when the line ends in LF, which splits the record.)"""
    return ",".join('"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\r\n') else v for v in values) + "\n"


SHELL_HELP = f"""bantin shell (read-only): end each SQL statement with ';' or an empty line.
views: {", ".join(VIEWS)}, and stories_between(first_night, last_night).
.tables lists them, .schema VIEW shows its columns, .quit leaves."""


def shell(connection: duckdb.DuckDBPyConnection, lines: Iterable[str], out: TextIO, prompt: bool) -> int:
    """Run each statement of ``lines`` (ended by ';', an empty line or the end of the input; a line starting
    with '.' is a command); print its result or its error. Return how many statements failed."""
    failures = 0
    if prompt:
        out.write(SHELL_HELP + "\nbantin> ")
        out.flush()
    pending: list[str] = []
    for raw in lines:
        line = raw.rstrip("\n").rstrip()
        if not pending and line.strip().startswith("."):
            command = line.strip()
            if command in (".quit", ".exit"):
                return failures
            failures += _shell_statement(connection, command, out)
        elif line.strip() and not line.strip().startswith("--"):
            pending.append(line)
            if line.endswith(";"):
                failures += _shell_statement(connection, "\n".join(pending), out)
                pending = []
        elif not line.strip() and pending:
            failures += _shell_statement(connection, "\n".join(pending), out)
            pending = []
        if prompt:
            out.write("   ... " if pending else "bantin> ")
            out.flush()
    if pending:
        failures += _shell_statement(connection, "\n".join(pending), out)
    return failures


def _shell_statement(connection: duckdb.DuckDBPyConnection, sql: str, out: TextIO) -> int:
    if sql == ".tables":
        sql = (
            "SELECT view_name AS view FROM duckdb_views() WHERE NOT internal AND NOT starts_with(view_name, '_') "
            "UNION ALL SELECT DISTINCT function_name || '(first_night, last_night)' FROM duckdb_functions() "
            "WHERE function_type = 'table_macro' AND NOT internal ORDER BY 1"
        )
    elif sql.startswith(".schema"):
        sql = f"DESCRIBE {sql.removeprefix('.schema').strip() or 'articles'}"
    elif sql.startswith("."):
        out.write(f"unknown command {printable(sql.split()[0])} (.tables, .schema VIEW, .quit)\n")
        return 1
    try:
        columns, rows = run_sql(connection, sql)
    except QueryError as error:
        out.write(f"error: {printable(str(error))}\n")
        return 1
    if columns:
        out.write(format_table(columns, rows) + "\n")
    return 0


def query(root: Path, sql: str, fmt: str, output: Path | None) -> str | None:
    """Run one query read-only; return what to print (None when the result went to ``output``)."""
    connection = connect(root, read_only=True)
    if fmt != "table":
        check_read_only(sql)
        return write_result(connection.sql(sql).to_arrow_table(), fmt, output, root)
    columns, rows = run_sql(connection, sql)
    text = format_table(columns, rows) + "\n" if columns else ""
    if output is None:
        return text
    write_output(output, text.encode("utf-8"), root)
    return None


def without_warehouse_option(argv: list[str]) -> list[str]:
    """``argv`` without a leading ``--warehouse DIR`` (or ``--warehouse=DIR``), which commands that need no
    warehouse accept and ignore."""
    if argv[:1] == ["--warehouse"]:
        return argv[2:]
    if argv and argv[0].startswith("--warehouse="):
        return argv[1:]
    return argv


def run_reextract(root: Path, first: date, last: date, workers: int | None) -> int:
    """``bantin reextract``: a progress bar on stderr while the nights are rebuilt, then one line per night."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from pipeline.reextract import reextract, stored_pages

    if last < first:
        print(f"bantin: --to {last} is before --from {first}", file=sys.stderr)
        return 1
    nights = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    total = sum(stored_pages(root, night) for night in nights)
    if not total:
        print(f"bantin: no raw pages are stored for {first} … {last}: nothing to re-extract", file=sys.stderr)
        return 1
    columns = (TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as progress:
        bar = progress.add_task("pages", total=total)
        result = reextract(root, first, last, workers,
                           on_night=lambda done: progress.advance(bar, done.pages))  # fmt: skip
    for done in result.nights:
        print(f"{done.night}: {done.pages} raw pages, {done.articles} articles")
    print(f"re-extracted {len(result.nights)} nights, {result.pages} pages in {result.seconds:.1f} s "
          f"({result.pages_per_second:.0f} pages/s with {result.workers} extraction processes)")  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = without_warehouse_option(argv)
    if command[:2] == ["sources", "check"]:  # the operator's command: crawls, needs no warehouse
        from sources.check import main as check_main

        return check_main(command[2:])
    parser = argparse.ArgumentParser(
        prog="bantin",
        description="The bantin warehouse for analysts (query, shell, report, compact, doctor) and the operators' sources check.",
    )
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse directory (default: $BANTIN_WAREHOUSE)")
    commands = parser.add_subparsers(dest="command", required=True)
    query_command = commands.add_parser("query", help="run one SQL query over the views and print or save the result")
    query_command.add_argument("sql")
    query_command.add_argument("--format", choices=FORMATS, default="table")
    query_command.add_argument(
        "--output", type=Path, default=None, help="write the result to FILE (outside the warehouse) instead of printing it"
    )
    commands.add_parser("shell", help="interactive SQL over the views (reads statements from stdin)")
    report = commands.add_parser("report", help="write the HTML report of a night and the 30 days before it")
    report.add_argument("--date", type=date.fromisoformat, required=True, help="the night, YYYY-MM-DD")
    report.add_argument("--days", type=int, default=30)
    report.add_argument("--output", type=Path, default=None, help="default: $BANTIN_REPORTS/<date>.html (outside the warehouse)")
    compact = commands.add_parser("compact", help="fold old nights into one file per month (articles, clusters, health)")
    compact.add_argument("--keep-days", type=int, default=7)
    compact.add_argument("--before", type=date.fromisoformat, default=None)
    doctor = commands.add_parser(
        "doctor", help="check every file (readable, schema version, layout); --fix, --upgrade, --reextract"
    )
    add_doctor_arguments(doctor)
    rebuild = commands.add_parser(
        "reextract", help="rebuild the articles of past nights from their stored raw pages (after a parser fix), without fetching"
    )
    rebuild.add_argument("--from", dest="first", type=date.fromisoformat, required=True, help="first night, YYYY-MM-DD")
    rebuild.add_argument("--to", dest="last", type=date.fromisoformat, required=True, help="last night, YYYY-MM-DD")
    rebuild.add_argument("--workers", type=int, default=None, help="extraction processes (default: one per core)")
    sources = commands.add_parser(
        "sources", help="bantin sources check [NAME ...] [--date D] [--articles N] [--json]: can each source be read?"
    )
    sources.add_argument("action", choices=["check"])
    for sub in commands.choices.values():  # also accepted after the command
        sub.add_argument("--warehouse", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        root = require_warehouse(args.warehouse or warehouse_root())
        if args.command == "report":
            from warehouse.report import write_report

            print(printable(str(write_report(args.date, root, output=args.output, days=args.days))))
            return 0
        if args.command == "compact":
            from warehouse.compaction import main as compact_main

            compact_main(["--warehouse", str(root), "--keep-days", str(args.keep_days)]
                         + (["--before", args.before.isoformat()] if args.before else []))  # fmt: skip
            return 0
        if args.command == "doctor":
            return run_doctor(root, args)
        if args.command == "reextract":
            return run_reextract(root, args.first, args.last, args.workers)
        if args.command == "shell":
            connection = connect(root, read_only=True)
            return 1 if shell(connection, sys.stdin, sys.stdout, prompt=sys.stdin.isatty()) else 0
        text = query(root, args.sql, args.format, args.output)
    except (duckdb.Error, ReadOnlyError, QueryError) as error:
        print(f"bantin: {printable(str(error).strip())}", file=sys.stderr)
        return 1
    if text is not None:
        sys.stdout.write(printable(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
