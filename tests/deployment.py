"""The deployment of docker-compose.yml, run as plain processes on this machine (for the Celery test).

Everything Airflow is told comes from the compose file as ``docker compose`` reads it: the shipped
file, its ``${VAR…}`` references filled from an ``.env`` that ``scripts/deploy-init`` wrote (the
same interpolation rules: a required variable that is missing is an error naming it). That gives the
``x-airflow-common`` environment, each service's ``command`` and extra ``environment``, the init
service's migrate switch, the Redis server's command line and the health check URLs. Only what must
differ outside Docker is replaced, each by a named rule, and never a secret:

- host names of the compose network (``postgres``, ``redis``, ``airflow-apiserver``) become
  127.0.0.1; on PostgreSQL the role and database become the test's own (created with the password
  from the .env, dropped at the end; the role name ``airflow`` is shared by the whole server), Redis
  is a private ``redis-server`` started with the compose command on a free port, and the API
  server's port 8080 a free port;
- ``/opt/bantin/data`` becomes a temporary folder, ``/opt/bantin`` the working tree;
- ``BANTIN_SOURCE_OVERRIDES`` (empty: the real sites) points at the offline mirror;
- the ``./sources`` mount may stand for a folder with some of the source files
  (``LocalSite.sources_dir``, given to every service as ``BANTIN_SOURCES_DIR``): a night's tasks are a
  crawl per source, and on a 2-core machine each Celery task costs about a second.

What the containers get from Docker rather than from the compose file is added: ``AIRFLOW_HOME``
(the image's /opt/airflow), ``PYTHONPATH`` (the Dockerfile's), and free ports for the servers that
share this host (scheduler health check, worker and triggerer log servers). Two settings are
lowered for a 2-core CI machine: one API server worker and 4 Celery worker slots. Without asyncpg
(in the official image, not in requirements.lock) Airflow's async database URL is left empty.

Every process started carries ``BANTIN_IT_MARKER=<id>`` in its environment, which its children
inherit, so ``leftover_processes`` finds any of them that outlived the stop.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
COMPOSE_FILE = PROJECT_DIR / "docker-compose.yml"
DEPLOY_INIT = PROJECT_DIR / "scripts" / "deploy-init"
SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker")
INIT_SERVICE = "airflow-init"
COMPOSE_HOSTS = ("postgres", "redis", "airflow-apiserver")
CONTAINER_API_PORT = 8080
CONTAINER_SCHEDULER_HEALTH_PORT = 8974
MARKER = "BANTIN_IT_MARKER"

# docker compose's interpolation: $$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
# ${VAR?error}, $VAR (https://docs.docker.com/reference/compose-file/interpolation/).
REFERENCE = re.compile(r"\$(?:(?P<dollar>\$)|\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|(?P<bare>[A-Za-z_]\w*))")
ENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*")


class MissingVariable(ValueError):
    """A ``${VAR:?message}`` whose variable is not set (docker compose refuses to start)."""


def interpolate(text: str, variables: dict[str, str]) -> str:
    """``text`` with its variable references filled as docker compose fills them."""

    def fill(match: re.Match) -> str:
        if match["dollar"]:
            return "$"
        name = match["name"] or match["bare"]
        value, op = variables.get(name), match["op"] or ""
        missing = value is None or (op.startswith(":") and value == "")
        if missing and op.endswith("-"):
            return interpolate(match["arg"], variables)
        if missing and op.endswith("?"):
            raise MissingVariable(f"required variable {name} is missing a value: {match['arg']}")
        return value or ""

    return REFERENCE.sub(fill, text)


def interpolated(node: Any, variables: dict[str, str]) -> Any:
    """Every string in a parsed compose file, interpolated (keys stay as they are, as in compose)."""
    if isinstance(node, dict):
        return {key: interpolated(value, variables) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolated(value, variables) for value in node]
    return interpolate(node, variables) if isinstance(node, str) else node


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines of an .env (comments and blank lines skipped, one level of quotes removed)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ENV_LINE.fullmatch(line)
        if match and not line.lstrip().startswith("#"):
            value = match[2]
            quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
            values[match[1]] = value[1:-1] if quoted else value
    return values


def run_deploy_init(folder: Path, *options: str) -> subprocess.CompletedProcess:
    """``bash scripts/deploy-init --dir folder``, as an operator runs it."""
    return subprocess.run(["bash", str(DEPLOY_INIT), "--dir", str(folder), *options],
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def deploy_init_variables(folder: Path) -> dict[str, str]:
    """The variables of a fresh .env made by deploy-init in ``folder``."""
    made = run_deploy_init(folder)
    assert made.returncode == 0, made.stderr
    return read_env_file(folder / ".env")


def shipped_compose() -> dict[str, Any]:
    """docker-compose.yml as it is in the repository, references not filled."""
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalSite:
    """Where the compose deployment's pieces are on this machine."""

    database: str  # the test's own PostgreSQL database ...
    role: str  # ... and role, with the password from the .env
    redis_port: int  # the test's own redis-server
    data_dir: Path  # stands for /opt/bantin/data
    airflow_home: Path
    source_overrides: Path
    api_port: int = field(default_factory=free_port)
    sources_dir: Path | None = None  # stands for the ./sources mount; None: the working tree's sources/

    def url(self, value: str) -> str:
        """A compose URL with this machine's hosts, ports, PostgreSQL role and database; the password stays."""
        parts = urlsplit(value)
        if parts.hostname not in COMPOSE_HOSTS:
            return value
        password = f":{parts.password}" if parts.password is not None else ""
        if parts.hostname == "postgres":
            netloc = f"{self.role}{password}@127.0.0.1:5432"
            return urlunsplit((parts.scheme, netloc, f"/{self.database}", parts.query, parts.fragment))
        if parts.hostname == "redis":
            netloc = f"{parts.username or ''}{password}@127.0.0.1:{self.redis_port}"
            return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        port = self.api_port if (parts.port or 80) == CONTAINER_API_PORT else parts.port
        return urlunsplit((parts.scheme, f"127.0.0.1:{port}", parts.path, parts.query, parts.fragment))

    def value(self, name: str, value: str) -> str:
        if name == "BANTIN_SOURCE_OVERRIDES":
            return str(self.source_overrides)
        if "://" in value:
            return self.url(value)
        if value.startswith("/opt/bantin/data"):
            return str(self.data_dir) + value[len("/opt/bantin/data") :]
        if value.startswith("/opt/bantin"):
            return str(PROJECT_DIR) + value[len("/opt/bantin") :]
        return value


class PrivateRedis:
    """The compose ``redis`` service's command run on this machine: a redis-server of the test's own
    on ``port``, nothing written to disk; the machine's shared Redis is left alone."""

    def __init__(self, compose: dict[str, Any], port: int, workdir: Path) -> None:
        command = compose["services"]["redis"]["command"]
        words = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
        assert words[0] == "redis-server", words
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed"
        workdir.mkdir(parents=True, exist_ok=True)
        local = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)]
        self.port = port
        self.process = subprocess.Popen([server, *words[1:], *local], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def wait_ready(self, password: str, timeout: float = 20) -> None:
        import redis

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"redis-server exited with {self.process.returncode}"
            try:
                if redis.Redis(host="127.0.0.1", port=self.port, password=password, socket_timeout=2).ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        raise AssertionError(f"redis-server on port {self.port} not ready after {timeout} s")

    def stop(self) -> int:
        self.process.terminate()
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)


@dataclass
class Deployment:
    compose: dict[str, Any]
    site: LocalSite
    marker: str = field(default_factory=lambda: secrets.token_hex(8))
    logs: Path | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    extra_ports: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_compose(cls, site: LocalSite, variables: dict[str, str], logs: Path) -> Deployment:
        """The shipped compose file filled with ``variables`` (an .env made by deploy-init)."""
        return cls(interpolated(shipped_compose(), variables), site, logs=logs)

    # --- what each process gets --------------------------------------------------------------
    def environment(self, service: str | None = None) -> dict[str, str]:
        common = self.compose["x-airflow-common"]["environment"]
        own = (self.compose["services"].get(service) or {}).get("environment") or {} if service else {}
        settings = {name: self.site.value(name, str(value)) for name, value in {**common, **own}.items()}
        if not self.extra_ports:
            self.extra_ports = {key: free_port() for key in ("health", "worker_logs", "trigger_logs")}
        base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ") if key in os.environ}
        local = {
            "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(PROJECT_DIR),
            "AIRFLOW_HOME": str(self.site.airflow_home),
            "AIRFLOW__API__PORT": str(self.site.api_port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "4",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(self.extra_ports["health"]),
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(self.extra_ports["worker_logs"]),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(self.extra_ports["trigger_logs"]),
            "BANTIN_SCRAPY_LOG_LEVEL": "WARNING",
            MARKER: self.marker,
        }
        if self.site.sources_dir is not None:
            local["BANTIN_SOURCES_DIR"] = str(self.site.sources_dir)
        if not _has_module("asyncpg"):
            # The official image ships asyncpg, Airflow's async PostgreSQL driver; requirements.lock does
            # not, so here Airflow runs on sync sessions only (the async ones serve the dag-run "wait"
            # API, multi-team and async task-state calls, which bantin does not use).
            local["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC"] = ""
        return base | settings | local

    def command(self, service: str) -> list[str]:
        command = self.compose["services"][service]["command"]
        words = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
        return [sys.executable, "-m", "airflow", *words]  # the image's entrypoint runs `airflow <command>`

    def health_url(self, service: str) -> str | None:
        """The service's compose health check, when it is an HTTP GET (curl --fail URL)."""
        test = (self.compose["services"][service].get("healthcheck") or {}).get("test") or []
        url = next((word for word in test if isinstance(word, str) and word.startswith("http")), None)
        if url is None:
            return None
        parts = urlsplit(url)
        published: dict[int | None, int | None] = {
            CONTAINER_API_PORT: self.site.api_port,
            CONTAINER_SCHEDULER_HEALTH_PORT: self.extra_ports.get("health"),
        }
        port = published.get(parts.port)
        return urlunsplit((parts.scheme, f"127.0.0.1:{port or parts.port}", parts.path, parts.query, ""))

    # --- running it ----------------------------------------------------------------------------
    def airflow(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """A one-off Airflow CLI command with the deployment's settings (like `docker compose exec`)."""
        return subprocess.run([sys.executable, "-m", "airflow", *args], cwd=PROJECT_DIR, env=self.environment(),
                              capture_output=True, text=True, timeout=timeout)  # fmt: skip

    def init(self) -> None:
        """What airflow-init does: the shared folders, the admin password file, the DB migration."""
        init = self.compose["services"][INIT_SERVICE]
        environment = self.environment(INIT_SERVICE)
        for key in ("BANTIN_WAREHOUSE", "BANTIN_STAGING", "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"):
            path = Path(environment[key])
            (path.parent if key.endswith("_FILE") else path).mkdir(parents=True, exist_ok=True)
        admin = environment["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS"].split(",")[0].split(":")[0].strip()
        Path(environment["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]).write_text(
            json.dumps({admin: environment["_AIRFLOW_WWW_USER_PASSWORD"]}) + "\n"
        )
        self.site.airflow_home.mkdir(parents=True, exist_ok=True)
        assert str((init.get("environment") or {}).get("_AIRFLOW_DB_MIGRATE")).lower() == "true"
        migrated = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], cwd=PROJECT_DIR, env=environment,
                                  capture_output=True, text=True, timeout=600)  # fmt: skip
        assert migrated.returncode == 0, migrated.stderr[-3000:]

    def start(self, service: str) -> None:
        assert self.logs is not None
        self.logs.mkdir(parents=True, exist_ok=True)
        log = open(self.logs / f"{service}.log", "w")
        self.processes[service] = subprocess.Popen(
            self.command(service), cwd=PROJECT_DIR, env=self.environment(service), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group (and session): stopped as one
        )  # fmt: skip
        log.close()

    def start_all(self) -> None:
        """Every service, in the order their compose ``depends_on`` allows (waiting for health where a
        service needs another one healthy, as the worker needs the API server)."""
        pending = list(SERVICES)
        while pending:
            for service in pending:
                needs = {name: (need or {}).get("condition") for name, need in
                         (self.compose["services"][service].get("depends_on") or {}).items() if name in SERVICES}  # fmt: skip
                if set(needs) <= set(self.processes):
                    for name, condition in needs.items():
                        if condition == "service_healthy":
                            self.wait_healthy(name)
                    self.start(service)
                    pending.remove(service)
                    break
            else:
                raise AssertionError(f"depends_on of {pending} cannot be satisfied")

    def wait_healthy(self, service: str, timeout: float = 180) -> None:
        url = self.health_url(service)
        assert url is not None, f"{service} has no HTTP health check to wait for"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes[service]
            assert process.poll() is None, f"{service} exited with {process.returncode}:\n{self.log_tail(service)}"
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        raise AssertionError(f"{service} not healthy at {url} after {timeout} s:\n{self.log_tail(service)}")

    def log_tail(self, service: str, size: int = 4000) -> str:
        path = (self.logs or Path("/nonexistent")) / f"{service}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else "(no log)"

    def stop(self, grace: float = 20) -> None:
        """SIGTERM to every service's process group, then SIGKILL to what is still there."""
        for process in self.processes.values():
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in self.processes.values():
            _signal_group(process.pid, signal.SIGKILL)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        time.sleep(0.5)  # children of the killed groups exit now

    def leftover_processes(self) -> list[tuple[int, str]]:
        """(pid, command line) of every live process this deployment started, found three ways: in one of
        the services' sessions or process groups (children stay in them unless they call setsid), or
        carrying the marker in its environment (kept across setsid; lost only where a process rewrote
        its environment area for its title, as Celery and the API server do, but those stay in their group)."""
        groups = {process.pid for process in self.processes.values()}
        needle = f"{MARKER}={self.marker}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                stat = (entry / "stat").read_text()
                state, _ppid, group, session = stat[stat.rindex(")") + 2 :].split()[:4]
                if state in ("Z", "X"):
                    continue
                ours = int(group) in groups or int(session) in groups
                if not ours:
                    ours = needle in (entry / "environ").read_bytes().split(b"\0")
                if ours:
                    found.append(
                        (int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
                    )
            except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
                continue
        return found

    def kill_leftovers(self) -> None:
        for pid, _ in self.leftover_processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _signal_group(pid: int, number: int) -> None:
    try:
        os.killpg(pid, number)  # start_new_session: the group id is the leader's pid
    except ProcessLookupError:
        pass
