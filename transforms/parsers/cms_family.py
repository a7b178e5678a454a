"""The CMS many national papers share (nhandan.vn, cand.vn, baogialai.com.vn, vietnamplus.vn,
tienphong.vn, baohatinh.vn …): ``article__*`` classes, the story in ``div.article__body.cms-body``,
``-post<id>.html`` URLs, JSON-LD NewsArticle and ``article:published_time``.

What the family's pages carry, as public crawlers read them:
- title ``h1.article__title`` (often also ``cms-title``), lead ``div.article__sapo`` (``cms-desc`` on
  some papers), body ``div.article__body.zce-content-body.cms-body[itemprop=articleBody]``, time
  ``div.article__meta time`` ("Thứ Ba, ngày 14/01/2025 - 06:01"), author ``.article__author``:
  lantuan2205/crawler_news news_crawler/baonhandan.py (2025), tammuoichanhoa/crawl_lastest_news
  crawler/site_config.yml and crawler/article.py (2026-01), giapham123/crawl-news-python
  crawl_data_news/config.py (2025-12);
- JSON-LD NewsArticle (headline, datePublished, description, author as one Person) first, then
  ``meta[property=article:published_time]`` and ``.article__author``: zotero/translators
  "Cong an Nhan dan.js" (lastUpdated 2026-08-08).

This module is a base, not a site: ``source`` stays empty, so the registry registers only the
papers' subclasses (``nhandan.py``, ``baogialai.py``, ``cand.py``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from parsel import Selector

from transforms.parsers.base import (
    Parser,
    byline,
    first_text,
    json_ld,
    json_ld_authors,
    meta,
    more_precise,
    paragraphs,
    text_of,
    unescape,
)

# What sits inside the body container but is not the story: photos and their captions, boxes of
# related links, embedded bylines, share bars and scripts.
NOT_STORY = (
    "figure, figcaption, table.picture, .article__author, .article__meta, .related, [class*=related], "
    ".contref, .simplebox, .box-related, .social, .share, script, style, .ads, .banner"
)


class CmsFamilyParser(Parser):
    """One page of the shared CMS; a paper's subclass sets ``source``/``version`` and overrides
    only what its pages do differently (its byline, the paper's own name among the authors)."""

    marker = "h1.article__title"
    body_container: ClassVar[str] = "div.article__body, div.cms-body"
    # Authors the structured data lists that are the paper itself, not a person.
    publisher: ClassVar[re.Pattern[str] | None] = None

    def title(self, page: Selector) -> str:
        # The headline the reader sees; the SEO headline in JSON-LD may be worded differently.
        return first_text(page, "h1.article__title") or unescape(str(json_ld(page).get("headline") or ""))

    def lead(self, page: Selector) -> str:
        return first_text(page, ".article__sapo") or unescape(str(json_ld(page).get("description") or ""))

    def body(self, page: Selector) -> list[str]:
        return paragraphs(page, self.body_container, NOT_STORY)

    def authors(self, page: Selector) -> list[str]:
        return json_ld_authors(page, self.publisher) or self.visible_authors(page)

    def visible_authors(self, page: Selector) -> list[str]:
        names = byline(first_text(page, ".article__author"))
        return [n for n in names if not (self.publisher and self.publisher.search(n))]

    def published(self, page: Selector) -> tuple[str, str] | None:
        return more_precise(self.structured_time(page), self.visible_time(page))

    def structured_time(self, page: Selector) -> tuple[str, str] | None:
        if value := json_ld(page).get("datePublished"):
            return str(value), "json-ld"
        if value := meta(page, "article:published_time"):
            return value, "meta"
        return None

    def visible_time(self, page: Selector) -> tuple[str, str] | None:
        for node in page.css(".article__meta time"):
            if text := text_of(node) or node.attrib.get("datetime", ""):
                return text, "byline"
        return None

    def category(self, page: Selector) -> str:
        if section := meta(page, "article:section"):
            return section
        raw = json_ld(page).get("articleSection") or ""
        first = raw[0] if isinstance(raw, list) and raw else raw
        return unescape(str(first).split(",")[0]) if first else ""

    def canonical_url(self, page: Selector, url: str) -> str:
        return page.css('link[rel="canonical"]::attr(href)').get() or meta(page, "og:url") or url
