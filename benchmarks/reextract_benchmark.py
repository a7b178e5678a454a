"""Re-extraction speed: ``bantin reextract`` over a synthetic raw store of 200,000 pages, per core.

The store: ``--nights`` nights of stored article pages (``raw_pages``), each page a generated article
(``benchmarks/dedup_corpus.py``: the formulaic families, republications across outlets) rendered in
its outlet's real layout by the mirror's templates, as the crawl would have stored it. Built once in
``--workdir`` (a marker says it is complete).

Reported, same run:

* **bantin reextract** (``pipeline.reextract``): the whole rebuild (extraction in a pool of
  ``--workers`` processes; fingerprints, copy clusters, events and publishing in the main process),
  pages per second, and per core: pages per CPU-second of all the processes (the main one and the pool).
* **extraction alone**, one process, on a sample of pages: bantin's extractor, and trafilatura (with
  htmldate for the date), the library a user would otherwise pick, and their ratio.

    .venv/bin/python benchmarks/reextract_benchmark.py [--pages 200000] [--nights 100] [--workers 2]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

import pyarrow as pa

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from mirror.corpus import MirrorArticle, load_corpus  # noqa: E402
from mirror.sites import SITE_LAYOUTS  # noqa: E402
from transforms.dates import VIETNAM  # noqa: E402
from warehouse.schemas import RAW_PAGES, Row  # noqa: E402
from warehouse.storage import write_partition  # noqa: E402

FIRST_NIGHT = date(2025, 3, 1)
BASE_URL = "https://{site}.bantin.test"
SAMPLE = 1000


def page_article(template: MirrorArticle, document: dict, night: date, n: int) -> MirrorArticle:
    """A generated document as an article of ``template``'s site, published on ``night``."""
    lead, *body = document["body"].split("\n\n")
    moment = datetime.combine(night, day_time(6), VIETNAM) + timedelta(minutes=(n * 7) % 960)
    return replace(template, slug=f"bai-{n}-{template.slug[:40]}", title=document["title"], lead=lead,
                   body=tuple(body) or (lead,), published_at=moment, event_date=None, captions=(), outlet_tag=None,
                   story=f"bench-{n}", event=None, thread=None)  # fmt: skip


def raw_row(article: MirrorArticle, night: date) -> Row:
    site = SITE_LAYOUTS[article.site]
    url = BASE_URL.format(site=article.site) + site.article_path(article)
    html = site.render_article(article, BASE_URL.format(site=article.site))
    return {"url": url, "final_url": url, "source": article.site, "fetched_at": datetime.combine(night + timedelta(days=1), day_time(3), VIETNAM),
            "http_status": 200, "content_type": f"text/html; charset={site.charset}", "encoding": site.charset,
            "headers": "{}", "html": html, "html_sha256": None, "crawl_date": night}  # fmt: skip


def build_store(root: Path, pages: int, nights: int) -> None:
    marker = root / f".built-{pages}-{nights}"
    if marker.exists():
        return
    from benchmarks.dedup_corpus import generate_documents

    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    templates = {a.site: a for a in sorted(load_corpus(), key=lambda a: (a.site, a.slug))}
    sites = sorted(templates)
    documents = generate_documents(pages, seed=11)
    per_night = pages // nights
    for k in range(nights):
        night = FIRST_NIGHT + timedelta(days=k)
        by_source: dict[str, list[Row]] = {}
        for n in range(k * per_night, (k + 1) * per_night):
            document = documents[n]
            site = document["source"] if document["source"] in templates else sites[n % len(sites)]
            row = raw_row(page_article(templates[site], document, night, n), night)
            by_source.setdefault(site, []).append(row)
        for source, rows in by_source.items():
            write_partition(pa.Table.from_pylist(rows, schema=RAW_PAGES), root, "raw_pages", night, source)
        if (k + 1) % 10 == 0:
            print(f"  {k + 1} of {nights} nights of raw pages written", flush=True)
    marker.touch()
    print(f"  built {per_night * nights:,} raw pages over {nights} nights in {time.perf_counter() - started:.0f} s")


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def extraction_alone(root: Path) -> tuple[int, float, float]:
    """(pages, pages per second of bantin's extractor, of trafilatura + htmldate), one process, on the same sample."""
    import htmldate
    import trafilatura

    from transforms.extract import extract_article
    from warehouse.storage import read_date

    pages = read_date(root, "raw_pages", FIRST_NIGHT).to_pylist()[:SAMPLE]
    started = time.perf_counter()
    for page in pages:
        extract_article(page["html"], page["final_url"], page["fetched_at"], page["source"])
    ours = len(pages) / (time.perf_counter() - started)
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page["html"], url=page["final_url"], with_metadata=True)
        htmldate.find_date(page["html"], outputformat="%Y-%m-%d %H:%M:%S", extensive_search=False)
    theirs = len(pages) / (time.perf_counter() - started)
    return len(pages), ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200_000)
    parser.add_argument("--nights", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-bench/reextract"))
    args = parser.parse_args()
    from pipeline.reextract import reextract

    root = args.workdir / f"warehouse-{args.pages}"
    print(f"raw store of {args.pages:,} pages at {root}", flush=True)
    build_store(root, args.pages, args.nights)
    last = FIRST_NIGHT + timedelta(days=args.nights - 1)
    cpu_before = cpu_seconds()
    result = reextract(root, FIRST_NIGHT, last, args.workers,
                       on_night=lambda done: print(f"  {done.night}: {done.pages} pages, {done.articles} articles", flush=True)
                       if done.night.day == 1 else None)  # fmt: skip
    cpu = cpu_seconds() - cpu_before
    sample, ours, theirs = extraction_alone(root)
    print()
    print(f"{'method':<44}{'pages':>9}{'seconds':>9}{'pages/s':>9}{'per CPU-s':>10}")
    print(f"{f'bantin reextract, {result.workers} extraction processes':<44}{result.pages:>9,}{result.seconds:>9.1f}"
          f"{result.pages_per_second:>9.0f}{result.pages / cpu:>10.0f}")  # fmt: skip
    print(f"{'bantin extraction alone, 1 process':<44}{sample:>9,}{sample / ours:>9.1f}{ours:>9.0f}")
    print(f"{'trafilatura + htmldate, 1 process':<44}{sample:>9,}{sample / theirs:>9.1f}{theirs:>9.0f}")
    print(f"\nextraction alone: bantin {ours / theirs:.1f}x trafilatura's speed; whole rebuild {result.pages / cpu:.0f} pages "
          f"per CPU-second ({'meets' if result.pages / cpu >= 300 else 'misses'} 300 pages/s per core)")  # fmt: skip


if __name__ == "__main__":
    main()
