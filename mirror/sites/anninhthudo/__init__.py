"""An ninh Thủ đô (anninhthudo.vn), the paper of Công an TP Hà Nội, on the national papers' CMS
(``article__*`` classes, ``cms-body``) with its own extension: articles ``/<slug>-post<id>.antd``.

What the public evidence shows (the references are in ``sources/anninhthudo.yaml``):

- articles ``/<slug>-post457503.antd`` (also on m.anninhthudo.vn); a 2026 crawler starts at www.anninhthudo.vn;
- sitemaps under ``/sitemaps/``: a sitemap crawler leaves out ``/sitemaps/categories.xml`` and
  ``/sitemaps/topics.xml``, the same two children it leaves out of nhandan.vn's index, whose other children are
  the monthly ``/sitemaps/news-YYYY-M.xml``; a 2026 study crawled the site from robots.txt to its sitemaps;
- the text in ``div.article__body`` / ``div.cms-body``; in the older page, the lead opens "ANTD.VN - " and photos
  are ``p > img.cms-photo[data-photo-original-src]`` followed by ``<br><em>caption</em>``; images on
  image.anninhthudo.vn (``/w700/…``, ``/1200x630/Uploaded/<year>/<key>/YYYY_MM_DD/…`` for sharing);
- a lead "ANTD.VN - …" followed by related headlines before the text (an article copied 2025-04-01);
- feeds ``/rss/home.rss`` and ``/rss/phap-luat-4.rss`` appear in hand-made lists only.

Unverified, chosen as the CMS family does (nhandan, cand): the index at ``/sitemaps.xml``, the monthly
children's names (month not zero padded), ``news:publication_date`` in them, what categories.xml and
topics.xml hold (served empty), the title, lead, time and byline markup (``h1.article__title``,
``div.article__sapo``, ``time.time`` "Thứ Tư, 24/09/2025 - 07:45", ``.article__author``), the related box's
markup, the home page's items, the page chrome, and the two feeds' answering at all. No JSON-LD is served:
none is evidenced for this paper; ``og:image`` is, indirectly (a copied 1200x630 image address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import VIETNAM, MirrorArticle, load_corpus
from mirror.sites.base import Site, render, weekday

INDEX = "/sitemaps.xml"
CHILDREN = ("/sitemaps/categories.xml", "/sitemaps/topics.xml")
FEEDS = {"/rss/home.rss": "Trang chủ", "/rss/phap-luat-4.rss": "Pháp luật"}
MENU = [("/thoi-su/", "Thời sự"), ("/phap-luat/", "Pháp luật"), ("/xa-hoi/", "Xã hội"), ("/giao-thong/", "Giao thông"),
        ("/quoc-te/", "Quốc tế"), ("/kinh-te/", "Kinh tế")]  # fmt: skip


def photo_key(article: MirrorArticle) -> str:
    """A short folder key like the site's (``/Uploaded/2024/abhusbb/2023_05_13/``), fixed per article."""
    return "".join(chr(ord("a") + int(d)) for d in f"{article.numeric_id:06d}")[:7]


@dataclass(frozen=True)
class AnNinhThuDoSite(Site):
    monthly_sitemaps: ClassVar[bool] = True
    feeds: ClassVar[dict[str, str]] = FEEDS
    listing_paginated: ClassVar[bool] = False  # the home page shows the newest stories; discovery is the sitemaps

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-post{article.numeric_id}.antd"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at.astimezone(VIETNAM)
        site_articles = sorted((a for a in load_corpus() if a.site == self.key), key=lambda a: a.published_at, reverse=True)
        earlier = [(self.article_path(a), a.title) for a in site_articles if a.published_at < article.published_at]
        newest = [(self.article_path(a), a.title) for a in site_articles if a.slug != article.slug]
        folder = f"Uploaded/{moment.year}/{photo_key(article)}/{moment.strftime('%Y_%m_%d')}"
        return {
            "when": f"{weekday(moment)}, {moment.strftime('%d/%m/%Y - %H:%M')}",
            "related": earlier[:2],  # the two headlines under the lead: earlier stories
            "more": earlier[2:6],
            "most_read": newest[:3],  # the sidebar shows what is read now
            "photo_folder": folder,
            "menu": MENU,
        }

    def robots_txt(self, base_url: str, articles: list[MirrorArticle] | None = None) -> str:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in self.disallow), f"Sitemap: {base_url}{INDEX}"]
        return "\n".join(lines) + "\n"

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == INDEX:
            children = [*CHILDREN, *self.sitemap_paths(articles)]
            return "application/xml", render("anninhthudo/sitemap_index.xml", base_url=base_url, children=children)
        if path in CHILDREN:  # their content is not in the evidence: an empty list
            return "application/xml", self.news_sitemap([], base_url)
        return super().discovery_file(path, articles, base_url)

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        if page != 1:
            return None
        items = [self.listing_context(a, base_url) for a in articles[:10]]
        return render("anninhthudo/listing.html", site=self, items=items, menu=MENU)


SITE = AnNinhThuDoSite("anninhthudo", "An ninh Thủ đô", "https://anninhthudo.vn", "/", (INDEX, *CHILDREN, *FEEDS))
