"""The analysts' entry points cannot write into the warehouse or mislead: ``bantin query|shell|report|compact``
and ``python -m warehouse``, run as subprocesses against a small warehouse of real Parquet files.

Each test tries what went wrong (a COPY over a partition, an output path inside the warehouse, a mistyped
``--warehouse``, escape sequences or HTML in a title) and then reads the data back: the table files hold
exactly their rows, the error names the path.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from parsel import Selector

from tests.test_compaction import health
from tests.test_warehouse import article
from warehouse.schemas import ARTICLE_CLUSTERS, ARTICLES, SOURCE_HEALTH
from warehouse.storage import BOOKKEEPING_DIRS, PART_FILE, write_partition

BANTIN = Path(sys.executable).parent / "bantin"
NIGHTS = (date(2025, 9, 23), date(2025, 9, 24))
LAST_NIGHT = NIGHTS[-1]
SOURCES = ("cand", "nhandan")
FAILED = ("nhandan", LAST_NIGHT, "discovery failed: HTTP 500 on https://nhandan.vn/sitemap.xml")


def build_warehouse(root: Path, titles: dict[str, str] | None = None, failure: str = FAILED[2]) -> Path:
    """Two nights of two sources, two articles each; each night the first articles of the two sources are
    one story (two outlets). ``titles`` replaces the titles of chosen article ids; on the last night
    nhandan failed with ``failure``."""
    titles = titles or {}
    for night in NIGHTS:
        rows = [
            article(f"{night:%m%d}{source}{n}", 8 + n + 2 * s, night, source)
            for s, source in enumerate(SOURCES)
            for n in range(2)
        ]
        for row in rows:
            row["title"] = titles.get(row["article_id"], row["title"])
        write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), root, "articles", night)
        canonical = rows[0]["article_id"]
        clusters = [{"article_id": r["article_id"], "cluster_id": r["article_id"], "is_canonical": True, "similarity": 1.0,
                     "crawl_date": night} for r in rows]  # fmt: skip
        clusters[2].update(cluster_id=canonical, is_canonical=False, similarity=0.9)  # nhandan's first retells cand's
        write_partition(pa.Table.from_pylist(clusters, schema=ARTICLE_CLUSTERS), root, "article_clusters", night)
        nights_health = [health(source, night, 2) for source in SOURCES]
        if night == LAST_NIGHT:
            nights_health[1].update(status="failed", failure=failure)
        write_partition(pa.Table.from_pylist(nights_health, schema=SOURCE_HEALTH), root, "source_health", night)
    return root


def run(command: list[str | Path], tmp_path: Path, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    """A subprocess as an analyst runs it, with no BANTIN_* setting but ``env``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BANTIN_")} | env
    return subprocess.run([str(c) for c in command], input=stdin, capture_output=True, text=True, env=environment, cwd=tmp_path,
                          timeout=120)  # fmt: skip


def partition(root: Path, table: str, night: date) -> Path:
    return root / table / f"crawl_date={night}" / PART_FILE


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_file_digests(root: Path) -> dict[Path, str]:
    """Every file of the warehouse but the sessions' and writers' bookkeeping (leases, locks, caches)."""
    return {p: digest(p) for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] not in BOOKKEEPING_DIRS}


def rows_of(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


# --- python -m warehouse is bantin query ------------------------------------------------------------------------------


def test_python_m_warehouse_refuses_a_copy_over_a_partition_and_the_night_keeps_its_rows(tmp_path: Path) -> None:
    root = build_warehouse(tmp_path / "warehouse")
    target = partition(root, "articles", LAST_NIGHT)
    before = rows_of(target)
    assert len(before) == 4
    for attempt in (
        f"COPY (SELECT * FROM articles WHERE false) TO '{target}' (FORMAT parquet)",
        f"SELECT 1; COPY (SELECT * FROM articles LIMIT 0) TO '{target}' (FORMAT parquet)",
        f"EXPORT DATABASE '{root / 'articles'}'",
    ):
        refused = run([sys.executable, "-m", "warehouse", attempt, "--warehouse", root], tmp_path)
        assert refused.returncode == 1, refused
        assert refused.stderr.startswith("bantin: read-only:") and "statements are not allowed" in refused.stderr, refused.stderr
        assert rows_of(target) == before
    # The same read-only query as bantin query, with its options and its output.
    sql = "SELECT source, count(*) AS articles FROM articles GROUP BY source ORDER BY source"
    module = run([sys.executable, "-m", "warehouse", sql, "--format", "csv"], tmp_path, BANTIN_WAREHOUSE=str(root))
    command = run([BANTIN, "query", sql, "--format", "csv"], tmp_path, BANTIN_WAREHOUSE=str(root))
    assert module.returncode == command.returncode == 0
    assert module.stdout == command.stdout == "source,articles\ncand,4\nnhandan,4\n"


# --- outputs never land in the warehouse ------------------------------------------------------------------------------


def test_outputs_inside_the_warehouse_are_refused_even_through_links_and_the_table_files_stay(tmp_path: Path) -> None:
    root = build_warehouse(tmp_path / "warehouse")
    target = partition(root, "articles", LAST_NIGHT)
    files = table_file_digests(root)
    (tmp_path / "to-partition.parquet").symlink_to(target)
    (tmp_path / "into-warehouse").symlink_to(root / "articles")
    linked_night = tmp_path / "into-warehouse" / f"crawl_date={LAST_NIGHT}" / PART_FILE
    sql = "SELECT * FROM articles"
    attempts: dict[str, list[str | Path]] = {
        "report over a partition": ["report", "--date", LAST_NIGHT.isoformat(), "--output", target],
        "report through a symbolic link": [
            "report",
            "--date",
            LAST_NIGHT.isoformat(),
            "--output",
            tmp_path / "to-partition.parquet",
        ],
        "csv over a partition": ["query", sql, "--format", "csv", "--output", target],
        "parquet through a linked folder": ["query", sql, "--format", "parquet", "--output", linked_night],
        "table beside the tables": ["query", sql, "--output", root / "articles" / "out.txt"],
        "a relative path inside": ["query", sql, "--format", "csv", "--output", "warehouse/source_health/x.csv"],
    }
    for why, arguments in attempts.items():
        refused = run([BANTIN, "--warehouse", root, *arguments], tmp_path)
        assert refused.returncode == 1, (why, refused)
        assert "refusing to write" in refused.stderr and "inside the warehouse" in refused.stderr, (why, refused.stderr)
        assert str(arguments[-1]) in refused.stderr, (why, refused.stderr)
    # The default report folder, pointed inside the warehouse, is refused the same way.
    refused = run([BANTIN, "report", "--date", LAST_NIGHT.isoformat()], tmp_path, BANTIN_WAREHOUSE=str(root),
                  BANTIN_REPORTS=str(root / "source_health"))  # fmt: skip
    assert refused.returncode == 1 and "inside the warehouse" in refused.stderr, refused.stderr
    assert table_file_digests(root) == files  # not one byte changed, nothing added
    assert len(rows_of(target)) == 4

    # A hard link outside the warehouse is an outside path: the result replaces the link, never the table file.
    os.link(target, tmp_path / "hard-link.parquet")
    written = run(
        [BANTIN, "--warehouse", root, "query", "SELECT 1 AS one", "--format", "parquet", "--output", "hard-link.parquet"],
        tmp_path,
    )
    assert written.returncode == 0, written.stderr
    assert rows_of(tmp_path / "hard-link.parquet") == [{"one": 1}]
    assert digest(target) == files[target]


# --- a mistyped warehouse ---------------------------------------------------------------------------------------------


def test_a_mistyped_warehouse_is_named_and_refused_by_every_command_and_the_report_stays(tmp_path: Path) -> None:
    root = build_warehouse(tmp_path / "data" / "warehouse")
    report = tmp_path / "data" / "reports" / f"{LAST_NIGHT}.html"
    written = run([BANTIN, "--warehouse", root, "report", "--date", LAST_NIGHT.isoformat()], tmp_path)
    assert written.returncode == 0 and Path(written.stdout.strip()) == report, written
    report_bytes = report.read_bytes()
    assert "4 articles from 2 sources; failed: nhandan" in report.read_text(encoding="utf-8")

    typo = tmp_path / "data" / "warehose"  # its reports folder would be the real one
    (tmp_path / "data" / "empty").mkdir()
    commands = {
        "query": ["query", "SELECT count(*) FROM articles"],
        "shell": ["shell"],
        "report": ["report", "--date", LAST_NIGHT.isoformat()],
        "compact": ["compact", "--before", LAST_NIGHT.isoformat()],
    }
    wrong_paths = [(typo, "option"), (typo, "environment"), (tmp_path / "data" / "empty", "option"), (tmp_path / "data", "environment"),
                   (root / "articles", "option")]  # fmt: skip
    for name, arguments in commands.items():
        for wrong, how in wrong_paths:
            command: list[str | Path] = [BANTIN, *arguments]
            if how == "option":
                command += ["--warehouse", wrong]
            refused = run(
                command, tmp_path, stdin="SELECT 1;\n", **({"BANTIN_WAREHOUSE": str(wrong)} if how == "environment" else {})
            )
            where = (name, how, wrong)
            assert refused.returncode == 1 and refused.stdout == "", (where, refused)
            message = refused.stderr
            assert message.startswith(f"bantin: {wrong} "), (where, message)
            assert "articles/" in message and "source_health/" in message, (where, message)
            assert "--warehouse" in message and "BANTIN_WAREHOUSE" in message, (where, message)
    assert not typo.exists()
    assert report.read_bytes() == report_bytes
    assert sorted(p.name for p in report.parent.iterdir()) == [report.name]
    assert {p.name for p in (tmp_path / "data").iterdir()} == {"warehouse", "reports", "empty"}
    assert sum(len(rows_of(p)) for p in (root / "articles").rglob(PART_FILE)) == 8  # compact never ran on the real one


# --- what is printed cannot drive the terminal ------------------------------------------------------------------------

HOSTILE = "\x1b[2J\x1b]0;pwned\x07Tiêu đề\x9b31m\r\x1b[1A\u202eabc\x08\x00 cuối"
SHOWN = "Tiêu đềabc cuối"  # what a reader sees: the letters, none of the controls
CONTROLS = ("\x1b", "\x07", "\x9b", "\r", "\u202e", "\x08", "\x00")


def _clean(text: str) -> bool:
    return not any(control in text for control in CONTROLS)


def test_control_characters_in_the_data_are_stripped_from_what_is_printed_and_kept_in_files(tmp_path: Path) -> None:
    hostile_id = f"{LAST_NIGHT:%m%d}cand0"
    root = build_warehouse(tmp_path / "warehouse", titles={hostile_id: HOSTILE}, failure="HTTP 500\x1b]8;;http://evil\x07click")
    sql = f"SELECT article_id, title FROM articles WHERE article_id = '{hostile_id}'"

    table = run([BANTIN, "--warehouse", root, "query", sql], tmp_path)
    assert table.returncode == 0 and _clean(table.stdout), repr(table.stdout)
    assert table.stdout.splitlines()[2].split(None, 1) == [hostile_id, SHOWN]

    csv_out = run([BANTIN, "--warehouse", root, "query", sql, "--format", "csv"], tmp_path)
    assert csv_out.returncode == 0 and _clean(csv_out.stdout)
    assert list(csv.reader(csv_out.stdout.splitlines())) == [["article_id", "title"], [hostile_id, SHOWN]]

    shell = run(
        [BANTIN, "--warehouse", root, "shell"],
        tmp_path,
        stdin=f"{sql};\nSELECT failure FROM source_health WHERE status = 'failed';\n",
    )
    assert shell.returncode == 0 and _clean(shell.stdout), repr(shell.stdout)
    assert SHOWN in shell.stdout and "HTTP 500click" in shell.stdout

    # An error message quoting the value is cleaned too.
    error = run(
        [BANTIN, "--warehouse", root, "query", f"SELECT CAST(title AS INTEGER) FROM articles WHERE article_id = '{hostile_id}'"],
        tmp_path,
    )
    assert error.returncode == 1 and "Tiêu đề" in error.stderr and _clean(error.stderr), repr(error.stderr)

    summary = run([sys.executable, "-m", "pipeline.summary", LAST_NIGHT.isoformat()], tmp_path, BANTIN_WAREHOUSE=str(root))
    assert summary.returncode == 0 and _clean(summary.stdout), repr(summary.stdout)
    assert "HTTP 500click" in summary.stdout and SHOWN[:10] in summary.stdout

    # Files written with --output keep the data exactly.
    for fmt in ("csv", "parquet"):
        assert (
            run([BANTIN, "--warehouse", root, "query", sql, "--format", fmt, "--output", f"result.{fmt}"], tmp_path).returncode
            == 0
        )
    with (tmp_path / "result.csv").open(encoding="utf-8", newline="") as saved:
        assert list(csv.reader(saved)) == [["article_id", "title"], [hostile_id, HOSTILE]]
    assert rows_of(tmp_path / "result.parquet") == [{"article_id": hostile_id, "title": HOSTILE}]


# --- the HTML report --------------------------------------------------------------------------------------------------


def test_the_html_report_escapes_every_value_from_the_data(tmp_path: Path) -> None:
    script = "<script>alert('bantin')</script> & <b>tin</b>"
    failure = '<img src=x onerror="alert(1)"> HTTP 500 "quoted" & more'
    root = build_warehouse(tmp_path / "warehouse", titles={f"{LAST_NIGHT:%m%d}cand0": script}, failure=failure)
    written = run([BANTIN, "--warehouse", root, "report", "--date", LAST_NIGHT.isoformat(), "--output", "report.html"], tmp_path)
    assert written.returncode == 0, written.stderr
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in text and "<img src=x" not in text and "<b>" not in text
    page = Selector(text=text)
    stories = [[cell.css("::text").get() or "" for cell in row.css("td")] for row in page.css("#stories tbody tr")]
    assert [row[-1] for row in stories] == ["Tiêu đề 0923cand0", script]  # the title reads back exactly, as text
    night = {row.css("td::text").getall()[0]: row.css("td") for row in page.css("#night tbody tr")}
    assert night["nhandan"][-1].css("::text").get() == failure
    assert not page.css("script, img:not(.chart), b")  # the only elements are the report's own
