"""docker-compose.yml: Airflow's official multi-machine layout with bantin's code and data mounted."""

from __future__ import annotations

from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_compose_has_the_official_services_and_mounts_the_project() -> None:
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
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
