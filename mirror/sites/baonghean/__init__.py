"""Báo Nghệ An (baonghean.vn): the b-grid / sc-longform newspaper CMS (docs/portal-evidence.md A22, B9).

Evidence:
- tammuoichanhoa/crawl_lastest_news (commit 4545207, 2026-01-23), ``config.py`` and
  ``crawler/site_config.yml``: section pages ``/thoi-su``, ``/phap-luat``, ``/xay-dung-dang``; their
  article links ``.b-grid__title a``, ``.b-grid__img a``; articles ``/<slug>-<id>.html`` and event
  (topic) pages ``/<slug>-event<id>.html``; title ``.sc-longform-header-title`` (an ``h1``), lead
  ``.sc-longform-header-sapo``, body ``article.entry`` holding the header, the related box
  ``.sc-related-articles`` and an ``.sc-empty-layer``; ``og:title`` and ``meta description``.
- Stored pages of 2025 (pages corpus): ids of eight digits growing about 60 a day (10307168 on
  26/09/2025, 10307416 on 30/09/2025, 10307969 on 10/10/2025); the page reads: the header's today
  "Thứ Sáu, 10/10/2025", the section, the title, the author and the time "<author> 10/10/2025 09:57",
  the lead (no outlet tag on 2025 pages; "(Baonghean.vn) - " belongs to the older -post<id> template),
  the story, captions ending ". Ảnh: <author>".

Unverified (what such papers commonly do): the class names of the header's date, the byline and the
date beside the title (their text and order are evidenced); the header's date is the day after
publication (a page read the next morning); ``<title>`` "<title> - Báo Nghệ An"; no JSON-LD and no
``article:published_time`` (none evidenced); /thoi-su lists its newest items on one page without dates
or a pager, with an event teaser among them; /rss/home.rss and the extensionless /rss/thoi-su are
served because feed lists name them, not because they were seen answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites.base import Site, render, weekday

SECTION = "/thoi-su"
# An id the evidence pairs with a day, and how many ids the site gives out a day (stored pages, Sept. 2025).
ANCHOR_DAY, ANCHOR_ID, IDS_PER_DAY = date(2025, 9, 26), 10307168, 61
LISTING_SIZE = 20  # the section page's items (unverified: no evidence says how many)
EVENT_TEASER = (
    "/dai-hoi-dai-bieu-dang-bo-tinh-nghe-an-lan-thu-xx-event1536.html",
    "Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XX",
)


def article_id(article: MirrorArticle) -> int:
    """An id of the site's series: the anchor's, plus about 61 a day, plus the share of the day gone
    (one id per 24 minutes: two articles of the site published closer than that would share it)."""
    moment = article.published_at
    minutes = moment.hour * 60 + moment.minute
    return ANCHOR_ID + IDS_PER_DAY * (article.published_date - ANCHOR_DAY).days + minutes * IDS_PER_DAY // 1440


def others(article: MirrorArticle, count: int = 4) -> list[MirrorArticle]:
    """The site's other articles, newest first: what its related boxes link to."""
    return [other for other in load_corpus() if other.site == article.site and other.slug != article.slug][:count]


# The section an article's category links to (the breadcrumb and the menu).
SECTIONS = {"Pháp luật": "/phap-luat", "Thời sự": "/thoi-su", "Chính trị": "/thoi-su", "Xây dựng Đảng": "/xay-dung-dang"}


@dataclass(frozen=True)
class BaoNgheAnSite(Site):
    feeds: ClassVar[dict[str, str]] = {"/rss/home.rss": "Trang chủ", "/rss/thoi-su": "Thời sự"}
    listing_paginated: ClassVar[bool] = False

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-{article_id(article)}.html"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        next_morning = moment + timedelta(days=1)
        return {
            "when": moment.strftime("%d/%m/%Y %H:%M"),
            "today": f"{weekday(next_morning)}, {next_morning.strftime('%d/%m/%Y')}",
            "section": SECTIONS.get(article.category, SECTION),
            "related": [(self.article_path(other), other.title) for other in others(article)],
        }

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """The section page: its newest items on one page (no pager), an event teaser after the third."""
        if page != 1:
            return None
        items = [self.listing_context(a, base_url) for a in articles[:LISTING_SIZE]]
        return render(f"{self.key}/listing.html", site=self, items=items, event=EVENT_TEASER)


SITE = BaoNgheAnSite("baonghean", "Báo Nghệ An", "https://baonghean.vn", SECTION, ("/rss/home.rss", "/rss/thoi-su"))
