"""The nightly cost of events: 1,000 new articles on a warehouse of 1,000,000 (``event_benchmark.py`` prints it).

A night's events read the stored facts of the nights within ``THREAD_DAYS + 3 * EVENT_DAYS`` of it
(``pipeline.events``), never the whole history. This builds a warehouse of ``article_facts`` and
``article_events`` (1,000 articles a night, 1,000 nights), then, in a fresh process, reads the facts of
1,000 new articles from their text and links the new night's events and threads against it, and
reports the time of each part and the peak memory.

The history's facts are the labelled reports' real facts (``mirror/corpus/events``), each copy
renamed (people, places, counts and case names get the copy's number; topic words seen in at most
three labelled reports too), so that copies are other events that share the common vocabulary;
history events are stored as told once. Of the new night's reports, a quarter retell events of the
night before (their facts and wording) and 50 take up events of a month before (a follow-up), so
links and follow-ups are found.

    .venv/bin/python benchmarks/event_incremental.py [--articles 1000000] [--workdir /tmp/bantin-bench/events]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from transforms.dates import VIETNAM  # noqa: E402
from warehouse.schemas import ARTICLE_EVENTS, ARTICLE_FACTS, Row  # noqa: E402
from warehouse.storage import write_partition  # noqa: E402

PER_NIGHT = 1000
NEW_NIGHT = date(2028, 1, 1)
RENAMED = ("people", "officials", "quantities", "communes", "lead_communes", "districts", "names", "cases")


def labelled_fact_rows() -> list[Row]:
    """``article_facts`` rows of the labelled reports, read as the pipeline reads them."""
    from benchmarks.event_benchmark import records
    from mirror.corpus import load_event_sets
    from pipeline.events import fact_rows

    articles = [{**r, "lead": "", "event_date": None, "crawl_date": r["published_at"].date()}
                for r in records(sorted(load_event_sets(), key=lambda a: (a.published_at, a.site, a.slug)))]  # fmt: skip
    return fact_rows(articles)


def renamed(row: Row, copy: int, rare: set[str], day: date, moment: datetime, article_id: str) -> Row:
    """A labelled report's facts as another event's: its specific facts and rare words get the copy's number."""
    out = {key: [f"{value} {copy}" for value in row[key]] for key in RENAMED}
    words = [
        {"pair": f"{w['pair']} {copy}" if w["pair"] in rare else w["pair"], "weight": w["weight"]} for w in row["topic_words"]
    ]
    return {
        **row,
        **out,
        "topic_words": words,
        "article_id": article_id,
        "published_at": moment,
        "event_day": day,
        "crawl_date": day,
    }


def night_rows(day: date, labelled: list[Row], rare: set[str], first_copy: int, count: int) -> list[Row]:
    rows = []
    for n in range(count):
        template = labelled[n % len(labelled)]
        moment = datetime.combine(day, datetime.min.time(), VIETNAM) + timedelta(seconds=(n * 86) % 86400)
        rows.append(renamed(template, first_copy + n // len(labelled), rare, day, moment, f"{day:%Y%m%d}{n:06d}"))
    return rows


def singleton_events(facts: list[Row]) -> list[Row]:
    return [{"article_id": r["article_id"], "event_id": r["article_id"], "is_first_report": True, "matched": [],
             "follows": [], "crawl_date": r["crawl_date"]} for r in facts]  # fmt: skip


def rare_pairs(labelled: list[Row]) -> set[str]:
    seen = Counter(w["pair"] for row in labelled for w in row["topic_words"])
    return {pair for pair, count in seen.items() if count <= 3}


def build_history(root: Path, articles: int) -> None:
    """Nights before NEW_NIGHT, PER_NIGHT articles each (idempotent: a marker says it is built)."""
    marker = root / f".built-{articles}"
    if marker.exists():
        return
    labelled = labelled_fact_rows()
    rare = rare_pairs(labelled)
    nights = articles // PER_NIGHT
    started = time.perf_counter()
    for n in range(nights, 0, -1):
        day = NEW_NIGHT - timedelta(days=n)
        facts = night_rows(day, labelled, rare, first_copy=n * 10, count=PER_NIGHT)
        write_partition(pa.Table.from_pylist(facts, schema=ARTICLE_FACTS), root, "article_facts", day)
        write_partition(pa.Table.from_pylist(singleton_events(facts), schema=ARTICLE_EVENTS), root, "article_events", day)
        if n % 100 == 0:
            print(f"  {nights - n:,} of {nights:,} nights written", flush=True)
    marker.touch()
    print(f"  built {articles:,} articles' facts and events over {nights} nights in {time.perf_counter() - started:.0f} s")


def new_night_records(count: int) -> list[dict[str, Any]]:
    """``count`` article rows of the new night: the labelled reports' real text, cycled."""
    from benchmarks.event_benchmark import records
    from mirror.corpus import load_event_sets

    labelled = records(sorted(load_event_sets(), key=lambda a: (a.published_at, a.site, a.slug)))
    rows = []
    for n in range(count):
        record = labelled[n % len(labelled)]
        moment = datetime.combine(NEW_NIGHT, record["published_at"].timetz())
        rows.append({**record, "article_id": f"new{n:06d}", "lead": "", "published_at": moment, "event_date": None,
                     "crawl_date": NEW_NIGHT})  # fmt: skip
    return rows


def measure(root: Path) -> dict[str, float]:
    """Read the new night's facts from text, then link its events and threads against ``root``."""
    from pipeline.events import fact_rows, link_events_around

    articles = new_night_records(PER_NIGHT)
    started = time.perf_counter()
    facts = fact_rows(articles)
    read = time.perf_counter()
    # A quarter retell events of the night before (same facts, the history's wording), so links are found.
    labelled = labelled_fact_rows()
    rare = rare_pairs(labelled)
    yesterday = night_rows(NEW_NIGHT - timedelta(days=1), labelled, rare, first_copy=10, count=PER_NIGHT // 4)
    retold = [{**old, "article_id": f"retold{n:06d}", "source": "other", "crawl_date": NEW_NIGHT,
               "published_at": old["published_at"] + timedelta(days=1)} for n, old in enumerate(yesterday)]  # fmt: skip
    month_ago = night_rows(NEW_NIGHT - timedelta(days=30), labelled, rare, first_copy=300, count=50)
    taken_up = [{**old, "article_id": f"later{n:06d}", "crawl_date": NEW_NIGHT, "event_day": NEW_NIGHT,
                 "published_at": old["published_at"] + timedelta(days=30)} for n, old in enumerate(month_ago)]  # fmt: skip
    tonight = facts[: PER_NIGHT - len(retold) - len(taken_up)] + retold + taken_up
    linked_from = time.perf_counter()
    changed = link_events_around([NEW_NIGHT], pa.Table.from_pylist(tonight, schema=ARTICLE_FACTS), [], root)
    finished = time.perf_counter()
    rows = [row for night_rows_ in changed.values() for row in night_rows_]
    return {
        "facts_s": read - started,
        "link_s": finished - linked_from,
        "nights_rewritten": len(changed),
        "events_joined": sum(1 for row in rows if row["matched"]),
        "follow_ups": sum(1 for row in rows if row["follows"]),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def incremental_cost(articles: int, workdir: Path) -> dict[str, float]:
    """Build the history (once) and measure the new night in a fresh process."""
    root = workdir / f"warehouse-{articles}"
    print(f"warehouse of {articles:,} articles at {root}", flush=True)
    build_history(root, articles)
    run = subprocess.run([sys.executable, __file__, "--measure", str(root)], capture_output=True, text=True, check=True,
                         env=os.environ | {"PYTHONPATH": str(PROJECT_DIR)})  # fmt: skip
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def print_cost(articles: int, r: dict[str, float]) -> None:
    print(f"nightly events for {PER_NIGHT:,} new articles on a warehouse of {articles:,}:")
    print(f"  facts read from text {r['facts_s']:.2f} s; events and threads linked {r['link_s']:.2f} s; "
          f"peak memory {r['peak_rss_mib']:.0f} MiB")  # fmt: skip
    print(f"  {r['nights_rewritten']:.0f} nights' article_events rewritten; {r['events_joined']:.0f} reports joined to "
          f"another report; {r['follow_ups']:.0f} events following an earlier one up")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-bench/events"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one measurement per process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print_cost(args.articles, incremental_cost(args.articles, args.workdir))


if __name__ == "__main__":
    main()
