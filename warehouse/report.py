"""The nightly HTML report: one self-contained page per night, to look at rather than read.

``write_report(day)`` (the DAG's ``report`` task, or ``bantin report --date YYYY-MM-DD``) writes
``$BANTIN_REPORTS/<day>.html`` (default ``<warehouse>/../reports/``) about the night and the
``days`` nights up to it (default 30):

* the night per source (status, pages, articles, duplicates, missing fields, HTTP errors, why it failed);
* articles per source per night (a stacked bar chart and the table of its numbers);
* failures and empty fields per source (failed nights, articles without date, pages without body,
  parse and HTTP errors: a chart and a table; a period without any says so in a sentence instead of the chart);
* the largest stories by number of outlets, and the most cited documents (a chart and a table).

Every number comes from SQL over the DuckDB views of ``warehouse.views``. The charts are drawn by
matplotlib (Agg: ``figure_*`` return the figures, whose bars are the numbers of ``report_data``) into
PNG images embedded in the page as ``data:`` URIs, and the styles are inline: no script, no CDN, no
server; the file opens in any browser as it is.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from warehouse.cli import outside_warehouse
from warehouse.schemas import Row
from warehouse.storage import local_root, warehouse_root
from warehouse.views import connect

if TYPE_CHECKING:  # matplotlib is imported only when a chart is drawn
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Locator

REPORTS_ENV = "BANTIN_REPORTS"
DAYS = 30
REPORTED_TABLES = (
    "articles",
    "article_clusters",
    "source_health",
)  # what the report reads (stories and citations are views of them)
TOP = 10

NIGHT_SQL = """
SELECT source, status, pages_fetched, articles_stored, duplicates_merged, missing_date, missing_body, parse_errors,
       http_errors, coalesce(failure, '') AS failure
FROM source_health WHERE crawl_date = $day ORDER BY source
"""
PER_DAY_SQL = """
SELECT source, crawl_date, count(*) AS articles FROM article_rows
WHERE crawl_date BETWEEN $first AND $day GROUP BY ALL
"""
SOURCES_SQL = """
SELECT DISTINCT source FROM (SELECT source FROM source_health WHERE crawl_date BETWEEN $first AND $day
                             UNION ALL SELECT source FROM article_rows WHERE crawl_date BETWEEN $first AND $day)
ORDER BY source
"""
HEALTH_SQL = """
SELECT source, count(*) AS nights, count(*) FILTER (WHERE status <> 'ok') AS failed_nights,
       sum(pages_fetched) AS pages_fetched, sum(articles_stored) AS articles_stored,
       sum(missing_date) AS missing_date, sum(missing_body) AS missing_body, sum(parse_errors) AS parse_errors,
       list(http_errors) AS http_errors
FROM source_health WHERE crawl_date BETWEEN $first AND $day GROUP BY source ORDER BY source
"""
FAILED_SQL = """
SELECT source, crawl_date FROM source_health WHERE crawl_date BETWEEN $first AND $day AND status <> 'ok' ORDER BY ALL
"""
STORIES_SQL = """
SELECT cluster_id, first_published_at, first_source, len(outlets) AS outlets, articles, outlets AS outlet_list, title
FROM stories_between($first, $day)
WHERE len(outlets) > 1
ORDER BY len(outlets) DESC, articles DESC, first_published_at, cluster_id LIMIT $top
"""
DOCUMENTS_SQL = """
SELECT document, kind_name, count(*) AS citations, count(DISTINCT cluster_id) AS stories, count(DISTINCT source) AS outlets
FROM cited_documents WHERE crawl_date BETWEEN $first AND $day
GROUP BY ALL ORDER BY citations DESC, document LIMIT $top
"""


def reports_root(root: Path | None = None) -> Path:
    """Where reports go: ``$BANTIN_REPORTS``, or ``reports/`` beside the warehouse folder."""
    configured = os.environ.get(REPORTS_ENV)
    return Path(configured) if configured else local_root(root or warehouse_root(), "the report").parent / "reports"


@dataclass
class ReportData:
    day: date
    first: date
    night: list[Row]
    sources: list[str]
    days: list[date]
    per_day: dict[str, list[int]]  # source -> articles on each of ``days``
    failed: list[tuple[str, date]]  # (source, night) of every failed crawl in the period
    health: list[Row]
    stories: list[Row]
    documents: list[Row]


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> list[Row]:
    result = connection.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def _http_error_count(values: list[str | None]) -> int:
    return sum(sum(json.loads(v).values()) for v in values if v)


def report_data(day: date, root: Path | None = None, days: int = DAYS) -> ReportData:
    """Every number the report shows, from SQL over the warehouse views."""
    connection = connect(root or warehouse_root(), read_only=True, tables=REPORTED_TABLES)
    first = day - timedelta(days=days - 1)
    params = {"day": day, "first": first, "top": TOP}
    night = _rows(connection, NIGHT_SQL, params)
    for row in night:
        row["http_errors"] = _http_error_count([row["http_errors"]])
    sources = [row["source"] for row in _rows(connection, SOURCES_SQL, params)]
    span = [first + timedelta(days=n) for n in range(days)]
    counts = {(r["source"], r["crawl_date"]): r["articles"] for r in _rows(connection, PER_DAY_SQL, params)}
    per_day = {source: [counts.get((source, d), 0) for d in span] for source in sources}
    failed = [(r["source"], r["crawl_date"]) for r in _rows(connection, FAILED_SQL, params)]
    health = _rows(connection, HEALTH_SQL, params)
    for row in health:
        row["http_errors"] = _http_error_count(row["http_errors"])
    stories = _rows(connection, STORIES_SQL, params)
    documents = _rows(connection, DOCUMENTS_SQL, params)
    return ReportData(day, first, night, sources, span, per_day, failed, health, stories, documents)


# --- charts ---------------------------------------------------------------------------------------------------------


def MaxNLocator(*, integer: bool) -> Locator:  # noqa: N802 (matplotlib's class, imported when a chart is drawn)
    from matplotlib.ticker import MaxNLocator as locator

    return locator(integer=integer)


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def _no_data(axes: Axes, text: str) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, color="#555555")
    axes.set_axis_off()


def figure_per_day(data: ReportData) -> Figure:
    """Articles per source per night, stacked (one bar container per source, labelled with it), and a red
    cross above a night's bar for every source that failed that night."""
    figure, axes = _figure(11, 3.6)
    bottom = [0] * len(data.days)
    colours = _colours(len(data.sources))
    for source, colour in zip(data.sources, colours):
        values = data.per_day[source]
        bars = axes.bar(range(len(data.days)), values, bottom=bottom, color=colour, label=source, width=0.8)
        for bar in bars:  # inside the axes: the layout need not measure each of the hundreds of bars
            bar.set_in_layout(False)
        bottom = [b + v for b, v in zip(bottom, values)]
    if data.failed:
        index = {d: n for n, d in enumerate(data.days)}
        top = max(bottom) or 1
        stacked: dict[date, int] = {}
        xs, ys = [], []
        for _, night in data.failed:
            stacked[night] = stacked.get(night, 0) + 1
            xs.append(index[night])
            ys.append(bottom[index[night]] + top * 0.06 * stacked[night])
        axes.scatter(xs, ys, marker="x", color="#d62728", s=40, linewidths=2, label=FAILED_LABEL, zorder=3)
    if not any(bottom) and not data.failed:
        _no_data(axes, "no articles in these nights")
    else:
        step = max(1, len(data.days) // 15)
        axes.set_xticks(range(0, len(data.days), step), [f"{d.day}/{d.month}" for d in data.days[::step]])
        axes.set_ylabel("articles")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(f"Articles per source per night, {data.first:%d/%m} – {data.day:%d/%m/%Y}", loc="left")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
        axes.spines[["top", "right"]].set_visible(False)
    return figure


FAILED_LABEL = "a source failed"
HEALTH_MEASURES = [
    ("failed_nights", "failed nights", "#d62728"),
    ("missing_date", "articles without date", "#ff7f0e"),
    ("missing_body", "pages without body", "#9467bd"),
    ("parse_errors", "parse errors", "#8c564b"),
    ("http_errors", "HTTP errors", "#7f7f7f"),
]
NO_HEALTH_ROWS = "No source_health rows in this period."
NO_FAILURES = "No failures in this period: every night ok, no article without date, no page without body, no parse or HTTP error."


def health_sentence(data: ReportData) -> str | None:
    """What the page says instead of the failures chart, or None when there is something to chart: a chart
    of bars that are all zero would only show an empty, partly negative axis."""
    if not data.health:
        return NO_HEALTH_ROWS
    if not any(row[key] for row in data.health for key, _, _ in HEALTH_MEASURES):
        return NO_FAILURES
    return None


def figure_health(data: ReportData) -> Figure:
    """Failures and empty fields per source over the period: one bar container per measure (labelled
    with it), one bar per source. Drawn only when ``health_sentence`` is None."""
    figure, axes = _figure(11, 0.9 + 0.42 * max(1, len(data.health)))
    names = [row["source"] for row in data.health]
    height = 0.8 / len(HEALTH_MEASURES)
    for n, (key, label, colour) in enumerate(HEALTH_MEASURES):
        positions = [i + (n - 2) * height for i in range(len(names))]
        axes.barh(positions, [row[key] for row in data.health], height=height, color=colour, label=label)
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.set_xlim(left=0)
    axes.set_xlabel("count over the period")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title("Failures and empty fields per source", loc="left")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def figure_documents(data: ReportData) -> Figure:
    """Citations of the most cited documents: one bar per document, top to bottom."""
    figure, axes = _figure(11, 0.9 + 0.36 * max(1, len(data.documents)))
    if not data.documents:
        _no_data(axes, "no cited documents in these nights")
        return figure
    labels = [f"{row['document']} ({row['kind_name'] or row['document'].split('-')[1].split('/')[0]})" for row in data.documents]
    values = [row["citations"] for row in data.documents]
    bars = axes.barh(range(len(values)), values, color="#1f77b4")
    axes.bar_label(bars, padding=3, fontsize=9)
    axes.set_yticks(range(len(labels)), labels)
    axes.invert_yaxis()
    axes.set_xlabel("citations (articles citing it)")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title("Most cited documents", loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def _colours(count: int) -> list[tuple[float, float, float]]:
    from matplotlib import colormaps

    # Qualitative maps are ListedColormaps, whose .colors the base Colormap type does not declare.
    palette: tuple[tuple[float, float, float], ...] = colormaps["tab10"].colors + colormaps["Set2"].colors  # type: ignore[attr-defined]
    return [palette[n % len(palette)] for n in range(count)]


# --- the page --------------------------------------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px auto; max-width: 1180px; color: #222; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 7px; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td { vertical-align: top; } #stories td:first-child { white-space: nowrap; }
tr.failed td { background: #f3f3f3; font-weight: bold; }
table.days td, table.days th { padding: 2px 4px; font-size: 11px; }
img.chart { display: block; width: 100%; max-width: 1100px; }
"""


def _table(
    table_id: str,
    header: list[str],
    rows: Sequence[Sequence[object]],
    numeric: set[int],
    row_class: Callable[[Sequence[object]], str] | None = None,
    css: str = "",
) -> str:
    head = "".join(
        f'<th class="n">{html.escape(h)}</th>' if i in numeric else f"<th>{html.escape(h)}</th>" for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{html.escape(str(v))}</td>' if i in numeric else f"<td>{html.escape(str(v))}</td>"
            for i, v in enumerate(row)
        )
        extra = f' class="{row_class(row)}"' if row_class and row_class(row) else ""
        body.append(f"<tr{extra}>{cells}</tr>")
    return f'<table id="{table_id}"{f" class={css!r}" if css else ""}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _health_chart_or_sentence(data: ReportData) -> str:
    sentence = health_sentence(data)
    if sentence:
        return f'<p id="health-sentence">{html.escape(sentence)}</p>'
    return f'<img class="chart" id="chart-health" alt="failures and empty fields per source" src="{_png(figure_health(data))}">'


def render_report(data: ReportData) -> str:
    """The report page of ``data`` (self-contained HTML)."""
    failed = [row["source"] for row in data.night if row["status"] != "ok"]
    stored = sum(row["articles_stored"] for row in data.night)
    summary = (
        f"{stored} articles from {len(data.night)} sources"
        + (f"; failed: {', '.join(failed)}" if failed else "; every source ok")
        if data.night else "no source_health rows for this night"
    )  # fmt: skip
    night_table = _table(
        "night",
        ["source", "status", "pages", "articles", "duplicates", "no date", "no body", "parse errors", "HTTP errors", "failure"],
        [[r["source"], r["status"], r["pages_fetched"], r["articles_stored"], r["duplicates_merged"], r["missing_date"],
          r["missing_body"], r["parse_errors"], r["http_errors"], r["failure"]] for r in data.night],
        numeric={2, 3, 4, 5, 6, 7, 8},
        row_class=lambda row: "failed" if row[1] != "ok" else "",
    )  # fmt: skip
    day_table = _table(
        "articles-per-day",
        ["source"] + [f"{d.day}/{d.month}" for d in data.days] + ["total"],
        [[s] + data.per_day[s] + [sum(data.per_day[s])] for s in data.sources],
        numeric=set(range(1, len(data.days) + 2)),
        css="days",
    )
    health_table = _table(
        "source-health",
        ["source", "nights", "failed nights", "pages", "articles", "no date", "no body", "parse errors", "HTTP errors"],
        [[r["source"], r["nights"], r["failed_nights"], r["pages_fetched"], r["articles_stored"], r["missing_date"],
          r["missing_body"], r["parse_errors"], r["http_errors"]] for r in data.health],
        numeric=set(range(1, 9)),
    )  # fmt: skip
    stories_table = _table(
        "stories",
        ["first published", "first source", "outlets", "articles", "who ran it", "title"],
        [[f"{r['first_published_at']:%Y-%m-%d %H:%M}", r["first_source"], r["outlets"], r["articles"], ", ".join(r["outlet_list"]),
          r["title"]] for r in data.stories],
        numeric={2, 3},
    )  # fmt: skip
    documents_table = _table(
        "documents",
        ["document", "kind", "citations", "stories", "outlets"],
        [[r["document"], r["kind_name"] or "", r["citations"], r["stories"], r["outlets"]] for r in data.documents],
        numeric={2, 3, 4},
    )
    period = f"{data.first:%d/%m/%Y} – {data.day:%d/%m/%Y}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bantin report {data.day}</title><style>{STYLE}</style></head>
<body>
<h1>bantin: the night of {data.day:%d/%m/%Y}</h1>
<p class="meta" id="summary">{html.escape(summary)}. Period of the charts: {period} ({len(data.days)} nights).</p>
<img class="chart" id="chart-articles" alt="articles per source per night" src="{_png(figure_per_day(data))}">
<h2>The night, per source</h2>
{night_table}
<h2>Failures and empty fields, {period}</h2>
{_health_chart_or_sentence(data)}
<h2>Most cited documents, {period}</h2>
<img class="chart" id="chart-documents" alt="most cited documents" src="{_png(figure_documents(data))}">
{documents_table}
<h2>Largest stories by number of outlets, {period}</h2>
{stories_table if data.stories else '<p id="stories">No story was told by more than one outlet.</p>'}
<h2>Failures and empty fields per source (numbers)</h2>
{health_table}
<h2>Articles per source per night</h2>
{day_table}
<p class="meta">From source_health, articles, stories and cited_documents (bantin warehouse views).
Documents count articles citing them; stories count distinct stories (clusters).</p>
</body></html>
"""


def write_report(day: date, root: Path | None = None, output: Path | None = None, days: int = DAYS) -> Path:
    """Render the report of ``day`` and write it atomically; return its path. A path inside the warehouse
    (symbolic links followed) is refused: the report never takes a table file's place."""
    root = local_root(root or warehouse_root(), "the report")
    path = outside_warehouse(output or reports_root(root) / f"{day.isoformat()}.html", root)
    page = render_report(report_data(day, root, days))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
