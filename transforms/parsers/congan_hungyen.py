"""Công an tỉnh Hưng Yên (congan.hungyen.gov.vn): a provincial portal, windows-1258 pages, no metadata;
"Ngày đăng: 30/09/2025 16:20", the lead as the first (bold) ``MsoNormal`` paragraph, captions as
centred italics, the author right-aligned at the end."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, first_text, split_authors, text_of


class CongAnHungYenV1(Parser):
    source = "congan_hungyen"
    version = "1"
    marker = "h2.news-title"

    def title(self, page: Selector) -> str:
        return first_text(page, "h2.news-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".news-content > p:first-child")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".news-content > p.MsoNormal:not(:first-child)")]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, '.news-content > p[style*="right"]'))

    def published(self, page: Selector) -> tuple[str, str] | None:
        text = first_text(page, ".news-date")
        return (text, "byline") if text else None
