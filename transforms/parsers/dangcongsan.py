"""Đảng Cộng sản Việt Nam (dangcongsan.vn), a SharePoint-style site without structured data
(lantuan2205/crawler_news news_crawler/dangcongsan.py, 2025): title ``h1#contenttitle``, lead
``div#description`` (with its "(ĐCSVN) - " tag, which stays in the lead), time ``div#ngaytao``, body
``div.noidungtt p`` (photos ``img.imgtelerik``), byline ``b#tacgia``: "Theo TTXVN" names the agency
the story came from, stored as "TTXVN", or the writer's name.

Version 2: version 1 read an older guess of this layout (``post-*`` classes).
"""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, byline, first_text, meta, more_precise, paragraphs

NOT_STORY = "figure, figcaption, table, .related, [class*=related], script, style"


class DangCongSan(Parser):
    source = "dangcongsan"
    version = "2"
    marker = "h1#contenttitle"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1#contenttitle")

    def lead(self, page: Selector) -> str:
        return first_text(page, "div#description")

    def body(self, page: Selector) -> list[str]:
        author_line = first_text(page, "b#tacgia")
        return [p for p in paragraphs(page, "div.noidungtt", NOT_STORY) if not author_line or p != author_line]

    def authors(self, page: Selector) -> list[str]:
        return byline(first_text(page, "b#tacgia"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        structured = (value, "meta") if (value := meta(page, "article:published_time")) else None
        shown = first_text(page, "div#ngaytao")
        return more_precise(structured, (shown, "byline") if shown else None)
