"""The multi-machine deployment (docker-compose.yml), run as plain processes on this machine.

The shipped compose file with an ``.env`` made by ``bash scripts/deploy-init`` (in a temporary
folder), as an operator starts it: Airflow with the CeleryExecutor on the local PostgreSQL (a role
and database of the test's own, with the generated password) and a private Redis started with the
compose command (``--requirepass`` the generated password), api-server, scheduler, dag-processor,
triggerer and a Celery worker, each started with the environment and command the compose file gives
it (``tests/deployment.py`` says what is replaced and why: host names and paths, never a secret). A
3-night backfill of ``bantin_nightly`` runs with ``airflow backfill create`` against the offline
mirror, for three of the sources (one per discovery kind: a monthly sitemap, a feed, and numbered
listing pages in windows-1258); the test checks the tables, then stops every process it started and
checks that none is left.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest

from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from pipeline.night import night_of
from sources import SOURCES_DIR
from tests.deployment import (
    SERVICES,
    Deployment,
    LocalSite,
    PrivateRedis,
    deploy_init_variables,
    free_port,
    interpolated,
    shipped_compose,
)
from tests.truth import expected_rows
from transforms.dates import VIETNAM
from warehouse.views import connect

NIGHTS = [date(2025, 9, 23), date(2025, 9, 24), date(2025, 9, 25)]
# One source per discovery kind: each source is a crawl task a night, about a second each on Celery here.
DEPLOYED_SOURCES = ("nhandan", "qdnd", "congan_hungyen")
HARD_TIMEOUT_S = 12 * 60
T = TypeVar("T")
DAG_ID = "bantin_nightly"
ADMIN = "airflow"  # the compose file's SIMPLE_AUTH_MANAGER_USERS


def unavailable() -> str | None:
    """Why PostgreSQL on 127.0.0.1 or a redis-server to start cannot be used, or None."""
    try:
        import psycopg2

        psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres", connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 (any reason is a reason to skip)
        return f"PostgreSQL on 127.0.0.1 unavailable: {error}"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    return None


@pytest.fixture
def variables(tmp_path: Path) -> dict[str, str]:
    """The .env of a fresh ``bash scripts/deploy-init`` (in a folder of the test's own)."""
    reason = unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path / "project"
    folder.mkdir()
    return deploy_init_variables(folder)


@pytest.fixture
def database(variables: dict[str, str]) -> Iterator[str]:
    """A PostgreSQL role and database of this test's own (same name), the role with the generated
    password; both dropped at the end."""
    import psycopg2
    from psycopg2 import sql

    name = f"bantin_it_{secrets.token_hex(4)}"
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    cursor = admin.cursor()
    cursor.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s").format(sql.Identifier(name)), [variables["POSTGRES_PASSWORD"]])
    try:
        cursor.execute(sql.SQL("CREATE DATABASE {0} OWNER {0}").format(sql.Identifier(name)))
        yield name
    finally:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        admin.close()


@pytest.fixture
def redis_port(variables: dict[str, str], tmp_path: Path) -> Iterator[int]:
    """A private redis-server run with the compose ``redis`` command (``--requirepass``), stopped at the end."""
    server = PrivateRedis(interpolated(shipped_compose(), variables), free_port(), tmp_path / "redis")
    try:
        server.wait_ready(variables["REDIS_PASSWORD"])
        yield server.port
    finally:
        assert server.stop() in (0, -15)


def query(database: str, sql: str, *args: object) -> list[tuple]:
    import psycopg2

    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=database) as connection:
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()


def wait_until(what: str, check: Callable[[], T | None], timeout: float, deployment: Deployment, every: float = 3) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for service, process in deployment.processes.items():
            assert process.poll() is None, f"{service} died ({process.returncode}):\n{deployment.log_tail(service)}"
        result = check()
        if result:
            return result
        time.sleep(every)
    logs = "\n".join(f"--- {s}\n{deployment.log_tail(s, 1500)}" for s in SERVICES)
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def interval_start(night: date) -> str:
    """The logical date of the run for ``night`` (its data interval starts at 02:00 that day)."""
    return datetime.combine(night, clock(2, 0), VIETNAM).isoformat()


def api_token_status(port: int, username: str, password: str) -> int:
    """The HTTP status of a login to the API server (the simple auth manager's POST /auth/token)."""
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/auth/token", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_three_night_backfill_on_the_compose_deployment_with_celery(
    mirror: Mirror, tmp_path: Path, variables: dict[str, str], database: str, redis_port: int
) -> None:
    import redis

    sources = tmp_path / "sources"
    sources.mkdir()
    for name in DEPLOYED_SOURCES:
        shutil.copy(SOURCES_DIR / f"{name}.yaml", sources)
    site = LocalSite(
        database=database, role=database, redis_port=redis_port, data_dir=tmp_path / "data", airflow_home=tmp_path / "airflow",
        source_overrides=mirror.write_overrides(tmp_path / "mirror-sources.json"), sources_dir=sources,
    )  # fmt: skip
    deployment = Deployment.from_compose(site, variables, tmp_path / "logs")
    # The broker needs the password, and the URL every service gets carries the generated one.
    with pytest.raises(redis.exceptions.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=redis_port).ping()
    broker = urlsplit(deployment.environment("airflow-worker")["AIRFLOW__CELERY__BROKER_URL"])
    assert (broker.port, broker.password) == (redis_port, variables["REDIS_PASSWORD"])
    started = time.monotonic()
    left: list[tuple[int, str]] = []
    try:
        deployment.init()
        deployment.start_all()
        deployment.wait_healthy("airflow-apiserver")
        deployment.wait_healthy("airflow-scheduler")
        # The admin logs in with the generated password only.
        assert api_token_status(site.api_port, ADMIN, variables["_AIRFLOW_WWW_USER_PASSWORD"]) == 201
        assert api_token_status(site.api_port, ADMIN, "airflow") == 401
        wait_until("the dag-processor to parse the DAG",
                   lambda: query(database, "SELECT 1 FROM serialized_dag WHERE dag_id = %s", DAG_ID), 240, deployment)  # fmt: skip

        unpaused = deployment.airflow("dags", "unpause", DAG_ID)
        assert unpaused.returncode == 0, unpaused.stderr[-2000:]
        created = deployment.airflow("backfill", "create", "--dag-id", DAG_ID,
                                     "--from-date", interval_start(NIGHTS[0]), "--to-date", interval_start(NIGHTS[-1]))  # fmt: skip
        assert created.returncode == 0, created.stderr[-3000:]

        # Only the backfill's runs: unpausing also schedules the latest interval (a recent night, quiet
        # on the mirror), which is not what this test is about.
        backfill_runs = """SELECT r.run_id, r.state, r.data_interval_start FROM dag_run AS r
                           JOIN backfill AS b ON r.backfill_id = b.id WHERE b.dag_id = %s ORDER BY r.data_interval_start"""

        def finished() -> list[tuple] | None:
            runs = query(database, backfill_runs, DAG_ID)
            return runs if len(runs) == len(NIGHTS) and all(state in ("success", "failed") for _, state, _ in runs) else None

        remaining = HARD_TIMEOUT_S - (time.monotonic() - started)
        runs = wait_until("the backfill's runs to finish", finished, remaining, deployment, every=5)
        tasks = query(
            database,
            "SELECT run_id, task_id, map_index, state FROM task_instance WHERE run_id LIKE 'backfill%%' ORDER BY 1, 2, 3",
        )
        assert [state for _, state, _ in runs] == ["success"] * len(NIGHTS), (runs, tasks)
        assert [night_of(start) for _, _, start in runs] == NIGHTS
        assert {(task, state) for _, task, _, state in tasks} >= {("crawl", "success"), ("publish", "success")}

        warehouse = site.data_dir / "warehouse"
        tables = connect(warehouse)
        for night in NIGHTS:
            expected = expected_rows(mirror, night, skip_sites=tuple(set(SITE_LAYOUTS) - set(DEPLOYED_SOURCES)))
            stored = {
                (source, url): title
                for source, url, title in tables.execute(
                    "SELECT source, url, title FROM articles WHERE crawl_date = $d", {"d": night}
                ).fetchall()
            }
            assert stored == {key: row["title"] for key, row in expected.items()}, night
            health = tables.execute(
                "SELECT source, status, articles_stored FROM source_health WHERE crawl_date = $d ORDER BY source", {"d": night}
            ).fetchall()
            per_site = {site_key: sum(1 for s, _ in expected if s == site_key) for site_key in DEPLOYED_SOURCES}
            assert health == [(s, "ok", per_site[s]) for s in sorted(DEPLOYED_SOURCES)], night
            assert sum(per_site.values()) >= 2, night  # every night has articles to store
        # Each run kept its working files apart, under the shared staging root every worker sees.
        for night in NIGHTS:
            assert len(list((site.data_dir / "staging" / night.isoformat()).glob("run=backfill__*"))) == 1
    finally:
        deployment.stop()
        left = deployment.leftover_processes()
        deployment.kill_leftovers()
    assert left == [], f"processes left after stopping the deployment: {left}"
    assert time.monotonic() - started < HARD_TIMEOUT_S + 60


def test_the_local_run_reads_its_settings_from_the_compose_file(tmp_path: Path) -> None:
    variables = deploy_init_variables(tmp_path)
    site = LocalSite(database="bantin_it_x", role="bantin_it_x", redis_port=16379, data_dir=tmp_path / "data",
                     airflow_home=tmp_path / "home", source_overrides=tmp_path / "o.json", api_port=18080)  # fmt: skip
    deployment = Deployment.from_compose(site, variables, tmp_path / "logs")
    compose_env = shipped_compose()["x-airflow-common"]["environment"]
    worker = deployment.environment("airflow-worker")
    assert worker["AIRFLOW__CORE__EXECUTOR"] == compose_env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    # Host names, ports, role and database replaced; the passwords are the generated ones.
    postgres_password, redis_password = variables["POSTGRES_PASSWORD"], variables["REDIS_PASSWORD"]
    assert (
        worker["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        == f"postgresql+psycopg2://bantin_it_x:{postgres_password}@127.0.0.1:5432/bantin_it_x"
    )
    assert (
        worker["AIRFLOW__CELERY__RESULT_BACKEND"]
        == f"db+postgresql+psycopg2://bantin_it_x:{postgres_password}@127.0.0.1:5432/bantin_it_x"
    )
    assert worker["AIRFLOW__CELERY__BROKER_URL"] == f"redis://:{redis_password}@127.0.0.1:16379/0"
    assert worker["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://127.0.0.1:18080/execution/"
    assert worker["AIRFLOW__CORE__DAGS_FOLDER"] == str(Path(__file__).resolve().parent.parent / "dags")
    assert worker["BANTIN_WAREHOUSE"] == str(tmp_path / "data" / "warehouse")
    assert worker["DUMB_INIT_SETSID"] == "0"  # the worker's own compose environment
    # The secrets are the .env's, the same for every service.
    scheduler = deployment.environment("airflow-scheduler")
    for setting, variable in (("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API_AUTH__JWT_SECRET"),
                              ("AIRFLOW__API__SECRET_KEY", "AIRFLOW__API__SECRET_KEY"), ("AIRFLOW__CORE__FERNET_KEY", "FERNET_KEY")):  # fmt: skip
        assert worker[setting] == scheduler[setting] == variables[variable]
        assert compose_env[setting].startswith(f"${{{variable}:?")
    assert deployment.environment("airflow-init")["_AIRFLOW_WWW_USER_PASSWORD"] == variables["_AIRFLOW_WWW_USER_PASSWORD"]
    # The private Redis runs the compose command: the generated password, this machine's port.
    assert deployment.compose["services"]["redis"]["command"] == ["redis-server", "--requirepass", redis_password]
    copied = {k for k, v in compose_env.items() if "://" not in str(v) and "/opt/" not in str(v) and "$" not in str(v)}
    assert all(worker[k] == str(compose_env[k]) for k in copied - {"BANTIN_SOURCE_OVERRIDES"})
    assert [deployment.command(s)[3:] for s in SERVICES] == [["api-server"], ["scheduler"], ["dag-processor"], ["triggerer"],
                                                             ["celery", "worker"]]  # fmt: skip
    assert deployment.health_url("airflow-apiserver") == "http://127.0.0.1:18080/api/v2/monitor/health"
