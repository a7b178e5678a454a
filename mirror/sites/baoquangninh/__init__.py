"""Báo Quảng Ninh (baoquangninh.vn): the h1.name / #content-detail newspaper CMS (docs/portal-evidence.md
A23, B11), shared with Báo Hưng Yên.

Evidence:
- tammuoichanhoa/crawl_lastest_news (commit 4545207, 2026-01-23): ``config.py``: section pages
  ``/chinh-tri``, ``/phap-luat`` …, their cards ``article.card a``, ``.card-content a``, articles
  ``/<slug>-<id>.html``; ``crawler/site_config.yml``: title ``h1.name``, body
  ``.content-article #content-detail``; for baohungyen.vn (same CMS) the lead in meta description and
  og:description, and ``div.pseudonym`` (the pen name), ``div.relates``, ``div.topics``, ``div.social``,
  ``div.print_page``, ``div.block-news-list`` kept out of the text; ``crawler/article.py``: the category
  is the last link of ``.breadcrumbs ol.breadcrumb``.
- Links cited elsewhere: seven-digit ids (``…-bach-dang-nam-2024-3291811.html``, April 2024); a copied
  header keeps the site's ad block (``div.ads-zone-group > div.ads-block-item``, ``/ads-tracking?aid=``).

Unverified (what such papers commonly do, as the layout zoo's A23 page reads it): the date
"Thứ Tư, 08:15, 24/9/2025" in ``span.time``; the lead as the story's first, bold paragraph (Báo Cao Bằng,
same family, does this); captions in ``figure > figcaption``; the ids (any seven digits); the section
page listing its newest cards on one page without dates or a pager; ``/rss/news/chinh-tri.rss`` and
``/rss/news/phap-luat.rss`` are served because a feed list names them, not because they were seen answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites.base import Site, render, weekday

SECTION = "/chinh-tri"
LISTING_SIZE = 16  # the section page's cards (unverified)
SECTIONS = {"Pháp luật": "/phap-luat", "Chính trị": "/chinh-tri", "Xây dựng Đảng": "/xay-dung-dang"}


def others(article: MirrorArticle, count: int = 4) -> list[MirrorArticle]:
    """The site's other articles, newest first: what its related boxes link to."""
    return [other for other in load_corpus() if other.site == article.site and other.slug != article.slug][:count]


@dataclass(frozen=True)
class BaoQuangNinhSite(Site):
    feeds: ClassVar[dict[str, str]] = {"/rss/news/chinh-tri.rss": "Chính trị", "/rss/news/phap-luat.rss": "Pháp luật"}
    listing_paginated: ClassVar[bool] = False

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-{3300000 + article.numeric_id}.html"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        return {
            "when": f"{weekday(moment)}, {moment.strftime('%H:%M')}, {moment.day}/{moment.month}/{moment.year}",
            "section": SECTIONS.get(article.category, SECTION),
            "related": [(self.article_path(other), other) for other in others(article)],
        }

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """The section page: its newest cards on one page (no pager)."""
        if page != 1:
            return None
        items = [self.listing_context(a, base_url) for a in articles[:LISTING_SIZE]]
        return render(f"{self.key}/listing.html", site=self, items=items)


SITE = BaoQuangNinhSite(
    "baoquangninh", "Báo Quảng Ninh", "https://baoquangninh.vn", SECTION, ("/rss/news/chinh-tri.rss", "/rss/news/phap-luat.rss")
)
