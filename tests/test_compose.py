"""docker-compose.yml: Airflow's official multi-machine layout with bantin's code and data mounted,
safe by default. These tests read the shipped file itself; the checks are functions that return the
problems they find, and each is also run on the old defaults to show that it finds them."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.fernet import Fernet

from tests.deployment import (
    MissingVariable,
    interpolate,
    interpolated,
    read_env_file,
    run_deploy_init,
    shipped_compose,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
REQUIRED = {"POSTGRES_PASSWORD", "REDIS_PASSWORD", "FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET",
            "AIRFLOW__API__SECRET_KEY", "_AIRFLOW_WWW_USER_PASSWORD"}  # fmt: skip
SECRET_NAME = re.compile(r"(?i)password|passwd|secret|fernet|token|_key$")
REQUIRED_REFERENCE = re.compile(r"\$\{(?P<name>\w+):\?[^}]+\}")
DEFAULTED_REFERENCE = re.compile(r"\$\{(?P<name>\w+):?-(?P<default>[^}]*)\}")
URL_CREDENTIALS = re.compile(r"[a-z][\w+.-]*://(?P<user>[^:/@\s]*):(?P<password>\$\{[^}]*\}|[^@\s/]*)@(?P<host>[\w.-]+)")
SECRET_FLAGS = ("--requirepass", "--masterauth", "--password", "--pass", "-a")
LOOPBACK = ("127.0.0.1", "::1", "localhost")

# The defaults this file used to ship, in its own layout: every check must find them.
OLD_DEFAULTS = """
x-airflow-common: &airflow-common
  environment: &airflow-common-env
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
    AIRFLOW__CELERY__BROKER_URL: redis://:@redis:6379/0
    AIRFLOW__CORE__FERNET_KEY: ${FERNET_KEY:-}
    AIRFLOW__API_AUTH__JWT_SECRET: ${AIRFLOW__API_AUTH__JWT_SECRET:-bantin_jwt_secret}
  user: "${AIRFLOW_UID:-50000}:0"
services:
  postgres:
    image: postgres:16
    environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}
  redis:
    image: redis:7.2-bookworm
    healthcheck: {test: ["CMD", "redis-cli", "ping"]}
  airflow-apiserver:
    <<: *airflow-common
    command: api-server
    ports: ["8080:8080"]
  airflow-init:
    <<: *airflow-common
    environment:
      <<: *airflow-common-env
      _AIRFLOW_WWW_USER_PASSWORD: ${_AIRFLOW_WWW_USER_PASSWORD:-airflow}
    user: "0:0"
"""


# --- the checks ------------------------------------------------------------------------------
def strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) of every string value in a parsed compose file."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{where}[{index}]")
    elif isinstance(node, str):
        yield where, node


def environments(compose: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "x-airflow-common", compose.get("x-airflow-common", {}).get("environment") or {}
    for name, service in compose["services"].items():
        yield name, service.get("environment") or {}


def command_words(command: Any) -> list[str]:
    if command is None:
        return []
    return command.split() if isinstance(command, str) else [str(word) for word in command]


def literal_secrets(compose: dict[str, Any]) -> list[str]:
    """Every secret written into the file instead of taken from a required variable (each once,
    though the anchors repeat it in every service)."""
    problems = set()
    for _, environment in environments(compose):
        for name, value in environment.items():
            if SECRET_NAME.search(name) and not name.endswith(("_FILE", "_CMD")) and not REQUIRED_REFERENCE.fullmatch(str(value)):
                problems.add(f"{name}={value}")
    for _, text in strings(compose):
        for match in DEFAULTED_REFERENCE.finditer(text):
            if SECRET_NAME.search(match["name"]):
                problems.add(f"{match['name']} defaults to {match['default']!r}")
        for match in URL_CREDENTIALS.finditer(text):
            if not REQUIRED_REFERENCE.fullmatch(match["password"]):
                problems.add(f"the URL to {match['host']} has the password {match['password']!r}")
    for name, service in compose["services"].items():
        words = command_words(service.get("command"))
        for flag, value in zip(words, words[1:]):
            if flag in SECRET_FLAGS and not REQUIRED_REFERENCE.fullmatch(value):
                problems.add(f"{name}: command {flag} {value}")
    return sorted(problems)


def redis_without_password(compose: dict[str, Any]) -> list[str]:
    """What lets a client reach Redis without the password, or what would not carry it."""
    problems = set()
    words = command_words(compose["services"]["redis"].get("command"))
    required = [value for flag, value in zip(words, words[1:]) if flag == "--requirepass"]
    if not required or not REQUIRED_REFERENCE.fullmatch(required[0]):
        problems.add("the server does not run with --requirepass ${VAR:?...}")
    for _, text in strings(compose):
        if "redis://" in text:
            found = URL_CREDENTIALS.search(text)
            if found is None or not required or found["password"] != required[0]:
                problems.add(f"{text} does not carry the password Redis requires")
    health = " ".join(command_words((compose["services"]["redis"].get("healthcheck") or {}).get("test")))
    if "REDISCLI_AUTH" not in health:
        problems.add(f"the health check does not authenticate: {health}")
    return sorted(problems)


def host_address(port: Any) -> str:
    """The host address a compose `ports:` entry publishes on ("" for every interface), defaults filled."""
    if isinstance(port, dict):
        return interpolate(str(port.get("host_ip", "")), {})
    spec = interpolate(str(port), {}).split("/")[0]
    if spec.startswith("["):  # [::1]:8080:8080
        return spec[1 : spec.index("]")]
    parts = spec.rsplit(":", 2)
    return parts[0] if len(parts) == 3 else ""


def published_on_every_interface(compose: dict[str, Any]) -> list[str]:
    return [f"{name}: {port}" for name, service in compose["services"].items() for port in service.get("ports") or []
            if host_address(port) not in LOOPBACK and not host_address(port).startswith("127.")]  # fmt: skip


def running_as_root(compose: dict[str, Any]) -> list[str]:
    """Services with no `user:` (the images' default is root) or a user that is root by default."""
    problems = []
    for name, service in compose["services"].items():
        user = service.get("user")
        if user is None:
            problems.append(f"{name}: no user (the image decides: root)")
        elif interpolate(str(user), {}).split(":")[0] in ("0", "root"):
            problems.append(f"{name}: user {user}")
    return problems


def fernet_key_not_required(compose: dict[str, Any]) -> list[str]:
    value = str(compose["x-airflow-common"]["environment"].get("AIRFLOW__CORE__FERNET_KEY", ""))
    match = REQUIRED_REFERENCE.fullmatch(value)
    return [] if match and match["name"] == "FERNET_KEY" else [f"AIRFLOW__CORE__FERNET_KEY: {value!r}"]


CHECKS = (literal_secrets, redis_without_password, published_on_every_interface, running_as_root, fernet_key_not_required)


# --- the shipped file ------------------------------------------------------------------------
def test_compose_has_the_official_services_and_mounts_the_project() -> None:
    compose = shipped_compose()
    services = compose["services"]
    for name in ("postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                 "airflow-worker", "airflow-triggerer", "airflow-init"):  # fmt: skip
        assert name in services, name
    common = compose["x-airflow-common"]
    environment = common["environment"]
    assert environment["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert environment["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    assert environment["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql")
    mounts = " ".join(common["volumes"])
    for folder in ("dags", "spiders", "transforms", "warehouse", "sources", "pipeline"):
        assert f"./{folder}:" in mounts, folder
        assert (PROJECT_DIR / folder).is_dir()
    assert "bantin-data" in compose["volumes"]


def test_no_secret_is_written_in_the_compose_file() -> None:
    compose = shipped_compose()
    assert literal_secrets(compose) == []
    required = {match["name"] for _, text in strings(compose) for match in REQUIRED_REFERENCE.finditer(text)}
    assert required == REQUIRED


def test_redis_requires_a_password_and_every_redis_url_carries_it() -> None:
    assert redis_without_password(shipped_compose()) == []


def test_no_port_is_published_on_every_interface_by_default() -> None:
    compose = shipped_compose()
    assert published_on_every_interface(compose) == []
    assert [host_address(p) for p in compose["services"]["airflow-apiserver"]["ports"]] == ["127.0.0.1"]
    # Exposing the API is one deliberate variable.
    exposed = interpolated(compose, {name: "x" for name in REQUIRED} | {"BANTIN_API_BIND": "0.0.0.0"})
    assert exposed["services"]["airflow-apiserver"]["ports"] == ["0.0.0.0:8080:8080"]


def test_no_service_runs_as_root() -> None:
    compose = shipped_compose()
    assert running_as_root(compose) == []
    users = {name: interpolate(str(service["user"]), {}) for name, service in compose["services"].items()}
    assert users == {"postgres": "postgres", "redis": "redis"} | {
        name: "50000:0" for name in users if name.startswith("airflow-")
    }
    # The init container refuses root, so AIRFLOW_UID=0 in .env starts nothing (every Airflow
    # service waits for it to complete successfully).
    init = compose["services"]["airflow-init"]["command"][1]
    assert init.splitlines()[1:4] == ['if [[ "$$(id -u)" == 0 ]]; then',
                                      '  echo "airflow-init: refusing to run as root: set AIRFLOW_UID in .env to a non-zero user id (bash scripts/deploy-init does)" >&2',
                                      "  exit 1"]  # fmt: skip
    assert "chown" not in init
    depends = {name: service.get("depends_on", {}).get("airflow-init") for name, service in compose["services"].items()}
    assert {name for name, need in depends.items() if need == {"condition": "service_completed_successfully"}} == {
        "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-worker", "airflow-triggerer"}  # fmt: skip
    # And the image itself ends on the airflow user.
    users_in_image = re.findall(r"(?m)^USER\s+(\S+)", (PROJECT_DIR / "Dockerfile").read_text())
    assert users_in_image[-1] == "airflow"


def test_the_fernet_key_is_required() -> None:
    compose = shipped_compose()
    assert fernet_key_not_required(compose) == []
    everything_but_the_key = {name: "x" for name in REQUIRED - {"FERNET_KEY"}}
    with pytest.raises(MissingVariable, match="required variable FERNET_KEY is missing a value: run bash scripts/deploy-init"):
        interpolated(compose, everything_but_the_key)


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_each_check_finds_the_old_defaults(check) -> None:
    assert check(yaml.safe_load(OLD_DEFAULTS)) == OLD_PROBLEMS[check.__name__]


OLD_PROBLEMS = {
    "literal_secrets": [
        "AIRFLOW__API_AUTH__JWT_SECRET defaults to 'bantin_jwt_secret'",
        "AIRFLOW__API_AUTH__JWT_SECRET=${AIRFLOW__API_AUTH__JWT_SECRET:-bantin_jwt_secret}",
        "AIRFLOW__CORE__FERNET_KEY=${FERNET_KEY:-}",
        "FERNET_KEY defaults to ''",
        "POSTGRES_PASSWORD=airflow",
        "_AIRFLOW_WWW_USER_PASSWORD defaults to 'airflow'",
        "_AIRFLOW_WWW_USER_PASSWORD=${_AIRFLOW_WWW_USER_PASSWORD:-airflow}",
        "the URL to postgres has the password 'airflow'",
        "the URL to redis has the password ''",
    ],
    "redis_without_password": [
        "redis://:@redis:6379/0 does not carry the password Redis requires",
        "the health check does not authenticate: CMD redis-cli ping",
        "the server does not run with --requirepass ${VAR:?...}",
    ],
    "published_on_every_interface": ["airflow-apiserver: 8080:8080"],
    "running_as_root": ["postgres: no user (the image decides: root)", "redis: no user (the image decides: root)",
                        "airflow-init: user 0:0"],
    "fernet_key_not_required": ["AIRFLOW__CORE__FERNET_KEY: '${FERNET_KEY:-}'"],
}  # fmt: skip


# --- scripts/deploy-init: the .env the compose file requires --------------------------------
def test_deploy_init_writes_every_required_variable_privately_and_prints_no_value(tmp_path: Path) -> None:
    made = run_deploy_init(tmp_path)
    assert made.returncode == 0, made.stderr
    env = tmp_path / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    values = read_env_file(env)
    assert set(values) == REQUIRED | {"AIRFLOW_UID"}
    # The compose file can be filled from it: nothing required is missing.
    filled = interpolated(shipped_compose(), values)
    assert filled["x-airflow-common"]["environment"]["AIRFLOW__CORE__FERNET_KEY"] == values["FERNET_KEY"]
    secrets_made = [values[name] for name in REQUIRED]
    assert len(set(secrets_made)) == len(REQUIRED)  # no value used twice
    for name in REQUIRED - {"FERNET_KEY"}:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", values[name]), name  # 256 random bits, safe in a URL
    key = Fernet(values["FERNET_KEY"].encode())
    assert key.decrypt(key.encrypt(b"connection password")) == b"connection password"
    # Says what it made, never the values.
    assert all(name in made.stdout for name in REQUIRED)
    assert not any(value in made.stdout + made.stderr for value in secrets_made)
    # The containers' user owns ./logs, and it is not root.
    expected_uid = os.getuid() or 50000
    assert values["AIRFLOW_UID"] == str(expected_uid)
    assert (tmp_path / "logs").stat().st_uid == expected_uid


def test_deploy_init_keeps_an_existing_env_and_adds_only_what_is_missing(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("# this host\nAIRFLOW_UID=1234\nBANTIN_API_BIND=10.0.0.5\nREDIS_PASSWORD=\n")
    env.chmod(0o644)
    first = run_deploy_init(tmp_path)
    assert first.returncode == 0, first.stderr
    lines = env.read_text().splitlines()
    assert lines[:3] == ["# this host", "AIRFLOW_UID=1234", "BANTIN_API_BIND=10.0.0.5"]
    name, value = lines[3].split("=", 1)
    assert (name, len(value)) == ("REDIS_PASSWORD", 43)  # the empty one filled in place
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    values = read_env_file(env)
    assert set(values) == REQUIRED | {"AIRFLOW_UID", "BANTIN_API_BIND"}

    # Run again: nothing changes.
    before = env.read_bytes()
    again = run_deploy_init(tmp_path)
    assert again.returncode == 0 and "unchanged" in again.stdout
    assert env.read_bytes() == before

    # --force: a new value for every secret, the other settings kept.
    forced = run_deploy_init(tmp_path, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "still has the old password" in forced.stderr  # a warning: not a way to rotate a live deployment
    renewed = read_env_file(env)
    assert all(renewed[name] != values[name] for name in REQUIRED)
    assert (renewed["AIRFLOW_UID"], renewed["BANTIN_API_BIND"]) == ("1234", "10.0.0.5")


@pytest.mark.parametrize("line, message", [
    ("AIRFLOW_UID=0", "AIRFLOW_UID=0 would run the Airflow containers as root"),
    ("POSTGRES_PASSWORD=p@ss/word", "POSTGRES_PASSWORD has characters a URL cannot carry"),
    ("FERNET_KEY=not-a-key", "FERNET_KEY is not a Fernet key"),
])  # fmt: skip
def test_deploy_init_refuses_a_value_that_cannot_work_and_changes_nothing(tmp_path: Path, line: str, message: str) -> None:
    env = tmp_path / ".env"
    env.write_text(line + "\n")
    refused = run_deploy_init(tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"deploy-init: {env}: {message}")
    assert env.read_text() == line + "\n"


def test_deploy_init_keeps_a_fernet_key_list_being_rotated(tmp_path: Path) -> None:
    rotating = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"  # new,old
    (tmp_path / ".env").write_text(f"FERNET_KEY={rotating}\n")
    kept = run_deploy_init(tmp_path)
    assert kept.returncode == 0, kept.stderr
    assert read_env_file(tmp_path / ".env")["FERNET_KEY"] == rotating


# --- airflow-init's own script, as the containers' user ----------------------------------------
INIT_PATHS = ("/opt/bantin/data", "/opt/airflow/logs")
SYSTEM_PYTHON = "/usr/bin/python3"
AS_ANOTHER_USER = pytest.mark.skipif(os.getuid() != 0 or not shutil.which("setpriv") or not os.path.exists(SYSTEM_PYTHON),
                                     reason="needs root (to run as UID 50000 with setpriv) and /usr/bin/python3")  # fmt: skip


def run_init_script(folder: Path, variables: dict[str, str], as_uid: int | None) -> subprocess.CompletedProcess:
    """The compose airflow-init command, up to the image's entrypoint (the migration, which the Celery
    deployment test runs), with /opt/bantin/data and /opt/airflow/logs under ``folder``; as ``as_uid``
    with GID 0 like the containers (None: as this process)."""
    compose = interpolated(shipped_compose(), variables)
    init = compose["services"]["airflow-init"]
    script, entrypoint = init["command"][1].split("/entrypoint airflow version")
    assert init["command"][0] == "-c" and entrypoint.strip() == "ls -la /opt/bantin/data /opt/airflow/logs"
    local = {path: str(folder / Path(path).name) for path in INIT_PATHS}
    for path, there in local.items():
        script = script.replace(path, there)
    environment = {name: next((str(value).replace(p, t) for p, t in local.items() if str(value).startswith(p)), str(value))
                   for name, value in init["environment"].items()}  # fmt: skip
    bin_dir = folder / "bin"  # the image's `python`: the system's (the test's own may be in a folder only root reads)
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "python").exists():
        (bin_dir / "python").symlink_to(SYSTEM_PYTHON)
    environment["PATH"] = f"{bin_dir}:/usr/local/bin:/usr/bin:/bin"
    prefix = [] if as_uid is None else ["setpriv", f"--reuid={as_uid}", "--regid=0", "--clear-groups"]
    return subprocess.run([*prefix, "bash", "-c", script], env=environment, capture_output=True, text=True, timeout=60)


@pytest.fixture
def init_folder() -> Iterator[Path]:
    """A folder every user can enter (pytest's tmp_path is private to root), with the data volume as
    the image leaves it: the airflow user's, group 0, group-writable."""
    folder = Path(tempfile.mkdtemp(prefix="bantin-init-"))
    folder.chmod(0o755)
    (folder / "data").mkdir(mode=0o775)
    os.chown(folder / "data", 50000, 0) if os.getuid() == 0 else None
    yield folder
    shutil.rmtree(folder)


@AS_ANOTHER_USER
def test_airflow_init_prepares_the_shared_folders_without_root_and_refuses_root(init_folder: Path) -> None:
    made = run_deploy_init(init_folder)  # makes logs/ for the containers' user, as an operator would
    assert made.returncode == 0, made.stderr
    variables = read_env_file(init_folder / ".env")

    as_airflow = run_init_script(init_folder, variables, as_uid=int(variables["AIRFLOW_UID"]))
    assert as_airflow.returncode == 0, as_airflow.stderr
    passwords = init_folder / "data" / "airflow" / "simple_auth_manager_passwords.json"
    assert json.loads(passwords.read_text()) == {"airflow": variables["_AIRFLOW_WWW_USER_PASSWORD"]}
    assert (stat.S_IMODE(passwords.stat().st_mode), passwords.stat().st_uid) == (0o600, 50000)
    assert sorted(p.name for p in (init_folder / "data").iterdir()) == ["airflow", "staging", "warehouse"]

    as_root = run_init_script(init_folder, variables, as_uid=None)
    assert as_root.returncode == 1
    assert "airflow-init: refusing to run as root" in as_root.stderr


@AS_ANOTHER_USER
def test_airflow_init_names_a_logs_folder_it_cannot_write(init_folder: Path) -> None:
    made = run_deploy_init(init_folder)
    assert made.returncode == 0, made.stderr
    os.chown(init_folder / "logs", 0, 0)  # what Docker creates for a missing bind-mount source
    (init_folder / "logs").chmod(0o755)
    refused = run_init_script(init_folder, read_env_file(init_folder / ".env"), as_uid=50000)
    assert refused.returncode == 1
    assert f"airflow-init: {init_folder / 'logs'} is not writable by UID 50000 GID 0" in refused.stderr
