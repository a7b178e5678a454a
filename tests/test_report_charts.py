"""The nightly report's charts are drawn from the numbers they claim, and a period without failures says so.

A small warehouse of real Parquet files (three sources, five nights, one night without any partition, failed
nights inside and outside the charted period, cited documents) is written with ``write_partition``; each
chart's bars (heights, widths, positions, labels) are read back from its matplotlib figure and compared
with SQL over the same warehouse, written here independently of the report's own queries.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from parsel import Selector

from tests.test_compaction import health
from tests.test_warehouse import article
from transforms.documents import citation
from warehouse.report import NO_FAILURES, ReportData, figure_documents, figure_health, figure_per_day, report_data, write_report
from warehouse.schemas import ARTICLES, SOURCE_HEALTH
from warehouse.storage import write_partition
from warehouse.views import connect

SOURCES = ("cand", "nhandan", "qdnd")
NIGHTS = [date(2025, 9, 20) + timedelta(days=n) for n in range(5)]  # 20/9 … 24/9; nothing at all is written for 22/9
DAY = NIGHTS[-1]
PERIOD = 4  # nights charted: 21/9 … 24/9, so the failure of 20/9 is outside the period
FIRST = DAY - timedelta(days=PERIOD - 1)
STORED = {  # (source, night) -> articles stored; a failed night stores none
    "cand": {20: 2, 21: 3, 23: 1, 24: 2},
    "nhandan": {20: 1, 21: 1, 23: 0, 24: 4},
    "qdnd": {20: 0, 21: 2, 23: 2, 24: 0},
}
FAILED = {("qdnd", 20), ("nhandan", 23), ("qdnd", 24)}
FIELDS = {  # (source, night) -> the empty fields and errors of that night's source_health row
    ("qdnd", 20): {"parse_errors": 7},
    ("cand", 21): {"missing_date": 2, "http_errors": '{"404": 3, "500": 1}'},
    ("nhandan", 23): {"http_errors": '{"500": 5}'},
    ("cand", 24): {"missing_body": 1, "parse_errors": 1},
}
DOCUMENTS = ("12-NQ/TW", "57-NQ/TW", "13/2023/NĐ-CP")


def _cited(index: int) -> list:
    """Article ``index`` of a night cites the first ``index % 3 + 1`` documents: 12-NQ/TW the most."""
    return [citation(d) for d in DOCUMENTS[: index % 3 + 1]]


def build_warehouse(root: Path, failed: set[tuple[str, int]] = FAILED, fields: dict = FIELDS) -> Path:
    for night in NIGHTS:
        if night.day not in STORED["cand"]:
            continue  # a night without any partition: the charts show zero, not a gap in the days
        rows = []
        for s, source in enumerate(SOURCES):
            for n in range(STORED[source][night.day]):
                row = article(f"{night:%m%d}{source}{n}", 8 + n + s, night, source)
                row["cited_documents"] = _cited(n + s)
                rows.append(row)
        write_partition(pa.Table.from_pylist(rows, schema=ARTICLES), root, "articles", night)
        nights_health = []
        for source in SOURCES:
            row = health(source, night, STORED[source][night.day]) | fields.get((source, night.day), {})
            if (source, night.day) in failed:
                row.update(status="failed", failure="discovery failed: HTTP 500")
            nights_health.append(row)
        write_partition(pa.Table.from_pylist(nights_health, schema=SOURCE_HEALTH), root, "source_health", night)
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse")


@pytest.fixture
def data(root: Path) -> ReportData:
    return report_data(DAY, root, days=PERIOD)


def _sql(root: Path, sql: str) -> list[tuple]:
    connection = connect(root, read_only=True)
    try:
        return connection.execute(sql, {k: v for k, v in {"first": FIRST, "day": DAY}.items() if f"${k}" in sql}).fetchall()
    finally:
        connection.close()


def _bars(figure: Figure) -> dict[str, BarContainer]:
    """The figure's bar containers by label (a source, a measure, or matplotlib's default for one series)."""
    (axes,) = figure.axes
    return {str(container.get_label()): container for container in axes.containers if isinstance(container, BarContainer)}


def test_articles_chart_stacks_each_sources_articles_per_night_as_sql_counts_them(root: Path, data: ReportData) -> None:
    truth = dict(((s, d), n) for s, d, n in _sql(root, """
        SELECT source, crawl_date, count(*) FROM articles WHERE crawl_date BETWEEN $first AND $day GROUP BY ALL"""))  # fmt: skip
    assert sum(truth.values()) == 3 + 1 + 2 + 1 + 2 + 2 + 4  # 21/9, 23/9, 24/9: not 20/9, outside the period

    bars = _bars(figure_per_day(data))
    assert list(bars) == list(SOURCES)
    days = [FIRST + timedelta(days=n) for n in range(PERIOD)]
    stacked = [0.0] * PERIOD
    for source in SOURCES:
        patches = list(bars[source])
        assert [round(p.get_x() + p.get_width() / 2) for p in patches] == list(range(PERIOD))  # one bar per night, in order
        assert [p.get_height() for p in patches] == [truth.get((source, d), 0) for d in days], source
        assert [p.get_y() for p in patches] == stacked, source  # each source sits on the ones before it
        stacked = [b + p.get_height() for b, p in zip(stacked, patches)]
    assert stacked == [6, 0, 3, 6]  # 22/9, without partitions, is a zero bar, not a missing night


def test_articles_chart_puts_one_red_cross_per_failed_source_above_its_nights_bar(root: Path, data: ReportData) -> None:
    failed = _sql(root, "SELECT crawl_date FROM source_health WHERE crawl_date BETWEEN $first AND $day AND status <> 'ok'")
    assert sorted(d.day for (d,) in failed) == [23, 24]

    (axes,) = figure_per_day(data).axes
    (crosses,) = axes.collections
    assert crosses.get_label() == "a source failed"
    offsets = np.asarray(crosses.get_offsets())
    nights = [FIRST + timedelta(days=round(x)) for x, _ in offsets]
    assert Counter(nights) == Counter(d for (d,) in failed)
    stack_tops = {round(x): sum(p.get_height() for c in axes.containers for p in c if round(p.get_x() + p.get_width() / 2) == round(x))
                  for x, _ in offsets}  # fmt: skip
    assert all(y > stack_tops[round(x)] for x, y in offsets)  # above the bar, not hidden in it


def test_health_chart_bars_are_the_periods_failures_and_empty_fields_per_source(root: Path, data: ReportData) -> None:
    truth = _sql(
        root,
        """
        SELECT source, count(*) FILTER (WHERE status <> 'ok'), sum(missing_date), sum(missing_body), sum(parse_errors),
               sum(coalesce(list_sum(map_values(CAST(CAST(http_errors AS JSON) AS MAP(VARCHAR, BIGINT)))), 0))
        FROM source_health WHERE crawl_date BETWEEN $first AND $day GROUP BY source ORDER BY source""",
    )
    assert truth == [("cand", 0, 2, 1, 1, 4), ("nhandan", 1, 0, 0, 0, 5), ("qdnd", 1, 0, 0, 0, 0)]  # qdnd's 7 parse errors: 20/9

    figure = figure_health(data)
    (axes,) = figure.axes
    bars = _bars(figure)
    assert list(bars) == ["failed nights", "articles without date", "pages without body", "parse errors", "HTTP errors"]
    for column, label in enumerate(bars, start=1):
        assert [p.get_width() for p in bars[label]] == [row[column] for row in truth], label
        assert [round(p.get_y() + p.get_height() / 2) for p in bars[label]] == [0, 1, 2], label  # each source's group
    assert [t.get_text() for t in axes.get_yticklabels()] == [row[0] for row in truth]
    assert axes.get_xlim()[0] == 0  # counts: no negative axis


def test_documents_chart_bars_are_the_citations_of_the_most_cited_documents(root: Path, data: ReportData) -> None:
    truth = _sql(
        root,
        """
        SELECT document, count(*) FROM cited_documents WHERE crawl_date BETWEEN $first AND $day
        GROUP BY document ORDER BY count(*) DESC, document""",
    )
    assert [d for d, _ in truth] == list(DOCUMENTS) and truth[0][1] == 15

    figure = figure_documents(data)
    (axes,) = figure.axes
    (bars,) = _bars(figure).values()
    assert [p.get_width() for p in bars] == [n for _, n in truth]
    assert [t.get_text().split(" (")[0] for t in axes.get_yticklabels()] == [d for d, _ in truth]
    assert [t.get_text() for t in axes.texts] == [str(n) for _, n in truth]  # the number printed beside each bar


def _page(root: Path, tmp_path: Path, day: date, days: int) -> Selector:
    path = write_report(day, root, output=tmp_path / f"{day}-{days}.html", days=days)
    return Selector(text=path.read_text(encoding="utf-8"))


def test_a_period_without_failures_says_so_instead_of_drawing_an_empty_chart(tmp_path: Path) -> None:
    root = build_warehouse(tmp_path / "warehouse", failed=set(), fields={})
    assert _sql(root, "SELECT count(*), count(*) FILTER (WHERE status <> 'ok' OR missing_date + missing_body + parse_errors > 0 "
                      "OR http_errors <> '{}') FROM source_health") == [(12, 0)]  # fmt: skip

    page = _page(root, tmp_path, DAY, PERIOD)
    assert page.css("#health-sentence::text").get() == NO_FAILURES
    assert NO_FAILURES.startswith("No failures in this period")
    assert page.css("#chart-health").get() is None
    assert [i.attrib["id"] for i in page.css("img.chart")] == ["chart-articles", "chart-documents"]
    assert len(page.css("#source-health tbody tr")) == 3  # the numbers' table is still there, all zero


def test_a_failure_before_the_period_is_not_charted_and_the_same_failure_inside_it_is(tmp_path: Path) -> None:
    root = build_warehouse(tmp_path / "warehouse", failed={("qdnd", 20)}, fields={("qdnd", 20): {"parse_errors": 7}})

    without = _page(root, tmp_path, DAY, PERIOD)  # 21/9 – 24/9
    assert without.css("#health-sentence::text").get() == NO_FAILURES
    assert without.css("#chart-health").get() is None

    with_failure = _page(root, tmp_path, DAY, PERIOD + 1)  # 20/9 – 24/9
    assert with_failure.css("#health-sentence").get() is None
    assert (with_failure.css("#chart-health::attr(src)").get() or "").startswith("data:image/png;base64,")
    bars = _bars(figure_health(report_data(DAY, root, days=PERIOD + 1)))
    assert [p.get_width() for p in bars["failed nights"]] == [0, 0, 1]
    assert [p.get_width() for p in bars["parse errors"]] == [0, 0, 7]

    quiet = _page(root, tmp_path, NIGHTS[2], 1)  # 22/9 alone: no partition at all
    assert quiet.css("#health-sentence::text").get() == "No source_health rows in this period."
    assert quiet.css("#chart-health").get() is None
