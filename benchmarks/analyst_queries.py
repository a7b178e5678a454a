"""The ten example queries of docs/analysts.md on a synthetic warehouse: DuckDB (bantin's views) against pandas.

Run from the project folder, after generating the synthetic warehouse (a million articles: about 5
minutes; ten million over five years and a hundred sources: about 17)::

    .venv/bin/python benchmarks/synthetic_warehouse.py --out /tmp/bantin-1m/warehouse
    .venv/bin/python benchmarks/synthetic_warehouse.py --out /tmp/bantin-10m/warehouse --articles 10000000 --nights 1826 --sources 100
    .venv/bin/python benchmarks/analyst_queries.py --warehouse /tmp/bantin-1m/warehouse [--runs 5]

* **DuckDB**: the SQL of each example, read from ``docs/analysts.md`` (so it is exactly the documented
  query), run on ``warehouse.views.connect(root, read_only=True)``: the views ``bantin query`` opens.
  The connection is opened once (its time is printed); each run fetches every result row.
* **pandas**: the same question answered the way a pandas user would: ``pd.read_parquet`` on the table
  folders (``partitioning=None``, only the needed columns, ``filters`` on ``crawl_date`` where the
  question has a period, which prunes row groups by their statistics), then merge / explode / groupby /
  pivot_table. Each run reads the files again, as a notebook cell would.

Each query runs ``--runs`` times per engine (the first, cold run included); the table prints the
median seconds, the ratio pandas / DuckDB, and whether both gave the same rows. Then the size on disk
of each table (files, rows, bytes). Exit status 1 if a DuckDB median is one second or more or a
result differs.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse.examples import DOC, examples  # noqa: E402
from warehouse.views import PROVINCE_CITIES, STORY_NIGHTS, connect  # noqa: E402

LEVELS = r"^(thị trấn|thị xã|thành phố|xã|phường|huyện|quận|tỉnh) (.+)$"


def read(root: Path, table: str, columns: list[str], first: date | None = None, last: date | None = None,
         after: date | None = None) -> pd.DataFrame:  # fmt: skip
    filters = []
    if first is not None:
        filters.append(("crawl_date", ">=", first))
    if last is not None:
        filters.append(("crawl_date", "<=", last))
    if after is not None:
        filters.append(("crawl_date", ">", after))
    return pd.read_parquet(root / table, columns=columns, filters=filters or None, partitioning=None)


def with_clusters(root: Path, articles: pd.DataFrame, first: date | None = None, last: date | None = None) -> pd.DataFrame:
    clusters = read(
        root, "article_clusters", ["article_id", "crawl_date", "cluster_id", "is_canonical", "similarity"], first, last
    )
    merged = articles.merge(clusters, on=["article_id", "crawl_date"], how="left")
    merged["cluster_id"] = merged["cluster_id"].fillna(merged["article_id"])
    merged["is_canonical"] = merged["is_canonical"].fillna(True).astype(bool)
    merged["similarity"] = merged["similarity"].astype("float64").fillna(1.0)
    return merged


def q1(root: Path) -> pd.DataFrame:
    a = read(root, "articles", ["source", "crawl_date"], date(2025, 9, 25), date(2025, 10, 1))
    a["night"] = pd.to_datetime(a["crawl_date"]).dt.strftime("%m-%d")
    table = a.pivot_table(index="source", columns="night", aggfunc="size", fill_value=0)
    return table.reset_index().sort_values("source")


def _places(frame: pd.DataFrame) -> pd.DataFrame:
    places = frame.explode("places").dropna(subset=["places"])
    parts = places["places"].str.extract(LEVELS)
    places["level"], places["name"] = parts[0], parts[1]
    places["is_province"] = (places["level"] == "tỉnh") | (
        (places["level"] == "thành phố") & places["name"].isin(PROVINCE_CITIES)
    )
    return places


def q2(root: Path) -> pd.DataFrame:
    a = read(root, "articles", ["crawl_date", "places"], date(2025, 9, 8), date(2025, 10, 1))
    places = _places(a)
    places = places[places["is_province"]]
    days = pd.to_datetime(places["crawl_date"])
    places["week"] = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.strftime("%m-%d")
    table = places.pivot_table(index="name", columns="week", aggfunc="size", fill_value=0)
    return table.reset_index().rename(columns={"name": "province"}).sort_values("province")


def _documents(frame: pd.DataFrame) -> pd.DataFrame:
    documents = frame.explode("cited_documents").dropna(subset=["cited_documents"])
    for part in ("document", "kind", "kind_name", "issuer"):
        documents[part] = documents["cited_documents"].map(lambda cited, part=part: cited[part])
    return documents.drop(columns=["cited_documents"])


def q3(root: Path) -> pd.DataFrame:
    first, last = date(2025, 9, 1), date(2025, 9, 30)
    a = with_clusters(
        root, read(root, "articles", ["article_id", "source", "crawl_date", "cited_documents"], first, last), first, last
    )
    documents = _documents(a)
    grouped = documents.groupby(["document", "kind_name"], dropna=False).agg(
        citations=("article_id", "size"), stories=("cluster_id", "nunique"), outlets=("source", "nunique")
    )
    grouped = grouped.reset_index().sort_values(["citations", "document"], ascending=[False, True])
    return grouped.head(10)


def q4(root: Path) -> pd.DataFrame:
    a = read(root, "articles", ["crawl_date", "cited_documents"], after=date(2024, 10, 1))
    documents = _documents(a)
    documents = documents[documents["kind"].isin(["NQ", "CT"]) & (documents["issuer"] == "TW")]
    grouped = documents.groupby(["document", "kind_name"]).agg(
        first_cited=("crawl_date", "min"), last_cited=("crawl_date", "max"), citations=("crawl_date", "size")
    )
    return grouped.reset_index().sort_values(["citations", "document"], ascending=[False, True]).head(10)


def q5(root: Path) -> pd.DataFrame:
    first, last = date(2025, 9, 25), date(2025, 10, 1)
    lo, hi = first - timedelta(days=STORY_NIGHTS), last + timedelta(days=STORY_NIGHTS)
    a = with_clusters(
        root, read(root, "articles", ["article_id", "source", "title", "published_at", "crawl_date"], lo, hi), lo, hi
    )
    canonical = a[a["is_canonical"]].set_index("cluster_id")[["title", "source", "crawl_date"]]
    grouped = a.groupby("cluster_id").agg(
        first_published_at=("published_at", "min"), articles=("article_id", "size"),
        outlets=("source", lambda s: sorted(set(s))),
    ).join(canonical)  # fmt: skip
    stories = grouped[(grouped["crawl_date"] >= first) & (grouped["crawl_date"] <= last) & (grouped["articles"] > 1)].copy()
    stories["n_outlets"] = stories["outlets"].str.len()
    stories = stories.rename_axis("cluster_id").reset_index()
    stories = stories.sort_values(["n_outlets", "first_published_at", "cluster_id"], ascending=[False, True, True]).head(10)
    return pd.DataFrame({
        "first_published": stories["first_published_at"].dt.strftime("%Y-%m-%d %H:%M"), "first_source": stories["source"],
        "outlets": stories["outlets"], "title": stories["title"].str[:50],
    })  # fmt: skip


def q6(root: Path) -> pd.DataFrame:
    copies = with_clusters(root, read(root, "articles", ["article_id", "source", "crawl_date"], date(2025, 9, 1), date(2025, 10, 1)),
                           date(2025, 9, 1), date(2025, 10, 1))  # fmt: skip
    copies = copies[~copies["is_canonical"]]
    originals = read(root, "articles", ["article_id", "source"], date(2025, 8, 29), date(2025, 10, 1))
    pairs = copies.merge(originals, left_on="cluster_id", right_on="article_id", suffixes=("", "_original"))
    grouped = pairs.groupby(["source_original", "source"]).agg(stories=("article_id", "size"), similarity=("similarity", "mean"))
    grouped = grouped.reset_index().rename(columns={"source_original": "first_told_by", "source": "republished_by"})
    grouped["similarity"] = grouped["similarity"].round(2)
    return grouped.sort_values(["stories", "first_told_by", "republished_by"], ascending=[False, True, True]).head(10)


def q7(root: Path) -> pd.DataFrame:
    h = read(root, "source_health", ["source", "crawl_date", "status", "articles_stored", "pages_fetched"])
    h = h.sort_values(["source", "crawl_date"])
    last = h.groupby("source").tail(1).set_index("source")
    with_articles = h[h["articles_stored"] > 0].groupby("source")["crawl_date"].max()
    recent = h[(h["articles_stored"] == 0) & (h["crawl_date"] > date(2025, 10, 1) - timedelta(days=7))].groupby("source").size()
    out = pd.DataFrame({
        "last_night_with_articles": with_articles.reindex(last.index),
        "empty_nights_of_7": recent.reindex(last.index).fillna(0).astype(int),
        "last_status": last["status"], "last_pages": last["pages_fetched"],
    }).reset_index()  # fmt: skip
    return out.sort_values(["last_night_with_articles", "source"])


def q8(root: Path) -> pd.DataFrame:
    h = read(root, "source_health", ["source", "status", "pages_fetched", "articles_stored", "missing_date", "missing_body",
                                     "parse_errors", "failure"], date(2025, 9, 2), date(2025, 10, 1))  # fmt: skip
    grouped = h.groupby("source").agg(
        failed_nights=("status", lambda s: int((s == "failed").sum())), pages=("pages_fetched", "sum"),
        articles=("articles_stored", "sum"), no_date=("missing_date", "sum"), no_body=("missing_body", "sum"),
        parse_errors=("parse_errors", "sum"),
        failures=("failure", lambda s: "; ".join(sorted(set(s.dropna()))) or None),
    )  # fmt: skip
    return grouped.reset_index().sort_values(["failed_nights", "source"], ascending=[False, True])


def half_up(value: float, digits: int) -> float:
    """SQL's round (halves away from zero); Python's round sends 6.25 to 6.2."""
    scale = 10**digits
    return float(np.floor(value * scale + 0.5) / scale)


def percentile_disc_90(values: pd.Series) -> int:
    """SQL's ``quantile_disc(x, 0.9)``: the first value whose cumulative share reaches 90%."""
    return int(values.sort_values().iloc[max(math.ceil(len(values) * 0.9) - 1, 0)])


def q9(root: Path) -> pd.DataFrame:
    a = read(root, "articles", ["source", "word_count", "published_at", "published_method"], date(2025, 9, 1), date(2025, 10, 1))
    grouped = a.groupby("source").agg(
        articles=("word_count", "size"), median_words=("word_count", "median"),
        p90_words=("word_count", percentile_disc_90),
        pct_no_date=("published_at", lambda s: half_up(100 * s.isna().mean(), 1)),
        usual_date_source=("published_method", lambda s: s.mode().iloc[0] if s.notna().any() else None),
    )  # fmt: skip
    return grouped.reset_index().sort_values(["articles", "source"], ascending=[False, True])


def _unaccented(text: pd.Series) -> pd.Series:
    return text.str.lower().map(lambda t: "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c)))


def q10(root: Path) -> pd.DataFrame:
    a = read(root, "articles", ["crawl_date", "source", "url", "title", "places"], date(2025, 9, 1), date(2025, 10, 1))
    hits = a[_unaccented(a["title"]).str.contains("ma tuy", regex=False)].copy()
    hits["title"] = hits["title"].str[:60]
    return hits.sort_values(["crawl_date", "source", "url"]).head(10)[["crawl_date", "source", "title", "places"]]


T = TypeVar("T")

PANDAS: dict[int, Callable[[Path], pd.DataFrame]] = {1: q1, 2: q2, 3: q3, 4: q4, 5: q5, 6: q6, 7: q7, 8: q8, 9: q9, 10: q10}


def _normal(value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.ndarray | list | tuple):
        return tuple(_normal(v) for v in value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return round(float(value), 4)
    return value


def same_rows(columns: list[str], rows: list[tuple], frame: pd.DataFrame) -> bool:
    if list(frame.columns) != columns:
        return False
    theirs = [tuple(_normal(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    return [tuple(_normal(v) for v in row) for row in rows] == theirs


def timed(function: Callable[[], T], runs: int) -> tuple[float, T]:
    """The median time of ``runs`` calls and the last call's result."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def table_sizes(root: Path) -> list[tuple[str, int, int, int]]:
    sizes = []
    for table in sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = sorted((root / table).rglob("*.parquet"))
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        sizes.append((table, len(files), rows, sum(f.stat().st_size for f in files)))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, default=Path("/tmp/bantin-1m/warehouse"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args()
    # Examples 1 to 10 ask of articles, stories and health, which this synthetic warehouse holds; 11 and 12
    # ask of events, whose nightly cost benchmarks/event_incremental.py measures.
    queries = [q for q in examples(args.doc.read_text(encoding="utf-8")) if q.number in PANDAS]
    assert [q.number for q in queries] == list(PANDAS), "docs/analysts.md should hold examples 1 to 10"

    started = time.perf_counter()
    connection = connect(args.warehouse, read_only=True)
    opened = time.perf_counter() - started
    ((articles,),) = connection.execute("SELECT count(*) FROM article_rows").fetchall()
    print(f"warehouse {args.warehouse}: {articles:,} articles; {os.cpu_count()} CPUs; duckdb connect {opened:.3f} s; "
          f"median of {args.runs} runs (first run included)\n")  # fmt: skip
    header = f"{'query':58s} {'duckdb s':>9s} {'pandas s':>9s} {'pandas/duckdb':>14s}  same rows"
    print(header)
    print("-" * len(header))
    slow, different = [], []
    for query in queries:

        def run_duckdb(sql: str = query.sql) -> tuple[list[str], list[tuple]]:
            result = connection.execute(sql)
            return [d[0] for d in result.description], result.fetchall()

        duck_s, (columns, rows) = timed(run_duckdb, args.runs)
        pandas_s, frame = timed(partial(PANDAS[query.number], args.warehouse), args.runs)
        same = same_rows(columns, rows, frame)
        slow += [query.number] if duck_s >= 1.0 else []
        different += [] if same else [query.number]
        label = f"{query.number}. {query.title}"[:58]
        print(f"{label:58s} {duck_s:9.3f} {pandas_s:9.3f} {pandas_s / duck_s:13.1f}x  {'yes' if same else 'NO'}", flush=True)
    print(f"\n{'table':20s} {'files':>6s} {'rows':>11s} {'size on disk':>14s}")
    total = 0
    for table, files, row_count, size in table_sizes(args.warehouse):
        total += size
        print(f"{table:20s} {files:6d} {row_count:11,d} {size / 2**20:11.1f} MiB")
    print(f"{'total':20s} {'':6s} {'':11s} {total / 2**20:11.1f} MiB")
    if slow or different:
        print(f"\nFAILED: DuckDB at or over 1 s: {slow}; results differing from pandas: {different}")
        sys.exit(1)


if __name__ == "__main__":
    main()
