"""Quân đội nhân dân (qdnd.vn), the army's paper (lantuan2205/crawler_news
news_crawler/quandoinhandan.py, 2025; tammuoichanhoa/crawl_lastest_news crawler/site_config.yml and
crawler/article.py, 2026-01; giapham123/crawl-news-python crawl_data_news/config.py, 2025-12): title
``h1.post-title``, lead ``div.post-summary p`` (``p.logo-online`` when there is one), time
``span.post-subinfo > span`` ("dd/mm/yyyy - HH:MM"), body ``div.post-content
div[itemprop=articleBody]`` with its paragraphs nested in further elements, the author as the last
paragraph that is one short bold name ("TIN, ẢNH: " in front of it dropped), the section in
``.bgbrdm .brcrum-title .head a``.

Version 2: version 1 read an older guess of this layout (direct-child paragraphs, ``p.author-name``).
"""

from __future__ import annotations

import re

from parsel import Selector

from transforms.parsers.base import (
    Parser,
    all_bold,
    byline,
    first_text,
    json_ld,
    meta,
    more_precise,
    paragraph_nodes,
    paragraphs,
    text_of,
)

BODY = 'div.post-content div[itemprop="articleBody"]'
NOT_STORY = "figure, figcaption, table, .related, [class*=related], [class*=relate], script, style"
CREDIT = re.compile(r"^(?:TIN,\s*ẢNH|TIN|ẢNH|BÀI,\s*ẢNH)\s*:\s*", re.IGNORECASE)
MAX_NAME_WORDS = 6


class Qdnd(Parser):
    source = "qdnd"
    version = "2"
    marker = "h1.post-title"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.post-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, "div.post-summary p.logo-online") or first_text(page, "div.post-summary p")

    def body(self, page: Selector) -> list[str]:
        signature = self._signature(page)
        return [p for p in paragraphs(page, BODY, NOT_STORY) if p != signature]

    def _signature(self, page: Selector) -> str:
        """The story's last paragraph when it is a short name in bold: the byline."""
        nodes = paragraph_nodes(page, BODY, NOT_STORY)
        if not nodes or not all_bold(nodes[-1]):
            return ""
        text = text_of(nodes[-1])
        return text if len(CREDIT.sub("", text).split()) <= MAX_NAME_WORDS else ""

    def authors(self, page: Selector) -> list[str]:
        return byline(CREDIT.sub("", self._signature(page)))

    def published(self, page: Selector) -> tuple[str, str] | None:
        structured: tuple[str, str] | None = None
        if value := json_ld(page).get("datePublished"):
            structured = str(value), "json-ld"
        elif value := meta(page, "article:published_time"):
            structured = value, "meta"
        shown = first_text(page, "span.post-subinfo > span")
        return more_precise(structured, (shown, "byline") if shown else None)

    def category(self, page: Selector) -> str:
        links = page.css(".bgbrdm .brcrum-title .head a")
        return text_of(links[-1]) if links else ""
