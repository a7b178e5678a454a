"""The DAG file: imports cleanly, quickly and without network; the pipeline's shape and schedule."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest

from pipeline.night import night_of

DAG_FILE = Path(__file__).resolve().parent.parent / "dags" / "bantin_nightly.py"

IMPORT_TIMER = """
import socket, sys, time
import airflow.sdk  # Airflow itself is loaded before any DAG file is parsed
def no_network(*args, **kwargs):
    raise RuntimeError("the DAG file touched the network")
socket.socket.connect = no_network
socket.create_connection = no_network
import importlib.util
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("bantin_nightly", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))
print(time.perf_counter() - started)
"""


def test_dagbag_has_no_import_errors(airflow_db: Path) -> None:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(str(DAG_FILE.parent))
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == {"bantin_nightly"}


def test_dag_file_imports_in_under_a_second_without_network() -> None:
    seconds = float(
        subprocess.run([sys.executable, "-c", IMPORT_TIMER, str(DAG_FILE)], capture_output=True, text=True, check=True).stdout
    )
    assert seconds < 1.0


def test_pipeline_shape_and_schedule(airflow_db: Path) -> None:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(str(DAG_FILE.parent)).get_dag("bantin_nightly")
    order = ["start_night", "crawl", "extract", "deduplicate", "publish", "quality_check", "report"]
    for upstream, downstream in zip(order, order[1:]):
        assert downstream in dag.get_task(upstream).downstream_task_ids
    assert dag.get_task("extract").trigger_rule == "all_done"  # a failed source does not stop the others
    # The report runs when the quality check is done, failed or not, and does not hide a failed check:
    # a teardown task (with no setup task, its rule waits for all upstream tasks to be done).
    report = dag.get_task("report")
    assert report.is_teardown and not report.on_failure_fail_dagrun
    assert report.trigger_rule == "all_done_setup_success" and not dag.get_task("report").downstream_task_ids
    assert dag.timetable.expression == "0 2 * * *" and str(dag.timetable.timezone) == "Asia/Ho_Chi_Minh"
    # The run at 02:00 (Asia/Ho_Chi_Minh) on the 23rd covers the 22nd.
    from airflow.timetables.interval import CronDataIntervalTimetable

    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    scheduler_view = CronDataIntervalTimetable(dag.timetable.expression, dag.timetable.timezone)
    interval = scheduler_view.infer_manual_data_interval(run_after=pendulum.instance(datetime(2025, 9, 23, 2, 0, tzinfo=vietnam)))
    assert interval.start == datetime(2025, 9, 22, 2, 0, tzinfo=vietnam)
    assert night_of(interval.start) == date(2025, 9, 22)


def test_a_run_without_a_data_interval_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="no data interval \\(data_interval_start is None\\)"):
        night_of(None)
