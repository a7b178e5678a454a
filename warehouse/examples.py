"""The example queries of ``docs/analysts.md``: read from the document, run, and their output written back.

An example is a ``### N. Title`` heading followed (after the question text) by a fenced ``sql`` block
and a fenced ``text`` block: the query, and what ``bantin query`` prints for it on the demo warehouse.
The test ``tests/test_analysts.py`` runs every example and compares; ``benchmarks/analyst_queries.py``
times the same queries on the synthetic warehouse.

    python -m warehouse.examples --warehouse data/demo/warehouse [--doc docs/analysts.md] [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.cli import format_table, require_warehouse, run_sql
from warehouse.views import connect

DOC = Path(__file__).resolve().parent.parent / "docs" / "analysts.md"
EXAMPLE = re.compile(
    r"^### (?P<number>\d+)\. (?P<title>[^\n]+)\n"
    r".*?^```sql\n(?P<sql>.*?)^```\n\s*"
    r"^```text\n(?P<output>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Example:
    number: int
    title: str
    sql: str
    output: str  # as printed in the document (ends with a newline)
    span: tuple[int, int]  # where the output sits in the document text


def examples(text: str) -> list[Example]:
    return [
        Example(int(m["number"]), m["title"].strip(), m["sql"].strip(), m["output"], m.span("output"))
        for m in EXAMPLE.finditer(text)
    ]


def printed(connection: duckdb.DuckDBPyConnection, sql: str) -> str:
    """What ``bantin query "<sql>"`` prints (the default table format)."""
    columns, rows = run_sql(connection, sql)
    return format_table(columns, rows) + "\n"


def rewrite_document(doc: Path, root: Path) -> int:
    """Run every example of ``doc`` on the warehouse ``root`` and write its output back; return how many changed."""
    text = doc.read_text(encoding="utf-8")
    connection = connect(root, read_only=True)
    changed = 0
    for example in reversed(examples(text)):  # from the end, so the earlier spans stay valid
        output = printed(connection, example.sql)
        if output != example.output:
            changed += 1
            start, end = example.span
            text = text[:start] + output + text[end:]
    doc.write_text(text, encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the example queries of docs/analysts.md and update their outputs.")
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument("--check", action="store_true", help="only report examples whose output differs")
    args = parser.parse_args()
    require_warehouse(args.warehouse)  # a mistyped path would rewrite every output as an empty result
    if args.check:
        connection = connect(args.warehouse, read_only=True)
        stale = [e.number for e in examples(args.doc.read_text(encoding="utf-8")) if printed(connection, e.sql) != e.output]
        print(f"stale examples: {stale}" if stale else "every example output is up to date")
        sys.exit(1 if stale else 0)
    print(f"{rewrite_document(args.doc, args.warehouse)} example output(s) changed")


if __name__ == "__main__":
    main()
