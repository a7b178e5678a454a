"""Publishing a night: the articles partition and the per-source health rows, each replaced atomically."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from datetime import date

import pyarrow as pa

from pipeline.articles import SourceCounts, extracted_articles, load_extract_counts
from pipeline.clusters import staged_clusters, staged_signatures
from pipeline.crawl import CrawlReport, load_reports
from pipeline.events import staged_events, staged_facts
from sources import source_names
from warehouse.compaction import collect_garbage
from warehouse.locks import partition_locks
from warehouse.schemas import ARTICLES, SOURCE_HEALTH, Row
from warehouse.storage import ObjectRoot, Root, partition_key, warehouse_root, write_partition


def health_rows(
    day: date, reports: dict[str, CrawlReport], counts: dict[str, SourceCounts], articles: list[Row], clusters: pa.Table
) -> list[Row]:
    stored = Counter(row["source"] for row in articles)
    repeated = {row["article_id"] for row in clusters.to_pylist() if not row["is_canonical"]}
    duplicates = Counter(row["source"] for row in articles if row["article_id"] in repeated)
    rows: list[Row] = []
    for source, report in sorted(reports.items()):
        tally = counts.get(source, SourceCounts())
        rows.append(
            {
                "source": source,
                "crawl_date": day,
                "status": "ok" if report.ok else "failed",
                "failure": report.failure,
                "pages_fetched": report.pages_fetched,
                "pages_reused": report.pages_reused,
                "pages_skipped": report.pages_skipped,
                "articles_parsed": tally.articles_parsed,
                "articles_stored": stored[source],
                "duplicates_merged": duplicates[source],
                "missing_date": tally.missing_date,
                "missing_body": tally.missing_body,
                "parse_errors": tally.parse_errors,
                "http_errors": json.dumps(report.http_errors, sort_keys=True),
                "finish_reason": report.finish_reason,
                "duration_s": report.duration_s,
                "parsers": sorted(tally.parsers),
                "layout_drift": tally.layout_drift,
                "fallback_pages": tally.fallback_pages,
            }
        )
    return rows


def sort_articles(rows: list[Row]) -> list[Row]:
    """Stable row order (source, publication, URL) so a re-run writes the same file contents."""
    return sorted(rows, key=lambda r: (r["source"], r["published_at"] is None, r["published_at"] or 0, r["url"]))


def staged_night(day: date) -> tuple[list[Row], dict[date, pa.Table]]:
    """The night's staged articles (in file order) and cluster rows by night."""
    return sort_articles(extracted_articles(day)), staged_clusters(day)


def night_locks(root: Root, day: date, clusters: dict[date, pa.Table], tables: tuple[str, ...]) -> AbstractContextManager[None]:
    """The locks of the partitions a publication of ``day`` writes (none in object storage)."""
    if isinstance(root, ObjectRoot):
        return nullcontext()
    keys = [partition_key(table, day) for table in tables] + [partition_key("article_clusters", night) for night in clusters]
    keys += [partition_key("article_events", night) for night in staged_events(day)]
    return partition_locks(root, sorted(set(keys)))


def write_articles(day: date, root: Root, articles: list[Row], clusters: dict[date, pa.Table]) -> None:
    """Replace the night's ``articles``, ``article_signatures`` and ``article_facts``, the ``article_clusters``
    of the nights around it and the ``article_events`` that changed (the caller holds their locks)."""
    write_partition(pa.Table.from_pylist(articles, schema=ARTICLES), root, "articles", day)
    write_partition(staged_signatures(day).sort_by("article_id"), root, "article_signatures", day)
    write_partition(staged_facts(day).sort_by("article_id"), root, "article_facts", day)
    for night, rows in clusters.items():
        write_partition(rows.sort_by("article_id"), root, "article_clusters", night)
    for night, rows in staged_events(day).items():
        write_partition(rows.sort_by("article_id"), root, "article_events", night)


def publish_articles(day: date, root: Root) -> tuple[list[Row], dict[date, pa.Table]]:
    """Replace the night's articles, signatures and clusters with the staged ones, leaving its
    ``source_health`` as it is (re-extraction); return the articles and cluster rows."""
    articles, clusters = staged_night(day)
    with night_locks(root, day, clusters, ("articles", "article_signatures", "article_facts")):
        write_articles(day, root, articles, clusters)
    return articles, clusters


def publish_night(day: date, root: Root | None = None) -> dict[str, str]:
    """Replace the night's ``articles``, ``article_signatures`` and ``source_health`` partitions, and the
    ``article_clusters`` partitions of the nights around it; return the failed sources and why."""
    root = root or warehouse_root()
    reports = load_reports(day, source_names())
    articles, clusters = staged_night(day)
    health = health_rows(day, reports, load_extract_counts(day), articles, clusters[day])
    # Each partition is replaced atomically (warehouse/storage.py); health goes last, so a night's
    # "ok" row never appears before its articles. A killed publish leaves every partition old or new,
    # and a re-run (the task's retry) completes it. The night's partitions are locked together (sorted
    # order), so a compaction never folds half of a publish.
    with night_locks(root, day, clusters, ("articles", "article_signatures", "article_facts", "source_health")):
        write_articles(day, root, articles, clusters)
        write_partition(pa.Table.from_pylist(health, schema=SOURCE_HEALTH), root, "source_health", day)
    if not isinstance(root, ObjectRoot):
        collect_garbage(root)  # deletions a compaction deferred for reading sessions that have ended since
    return {r.source: r.failure or "" for r in reports.values() if not r.ok}
