"""Which calendar day a run is about."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from transforms.dates import VIETNAM
from warehouse.storage import staging_root


def night_of(data_interval_start: datetime) -> date:
    """The run's partition date: its data interval's start, as a day in Asia/Ho_Chi_Minh.

    The nightly run at 02:00 on day D+1 has the interval starting 02:00 on D, so it processes D.
    """
    return data_interval_start.astimezone(VIETNAM).date()


def staging_dir(day: date, root: Path | None = None) -> Path:
    path = (root or staging_root()) / day.isoformat()
    path.mkdir(parents=True, exist_ok=True)
    return path
