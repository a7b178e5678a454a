"""Công an nhân dân (cand.com.vn): JSON-LD NewsArticle on every page, "14:05 22/09/2025" under the title.

v1: ``box-title-detail`` / ``detail-content-body`` template. v2 (from 2025-09-26): the ``detail__*``
template, with the time as "Thứ Sáu, 26/09/2025 - 14:05" and a related-news box inside the content.
"""

from __future__ import annotations

from datetime import date

from parsel import Selector

from transforms.parsers.base import Parser, first_text, json_ld, split_authors, text_of


class CandV1(Parser):
    source = "cand"
    version = "1"
    marker = "h1.box-title-detail"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.box-title-detail")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".box-des-detail")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".detail-content-body > p")]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, ".box-author"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := json_ld(page).get("datePublished"):
            return str(value), "json-ld"
        text = first_text(page, ".box-date")
        return (text, "byline") if text else None

    def category(self, page: Selector) -> str:
        return first_text(page, ".box-breadcrumb a")


class CandV2(CandV1):
    version = "2"
    valid_from = date(2025, 9, 26)
    marker = "article.detail-v2"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.detail__title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".detail__sapo")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".detail__content > p:not(.detail__author)")]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, ".detail__content > p.detail__author"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := json_ld(page).get("datePublished"):
            return str(value), "json-ld"
        text = first_text(page, ".detail__time")
        return (text, "byline") if text else None

    def category(self, page: Selector) -> str:
        return first_text(page, ".detail__cate a")
