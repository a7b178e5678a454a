"""docs/adding-a-source.md followed once from scratch, in a copy of the project: scaffold the source,
store a page from the (mirrored) site, write down what it says, and the new fixture test passes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mirror.corpus import load_corpus
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from tests.page_fixtures import truth_authors
from transforms.text import normalize_text

PROJECT = Path(__file__).resolve().parent.parent
COPIED = ("benchmarks", "dags", "docs", "mirror", "pipeline", "scripts", "sources", "spiders", "transforms", "warehouse")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("BANTIN_SOURCES_DIR", None)
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def copy_project(target: Path) -> Path:
    for folder in COPIED:
        shutil.copytree(PROJECT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "tests").mkdir()
    for name in ("__init__.py", "page_fixtures.py"):
        shutil.copy(PROJECT / "tests" / name, target / "tests" / name)
    return target


def test_a_new_source_from_scratch(mirror: Mirror, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "bantin")
    article = next(a for a in load_corpus() if a.site == "qdnd" and a.authors and len(a.body) > 2)
    base = mirror.base_url("qdnd")

    # Step 1: scaffold.
    made = run(project, "-m", "sources.scaffold", "quandoi", base, "--discovery", "rss", "--url", "/rss/chinh-tri.rss",
               "--title", "Quân đội nhân dân")  # fmt: skip
    assert made.returncode == 0, made.stderr
    for path in ("sources/quandoi.yaml", "transforms/parsers/quandoi.py", "tests/test_source_quandoi.py"):
        assert (project / path).is_file(), path
    listed = run(project, "-c", "from sources import load_sources; from transforms.parsers.registry import PARSERS; "
                 "print(load_sources()['quandoi'].discovery.url, [p.name for p in PARSERS['quandoi']])")  # fmt: skip
    assert listed.stdout.split() == ["/rss/chinh-tri.rss", "['quandoi/1']"], listed.stderr

    # Step 2: before any page is stored, the fixture test says what to do.
    empty = run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_source_quandoi.py")
    assert empty.returncode != 0 and "python -m sources.scaffold page quandoi" in empty.stdout

    # Step 3: store a page and write down what the page says (here: the mirror's truth).
    url = base + SITE_LAYOUTS["qdnd"].article_path(article)
    stored = run(project, "-m", "sources.scaffold", "page", "quandoi", url)
    assert stored.returncode == 0, stored.stderr
    (meta_file,) = (project / "tests" / "fixtures" / "pages" / "quandoi").glob("*.json")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["expected"].update(
        title=normalize_text(article.title), lead=normalize_text(article.lead),
        body=[normalize_text(p) for p in article.body], authors=truth_authors(article),
        published_at=article.published_at.isoformat(),
    )  # fmt: skip
    meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    # Step 4: the stub (the generic reader) already reads the page as published.
    passed = run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_source_quandoi.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "2 passed" in passed.stdout

    # The scaffold never overwrites a source.
    again = run(project, "-m", "sources.scaffold", "quandoi", base)
    assert again.returncode != 0 and "exists already" in again.stderr
