"""The volume benchmarks run end to end: a night through ``airflow dags test`` beside a bare fetch, and a
backfill through ``airflow standalone``'s scheduler; each checks every article against its truth."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # two Airflow nights in subprocesses
def test_the_night_benchmark_runs_a_night_on_an_empty_and_on_a_past_warehouse_and_checks_every_article(tmp_path: Path) -> None:
    command = [sys.executable, "benchmarks/night_benchmark.py", "--sizes", "7", "--sites", "cand,dangcongsan", "--history", "2",
               "--workdir", str(tmp_path)]  # fmt: skip
    run = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    first, _, history = run.stdout.partition("on warehouses of past nights")
    table = {line[:34].strip(): line[34:].split() for line in first.splitlines() if len(line) > 34}
    assert table["pages"] == ["14"] and table["articles stored"] == ["14"] and table["run state"] == ["success"]
    assert table["articles of the night not stored"] == ["0"] and table["body unlike the truth"] == ["0"]
    assert float(table["crawl, wall s"][0]) > 0 and float(table["bare Scrapy fetch, wall s"][0]) > 0
    assert "every article equal to the truth: yes" in first
    past = {line[:34].strip(): line[34:].split() for line in history.splitlines() if len(line) > 34}
    assert past["past nights"] == ["none", "2"] and past["unlike the truth"] == ["0", "0"]
    assert past["articles of the night not stored"] == ["0", "0"]


@pytest.mark.slow  # airflow standalone and a backfill through its scheduler
def test_the_backfill_benchmark_backfills_volume_nights_through_a_scheduler(tmp_path: Path) -> None:
    command = [sys.executable, "benchmarks/backfill_benchmark.py", "--nights", "2", "--per-site", "4", "--sites", "cand,dangcongsan",
               "--workdir", str(tmp_path)]  # fmt: skip
    run = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "runs: 2 success, 0 failed" in run.stdout
    assert "articles stored: 16 of 16; not stored: 0; unlike the truth: 0" in run.stdout
    assert "backfill complete, every article equal to the truth" in run.stdout
