"""The night's quality check: the published tables read back with DuckDB and checked for what must hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sources import source_errors, source_names
from warehouse.schemas import SCHEMA_VERSION
from warehouse.views import connect

# The tables the checks read: the others (raw pages, signatures, facts) are not opened.
CHECKED_TABLES = ("articles", "article_clusters", "article_events", "source_health")


class QualityError(RuntimeError):
    """The night's tables are not as they must be, or a source failed; the message lists every problem."""


CHECKS: dict[str, str] = {
    "duplicate (source, url)": "SELECT count(*) - count(DISTINCT (source, url)) FROM articles WHERE crawl_date = $day",
    "duplicate article_id": "SELECT count(*) - count(DISTINCT article_id) FROM articles WHERE crawl_date = $day",
    "articles without title or body": (
        "SELECT count(*) FROM articles WHERE crawl_date = $day AND (coalesce(title, '') = '' OR coalesce(body, '') = '')"
    ),
    "published_date not the day of published_at": (
        "SELECT count(*) FROM articles WHERE crawl_date = $day "
        "AND published_date IS DISTINCT FROM CAST(timezone('Asia/Ho_Chi_Minh', published_at) AS DATE)"
    ),
    "articles without exactly one cluster row": (
        "SELECT count(*) FROM article_rows AS a WHERE crawl_date = $day "
        "AND (SELECT count(*) FROM article_clusters AS c WHERE c.article_id = a.article_id) <> 1"
    ),
    "articles without exactly one event row": (
        "SELECT count(*) FROM article_rows AS a WHERE crawl_date = $day "
        "AND (SELECT count(*) FROM article_events AS e WHERE e.article_id = a.article_id AND e.crawl_date = $day) <> 1"
    ),
    "rows of another schema version": f"SELECT count(*) FROM articles WHERE crawl_date = $day AND schema_version <> {SCHEMA_VERSION}",
}


def table_problems(day: date, root: Path | None = None) -> list[str]:
    connection = connect(root, tables=CHECKED_TABLES)
    problems = []
    for name, sql in CHECKS.items():
        ((count,),) = connection.execute(sql, {"day": day}).fetchall()
        if count:
            problems.append(f"{name}: {count}")
    health = dict(
        connection.execute(
            "SELECT source, count(*) FROM source_health WHERE crawl_date = $day GROUP BY 1", {"day": day}
        ).fetchall()
    )
    for source in source_names():
        if health.get(source) != 1:
            problems.append(f"source_health has {health.get(source, 0)} rows for {source}, expected 1")
    return problems


def check_night(day: date, root: Path | None = None) -> None:
    """Raise ``QualityError`` naming every broken table rule and every failed source of the night."""
    problems = table_problems(day, root)
    failed = (
        connect(root, tables=CHECKED_TABLES)
        .execute(
            "SELECT source, failure FROM source_health WHERE crawl_date = $day AND status <> 'ok' ORDER BY source", {"day": day}
        )
        .fetchall()
    )
    problems += [f"source {source} failed: {failure}" for source, failure in failed]
    problems += [
        f"invalid source file: {error}" for name, error in source_errors().items() if Path(name).stem not in source_names()
    ]
    if problems:
        raise QualityError(f"night {day}: " + "; ".join(problems))
