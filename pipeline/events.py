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
    # One str object per distinct pair (the window's reports share most of their vocabulary).
    coded = pc.dictionary_encode(flat.field("pair"))
    vocabulary: list[str] = coded.dictionary.to_pylist()
    pair_values = [vocabulary[code] for code in coded.indices.to_numpy(zero_copy_only=False).tolist()]
    pairs, weights = _sliced(pair_values, words), _sliced(flat.field("weight").to_pylist(), words)
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


# What threads read of every night in their reach: the rest of a report's facts is read only for the
# events that may follow one another (``FactsReader``).
THREAD_FACT_COLUMNS = ["article_id", "published_at", "people", "cases", "communes", "crawl_date"]
MEMBERSHIP_COLUMNS = ["article_id", "event_id", "is_first_report", "crawl_date"]


@dataclass
class FactsReader:
    """Full ``Facts`` by article id: those already read (the event window's), the rest read from the
    stored ``article_facts`` night by night when a thread candidate needs them."""

    root: Root
    known: dict[str, Facts]

    def facts(self, wanted: dict[str, date]) -> dict[str, Facts]:
        """The facts of ``wanted`` (article id -> its night)."""
        from pipeline.clusters import stored_nights

        missing: dict[date, set[str]] = {}
        for article_id, night in wanted.items():
            if article_id not in self.known:
                missing.setdefault(night, set()).add(article_id)
        for night, ids in sorted(missing.items()):
            table = stored_nights(self.root, "article_facts", night, night)
            table = table.filter(pc.is_in(table["article_id"], pa.array(sorted(ids), pa.string())))
            self.known.update(zip(table["article_id"].to_pylist(), stored_facts_of(table), strict=True))
        return {article_id: self.known[article_id] for article_id in wanted if article_id in self.known}


def threads_around(
    nights: list[date],
    events: dict[date, list[Row]],
    thread_facts: pa.Table,
    stored: pa.Table,
    reader: FactsReader,
) -> dict[date, list[Row]]:
    """``article_events`` rows, with ``follows``, of every night whose threads processing ``nights`` can change.

    ``events`` are the freshly computed rows of the nights around ``nights``; ``stored`` the stored
    ``article_events`` of the other nights within ``THREAD_DAYS + 3 * EVENT_DAYS`` of them, and
    ``thread_facts`` the ``THREAD_FACT_COLUMNS`` of all those nights' facts. Only the events that share a
    person with an event to recompute have their thread keys made, and only the candidates' reports have
    their full facts read (``reader``): the memory is the night's, not the reach's."""
    fresh = pa.Table.from_pylist([row for rows in events.values() for row in rows], schema=ARTICLE_EVENTS)
    kept = pc.invert(pc.is_in(stored["crawl_date"], pa.array(sorted(events), pa.date32())))
    members = pa.concat_tables([stored.filter(kept).select(MEMBERSHIP_COLUMNS), fresh.select(MEMBERSHIP_COLUMNS)])
    reports = _joined_facts(members, thread_facts)
    event_of = reports["event_id"].to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.r_[True, event_of[1:] != event_of[:-1]]) if len(event_of) else np.zeros(0, np.int64)
    event_ids: list[str] = event_of[starts].tolist()
    ends = np.r_[starts[1:], len(event_of)]
    index = {event: n for n, event in enumerate(event_ids)}
    first_seen = _first_seen(reports, event_ids)
    stored_days = set(stored["crawl_date"].unique().to_pylist())
    reach = timedelta(days=2 * EVENT_DAYS)
    last = max(nights) + timedelta(days=THREAD_DAYS) + reach
    recompute = {day for day in stored_days | set(events) if min(nights) - reach <= day <= last} | set(events)
    firsts = members.filter(members["is_first_report"])
    night_of = dict(zip(firsts["event_id"].to_pylist(), firsts["crawl_date"].to_pylist(), strict=True))
    heads = sorted(index[e] for e, day in night_of.items() if day in recompute and e in index)
    event_nights = [night_of.get(e, moment.date() if moment else None) for e, moment in zip(event_ids, first_seen, strict=True)]
    keys = _thread_keys_near(reports, starts, ends, heads)
    candidates = thread_candidates(event_ids, keys, first_seen, heads, event_nights)
    needed = sorted(set(heads) | {m for earlier in candidates.values() for m in earlier})
    article_ids, crawl_dates = reports["article_id"].to_pylist(), reports["crawl_date"].to_pylist()
    rows_of = {n: range(starts[n], ends[n]) for n in needed}
    found = reader.facts({article_ids[r]: crawl_dates[r] for rows in rows_of.values() for r in rows})
    merged = {n: merged_report(found[article_ids[r]] for r in rows if article_ids[r] in found) for n, rows in rows_of.items()}
    followed = {event: [{"event_id": earlier, "matched": list(matched)} for earlier, matched in links]
                for event, links in followed_up(event_ids, candidates, merged).items()}  # fmt: skip
    return _changed_nights(sorted(recompute), events, stored, followed)


def _joined_facts(members: pa.Table, thread_facts: pa.Table) -> pa.Table:
    """Each event's reports that have facts, with their ``thread_facts``, in (event, article) order."""
    facts_row = pa.table({"article_id": thread_facts["article_id"], "facts_row": np.arange(thread_facts.num_rows)})
    joined = members.join(facts_row, "article_id", join_type="inner")  # list columns cannot ride a join
    joined = joined.sort_by([("event_id", "ascending"), ("article_id", "ascending")])
    rows = joined["facts_row"]
    for name in ("published_at", "people", "cases", "communes"):
        joined = joined.append_column(name, thread_facts[name].take(rows))
    return joined


def _first_seen(reports: pa.Table, event_ids: list[str]) -> list[datetime | None]:
    """Each event's first publication over its reports (in ``event_ids`` order)."""
    first = reports.group_by("event_id").aggregate([("published_at", "min")])
    moment: dict[str, datetime | None] = dict(
        zip(first["event_id"].to_pylist(), first["published_at_min"].to_pylist(), strict=True)
    )
    return [moment[e] for e in event_ids]


def _thread_keys_near(reports: pa.Table, starts: np.ndarray, ends: np.ndarray, heads: list[int]) -> list[frozenset[str]]:
    """Each event's thread keys, made only for the heads and the events naming one of their people (no
    other event can share a key with a head: every key holds a person); the rest get none."""
    people = reports["people"].combine_chunks()
    flat, row_of_value = pc.list_flatten(people), pc.list_parent_indices(people).to_numpy()
    event_of_row = np.repeat(np.arange(len(starts)), ends - starts)
    head_rows = np.concatenate([np.arange(starts[n], ends[n]) for n in heads]) if heads else np.zeros(0, np.int64)
    head_people = pc.unique(flat.filter(pa.array(np.isin(row_of_value, head_rows))))
    named = row_of_value[pc.is_in(flat, head_people).to_numpy(zero_copy_only=False)]
    chosen = sorted(set(event_of_row[named].tolist()) | set(heads))
    rows = pa.array(np.concatenate([np.arange(starts[n], ends[n]) for n in chosen]) if chosen else [], pa.int64())
    values = [reports[name].take(rows).to_pylist() for name in ("people", "cases", "communes")]
    keys: list[frozenset[str]] = [frozenset()] * len(starts)
    at = 0
    for n in chosen:
        size = int(ends[n] - starts[n])
        keys[n] = frozenset(thread_keys(*([v for row in column[at : at + size] for v in row] for column in values)))
        at += size
    return keys


def _changed_nights(
    recompute: list[date], events: dict[date, list[Row]], stored: pa.Table, followed: dict[str, list[Row]]
) -> dict[date, list[Row]]:
    """The rows, with their ``follows``, of the fresh nights and of the stored nights whose rows changed
    (each stored night made into rows only while it is compared)."""
    result: dict[date, list[Row]] = {}
    for day in recompute:
        if day in events:
            rows = events[day]
        else:
            rows = stored.filter(pc.equal(stored["crawl_date"], pa.scalar(day, pa.date32()))).to_pylist()
        fresh = [{**row, "follows": followed.get(row["event_id"], []) if row["is_first_report"] else []} for row in rows]
        if day in events or fresh != rows:
            result[day] = fresh
    return result


def link_events_around(
    nights: list[date], fresh_facts: pa.Table, copies: list[tuple[str, str]], root: Root | None = None
) -> dict[date, list[Row]]:
    """The ``article_events`` partitions that change when ``nights`` (with ``fresh_facts``) are processed.

    Full facts are read for the event window (two event windows around ``nights``); the thread reach
    beyond it is read as ``THREAD_FACT_COLUMNS`` only."""
    from pipeline.clusters import stored_nights

    root = root or warehouse_root()
    reach, near = timedelta(days=THREAD_DAYS + 3 * EVENT_DAYS), timedelta(days=2 * EVENT_DAYS)
    first, last, skip = min(nights) - reach, max(nights) + reach, frozenset(nights)
    window_first, window_last = min(nights) - near, max(nights) + near
    window_facts = pa.concat_tables([stored_nights(root, "article_facts", window_first, window_last, skip), fresh_facts])
    in_window = skip | {window_first + timedelta(days=n) for n in range((window_last - window_first).days + 1)}
    thread_facts = pa.concat_tables(
        [stored_nights(root, "article_facts", first, last, frozenset(in_window), THREAD_FACT_COLUMNS),
         window_facts.select(THREAD_FACT_COLUMNS)]
    )  # fmt: skip
    stored_events = stored_nights(root, "article_events", first, last, skip)
    window_reports = stored_facts_of(window_facts)  # read once: the threads merge the same reports' facts
    events = events_around(nights, window_facts, copies, set(window_facts["crawl_date"].to_pylist()), window_reports)
    known = dict(zip(window_facts["article_id"].to_pylist(), window_reports, strict=True))
    return threads_around(nights, events, thread_facts, stored_events, FactsReader(root, known))


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
