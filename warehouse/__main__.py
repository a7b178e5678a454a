"""``python -m warehouse "SELECT …"``: the same read-only query as ``bantin query`` (same options, same checks).

python -m warehouse "SELECT source, count(*) FROM articles GROUP BY 1" [--format csv|parquet] [--output FILE]
"""

from __future__ import annotations

import sys

from warehouse.cli import main as bantin


def main(argv: list[str] | None = None) -> int:
    return bantin(["query", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
