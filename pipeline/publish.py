"""Publishing a night: the articles partition and the per-source health rows, each replaced atomically."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.articles import DEDUPLICATED_FILE, SourceCounts, load_extract_counts, non_canonical
from pipeline.crawl import CrawlReport, load_reports
from pipeline.night import staging_dir
from sources import load_sources
from warehouse.schemas import ARTICLES, SOURCE_HEALTH
from warehouse.storage import warehouse_root, write_partition


def health_rows(day: date, reports: dict[str, CrawlReport], counts: dict[str, SourceCounts], articles: list[dict]) -> list[dict]:
    stored = Counter(row["source"] for row in articles)
    duplicates = Counter(row["source"] for row in non_canonical(articles))
    rows = []
    for source, report in sorted(reports.items()):
        tally = counts.get(source, SourceCounts())
        rows.append(
            {
                "source": source,
                "crawl_date": day,
                "status": "ok" if report.ok else "failed",
                "failure": report.failure,
                "pages_fetched": report.pages_fetched,
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
            }
        )
    return rows


def sort_articles(rows: list[dict]) -> list[dict]:
    """Stable row order (source, publication, URL) so a re-run writes the same file contents."""
    return sorted(rows, key=lambda r: (r["source"], r["published_at"] is None, r["published_at"] or 0, r["url"]))


def publish_night(day: date, root: Path | None = None) -> dict[str, str]:
    """Replace the night's ``articles`` and ``source_health`` partitions; return the failed sources and why."""
    root = root or warehouse_root()
    sources = sorted(load_sources())
    articles = sort_articles(pq.read_table(staging_dir(day) / DEDUPLICATED_FILE).to_pylist())
    reports = load_reports(day, sources)
    health = health_rows(day, reports, load_extract_counts(day), articles)
    write_partition(pa.Table.from_pylist(articles, schema=ARTICLES), root, "articles", day)
    write_partition(pa.Table.from_pylist(health, schema=SOURCE_HEALTH), root, "source_health", day)
    return {r.source: r.failure or "" for r in reports.values() if not r.ok}
