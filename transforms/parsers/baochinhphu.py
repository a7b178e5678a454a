"""Báo Chính phủ (baochinhphu.vn) (lantuan2205/crawler_news news_crawler/baochinhphu.py, 2025;
tammuoichanhoa/crawl_lastest_news crawler/site_config.yml for vpcp.chinhphu.vn, the same CMS, 2026-01):
title ``h1.detail-title``, lead ``h2.detail-sapo`` (with its "(Chinhphu.vn) - " tag, which stays in
the lead), time ``div.detail-time [data-role=publishdate]``, body
``div.detail-content.afcbc-body[data-role=content]`` ``<p>``s without the photo boxes
(``VCSortableInPreviewMode`` ``type-6``) and related boxes (``kbwscwl-relatedbox``), author
``a.detail-author-top-name``, else a right-aligned bold paragraph closing the story.

Version 2: version 1 read an older guess of this layout (direct-child paragraphs, ``.detail-author``).
"""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, all_bold, byline, first_text, json_ld, meta, more_precise, paragraphs, text_of

CONTENT = '[data-role="content"]'
NOT_STORY = ".VCSortableInPreviewMode, .type-6, .kbwscwl-relatedbox, [class*=relate], figure, figcaption, table, script, style"
SIGNATURE = 'p[style*="right"]'  # the byline when the page has no author link


class BaoChinhPhu(Parser):
    source = "baochinhphu"
    version = "2"
    marker = "h1.detail-title"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.detail-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, "h2.detail-sapo")

    def body(self, page: Selector) -> list[str]:
        signatures = {text_of(p) for p in self._signatures(page)}
        return [p for p in paragraphs(page, CONTENT, NOT_STORY) if p not in signatures]

    def _signatures(self, page: Selector) -> list[Selector]:
        """Right-aligned paragraphs that are all bold: a byline, not story text."""
        return [node for node in page.css(f"{CONTENT} {SIGNATURE}") if all_bold(node)]

    def authors(self, page: Selector) -> list[str]:
        if names := byline(first_text(page, "a.detail-author-top-name")):
            return names
        return [name for node in self._signatures(page) for name in byline(text_of(node))]

    def published(self, page: Selector) -> tuple[str, str] | None:
        structured: tuple[str, str] | None = None
        if value := json_ld(page).get("datePublished"):
            structured = str(value), "json-ld"
        elif value := meta(page, "article:published_time") or meta(page, "datePublished"):
            structured = value, "meta"
        shown = first_text(page, '[data-role="publishdate"]')
        return more_precise(structured, (shown, "byline") if shown else None)
