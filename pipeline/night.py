"""Which calendar day a run is about, and where the run keeps its working files.

Each run of a night works in its own staging folder, ``$BANTIN_STAGING/<date>/run=<run key>/``,
keyed by the Airflow run id (``AIRFLOW_CTX_DAG_RUN_ID``, which Airflow exports to every task; tasks
of one run may execute on different workers and all find the same folder). Two runs of the same
night at the same time (a scheduled run and a backfill, a manual re-run) therefore never clear or
overwrite each other's working files; they meet only in the warehouse, where every partition is
replaced atomically by deterministic contents, so the tables end up as one run leaves them.
``BANTIN_RUN_ID`` overrides the key (two separate Airflow deployments sharing one warehouse must
set it, as their run ids can coincide). Without either, the folder is ``$BANTIN_STAGING/<date>/``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from datetime import date, datetime
from pathlib import Path

from transforms.dates import VIETNAM
from warehouse.storage import staging_root

RUN_ID_ENV = "BANTIN_RUN_ID"
AIRFLOW_RUN_ID_ENV = "AIRFLOW_CTX_DAG_RUN_ID"
STALE_RUN_S = 2 * 24 * 3600  # staging of another run of the same night untouched for this long is removed


def night_of(data_interval_start: datetime | None) -> date:
    """The run's partition date: its data interval's start, as a day in Asia/Ho_Chi_Minh.

    The nightly run at 02:00 on day D+1 has the interval starting 02:00 on D, so it processes D.
    A run without a data interval (triggered with no logical date) has no night and is refused.
    """
    if data_interval_start is None:
        raise ValueError("the run has no data interval (data_interval_start is None): trigger it with a logical date")
    return data_interval_start.astimezone(VIETNAM).date()


def run_key() -> str | None:
    """A folder-safe, collision-free name for the current run, or None outside a run."""
    raw = os.environ.get(RUN_ID_ENV) or os.environ.get(AIRFLOW_RUN_ID_ENV)
    if not raw:
        return None
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", raw)[:80]
    return f"{readable}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"


def staging_dir(day: date, root: Path | None = None) -> Path:
    night = (root or staging_root()) / day.isoformat()
    key = run_key()
    path = night / f"run={key}" if key else night
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        if key:
            _remove_stale_runs(night, keep=path)
    return path


def _remove_stale_runs(night: Path, keep: Path) -> None:
    cutoff = time.time() - STALE_RUN_S
    for other in night.glob("run=*"):
        try:
            if other != keep and other.stat().st_mtime < cutoff:
                shutil.rmtree(other, ignore_errors=True)
        except FileNotFoundError:
            pass
