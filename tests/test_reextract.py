"""Re-extraction (``bantin reextract``): the nights rebuilt from their stored raw pages, with a pool of
extraction processes, give exactly the tables the nightly steps wrote for the same pages."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from mirror.server import Mirror
from pipeline.articles import extract_night
from pipeline.clusters import deduplicate_night
from pipeline.crawl import crawl_source
from pipeline.publish import publish_night
from sources import SOURCES_DIR
from warehouse.cli import main as bantin
from warehouse.views import connect

NIGHTS = [date(2025, 9, 25), date(2025, 9, 26), date(2025, 9, 27)]
# Outlets that republish one another's stories (copies and events across them) and a generic-reader site.
SOURCES = ("cand", "congan_hungyen", "dangcongsan", "nhandan", "baonghean")
DERIVED = ("article_rows", "article_signatures", "article_clusters", "article_facts", "article_events", "source_health")


def tables(root: Path) -> dict[str, list[tuple]]:
    connection = connect(root)
    return {name: sorted(connection.execute(f"SELECT * FROM {name}").fetchall()) for name in DERIVED}


def test_reextracting_nights_gives_the_tables_the_nightly_steps_wrote(
    mirror: Mirror, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    for source in SOURCES:
        shutil.copy(SOURCES_DIR / f"{source}.yaml", folder)
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    for night in NIGHTS:
        for source in SOURCES:
            assert crawl_source(source, night).ok
        extract_night(night)
        deduplicate_night(night)
        publish_night(night)
    nightly = tables(warehouse)
    assert len(nightly["article_rows"]) >= 10 and len(nightly["article_events"]) == len(nightly["article_rows"])

    # Another copy of the warehouse, its derived tables deleted: only the raw pages and health remain.
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(warehouse, rebuilt)
    for table in ("articles", "article_signatures", "article_clusters", "article_facts", "article_events"):
        shutil.rmtree(rebuilt / table)
    capsys.readouterr()
    assert bantin(["--warehouse", str(rebuilt), "reextract", "--from", "2025-09-24", "--to", "2025-09-28", "--workers", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out[:-1]] == [str(night) for night in NIGHTS]  # nights without pages skipped
    assert out[-1].startswith("re-extracted 3 nights,") and "pages/s with 2 extraction processes" in out[-1]
    assert tables(rebuilt) == nightly


def test_reextract_with_no_raw_pages_in_the_range_says_so(warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    (warehouse / "raw_pages").mkdir(parents=True)
    assert bantin(["--warehouse", str(warehouse), "reextract", "--from", "2025-09-01", "--to", "2025-09-02"]) == 1
    assert "no raw pages are stored for 2025-09-01 … 2025-09-02" in capsys.readouterr().err


def test_the_reextract_benchmark_builds_its_store_and_prints_the_comparison(tmp_path: Path) -> None:
    """``python benchmarks/reextract_benchmark.py`` as the README shows it, on a tiny store: every page of the
    generated store becomes an article, and the table compares bantin with trafilatura on the same pages."""
    import subprocess
    import sys

    from tests.conftest import PROJECT_DIR

    completed = subprocess.run(
        [sys.executable, "benchmarks/reextract_benchmark.py", "--pages", "120", "--nights", "2", "--workdir", str(tmp_path)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    lines = completed.stdout.splitlines()
    assert "  built 120 raw pages over 2 nights" in "\n".join(lines)
    assert "2025-03-01: 60 pages, 60 articles" in completed.stdout  # every generated page read as an article
    rebuild = next(line for line in lines if line.startswith("bantin reextract, 2 extraction processes"))
    assert rebuild.split()[5] == "120"
    assert any(line.startswith("trafilatura + htmldate, 1 process") for line in lines)
    assert "x trafilatura's speed" in lines[-1] and "pages per CPU-second" in lines[-1]
