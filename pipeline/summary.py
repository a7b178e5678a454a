"""A short, human summary of a night: per source, and one example query for analysts."""

from __future__ import annotations

from datetime import date

from warehouse.cli import format_table, one_line, printable
from warehouse.storage import Root, warehouse_root
from warehouse.views import connect

EXAMPLE_QUERY = """SELECT strftime(published_at, '%H:%M') AS time, source, event_date,
       left(title, 48) AS title,
       list_transform(cited_documents, lambda d: d.document) AS cited_documents, cluster_id
FROM articles WHERE crawl_date = DATE '{day}'
ORDER BY published_at"""


def night_summary(day: date, root: Root | None = None) -> str:
    root = root or warehouse_root()
    connection = connect(root, read_only=True)
    rows = connection.execute(
        "SELECT source, status, pages_fetched, articles_stored, duplicates_merged, coalesce(failure, '') "
        "FROM source_health WHERE crawl_date = $day ORDER BY source",
        {"day": day},
    ).fetchall()
    lines = [f"bantin night {day}", f"{'source':16s} {'status':7s} {'pages':>5s} {'stored':>6s} {'dupes':>5s}  failure"]
    lines += [f"{s:16s} {st:7s} {p:5d} {a:6d} {d:5d}  {one_line(f)}" for s, st, p, a, d, f in rows]
    lines += ["", f"tables: {root}/{{raw_pages,articles,source_health}}/crawl_date={day}/", ""]
    query = EXAMPLE_QUERY.format(day=day)
    result = connection.execute(query)
    columns, articles = [d[0] for d in result.description], result.fetchall()
    lines += ['example query (bantin query "..."):', query, "", format_table(columns, articles, max_rows=len(articles))]
    return printable("\n".join(lines))  # titles and failures come from the sites: nothing in them may drive the terminal


if __name__ == "__main__":
    import sys

    print(night_summary(date.fromisoformat(sys.argv[1])))
