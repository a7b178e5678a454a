"""Article extraction: bantin's site parsers, bantin's generic reader alone, and trafilatura + htmldate,
over every stored page in ``tests/fixtures/pages`` (the mirror's pages with their truth).

Run from the project folder: ``.venv/bin/python benchmarks/extraction_benchmark.py [--rounds N]``.

Each reader gets the page's text (decoded once beforehand, the same for all) and its URL:
- ``bantin``: ``transforms.extract.extract_article`` with the page's source (its site parser, the
  generic reader where the parser leaves a required field empty);
- ``bantin-generic-only``: the same call with the site parsers off (JSON-LD/meta, then trafilatura);
- ``trafilatura``: ``trafilatura.bare_extraction`` for the title and main text, ``htmldate.find_date``
  (``extensive_search``, ``original_date``, minutes in the output format) for the publication time,
  a naive answer taken as Vietnam's wall clock; trafilatura has no lead, so its main text is its body.

Scores: title exact match; body token F1 (the multiset of whitespace tokens against the truth's
paragraphs); published time exact to the minute; published day. Speed: pages per second, the fastest
of ``--rounds`` passes over all pages after one warm-up pass, the same for every reader.
Exits with status 1 unless bantin reaches body F1 >= 0.97, title and time >= 0.99 and is at least
as fast as trafilatura, and the generic reader alone body F1 >= 0.93 and time >= 0.97.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import htmldate  # noqa: E402
import trafilatura  # noqa: E402

from tests.page_fixtures import PageFixture, load_fixtures  # noqa: E402
from transforms.dates import VIETNAM  # noqa: E402
from transforms.extract import ExtractionError, extract_article  # noqa: E402
from transforms.parsers.page import decode_html  # noqa: E402
from transforms.text import normalize_text  # noqa: E402


@dataclass(frozen=True)
class Reading:
    title: str
    body: str
    published: datetime | None


@dataclass(frozen=True)
class Page:
    fixture: PageFixture
    text: str


Reader = Callable[[Page], Reading]


def bantin(page: Page, generic_only: bool = False) -> Reading:
    fixture = page.fixture
    try:
        article = extract_article(page.text, fixture.url, fixture.fetched_at, fixture.source, generic_only=generic_only)
    except ExtractionError:
        return Reading("", "", None)
    return Reading(article.title, article.body, article.published.value if article.published else None)


def bantin_generic(page: Page) -> Reading:
    return bantin(page, generic_only=True)


def trafilatura_htmldate(page: Page) -> Reading:
    document = trafilatura.bare_extraction(page.text, url=page.fixture.url, with_metadata=True)
    found = htmldate.find_date(page.text, extensive_search=True, original_date=True, outputformat="%Y-%m-%d %H:%M")
    published = datetime.strptime(found, "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM) if found else None
    title = normalize_text(getattr(document, "title", None) or "") if document else ""
    body = getattr(document, "text", None) or "" if document else ""
    return Reading(title, body, published)


def token_f1(found: str, truth: str) -> float:
    found_tokens, truth_tokens = Counter(normalize_text(found).split()), Counter(normalize_text(truth).split())
    common = sum((found_tokens & truth_tokens).values())
    if not common:
        return 0.0
    precision, recall = common / sum(found_tokens.values()), common / sum(truth_tokens.values())
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Score:
    title: float
    body_f1: float
    published_time: float
    published_day: float
    pages_per_s: float


def score(reader: Reader, pages: list[Page], rounds: int) -> Score:
    readings = [reader(page) for page in pages]  # warm-up pass, also the one scored
    fastest = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            reader(page)
        fastest = min(fastest, time.perf_counter() - start)
    titles = bodies = times = days = 0.0
    for page, reading in zip(pages, readings):
        expected = page.fixture.expected
        truth_time = datetime.fromisoformat(expected["published_at"])
        titles += reading.title == expected["title"]
        bodies += token_f1(reading.body, "\n\n".join(expected["body"]))
        if reading.published is not None:
            times += reading.published == truth_time
            days += reading.published.astimezone(VIETNAM).date() == truth_time.astimezone(VIETNAM).date()
    n = len(pages)
    return Score(titles / n, bodies / n, times / n, days / n, n / fastest)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=3)
    args = options.parse_args()
    pages = [Page(f, decode_html(f.html, f.content_type).text) for f in load_fixtures()]
    readers: dict[str, Reader] = {"bantin": bantin, "bantin-generic-only": bantin_generic, "trafilatura": trafilatura_htmldate}
    results = {name: score(reader, pages, args.rounds) for name, reader in readers.items()}
    sources = len({p.fixture.source for p in pages})
    print(f"{len(pages)} pages from {sources} sources, fastest of {args.rounds} rounds")
    print(f"{'reader':<22}{'title':>8}{'body F1':>9}{'time':>8}{'day':>8}{'pages/s':>10}")
    for name, s in results.items():
        print(f"{name:<22}{s.title:>8.3f}{s.body_f1:>9.3f}{s.published_time:>8.3f}{s.published_day:>8.3f}{s.pages_per_s:>10.1f}")
    site, generic, other = results["bantin"], results["bantin-generic-only"], results["trafilatura"]
    ok = (
        site.body_f1 >= 0.97 and site.title >= 0.99 and site.published_time >= 0.99 and site.pages_per_s >= other.pages_per_s
        and generic.body_f1 >= 0.93 and generic.published_time >= 0.97
    )  # fmt: skip
    print(f"speed: bantin / trafilatura = {site.pages_per_s / other.pages_per_s:.1f}x; targets {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
