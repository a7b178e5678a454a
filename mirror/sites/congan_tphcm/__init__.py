"""Báo Công an TP. Hồ Chí Minh (congan.com.vn), the city police's paper.

Evidenced (sources/congan_tphcm.yaml): articles ``/<section>/<slug>_<id>.html``, sections nested for some
(``/vu-an/phong-chong-ma-tuy/…``), ids near 180000 in 2025; the "Tin chính" list ``/tin-chinh`` whose
items are ``li`` with ``h3 > a`` (relative links) and a ``div.hidden-xs.news_lead``, no date per item;
the article's date in ``p.hidden-xs.f11.padT5.clorA[style="white-space: nowrap;"]`` holding the weekday,
dd/mm/yyyy and the time; leads that begin "(CAO) " without a dash.

Unverified, chosen as such papers commonly do: the date text "Thứ Tư, 24/09/2025 - 14:30"; the
``h1.title-detail``, the lead box ``div.news_lead`` with the tag in bold, the body ``div#content_detail``
of justified paragraphs, photos in caption tables, the closing signature in bold capitals set right;
``<title>``; the Bootstrap page chrome, "Tin liên quan", "Từ khóa" (tag pages ``/tag/<Tên>.html`` are
evidenced), "Đọc nhiều"; no JSON-LD or Open Graph tags; a list of the fifteen newest items and no further
pages; ``/rss/home.rss`` and the extensionless ``/rss/tin-chinh``, named in feed lists but never shown
answering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from mirror.corpus import VIETNAM, MirrorArticle, load_corpus
from mirror.sites.base import Site, render, weekday

LISTING = "/tin-chinh"
LISTING_SIZE = 15
# The site's section of each corpus category (its path in the article URL and the breadcrumb).
SECTIONS = {
    "Tin chính": ("tin-chinh", "Tin chính"),
    "Vụ án": ("vu-an", "Vụ án"),
    "Phòng chống ma túy": ("vu-an/phong-chong-ma-tuy", "Vụ án"),
    "Tin tức - Sự kiện": ("tin-tuc-su-kien", "Tin tức - Sự kiện"),
}
# Ids grow with time: 176904 on an article of the liberation's 50th anniversary (April 2025), 180096 on a later
# one (public links); the mirror numbers on from there, one id per 48 minutes (about thirty a day, unverified).
ID_EPOCH = datetime(2025, 4, 30, tzinfo=VIETNAM)
FIRST_ID = 176900


def section_of(article: MirrorArticle) -> tuple[str, str]:
    return SECTIONS.get(article.category, SECTIONS["Tin tức - Sự kiện"])


@dataclass(frozen=True)
class ConganTphcmSite(Site):
    feeds: ClassVar[dict[str, str]] = {"/rss/home.rss": "Trang chủ", "/rss/tin-chinh": "Tin chính"}

    def article_id(self, article: MirrorArticle) -> int:
        return FIRST_ID + int((article.published_at - ID_EPOCH).total_seconds()) // 2880

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{section_of(article)[0]}/{article.slug}_{self.article_id(article)}.html"

    def listing_url(self, page: int) -> str:
        return LISTING

    def listing_page(self, path: str, query: str) -> int | None:
        return 1 if path == LISTING else None

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """The "Tin chính" list: its newest items, no further pages."""
        if page != 1:
            return None
        items = [self.listing_context(a, base_url) for a in articles[:LISTING_SIZE]]
        most_read = [{"path": item["path"], "title": item["article"].title} for item in items[-3:]]
        return render("congan_tphcm/listing.html", site=self, items=items, most_read=most_read)

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        tag = f"({article.outlet_tag})" if article.outlet_tag else "(CAO)"
        shown_tag = tag if article.lead.startswith(tag) else ""
        path, label = section_of(article)
        return {
            "when": f"{weekday(moment)}, {moment.strftime('%d/%m/%Y - %H:%M')}",
            "lead_tag": shown_tag,
            "lead_rest": article.lead[len(shown_tag) :].lstrip(),
            "section_path": f"/{path.split('/')[0]}",
            "section": label,
            "image": f"https://image.congan.com.vn/thumbnail/CATP-480-{moment.year}-{moment.month}-{moment.day}/{article.slug[:40]}.jpg",
            "related": self.related(article),
        }

    def related(self, article: MirrorArticle) -> list[dict[str, Any]]:
        """The "Tin liên quan" box: three other articles of the paper, newest first."""
        others = [a for a in load_corpus() if a.site == self.key and a.slug != article.slug][:3]
        return [{"path": self.article_path(a), "title": a.title, "day": a.published_at.strftime("%d/%m/%Y")} for a in others]


SITE = ConganTphcmSite(
    "congan_tphcm", "Báo Công an TP. Hồ Chí Minh", "https://congan.com.vn", LISTING, ("/rss/home.rss", "/rss/tin-chinh")
)
