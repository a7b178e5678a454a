"""Công an nhân dân: cand.vn since the move from cand.com.vn.

cand.vn (the CMS family): articles at ``/<slug>-post<id>.html``, monthly news sitemaps, ``/rss/home.rss``.
cand.com.vn (before the move): articles at ``/<Section>/<slug>-i<id>/``, now 301s to cand.vn; pages
stored before the move are rendered with ``render_old_page``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle
from mirror.sites.base import Site, body_blocks, render, weekday

# /Tieu-diem-van-hoa/<slug>-i509576/, as links to cand.com.vn show
OLD_ARTICLE_PATH = re.compile(r"^/[A-Za-z0-9-]+/[A-Za-z0-9-]+-i\d+/$")


def section_slug(category: str) -> str:
    """The old site's capitalised section path ("Thời sự" -> "Thoi-su")."""
    plain = unicodedata.normalize("NFKD", category.replace("đ", "d").replace("Đ", "D"))
    words = "".join(c for c in plain if not unicodedata.combining(c)).split()
    return "-".join(words).capitalize() or "Tin-tuc"


def old_article_path(article: MirrorArticle) -> str:
    """Where cand.com.vn published the article before the move."""
    return f"/{section_slug(article.category)}/{article.slug}-i{article.numeric_id}/"


def render_old_page(article: MirrorArticle, base_url: str) -> str:
    """The article as cand.com.vn served it before the move (its old template)."""
    return render(
        "cand/old_article.html",
        article=article,
        url=base_url + old_article_path(article),
        blocks=body_blocks(article),
        when=article.published_at.strftime("%H:%M %d/%m/%Y"),
        section=section_slug(article.category),
    )


@dataclass(frozen=True)
class CandSite(Site):
    monthly_sitemaps: ClassVar[bool] = True
    feeds: ClassVar[dict[str, str]] = {"/rss/home.rss": "Trang chủ"}
    listing_paginated: ClassVar[bool] = False  # the section page shows its newest stories; discovery uses sitemaps
    moved_from: ClassVar[str | None] = "https://cand.com.vn"
    ld_single_author: ClassVar[bool] = True  # zotero/translators:"Cong an Nhan dan.js" reads ld.author.name

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-post{article.numeric_id}.html"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d/%m/%Y - %H:%M')}"
        return {"when": when}

    def moved_path(self, path: str, query: str, articles: list[MirrorArticle]) -> str:
        """Where cand.com.vn sends a request (301): an old article URL to the article on cand.vn,
        any other path to the same path on cand.vn."""
        if OLD_ARTICLE_PATH.match(path):
            found = next((a for a in articles if old_article_path(a) == path), None)
            if found is not None:
                return self.article_path(found)
        return f"{path}?{query}" if query else path


SITE = CandSite("cand", "Công an nhân dân", "https://cand.vn", "/thoi-su", ("/rss/home.rss",))
