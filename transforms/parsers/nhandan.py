"""Nhân Dân (nhandan.vn): ``article:published_time`` meta, "Thứ Hai, 22-09-2025, 14:05" under the title.

v1: the ``article__*`` template. v2 (from 2025-09-26): the ``article-detail`` template, which drops the
meta tag and puts the time in ``<time datetime="…">``.
"""

from __future__ import annotations

from datetime import date

from parsel import Selector

from transforms.parsers.base import Parser, first_text, meta, split_authors, text_of


class NhanDanV1(Parser):
    source = "nhandan"
    version = "1"
    marker = "h1.article__title"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.article__title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".article__sapo")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".article__body > p")]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, ".article__author"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := meta(page, "article:published_time"):
            return value, "meta"
        text = first_text(page, ".article__meta time")
        return (text, "byline") if text else None

    def category(self, page: Selector) -> str:
        return first_text(page, ".breadcrumbs a")


class NhanDanV2(NhanDanV1):
    version = "2"
    valid_from = date(2025, 9, 26)
    marker = "article.article-detail"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.article-detail__title")

    def lead(self, page: Selector) -> str:
        return first_text(page, ".article-detail__sapo")

    def body(self, page: Selector) -> list[str]:
        return [text_of(p) for p in page.css(".article-detail__content > p")]

    def authors(self, page: Selector) -> list[str]:
        return split_authors(first_text(page, ".article-detail__author"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := page.css(".article-detail__meta time::attr(datetime)").get():
            return value, "meta"
        text = first_text(page, ".article-detail__meta time")
        return (text, "byline") if text else None

    def category(self, page: Selector) -> str:
        return first_text(page, ".article-detail__cate")
