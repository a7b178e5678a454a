"""Incremental events and threads over the warehouse (``transforms.events`` decides; this reads and writes).

Each night stores what its articles state (``article_facts``). Events are decided like copy clusters
(``pipeline.clusters``): a night's ``article_events`` rows depend only on the facts and copies of the
nights within ``EVENT_DAYS`` of it, and processing a night recomputes every stored night within that
distance, so the ids are the same whatever order nights and backfills run in.

Threads reach further (``THREAD_DAYS``): an event's ``follows`` lists the earlier events (first reported
up to ``THREAD_DAYS`` before it) that it follows up. Processing a night can change the events, and so the
merged facts, of the nights within ``2 * EVENT_DAYS`` of it, which every event up to ``THREAD_DAYS``
later may follow: those nights' ``follows`` are recomputed, and a partition is rewritten only when its
rows changed (a nightly run has no later nights, so it rewrites the window only). The ``threads`` view
joins the links into threads when it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.night import staging_dir
from sources import load_sources
from transforms.dedup import WINDOW_DAYS
from transforms.events import (
    MAX_PUBLISHED_GAP,
    THREAD_DAYS,
    EventLink,
    Facts,
    event_links,
    followed_up,
    group_events,
    merged_report,
    record_facts,
    thread_candidates,
    thread_keys,
)
from warehouse.schemas import ARTICLE_EVENTS, ARTICLE_FACTS, Row
from warehouse.storage import Root, warehouse_root

EVENT_DAYS = MAX_PUBLISHED_GAP
FACTS_FILE = "facts.parquet"
EVENTS_DIR = "events"
# The copy clusters' edges are found over the nights within two cluster windows: enough for events' too.
assert EVENT_DAYS <= WINDOW_DAYS, "events read the copy edges clustering found"


def fact_rows(articles: list[Row]) -> list[Row]:
    """One ``article_facts`` row per article row."""
    provinces = {name: source.province for name, source in load_sources(skip_invalid=True).items()}
    rows = []
    for article in articles:
        record = {"title": article["title"], "body": f"{article['lead'] or ''}\n{article['body']}",
                  "event_date": article["event_date"], "published_at": article["published_at"],
                  "home_province": provinces.get(article["source"])}  # fmt: skip
        found = record_facts(record)
        rows.append(
            {
                "article_id": article["article_id"],
                "source": article["source"],
                "published_at": article["published_at"],
                "event_day": found.day,
                "people": sorted(found.people),
                "officials": sorted(found.officials),
                "quantities": sorted(found.quantities),
                "communes": sorted(found.local_places),
                "lead_communes": sorted(found.lead_places),
                "districts": sorted(found.districts),
                "provinces": sorted(found.provinces),
                "names": sorted(found.names),
                "cases": sorted(found.cases),
                "topic_words": [{"pair": pair, "weight": weight} for pair, weight in found.words],
                "crawl_date": article["crawl_date"],
            }
        )
    return rows


# ``Facts`` fields read from ``article_facts`` list columns.
FACT_COLUMNS = {"people": "people", "officials": "officials", "quantities": "quantities", "local_places": "communes",
                "lead_places": "lead_communes", "districts": "districts", "provinces": "provinces", "names": "names",
                "cases": "cases"}  # fmt: skip


def stored_facts_of(table: pa.Table) -> list[Facts]:
    """``article_facts`` rows as the facts ``transforms.events`` compares, read column by column (no row dicts)."""
    sets = {field: _frozensets(table[column]) for field, column in FACT_COLUMNS.items()}
    words = table["topic_words"]
    flat = pc.list_flatten(words).combine_chunks()
    pairs, weights = _sliced(flat.field("pair").to_pylist(), words), _sliced(flat.field("weight").to_pylist(), words)
    published: list[datetime | None] = table["published_at"].to_pylist()
    return [
        Facts(day=day, published=moment.date() if moment else None, words=tuple(zip(pair, weight, strict=True)),
              **{field: found[n] for field, found in sets.items()})
        for n, (day, moment, pair, weight) in enumerate(zip(table["event_day"].to_pylist(), published, pairs, weights, strict=True))
    ]  # fmt: skip


def _frozensets(column: pa.ChunkedArray) -> list[frozenset[str]]:
    return [frozenset(values) for values in _sliced(pc.list_flatten(column).to_pylist(), column)]


def _sliced(values: list[Any], column: pa.ChunkedArray) -> list[list[Any]]:
    """The flattened values of a list column cut back into its rows' lists."""
    ends = np.cumsum(pc.list_value_length(column).to_numpy(zero_copy_only=False)).tolist()
    return [values[start:end] for start, end in zip([0, *ends][: len(ends)], ends, strict=True)]


def _matched_by_report(links: list[EventLink], count: int) -> list[list[str]]:
    matched: list[set[str]] = [set() for _ in range(count)]
    for link in links:
        matched[link.left].update(link.matched)
        matched[link.right].update(link.matched)
    return [sorted(found) for found in matched]


def events_around(
    nights: list[date],
    facts_table: pa.Table,
    copies: list[tuple[str, str]],
    stored_nights: set[date],
    reports: list[Facts] | None = None,
) -> dict[date, list[Row]]:
    """``article_events`` rows (without ``follows``) of ``nights`` and of every stored night within ``EVENT_DAYS``.

    ``facts_table`` holds the facts of the nights within two event windows of ``nights`` (``reports``: its
    rows as ``Facts``, when the caller has read them); ``copies`` are pairs of article ids that copy
    clustering joined there."""
    from pipeline.clusters import near

    reports = stored_facts_of(facts_table) if reports is None else reports
    article_ids: list[str] = facts_table["article_id"].to_pylist()
    index = {article_id: n for n, article_id in enumerate(article_ids)}
    copy_pairs = [(index[a], index[b]) for a, b in copies if a in index and b in index]
    crawl_dates: list[date] = facts_table["crawl_date"].to_pylist()
    links = event_links(reports, crawl_dates)  # pairwise: computed once for every night's window
    recompute = sorted({day for day in stored_nights if near(day, nights, EVENT_DAYS)} | set(nights))
    reported = _Reported(article_ids, facts_table["published_at"].to_pylist(), crawl_dates, reports)
    return {day: _night_events(day, reported, copy_pairs, links) for day in recompute}


@dataclass(frozen=True)
class _Reported:
    """The window's reports, by row: what each night's events are decided from."""

    article_ids: list[str]
    published_at: list[datetime | None]
    crawl_dates: list[date]
    facts: list[Facts]

    @cached_property
    def nights(self) -> np.ndarray:
        return np.array([day.toordinal() for day in self.crawl_dates], dtype=np.int64)


def _night_events(night: date, reported: _Reported, copies: list[tuple[int, int]], links: list[EventLink]) -> list[Row]:
    members = np.flatnonzero(np.abs(reported.nights - night.toordinal()) <= EVENT_DAYS).tolist()
    local = {n: k for k, n in enumerate(members)}
    ids, kept = group_events(
        [reported.article_ids[n] for n in members],
        [reported.published_at[n] for n in members],
        [reported.facts[n] for n in members],
        [(local[i], local[j]) for i, j in copies if i in local and j in local],
        [EventLink(local[k.left], local[k.right], k.matched, k.weight, k.words) for k in links
         if k.left in local and k.right in local],
    )  # fmt: skip
    matched = _matched_by_report(kept, len(members))
    return [
        {"article_id": reported.article_ids[n], "event_id": ids[k], "is_first_report": ids[k] == reported.article_ids[n],
         "matched": matched[k], "follows": [], "crawl_date": night}
        for k, n in enumerate(members)
        if reported.crawl_dates[n] == night
    ]  # fmt: skip


def threads_around(
    nights: list[date],
    events: dict[date, list[Row]],
    facts_table: pa.Table,
    stored: pa.Table,
    known: dict[int, Facts] | None = None,
) -> dict[date, list[Row]]:
    """``article_events`` rows, with ``follows``, of every night whose threads processing ``nights`` can change.

    ``events`` are the freshly computed rows of the nights around ``nights``; ``stored`` the stored
    ``article_events`` of the other nights within ``THREAD_DAYS + 3 * EVENT_DAYS`` of them, and
    ``facts_table`` the facts of all those nights. Only the events that share a thread key with an event
    to recompute have their facts read in full (topic words included), unless ``known`` has them (by row)."""
    by_night: dict[date, list[Row]] = {}
    for row in stored.to_pylist():
        by_night.setdefault(row["crawl_date"], []).append(row)
    by_night.update(events)
    light = facts_table.select(["article_id", "published_at", "people", "cases", "communes"]).to_pylist()
    position_of = {row["article_id"]: n for n, row in enumerate(light)}
    reports: dict[str, list[int]] = {}  # event id -> its reports' rows in facts_table
    for day in sorted(by_night):
        for row in by_night[day]:
            if (n := position_of.get(row["article_id"])) is not None:
                reports.setdefault(row["event_id"], []).append(n)
    event_ids = sorted(reports)
    first_seen = [min((m for n in reports[e] if (m := light[n]["published_at"])), default=None) for e in event_ids]
    keys = [thread_keys(*(sorted({v for n in reports[e] for v in light[n][column]}) for column in ("people", "cases", "communes")))
            for e in event_ids]  # fmt: skip
    reach = timedelta(days=2 * EVENT_DAYS)
    last = max(nights) + timedelta(days=THREAD_DAYS) + reach
    recompute = {day for day in by_night if min(nights) - reach <= day <= last} | set(events)
    index = {event: n for n, event in enumerate(event_ids)}
    heads = sorted(index[row["event_id"]] for day in recompute for row in by_night[day]
                   if row["is_first_report"] and row["event_id"] in index)  # fmt: skip
    night_of = {row["event_id"]: day for day, day_rows in by_night.items() for row in day_rows if row["is_first_report"]}
    event_nights = [night_of.get(e, moment.date() if moment else None) for e, moment in zip(event_ids, first_seen, strict=True)]
    candidates = thread_candidates(event_ids, keys, first_seen, heads, event_nights)
    needed = sorted(set(heads) | {m for earlier in candidates.values() for m in earlier})
    merged = _merged_facts(facts_table, {n: reports[event_ids[n]] for n in needed}, known or {})
    followed = {event: [{"event_id": earlier, "matched": list(matched)} for earlier, matched in links]
                for event, links in followed_up(event_ids, candidates, merged).items()}  # fmt: skip
    result: dict[date, list[Row]] = {}
    for day in sorted(recompute):
        fresh = [{**row, "follows": followed.get(row["event_id"], []) if row["is_first_report"] else []} for row in by_night[day]]
        if day in events or fresh != by_night[day]:
            result[day] = fresh
    return result


def _merged_facts(facts_table: pa.Table, rows_of: dict[int, list[int]], known: dict[int, Facts]) -> dict[int, Facts]:
    """Each event's facts merged over its reports (their rows of ``facts_table``), those not ``known`` read in one pass."""
    wanted = sorted({n for rows in rows_of.values() for n in rows if n not in known})
    facts_of = known | dict(zip(wanted, stored_facts_of(facts_table.take(pa.array(wanted, type=pa.int64()))), strict=True))
    return {event: merged_report(facts_of[n] for n in rows) for event, rows in rows_of.items()}


def link_events_around(
    nights: list[date], fresh_facts: pa.Table, copies: list[tuple[str, str]], root: Root | None = None
) -> dict[date, list[Row]]:
    """The ``article_events`` partitions that change when ``nights`` (with ``fresh_facts``) are processed."""
    from pipeline.clusters import stored_nights

    root = root or warehouse_root()
    reach = timedelta(days=THREAD_DAYS + 3 * EVENT_DAYS)
    first, last, skip = min(nights) - reach, max(nights) + reach, frozenset(nights)
    facts_table = pa.concat_tables([stored_nights(root, "article_facts", first, last, skip), fresh_facts])
    stored_events = stored_nights(root, "article_events", first, last, skip)
    near = timedelta(days=2 * EVENT_DAYS)
    crawl_dates = facts_table["crawl_date"]
    in_window = pc.and_(
        pc.greater_equal(crawl_dates, pa.scalar(min(nights) - near)),
        pc.less_equal(crawl_dates, pa.scalar(max(nights) + near)),
    )
    window_facts = facts_table.filter(in_window)
    window_reports = stored_facts_of(window_facts)  # read once: the threads merge the same reports' facts
    events = events_around(nights, window_facts, copies, set(window_facts["crawl_date"].to_pylist()), window_reports)
    window_rows = np.flatnonzero(in_window.to_numpy(zero_copy_only=False)).tolist()
    return threads_around(nights, events, facts_table, stored_events, dict(zip(window_rows, window_reports, strict=True)))


def stage_facts(day: date, articles: list[Row] | None = None) -> list[Row]:
    """What the night's extracted articles state (``articles``, when the caller has read them), staged as
    ``article_facts`` rows."""
    from pipeline.articles import extracted_articles

    rows = fact_rows(extracted_articles(day) if articles is None else articles)
    pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_FACTS), staging_dir(day) / FACTS_FILE)
    return rows


def stage_events(folder: Path, events: dict[date, list[Row]]) -> None:
    """Stage the changed ``article_events`` partitions in a night's folder (a retry stages afresh)."""
    (folder / EVENTS_DIR).mkdir(exist_ok=True)
    for path in (folder / EVENTS_DIR).glob("*.parquet"):
        path.unlink()
    for night, rows in events.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_EVENTS), folder / EVENTS_DIR / f"{night}.parquet")


def staged_facts(day: date) -> pa.Table:
    return pq.read_table(staging_dir(day) / FACTS_FILE)


def staged_events(day: date) -> dict[date, pa.Table]:
    folder = staging_dir(day) / EVENTS_DIR
    return {date.fromisoformat(path.stem): pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}
