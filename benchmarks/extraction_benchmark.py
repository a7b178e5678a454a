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

``--zoo``: instead, the layout zoo (``mirror/zoo``: one page per article in each of its portal layouts,
rendered in-process) read by the generic reader alone and by trafilatura + htmldate; the time counts
when it is right to the minute where the page shows a time, to the day where it shows only a day.
Prints the overall and per-template tables and whether the generic reader meets the zoo's targets
(title >= 0.97, time >= 0.95, body F1 >= 0.95, at least twice as fast as trafilatura); exits with
status 1 when one is not met.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import htmldate  # noqa: E402
import trafilatura  # noqa: E402

from mirror.zoo import LAYOUTS, load_zoo, render_zoo_page  # noqa: E402
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


def zoo_pages() -> list[Page]:
    """Every zoo article's page as its portal sends it, decoded once, with its truth as the expected fields."""
    pages = []
    for article in load_zoo():
        data, url = render_zoo_page(article)
        truth = article.truth
        expected = {
            "title": normalize_text(truth.title),
            "body": [normalize_text(p) for p in truth.body],
            "published_at": truth.published_at,
            "precision": truth.precision,
        }
        content_type = article.layout.content_type
        fetched_at = article.published_at + timedelta(hours=12)
        fixture = PageFixture("", article.slug, data, content_type, url, article.template, fetched_at, expected)
        pages.append(Page(fixture, decode_html(data, content_type).text))
    return pages


@dataclass(frozen=True)
class ZooScore:
    pages: int
    title: float
    body_f1: float
    published: float  # right to the minute, or to the day where the page shows only a day


def zoo_page_score(page: Page, reading: Reading) -> ZooScore:
    expected = page.fixture.expected
    truth_time = datetime.fromisoformat(expected["published_at"])
    if reading.published is None:
        published = 0.0
    elif expected["precision"] == "day":
        published = float(reading.published.astimezone(VIETNAM).date() == truth_time.astimezone(VIETNAM).date())
    else:
        published = float(reading.published.replace(second=0, microsecond=0) == truth_time)
    body = token_f1(reading.body, "\n\n".join(expected["body"]))
    return ZooScore(1, float(reading.title == expected["title"]), body, published)


def zoo_mean(scores: list[ZooScore]) -> ZooScore:
    n = len(scores)
    return ZooScore(n, sum(s.title for s in scores) / n, sum(s.body_f1 for s in scores) / n, sum(s.published for s in scores) / n)


def per_template(pages: list[Page], scores: list[ZooScore]) -> dict[str, ZooScore]:
    """Mean scores per zoo template (the template key is the fixture's layout)."""
    by_template: dict[str, list[ZooScore]] = {}
    for page, page_score in zip(pages, scores):
        by_template.setdefault(page.fixture.layout, []).append(page_score)
    return {template: zoo_mean(group) for template, group in by_template.items()}


def zoo_template_scores(reader: Reader, pages: list[Page]) -> dict[str, ZooScore]:
    """The reader's mean scores per zoo template."""
    return per_template(pages, [zoo_page_score(page, reader(page)) for page in pages])


def pages_per_second(reader: Reader, pages: list[Page], rounds: int) -> float:
    fastest = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            reader(page)
        fastest = min(fastest, time.perf_counter() - start)
    return len(pages) / fastest


ZOO_TARGETS = {"title": 0.97, "published": 0.95, "body_f1": 0.95}


def zoo_main(rounds: int) -> int:
    pages = zoo_pages()
    readers: dict[str, Reader] = {"bantin-generic-only": bantin_generic, "trafilatura": trafilatura_htmldate}
    page_scores = {name: [zoo_page_score(page, reader(page)) for page in pages] for name, reader in readers.items()}
    speed = {name: pages_per_second(reader, pages, rounds) for name, reader in readers.items()}
    overall = {name: zoo_mean(scores) for name, scores in page_scores.items()}
    templates = {name: per_template(pages, scores) for name, scores in page_scores.items()}
    print(f"zoo: {len(pages)} pages in {len(templates['trafilatura'])} layouts, fastest of {rounds} rounds")
    print(f"{'reader':<22}{'title':>8}{'body F1':>9}{'time':>8}{'pages/s':>10}")
    for name, s in overall.items():
        print(f"{name:<22}{s.title:>8.3f}{s.body_f1:>9.3f}{s.published:>8.3f}{speed[name]:>10.1f}")
    print()
    print(
        f"{'template':<22}{'layout':>7}{'pages':>6}  {'generic: title  body  time':>26}  {'trafilatura: title  body  time':>30}"
    )
    generic, other = templates["bantin-generic-only"], templates["trafilatura"]
    for template in sorted(generic, key=lambda key: int(LAYOUTS[key].number[1:])):
        g, t = generic[template], other[template]
        print(
            f"{template:<22}{LAYOUTS[template].number:>7}{g.pages:>6}  {g.title:>14.2f}{g.body_f1:>6.2f}{g.published:>6.2f}"
            f"  {t.title:>18.2f}{t.body_f1:>6.2f}{t.published:>6.2f}"
        )
    print()
    mine = overall["bantin-generic-only"]
    checks = [(f"{field} >= {target}", getattr(mine, field) >= target) for field, target in ZOO_TARGETS.items()]
    ratio = speed["bantin-generic-only"] / speed["trafilatura"]
    checks.append((f"pages/s >= 2x trafilatura ({ratio:.1f}x)", ratio >= 2))
    for label, met in checks:
        print(f"generic reader target {label}: {'met' if met else 'NOT met'}")
    return 0 if all(met for _, met in checks) else 1


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=3)
    options.add_argument("--zoo", action="store_true", help="read the layout zoo (mirror/zoo) instead of the stored pages")
    options.add_argument("--per-source", action="store_true", help="also print each source's scores per reader")
    args = options.parse_args()
    if args.zoo:
        return zoo_main(args.rounds)
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
    if args.per_source:
        print_per_source(pages, readers)
    return 0 if ok else 1


def print_per_source(pages: list[Page], readers: dict[str, Reader]) -> None:
    """Each source's scores: where the generic reader alone falls short of a site parser, and by how much."""
    print()
    print(f"{'source':<16}{'pages':>6}  " + "  ".join(f"{name + ' title/body/time':>34}" for name in readers))
    for source in sorted({p.fixture.source for p in pages}):
        chosen = [p for p in pages if p.fixture.source == source]
        cells = []
        for reader in readers.values():
            s = score(reader, chosen, rounds=0)
            cells.append(f"{s.title:>20.3f}{s.body_f1:>7.3f}{s.published_time:>7.3f}")
        print(f"{source:<16}{len(chosen):>6}  " + "  ".join(cells))


if __name__ == "__main__":
    sys.exit(main())
