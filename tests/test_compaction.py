"""Compaction of old nights into monthly files (under the partition locks, deletions deferred for older
readers), the analysts' exploded views, and the read-only lock."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.test_warehouse import article
from transforms.documents import document_citations
from warehouse import storage
from warehouse.compaction import (
    MONTH_PREFIX,
    PENDING_FILE,
    ROW_GROUP_ROWS,
    collect_garbage,
    compact,
    monthly_files,
    nightly_files,  # fmt: skip
    pending_deletes,
)
from warehouse.locks import LOCK_DIR, release_reader_lease
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLES, SCHEMA_VERSION, SOURCE_HEALTH
from warehouse.storage import PART_FILE, cleanup_temporaries, partition_dir, write_partition
from warehouse.views import ReadOnlyError, check_read_only, connect

PROJECT_DIR = Path(__file__).resolve().parent.parent

FIRST = date(2025, 8, 28)
NIGHTS = [FIRST + timedelta(days=n) for n in range(10)]  # 28/8 … 6/9: two months
SOURCES = ["nhandan", "cand", "baogialai"]


def health(source: str, day: date, stored: int) -> dict:
    return {"source": source, "crawl_date": day, "status": "ok", "failure": None, "pages_fetched": stored,
            "articles_parsed": stored, "articles_stored": stored, "duplicates_merged": 0, "missing_date": 0,
            "missing_body": 0, "parse_errors": 0, "http_errors": "{}", "finish_reason": "finished", "duration_s": 1.0,
            "parsers": []}  # fmt: skip


def write_night(root: Path, day: date, suffix: str = "") -> None:
    rows = [article(f"{day:%m%d}{source}{n}{suffix}", 8 + n, day, source) for source in SOURCES for n in range(day.day % 3 + 1)]
    write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), root, "articles", day)
    clusters = [{"article_id": r["article_id"], "cluster_id": r["article_id"], "is_canonical": True, "similarity": 1.0,
                 "crawl_date": day} for r in rows]  # fmt: skip
    write_partition(pa.Table.from_pylist(clusters, schema=ARTICLE_CLUSTERS), root, "article_clusters", day)
    write_partition(pa.Table.from_pylist([health(s, day, day.day % 3 + 1) for s in SOURCES], schema=SOURCE_HEALTH),
                    root, "source_health", day)  # fmt: skip


def snapshot(root: Path) -> dict[str, list[tuple]]:
    """Every row of the analysts' main views, read by one DuckDB session that then ends (its reader lease
    too: this test process goes on writing the warehouse)."""
    con = connect(root)
    try:
        return {
            view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall()
            for view in ("articles", "source_health", "stories")
        }
    finally:
        con.close()
        release_reader_lease(root)


def article_ids(root: Path, night: date) -> list[str]:
    con = connect(root)
    try:
        found = con.execute("SELECT article_id FROM article_rows WHERE crawl_date = ? ORDER BY 1", [night]).fetchall()
        return [i for (i,) in found]
    finally:
        con.close()
        release_reader_lease(root)


def written_ids(night: date, suffix: str = "") -> list[str]:
    """The article ids ``write_night(root, night, suffix)`` publishes."""
    return sorted(f"{night:%m%d}{source}{n}{suffix}" for source in SOURCES for n in range(night.day % 3 + 1))


@contextmanager
def checkpoint_hook(hook) -> Iterator[None]:
    storage.set_checkpoint_hook(hook)
    try:
        yield
    finally:
        storage.set_checkpoint_hook(None)


@contextmanager
def reader_session(root: Path) -> Iterator[subprocess.Popen]:
    """Another process with a reader lease on ``root``, alive until the block ends (then killed)."""
    code = "import sys, time; from warehouse.locks import acquire_reader_lease; " \
           "print(acquire_reader_lease(sys.argv[1]).path, flush=True); time.sleep(600)"  # fmt: skip
    process = subprocess.Popen([sys.executable, "-c", code, str(root)], cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None  # stdout=PIPE
    try:
        assert process.stdout.readline().strip().endswith(".lease")
        yield process
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def test_compaction_folds_old_nights_into_sorted_monthly_files_and_changes_no_row(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    before = snapshot(tmp_path)

    result = compact(tmp_path, older_than=date(2025, 9, 4))  # 28/8 … 3/9 folded, 4/9 … 6/9 stay nightly

    assert (result.nights, result.months) == (3 * 7, 3 * 2)
    assert snapshot(tmp_path) == before
    for table in ("articles", "article_clusters", "source_health"):
        assert list(monthly_files(tmp_path, table)) == ["2025-08", "2025-09"]
        assert list(nightly_files(tmp_path, table)) == NIGHTS[-3:]
        assert not list(tmp_path.rglob("*.tmp"))
    monthly = pq.ParquetFile(monthly_files(tmp_path, "articles")["2025-09"])
    column = monthly.metadata.row_group(0).column(0)
    assert column.compression == "ZSTD" and column.statistics is not None
    assert monthly.metadata.schema.to_arrow_schema().metadata[b"schema_version"] == str(SCHEMA_VERSION).encode()
    rows = monthly.read(columns=["source", "crawl_date"]).to_pylist()
    assert rows == sorted(rows, key=lambda r: (r["source"], r["crawl_date"]))  # a source filter skips row groups
    assert {r["crawl_date"] for r in rows} == {date(2025, 9, 1), date(2025, 9, 2), date(2025, 9, 3)}


def test_a_night_rewritten_after_compaction_wins_and_the_next_compaction_folds_it(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    compact(tmp_path, older_than=date(2025, 9, 4))
    write_night(tmp_path, date(2025, 9, 2), suffix="-rerun")  # a backfill of a compacted night

    con = connect(tmp_path)
    ids = [
        i for (i,) in con.execute("SELECT article_id FROM articles WHERE crawl_date = DATE '2025-09-02' ORDER BY 1").fetchall()
    ]
    assert ids and all(i.endswith("-rerun") for i in ids)  # the nightly file, not the monthly rows of that night
    assert con.execute("SELECT count(*) FROM source_health WHERE crawl_date = DATE '2025-09-02'").fetchall() == [(3,)]
    after_rerun = snapshot(tmp_path)

    compact(tmp_path, older_than=date(2025, 9, 4))
    assert snapshot(tmp_path) == after_rerun
    assert date(2025, 9, 2) not in nightly_files(tmp_path, "articles")


def test_only_tables_the_pipeline_never_reads_back_are_compacted(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="never compacted"):
        compact(tmp_path, older_than=date(2025, 9, 4), tables=("article_signatures",))
    assert ROW_GROUP_ROWS["articles"] < 1024 * 1024  # several row groups per month of articles
    assert MONTH_PREFIX == "crawl_month=" and PART_FILE == "part-0.parquet"


def test_cited_documents_and_places_explode_one_row_per_mention(tmp_path: Path) -> None:
    day = date(2025, 9, 22)
    first = {
        **article("a", 8, day),
        "cited_documents": document_citations("57-NQ/TW, 343-QĐ/TW, 89-KH/ĐUCA"),
        "places": ["xã Trung Hưng", "tỉnh Hưng Yên", "thành phố Hà Nội", "thành phố Pleiku", "thị xã An Khê"],
    }
    second = {**article("b", 9, day, "nhandan"), "cited_documents": [], "places": []}  # fmt: skip
    write_partition(pa.Table.from_pylist([first, second], schema=ARTICLES), tmp_path, "articles", day)
    con = connect(tmp_path)
    assert con.execute(
        "SELECT document, number, kind, kind_name, issuer, cluster_id FROM cited_documents ORDER BY 2"
    ).fetchall() == [
        ("57-NQ/TW", 57, "NQ", "Nghị quyết", "TW", "a"),
        ("89-KH/ĐUCA", 89, "KH", "Kế hoạch", "ĐUCA", "a"),
        ("343-QĐ/TW", 343, "QĐ", "Quyết định", "TW", "a"),
    ]
    assert con.execute("SELECT place, level, name, is_province FROM places").fetchall() == [
        ("xã Trung Hưng", "xã", "Trung Hưng", False),
        ("tỉnh Hưng Yên", "tỉnh", "Hưng Yên", True),
        ("thành phố Hà Nội", "thành phố", "Hà Nội", True),
        ("thành phố Pleiku", "thành phố", "Pleiku", False),
        ("thị xã An Khê", "thị xã", "An Khê", False),
    ]


def test_a_read_only_connection_reads_the_warehouse_and_nothing_else(tmp_path: Path) -> None:
    write_night(tmp_path / "warehouse", NIGHTS[0])
    (tmp_path / "secret.csv").write_text("a\n1\n")
    con = connect(tmp_path / "warehouse", read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3 * (NIGHTS[0].day % 3 + 1),)]
    with pytest.raises(Exception, match="Permission"):
        con.execute(f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')").fetchall()
    with pytest.raises(Exception, match="lock|configuration"):
        con.execute("SET enable_external_access = true")
    for statement in ["COPY articles TO 'x.parquet'", "EXPORT DATABASE 'x'", "ATTACH 'x.db'", "INSTALL httpfs",
                      "SELECT 1; COPY (SELECT 1) TO 'y.csv'"]:  # fmt: skip
        with pytest.raises(ReadOnlyError):
            check_read_only(statement)
    check_read_only("CREATE TEMP TABLE t AS SELECT * FROM articles; SELECT * FROM t")  # in memory: allowed


def test_a_rerun_published_while_compaction_reads_its_night_waits_and_is_kept(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    rerun_night = date(2025, 9, 2)
    rerun = threading.Thread(target=write_night, args=(tmp_path, rerun_night, "-rerun"))
    blocked_while_compacting = []

    def start_rerun_after_reading(label: str) -> None:
        if label == "articles/2025-09: nightly files read" and not rerun.is_alive():
            rerun.start()  # the corrected re-run of an old night publishes now, mid-compaction
            rerun.join(timeout=0.5)
            blocked_while_compacting.append(rerun.is_alive())  # it waits for the night's lock

    with checkpoint_hook(start_rerun_after_reading):
        compact(tmp_path, older_than=date(2025, 9, 4), tables=("articles",))
    rerun.join(timeout=60)

    assert blocked_while_compacting == [True]
    assert article_ids(tmp_path, rerun_night) == written_ids(rerun_night, "-rerun")  # the correction is not lost
    assert nightly_files(tmp_path, "articles").keys() == {rerun_night, *NIGHTS[-3:]}  # folded by the next compaction
    for night in NIGHTS[:-3]:
        if night != rerun_night:
            assert article_ids(tmp_path, night) == written_ids(night)


def test_a_nightly_file_changed_after_compaction_read_it_is_left_in_place(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    changed_night = date(2025, 9, 1)

    def replace_without_the_lock(label: str) -> None:  # a writer that does not take the lock (an older version)
        if label == "articles/2025-09: nightly files read":
            rows = [article(f"unlocked{n}", 8 + n, changed_night) for n in range(2)]
            pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLES), tmp_path / "swap.parquet")
            os.replace(tmp_path / "swap.parquet", partition_dir(tmp_path, "articles", changed_night) / PART_FILE)

    with checkpoint_hook(replace_without_the_lock):
        compact(tmp_path, older_than=date(2025, 9, 4), tables=("articles",))

    assert changed_night in nightly_files(tmp_path, "articles")
    assert article_ids(tmp_path, changed_night) == ["unlocked0", "unlocked1"]
    assert date(2025, 9, 2) not in nightly_files(tmp_path, "articles")  # the unchanged ones were deleted


def test_folded_nightly_files_outlive_an_older_reader_session_and_are_deleted_after_it(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    before = snapshot(tmp_path)
    with reader_session(tmp_path):
        result = compact(tmp_path, older_than=date(2025, 9, 4))
        assert (result.nights, result.months) == (3 * 7, 3 * 2)
        for table in ("articles", "article_clusters", "source_health"):
            assert list(monthly_files(tmp_path, table)) == ["2025-08", "2025-09"]  # the months are written
            assert list(nightly_files(tmp_path, table)) == NIGHTS  # no file vanished under the session
        assert len(pending_deletes(tmp_path)) == 3 * 7
        assert collect_garbage(tmp_path) == 0  # the session still lives
        assert snapshot(tmp_path) == before  # nightly files win over the month: nothing counted twice

    assert collect_garbage(tmp_path) == 3 * 7
    for table in ("articles", "article_clusters", "source_health"):
        assert list(nightly_files(tmp_path, table)) == NIGHTS[-3:]
    assert not (tmp_path / LOCK_DIR / PENDING_FILE).exists() and pending_deletes(tmp_path) == []
    assert snapshot(tmp_path) == before


def test_a_night_published_again_is_never_deleted_by_a_stale_pending_entry(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    rerun_night = date(2025, 8, 30)
    with reader_session(tmp_path):
        compact(tmp_path, older_than=date(2025, 9, 4), tables=("articles",))
        write_night(tmp_path, rerun_night, "-rerun")  # re-published while its deletion waits

    assert collect_garbage(tmp_path) == 6  # the other folded nights
    assert list(nightly_files(tmp_path, "articles")) == [rerun_night, *NIGHTS[-3:]]
    assert article_ids(tmp_path, rerun_night) == written_ids(rerun_night, "-rerun")
    assert pending_deletes(tmp_path) == []

    compact(tmp_path, older_than=date(2025, 9, 4), tables=("articles",))  # the next compaction folds it
    assert list(nightly_files(tmp_path, "articles")) == NIGHTS[-3:]
    assert article_ids(tmp_path, rerun_night) == written_ids(rerun_night, "-rerun")


def test_the_next_compaction_completes_deletions_deferred_for_a_session_that_has_ended(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    with reader_session(tmp_path):
        compact(tmp_path, older_than=date(2025, 9, 1), tables=("source_health",))
    assert list(nightly_files(tmp_path, "source_health")) == NIGHTS
    compact(tmp_path, older_than=date(2025, 9, 1), tables=("source_health",))
    assert list(nightly_files(tmp_path, "source_health")) == NIGHTS[4:]
    assert pending_deletes(tmp_path) == []


def leave_temporary(directory: Path, name: str = ".part-0.parquet.dead.tmp") -> Path:
    """What a writer killed before its rename leaves (a fresh one: no age rule may be relied on)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(b"PAR1 half a file")
    return path


def test_leftover_temporaries_are_removed_by_the_next_writer_of_their_partition(tmp_path: Path) -> None:
    night, month = NIGHTS[0], tmp_path / "articles" / f"{MONTH_PREFIX}2025-08"
    nightly = leave_temporary(partition_dir(tmp_path, "articles", night))
    monthly = leave_temporary(month)
    other = leave_temporary(partition_dir(tmp_path, "articles", NIGHTS[-1]))
    write_night(tmp_path, night)
    assert not nightly.exists() and other.exists()  # the partition written, and that one only
    compact(tmp_path, older_than=NIGHTS[1], tables=("articles",))
    assert not monthly.exists() and other.exists()
    assert article_ids(tmp_path, night) == written_ids(night)


def test_cleanup_temporaries_removes_every_leftover_whose_partition_is_not_being_written(tmp_path: Path) -> None:
    write_night(tmp_path, NIGHTS[0])
    leftovers = [leave_temporary(partition_dir(tmp_path, "articles", NIGHTS[0])),
                 leave_temporary(tmp_path / "articles" / f"{MONTH_PREFIX}2025-08"),
                 leave_temporary(partition_dir(tmp_path, "raw_pages", NIGHTS[1], "cand"))]  # fmt: skip
    busy = leave_temporary(partition_dir(tmp_path, "source_health", NIGHTS[2]))
    code = "import sys, time; from warehouse.locks import partition_lock\n" \
           "with partition_lock(sys.argv[1], 'source_health/crawl_date=2025-08-30'):\n print('held', flush=True); time.sleep(600)"  # fmt: skip
    writer = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None  # stdout=PIPE
    try:
        assert writer.stdout.readline().strip() == "held"  # a live writer of that partition
        removed = cleanup_temporaries(tmp_path)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    assert sorted(removed) == sorted(leftovers) and busy.exists()
    assert cleanup_temporaries(tmp_path) == [busy]  # once its writer is gone
    assert article_ids(tmp_path, NIGHTS[0]) == written_ids(NIGHTS[0])
    assert not list(tmp_path.rglob("*.tmp"))


def session_answers(con) -> dict[str, list[tuple]]:  # noqa: ANN001 (duckdb connection)
    return {
        view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall() for view in ("articles", "source_health", "stories")
    }


def test_compaction_under_an_open_session_changes_none_of_its_answers_and_deletes_once_it_ends(tmp_path: Path) -> None:
    for night in NIGHTS:
        write_night(tmp_path, night)
    session = connect(tmp_path, read_only=True)  # an analyst's `bantin shell`, open across the compaction
    before = session_answers(session)

    assert compact(tmp_path, older_than=date(2025, 9, 4)).nights == 3 * 7

    assert session_answers(session) == before  # same session, same rows: its nightly files were kept
    assert list(nightly_files(tmp_path, "articles")) == NIGHTS
    assert list(monthly_files(tmp_path, "articles")) == ["2025-08", "2025-09"]
    assert session_answers(connect(tmp_path)) == before  # a session opened now reads each night once
    assert collect_garbage(tmp_path) == 0  # the analyst's session still lives

    del session  # the analyst closes the shell: the connection goes, and its reader lease with it
    gc.collect()
    assert collect_garbage(tmp_path) == 3 * 7
    assert list(nightly_files(tmp_path, "articles")) == NIGHTS[-3:]
    assert session_answers(connect(tmp_path)) == before


def test_a_night_folded_away_while_it_is_listed_is_left_out_of_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for night in NIGHTS[:3]:
        write_night(tmp_path, night)
    vanished = partition_dir(tmp_path, "articles", NIGHTS[1])
    listed = Path.rglob

    def rglob_after_a_compaction_removed_it(self: Path, pattern: str) -> Iterator[Path]:
        if self == vanished:  # another month's compaction removed the folder between glob and scandir
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return listed(self, pattern)

    monkeypatch.setattr(Path, "rglob", rglob_after_a_compaction_removed_it)
    assert list(nightly_files(tmp_path, "articles")) == [NIGHTS[0], NIGHTS[2]]
    assert list(nightly_files(tmp_path, "articles", only=[NIGHTS[1], NIGHTS[2]])) == [NIGHTS[2]]


def test_months_compacted_by_two_workers_at_once_fold_every_night_and_change_no_row(tmp_path: Path) -> None:
    nights = [date(2025, 1, 10) + timedelta(days=7 * n) for n in range(30)]  # seven months, four or five nights each
    for night in nights:
        write_night(tmp_path, night)
    before = snapshot(tmp_path)

    result = compact(tmp_path, older_than=date(2025, 9, 1), workers=2)

    assert (result.nights, result.months) == (3 * 30, 3 * 8)
    assert snapshot(tmp_path) == before
    assert all(not nightly_files(tmp_path, table) for table in ("articles", "article_clusters", "source_health"))


def test_citations_are_cited_documents_without_the_story_columns(tmp_path: Path) -> None:
    day = date(2025, 9, 22)
    original = {**article("a", 8, day), "cited_documents": document_citations("57-NQ/TW, 89-KH/ĐUCA")}
    copy = {**article("c", 11, day, "nhandan"), "cited_documents": document_citations("57-NQ/TW")}
    silent = {**article("b", 9, day, "cand"), "cited_documents": []}
    write_partition(pa.Table.from_pylist([original, copy, silent], schema=ARTICLES), tmp_path, "articles", day)
    clusters = [{"article_id": "a", "cluster_id": "a", "is_canonical": True, "similarity": 1.0, "crawl_date": day},
                {"article_id": "c", "cluster_id": "a", "is_canonical": False, "similarity": 0.9, "crawl_date": day}]  # fmt: skip
    write_partition(pa.Table.from_pylist(clusters, schema=ARTICLE_CLUSTERS), tmp_path, "article_clusters", day)
    con = connect(tmp_path)

    with_stories = con.execute("SELECT * FROM cited_documents ORDER BY article_id, document").fetchall()
    columns = [d[0] for d in con.description]
    plain = con.execute("SELECT * FROM citations ORDER BY article_id, document").fetchall()

    assert [(r[0], r[4], r[5], r[6]) for r in with_stories] == [
        ("a", "a", True, "57-NQ/TW"), ("a", "a", True, "89-KH/ĐUCA"), ("c", "a", False, "57-NQ/TW")]  # fmt: skip
    story_columns = [columns.index("cluster_id"), columns.index("is_canonical")]
    assert plain == [tuple(v for k, v in enumerate(row) if k not in story_columns) for row in with_stories]
    assert con.execute("SELECT count(DISTINCT cluster_id) FROM cited_documents WHERE document = '57-NQ/TW'").fetchone() == (1,)
