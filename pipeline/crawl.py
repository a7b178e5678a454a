"""Running one source's crawl in its own process and judging it by its stats.

A crawl fails (and so does its Airflow task, visibly) when it delivered nothing usable: no discovery
page could be read, none of the discovered article pages could be fetched, or none of the fetched
pages can be read as an article. A quiet day (nothing discovered) is not a failure. Either way the
report says what went wrong with which pages, by kind (``http_errors``, see ``spiders/news.py``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipeline.crawl_process import run_crawl
from pipeline.night import staging_dir
from sources import OverridesError, SourceConfigError, load_named_source
from warehouse.storage import PROJECT_DIR, read_partition, warehouse_root

CRAWL_TIMEOUT_S = 45 * 60
LOOKBACK_ENV = "BANTIN_NIGHTLY_LOOKBACK_DAYS"
NIGHTLY, BACKFILL = "nightly", "backfill"


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
    retries: dict[str, int] = field(default_factory=dict)  # retried attempts by kind (recovered or not)
    problem_urls: dict[str, list[str]] = field(default_factory=dict)  # the pages behind http_errors
    offsite_blocked: int = 0  # requests refused because they left the source's site
    pages_reused: int = 0  # of pages_fetched, pages this night already stored (not requested again)
    pages_skipped: int = 0  # discovered articles another night already stores (not requested)
    discovery: str = BACKFILL
    discovered_from: str | None = None  # first day of the discovery range
    cpu_s: float = 0.0  # CPU seconds of the crawl process
    peak_rss_mib: float = 0.0  # its peak resident memory


def discovery_mode(run_type: object, conf: dict[str, Any] | None) -> str:
    """``nightly`` for the scheduler's runs, ``backfill`` for backfills and manual runs, unless the run's
    conf says ``{"discovery": "nightly" | "backfill"}``."""
    chosen = (conf or {}).get("discovery")
    if chosen is not None:
        if chosen not in (NIGHTLY, BACKFILL):
            raise ValueError(f"conf discovery must be {NIGHTLY!r} or {BACKFILL!r}, not {chosen!r}")
        return str(chosen)
    return NIGHTLY if getattr(run_type, "value", run_type) == "scheduled" else BACKFILL


def discovery_range(day: date, mode: str) -> tuple[date, date]:
    """The publication days a crawl for night ``day`` looks for. A nightly run also looks back a few days
    for items the site listed late; a backfill looks at its night only."""
    if mode == NIGHTLY:
        lookback = int(os.environ.get(LOOKBACK_ENV) or 2)
        return day - timedelta(days=lookback), day
    return day, day


def stats_file(day: date, source: str) -> Path:
    return staging_dir(day) / "crawl" / f"{source}.stats.json"


def log_file(day: date, source: str) -> Path:
    return staging_dir(day) / "crawl" / f"{source}.log"


def report_file(day: date, source: str) -> Path:
    return staging_dir(day) / "crawl" / f"{source}.report.json"


def http_errors(stats: dict[str, Any]) -> dict[str, int]:
    """Pages (discovery and article) by the problem they ended with, each page counted once after its
    retries: an HTTP status ("500", "404", "429"...), a network failure ("timeout",
    "connection_reset", "truncated", "too_large", "dns", "connection_refused"), a refusal
    ("robots_disallowed", "offsite", "offsite_redirect", "redirect_loop", "too_many_redirects"), or
    a page kept but damaged by the server ("empty_body", "wrong_charset", the latter decoded right)."""
    prefix = "bantin/problem/"
    return dict(sorted((key[len(prefix) :], int(count)) for key, count in stats.items() if key.startswith(prefix)))


def retries(stats: dict[str, Any]) -> dict[str, int]:
    prefix = "bantin/retried/"
    return dict(sorted((key[len(prefix) :], int(count)) for key, count in stats.items() if key.startswith(prefix)))


def judge(stats: dict[str, Any]) -> str | None:
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
    # An undated list's pages of other days were fetched fine but are not the night's: they neither
    # make a night with failures healthy nor a quiet night failed.
    other_days = stats.get("bantin/pages_out_of_range", 0)  # fetched, then dated outside the range
    not_tonights = other_days + stats.get("bantin/pages_of_other_nights", 0)  # + known from the index, unfetched
    requested = discovered - stats.get("bantin/pages_reused", 0) - stats.get("bantin/pages_skipped", 0) - not_tonights
    fetched = stats.get("bantin/article_status/ok", 0) - other_days
    if requested > 0 and fetched <= 0 and not stats.get("bantin/pages_reused", 0):
        errors = http_errors(stats)
        return f"none of the {requested} article pages could be fetched with content (errors: {errors or 'see the crawl log'})"
    return None


def unreadable(source: str, day: date) -> str | None:
    """Why the crawl's pages give no article at all, or None when at least one is readable (or none was
    fetched: a quiet day). Uses the extractor the night will use, on the stored raw pages."""
    from pipeline.articles import article_row

    table = read_partition(warehouse_root(), "raw_pages", day, source)
    pages = table.to_pylist() if table is not None else []
    fetched = [page for page in pages if page["http_status"] == 200]
    if not fetched:
        return None
    problems: dict[str, int] = {}
    config = load_named_source(source)
    for page in fetched:
        row, problem = article_row(page, config, day)
        if row is not None:
            return None
        problems[problem or "?"] = problems.get(problem or "?", 0) + 1
    return f"none of the {len(fetched)} fetched pages could be read as an article ({problems})"


def scrapy_arguments(source: str, day: date, stats_path: Path, mode: str = BACKFILL) -> list[str]:
    """The ``scrapy`` command line (after the program name) that crawls ``source`` for night ``day``."""
    first, last = discovery_range(day, mode)
    return [
        "crawl", source,
        "-a", f"start={first.isoformat()}", "-a", f"end={last.isoformat()}", "-a", f"crawl_date={day.isoformat()}",
        "-s", f"BANTIN_STATS_FILE={stats_path}",
    ]  # fmt: skip


def crawl_source(source: str, day: date, mode: str = BACKFILL) -> CrawlReport:
    """Crawl ``source`` for ``day`` in a process of its own (see ``pipeline.crawl_process``) and judge it.
    ``mode`` (``nightly`` or ``backfill``) chooses the discovery range, see :func:`discovery_range`."""
    stats_path = stats_file(day, source)
    stats_path.parent.mkdir(parents=True, exist_ok=True)
    stats_path.unlink(missing_ok=True)
    report_file(day, source).unlink(missing_ok=True)
    try:
        load_named_source(source)
    except OverridesError as error:  # no crawl: every source's task fails, naming the variable and file
        return save_report(CrawlReport(source, day.isoformat(), False, f"invalid source overrides: {error}", 0))
    except SourceConfigError as error:  # no crawl: the source's own task fails, naming the file and field
        return save_report(CrawlReport(source, day.isoformat(), False, f"invalid source file: {error}", 0))
    environment = os.environ | {"SCRAPY_SETTINGS_MODULE": "spiders.settings"}
    started = time.monotonic()
    ended = run_crawl(
        scrapy_arguments(source, day, stats_path, mode), environment, PROJECT_DIR, log_file(day, source), CRAWL_TIMEOUT_S
    )
    duration = time.monotonic() - started
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    failure = judge(stats) or unreadable(source, day)
    report = CrawlReport(
        source=source,
        day=day.isoformat(),
        ok=failure is None,
        failure=failure,
        pages_fetched=int(stats.get("bantin/raw_pages_written", 0)),
        http_errors=http_errors(stats),
        finish_reason=stats.get("finish_reason"),
        duration_s=round(duration, 3),
        retries=retries(stats),
        problem_urls=stats.get("bantin/problem_urls") or {},
        offsite_blocked=int(stats.get("bantin/offsite_blocked", 0)),
        pages_reused=int(stats.get("bantin/pages_reused", 0)),
        pages_skipped=int(stats.get("bantin/pages_skipped", 0)),
        discovery=mode,
        discovered_from=discovery_range(day, mode)[0].isoformat(),
        cpu_s=ended.cpu_s,
        peak_rss_mib=ended.peak_rss_mib,
    )
    if failure and not stats:  # the crawl died before writing stats: its log says why
        log_tail = (
            f"killed after {CRAWL_TIMEOUT_S} s" if ended.timed_out else log_file(day, source).read_text(errors="replace")[-3000:]
        )
        print(log_tail, file=sys.stderr)
    return save_report(report)


def save_report(report: CrawlReport) -> CrawlReport:
    report_file(date.fromisoformat(report.day), report.source).write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
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
