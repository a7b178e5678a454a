"""Báo Chính phủ (baochinhphu.vn): a section page (``/chinh-tri.htm``) that carries its zone id in
``input#hdZoneId`` and the first items; then the timeline ``/timelinelist/<zone>/<page>.htm`` from
page 2 on, without a next link; ids that encode when the article was created (not published); /home.rss."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site, render

# A zone id a public crawler pages through (timelinelist/102442/{page}.htm); which section it is, the evidence
# does not say, and the Chính trị zone is not in the evidence: the crawler reads it from the section page.
ZONE = 102442
SECTION = "/chinh-tri.htm"
TIMELINE = re.compile(rf"^/timelinelist/{ZONE}/(\d+)\.htm$")


@dataclass(frozen=True)
class BaoChinhPhuSite(Site):
    feeds: ClassVar[dict[str, str]] = {"/home.rss": "Trang chủ"}

    def article_path(self, article: MirrorArticle) -> str:
        # 102 + yyMMddHHmmss of when the article was created + 0 to 3 more digits, as 871 live feed items show
        # (hangkrypton/press-scanning new_items.json, 2026-08): created minutes to hours before publication.
        created = article.published_at - timedelta(minutes=article.numeric_id % 97)
        return f"/{article.slug}-102{created.strftime('%y%m%d%H%M%S')}{article.numeric_id % 1000}.htm"

    def listing_url(self, page: int) -> str:
        return f"/timelinelist/{ZONE}/{page}.htm"

    def listing_page(self, path: str, query: str) -> int | None:
        match = TIMELINE.match(path)
        return int(match.group(1)) if match else None

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == SECTION:  # the section page: zone id and the first items, then the timeline from page 2
            items = [self.listing_context(a, base_url) for a in articles[: self.page_size]]
            return "text/html", render("baochinhphu/section.html", site=self, items=items, zone=ZONE)
        return super().discovery_file(path, articles, base_url)

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"when": article.published_at.strftime("%d/%m/%Y %H:%M")}

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        when = article.published_at
        # The visible time is day-first; its title attribute month-first on a 12-hour clock ("8/5/2026 8:35:00 PM").
        title_time = f"{when.month}/{when.day}/{when.year} {when.strftime('%I').lstrip('0')}:{when.strftime('%M:%S %p')}"
        return {**super().listing_context(article, base_url), "when": when.strftime("%d/%m/%Y %H:%M"), "title_time": title_time}


SITE = BaoChinhPhuSite(
    "baochinhphu", "Báo Chính phủ", "https://baochinhphu.vn", f"/timelinelist/{ZONE}/1.htm", ("/home.rss", SECTION)
)
