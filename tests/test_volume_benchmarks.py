"""The volume benchmarks run end to end: a night through ``airflow dags test`` beside a bare fetch, and a
backfill through ``airflow standalone``'s scheduler; each checks every article against its truth."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # two Airflow nights in subprocesses
def test_the_night_benchmark_runs_a_night_and_checks_every_article(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "benchmarks/night_benchmark.py",
        "--sizes",
        "6,9",
        "--sites",
        "cand,dangcongsan",
        "--workdir",
        str(tmp_path),
    ]
    run = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    table = {line[:34].strip(): line[34:].split() for line in run.stdout.splitlines() if len(line) > 34}
    assert table["pages"] == ["12", "18"] and table["articles stored"] == ["12", "18"]
    assert table["run state"] == ["success", "success"]
    assert table["articles of the night not stored"] == ["0", "0"] and table["body unlike the truth"] == ["0", "0"]
    assert all(float(seconds) > 0 for seconds in table["crawl, wall s"] + table["bare Scrapy fetch, wall s"])
    assert "every article equal to the truth: yes" in run.stdout


@pytest.mark.slow  # airflow standalone and a backfill through its scheduler
def test_the_backfill_benchmark_backfills_volume_nights_through_a_scheduler(tmp_path: Path) -> None:
    command = [sys.executable, "benchmarks/backfill_benchmark.py", "--nights", "2", "--per-site", "4", "--workdir", str(tmp_path)]
    run = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "runs: 2 success, 0 failed" in run.stdout
    assert "articles stored: 56 of 56; not stored: 0; unlike the truth: 0" in run.stdout
    assert "backfill complete, every article equal to the truth" in run.stdout
