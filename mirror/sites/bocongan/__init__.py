"""Cổng thông tin điện tử Bộ Công an (bocongan.gov.vn), the portal of 2025-26 with Tailwind utility classes.

Evidenced (sources/bocongan.yaml): categories ``/chuyen-muc/<slug>-<10-digit id>`` (seven named, one,
``/chuyen-muc/chi-dao-dieu-hanh``, without an id); articles ``/bai-viet/<slug>-<10-digit id>``, the id
reading as a Unix time near the article's date; category items ``article.card-large`` with relative
``a[href^="/bai-viet/"]`` links and a ``span.text-bca-gray-700`` holding a d/m/yyyy day; the article's
lead ``p.text-justify.mb-[22px].text-bca-gray-700.font-medium.lg:text-[20px]``; the category label
``a[href*='/chuyen-muc/'] .text-bca-main-01.hover:text-bca-main-01``; a ``/sitemap.xml`` that is a flat
list frozen with one ``<lastmod>`` for every URL.

Unverified, chosen as such portals commonly do: the id is the publication time (the evidence's ids are
up to a day after the dates cited); the item's date text "dd/mm/yyyy HH:MM"; the article's ``h1``, the
date "Thứ Tư, 24/09/2025 15:40" beside it, the body, captions and the closing signature; ``<title>``;
header, menu, "Tin liên quan", "Đọc nhiều" and footer; a category page of the twelve newest items with
no further pages; no JSON-LD or Open Graph tags (none in the evidence). The mirror lists every article in
the one category the source reads, and the frozen sitemap lists the category pages only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mirror.corpus import VIETNAM, MirrorArticle, load_corpus
from mirror.sites.base import Site, render, weekday

CATEGORY = "/chuyen-muc/tin-an-ninh-trat-tu-1753170263"
# The seven category pages a public crawler reads (TrungThanhLa/NGS-AI-Monitoring, 2026-07-07).
CATEGORIES = (
    ("/chuyen-muc/chi-dao-dieu-hanh", "Chỉ đạo điều hành"),
    ("/chuyen-muc/hoat-dong-cua-bo-cong-an-1754966863", "Hoạt động của Bộ Công an"),
    ("/chuyen-muc/hoat-dong-cua-dia-phuong-1753170286", "Hoạt động của địa phương"),
    ("/chuyen-muc/hoat-dong-xa-hoi-1753170294", "Hoạt động xã hội"),
    ("/chuyen-muc/nguoi-tot-viec-tot-1753170210", "Người tốt việc tốt"),
    ("/chuyen-muc/thong-tin-doi-ngoai-1751367399", "Thông tin đối ngoại"),
    (CATEGORY, "Tin an ninh trật tự"),
)
SITEMAP = "/sitemap.xml"
FROZEN_AT = datetime(2025, 8, 12, 9, 47, 43, tzinfo=VIETNAM)  # the one <lastmod> of the frozen sitemap
LISTING_SIZE = 12


@dataclass(frozen=True)
class BoConganSite(Site):
    def article_id(self, article: MirrorArticle) -> int:
        return int(article.published_at.timestamp())

    def article_path(self, article: MirrorArticle) -> str:
        return f"/bai-viet/{article.slug}-{self.article_id(article)}"

    def listing_url(self, page: int) -> str:
        return CATEGORY

    def listing_page(self, path: str, query: str) -> int | None:
        return 1 if path == CATEGORY else None

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """The category page: its newest items, no further pages."""
        if page != 1:
            return None
        items = [self.listing_context(a, base_url) for a in articles[:LISTING_SIZE]]
        return render("bocongan/listing.html", site=self, items=items, categories=CATEGORIES, title="Tin an ninh trật tự")

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        when = article.published_at.strftime("%d/%m/%Y %H:%M")
        return {**super().listing_context(article, base_url), "when": when, "id": self.article_id(article)}

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        return {
            "when": f"{weekday(moment)}, {moment.strftime('%d/%m/%Y %H:%M')}",
            "category_path": CATEGORY,
            "categories": CATEGORIES,
            "image": f"/uploads/{moment.strftime('%Y/%m')}/{self.article_id(article)}.jpg",
            "related": self.related(article),
        }

    def related(self, article: MirrorArticle) -> list[dict[str, Any]]:
        """The "Tin liên quan" cards: three other articles of the portal, newest first, each with its day and time."""
        others = [a for a in load_corpus() if a.site == self.key and a.slug != article.slug][:3]
        return [
            {
                "path": self.article_path(a),
                "title": a.title,
                "id": self.article_id(a),
                "when": a.published_at.strftime("%d/%m/%Y %H:%M"),
            }
            for a in others
        ]

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == SITEMAP:  # frozen: the category pages, one <lastmod> for all, none of the new articles
            urls = [base_url + "/", *(base_url + p for p, _ in CATEGORIES)]
            return "application/xml", render("bocongan/sitemap.xml", urls=urls, lastmod=FROZEN_AT.isoformat())
        return super().discovery_file(path, articles, base_url)


SITE = BoConganSite("bocongan", "Cổng thông tin điện tử Bộ Công an", "https://bocongan.gov.vn", CATEGORY, (SITEMAP,))
