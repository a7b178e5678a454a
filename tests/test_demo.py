"""The README's first command: ``bash scripts/demo`` runs a night through Airflow and prints what it stored.

The script runs as a user would start it, in a subprocess, with its warehouse, staging and Airflow home
in the test's folder (``scripts/env.sh`` keeps ``BANTIN_WAREHOUSE``, ``BANTIN_STAGING`` and
``AIRFLOW_HOME`` when they are set), so the project's ``data/`` and ``.airflow/`` are left alone.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

from warehouse.views import connect

PROJECT_DIR = Path(__file__).resolve().parent.parent
NIGHT = date(2025, 9, 24)
SUMMARY_ROW = re.compile(r"^(?P<source>\S+)\s+(?P<status>\S+)\s+(?P<pages>\d+)\s+(?P<stored>\d+)\s+(?P<dupes>\d+)(?:  (?P<failure>.*))?$")


def _demo_environment(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "BANTIN_"))}
    environment.update(
        BANTIN_WAREHOUSE=str(tmp_path / "data" / "warehouse"),
        BANTIN_STAGING=str(tmp_path / "data" / "staging"),
        AIRFLOW_HOME=str(tmp_path / "airflow"),
    )
    return environment


def _project_data_files() -> set[Path]:
    data = PROJECT_DIR / "data"
    return {p for p in data.rglob("*")} if data.exists() else set()


def test_scripts_demo_runs_a_night_and_prints_what_the_warehouse_holds(tmp_path: Path) -> None:
    project_data_before = _project_data_files()
    run = subprocess.run(
        ["bash", str(PROJECT_DIR / "scripts" / "demo"), NIGHT.isoformat()],
        env=_demo_environment(tmp_path), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = run.stdout
    assert run.returncode == 0, output[-3000:] + run.stderr[-3000:]
    assert "Airflow run state: success" in output.splitlines()

    root = tmp_path / "data" / "warehouse"
    con = connect(root)
    health = con.execute(
        "SELECT source, status, pages_fetched, articles_stored, duplicates_merged FROM source_health "
        "WHERE crawl_date = $day ORDER BY source", {"day": NIGHT}
    ).fetchall()
    lines = output.splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("source") and "stored" in line)
    assert lines[header - 1] == f"bantin night {NIGHT}"
    printed = []
    for line in lines[header + 1 :]:
        if not line.strip():
            break
        match = SUMMARY_ROW.match(line)
        assert match, line
        printed.append((match["source"], match["status"], int(match["pages"]), int(match["stored"]), int(match["dupes"])))
    assert printed == health
    assert len(health) == 7 and all(status == "ok" for _, status, *_ in health)

    # The example query ran and printed one row per article of the night.
    ((articles,),) = con.execute("SELECT count(*) FROM articles WHERE crawl_date = $day", {"day": NIGHT}).fetchall()
    assert articles > 0
    query_at = lines.index('example query (bantin query "..."):')
    table = lines[query_at:]
    first_row = next(n for n, line in enumerate(table) if line.startswith("time") and "cluster_id" in line) + 2
    count_line = next(n for n, line in enumerate(table) if re.fullmatch(r"\(\d+ rows?(, \d+ not shown)?\)", line))
    assert table[count_line] == f"({articles} rows)"
    assert count_line - first_row == articles
    assert sum(stored for *_, stored, _ in health) == articles

    # Everything went to the test's folder: reports and the mirror's files beside the warehouse.
    assert (tmp_path / "data" / "reports" / f"{NIGHT}.html").is_file()
    assert (tmp_path / "data" / "mirror.log").is_file()
    assert _project_data_files() == project_data_before
