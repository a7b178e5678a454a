"""Volume mode: busy nights on the mirrored sites, generated from the corpus's real wording.

The corpus holds a handful of articles a night; a real national paper publishes 150-400 a day. In
volume mode (``start_mirror(volume=Volume(...))``, ``python -m mirror --volume N``) each chosen site
also serves ``per_night`` generated articles on each chosen night, in its own layout, through its
own discovery files: listing pages (``VOLUME_PAGE_SIZE`` items a page), monthly or latest news
sitemaps, feeds. The text comes from ``benchmarks/dedup_corpus.py`` (the formulaic families of
police and party news written from the corpus and seeds, standalone stories, republications of
one story on 1-3 other outlets with their usual changes), so copies and near-copies come at the
corpus's rates. Everything is deterministic from ``seed``; every article is a ``MirrorArticle``,
so its truth is what it holds (``mirror/truth.py`` gives the form the pipeline stores).

Pages are laid out night by night in publication order: the generated pages fill the first night's
sites (each site taking the pages written for it while it has room, the rest of that night's pages
going to the site with the most room), then the next night. One story is never printed twice by one
site. Generated articles carry no event date (their truth checks the publication time, title, lead and body).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from mirror.corpus import VIETNAM, Caption, MirrorArticle, load_corpus, load_event_sets
from mirror.sites import SITE_LAYOUTS

# The national papers of the police, the party, the government and the army, and two provincial
# sources: the outlets the generated corpus writes for.
VOLUME_SITES = ("cand", "nhandan", "dangcongsan", "baochinhphu", "qdnd", "baogialai", "congan_hungyen")
VOLUME_PAGE_SIZE = 20  # listing items per page in volume mode (the corpus mode's 5 make a few articles span pages)
FIRST_VOLUME_NIGHT = date(2025, 11, 3)  # after the corpus's calendar and the event sets
CATEGORY = {"cand": "An ninh trật tự", "nhandan": "Chính trị", "dangcongsan": "Tin hoạt động", "baochinhphu": "Chính trị",
            "qdnd": "Pháp luật", "baogialai": "Thời sự", "congan_hungyen": "Tin tức sự kiện"}  # fmt: skip


@dataclass(frozen=True)
class Volume:
    """``per_night`` generated articles on each of ``nights`` for each of ``sites``."""

    per_night: int
    nights: tuple[date, ...] = (FIRST_VOLUME_NIGHT,)
    sites: tuple[str, ...] = VOLUME_SITES
    seed: int = 1

    def __post_init__(self) -> None:
        unknown = [site for site in self.sites if site not in SITE_LAYOUTS]
        if unknown:
            raise ValueError(f"volume mode: no mirrored site {unknown[0]!r} (sites: {', '.join(SITE_LAYOUTS)})")
        if self.per_night < 1 or not self.nights:
            raise ValueError("volume mode needs at least one article a night and one night")


def nights_from(first: date, count: int) -> tuple[date, ...]:
    return tuple(first + timedelta(days=n) for n in range(count))


@cache
def volume_articles(volume: Volume) -> tuple[MirrorArticle, ...]:
    """Every generated article of ``volume``, night by night."""
    from benchmarks.dedup_corpus import generate_pages

    wanted = volume.per_night * len(volume.sites) * len(volume.nights)
    stories = wanted // 2 + 20  # a story gives about 1.4 pages; some cannot be placed (one story per site and night)
    while True:
        pages = iter(generate_pages(stories, volume.seed))
        slugs = {(a.site, a.slug) for a in load_corpus() + load_event_sets()}  # a URL serves one article
        placed = [article for night in volume.nights for article in _night_articles(night, volume, pages, slugs)]
        if len(placed) == wanted:
            return tuple(placed)
        stories = stories * 3 // 2


def _night_articles(night: date, volume: Volume, pages: Iterator[dict], slugs: set[tuple[str, str]]) -> list[MirrorArticle]:
    """The night's articles: the next pages of ``pages``, each on the site it was written for while that has room."""
    room = dict.fromkeys(volume.sites, volume.per_night)
    printed: set[tuple[str, str]] = set()  # (site, story)
    chosen: list[tuple[str, dict]] = []
    for page in pages:
        candidates = [page["source"]] if page["source"] in room else []
        candidates += sorted(room, key=lambda site: -room[site])
        site = next((s for s in candidates if room[s] > 0 and (s, page["story"]) not in printed), None)
        if site is None:
            continue
        room[site] -= 1
        printed.add((site, page["story"]))
        chosen.append((site, page))
        if not any(room.values()):
            break
    return [_article(site, page, night, index, len(chosen), slugs) for index, (site, page) in enumerate(chosen)]


def _article(site: str, page: dict, night: date, index: int, total: int, slugs: set[tuple[str, str]]) -> MirrorArticle:
    # Publication times spread over the newsroom's day (6:00-22:59) in the pages' order.
    minute = 6 * 60 + (index * 17 * 60) // max(1, total)
    published = datetime(night.year, night.month, night.day, minute // 60, minute % 60, tzinfo=VIETNAM)
    slug = _slug(page["title"])
    while (site, slug) in slugs:
        slug += "-1"
    slugs.add((site, slug))
    return MirrorArticle(
        site=site, slug=slug, title=page["title"], lead=page["lead"], body=tuple(page["paras"]),
        authors=(page["author"],), published_at=published, event_date=None, category=CATEGORY.get(site, "Tin tức"),
        story=f"volume/{page['story']}", captions=tuple(Caption(after, text) for after, text in page["captions"]),
        outlet_tag=page["outlet_tag"],
    )  # fmt: skip


def _slug(title: str) -> str:
    """The URL slug sites make of a title: no tone marks, đ as d, words joined by hyphens."""
    plain = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in plain).split())[:90].strip("-")
