"""Staging a night as crawl and extract leave it, from article rows made by a test (no crawl, no HTML)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.articles import EXTRACT_REPORT_FILE, EXTRACTED_FILE, SourceCounts
from pipeline.crawl import CrawlReport, report_file
from pipeline.night import staging_dir
from sources import load_sources
from warehouse.schemas import ARTICLES, Row


def stage_extracted(day: date, rows: list[Row]) -> None:
    """The night's extracted articles, extract counts and an ok crawl report per source, in staging."""
    folder = staging_dir(day)
    pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLES), folder / EXTRACTED_FILE)
    counts = {name: asdict(SourceCounts(articles_parsed=sum(r["source"] == name for r in rows))) for name in load_sources()}
    (folder / EXTRACT_REPORT_FILE).write_text(json.dumps(counts), encoding="utf-8")
    for name in load_sources():
        path = report_file(day, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(CrawlReport(name, day.isoformat(), True, None, counts[name]["articles_parsed"]))))
