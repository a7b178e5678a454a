"""Công an tỉnh Hưng Yên portal (congan.hungyen.gov.vn). Only its URL shape ``/<slug>-c<id>.html`` is in the
evidence; the markup, the listing, the feed and the windows-1258 encoding are the mirror's own (unverified).
Two pages go out with a Content-Type that says UTF-8 although the bytes are windows-1258."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site, render
from transforms.parsers.page import encode_legacy

MISLABELLED_UTF8 = frozenset(
    {"cong-an-xa-me-so-ra-mat-mo-hinh-camera-an-ninh", "tang-cuong-tuan-tra-kiem-soat-xu-ly-vi-pham-nong-do-con-vao-ban-dem"}
)


@dataclass(frozen=True)
class CongAnHungYenSite(Site):
    charset: ClassVar[str] = "windows-1258"
    feeds: ClassVar[dict[str, str]] = {"/rss/tin-tuc-su-kien.rss": "Tin tức - Sự kiện"}

    def declared_charset(self, article: MirrorArticle) -> str:
        return "utf-8" if article.slug in MISLABELLED_UTF8 else self.charset

    def encode(self, text: str) -> bytes:
        return encode_legacy(text, self.charset)

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-c{article.numeric_id}.html"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"when": article.published_at.strftime("%d/%m/%Y %H:%M")}

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {**super().listing_context(article, base_url), "day": article.published_at.strftime("%d/%m/%Y")}

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """This portal's list has prev/next links and answers 404 past its last page."""
        pages = max(1, -(-len(articles) // self.page_size))
        if not 1 <= page <= pages:
            return None
        items = [self.listing_context(a, base_url) for a in articles[(page - 1) * self.page_size : page * self.page_size]]
        previous = self.listing_url(page - 1) if page > 1 else None
        following = self.listing_url(page + 1) if page < pages else None
        return render(f"{self.key}/listing.html", site=self, items=items, previous=previous, following=following)


SITE = CongAnHungYenSite(
    "congan_hungyen", "Công an tỉnh Hưng Yên", "https://congan.hungyen.gov.vn", "/tin-tuc-su-kien/", ("/rss/tin-tuc-su-kien.rss",)
)
