"""The seen-URL index, built from real warehouse partitions: which night stores a URL, kept fresh."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from warehouse.quarantine import QUARANTINE_DIR, quarantined_files
from warehouse.schemas import ARTICLES, RAW_PAGES, SCHEMA_VERSION
from warehouse.seen import SeenIndex, build_entries, load_seen_index, url_hash
from warehouse.storage import PART_FILE, partition_dir, write_partition

D1, D2, D3 = date(2025, 9, 21), date(2025, 9, 22), date(2025, 9, 23)


def page(url: str, night: date, status: int = 200, source: str = "cand") -> dict:
    return {"url": url, "final_url": url, "source": source, "fetched_at": datetime(2025, 9, 23, tzinfo=UTC),
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
    assert url_hash("https://cand.com.vn/a.html") == 0x951C64BE68A919E5  # BLAKE2b: no per-process salt, unlike hash()
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


def small_warehouse(root: Path) -> dict[str, date]:
    """Three nights of pages and articles of ``cand``; returns the truth: each stored URL's night."""
    truth: dict[str, date] = {}
    for night, count in ((D1, 40), (D2, 30)):
        rows = [page(f"https://c/{night:%d}/{n}", night) for n in range(count)]
        write_pages(root, night, "cand", rows)
        truth |= {row["url"]: night for row in rows}
    stored = [article(f"https://c/a/{n}", D3) for n in range(20)]
    write_partition(pa.Table.from_pylist(stored, schema=ARTICLES), root, "articles", D3)
    return truth | {row["url"]: D3 for row in stored}


def assert_answers(index: SeenIndex, truth: dict[str, date]) -> None:
    assert {url: index.night_of(url) for url in truth} == truth
    assert index.night_of("https://c/never") is None and len(index) == len(truth)


CORRUPTIONS: dict[str, Callable[[Path], object]] = {
    "0 bytes (renamed, not fsynced, power cut)": lambda path: path.write_bytes(b""),
    "cut short": lambda path: path.write_bytes(path.read_bytes()[:300]),
    "garbage": lambda path: path.write_bytes(b"\x93NUMPY garbage " * 40),
    "another dtype": lambda path: np.save(path, np.arange(40, dtype=np.float64)),
    "odd length": lambda path: np.save(path, np.arange(41, dtype=np.uint64)),
    "unsorted hashes": lambda path: np.save(path, np.arange(40, dtype=np.uint64)[::-1].copy()),
}


@pytest.mark.parametrize("damage", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_a_damaged_cached_index_is_rebuilt_from_the_warehouse(tmp_path: Path, damage: str) -> None:
    root, cache = tmp_path / "warehouse", tmp_path / "cache"
    truth = small_warehouse(root)
    assert_answers(load_seen_index("cand", root, cache), truth)
    (cached,) = cache.glob("cand-*.npy")
    CORRUPTIONS[damage](cached)

    assert_answers(load_seen_index("cand", root, cache), truth)  # rebuilt, not an error, not an empty index
    again = load_seen_index("cand", root, cache)
    assert isinstance(again.entries, np.memmap)  # and the cache holds a good file again
    assert_answers(again, truth)
    assert not list(cache.glob(".*.tmp.npy"))


@pytest.mark.parametrize("table", ["articles", "raw_pages"])
def test_an_unreadable_warehouse_file_is_quarantined_and_the_index_built_from_the_rest(
    tmp_path: Path, table: str, caplog: pytest.LogCaptureFixture
) -> None:
    root, cache = tmp_path / "warehouse", tmp_path / "cache"
    truth = small_warehouse(root)
    night = D3 if table == "articles" else D2
    damaged = partition_dir(root, table, night, "cand" if table == "raw_pages" else None) / PART_FILE
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])  # a half-copied file

    with caplog.at_level(logging.WARNING, logger="warehouse.seen"):
        index = load_seen_index("cand", root, cache)

    assert_answers(index, {url: n for url, n in truth.items() if n != night})  # every other night still known
    assert str(damaged) in caplog.text  # the log names the file
    assert [q.path for q in quarantined_files(root)] == [damaged.relative_to(root).as_posix()]
    assert not damaged.exists() and (root / QUARANTINE_DIR).is_dir()
    assert isinstance(load_seen_index("cand", root, cache).entries, np.memmap)  # cached for the next source
