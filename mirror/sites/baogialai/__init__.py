"""Báo Gia Lai (baogialai.com.vn): the CMS family. Monthly news sitemaps and /rss/home.rss are the family's
paths (no evidence for this site's own discovery files: unverified)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site, weekday


@dataclass(frozen=True)
class BaoGiaLaiSite(Site):
    monthly_sitemaps: ClassVar[bool] = True
    feeds: ClassVar[dict[str, str]] = {"/rss/home.rss": "Trang chủ"}
    listing_paginated: ClassVar[bool] = False

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-post{article.numeric_id}.html"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        return {"when": f"{weekday(moment)}, {moment.strftime('%d/%m/%Y, %H:%M')} (GMT+7)"}


SITE = BaoGiaLaiSite("baogialai", "Báo Gia Lai", "https://baogialai.com.vn", "/chinh-tri/", ("/rss/home.rss",))
