"""Báo Chính phủ (baochinhphu.vn): ``itemprop="datePublished"`` meta, "22/09/2025 14:05" under the
title, the lead in an h2, photos in ``VCSortableInPreviewMode`` boxes, authors joined by " - "."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, first_text, meta, split_authors, text_of


class BaoChinhPhuV1(Parser):
    source = "baochinhphu"
    version = "1"
    marker = '[data-role="content"]'

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.detail-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, "h2.detail-sapo")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css('[data-role="content"] > p')]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, ".detail-author"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := meta(page, "datePublished"):
            return value, "meta"
        text = first_text(page, '[data-role="publishdate"]')
        return (text, "byline") if text else None
