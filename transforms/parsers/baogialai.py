"""Báo Gia Lai (baogialai.com.vn): JSON-LD NewsArticle, "Thứ Hai, 22/09/2025, 15:40 (GMT+7)" byline,
authors in capitals as right-aligned paragraphs closing the body."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import Parser, first_text, json_ld, text_of
from transforms.text import normalize_text


class BaoGiaLaiV1(Parser):
    source = "baogialai"
    version = "1"
    marker = "h1.cms-title"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.cms-title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".sapo")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css('.cms-body > p:not([style*="right"])')]

    def authors(self, page: Selector) -> list[str]:
        raw = json_ld(page).get("author") or []
        names = [normalize_text(str(a.get("name", ""))) for a in raw if isinstance(a, dict)]
        return [n for n in names if n] or [t for p in page.css('.cms-body > p[style*="right"]') if (t := text_of(p))]

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := json_ld(page).get("datePublished"):
            return str(value), "json-ld"
        text = first_text(page, ".article-meta time")
        return (text, "byline") if text else None

    def category(self, page: Selector) -> str:
        return normalize_text(str(json_ld(page).get("articleSection") or ""))
