"""Báo điện tử Đảng Cộng sản Việt Nam (dangcongsan.vn): a SharePoint-style listing ``View.aspx?Page=N``
without a next link and without a date per item, articles at ``/tin-hoat-dong/<slug>.html``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site

# The list lantuan2205/crawler_news kept active in 2025 (XaydungDang and Vandequantam are commented out there).
LISTING = "/noidung/tintuc/Lists/Tinhoatdong/View.aspx"


@dataclass(frozen=True)
class DangCongSanSite(Site):
    def article_path(self, article: MirrorArticle) -> str:
        # The 2025-2026 shape (zotero/translators "Dang Cong San.js" 2026-08-08; cited links of 2025): no
        # numeric id; the translator's test URL adds ?categoryId=…, which og:url drops.
        return f"/tin-hoat-dong/{article.slug}.html"

    def listing_url(self, page: int) -> str:
        return f"{LISTING}?Page={page}"

    def listing_page(self, path: str, query: str) -> int | None:
        if path != LISTING:
            return None
        match = re.search(r"(?:^|&)Page=(\d+)", query)
        return int(match.group(1)) if match else 1

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"when": article.published_at.strftime("%d/%m/%Y %H:%M")}


SITE = DangCongSanSite("dangcongsan", "Đảng Cộng sản Việt Nam", "https://dangcongsan.vn", LISTING, ())
