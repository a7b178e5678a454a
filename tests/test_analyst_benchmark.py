"""The analysts' benchmark end to end on a small synthetic warehouse of a hundred sources: it is generated,
compacted, and the ten documented queries give the same rows in DuckDB and in pandas."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_hundred_source_warehouse_answers_every_documented_query_alike_in_duckdb_and_pandas(tmp_path: Path) -> None:
    root = tmp_path / "warehouse"
    generate = [sys.executable, "benchmarks/synthetic_warehouse.py", "--out", str(root), "--articles", "20000",
                "--nights", "70", "--sources", "100", "--workers", "1"]  # fmt: skip
    made = subprocess.run(generate, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    assert "wrote 20,000 articles in 70 nights" in made.stdout

    articles = ds.dataset(root / "articles", format="parquet", partitioning=None).to_table(columns=["source", "crawl_date"])
    assert articles.num_rows == 20_000
    assert len(set(articles["source"].to_pylist())) == 100
    assert {"congan_hanoi", "dcs_gialai", "baohanoi", "cand"} <= set(articles["source"].to_pylist())

    run = subprocess.run([sys.executable, "benchmarks/analyst_queries.py", "--warehouse", str(root), "--runs", "1"],
                         cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)  # fmt: skip
    rows = re.findall(r"^(\d+)\. .*\s(yes|NO)$", run.stdout, flags=re.MULTILINE)
    assert [int(number) for number, _ in rows] == list(range(1, 11)), run.stdout
    assert all(same == "yes" for _, same in rows), run.stdout
    assert re.search(r"^articles\s+\d+\s+20,000\s", run.stdout, flags=re.MULTILINE), run.stdout
    assert ".locks" not in run.stdout  # bookkeeping folders are not tables
    assert run.returncode == 0, run.stdout + run.stderr
