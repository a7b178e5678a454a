"""The README's commands as a new user runs them: ``bash scripts/demo`` (a night through Airflow, and what
it printed against what it stored), then the analysts' commands of "For analysts" and "Tables"
(``bantin query|shell|report|compact``, ``python -m warehouse``) against a small warehouse.

The script runs as a user would start it, in a subprocess, with its warehouse, staging and Airflow home
in the test's folder (``scripts/env.sh`` keeps ``BANTIN_WAREHOUSE``, ``BANTIN_STAGING`` and
``AIRFLOW_HOME`` when they are set), so the project's ``data/`` and ``.airflow/`` are left alone.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from parsel import Selector

from tests.test_cli_safety import BANTIN, LAST_NIGHT, build_warehouse, rows_of, run
from warehouse.views import connect

PROJECT_DIR = Path(__file__).resolve().parent.parent
NIGHT = date(2025, 9, 24)
SUMMARY_ROW = re.compile(
    r"^(?P<source>\S+)\s+(?P<status>\S+)\s+(?P<pages>\d+)\s+(?P<stored>\d+)\s+(?P<dupes>\d+)(?:  (?P<failure>.*))?$"
)


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


@pytest.mark.slow  # `bash scripts/demo` runs a night through Airflow in a subprocess
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
        "WHERE crawl_date = $day ORDER BY source",
        {"day": NIGHT},
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
    assert len(health) == 15 and all(status == "ok" for _, status, *_ in health)

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


# --- the README's "For analysts" and "Tables": each command as a new user types it ---------------------------------


def _table_rows(printed: str) -> list[list[str]]:
    """The rows of a table ``bantin query`` printed (header, rule, rows, count line), split on spaces."""
    lines = printed.splitlines()
    assert re.fullmatch(r"\(\d+ rows?\)", lines[-1]), printed
    return [line.split() for line in lines[2:-1]]


def test_the_readme_analyst_commands_give_the_warehouse_values(tmp_path: Path) -> None:
    root = build_warehouse(tmp_path / "data" / "warehouse")
    env = {"BANTIN_WAREHOUSE": str(root)}
    con = connect(root)

    # bantin query "SELECT …" (a table), and python -m warehouse "SELECT …" printing the same.
    per_source = (
        "SELECT source, count(*) AS articles, count(DISTINCT cluster_id) AS stories FROM articles GROUP BY source ORDER BY source"
    )
    expected = con.execute(per_source).fetchall()
    table = run([BANTIN, "query", per_source], tmp_path, **env)
    assert table.returncode == 0, table.stderr
    assert [(s, int(a), int(n)) for s, a, n in _table_rows(table.stdout)] == expected == [("cand", 4, 4), ("nhandan", 4, 4)]
    module = run([sys.executable, "-m", "warehouse", per_source], tmp_path, **env)
    assert (module.returncode, module.stdout) == (0, table.stdout)

    # --format csv|parquet --output FILE: the rows, read back.
    articles = (
        "SELECT article_id, source, title, published_at, crawl_date, cluster_id, is_canonical FROM articles ORDER BY article_id"
    )
    truth = con.execute(articles).fetchall()
    assert (
        run([BANTIN, "query", articles, "--format", "parquet", "--output", "articles.parquet"], tmp_path, **env).returncode == 0
    )
    assert [tuple(row.values()) for row in rows_of(tmp_path / "articles.parquet")] == truth
    assert run([BANTIN, "query", articles, "--format", "csv", "--output", "articles.csv"], tmp_path, **env).returncode == 0
    saved = con.execute(
        "SELECT * FROM read_csv(?, header = true) ORDER BY article_id", [str(tmp_path / "articles.csv")]
    ).fetchall()
    assert [(a, s, t, c, k, bool(i)) for a, s, t, _, c, k, i in saved] == [(a, s, t, c, k, i) for a, s, t, _, c, k, i in truth]
    assert len(truth) == 8

    # bantin shell, fed statements on stdin.
    statements = (f"SELECT count(*) AS stories FROM stories WHERE articles > 1;\n"
                  f"SELECT cluster_id, articles FROM stories_between('{LAST_NIGHT}', '{LAST_NIGHT}') ORDER BY articles DESC, cluster_id;\n"
                  "SELECT source, status FROM source_health WHERE status <> 'ok';\n.quit\n")  # fmt: skip
    shell = run([BANTIN, "shell"], tmp_path, stdin=statements, **env)
    assert shell.returncode == 0, shell.stdout + shell.stderr
    blocks = [block for block in re.split(r"(?<=rows\))\n|(?<=row\))\n", shell.stdout) if block.strip()]
    assert [_table_rows(block) for block in blocks] == [
        [[str(con.execute("SELECT count(*) FROM stories WHERE articles > 1").fetchall()[0][0])]],
        [[c, str(n)] for c, n in con.execute("SELECT cluster_id, articles FROM stories WHERE crawl_date = $day "
                                              "ORDER BY articles DESC, cluster_id", {"day": LAST_NIGHT}).fetchall()],
        [["nhandan", "failed"]],
    ]  # fmt: skip

    # bantin report --date: $BANTIN_REPORTS/<night>.html, by default reports/ beside the warehouse.
    report = run([BANTIN, "report", "--date", LAST_NIGHT.isoformat()], tmp_path, **env)
    assert report.returncode == 0 and Path(report.stdout.strip()) == tmp_path / "data" / "reports" / f"{LAST_NIGHT}.html"
    page = Selector(text=Path(report.stdout.strip()).read_text(encoding="utf-8"))
    night = [row.css("td::text").getall()[:5] for row in page.css("#night tbody tr")]
    assert [(s, st, int(p), int(a), int(d)) for s, st, p, a, d in night] == con.execute(
        "SELECT source, status, pages_fetched, articles_stored, duplicates_merged FROM source_health "
        "WHERE crawl_date = $day ORDER BY source", {"day": LAST_NIGHT}).fetchall()  # fmt: skip

    # bantin compact: old nights folded into monthly files, every row the same.
    views = ("articles", "source_health", "stories")
    before = {view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall() for view in views}
    del con  # the session ends first: one still open would keep the folded files (tests/test_compaction.py)
    gc.collect()
    compact = run([BANTIN, "compact", "--before", LAST_NIGHT.isoformat()], tmp_path, **env)
    assert compact.returncode == 0 and compact.stdout.startswith("folded 3 nightly files into 3 monthly files"), compact
    for table_name in ("articles", "article_clusters", "source_health"):
        folders = sorted(p.name for p in (root / table_name).iterdir())
        assert folders == [f"crawl_date={LAST_NIGHT}", "crawl_month=2025-09"], folders
    after = connect(root)
    assert {view: after.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall() for view in views} == before
    assert run([BANTIN, "query", per_source], tmp_path, **env).stdout == table.stdout
