"""Running one source's crawl in its own process and judging it by its stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from pipeline.night import staging_dir
from warehouse.storage import PROJECT_DIR

CRAWL_TIMEOUT_S = 45 * 60


class SourceFailed(RuntimeError):
    """A source's crawl delivered nothing usable tonight; the message says why."""


@dataclass
class CrawlReport:
    source: str
    day: str
    ok: bool
    failure: str | None
    pages_fetched: int
    http_errors: dict[str, int] = field(default_factory=dict)
    finish_reason: str | None = None
    duration_s: float = 0.0


def stats_file(day: date, source: str) -> Path:
    return staging_dir(day) / "crawl" / f"{source}.stats.json"


def report_file(day: date, source: str) -> Path:
    return staging_dir(day) / "crawl" / f"{source}.report.json"


def http_errors(stats: dict) -> dict[str, int]:
    """Failures by kind: HTTP statuses >= 400 and network errors (timeouts, resets, DNS)."""
    errors: dict[str, int] = {}
    for key, count in stats.items():
        if key.startswith("downloader/response_status_count/"):
            status = key.rsplit("/", 1)[1]
            if status.isdigit() and int(status) >= 400:
                errors[status] = errors.get(status, 0) + int(count)
        elif key.startswith("downloader/exception_type_count/"):
            kind = key.rsplit("/", 1)[1].rsplit(".", 1)[-1]
            errors[kind] = errors.get(kind, 0) + int(count)
    return dict(sorted(errors.items()))


def judge(stats: dict) -> str | None:
    """Why the crawl failed, or None when it delivered what the site had (possibly nothing on a quiet day)."""
    if not stats:
        return "the crawl wrote no stats: it crashed or was killed"
    reason = stats.get("finish_reason")
    if reason != "finished":
        return f"the crawl ended with {reason!r}"
    if stats.get("bantin/discovery_failed", 0) and not stats.get("bantin/discovery_pages", 0):
        errors = http_errors(stats)
        return f"no discovery page could be read (errors: {errors or 'see the crawl log'})"
    discovered = stats.get("bantin/articles_discovered", 0)
    if discovered and not stats.get("bantin/article_status/ok", 0):
        return f"none of the {discovered} article pages could be fetched"
    return None


def scrapy_command(source: str, day: date, stats_path: Path) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", source,
        "-a", f"start={day.isoformat()}", "-a", f"end={day.isoformat()}", "-a", f"crawl_date={day.isoformat()}",
        "-s", f"BANTIN_STATS_FILE={stats_path}",
    ]  # fmt: skip


def crawl_source(source: str, day: date) -> CrawlReport:
    """Crawl ``source`` for ``day`` in a fresh process (Twisted's reactor cannot restart) and judge it."""
    stats_path = stats_file(day, source)
    stats_path.unlink(missing_ok=True)
    report_file(day, source).unlink(missing_ok=True)
    environment = os.environ | {"SCRAPY_SETTINGS_MODULE": "spiders.settings"}
    started = time.monotonic()
    try:
        completed = subprocess.run(
            scrapy_command(source, day, stats_path), cwd=PROJECT_DIR, env=environment, timeout=CRAWL_TIMEOUT_S,
            capture_output=True, text=True,
        )  # fmt: skip
        log_tail = completed.stderr[-3000:]
    except subprocess.TimeoutExpired:
        log_tail = f"killed after {CRAWL_TIMEOUT_S} s"
    duration = time.monotonic() - started
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    failure = judge(stats)
    report = CrawlReport(
        source=source,
        day=day.isoformat(),
        ok=failure is None,
        failure=failure,
        pages_fetched=int(stats.get("bantin/raw_pages_written", 0)),
        http_errors=http_errors(stats),
        finish_reason=stats.get("finish_reason"),
        duration_s=round(duration, 3),
    )
    report_file(day, source).write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    if failure and not stats:
        print(log_tail, file=sys.stderr)
    return report


def load_reports(day: date, sources: list[str]) -> dict[str, CrawlReport]:
    """The crawl report of each source for ``day``; a source whose crawl left none is reported failed."""
    reports = {}
    for source in sources:
        path = report_file(day, source)
        if path.exists():
            reports[source] = CrawlReport(**json.loads(path.read_text(encoding="utf-8")))
        else:
            reports[source] = CrawlReport(source, day.isoformat(), False, "the crawl task did not run or left no report", 0)
    return reports
