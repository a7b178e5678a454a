"""Báo Chính phủ (baochinhphu.vn): ids that encode the publication time, a timeline list
``/timelinelist/<zone>/<page>.htm`` without a next link, /home.rss."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site

# The zone of a timeline a public crawler pages through (timelinelist/102442/{page}.htm); which section it is,
# the evidence does not say.
ZONE = 102442
TIMELINE = re.compile(rf"^/timelinelist/{ZONE}/(\d+)\.htm$")


@dataclass(frozen=True)
class BaoChinhPhuSite(Site):
    feeds: ClassVar[dict[str, str]] = {"/home.rss": "Trang chủ"}

    def article_path(self, article: MirrorArticle) -> str:
        # 102 + yyMMddHHmmss + three digits, as the site's URLs show
        stamp = article.published_at.strftime("%y%m%d%H%M%S")
        return f"/{article.slug}-102{stamp}{article.numeric_id % 1000:03d}.htm"

    def listing_url(self, page: int) -> str:
        return f"/timelinelist/{ZONE}/{page}.htm"

    def listing_page(self, path: str, query: str) -> int | None:
        match = TIMELINE.match(path)
        return int(match.group(1)) if match else None

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"when": article.published_at.strftime("%d/%m/%Y %H:%M")}

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {**super().listing_context(article, base_url), "when": article.published_at.strftime("%d/%m/%Y %H:%M")}


SITE = BaoChinhPhuSite("baochinhphu", "Báo Chính phủ", "https://baochinhphu.vn", f"/timelinelist/{ZONE}/1.htm", ("/home.rss",))
