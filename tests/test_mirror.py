"""The offline mirror: enough realistic sites and articles, served over HTTP like the real outlets."""

from __future__ import annotations

import re
import urllib.request
from collections import Counter
from pathlib import Path

from mirror.corpus import calendar, load_corpus
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from transforms.parsers.page import decode_html

SEEDS = Path(__file__).resolve().parent.parent / "mirror" / "corpus" / "seeds"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            # congan_hungyen serves windows-1258: decode as the crawler does
            return response.status, decode_html(response.read(), response.headers.get("Content-Type")).text
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_corpus_has_six_sites_sixty_articles_over_ten_days() -> None:
    corpus = load_corpus()
    per_site = Counter(a.site for a in corpus)
    assert set(per_site) == set(SITE_LAYOUTS) and len(per_site) >= 6
    assert len(corpus) >= 60
    assert len(calendar()) >= 10


def test_every_seed_article_is_served_verbatim() -> None:
    bodies = ["\n".join([a.lead, *a.body]) for a in load_corpus()]
    for seed in sorted(SEEDS.glob("article_*.txt")):
        # The seed's longest paragraph appears word for word in one mirror article.
        longest = max(seed.read_text(encoding="utf-8").splitlines(), key=len).strip()
        assert any(longest in body for body in bodies), seed.name


def test_republished_and_formulaic_stories_are_present() -> None:
    corpus = load_corpus()
    sites_per_story = Counter(a.story for a in corpus)
    assert sum(1 for count in sites_per_story.values() if count >= 2) >= 5
    assert sum(1 for count in sites_per_story.values() if count >= 3) >= 2


def test_each_site_serves_robots_discovery_listing_and_articles(mirror: Mirror) -> None:
    for key, layout in SITE_LAYOUTS.items():
        base = mirror.base_url(key)
        status, robots = fetch(base + "/robots.txt")
        assert status == 200 and "User-agent: *" in robots
        assert layout.discovery_files, f"{key} has no sitemap or feed"
        for path in layout.discovery_files:
            status, body = fetch(base + path)
            assert status == 200 and ("<urlset" in body or "<sitemapindex" in body or "<rss" in body), (key, path)
        status, listing = fetch(base + layout.listing_url(1))
        assert status == 200
        article = next(a for a in load_corpus() if a.site == key)
        status, page = fetch(base + layout.article_path(article))
        assert status == 200 and article.title in page.replace("&quot;", '"').replace("&#x27;", "'")


def test_listing_pages_are_paginated_newest_first(mirror: Mirror) -> None:
    layout = SITE_LAYOUTS["dangcongsan"]
    status, first = fetch(mirror.base_url("dangcongsan") + layout.listing_url(1))
    assert status == 200 and 'rel="next"' in first
    dates = re.findall(r'class="date">(\d{2})-(\d{2})-(\d{4})', first)
    ordered = [(y, m, d) for d, m, y in dates]
    assert ordered == sorted(ordered, reverse=True)
    assert fetch(mirror.base_url("dangcongsan") + layout.listing_url(99))[0] == 404


def test_a_failed_site_answers_500_and_heals(mirror: Mirror) -> None:
    mirror.fail_site("nhandan", 500)
    try:
        assert fetch(mirror.base_url("nhandan") + "/robots.txt")[0] == 500
    finally:
        mirror.fail_site("nhandan", None)
    assert fetch(mirror.base_url("nhandan") + "/robots.txt")[0] == 200
