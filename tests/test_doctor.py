"""``bantin doctor`` on real damaged, untidy and old warehouses: what it names, what --fix, --upgrade and
--reextract leave behind."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from mirror.corpus import articles_on
from mirror.sites import SITE_LAYOUTS
from pipeline.articles import extract_night
from pipeline.clusters import deduplicate_night
from pipeline.publish import publish_articles
from tests.test_compaction import NIGHTS, write_night
from tests.test_damage import truncate
from tests.test_extract_night import raw_page
from tests.test_schema_versions import SNAPSHOT_SQL, snapshot
from tests.test_schema_versions import warehouse as old_warehouse  # noqa: F401 (fixture)
from warehouse.locks import partition_lock
from warehouse.quarantine import DamagedFileWarning, quarantined_files
from warehouse.schemas import RAW_PAGES, SCHEMA_VERSION
from warehouse.storage import PART_FILE, partition_dir, write_partition
from warehouse.upgrade import file_version
from warehouse.views import connect

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPORARY = ".part-0.parquet.0123456789abcdef0123456789abcdef.tmp"


def doctor(root: Path, *options: str, module: bool = False) -> tuple[int, list[str]]:
    """Run ``bantin doctor`` (or ``python -m warehouse.doctor``) in its own process: exit status and lines."""
    command = [sys.executable, "-m", "warehouse.doctor"] if module else [sys.executable, "-m", "warehouse.cli", "doctor"]
    done = subprocess.run([*command, "--warehouse", str(root), *options], cwd=PROJECT_DIR, capture_output=True, text=True,
                          env=os.environ, timeout=300)  # fmt: skip
    assert not done.stderr.strip() or "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout.splitlines()


def untidy_warehouse(root: Path) -> dict[str, str]:
    """Ten nights, then one problem of each kind; the path of each, by kind."""
    for night in NIGHTS:
        write_night(root, night)
    damaged = partition_dir(root, "articles", NIGHTS[1]) / PART_FILE
    truncate(damaged)
    temporary = partition_dir(root, "articles", NIGHTS[2]) / TEMPORARY
    temporary.write_bytes(b"half a file")
    stray = root / "articles" / "notes.txt"
    stray.write_text("copied by hand")
    second = partition_dir(root, "source_health", NIGHTS[3]) / "part-1.parquet"
    second.write_bytes((partition_dir(root, "source_health", NIGHTS[3]) / PART_FILE).read_bytes())
    misnamed = root / "article_clusters" / "crawl_date=2025-13-40"
    misnamed.mkdir()
    elsewhere = partition_dir(root, "article_clusters", NIGHTS[5]) / PART_FILE
    elsewhere.write_bytes((partition_dir(root, "article_clusters", NIGHTS[6]) / PART_FILE).read_bytes())
    return {kind: path.relative_to(root).as_posix() for kind, path in
            {"unreadable": damaged, "temporary": temporary, "stray": stray, "second": second, "misnamed": misnamed,
             "elsewhere": elsewhere}.items()}  # fmt: skip


def test_doctor_names_each_problem_with_its_file_and_exits_non_zero(tmp_path: Path) -> None:
    paths = untidy_warehouse(tmp_path)

    status, lines = doctor(tmp_path, module=True)

    assert status == 1
    assert [line.split(": ")[:2] for line in lines[:-1]] == sorted([
        [paths["unreadable"], "unreadable"], [paths["temporary"], "temporary"], [paths["stray"], "layout"],
        [paths["second"], "layout"], [paths["misnamed"], "layout"], [paths["elsewhere"], "wrong-partition"],
    ])  # fmt: skip
    assert "rows of 2025-09-03 to 2025-09-03 in the folder of 2025-09-02" in "\n".join(lines)
    assert lines[-1] == "6 problems found, 6 left"


def test_doctor_fix_quarantines_unreadable_files_and_removes_temporaries_no_writer_holds(tmp_path: Path) -> None:
    paths = untidy_warehouse(tmp_path)
    busy = partition_dir(tmp_path, "source_health", NIGHTS[4]) / TEMPORARY
    busy.write_bytes(b"a live writer's file")

    with partition_lock(tmp_path, busy.parent.relative_to(tmp_path).as_posix()):  # a writer of that partition
        status, lines = doctor(tmp_path, "--fix")

    (moved,) = quarantined_files(tmp_path)
    assert moved.path == paths["unreadable"] and (tmp_path / moved.moved_to).exists()
    assert f"{paths['unreadable']}: unreadable: " in "\n".join(lines) and f"[moved to {moved.moved_to}]" in "\n".join(lines)
    assert not (tmp_path / paths["temporary"]).exists() and busy.exists()
    assert any(line.startswith(busy.relative_to(tmp_path).as_posix()) and "kept: a writer holds" in line for line in lines)
    assert status == 1 and lines[-1] == "7 problems found, 5 left"  # layout problems are the operator's to judge
    with warnings.catch_warnings():
        warnings.simplefilter("error", DamagedFileWarning)  # nothing left for a session to set aside
        counts = connect(tmp_path).execute("SELECT crawl_date, count(*) FROM article_rows GROUP BY 1 ORDER BY 1").fetchall()
    assert counts == [(night, 3 * (night.day % 3 + 1)) for night in NIGHTS if night != NIGHTS[1]]


def test_doctor_upgrade_rewrites_every_old_file_in_the_current_version(old_warehouse: Path) -> None:  # noqa: F811
    before = snapshot(old_warehouse)
    status, lines = doctor(old_warehouse)
    assert status == 1 and sum("old-version: schema version 1" in line for line in lines) == 4
    assert sum("old-version: schema version 2" in line for line in lines) == 2
    assert sum("old-version: schema version 3" in line for line in lines) == 2

    status, lines = doctor(old_warehouse, "--upgrade")

    assert status == 0 and lines[-1] == "8 problems found, 0 left"
    assert all(line.endswith(f"[rewritten in schema version {SCHEMA_VERSION}]") for line in lines[:-1])
    assert {file_version(pq.read_schema(path).metadata) for path in old_warehouse.rglob(PART_FILE)} == {SCHEMA_VERSION}
    assert snapshot(old_warehouse) == before, list(SNAPSHOT_SQL)
    assert doctor(old_warehouse) == (0, ["0 problems found, 0 left"])


def test_doctor_reextracts_a_quarantined_night_from_its_raw_pages(warehouse: Path) -> None:
    night = date(2025, 9, 24)
    layout = SITE_LAYOUTS["cand"]
    pages = [
        raw_page(layout.article_path(a), layout.render_article(a, "https://cand.com.vn"))
        for a in articles_on(night)
        if a.site == "cand"
    ]
    write_partition(pa.Table.from_pylist(pages, schema=RAW_PAGES), warehouse, "raw_pages", night, "cand")
    extract_night(night, warehouse)
    deduplicate_night(night)
    publish_articles(night, warehouse)
    sql = "SELECT * EXCLUDE (similarity) FROM articles ORDER BY article_id"
    expected = connect(warehouse).execute(sql).fetchall()
    assert len(expected) == len(pages) > 0
    truncate(partition_dir(warehouse, "articles", night) / PART_FILE)

    status, lines = doctor(warehouse, "--fix", "--reextract", str(night), str(night))

    assert lines[0] == f"re-extracted {night}: {len(pages)} articles from its stored raw pages"
    assert status == 0 and lines[-1] == "0 problems found, 0 left"
    assert connect(warehouse).execute(sql).fetchall() == expected
