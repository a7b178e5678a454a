"""Compaction and re-runs of old nights at the same time lose nothing: 50 randomized interleavings.

Each round starts from a warehouse of six published nights of August (some rounds compacted once
already), then runs at once, in threads of one process (the partition locks are ``flock`` locks on
separate descriptors, so threads exclude each other as processes do): a compaction of the month and
two publishers that re-publish random old nights (new versions of ``articles`` and ``source_health``).
Every write step of both (``warehouse.storage`` and ``warehouse.compaction`` checkpoints) pauses for a
random 0–2 ms, so each round interleaves them differently. Afterwards DuckDB, through
``warehouse.views.connect``, must read for every night exactly the rows of its last publish.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pyarrow as pa
import pytest

from tests.test_compaction import health
from tests.test_warehouse import article
from warehouse import storage
from warehouse.compaction import compact, monthly_files, pending_deletes
from warehouse.locks import partition_locks, release_reader_lease
from warehouse.schemas import ARTICLES, SOURCE_HEALTH
from warehouse.storage import partition_key, write_partition
from warehouse.views import connect

ROUNDS = 50
NIGHTS = [date(2025, 8, 1) + timedelta(days=n) for n in range(6)]
CUT = date(2025, 8, 10)  # every night is old enough to be folded
TABLES = ("articles", "source_health")
MAX_PAUSE_S = 0.002


def article_ids(night: date, version: int) -> list[str]:
    return [f"{night:%d}-v{version}-{n}" for n in range(1 + (version + night.day) % 3)]


def publish(root: Path, night: date, version: int) -> None:
    """A re-run of ``night`` as publish_night writes it: its partitions locked together, articles then health."""
    rows = [article(i, 8 + n, night) for n, i in enumerate(article_ids(night, version))]
    with partition_locks(root, [partition_key(table, night) for table in TABLES]):
        write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), root, "articles", night)
        write_partition(
            pa.Table.from_pylist([health("cand", night, version)], schema=SOURCE_HEALTH), root, "source_health", night
        )


def stored(root: Path) -> tuple[dict[date, list[str]], dict[date, list[int]]]:
    """Per night: the article ids and the health rows' ``articles_stored`` (the version) DuckDB reads."""
    con = connect(root)
    try:
        ids: dict[date, list[str]] = {}
        for night, article_id in con.execute("SELECT crawl_date, article_id FROM article_rows ORDER BY ALL").fetchall():
            ids.setdefault(night, []).append(article_id)
        versions: dict[date, list[int]] = {}
        for night, version in con.execute("SELECT crawl_date, articles_stored FROM source_health ORDER BY ALL").fetchall():
            versions.setdefault(night, []).append(version)
        return ids, versions
    finally:
        con.close()
        release_reader_lease(root)


def random_pauses(seed: int) -> Callable[[str], None]:
    """A checkpoint hook that pauses each thread at each write step for a random time of its own."""
    local = threading.local()

    def pause(label: str) -> None:
        if not hasattr(local, "rng"):
            local.rng = random.Random(f"{seed}/{threading.current_thread().name}")
        time.sleep(local.rng.random() * MAX_PAUSE_S)

    return pause


def run_round(root: Path, seed: int) -> dict[date, int]:
    """One interleaving; returns the version each night's last publish wrote."""
    rng = random.Random(seed)
    latest = {night: 0 for night in NIGHTS}
    for night in NIGHTS:
        publish(root, night, 0)
    if rng.random() < 0.4:  # the month already exists: re-published nights must win over it
        compact(root, CUT, TABLES)
    plans = {name: [(rng.choice(nights), version) for version in range(1, rng.randint(2, 4))]
             for name, nights in (("publisher-a", NIGHTS[:3]), ("publisher-b", NIGHTS[3:]))}  # fmt: skip
    for plan in plans.values():
        for night, version in plan:
            latest[night] = version  # each publisher's nights are its own: its last publish is the night's latest
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(work: Callable[[], object]) -> None:
        try:
            start.wait()
            work()
        except BaseException as error:  # reported by the test
            errors.append(error)

    def publish_plan(plan: list[tuple[date, int]]) -> None:
        for night, version in plan:
            publish(root, night, version)

    workers = [threading.Thread(target=run, name="compaction", args=(lambda: compact(root, CUT, TABLES),))]
    for name, plan in plans.items():
        workers.append(threading.Thread(target=run, name=name, args=(partial(publish_plan, plan),)))
    storage.set_checkpoint_hook(random_pauses(seed))
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
    finally:
        storage.set_checkpoint_hook(None)
    assert not errors, errors
    return latest


@pytest.mark.slow  # many interleaved writer processes: about 20 s
def test_compaction_and_reruns_of_old_nights_interleaved_keep_every_nights_last_publish(tmp_path: Path) -> None:
    for seed in range(ROUNDS):
        root = tmp_path / f"round-{seed}"
        latest = run_round(root, seed)
        ids, versions = stored(root)
        where = f"round {seed}"
        assert ids == {night: sorted(article_ids(night, version)) for night, version in latest.items()}, where
        assert versions == {night: [version] for night, version in latest.items()}, where
        assert list(monthly_files(root, "articles")) == ["2025-08"] and pending_deletes(root) == [], where
        assert not list(root.rglob("*.tmp")), where


@pytest.mark.parametrize("seed", [7])
def test_a_round_replays_the_same_plan(tmp_path: Path, seed: int) -> None:
    """The rounds are reproducible: a failing seed can be run again alone."""
    assert run_round(tmp_path / "a", seed) == run_round(tmp_path / "b", seed)
