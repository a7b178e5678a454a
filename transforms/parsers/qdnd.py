"""Quân đội nhân dân (qdnd.vn), the army's paper: JSON-LD NewsArticle, "Thứ Tư, 24/09/2025 - 08:15"
under the title, the lead in ``post-summary``, a related-news box and the author inside the content."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, first_text, json_ld, split_authors, text_of


class QdndV1(Parser):
    source = "qdnd"
    version = "1"
    marker = "div.post-detail h1.post-title"

    def title(self, page: Selector) -> str:
        return first_text(page, ".post-detail h1.post-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".post-summary")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".post-content > p:not(.author-name)")]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, ".post-content > p.author-name"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := json_ld(page).get("datePublished"):
            return str(value), "json-ld"
        text = first_text(page, ".post-subinfo")
        return (text, "byline") if text else None

    def category(self, page: Selector) -> str:
        return first_text(page, ".breadcrumb a:last-child")
