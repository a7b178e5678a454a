"""Query the warehouse: ``python -m warehouse "SELECT source, count(*) FROM articles GROUP BY 1"``."""

from __future__ import annotations

import argparse
from pathlib import Path

from warehouse.views import connect


def main() -> None:
    parser = argparse.ArgumentParser(description="Run SQL over the bantin warehouse (DuckDB views).")
    parser.add_argument("sql", help="the query; views: articles, stories, cited_documents, places, source_health, raw_pages… "
                        "(see docs/analysts.md; `bantin query` is the read-only equivalent with CSV/Parquet output)")
    parser.add_argument("--warehouse", type=Path, default=None, help="warehouse directory (default: $BANTIN_WAREHOUSE)")
    args = parser.parse_args()
    connect(args.warehouse).sql(args.sql).show(max_width=200)


if __name__ == "__main__":
    main()
