"""The analysts' side on the demo warehouse: the documented example queries, the nightly report, the bantin command.

The demo warehouse is built once for this module (the session fixture ``demo``): the twelve nights of the
mirror's calendar run through bantin_nightly in Airflow, with Báo Gia Lai down on 2025-09-27
(``tests/demo_warehouse.py``, the same build ``bash scripts/analyst-docs`` uses to write the document).
"""

from __future__ import annotations

import base64
import difflib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from parsel import Selector

from mirror.corpus import load_corpus
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from tests.airflow_runs import pipeline_under
from tests.demo_warehouse import ALL_NIGHTS, FAILED_SITE_NIGHTS, NIGHTS, build
from tests.truth import served_url
from transforms.dedup import WINDOW_DAYS
from warehouse.cli import main as bantin
from warehouse.examples import DOC, examples
from warehouse.storage import BOOKKEEPING_DIRS
from warehouse.views import STORY_NIGHTS, connect

LAST_NIGHT = NIGHTS[-1]
BANTIN = Path(sys.executable).parent / "bantin"
DOC_EXAMPLES = examples(DOC.read_text(encoding="utf-8"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@dataclass(frozen=True)
class Demo:
    root: Path
    reports: Path
    states: dict[date, str]


@pytest.fixture(scope="session")
def demo(mirror: Mirror, airflow_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    base = tmp_path_factory.mktemp("demo")
    with pipeline_under(base) as warehouse, pytest.MonkeyPatch.context() as patch:
        patch.delenv("BANTIN_REPORTS", raising=False)  # the reports go beside the warehouse
        states = build(mirror)
    return Demo(warehouse, base / "reports", states)


def test_every_demo_night_ran_and_wrote_its_report_even_the_failed_one(demo: Demo) -> None:
    assert demo.states == {night: "failed" if night in FAILED_SITE_NIGHTS else "success" for night in ALL_NIGHTS}
    assert sorted(p.name for p in demo.reports.iterdir()) == [f"{night}.html" for night in ALL_NIGHTS]
    failed_night = Selector(text=(demo.reports / "2025-09-27.html").read_text(encoding="utf-8"))
    status = {row.css("td::text").getall()[0]: row.css("td::text").getall()[1] for row in failed_night.css("#night tbody tr")}
    assert status == {source: "failed" if source == "baogialai" else "ok" for source in SITE_LAYOUTS}


def test_every_article_of_every_demo_night_has_the_true_publication_and_event_dates(mirror: Mirror, demo: Demo) -> None:
    """Each of the calendar's nights as its own run (a backfill of it): every article the sites served that
    night is stored once, with the dates the corpus says; only the down site's night is missing.
    (Re-running a night leaves every column as it was: ``tests/test_nightly_e2e.py``.)"""
    rows = (
        connect(demo.root)
        .execute(
            "SELECT source, url, published_at, published_date, event_date, published_method FROM articles "
            "WHERE crawl_date BETWEEN $first AND $last",
            {"first": NIGHTS[0], "last": NIGHTS[-1]},
        )
        .fetchall()
    )
    stored = {(source, url): tuple(values) for source, url, *values in rows}
    assert len(stored) == len(rows)
    corpus = [article for article in load_corpus() if article.published_date in NIGHTS]  # the archive nights: test_backfill_e2e
    served = [a for a in corpus if FAILED_SITE_NIGHTS.get(a.published_date) != a.site]
    assert len(served) < len(corpus)
    assert set(stored) == {(article.site, served_url(mirror, article)) for article in served}
    for article in served:
        published_at, published_date, event_date, method = stored[(article.site, served_url(mirror, article))]
        assert (published_at, published_date) == (article.published_at, article.published_date), article.slug
        assert event_date == article.event_date, article.slug
        # Structured data, or the time the page shows: by its element's name, after a label, or in the chrome
        # above the title when the structured data gives the day alone (the generic reader's methods).
        assert method in {"json-ld", "meta", "byline", "byline-text", "byline-chrome"}


# --- docs/analysts.md -------------------------------------------------------------------------------------------------


def test_the_document_has_twelve_examples() -> None:
    assert [e.number for e in DOC_EXAMPLES] == list(range(1, 13))
    assert all(e.sql and e.output.strip() and "not run yet" not in e.output for e in DOC_EXAMPLES)


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=lambda e: f"{e.number}-{e.title[:30]}")
def test_documented_example_prints_what_the_document_shows(example, demo: Demo, capsys: pytest.CaptureFixture) -> None:  # noqa: ANN001
    assert bantin(["--warehouse", str(demo.root), "query", example.sql]) == 0
    printed = capsys.readouterr().out
    diff = "\n".join(
        difflib.unified_diff(example.output.splitlines(), printed.splitlines(), "docs/analysts.md", "bantin query", lineterm="")
    )
    assert printed == example.output, f"example {example.number} is stale (bash scripts/analyst-docs rewrites it):\n{diff}"


# --- the report -------------------------------------------------------------------------------------------------------


def _table(page: Selector, table_id: str) -> tuple[list[str], list[list[str]]]:
    header = page.css(f"#{table_id} thead th::text").getall()
    rows = [[(cell.css("::text").get() or "") for cell in row.css("td")] for row in page.css(f"#{table_id} tbody tr")]
    return header, rows


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values]


def test_report_numbers_are_those_of_sql_over_the_same_tables(demo: Demo) -> None:
    page = Selector(text=(demo.reports / f"{LAST_NIGHT}.html").read_text(encoding="utf-8"))
    con = connect(demo.root)
    first = LAST_NIGHT - timedelta(days=29)
    period = {"first": first, "day": LAST_NIGHT}

    # The night, per source: straight from source_health.
    health = con.execute(
        "SELECT source, status, pages_fetched, articles_stored, duplicates_merged, missing_date, missing_body, parse_errors, "
        "http_errors FROM source_health WHERE crawl_date = $day ORDER BY source",
        {"day": LAST_NIGHT},
    ).fetchall()
    _, night = _table(page, "night")
    assert [(r[0], r[1], *_ints(r[2:8])) for r in night] == [tuple(h[:8]) for h in health]
    assert [int(r[8]) for r in night] == [sum(json.loads(h[8]).values()) for h in health]
    stored = sum(h[3] for h in health)
    assert (page.css("#summary::text").get() or "").startswith(f"{stored} articles from {len(health)} sources; every source ok")

    # Articles per source per night: counted from the article files themselves.
    header, per_day = _table(page, "articles-per-day")
    days = [first + timedelta(days=n) for n in range(30)]
    assert header == ["source"] + [f"{d.day}/{d.month}" for d in days] + ["total"]
    counts = dict(((s, d), n) for s, d, n in con.execute(
        "SELECT source, crawl_date, count(*) FROM read_parquet($files) GROUP BY ALL",
        {"files": [str(p) for p in (demo.root / "articles").rglob("*.parquet")]}).fetchall())  # fmt: skip
    assert {r[0] for r in per_day} == {s for s, _ in counts}
    for row in per_day:
        assert _ints(row[1:31]) == [counts.get((row[0], d), 0) for d in days], row[0]
        assert int(row[31]) == sum(_ints(row[1:31]))
    in_period = "SELECT count(*) FROM article_rows WHERE crawl_date BETWEEN $first AND $day"  # not the August event nights
    assert sum(int(r[31]) for r in per_day) == con.execute(in_period, period).fetchall()[0][0]
    assert [int(r[days.index(date(2025, 9, 27)) + 1]) for r in per_day if r[0] == "baogialai"] == [0]  # the site was down

    # Failures and empty fields over the 30 nights.
    _, failures = _table(page, "source-health")
    expected = con.execute(
        "SELECT source, count(*), count(*) FILTER (WHERE status = 'failed'), sum(pages_fetched), sum(articles_stored), "
        "sum(missing_date), sum(missing_body), sum(parse_errors) FROM source_health "
        "WHERE crawl_date BETWEEN $first AND $day GROUP BY source ORDER BY source",
        period,
    ).fetchall()
    assert [(r[0], *_ints(r[1:8])) for r in failures] == expected
    assert {r[0]: int(r[2]) for r in failures if int(r[2])} == {"baogialai": 1}

    # Most cited documents: unnested from the article files, without the views.
    _, documents = _table(page, "documents")
    cited = con.execute(
        "SELECT document, count(*) AS n FROM (SELECT unnest(cited_documents).document AS document FROM read_parquet($files) "
        "WHERE crawl_date BETWEEN $first AND $day) GROUP BY 1 ORDER BY n DESC, document LIMIT 10",
        {**period, "files": [str(p) for p in (demo.root / "articles").rglob("*.parquet")]},
    ).fetchall()
    assert [(r[0], int(r[2])) for r in documents] == cited and cited

    # Largest stories: clusters with more than one outlet, from article_clusters joined by hand.
    _, stories = _table(page, "stories")
    multi = con.execute(
        "SELECT c.cluster_id, count(DISTINCT a.source), list(DISTINCT a.source ORDER BY a.source), "
        "min(a.published_at) FROM article_clusters c JOIN article_rows a USING (article_id) GROUP BY 1 "
        "HAVING count(DISTINCT a.source) > 1 AND any_value(a.crawl_date) FILTER (WHERE c.is_canonical) BETWEEN $first AND $day "
        "ORDER BY 2 DESC, count(*) DESC, 4, 1",
        period,
    ).fetchall()
    assert [(int(r[2]), r[4]) for r in stories] == [(n, ", ".join(outlets)) for _, n, outlets, _ in multi][:10]
    assert [r[0] for r in stories] == [f"{when:%Y-%m-%d %H:%M}" for *_, when in multi][:10]

    # Self-contained: the three charts are PNG images inside the page; nothing is fetched, nothing runs.
    text = (demo.reports / f"{LAST_NIGHT}.html").read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text
    for chart in ("chart-articles", "chart-health", "chart-documents"):
        src = page.css(f"#{chart}::attr(src)").get() or ""
        assert src.startswith("data:image/png;base64,"), chart
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n", chart


def _coloured_bands(image: np.ndarray) -> list[tuple[int, int, int]]:
    """(top, bottom, coloured pixels) of the page regions with coloured (chart) pixels: text and tables are grey."""
    rgb = image[:, :, :3]
    coloured = (rgb.max(axis=2) - rgb.min(axis=2)) > 0.25
    rows = np.flatnonzero(coloured.sum(axis=1) >= 8)
    bands: list[list[int]] = []
    for y in rows.tolist():
        # Within a chart, a sparse one's legend and its few bars may be rows apart (one failing source of fifteen).
        if bands and y - bands[-1][1] <= 200:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    return [(a, b, int(coloured[a : b + 1].sum())) for a, b in bands if b - a >= 30]


def test_report_screenshot_in_headless_chromium_shows_the_charts(demo: Demo, tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: scripts/setup installs it as root (apt-get install chromium)"
    shot = tmp_path / "report.png"
    subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1280,2400",
         (demo.reports / f"{LAST_NIGHT}.html").as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    from matplotlib.image import imread

    image = imread(shot)
    assert image.shape[:2] == (2400, 1280)
    assert (image[:, :, :3].min(axis=2) < 0.9).mean() > 0.05  # not a blank page
    bands = _coloured_bands(image)
    # Three charts (articles per night, failures, documents), in that order, the first near the top; each
    # has thousands of coloured pixels (bars, legend), not a stray coloured line.
    assert len(bands) == 3, bands
    assert bands[0][0] < 200, bands
    assert all(pixels > 2_000 for _, _, pixels in bands), bands
    assert bands[0][2] > 20_000 and bands[2][2] > 20_000, bands  # the stacked bars and the document bars


# --- the bantin command -----------------------------------------------------------------------------------------------


def _files(root: Path) -> dict[str, float]:
    files = (p for p in root.rglob("*") if p.relative_to(root).parts[0] not in BOOKKEEPING_DIRS)
    return {str(p.relative_to(root)): p.stat().st_mtime for p in files}


def test_query_writes_csv_and_parquet_and_never_the_warehouse(demo: Demo, tmp_path: Path) -> None:
    before = _files(demo.root)
    sql = "SELECT source, count(*) AS articles FROM articles GROUP BY source ORDER BY source"
    expected = connect(demo.root).execute(sql).fetchall()
    run = subprocess.run(
        [BANTIN, "--warehouse", demo.root, "query", sql, "--format", "csv"], capture_output=True, text=True, check=True
    )
    assert run.stdout.splitlines() == ["source,articles"] + [f"{s},{n}" for s, n in expected]
    out = tmp_path / "a.parquet"
    assert bantin(["--warehouse", str(demo.root), "query", sql, "--format", "parquet", "--output", str(out)]) == 0
    assert [tuple(r.values()) for r in pq.read_table(out).to_pylist()] == expected

    refused = {
        f"COPY articles TO '{demo.root}/articles/evil.parquet'": "COPY",
        f"ATTACH '{demo.root}/x.db' AS x": "ATTACH",
        "SELECT * FROM read_csv('/etc/passwd')": "Permission",
        "INSTALL httpfs": "LOAD",
    }
    for statement, why in refused.items():
        run = subprocess.run([BANTIN, "--warehouse", demo.root, "query", statement], capture_output=True, text=True)
        assert run.returncode == 1 and why in run.stderr, (statement, run.stderr)
    inside = demo.root / "out.csv"
    assert bantin(["--warehouse", str(demo.root), "query", sql, "--format", "csv", "--output", str(inside)]) == 1
    assert _files(demo.root) == before  # nothing in the warehouse was created or touched


def test_shell_runs_piped_statements_and_keeps_going_after_an_error(demo: Demo) -> None:
    script = "\n".join([
        ".tables",
        "SELECT count(*) AS n FROM articles;",
        "SELECT source, status",
        "FROM source_health WHERE crawl_date = DATE '2025-09-27' AND status <> 'ok';",
        "COPY articles TO 'out.csv';",
        "SELECT count(*) AS stories",
        "FROM stories WHERE articles > 1",
        "",
        ".quit",
        "SELECT 'not reached';",
    ])  # fmt: skip
    run = subprocess.run([BANTIN, "--warehouse", demo.root, "shell"], input=script + "\n", capture_output=True, text=True)
    con = connect(demo.root)
    ((articles,),) = con.execute("SELECT count(*) FROM articles").fetchall()
    ((stories,),) = con.execute("SELECT count(*) FROM stories WHERE articles > 1").fetchall()
    assert run.returncode == 1  # one statement failed
    blocks = [block.strip("\n").splitlines() for block in re.split(r"^\(\d+ rows?\)$", run.stdout, flags=re.MULTILINE)]
    tables, count, failed, error_and_stories, rest = blocks
    assert {"articles", "cited_documents", "places", "source_health", "stories"} <= {line.strip() for line in tables[2:]}
    assert [line.strip() for line in count] == ["n", "-" * len(str(articles)), str(articles)]
    assert failed[2].split() == ["baogialai", "failed"] and len(failed) == 3
    assert error_and_stories[0].startswith("error: read-only: COPY statements are not allowed")
    assert [line.strip() for line in error_and_stories[1:]] == ["stories", "-" * len("stories"), str(stories)] and stories > 0
    assert rest == []  # nothing after .quit ran


# --- views ------------------------------------------------------------------------------------------------------------


def test_stories_between_is_stories_of_those_nights(demo: Demo) -> None:
    assert STORY_NIGHTS == WINDOW_DAYS
    con = connect(demo.root)
    # Every article of a story was collected within STORY_NIGHTS nights of the story's canonical article.
    ((spread,),) = con.execute(
        "SELECT max(abs(a.crawl_date - c.crawl_date)) FROM articles a JOIN article_rows c ON c.article_id = a.cluster_id"
    ).fetchall()
    assert 0 < spread <= STORY_NIGHTS
    for first, last in [(NIGHTS[0], NIGHTS[-1]), (date(2025, 9, 24), date(2025, 9, 26)), (date(2025, 9, 30), date(2025, 9, 30))]:
        window = {"first": first, "last": last}
        expected = con.execute("SELECT * FROM stories WHERE crawl_date BETWEEN $first AND $last ORDER BY ALL", window).fetchall()
        assert con.execute("SELECT * FROM stories_between($first, $last) ORDER BY ALL", window).fetchall() == expected
        assert expected


def test_cited_documents_and_places_have_one_row_per_mention(demo: Demo) -> None:
    con = connect(demo.root)
    mentions = con.execute("SELECT sum(len(cited_documents)), sum(len(places)) FROM article_rows").fetchall()[0]
    assert con.execute("SELECT count(*) FROM cited_documents").fetchall()[0][0] == mentions[0] > 0
    assert con.execute("SELECT count(*) FROM places").fetchall()[0][0] == mentions[1] > 0
    assert ("57-NQ/TW", 57, "NQ", "Nghị quyết", "TW") in con.execute(
        "SELECT DISTINCT document, number, kind, kind_name, issuer FROM cited_documents"
    ).fetchall()
