"""Incremental story clustering over the warehouse.

Each night stores a fingerprint per article (``article_signatures``: MinHash, LSH band hashes,
entities, event day). Clustering a night never reads the whole corpus: stories are republished
within ``WINDOW_DAYS``, so it reads the fingerprints of the nights within two windows of it,
finds candidate pairs with one SQL join on the band hashes (the same SQL runs on any engine that
reads Parquet), verifies them with ``transforms.dedup.same_story``, and recomputes the
``article_clusters`` rows of every stored night within one window of it.

A night's cluster rows depend only on the fingerprints of the nights within one window of it, and
every night within that distance is recomputed whenever a night is (re)processed, so the final
clusters, ids and canonical articles are the same whatever order nights and backfills run in.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.articles import extracted_articles
from pipeline.night import staging_dir
from transforms.dedup import WINDOW_DAYS, Fingerprint, components, fingerprint, jaccard, same_story
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLE_SIGNATURES
from warehouse.storage import PART_FILE, partition_dir, warehouse_root

SIGNATURES_FILE = "signatures.parquet"
CLUSTERS_DIR = "clusters"

CANDIDATES_SQL = """
WITH bands AS (
    SELECT article_id, unnest(bands) AS band_hash, unnest(range(len(bands))) AS band FROM signatures
)
SELECT DISTINCT a.article_id AS left_id, b.article_id AS right_id
FROM bands AS a JOIN bands AS b ON a.band = b.band AND a.band_hash = b.band_hash AND a.article_id < b.article_id
"""


def signature_rows(articles: list[dict]) -> list[dict]:
    """One ``article_signatures`` row per article row."""
    rows = []
    for article in articles:
        item = fingerprint(article["article_id"], article["title"], f"{article['lead'] or ''}\n{article['body']}",
                           article["published_at"], article["event_date"])  # fmt: skip
        rows.append(
            {
                "article_id": item.article_id,
                "source": article["source"],
                "published_at": article["published_at"],
                "event_date": article["event_date"],
                "signature": item.signature.tolist(),
                "shingle_count": item.shingle_count,
                "bands": item.bands,
                "entities": sorted(item.entities),
                "lead_entities": sorted(item.lead_entities),
                "crawl_date": article["crawl_date"],
            }
        )
    return rows


def _stored_signatures(root: Path, first: date, last: date, skip: date) -> pa.Table:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    files = [partition_dir(root, "article_signatures", d) / PART_FILE for d in days if d != skip]
    tables = [pq.read_table(f) for f in files if f.exists()]
    return pa.concat_tables(tables) if tables else ARTICLE_SIGNATURES.empty_table()


def _fingerprint_of(row: dict) -> Fingerprint:
    return Fingerprint(row["article_id"], row["published_at"], np.asarray(row["signature"], dtype=np.uint32),
                       row["shingle_count"], frozenset(row["entities"]), frozenset(row["lead_entities"]),
                       row["event_date"], row["bands"][-1])  # fmt: skip


def verified_edges(signatures: pa.Table) -> list[tuple[str, str]]:
    """Pairs of article ids that share an LSH band (SQL join) and are the same story."""
    connection = duckdb.connect()
    connection.register("signatures", signatures)
    pairs = connection.execute(CANDIDATES_SQL).fetchall()
    prints = {row["article_id"]: _fingerprint_of(row) for row in signatures.to_pylist()}
    return sorted((a, b) for a, b in pairs if same_story(prints[a], prints[b]))


def night_cluster_rows(night: date, signatures: list[dict], edges: list[tuple[str, str]]) -> list[dict]:
    """``article_clusters`` rows of ``night``: components of the graph of the nights within one window."""
    window = timedelta(days=WINDOW_DAYS)
    members = [row for row in signatures if abs(row["crawl_date"] - night) <= window]
    prints = [_fingerprint_of(row) for row in members]
    index = {item.article_id: n for n, item in enumerate(prints)}
    local = [(index[a], index[b]) for a, b in edges if a in index and b in index]
    cluster_ids = components(prints, local)
    by_id = {item.article_id: item for item in prints}
    return [
        {
            "article_id": item.article_id,
            "cluster_id": cluster_id,
            "is_canonical": cluster_id == item.article_id,
            "similarity": 1.0 if cluster_id == item.article_id else jaccard(item, by_id[cluster_id]),
            "crawl_date": night,
        }
        for item, cluster_id, row in zip(prints, cluster_ids, members)
        if row["crawl_date"] == night
    ]


def cluster_around(night: date, tonight: list[dict], root: Path | None = None) -> dict[date, list[dict]]:
    """Cluster rows of ``night`` and of every stored night within one window of it."""
    root = root or warehouse_root()
    window = timedelta(days=WINDOW_DAYS)
    stored = _stored_signatures(root, night - 2 * window, night + 2 * window, skip=night)
    signatures = pa.concat_tables([stored, pa.Table.from_pylist(tonight, schema=ARTICLE_SIGNATURES)])
    edges = verified_edges(signatures)
    rows = signatures.to_pylist()
    stored_nights = {row["crawl_date"] for row in rows if abs(row["crawl_date"] - night) <= window}
    return {day: night_cluster_rows(day, rows, edges) for day in sorted(stored_nights | {night})}


def deduplicate_night(day: date) -> dict[date, list[dict]]:
    """Fingerprint tonight's articles and cluster the nights around it; stage both for publishing."""
    folder = staging_dir(day)
    tonight = signature_rows(extracted_articles(day))
    pq.write_table(pa.Table.from_pylist(tonight, schema=ARTICLE_SIGNATURES), folder / SIGNATURES_FILE)
    clusters = cluster_around(day, tonight)
    (folder / CLUSTERS_DIR).mkdir(exist_ok=True)
    for night, rows in clusters.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_CLUSTERS), folder / CLUSTERS_DIR / f"{night}.parquet")
    return clusters


def staged_clusters(day: date) -> dict[date, pa.Table]:
    folder = staging_dir(day) / CLUSTERS_DIR
    return {date.fromisoformat(path.stem): pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


def staged_signatures(day: date) -> pa.Table:
    return pq.read_table(staging_dir(day) / SIGNATURES_FILE)
