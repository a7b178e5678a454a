"""Two runs of the same night at the same time leave the tables exactly as one run does.

Each run works in its own staging folder (keyed by its Airflow run id, ``pipeline/night.py``) and the
runs meet only in the warehouse, where each partition is replaced atomically with contents that do
not depend on which run wrote them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mirror.corpus import articles_on
from mirror.server import Mirror
from pipeline.articles import start_night
from pipeline.crawl import report_file
from pipeline.night import staging_dir
from tests.airflow_runs import run_after, run_night
from warehouse.schemas import TABLES
from warehouse.views import connect

PROJECT_DIR = Path(__file__).resolve().parent.parent
NIGHT = date(2025, 9, 24)
# Columns that record when something really happened (fetch time, crawl duration), not derived values.
OBSERVED_COLUMNS = {"raw_pages": ("fetched_at", "headers"), "source_health": ("duration_s", "pages_reused")}


def snapshot(root: Path) -> dict[str, list[tuple]]:
    connection = connect(root)
    tables = {}
    for table in TABLES:
        view = "article_rows" if table == "articles" else table
        columns = [c for (c, *_) in connection.execute(f"DESCRIBE {view}").fetchall() if c not in OBSERVED_COLUMNS.get(table, ())]
        tables[table] = connection.execute(f"SELECT {', '.join(columns)} FROM {view} ORDER BY ALL").fetchall()
    return tables


def test_a_run_starting_the_same_night_leaves_the_other_runs_working_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANTIN_STAGING", str(tmp_path))
    monkeypatch.delenv("BANTIN_RUN_ID", raising=False)
    monkeypatch.setenv("AIRFLOW_CTX_DAG_RUN_ID", "scheduled__2025-09-24T19:00:00+00:00")
    start_night(NIGHT)
    crawled = report_file(NIGHT, "cand")
    crawled.parent.mkdir(parents=True, exist_ok=True)
    crawled.write_text("{}")
    first = staging_dir(NIGHT)

    monkeypatch.setenv("AIRFLOW_CTX_DAG_RUN_ID", "backfill__2025-09-24T19:00:00+00:00")
    start_night(NIGHT)  # clears its own working files only
    assert staging_dir(NIGHT) != first and not report_file(NIGHT, "cand").exists()
    assert crawled.exists()
    assert len(list((tmp_path / NIGHT.isoformat()).glob("run=*"))) == 2


def test_two_runs_of_the_same_night_at_the_same_time_leave_the_tables_of_one_run(
    mirror: Mirror, airflow_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One run, alone.
    monkeypatch.setenv("BANTIN_WAREHOUSE", str(tmp_path / "alone"))
    monkeypatch.setenv("BANTIN_STAGING", str(tmp_path / "alone-staging"))
    assert run_night(NIGHT).state == "success"
    alone = snapshot(tmp_path / "alone")
    assert len(alone["articles"]) == len(articles_on(NIGHT))

    # Two runs of the same night at once (two `airflow dags test` processes, e.g. two operators), one
    # warehouse, one staging root.
    shared, staging = tmp_path / "shared", tmp_path / "shared-staging"
    # Each process makes its own run id, and logs at Airflow's INFO level: its log says how its DagRun finished.
    unset = {"BANTIN_RUN_ID", "AIRFLOW__LOGGING__LOGGING_LEVEL"}
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW_CTX_") and k not in unset}
    processes = []
    for number in (1, 2):
        home = tmp_path / f"airflow-{number}"
        home.mkdir()
        shutil.copy(airflow_db / "airflow.db", home / "airflow.db")  # an already migrated metadata DB
        environment = inherited | {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "BANTIN_WAREHOUSE": str(shared),
            "BANTIN_STAGING": str(staging),
        }
        log = open(home / "run.log", "w")
        processes.append((subprocess.Popen(
            [sys.executable, "-m", "airflow", "dags", "test", "bantin_nightly", run_after(NIGHT).isoformat()],
            cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
        ), log, home))  # fmt: skip
    for process, log, home in processes:
        try:
            process.wait(timeout=420)
        finally:
            process.kill()
            log.close()
        finished = [line for line in (home / "run.log").read_text().splitlines() if "DagRun Finished" in line]
        assert finished and "state=success" in finished[-1], (home / "run.log").read_text()[-3000:]

    assert snapshot(shared) == alone
    assert len(list((staging / NIGHT.isoformat()).glob("run=*"))) == 2  # each run kept its own working files
