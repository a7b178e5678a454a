"""From a night's raw pages to article rows: extract, normalise, deduplicate."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.night import staging_dir
from sources import Source, load_sources, source_names
from transforms.dedup import content_sha256
from transforms.documents import document_citations, places
from transforms.extract import ExtractionError, extract_article
from transforms.ids import source_article_id
from transforms.text import word_count
from warehouse.quarantine import unreadable_reason
from warehouse.schemas import ARTICLES, SCHEMA_VERSION, Row
from warehouse.storage import PART_FILE, ObjectRoot, Root, partition_dir, read_date, warehouse_root

log = logging.getLogger(__name__)

EXTRACTED_FILE = "extracted.parquet"
EXTRACT_REPORT_FILE = "extract_report.json"
DRIFT_SHARE = 0.05


@dataclass
class SourceCounts:
    """What extraction saw of one source's pages tonight (goes to ``source_health``)."""

    articles_parsed: int = 0
    missing_date: int = 0
    missing_body: int = 0
    parse_errors: int = 0
    non_200_pages: int = 0
    parsers: list[str] = field(default_factory=list)
    pages_read: int = 0  # 200 pages given to a parser
    fallback_pages: int = 0  # pages the site parser left a required field empty on, read by the generic reader
    layout_drift: bool = False

    def close(self) -> None:
        """Flag the source when its parser failed on more than ``DRIFT_SHARE`` of the night's pages."""
        self.layout_drift = self.pages_read > 0 and self.fallback_pages > DRIFT_SHARE * self.pages_read


def start_night(day: date) -> list[str]:
    """Clear the night's working files (a re-run starts clean) and name the sources to crawl."""
    shutil.rmtree(staging_dir(day), ignore_errors=True)
    staging_dir(day)
    return source_names()


def article_row(page: Row, source: Source, day: date) -> tuple[Row | None, str | None]:
    """One ``articles`` row from one raw page, or (None, why) when the page cannot be read
    (``why`` is "fallback" for a row the generic reader read because the site parser could not)."""
    if page["http_status"] != 200:
        return None, "non_200"
    fetched_at: datetime = page["fetched_at"]
    try:
        extracted = extract_article(page["html"] or "", page["final_url"], fetched_at, source.name)
    except ExtractionError as error:
        return None, "missing_body" if error.field == "body" else "parse_error"
    published = extracted.published
    text = f"{extracted.title}\n{extracted.lead}\n{extracted.body}"
    row = {
        # The page's own URL unless its canonical link is on this source's site (transforms/ids.py): a
        # syndicated copy claiming another outlet's article keeps its own id; the claim stays in canonical_url.
        "article_id": source_article_id(page["final_url"], extracted.canonical_url, source.base_url, source.aliases),
        "source": source.name,
        "url": page["url"],
        "canonical_url": extracted.canonical_url,
        "title": extracted.title,
        "lead": extracted.lead,
        "outlet_tag": extracted.outlet_tag,
        "body": extracted.body,
        "authors": extracted.authors,
        "published_at": published.value if published else None,
        "published_date": published.day if published else None,
        "published_text": published.text if published else None,
        "published_method": extracted.published_method,
        "event_date": extracted.event.day if extracted.event else None,
        "event_text": extracted.event.text if extracted.event else None,
        "cited_documents": document_citations(text),
        "places": places(text),
        "word_count": word_count(extracted.lead) + word_count(extracted.body),
        "content_sha256": content_sha256(extracted.lead, extracted.body),
        "parser": extracted.parser,
        "parser_version": extracted.parser_version,
        "crawl_date": day,
        "schema_version": SCHEMA_VERSION,
    }
    return row, "fallback" if extracted.fell_back else None


def read_page(page: Row, source: Source, day: date) -> tuple[Row | None, str | None]:
    """``article_row``, except that an unexpected error on one page is logged with its URL and counted as
    a parse error (the page stays in ``raw_pages``) instead of failing the whole night."""
    try:
        return article_row(page, source, day)
    except Exception:
        log.exception("cannot read the page %s as an article", page["url"])
        return None, "parse_error"


def extract_night(day: date, root: Root | None = None) -> dict[str, SourceCounts]:
    """Read every raw page of ``day`` into article rows; write them and the per-source counts to staging."""
    sources = load_sources(skip_invalid=True)
    raw = _night_raw_pages(root or warehouse_root(), day).to_pylist()
    rows: list[Row] = []
    counts: dict[str, SourceCounts] = {name: SourceCounts() for name in sources}
    for page in raw:
        source = sources.get(page["source"])
        if source is None:
            continue  # raw pages of a source that has since been removed
        row, problem = read_page(page, source, day)
        tally = counts[source.name]
        tally.pages_read += problem != "non_200"
        if row is None:
            tally.non_200_pages += problem == "non_200"
            tally.missing_body += problem == "missing_body"
            tally.parse_errors += problem == "parse_error"
            continue
        tally.articles_parsed += 1
        tally.missing_date += row["published_at"] is None
        tally.fallback_pages += problem == "fallback"
        if (name := f"{row['parser']}/{row['parser_version']}") not in tally.parsers:
            tally.parsers.append(name)
        rows.append(row)
    for tally in counts.values():
        tally.close()
    folder = staging_dir(day)
    pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLES), folder / EXTRACTED_FILE)
    (folder / EXTRACT_REPORT_FILE).write_text(json.dumps({k: vars(v) for k, v in counts.items()}, indent=1), encoding="utf-8")
    return counts


def _night_raw_pages(root: Root, day: date) -> pa.Table:
    """The night's raw pages; a damaged file fails the step naming it. It is not set aside here: it holds
    the only copy of a source's pages, and a night published without them would look complete (``bantin
    doctor --fix`` moves it, and a re-run of the night fetches the pages again)."""
    try:
        return read_date(root, "raw_pages", day)
    except Exception as error:
        folder = partition_dir(root, "raw_pages", day)
        if isinstance(folder, ObjectRoot):
            raise  # objects are not checked one by one: the reader's own error names the night
        damaged = [path for path in sorted(folder.rglob(PART_FILE)) if unreadable_reason(path)]
        if not damaged:
            raise
        raise RuntimeError(f"raw_pages of {day}: unreadable file {', '.join(map(str, damaged))} ({error})") from error


def extracted_articles(day: date) -> list[Row]:
    rows: list[Row] = pq.read_table(staging_dir(day) / EXTRACTED_FILE).to_pylist()
    return rows


def load_extract_counts(day: date) -> dict[str, SourceCounts]:
    path = staging_dir(day) / EXTRACT_REPORT_FILE
    if not path.exists():
        return {}
    return {name: SourceCounts(**value) for name, value in json.loads(path.read_text(encoding="utf-8")).items()}
