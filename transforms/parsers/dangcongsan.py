"""Đảng Cộng sản Việt Nam (dangcongsan.vn): no structured data; "Thứ Tư, 22-06-2022, 17:57" byline,
the lead in bold, authors as right-aligned paragraphs at the end of the content."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, first_text, text_of


class DangCongSanV1(Parser):
    source = "dangcongsan"
    version = "1"
    marker = "h1.post-title"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.post-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".post-summary")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".post-content > p:not(.author)")]

    def authors(self, page: Selector) -> list[str]:
        return [name for p in page.css(".post-content > p.author") if (name := text_of(p))]

    def published(self, page: Selector) -> tuple[str, str] | None:
        text = first_text(page, ".post-meta .date")
        return (text, "byline") if text else None
