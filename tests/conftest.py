"""Shared fixtures: a private Airflow home, the offline mirror over real HTTP, a fresh warehouse per test.

Tests that need an Airflow run or a Celery deployment are marked ``slow`` here, at collection, so that
``bash scripts/test --fast`` (``-m "not slow"``) leaves them out without each module having to say so.

Airflow reads its configuration when first imported, so its environment is set here, before any
test module imports it.
"""

from __future__ import annotations

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
    }
)


SLOW_FIXTURES = frozenset({"airflow_db"})  # an Airflow metadata database: the test runs Airflow
SLOW_MODULES = frozenset({"test_celery_deployment"})  # starts a whole Celery deployment


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that uses an Airflow database (directly or through another fixture:
    ``fixturenames`` is the closure) or lives in a deployment module. Files with slow tests run first
    (in their own order), so that the parallel workers fill the end of the run with quick files."""
    slow_files = set()
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow"):
            slow_files.add(item.path)
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each file keeps its order


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
