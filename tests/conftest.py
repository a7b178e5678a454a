"""Shared fixtures: a private Airflow home, the offline mirror over real HTTP, a fresh warehouse per test.

Tests that need an Airflow run or a Celery deployment are marked ``slow`` here, at collection, so that
``bash scripts/test --fast`` (``-m "not slow"``) leaves them out without each module having to say so.

Airflow reads its configuration when first imported, so its environment is set here, before any
test module imports it.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mirror.server import Mirror

PROJECT_DIR = Path(__file__).resolve().parent.parent
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="bantin-airflow-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_DIR / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME}/airflow.db",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(_AIRFLOW_HOME / "logs"),
        "BANTIN_SCRAPY_LOG_LEVEL": "WARNING",
        # Airflow's INFO lines (each task's state changes and API calls) cost about 0.5 s of a 7 s night
        # and no test reads them from an in-process run.
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
        # A site that is down is retried as in production (twice), after 0.1 and 0.2 s instead of 1 and 2 s:
        # the nights with a failing site are about what is recorded; tests/test_faults.py checks the waits.
        "BANTIN_RETRY_BACKOFF": "0.1",
    }
)


SLOW_FIXTURES = frozenset({"airflow_db"})  # an Airflow metadata database: the test runs Airflow
SLOW_MODULES = frozenset({"test_celery_deployment"})  # starts a whole Celery deployment


# Seconds each test file took in the last recorded whole run (``BANTIN_RECORD_DURATIONS=1 bash scripts/test``).
FILE_DURATIONS = Path(__file__).with_name("file_durations.json")
_recorded: dict[str, float] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that uses an Airflow database (directly or through another fixture:
    ``fixturenames`` is the closure) or lives in a deployment module. Files with slow tests run first,
    the longest first (by ``FILE_DURATIONS``; a file not in it counts as longest), each in its own order:
    the parallel workers take the long files early and fill the end of the run with quick ones."""
    slow_files = set()
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow"):
            slow_files.add(item.path)
    seconds = json.loads(FILE_DURATIONS.read_text()) if FILE_DURATIONS.exists() else {}

    def order(item: pytest.Item) -> tuple[bool, float]:
        slow = item.path in slow_files
        return not slow, -seconds.get(item.path.relative_to(PROJECT_DIR).as_posix(), math.inf if slow else 0.0)

    items.sort(key=order)  # stable: each file keeps its order


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if os.environ.get("BANTIN_RECORD_DURATIONS"):
        path = report.nodeid.split("::")[0]
        _recorded[path] = _recorded.get(path, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With ``BANTIN_RECORD_DURATIONS`` set, the controller (not an xdist worker) writes ``FILE_DURATIONS``."""
    if os.environ.get("BANTIN_RECORD_DURATIONS") and not hasattr(session.config, "workerinput") and _recorded:
        ordered = dict(sorted(((path, round(total, 1)) for path, total in _recorded.items()), key=lambda kv: -kv[1]))
        FILE_DURATIONS.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """An migrated, empty Airflow metadata database (SQLite) for this test session."""
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True, env=os.environ)
    return _AIRFLOW_HOME


@pytest.fixture(scope="session")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mirror]:
    """The offline mirror, with every source pointed at it for the whole session."""
    from mirror.server import start_mirror

    running = start_mirror()
    overrides = running.write_overrides(tmp_path_factory.mktemp("mirror") / "sources.json")
    previous = os.environ.get("BANTIN_SOURCE_OVERRIDES")
    os.environ["BANTIN_SOURCE_OVERRIDES"] = str(overrides)
    yield running
    running.stop()
    if previous is None:
        os.environ.pop("BANTIN_SOURCE_OVERRIDES", None)
    else:
        os.environ["BANTIN_SOURCE_OVERRIDES"] = previous


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty warehouse and staging area for one test."""
    root = tmp_path / "warehouse"
    monkeypatch.setenv("BANTIN_WAREHOUSE", str(root))
    monkeypatch.setenv("BANTIN_STAGING", str(tmp_path / "staging"))
    return root
