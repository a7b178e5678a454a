"""``bantin sources check``: is each source readable today, and if not, which step fails?

For each source, the real spider crawls one day (D, yesterday in Asia/Ho_Chi_Minh by default) in a
fresh process, exactly as the night does (discovery, cookies, redirects between the source's
domains, politeness, robots.txt), but requests only the first N articles and writes nothing to the
warehouse. Each fetched page is then read with the extractor the night uses. One row per source:

    source  status  evidence  discovery (URL and answer)  articles on D  read with  problem

and one line per article (parser and version or the generic fallback, title, published time, body
length, missing fields). The command exits 1 when any source fails, and the row names the step:

- ``config``: the source file (or the overrides file) is invalid;
- ``discovery``: a discovery URL did not answer 200 (the HTTP status or the failure: ``redirect_loop``
  for a cookie gate with cookies off, ``offsite_redirect``, ``timeout`` ...), or it listed no article
  of D;
- ``fetch``: an article page did not answer 200 with content;
- ``parse``: the source's parser left the title, body or published time empty on a page (the generic
  reader had to read it: the site changed its markup).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from pipeline.crawl_process import run_crawl
from sources import OverridesError, Source, SourceConfigError, load_named_source, source_names
from spiders.items import RawPage
from transforms.dates import VIETNAM

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHECK_TIMEOUT_S = 10 * 60
PAGES_SETTING = "BANTIN_CHECK_PAGES"


class PageCollector:
    """Item pipeline of a check crawl: each fetched page as one JSON line in ``BANTIN_CHECK_PAGES``
    (nothing goes to the warehouse)."""

    def __init__(self, crawler: Crawler) -> None:
        self.path = Path(crawler.settings.get(PAGES_SETTING))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageCollector:
        return cls(crawler)

    def process_item(self, item: RawPage) -> RawPage:
        record = asdict(item) | {"fetched_at": item.fetched_at.isoformat()}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return item


@dataclass
class ArticleCheck:
    url: str
    http_status: int
    read_with: str  # "cand/3", or "generic (fallback from cand/3)", or "-" when unreadable
    title: str
    published_at: str | None
    body_chars: int
    missing: list[str]
    outlet_tag: str | None = None


@dataclass
class SourceCheck:
    source: str
    day: str
    status: str  # "verified" or "unverified" (what the evidence supports)
    evidence_seen: str | None
    discovery: list[tuple[str, str]] = field(default_factory=list)  # (URL, HTTP status or failure kind)
    articles_found: int = 0
    articles: list[ArticleCheck] = field(default_factory=list)
    failed_step: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed_step is None


def yesterday() -> date:
    return datetime.now(VIETNAM).date() - timedelta(days=1)


def crawl_arguments(source: str, day: date, articles: int, stats: Path, pages: Path) -> list[str]:
    """The ``scrapy`` command line (after the program name) of one check crawl."""
    pipelines = json.dumps({"sources.check.PageCollector": 100})
    return [
        "crawl", source,
        "-a", f"start={day.isoformat()}", "-a", f"end={day.isoformat()}", "-a", "incremental=false",
        "-a", f"max_articles={articles}",
        "-s", f"BANTIN_STATS_FILE={stats}", "-s", f"{PAGES_SETTING}={pages}", "-s", f"ITEM_PIPELINES={pipelines}",
    ]  # fmt: skip


def crawl(source: str, day: date, articles: int) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """(crawl stats, fetched pages, log tail) of one check crawl, in a process of its own forked like the
    night's crawls (``pipeline.crawl_process``)."""
    with tempfile.TemporaryDirectory(prefix="bantin-check-") as folder:
        stats_path, pages_path, log_path = (Path(folder) / name for name in ("stats.json", "pages.jsonl", "crawl.log"))
        environment = os.environ | {"SCRAPY_SETTINGS_MODULE": "spiders.settings"}
        arguments = crawl_arguments(source, day, articles, stats_path, pages_path)
        ended = run_crawl(arguments, environment, PROJECT_DIR, log_path, CHECK_TIMEOUT_S)
        log_tail = f"killed after {CHECK_TIMEOUT_S} s" if ended.timed_out else log_path.read_text(errors="replace")[-2000:]
        stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
        lines = pages_path.read_text(encoding="utf-8").splitlines() if pages_path.exists() else []
    return stats, [json.loads(line) for line in lines], log_tail


def read_page(page: dict[str, Any], source: Source) -> ArticleCheck:
    """What the night's extractor makes of one fetched page."""
    from transforms.extract import ExtractionError, extract_article

    base = ArticleCheck(page["url"], page["http_status"], "-", "", None, 0, [])
    if page["http_status"] != 200 or not (page["html"] or "").strip():
        return base
    fetched_at = datetime.fromisoformat(page["fetched_at"])
    try:
        article = extract_article(page["html"], page["final_url"], fetched_at, source.name)
    except ExtractionError as error:
        return ArticleCheck(**(asdict(base) | {"missing": [error.field]}))
    parser = f"{article.parser}/{article.parser_version}" if article.parser != "generic" else "generic"
    read_with = parser
    if article.fell_back:
        read_with = f"generic (fallback from {source.name})"
    return ArticleCheck(
        url=page["url"],
        http_status=page["http_status"],
        read_with=read_with,
        title=article.title,
        published_at=article.published.value.isoformat() if article.published else None,
        body_chars=len(article.body),
        missing=list(article.missing),
        outlet_tag=article.outlet_tag,
    )


def judge(result: SourceCheck, stats: dict[str, Any], log_tail: str) -> tuple[str, str] | None:
    """(failed step, what failed) or None when the source reads well."""
    if not stats:
        return "crawl", f"the crawl wrote no stats: {log_tail.strip().splitlines()[-1] if log_tail.strip() else 'no output'}"
    bad = [(url, answer) for url, answer in result.discovery if answer != "200"]
    if bad or not result.discovery:
        url, answer = bad[0] if bad else ("-", "no request")
        return "discovery", f"{url} answered {answer}"
    if result.articles_found == 0:
        return "discovery", f"no article dated {result.day} was listed"
    for article in result.articles:
        if article.http_status != 200 or (article.read_with == "-" and not article.missing):  # an error or empty page
            return "fetch", f"{article.url} answered {article.http_status} without content"
    for article in result.articles:
        if article.read_with == "-" or article.read_with.startswith("generic (") or set(article.missing) & {"published"}:
            missing = ", ".join(article.missing) or "the site parser's fields"
            return "parse", f"{article.url}: read with {article.read_with}, missing {missing}"
    if not result.articles:
        return "fetch", "no article page was fetched"
    return None


DEFAULT_JOBS = 4  # crawls at once: each mostly waits on its site, and every site is another host


def check_source(name: str, day: date, articles: int) -> SourceCheck:
    """Crawl and read ``name`` for ``day`` (at most ``articles`` article pages)."""
    try:
        source = load_named_source(name)
    except (SourceConfigError, KeyError) as error:
        return SourceCheck(name, day.isoformat(), "-", None, failed_step="config", problem=str(error).strip("'\""))
    result = SourceCheck(
        name,
        day.isoformat(),
        "verified" if source.verified else "unverified",
        source.evidence_seen.isoformat() if source.evidence_seen else None,
    )
    stats, pages, log_tail = crawl(name, day, articles)
    result.discovery = [(str(url), str(answer)) for url, answer in stats.get("bantin/discovery_log", [])]
    # An undated listing discovers newer and older articles too: those its pages dated out of the day are not the day's.
    result.articles_found = int(stats.get("bantin/articles_discovered", 0)) - int(stats.get("bantin/pages_out_of_range", 0))
    result.articles = [read_page(page, source) for page in pages]
    failure = judge(result, stats, log_tail)
    if failure is not None:
        result.failed_step, result.problem = failure
    return result


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(results: list[SourceCheck]) -> str:
    """The table an operator reads: one row per source, then its articles, indented."""
    header = f"{'source':<16} {'result':<16} {'evidence':<22} {'found':>5}  discovery"
    lines = [header, "-" * len(header)]
    for result in results:
        verdict = "ok" if result.ok else f"FAIL {result.failed_step}"
        evidence = f"{result.status} {result.evidence_seen or ''}".strip()
        discovery = "; ".join(f"{url} -> {answer}" for url, answer in result.discovery[:3]) or "-"
        if len(result.discovery) > 3:
            discovery += f"; (+{len(result.discovery) - 3} more)"
        lines.append(f"{result.source:<16} {verdict:<16} {evidence:<22} {result.articles_found:>5}  {discovery}")
        for article in result.articles:
            missing = f" missing: {', '.join(article.missing)}" if article.missing else ""
            lines.append(
                f"{'':<18}{article.http_status} {article.read_with:<12} {article.published_at or '-':<25} "
                f"{article.body_chars:>6} chars  {shorten(article.title or article.url, 60)}{missing}"
            )
        if result.problem:
            lines.append(f"{'':<18}problem ({result.failed_step}): {result.problem}")
    failed = [r for r in results if not r.ok]
    lines.append("")
    lines.append(
        f"{len(results) - len(failed)} of {len(results)} sources read well"
        + (f"; failing: {', '.join(f'{r.source} ({r.failed_step})' for r in failed)}" if failed else "")
    )
    return "\n".join(lines) + "\n"


def check_all(names: list[str], day: date, articles: int, jobs: int, show_progress: bool) -> list[SourceCheck]:
    """Every source checked, ``jobs`` at a time (each crawl is its own process, each site its own host),
    in the order asked; a line on stderr as each one finishes."""
    done: dict[str, SourceCheck] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(check_source, name, day, articles): name for name in names}
        for future in as_completed(futures):
            result = done[futures[future]] = future.result()
            if show_progress:
                verdict = "ok" if result.ok else f"FAIL {result.failed_step}"
                print(f"checked {result.source} for {day}: {verdict} ({len(done)} of {len(names)})", file=sys.stderr, flush=True)
    return [done[name] for name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bantin sources check",
        description="Crawl each source for one day (a few articles, nothing stored) and say which step fails.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="sources to check (default: every source file)")
    parser.add_argument(
        "--date", type=date.fromisoformat, default=None, help="the day, YYYY-MM-DD (default: yesterday in Vietnam)"
    )
    parser.add_argument("--articles", type=int, default=3, help="article pages to fetch per source (default 3)")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per source) for monitoring")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help=f"sources checked at once (default {DEFAULT_JOBS})")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    try:
        names = args.names or source_names()
    except OverridesError as error:
        print(f"bantin: {error}", file=sys.stderr)
        return 2
    day = args.date or yesterday()
    results = check_all(names, day, args.articles, args.jobs, show_progress=not args.json)
    if args.json:
        print(json.dumps([asdict(r) | {"ok": r.ok} for r in results], ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(render(results))
    return 0 if all(r.ok for r in results) else 1
