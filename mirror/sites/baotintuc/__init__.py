"""Báo Tin tức (baotintuc.vn), the paper of Thông tấn xã Việt Nam (TTXVN).

What the public evidence shows (the references are in ``sources/baotintuc.yaml``):

- articles ``/<section>/<slug>-<17 digits>.htm`` under the top section (``/thoi-su/``, ``/phap-luat/``),
  the digits a ``yyyyMMddHHmmss`` time and three more (``…-20241111202757401.htm``);
- feeds at the site's root, ``/<section>.rss`` (``/thoi-su.rss``, ``/phap-luat.rss``, ``/tin-moi-nhat.rss``),
  ten items each, listed on the feed page ``/rss.htm`` (live audit 2026-09-04); ``/rss/kinh-te.rss`` answers
  an HTML page instead of a feed (probe 2026-05-03) while ``/rss/kinh-te-128.rss`` is a feed (2026-10-08);
- section pages ``/thoi-su-472ct0.htm`` (sub-sections ``/chinh-tri-321ct472.htm``), page N at
  ``/thoi-su-472ct0/trang-N.htm``, items ``li.item a.thumb`` with site-relative links;
- the article page: ``h1.detail-title``, ``div.date span.txt`` ("Thứ Ba, 12/11/2024 14:15"), the section
  link, ``h2.sapo``, related headlines (``h4 a``) between the lead and the text, ``.boxdetail .contents``
  with ``figure.image`` (italic ``figcaption`` ending "Ảnh: <name>/TTXVN") and a ``.share`` bar inside,
  ``div.author``.

Unverified, chosen as such sites commonly do: the related box's and the chrome's markup, the byline after
the text, the ``<title>`` suffix, the feeds' pubDate form (RFC 822 here), the items of a section page (no
date shown), and what the 17 digits time: the creation of the article, as on baochinhphu (here 3 to 49
minutes before publication). No JSON-LD or Open Graph tags are served: none is evidenced. Kinh tế's
``/rss/kinh-te-128.rss`` is not served (the corpus has no Kinh tế article); every other ``/rss/<section>.rss``
answers the home page, as ``/rss/kinh-te.rss`` does (the same for every section is an assumption).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

from mirror.corpus import VIETNAM, MirrorArticle, load_corpus
from mirror.sites.base import Site, render, weekday

FEED_SIZE = 10  # every baotintuc feed held ten items in the audit of 2026-09-04
# Section pages: <slug>-<id>ct<parent id>.htm (0 for a top section), as lantuan2205/crawler_news lists them.
SECTION_PAGES = {
    "Thời sự": "thoi-su-472ct0",
    "Chính trị": "chinh-tri-321ct472",
    "Chính sách và cuộc sống": "chinh-sach-va-cuoc-song-603ct472",
    "Pháp luật": "phap-luat-475ct0",
    "An ninh trật tự": "an-ninh-trat-tu-579ct475",
}
TOP_SECTION = {"472": "thoi-su", "475": "phap-luat"}  # a sub-section's parent id -> the section in article URLs
FEEDS = {"/tin-moi-nhat.rss": None, "/thoi-su.rss": "thoi-su", "/phap-luat.rss": "phap-luat"}  # path -> section
LISTING = "/thoi-su-472ct0.htm"
LISTING_PAGE = re.compile(r"^/thoi-su-472ct0/trang-(\d+)\.htm$")
SECTION_FEED_WITHOUT_ID = re.compile(r"^/rss/[a-z-]+\.rss$")  # /rss/kinh-te.rss answered HTML (probe 2026-05-03)
MENU = [
    ("/thoi-su-472ct0.htm", "Thời sự"),
    ("/the-gioi-130ct0.htm", "Thế giới"),
    ("/kinh-te-128ct0.htm", "Kinh tế"),
    ("/xa-hoi-129ct0.htm", "Xã hội"),
    ("/phap-luat-475ct0.htm", "Pháp luật"),
    ("/van-hoa-158ct0.htm", "Văn hóa"),
    ("/quan-su-514ct0.htm", "Quân sự"),
    ("/dia-phuong-529ct0.htm", "Địa phương"),
]


def section_page(article: MirrorArticle) -> str:
    return SECTION_PAGES.get(article.category, SECTION_PAGES["Thời sự"])


def top_section(article: MirrorArticle) -> str:
    """The section an article's URL and feed belong to ("thoi-su" for Chính trị, a part of Thời sự)."""
    slug, _, ids = section_page(article).rpartition("-")
    own, _, parent = ids.partition("ct")
    return TOP_SECTION.get(parent if parent != "0" else own, slug)


@dataclass(frozen=True)
class BaoTinTucSite(Site):
    def article_path(self, article: MirrorArticle) -> str:
        # yyyyMMddHHmmss + three digits; taken a few minutes before publication (the creation time: assumed)
        created = article.published_at.astimezone(VIETNAM) - timedelta(
            minutes=3 + article.numeric_id % 47, seconds=article.numeric_id % 59
        )
        return f"/{top_section(article)}/{article.slug}-{created.strftime('%Y%m%d%H%M%S')}{article.numeric_id % 1000:03d}.htm"

    def listing_url(self, page: int) -> str:
        return LISTING if page == 1 else f"/thoi-su-472ct0/trang-{page}.htm"

    def listing_page(self, path: str, query: str) -> int | None:
        if path == LISTING:
            return 1
        match = LISTING_PAGE.match(path)
        return int(match.group(1)) if match else None

    def related(self, article: MirrorArticle) -> list[MirrorArticle]:
        """The section's earlier stories, newest first (the related headlines under the lead)."""
        earlier = [a for a in load_corpus() if a.site == self.key and a.published_at < article.published_at]
        return sorted(earlier, key=lambda a: a.published_at, reverse=True)

    def newest(self, article: MirrorArticle) -> list[MirrorArticle]:
        """The site's other stories, newest first (the "Đọc nhiều" box shows what is read now)."""
        others = [a for a in load_corpus() if a.site == self.key and a.slug != article.slug]
        return sorted(others, key=lambda a: a.published_at, reverse=True)

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at.astimezone(VIETNAM)
        related = [(self.article_path(a), a.title) for a in self.related(article)]
        newest = [(self.article_path(a), a.title) for a in self.newest(article)]
        return {
            "when": f"{weekday(moment)}, {moment.strftime('%d/%m/%Y %H:%M')}",
            "section_href": f"/{section_page(article)}.htm",
            "menu": MENU,
            "related": related[:4],
            "same_section": newest[:5],  # the section's latest stories under the text
            "most_read": newest[:3],
            "photo_folder": moment.strftime("%Y/%m/%d"),
        }

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        if page < 1:
            return None
        chunk = articles[(page - 1) * self.page_size : page * self.page_size]
        items = [self.listing_context(a, base_url) for a in chunk]
        return render("baotintuc/listing.html", site=self, items=items, page=page, menu=MENU)

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path in FEEDS:
            section = FEEDS[path]
            chosen = [a for a in articles if section is None or top_section(a) == section][:FEED_SIZE]
            items = [(base_url + self.article_path(a), a, format_datetime(a.published_at.astimezone(VIETNAM))) for a in chosen]
            channel = {None: "Tin mới nhất", "thoi-su": "Thời sự", "phap-luat": "Pháp luật"}[section]
            return "application/rss+xml", render("_shared/rss.xml", site=self, channel=channel, base_url=base_url, items=items)
        if path == "/rss.htm":
            return "text/html", render("baotintuc/rss_page.html", site=self, menu=MENU)
        if SECTION_FEED_WITHOUT_ID.match(path):  # not a feed: the site answers its home page
            return "text/html", self.render_listing(articles, 1, base_url) or ""
        return None


SITE = BaoTinTucSite("baotintuc", "Báo Tin tức", "https://baotintuc.vn", LISTING, tuple(FEEDS))
