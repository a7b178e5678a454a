"""Báo điện tử Đảng Cộng sản Việt Nam (dangcongsan.vn): a SharePoint-style listing ``View.aspx?Page=N``
without a next link, articles at ``/<section>/<slug>-<id>.html``, no structured data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site

LISTING = "/noidung/tintuc/Lists/XaydungDang/View.aspx"


@dataclass(frozen=True)
class DangCongSanSite(Site):
    def article_path(self, article: MirrorArticle) -> str:
        # /thoi-su/<slug>-662290.html is the shape links to the site show
        return f"/xay-dung-dang/{article.slug}-{article.numeric_id}.html"

    def listing_url(self, page: int) -> str:
        return f"{LISTING}?Page={page}"

    def listing_page(self, path: str, query: str) -> int | None:
        if path != LISTING:
            return None
        match = re.search(r"(?:^|&)Page=(\d+)", query)
        return int(match.group(1)) if match else 1

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"when": article.published_at.strftime("%d/%m/%Y %H:%M")}

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {**super().listing_context(article, base_url), "when": article.published_at.strftime("%d/%m/%Y %H:%M")}


SITE = DangCongSanSite("dangcongsan", "Đảng Cộng sản Việt Nam", "https://dangcongsan.vn", LISTING, ())
