"""Quân đội nhân dân (www.qdnd.vn): articles at ``/<section>/tin-tuc/<slug>-<id>``, a section listing
``/chinh-tri/p/<n>`` without a next link, and RSS feeds behind a session-cookie gate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site

SECTION = "/chinh-tri"
PAGED = re.compile(rf"^{SECTION}/p/(\d+)$")
POLITICS_FEED = "/rss/cate/chinh-tri-3429.rss"
LATEST_FEED = "/rss/cate/tin-tuc-moi-nhat.rss"


@dataclass(frozen=True)
class QdndSite(Site):
    feeds: ClassVar[dict[str, str]] = {POLITICS_FEED: "Chính trị", LATEST_FEED: "Tin tức mới nhất"}
    # /rss answers a 302 to itself until a session cookie is set (hangkrypton/press-scanning, live check 2026-07-17)
    # The site's session cookie: its name is not in the evidence (the crawler keeps whatever the site sets).
    cookie_gate: ClassVar[tuple[str, str] | None] = ("qdnd_session", "/rss/")
    ld_single_author: ClassVar[bool] = True  # zotero/translators "Quan doi Nhan dan.js" reads ld.author.name

    def article_path(self, article: MirrorArticle) -> str:
        return f"{SECTION}/tin-tuc/{article.slug}-{article.numeric_id}"

    def listing_url(self, page: int) -> str:
        return f"{SECTION}/p/{page}"

    def listing_page(self, path: str, query: str) -> int | None:
        if path == SECTION:
            return 1
        match = PAGED.match(path)
        return int(match.group(1)) if match else None

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"when": article.published_at.strftime("%d/%m/%Y - %H:%M")}

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {**super().listing_context(article, base_url), "when": article.published_at.strftime("%d/%m/%Y - %H:%M")}


SITE = QdndSite("qdnd", "Quân đội nhân dân", "https://www.qdnd.vn", SECTION, (POLITICS_FEED, LATEST_FEED))
