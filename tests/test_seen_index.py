"""The seen-URL index, built from real warehouse partitions: which night stores a URL, kept fresh."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa

from warehouse.schemas import ARTICLES, RAW_PAGES, SCHEMA_VERSION
from warehouse.seen import SeenIndex, build_entries, load_seen_index, url_hash
from warehouse.storage import write_partition

D1, D2, D3 = date(2025, 9, 21), date(2025, 9, 22), date(2025, 9, 23)


def page(url: str, night: date, status: int = 200, source: str = "cand") -> dict:
    return {"url": url, "final_url": url, "source": source, "fetched_at": datetime(2025, 9, 23, tzinfo=timezone.utc),
            "http_status": status, "content_type": "text/html", "encoding": "utf-8", "headers": "{}",
            "html": "<html>x</html>", "html_sha256": "0" * 64, "crawl_date": night}  # fmt: skip


def article(url: str, night: date, source: str = "cand") -> dict:
    return {"article_id": url[-16:].rjust(16, "0"), "source": source, "url": url, "canonical_url": url, "title": "T",
            "lead": None, "body": "B", "authors": [], "published_at": None, "published_date": None, "published_text": None,
            "published_method": None, "event_date": None, "event_text": None, "cited_documents": [], "places": [],
            "word_count": 1, "content_sha256": "0" * 64, "parser": "t/1", "crawl_date": night, "schema_version": SCHEMA_VERSION}  # fmt: skip


def write_pages(root: Path, night: date, source: str, rows: list[dict]) -> None:
    write_partition(pa.Table.from_pylist(rows, schema=RAW_PAGES), root, "raw_pages", night, source)


def test_hash_is_stable_across_runs_and_machines() -> None:
    assert url_hash("https://cand.com.vn/a.html") == 0x951c64be68a919e5  # BLAKE2b: no per-process salt, unlike hash()
    assert url_hash("https://cand.com.vn/a.html") != url_hash("https://cand.com.vn/b.html")


def test_entries_are_sorted_with_the_earliest_night_of_each_url() -> None:
    index = SeenIndex(build_entries(["b", "a", "b"], [D2, D3, D1]))
    assert list(index.hashes) == sorted(index.hashes) and len(index) == 2
    assert dict(zip(index.hashes.tolist(), index.nights.tolist()))[url_hash("b")] == (D1 - date(1970, 1, 1)).days
    assert (index.night_of("a"), index.night_of("b"), index.night_of("c")) == (D3, D1, None)


def test_index_says_which_night_stores_each_url(tmp_path: Path) -> None:
    root, cache = tmp_path / "warehouse", tmp_path / "cache"
    write_pages(root, D1, "cand", [page("https://c/1", D1), page("https://c/error", D1, status=500)])
    write_pages(root, D2, "cand", [page("https://c/2", D2)])
    write_pages(root, D2, "nhandan", [page("https://n/1", D2, source="nhandan")])
    write_partition(pa.Table.from_pylist([article("https://c/3", D3)], schema=ARTICLES), root, "articles", D3)

    index = load_seen_index("cand", root, cache)
    assert index.night_of("https://c/1") == D1
    assert index.night_of("https://c/2") == D2
    assert index.night_of("https://c/3") == D3  # known from articles alone
    assert index.night_of("https://c/error") is None  # an error page is fetched again
    assert index.night_of("https://n/1") is None  # another source's index
    assert index.night_of("https://c/never") is None
    assert len(index) == 3


def test_index_is_reused_while_fresh_and_rebuilt_when_the_warehouse_changes(tmp_path: Path) -> None:
    root, cache = tmp_path / "warehouse", tmp_path / "cache"
    write_pages(root, D1, "cand", [page("https://c/1", D1)])
    first = load_seen_index("cand", root, cache)
    files = list(cache.glob("cand-*.npy"))
    assert len(files) == 1
    again = load_seen_index("cand", root, cache)
    assert isinstance(again.entries, np.memmap)  # read from the cache file, not rebuilt
    assert np.array_equal(np.asarray(again.entries), first.entries)

    write_pages(root, D2, "cand", [page("https://c/2", D2)])
    fresh = load_seen_index("cand", root, cache)
    assert fresh.night_of("https://c/2") == D2
    assert len(list(cache.glob("cand-*.npy"))) == 1  # the stale file is gone

    write_pages(root, D2, "nhandan", [page("https://n/1", D2, source="nhandan")])
    assert isinstance(load_seen_index("cand", root, cache).entries, np.memmap)  # other sources do not make it stale


def test_a_new_machine_rebuilds_the_same_index_from_the_warehouse(tmp_path: Path) -> None:
    root = tmp_path / "warehouse"
    write_pages(root, D1, "cand", [page(f"https://c/{n}", D1) for n in range(50)])
    one = load_seen_index("cand", root, tmp_path / "machine-a")
    two = load_seen_index("cand", root, tmp_path / "machine-b")
    assert np.array_equal(np.asarray(one.entries), np.asarray(two.entries))
