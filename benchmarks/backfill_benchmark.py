"""A 30-night backfill through a real scheduler (LocalExecutor, SQLite), at 7 sites x 50 articles a night.

    .venv/bin/python benchmarks/backfill_benchmark.py [--nights 30] [--per-site 50] [--max-active-runs 2] [--sites cand,...]

The mirror serves the nights in volume mode (``mirror/volume.py``). ``airflow standalone`` (API
server, scheduler with LocalExecutor, DAG processor, triggerer; metadata in SQLite) runs in its own
process group; once the DAG is parsed it is unpaused and ``airflow backfill create`` asks for the
range. Reported: the wall time from the request to the last run's end, per night, every run's state,
and every stored article against its truth (``benchmarks/night_benchmark.py``'s check). The scheduler
creates no scheduled runs (``[scheduler] use_job_schedule`` off): unpausing would otherwise start the
latest interval (a recent night, quiet on the mirror) before the backfill, and SQLite takes one writer
at a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.night_benchmark import environment, source_folder, truth_check  # noqa: E402
from mirror.server import start_mirror  # noqa: E402
from mirror.volume import FIRST_VOLUME_NIGHT, VOLUME_SITES, Volume, nights_from  # noqa: E402

DAG_ID = "bantin_nightly"
BACKFILL_RUNS = """SELECT r.state, r.start_date, r.end_date FROM dag_run AS r JOIN backfill AS b ON r.backfill_id = b.id
                   WHERE b.dag_id = ? ORDER BY r.data_interval_start"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def interval_start(night: date) -> str:
    """The logical date of the run that processes ``night`` (its data interval starts at 02:00 that day)."""
    return f"{night.isoformat()}T02:00:00+07:00"


def query(database: Path, sql: str, *parameters: object) -> list[tuple]:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute(sql, parameters).fetchall()


def wait_for(what: str, check, timeout_s: float, every: float = 2.0):  # noqa: ANN001, ANN201 (a predicate and its value)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            value = check()
        except sqlite3.OperationalError:  # the tables are being created
            value = None
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"timed out waiting for {what}")


class Progress:
    """Prints how many nights are done, at most every ``every_s`` seconds and whenever the count changes to all."""

    def __init__(self, started: float, nights: int, every_s: float = 15.0) -> None:
        self.started, self.nights, self.every_s, self.shown = started, nights, every_s, -every_s

    def show(self, done: int) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed - self.shown >= self.every_s or done == self.nights:
            print(f"  {elapsed:6.0f} s: {done} of {self.nights} nights done", flush=True)
            self.shown = elapsed


def airflow(env: dict[str, str], *arguments: str) -> None:
    done = subprocess.run([sys.executable, "-m", "airflow", *arguments], env=env, capture_output=True, text=True, cwd=PROJECT_DIR)
    if done.returncode != 0:
        raise SystemExit(f"airflow {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")


def create_backfill(env: dict[str, str], database: Path, nights: tuple[date, ...], max_active_runs: int) -> None:
    """``airflow backfill create`` for the nights; again if SQLite was busy and it created nothing."""
    arguments = ("backfill", "create", "--dag-id", DAG_ID, "--from-date", interval_start(nights[0]),
                 "--to-date", interval_start(nights[-1]), "--max-active-runs", str(max_active_runs))  # fmt: skip
    for attempt in range(1, 4):
        try:
            airflow(env, *arguments)
            return
        except SystemExit as failure:
            if "database is locked" not in str(failure) or query(database, "SELECT 1 FROM backfill") or attempt == 3:
                raise
            time.sleep(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nights", type=int, default=30)
    parser.add_argument("--per-site", type=int, default=50)
    parser.add_argument("--max-active-runs", type=int, default=2, help="backfill runs at once")
    parser.add_argument("--sites", default=",".join(VOLUME_SITES), help="comma-separated; default: the seven volume sites")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-bench/backfill"))
    args = parser.parse_args()
    work = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    volume = Volume(args.per_site, nights_from(FIRST_VOLUME_NIGHT, args.nights), tuple(args.sites.split(",")))
    mirror = start_mirror(volume=volume)
    port = free_port()
    env = environment(work, mirror.write_overrides(work / "mirror-sources.json"), source_folder(work, volume.sites)) | {
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # the backfill's runs only (see above)
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        # Free ports for the servers a second deployment on this host would also want.
        "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(free_port()),
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
    }
    database = work / "airflow" / "airflow.db"
    print(
        f"{args.nights} nights x {len(volume.sites)} sites x {args.per_site} articles; airflow standalone on port {port}",
        flush=True,
    )
    airflow(env, "db", "migrate")
    log = (work / "standalone.log").open("w")
    standalone = subprocess.Popen([sys.executable, "-m", "airflow", "standalone"], env=env, cwd=PROJECT_DIR, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        wait_for("the DAG to be parsed", lambda: query(database, "SELECT 1 FROM serialized_dag WHERE dag_id = ?", DAG_ID), 300)
        airflow(env, "dags", "unpause", DAG_ID)
        started = time.monotonic()
        create_backfill(env, database, volume.nights, args.max_active_runs)

        progress = Progress(started, args.nights)

        def finished() -> list[tuple] | None:
            runs = query(database, BACKFILL_RUNS, DAG_ID)
            done = [run for run in runs if run[0] in ("success", "failed")]
            progress.show(len(done))
            return runs if len(done) == args.nights else None

        # Checked every second (the wall time is the last run's end), shown every 15 s.
        runs = wait_for("the backfill to finish", finished, 3 * 3600, every=1)
        wall = time.monotonic() - started
        stored, mismatches, missing, example = truth_check(mirror, volume, work / "warehouse")
    finally:
        os.killpg(standalone.pid, signal.SIGTERM)
        try:
            standalone.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(standalone.pid, signal.SIGKILL)
        mirror.stop()
    states = [state for state, _, _ in runs]
    print(f"\nbackfill of {args.nights} nights ({volume.nights[0]} to {volume.nights[-1]}), {len(volume.sites)} sites x "
          f"{args.per_site} articles a night, LocalExecutor, max {args.max_active_runs} runs at once")  # fmt: skip
    print(f"wall time: {wall:.0f} s ({wall / args.nights:.1f} s a night); runs: {states.count('success')} success, "
          f"{states.count('failed')} failed")  # fmt: skip
    print(f"articles stored: {stored:,} of {args.per_site * len(volume.sites) * args.nights:,}; not stored: {missing}; "
          f"unlike the truth: {sum(mismatches.values())} {example}")  # fmt: skip
    ok = states.count("success") == args.nights and missing == 0 and not any(mismatches.values())
    print("backfill complete, every article equal to the truth" if ok else "NOT complete: see above")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
