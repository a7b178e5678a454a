"""Báo Cần Thơ (baocantho.com.vn), the city party paper. Modelled on two saved real pages of the site
(tammuoichanhoa/crawl_lastest_news: ``tmp_baocantho_article.html`` and ``tmp_baocantho_category.html``,
committed 2026-01-12, the article dated 08/01/2026; docs/portal-evidence.md A19, B12):

- articles at ``/<slug cut at 98 characters>-a<id>.html`` (the cut falls mid-word; a title ending in a
  quotation mark leaves a dash before ``-a<id>``);
- the section page ``/thoi-su/`` and its pages ``/thoi-su?p=N`` (no trailing slash), whose items show a
  title and a lead but no date; the section feed ``/rss/cate/thoi-su/`` (linked from the section page) and
  the sub-section feed ``/rss/subcate/can-tho/`` (linked from the article page's header);
- the visible time ``span.pubdate`` "08/01/2026 - 18:21", in the share bar above the title; JSON-LD
  ``datePublished`` of the day only;
- the lead is the body's first paragraph, "<strong>(CTO)</strong> - …" ("(CT) - " on stories of the printed
  paper, as the section page's items show); the byline the last paragraph, right-aligned and bold
  ("Tin, ảnh: P.Y").

Not in the evidence (the mirror's choice): what the section page shows past its last page (an empty list),
the feeds' items (the shared RSS template), the byline of a story without photos (the name alone), the titles
in the "Đọc nhiều" box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites.base import Site, render

SECTION = "/thoi-su/"
SECTION_FEED = "/rss/cate/thoi-su/"
CITY_FEED = "/rss/subcate/can-tho/"
PAGE_QUERY = re.compile(r"(?:^|&)p=(\d+)(?:&|$)")
SLUG_CHARS = 98
LISTING_LEAD_CHARS = 220  # the section page cuts an item's lead, without an ellipsis

# Section (slug, name as the category breadcrumb shows it) and sub-section of each corpus category.
BREADCRUMBS: dict[str, tuple[str, str, str, str]] = {
    "An ninh": ("quoc-phong-an-ninh", "QUỐC PHÒNG - AN NINH", "an-ninh", "An ninh"),
    "An toàn giao thông": ("quoc-phong-an-ninh", "QUỐC PHÒNG - AN NINH", "an-toan-giao-thong", "An toàn giao thông"),
    "Xây dựng Đảng": ("chinh-tri", "CHÍNH TRỊ", "xay-dung-dang", "Xây dựng Đảng & Hệ thống chính trị"),
    "Cần Thơ": ("thoi-su", "THỜI SỰ", "can-tho", "Cần Thơ"),
}
# Older stories the side box "Đọc nhiều" lists (made up; the real box lists the site's most read stories).
MOST_READ = (
    ("tp-can-tho-cong-bo-quyet-dinh-ve-cong-tac-can-bo-tai-cac-so-nganh", 188412,
     "TP Cần Thơ công bố quyết định về công tác cán bộ tại các sở, ngành"),
    ("ninh-kieu-ra-quan-lap-lai-trat-tu-via-he-long-duong", 188207, "Ninh Kiều ra quân lập lại trật tự vỉa hè, lòng đường"),
    ("hdnd-tp-can-tho-giam-sat-cong-tac-tiep-cong-dan", 187993, "HĐND TP Cần Thơ giám sát công tác tiếp công dân"),
)  # fmt: skip


@dataclass(frozen=True)
class BaoCanThoSite(Site):
    feeds: ClassVar[dict[str, str]] = {SECTION_FEED: "THỜI SỰ", CITY_FEED: "Cần Thơ"}

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug[:SLUG_CHARS]}-a{article.numeric_id}.html"

    def listing_url(self, page: int) -> str:
        return SECTION if page == 1 else f"{SECTION.rstrip('/')}?p={page}"

    def listing_page(self, path: str, query: str) -> int | None:
        if path not in (SECTION, SECTION.rstrip("/")):
            return None
        match = PAGE_QUERY.search(query)
        return int(match.group(1)) if match else 1

    def others(self, article: MirrorArticle | None) -> list[MirrorArticle]:
        """The site's other stories, newest first (the related and side boxes list them)."""
        return [a for a in load_corpus() if a.site == self.key and a != article]

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        section, section_name, sub, sub_name = BREADCRUMBS.get(article.category, BREADCRUMBS["Cần Thơ"])
        tag = f"({article.outlet_tag})" if article.outlet_tag else ""
        signature = f"Tin, ảnh: {' - '.join(article.authors)}" if article.captions else " - ".join(article.authors)
        own = (article.title, base_url + self.article_path(article))
        others = [(a.title, base_url + self.article_path(a)) for a in self.others(article)]
        return {
            "when": moment.strftime("%d/%m/%Y - %H:%M"),
            "day": moment.strftime("%Y-%m-%d"),
            "section": section,
            "section_name": section_name,
            "sub": sub,
            "sub_name": sub_name,
            "tag": tag if tag and article.lead.startswith(tag) else "",
            "lead_rest": article.lead[len(tag) :] if tag and article.lead.startswith(tag) else article.lead,
            "signature": signature,
            "related": others,
            "focus": [own, *others],  # "Tiêu điểm" lists the story itself first, as the saved page does
            "most_read": [(title, f"{base_url}/{slug}-a{number}.html") for slug, number, title in MOST_READ],
            "menu": others[:4],
            "image_day": moment.strftime("%Y%m%d"),
        }

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {**super().listing_context(article, base_url), "lead": article.lead[:LISTING_LEAD_CHARS].rstrip()}

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """The section page: page 1 opens with a top story and three more, then "TIN MỚI NHẤT"; pages
        2, 3, … list on; past the last page the list is empty. Numbered page links, no dates."""
        if page < 1:
            return None
        pages = max(1, -(-len(articles) // self.page_size))
        items = [self.listing_context(a, base_url) for a in articles[(page - 1) * self.page_size : page * self.page_size]]
        top, top3, rest = (items[:1], items[1:4], items[4:]) if page == 1 else ([], [], items)
        return render(
            f"{self.key}/listing.html",
            site=self,
            top=top,
            top3=top3,
            items=rest,
            page=page,
            pages=pages,
            page_url=lambda n: base_url + self.listing_url(n),
            base_url=base_url,
        )


SITE = BaoCanThoSite("baocantho", "Báo Cần Thơ", "https://baocantho.com.vn", SECTION, (SECTION_FEED, CITY_FEED))
