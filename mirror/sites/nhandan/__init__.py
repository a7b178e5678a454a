"""Nhân Dân (nhandan.vn): the CMS family; monthly news sitemaps, a two-day Google News sitemap, /rss/home.rss."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site, latest_days, weekday

GOOGLE_NEWS = "/sitemaps/google-news.xml"


@dataclass(frozen=True)
class NhanDanSite(Site):
    monthly_sitemaps: ClassVar[bool] = True
    feeds: ClassVar[dict[str, str]] = {"/rss/home.rss": "Trang chủ"}
    listing_paginated: ClassVar[bool] = False  # more items come from a script button (button.see-more)

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-post{article.numeric_id}.html"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        moment = article.published_at
        return {"when": f"{weekday(moment)}, ngày {moment.strftime('%d/%m/%Y - %H:%M')}"}

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == GOOGLE_NEWS:
            return "application/xml", self.news_sitemap(latest_days(articles, 2), base_url)
        return super().discovery_file(path, articles, base_url)


SITE = NhanDanSite("nhandan", "Báo Nhân Dân", "https://nhandan.vn", "/chinhtri/", ("/rss/home.rss", GOOGLE_NEWS))
