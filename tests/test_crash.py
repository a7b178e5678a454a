"""Atomic writes: publishing, compaction and the seen-URL index killed with SIGKILL at every write step
never leave a partial or mixed partition (or index), DuckDB always reads the warehouse, and the next run
of the same job completes it and leaves no temporary file behind.

A warehouse holds four published nights (the "old" version). A new version of the middle night is
staged (changed, removed and added articles, so its articles, signatures, clusters of the nights
around it and health rows all change). ``tests/crash_driver.py`` publishes it in a process of its own and
stops at the N-th step of its partition writes (before and after encoding, with the temporary file
half written, fully written, renamed into place); the test kills it there with SIGKILL. After each
kill every partition must equal its old or its new content exactly, and every table must read.
Compaction of the old nights and the seen-URL index of a source are killed the same way at each of
their steps.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.clusters import deduplicate_night
from pipeline.publish import publish_night
from tests import crash_driver
from tests.staged import stage_extracted
from tests.test_compaction import reader_session
from transforms.dedup import content_sha256
from transforms.documents import citation
from transforms.ids import article_id
from warehouse.compaction import COMPACTED_TABLES, compact, monthly_files, nightly_files, pending_deletes
from warehouse.locks import release_reader_lease
from warehouse.schemas import SCHEMA_VERSION, TABLES
from warehouse.seen import cached_index, load_seen_index
from warehouse.storage import PART_FILE
from warehouse.views import connect

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NIGHT = date(2025, 9, 24)
NIGHTS = [NIGHT - timedelta(days=2), NIGHT - timedelta(days=1), NIGHT, NIGHT + timedelta(days=1)]
MIN_KILL_POINTS = 20
WORDS = (
    "an ninh trật tự địa bàn nhân dân phong trào cán bộ chiến sĩ tuần tra kiểm soát giao thông phòng chống tội phạm ma túy "
    "cháy nổ hành chính cải cách chuyển đổi số căn cước định danh điện tử thôn xóm tổ dân phố hội nghị tổng kết khen thưởng "
    "tập thể cá nhân thành tích xuất sắc kế hoạch triển khai nhiệm vụ trọng tâm năm tháng quý đảng ủy chi bộ đảng viên "
    "sinh hoạt chuyên đề nghị quyết chỉ thị kết luận học tập quán triệt tuyên truyền vận động quần chúng"
).split()

PLACES = [
    "xã Trung Hưng",
    "phường Hồng Châu",
    "xã Như Quỳnh",
    "thị xã An Khê",
    "xã Ia Pa",
    "phường Thủy Xuân",
    "xã Nghĩa Trụ",
    "xã Kbang",
]
TOPICS = ["quán triệt Nghị quyết số 57-NQ/TW", "ra mắt mô hình camera an ninh", "tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc",
          "giao nhận quân", "cải cách thủ tục hành chính", "tuyên truyền phòng chống ma túy"]  # fmt: skip


def synthetic_article(day: date, number: int, source: str, version: str = "", event: date | None = None) -> dict:
    """An article row as extraction stages it, crawled on ``day``. Its text depends on ``number`` and the
    event day only, so the same (number, event) in two sources is one story."""
    event = event or day
    place, topic = PLACES[number % len(PLACES)], TOPICS[(number + event.day) % len(TOPICS)]
    url = f"https://{source}.example.vn/{day:%Y%m%d}-{number}.html"
    lead = f"Sáng {event.day}/{event.month}, Công an {place} tổ chức hội nghị {topic}{version}."
    words = random.Random(f"{number}/{event}").choices(WORDS, k=90)  # a story's own wording
    body = "\n\n".join(" ".join(words[n * 30 : (n + 1) * 30]).capitalize() + f"{version}." for n in range(3))
    published = datetime(day.year, day.month, day.day, 8 + number, tzinfo=VIETNAM)
    return {
        "article_id": article_id(url), "source": source, "url": url, "canonical_url": url,
        "title": f"Công an {place} {topic}{version}", "lead": lead, "body": body, "authors": ["Phóng viên"],
        "published_at": published, "published_date": day, "published_text": f"{published:%H:%M %d/%m/%Y}",
        "published_method": "byline", "event_date": event, "event_text": f"Sáng {event.day}/{event.month}",
        "cited_documents": [citation("57-NQ/TW")] if "57-NQ" in topic else [], "places": [place], "word_count": 40,
        "content_sha256": content_sha256(lead, body), "parser": "synthetic/1", "crawl_date": day,
        "schema_version": SCHEMA_VERSION,
    }  # fmt: skip


def old_version(day: date) -> list[dict]:
    rows = [synthetic_article(day, n, source) for n in range(3) for source in ("cand", "nhandan")]
    rows.append(synthetic_article(day, 4, "baogialai"))
    if day == NIGHT + timedelta(days=1):  # republishes, a day late, a story the night before had no original of
        rows.append(synthetic_article(day, 7, "nhandan", event=NIGHT))
    return rows


def new_version(day: date) -> list[dict]:
    """The night re-run later: one article edited, one gone, one new, a new outlet for a story, and the
    original of the next night's republication (which changes the next night's cluster rows)."""
    rows = [synthetic_article(day, n, source) for n in range(2) for source in ("cand", "nhandan")]
    rows[0] = synthetic_article(day, 0, "cand", version=" (cập nhật)")
    return rows + [synthetic_article(day, 2, "baochinhphu"), synthetic_article(day, 5, "dangcongsan"),
                   synthetic_article(day, 7, "cand", event=NIGHT)]  # fmt: skip


def stage(day: date, rows: list[dict]) -> None:
    """What crawl and extract leave in staging for ``day``; deduplicate then stages the rest."""
    stage_extracted(day, rows)
    deduplicate_night(day)


def partitions(root: Path) -> dict[str, pa.Table]:
    return {path.relative_to(root).as_posix(): pq.read_table(path) for path in sorted(root.rglob(PART_FILE))}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict[str, pa.Table], dict[str, pa.Table]]]:
    """(old warehouse, staging with the new version staged, old partitions, new partitions)."""
    base = tmp_path_factory.mktemp("crash")
    old_root, staging = base / "old", base / "staging"
    patch = pytest.MonkeyPatch()
    patch.setenv("BANTIN_WAREHOUSE", str(old_root))
    patch.setenv("BANTIN_STAGING", str(staging))
    try:
        patch.setenv("BANTIN_RUN_ID", "first-runs")
        for day in NIGHTS:
            stage(day, old_version(day))
            publish_night(day)
        patch.setenv("BANTIN_RUN_ID", "rerun")  # the driver inherits it: the re-run's staging
        stage(NIGHT, new_version(NIGHT))
        new_root = base / "new"
        shutil.copytree(old_root, new_root)
        publish_night(NIGHT, root=new_root)
    except BaseException:
        patch.undo()
        raise
    old, new = partitions(old_root), partitions(new_root)
    yield old_root, staging, old, new
    patch.undo()


# Jobs are forked from a server that imported the warehouse modules once (see tests/crash_driver.py).
JOBS = multiprocessing.get_context("forkserver")
JOBS.set_forkserver_preload(["tests.crash_driver", "pipeline.publish", "warehouse.compaction", "warehouse.seen"])


@dataclass
class Job:
    """A running ``tests.crash_driver`` job and the pipe it reports on."""

    process: BaseProcess
    replies: Connection

    def reply(self, timeout_s: float = 120) -> str:
        """The job's next line (``PAUSED ...`` or ``DONE ...``)."""
        try:
            if self.replies.poll(timeout_s):
                line: str = self.replies.recv()
                return line
        except EOFError:  # it ended without a line: it raised (its traceback is on stderr)
            self.process.join(30)
        raise AssertionError(f"no reply from the job within {timeout_s} s (exit code {self.process.exitcode})")


def driver(root: Path, staging: Path, stop_at: int, job: tuple[str, str] = ("publish", NIGHT.isoformat()),
           seen_cache: Path | None = None) -> Job:  # fmt: skip
    environment = os.environ | {"BANTIN_WAREHOUSE": str(root), "BANTIN_STAGING": str(staging), "BANTIN_RUN_ID": "rerun"}
    if seen_cache is not None:
        environment["BANTIN_SEEN_INDEX_DIR"] = str(seen_cache)
    replies, sender = JOBS.Pipe(duplex=False)
    process = JOBS.Process(target=crash_driver.serve, args=(*job, stop_at, dict(environment), sender))
    process.start()
    sender.close()  # the job holds the only sending end: its exit is an EOF here
    return Job(process, replies)


def steps_of(root: Path, staging: Path, job: tuple[str, str] = ("publish", NIGHT.isoformat()),
             seen_cache: Path | None = None) -> int:  # fmt: skip
    """Run ``job`` to the end; how many write steps it has."""
    completed = driver(root, staging, 0, job, seen_cache)
    line = completed.reply()
    completed.process.join(30)
    assert completed.process.exitcode == 0 and line.startswith("DONE"), line
    return int(line.split()[1])


def kill_at(root: Path, staging: Path, stop_at: int, job: tuple[str, str] = ("publish", NIGHT.isoformat()),
            seen_cache: Path | None = None) -> str:  # fmt: skip
    """Run ``job``, SIGKILL it at its ``stop_at``-th write step; the step's label."""
    running = driver(root, staging, stop_at, job, seen_cache)
    line = running.reply()
    assert line.startswith(f"PAUSED {stop_at} "), line
    running.process.kill()
    running.process.join(30)
    assert running.process.exitcode == -signal.SIGKILL
    return line.split(" ", 2)[2].strip()


def rows(root: Path) -> dict[str, list[tuple]]:
    """Every row of every table as DuckDB reads it (one session, ended before anything else writes)."""
    connection = connect(root)
    try:
        return {view: connection.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall()
                for view in ("article_rows", "raw_pages", "article_signatures", "article_clusters", "article_facts",
                             "article_events", "source_health", "stories", "events")}  # fmt: skip
    finally:
        connection.close()
        release_reader_lease(root)


def temporaries(*folders: Path) -> list[Path]:
    return [path for folder in folders for path in folder.rglob("*.tmp*")]


def assert_old_or_new(root: Path, old: dict[str, pa.Table], new: dict[str, pa.Table], where: str) -> None:
    now = partitions(root)  # every file reads whole: no partial file under a final name
    assert set(now) <= set(old) | set(new), where
    for name in set(old) | set(new):
        if name not in now:
            assert name not in old, f"{where}: {name} disappeared"
            continue
        matches = [
            label for label, version in (("old", old), ("new", new)) if name in version and now[name].equals(version[name])
        ]
        assert matches, f"{where}: {name} is neither its old nor its new content"
    connection = connect(root)
    for view in [*TABLES, "stories"]:
        connection.execute(f"SELECT count(*) FROM {view}").fetchall()  # DuckDB reads every table
    connection.close()
    release_reader_lease(root)


def test_the_new_version_changes_every_table_the_night_publishes(versions: tuple) -> None:
    _, _, old, new = versions
    changed = {name.split("/")[0] for name in new if name not in old or not new[name].equals(old[name])}
    assert changed == {"articles", "article_signatures", "article_clusters", "article_facts", "article_events", "source_health"}
    rewritten_clusters = [n for n in new if n.startswith("article_clusters/") and (n not in old or not new[n].equals(old[n]))]
    assert len(rewritten_clusters) >= 2  # the night's own and a neighbour's: one kill can split them


@pytest.mark.slow  # a subprocess killed at each of dozens of write steps: about 45 s
def test_publish_killed_at_every_write_step_leaves_each_partition_old_or_new(versions: tuple, tmp_path: Path) -> None:
    old_root, staging, old, new = versions
    # A full run first: how many steps there are, and that the driver publishes the new version.
    full_root = tmp_path / "full"
    shutil.copytree(old_root, full_root)
    steps = steps_of(full_root, staging)
    assert steps >= MIN_KILL_POINTS
    published = partitions(full_root)
    assert published.keys() == new.keys() and all(published[name].equals(new[name]) for name in new)

    labels = []
    for stop_at in range(1, steps + 1):
        root = tmp_path / f"killed-{stop_at}"
        shutil.copytree(old_root, root)
        labels.append(kill_at(root, staging, stop_at))
        assert_old_or_new(root, old, new, f"killed at step {stop_at} ({labels[-1]})")
        if stop_at % 7 == 0:  # and the next run repairs it: the new version, whole, and no temporary file left
            steps_of(root, staging)  # runs to its end
            repaired = partitions(root)
            assert repaired.keys() == new.keys() and all(repaired[name].equals(new[name]) for name in new)
            assert temporaries(root) == []
        shutil.rmtree(root)
    assert len(set(labels)) == steps >= MIN_KILL_POINTS  # that many different points
    assert {label.split(": ")[1] for label in labels} == {
        "encoded",
        "temporary file half written",
        "temporary file written",
        "renamed into place",
    }


COMPACT_BEFORE = NIGHT + timedelta(days=1)  # folds 22, 23 and 24 September of each compacted table


@pytest.mark.slow  # a subprocess killed at each compaction step: about a minute
def test_compaction_killed_at_every_step_keeps_every_row_and_the_next_compaction_finishes(
    versions: tuple, tmp_path: Path
) -> None:
    old_root, staging, _, _ = versions
    before = rows(old_root)
    job = ("compact", COMPACT_BEFORE.isoformat())
    full_root = tmp_path / "full"
    shutil.copytree(old_root, full_root)
    steps = steps_of(full_root, staging, job)
    assert rows(full_root) == before
    assert all(list(nightly_files(full_root, table)) == [NIGHTS[-1]] for table in COMPACTED_TABLES)
    assert steps == 3 * (1 + 3 + 3)  # per table: nights read, month half written / written / renamed, 3 deletions

    labels = []
    for stop_at in range(1, steps + 1):
        root = tmp_path / f"killed-{stop_at}"
        shutil.copytree(old_root, root)
        labels.append(kill_at(root, staging, stop_at, job))
        where = f"killed at step {stop_at} ({labels[-1]})"
        partitions(root)  # every file under a final name reads whole
        assert rows(root) == before, where  # DuckDB reads every table, every row once

        started = time.time()
        assert steps_of(root, staging, job) <= steps  # the next compaction (nothing left to do after the last step)
        assert rows(root) == before, where
        assert all(list(nightly_files(root, table)) == [NIGHTS[-1]] for table in COMPACTED_TABLES), where
        assert all(list(monthly_files(root, table)) == ["2025-09"] for table in COMPACTED_TABLES), where
        assert [p for p in temporaries(root) if p.stat().st_mtime < started] == [], where
        shutil.rmtree(root)
    assert len(set(labels)) == steps
    assert {label.split(": ")[1] for label in labels} == {
        "nightly files read",
        "temporary file half written",
        "temporary file written",
        "renamed into place",
        "nightly file deleted",
    }


def test_seen_index_write_killed_at_every_step_is_rebuilt_right_and_leaves_no_temporary(versions: tuple, tmp_path: Path) -> None:
    old_root, staging, _, _ = versions
    stored = (
        connect(old_root).execute("SELECT url, min(crawl_date) FROM article_rows WHERE source = 'cand' GROUP BY url").fetchall()
    )
    release_reader_lease(old_root)
    truth = dict(stored)
    assert len(truth) >= 8
    job = ("seen", "cand")
    steps = steps_of(old_root, staging, job, tmp_path / "full-cache")
    assert steps == 3  # temporary file written, fsynced, renamed

    for stop_at in range(1, steps + 1):
        cache = tmp_path / f"cache-{stop_at}"
        label = kill_at(old_root, staging, stop_at, job, cache)
        for cached in cache.glob("cand-*.npy"):  # nothing partial under a final name
            assert cached_index(cached) is not None, label
        index = load_seen_index("cand", old_root, cache)  # the next run of the same job
        assert {url: index.night_of(url) for url in truth} == truth, label
        assert len(index) == len(truth) and temporaries(cache) == [], label


def test_publish_completes_deletions_deferred_for_a_reader_that_has_ended_but_keeps_its_own_night(
    versions: tuple, tmp_path: Path
) -> None:
    old_root, _, _, _ = versions
    root = tmp_path / "warehouse"
    shutil.copytree(old_root, root)
    with reader_session(root):
        compact(root, older_than=COMPACT_BEFORE)
        assert len(pending_deletes(root)) == 3 * 3  # 22, 23 and 24 September of each table wait for the reader
    publish_night(NIGHT, root=root)  # the re-run of 24 September, after the reader has gone

    assert pending_deletes(root) == []
    for table in ("articles", "source_health"):  # 22 and 23 deleted; 24 was published again and stays
        assert list(nightly_files(root, table)) == [NIGHT, NIGHTS[-1]]
    published_alone = tmp_path / "published-alone"
    shutil.copytree(old_root, published_alone)
    publish_night(NIGHT, root=published_alone)
    assert rows(root) == rows(published_alone)  # exactly the re-run's rows, every other night unchanged
