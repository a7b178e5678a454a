"""Incremental story clustering over the warehouse.

Each night stores a fingerprint per article (``article_signatures``: MinHash, LSH band hashes,
entities, event day). Clustering a night never reads the whole corpus: stories are republished
within ``WINDOW_DAYS``, so it reads the fingerprints of the nights within two windows of it,
finds candidate pairs, the articles sharing a band hash (``transforms.dedup.joined_candidate_arrays``:
sorted arrays, without the pairs of dated articles too far apart to be one story), verifies them with
``transforms.dedup.same_story_mask`` (``same_story`` over arrays), and recomputes the
``article_clusters`` rows of every stored night within one window of it.

A night's cluster rows depend only on the fingerprints of the nights within one window of it, and
every night within that distance is recomputed whenever a night is (re)processed, so the final
clusters, ids and canonical articles are the same whatever order nights and backfills run in.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.articles import extracted_articles
from pipeline.events import stage_events
from pipeline.night import staging_dir
from transforms.dedup import (
    BANDS,
    NUM_PERM,
    WINDOW_DAYS,
    Fingerprints,
    cluster_ids,
    fingerprints,
    joined_candidate_arrays,
    same_story_mask,
)
from warehouse.quarantine import read_or_set_aside
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLE_SIGNATURES, TABLES, Row
from warehouse.storage import PART_FILE, ObjectRoot, Root, partition_dir, read_partition, warehouse_root

SIGNATURES_FILE = "signatures.parquet"
CLUSTERS_DIR = "clusters"


def signature_rows(articles: list[Row]) -> list[Row]:
    """One ``article_signatures`` row per article row."""
    # The stored event day is the one extraction read (``event_date``), so none is read here.
    prints = fingerprints(((a["article_id"], f"{a['lead'] or ''}\n{a['body']}", a["published_at"], a["event_date"]) for a in articles),
                          read_event_days=False)  # fmt: skip
    signatures, bands = prints.signatures.tolist(), prints.bands.tolist()
    return [
        {
            "article_id": article["article_id"],
            "source": article["source"],
            "published_at": article["published_at"],
            "event_date": article["event_date"],
            "signature": signatures[n],
            "shingle_count": int(prints.shingle_counts[n]),
            "bands": bands[n],
            "entities": sorted(prints.entities[n]),
            "lead_entities": sorted(prints.lead_entities[n]),
            "crawl_date": article["crawl_date"],
        }
        for n, article in enumerate(articles)
    ]


def stored_nights(
    root: Root, name: str, first: date, last: date, skip: frozenset[date] = frozenset(), columns: list[str] | None = None
) -> pa.Table:
    """The stored nightly partitions of ``name`` from ``first`` to ``last`` (but ``skip``), as one table of
    ``columns`` (default: all)."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1) if first + timedelta(days=n) not in skip]
    empty = TABLES[name].empty_table() if columns is None else TABLES[name].empty_table().select(columns)
    if isinstance(root, ObjectRoot):  # object storage has no quarantine: a damaged object fails the step
        tables = [found for d in days if (found := read_partition(root, name, d, columns=columns)) is not None]
        return pa.concat_tables(tables) if tables else empty
    files = [partition_dir(root, name, d) / PART_FILE for d in days]
    # A damaged neighbour is set aside (named in a warning): the nights around it are decided without it until it is re-extracted.
    read = [found for f in files if f.exists() and (found := read_or_set_aside(root, f, columns=columns)) is not None]
    return pa.concat_tables(read) if read else empty


def _matrix(column: pa.ChunkedArray, width: int, dtype: type) -> np.ndarray:
    """A list column whose lists all have ``width`` values, as an (n, width) array."""
    values = pc.list_flatten(column).to_numpy().astype(dtype, copy=False)
    if len(values) != len(column) * width:
        raise ValueError(f"{column.type} lists must have {width} values each: article_signatures written by an older "
                         "version; re-run the nights of the window")  # fmt: skip
    matrix: np.ndarray = values.reshape(len(column), width)
    return matrix


def stored_fingerprints(signatures: pa.Table) -> Fingerprints:
    """``article_signatures`` rows as the columns the vectorised clustering reads."""
    return Fingerprints(
        signatures["article_id"].to_pylist(),
        signatures["published_at"].to_pylist(),
        _matrix(signatures["signature"], NUM_PERM, np.uint32),
        signatures["shingle_count"].to_numpy().astype(np.int64),
        _matrix(signatures["bands"], BANDS + 1, np.int64),
        [frozenset(found) for found in signatures["entities"].to_pylist()],
        [frozenset(found) for found in signatures["lead_entities"].to_pylist()],
        signatures["event_date"].to_pylist(),
    )


def verified_edges(prints: Fingerprints) -> list[tuple[int, int]]:
    """Row index pairs that share an LSH band hash or the lead hash and are the same story."""
    left, right = joined_candidate_arrays(prints)
    same = same_story_mask(prints, left, right)
    return list(zip(left[same].tolist(), right[same].tolist()))


def night_cluster_rows(night: date, prints: Fingerprints, crawl_dates: list[date], edges: list[tuple[int, int]]) -> list[Row]:
    """``article_clusters`` rows of ``night``: components of the graph of the nights within one window."""
    window = timedelta(days=WINDOW_DAYS)
    members = [n for n, day in enumerate(crawl_dates) if abs(day - night) <= window]
    local = {n: k for k, n in enumerate(members)}
    edges = [(local[i], local[j]) for i, j in edges if i in local and j in local]
    ids = cluster_ids([prints.article_ids[n] for n in members], [prints.published_at[n] for n in members], edges)
    index = {prints.article_ids[n]: n for n in members}
    rows: list[Row] = []
    for n, cluster_id in zip(members, ids):
        if crawl_dates[n] != night:
            continue
        canonical = cluster_id == prints.article_ids[n]
        shared = np.count_nonzero(prints.signatures[n] == prints.signatures[index[cluster_id]]) / NUM_PERM
        rows.append({"article_id": prints.article_ids[n], "cluster_id": cluster_id, "is_canonical": canonical,
                     "similarity": 1.0 if canonical else float(shared), "crawl_date": night})  # fmt: skip
    return rows


def cluster_around(night: date, tonight: list[Row], root: Root | None = None) -> dict[date, list[Row]]:
    """Cluster rows of ``night`` and of every stored night within one window of it."""
    return cluster_window([night], pa.Table.from_pylist(tonight, schema=ARTICLE_SIGNATURES), root)[0]


def near(day: date, nights: list[date], days: int) -> bool:
    """Whether ``day`` is within ``days`` of one of ``nights``."""
    return any(abs((day - night).days) <= days for night in nights)


def cluster_window(
    nights: list[date], fresh: pa.Table, root: Root | None = None
) -> tuple[dict[date, list[Row]], list[tuple[str, str]]]:
    """(cluster rows of ``nights`` and of every stored night within one window of them, the pairs of article
    ids found to be copies within two windows of them). ``fresh``: the signatures of ``nights``, which
    replace what is stored for them."""
    root = root or warehouse_root()
    window = timedelta(days=WINDOW_DAYS)
    stored = stored_nights(root, "article_signatures", min(nights) - 2 * window, max(nights) + 2 * window, frozenset(nights))
    signatures = pa.concat_tables([stored, fresh])
    prints = stored_fingerprints(signatures)
    edges = verified_edges(prints)
    crawl_dates = signatures["crawl_date"].to_pylist()
    recompute = {day for day in crawl_dates if near(day, nights, WINDOW_DAYS)} | set(nights)
    clusters = {day: night_cluster_rows(day, prints, crawl_dates, edges) for day in sorted(recompute)}
    return clusters, [(prints.article_ids[i], prints.article_ids[j]) for i, j in edges]


def stage_signatures(day: date, articles: list[Row] | None = None) -> list[Row]:
    """Fingerprint the night's extracted articles (``articles``, when the caller has read them) and stage
    the ``article_signatures`` rows."""
    rows = signature_rows(extracted_articles(day) if articles is None else articles)
    pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_SIGNATURES), staging_dir(day) / SIGNATURES_FILE)
    return rows


def derive_nights(nights: list[date], stage_into: date) -> dict[date, list[Row]]:
    """Copy clusters, then events and threads, of the nights around ``nights`` (whose signatures and
    facts are staged), staged in ``stage_into``'s folder for its publication; return the clusters."""
    from pipeline.events import link_events_around, staged_facts

    folder = staging_dir(stage_into)
    clusters, copies = cluster_window(nights, pa.concat_tables([staged_signatures(night) for night in nights]))
    (folder / CLUSTERS_DIR).mkdir(exist_ok=True)
    for night, rows in clusters.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_CLUSTERS), folder / CLUSTERS_DIR / f"{night}.parquet")
    events = link_events_around(nights, pa.concat_tables([staged_facts(night) for night in nights]), copies)
    stage_events(folder, events)
    return clusters


def deduplicate_night(day: date) -> dict[date, list[Row]]:
    """Fingerprint tonight's articles and cluster the nights around it, then link the events and threads
    around it (``pipeline.events``); stage all of it for publishing."""
    from pipeline.events import stage_facts

    articles = extracted_articles(day)
    stage_signatures(day, articles)
    stage_facts(day, articles)
    return derive_nights([day], day)


def staged_clusters(day: date) -> dict[date, pa.Table]:
    folder = staging_dir(day) / CLUSTERS_DIR
    return {date.fromisoformat(path.stem): pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


def staged_signatures(day: date) -> pa.Table:
    return pq.read_table(staging_dir(day) / SIGNATURES_FILE)
