"""Công an nhân dân: the paper moved from cand.com.vn to cand.vn; the move day is in no evidence, so
neither version has a first day and the page's markup alone decides which reads it.

Version 1, the old cand.com.vn template (lantuan2205/crawler_news news_crawler/congannhandan.py,
2025; tammuoichanhoa/crawl_lastest_news crawler/site_config.yml, crawler/article.py, 2026-01;
giapham123/crawl-news-python crawl_data_news/config.py, 2025-12): ``h1.box-title-detail``, lead
``div.box-des-detail p``, time ``div.box-date`` ("11:10 18/07/2022 |"), body
``div.detail-content-body`` with related boxes ``.contref.simplebox`` inside it, author
``div.box-author strong``, section in ``.uk-breadcrumb``.

Version 3, cand.vn in the shared CMS (``cms_family.py``; zotero/translators "Cong an Nhan dan.js",
2026-08-08): JSON-LD NewsArticle first, ``article:published_time`` and ``.article__author`` next,
authors named "Công an Nhân dân" dropped (the paper, not a writer). It is 3, not 2, because a
version 2 of this source read an earlier guess of the layout.
"""

from __future__ import annotations

import re

from parsel import Selector

from transforms.parsers.base import Parser, byline, first_text, json_ld, meta, more_precise, paragraphs, text_of
from transforms.parsers.cms_family import CmsFamilyParser

PUBLISHER = re.compile(r"Công an Nhân dân", re.IGNORECASE)
OLD_NOT_STORY = ".contref, .simplebox, figure, figcaption, table.picture, .box-author, script, style"


class CandComVn(Parser):
    source = "cand"
    version = "1"
    marker = "h1.box-title-detail"

    def title(self, page: Selector) -> str:
        return first_text(page, "h1.box-title-detail")

    def lead(self, page: Selector) -> str:
        return first_text(page, "div.box-des-detail p") or first_text(page, "div.box-des-detail")

    def body(self, page: Selector) -> list[str]:
        return paragraphs(page, "div.detail-content-body", OLD_NOT_STORY)

    def authors(self, page: Selector) -> list[str]:
        return byline(first_text(page, "div.box-author strong"))

    def published(self, page: Selector) -> tuple[str, str] | None:
        structured: tuple[str, str] | None = None
        if value := json_ld(page).get("datePublished"):
            structured = str(value), "json-ld"
        elif value := meta(page, "article:published_time"):
            structured = value, "meta"
        shown = first_text(page, "div.box-date").strip(" |")
        return more_precise(structured, (shown, "byline") if shown else None)

    def category(self, page: Selector) -> str:
        links = page.css(".uk-breadcrumb a")
        return text_of(links[-1]) if links else ""


class CandVn(CmsFamilyParser):
    source = "cand"
    version = "3"
    publisher = PUBLISHER
