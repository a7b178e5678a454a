"""``bantin``: the analysts' command.

    bantin query "SELECT …" [--format table|csv|parquet] [--output FILE]
    bantin shell                                   # one SQL statement per line (or ending in ';'), results as tables
    bantin report --date 2025-10-01 [--output FILE]
    bantin compact [--keep-days 7 | --before YYYY-MM-DD]
    bantin doctor [--fix] [--upgrade] [--reextract FROM TO]   # see warehouse/doctor.py

Every command takes ``--warehouse DIR`` (default ``$BANTIN_WAREHOUSE``). ``query`` and ``shell`` open
the warehouse read-only: an in-memory DuckDB session with the views of ``warehouse.views`` that can
read files under the warehouse and nothing else, and that refuses statements that write files
(COPY, EXPORT, ATTACH…); results are written by bantin itself, never into the warehouse.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.doctor import add_arguments as add_doctor_arguments
from warehouse.doctor import run as run_doctor
from warehouse.storage import warehouse_root
from warehouse.views import VIEWS, ReadOnlyError, check_read_only, connect

FORMATS = ("table", "csv", "parquet")
MAX_CELL = 60  # characters of a text cell shown in a table (the rest becomes "…")
MAX_ROWS = 40  # rows shown in a table (the count of the others is printed)


class QueryError(RuntimeError):
    """The query could not run (bad SQL, a refused statement, an output in the warehouse)."""


def cell(value: object, width: int = MAX_CELL) -> str:
    """How one value prints in a table: NULL, ISO dates, lists in brackets, long text cut."""
    if value is None:
        text = "NULL"
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(cell(v, width) for v in value) + "]"
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _numeric(values: Sequence[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present)


def format_table(columns: Sequence[str], rows: Sequence[Sequence[object]], max_rows: int = MAX_ROWS) -> str:
    """A plain aligned text table (numbers right-aligned) and a row count line."""
    shown = rows[:max_rows]
    cells = [[cell(v) for v in row] for row in shown]
    widths = [max([len(name)] + [len(r[i]) for r in cells]) for i, name in enumerate(columns)]
    right = [_numeric([row[i] for row in shown]) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)).rstrip()

    out = [line(list(columns)), line(["-" * w for w in widths])] + [line(r) for r in cells]
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    count += f", {len(rows) - len(shown)} not shown)" if len(rows) > len(shown) else ")"
    return "\n".join(out + [count])


def run_sql(connection: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Run ``sql`` (checked read-only) and return its column names and rows ([] for statements without rows)."""
    try:
        check_read_only(sql)
        result = connection.execute(sql)
    except (duckdb.Error, ReadOnlyError) as error:
        raise QueryError(str(error).strip()) from error
    if result.description is None:
        return [], []
    return [d[0] for d in result.description], result.fetchall()


def _outside(path: Path, root: Path) -> Path:
    resolved = path.resolve()
    if resolved.is_relative_to(root.resolve()):
        raise QueryError(f"refusing to write {path} inside the warehouse {root}: it is opened read-only")
    return resolved


def write_result(table: pa.Table, fmt: str, output: Path | None, root: Path) -> str | None:
    """Write ``table`` as csv or parquet to ``output``, or return the CSV text for stdout (parquet needs a file)."""
    if fmt == "parquet":
        if output is None:
            raise QueryError("--format parquet needs --output FILE")
        pq.write_table(table, _outside(output, root), compression="zstd")
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(["" if v is None else cell(v, width=10**9) for v in row.values()])
    if output is None:
        return buffer.getvalue()
    _outside(output, root).write_text(buffer.getvalue(), encoding="utf-8")
    return None


SHELL_HELP = f"""bantin shell (read-only): end each SQL statement with ';' or an empty line.
views: {", ".join(VIEWS)}, and stories_between(first_night, last_night).
.tables lists them, .schema VIEW shows its columns, .quit leaves."""


def shell(connection: duckdb.DuckDBPyConnection, lines: io.TextIOBase, out: io.TextIOBase, prompt: bool) -> int:
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


def _shell_statement(connection: duckdb.DuckDBPyConnection, sql: str, out: io.TextIOBase) -> int:
    if sql == ".tables":
        sql = (
            "SELECT view_name AS view FROM duckdb_views() WHERE NOT internal AND NOT starts_with(view_name, '_') "
            "UNION ALL SELECT DISTINCT function_name || '(first_night, last_night)' FROM duckdb_functions() "
            "WHERE function_type = 'table_macro' AND NOT internal ORDER BY 1"
        )
    elif sql.startswith(".schema"):
        sql = f"DESCRIBE {sql.removeprefix('.schema').strip() or 'articles'}"
    elif sql.startswith("."):
        out.write(f"unknown command {sql.split()[0]} (.tables, .schema VIEW, .quit)\n")
        return 1
    try:
        columns, rows = run_sql(connection, sql)
    except QueryError as error:
        out.write(f"error: {error}\n")
        return 1
    if columns:
        out.write(format_table(columns, rows) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin", description="The bantin warehouse for analysts: query, shell, report, compact.")
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse directory (default: $BANTIN_WAREHOUSE)")
    commands = parser.add_subparsers(dest="command", required=True)
    query = commands.add_parser("query", help="run one SQL query over the views and print or save the result")
    query.add_argument("sql")
    query.add_argument("--format", choices=FORMATS, default="table")
    query.add_argument("--output", type=Path, default=None, help="write the result to FILE instead of printing it")
    commands.add_parser("shell", help="interactive SQL over the views (reads statements from stdin)")
    report = commands.add_parser("report", help="write the HTML report of a night and the 30 days before it")
    report.add_argument("--date", type=date.fromisoformat, required=True, help="the night, YYYY-MM-DD")
    report.add_argument("--days", type=int, default=30)
    report.add_argument("--output", type=Path, default=None, help="default: $BANTIN_REPORTS/<date>.html")
    compact = commands.add_parser("compact", help="fold old nights into one file per month (articles, clusters, health)")
    compact.add_argument("--keep-days", type=int, default=7)
    compact.add_argument("--before", type=date.fromisoformat, default=None)
    doctor = commands.add_parser("doctor", help="check every file (readable, schema version, layout); --fix, --upgrade, --reextract")
    add_doctor_arguments(doctor)
    for sub in (query, report, compact, doctor, commands.choices["shell"]):  # also accepted after the command
        sub.add_argument("--warehouse", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.warehouse or warehouse_root()

    if args.command == "report":
        from warehouse.report import write_report

        print(write_report(args.date, root, output=args.output, days=args.days))
        return 0
    if args.command == "compact":
        from warehouse.compaction import main as compact_main

        compact_main(["--warehouse", str(root), "--keep-days", str(args.keep_days)]
                     + (["--before", args.before.isoformat()] if args.before else []))  # fmt: skip
        return 0
    if args.command == "doctor":
        return run_doctor(root, args)
    connection = connect(root, read_only=True)
    if args.command == "shell":
        return 1 if shell(connection, sys.stdin, sys.stdout, prompt=sys.stdin.isatty()) else 0
    try:
        if args.format == "table":
            columns, rows = run_sql(connection, args.sql)
            text = format_table(columns, rows) + "\n" if columns else ""
            if args.output is not None:
                _outside(args.output, root).write_text(text, encoding="utf-8")
                text = None
        else:
            check_read_only(args.sql)
            text = write_result(connection.sql(args.sql).to_arrow_table(), args.format, args.output, root)
    except (duckdb.Error, ReadOnlyError, QueryError) as error:
        print(f"bantin: {str(error).strip()}", file=sys.stderr)
        return 1
    if text is not None:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
