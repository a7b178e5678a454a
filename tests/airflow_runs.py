"""Running bantin_nightly through Airflow (``dag.test()``) for one night, and reading the outcome."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DAGS = Path(__file__).resolve().parent.parent / "dags"


@dataclass
class NightRun:
    state: str
    task_states: dict[str, str]  # "crawl[3]" style keys for mapped tasks


@contextmanager
def pipeline_under(base: Path) -> Iterator[Path]:
    """While inside, the nights run into ``base/warehouse`` with their staging in ``base/staging`` (for
    fixtures wider than one test, which cannot use ``monkeypatch``); yields the warehouse."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BANTIN_WAREHOUSE", str(base / "warehouse"))
        patch.setenv("BANTIN_STAGING", str(base / "staging"))
        yield base / "warehouse"


def run_after(night: date) -> datetime:
    """The moment the scheduled run for ``night`` starts: 02:00 on the next day."""
    return datetime.combine(night + timedelta(days=1), time(2, 0), VIETNAM)


def run_night(night: date, conf: dict | None = None) -> NightRun:
    """Run the DAG for ``night`` through Airflow (with the run's ``conf``) and return the run's and every
    task's final state."""
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import TaskInstance
    from airflow.utils.session import create_session

    dag = DagBag(str(DAGS)).get_dag("bantin_nightly")
    dag_run = dag.test(logical_date=run_after(night), run_conf=conf)
    with create_session() as session:
        instances = session.query(TaskInstance).filter(TaskInstance.run_id == dag_run.run_id).all()
        states = {
            (ti.task_id if ti.map_index < 0 else f"{ti.task_id}[{ti.rendered_map_index or ti.map_index}]"): str(ti.state)
            for ti in instances
        }
    return NightRun(state=str(dag_run.state), task_states=states)
