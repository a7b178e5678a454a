"""The generic reader, for sources without a site parser (or whose layout changed under it).

Structured data first (JSON-LD, then meta tags), then the page itself: the main text by trafilatura,
the publication time from an element whose class names a date or time. A new source can start with
a config file alone and read well enough; a site parser is written when it must read better.
"""

from __future__ import annotations

import re

import trafilatura
from parsel import Selector

from transforms.parsers.base import Parser, first_text, json_ld, meta, split_authors, text_of
from transforms.text import normalize_text

META_PUBLISHED = ("article:published_time", "datePublished", "pubdate", "publishdate", "og:published_time")
# Elements whose class says they hold the publication time, in the page's own words.
DATE_ELEMENTS = '[class*="date"], [class*="time"], time'
LEAD_ELEMENTS = '[class*="sapo"], [class*="summary"], [class*="lead"], [class*="des"]'
LEAD_MIN_CHARS = 60  # shorter bold lines are bylines or subheadings
AUTHOR_ELEMENTS = '[class*="author"], [class*="byline"]'
# Lines that are furniture, not story text: share widgets, "read more", photo credits.
FURNITURE = re.compile(r"^(?:Chia sẻ|Xem thêm|Tin liên quan|Đọc thêm|\(?Ảnh:)", re.IGNORECASE)


class GenericParser(Parser):
    source = "generic"
    version = "1"

    def matches(self, page: Selector) -> bool:
        return True

    def title(self, page: Selector) -> str:
        return (
            normalize_text(str(json_ld(page).get("headline") or ""))
            or meta(page, "og:title")
            or first_text(page, "h1")
            or first_text(page, "title")
        )

    def lead(self, page: Selector) -> str:
        return (
            normalize_text(str(json_ld(page).get("description") or ""))
            or meta(page, "og:description")
            or meta(page, "description")
            or first_text(page, LEAD_ELEMENTS)
            or self._bold_opening(page)
        )

    def _bold_opening(self, page: Selector) -> str:
        """A lead set in bold as the story's first paragraph (portals without metadata do this)."""
        for node in page.css("p"):
            text = text_of(node)
            if not text:
                continue
            bold = normalize_text(" ".join(node.css("strong ::text, b ::text").getall()))
            if bold == text and len(text) >= LEAD_MIN_CHARS:
                return text
            if len(text) >= LEAD_MIN_CHARS:
                return ""  # the first real paragraph is plain text: the page has no lead
        return ""

    def body(self, page: Selector) -> list[str]:
        # fast: without the readability/jusText comparison, which reads these templates no better
        # (benchmarks/extraction_benchmark.py) at twice the cost.
        text = trafilatura.extract(
            page.get(), include_comments=False, include_tables=False, include_images=False, deduplicate=False, fast=True
        )
        title = self.title(page)
        captions = {text_of(node) for node in page.css("figcaption, .caption, [class*=Caption], em")}
        authors = {name.upper() for name in self.authors(page)}
        paragraphs = [normalize_text(line) for line in (text or "").splitlines()]
        return [
            p
            for p in paragraphs
            if p and p != title and p not in captions and p.upper() not in authors and not FURNITURE.match(p)
        ]

    def authors(self, page: Selector) -> list[str]:
        raw = json_ld(page).get("author") or []
        names = [str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in (raw if isinstance(raw, list) else [raw])]
        found = [normalize_text(n) for n in names if n.strip()]
        if not found and (text := meta(page, "author") or first_text(page, AUTHOR_ELEMENTS)):
            found = split_authors(text)
        return found

    def published(self, page: Selector) -> tuple[str, str] | None:
        if value := json_ld(page).get("datePublished"):
            return str(value), "json-ld"
        for key in META_PUBLISHED:
            if value := meta(page, key):
                return value, "meta"
        for node in page.css(DATE_ELEMENTS):
            if value := node.attrib.get("datetime") or text_of(node):
                if any(ch.isdigit() for ch in value):
                    return value, "byline"
        return None

    def category(self, page: Selector) -> str:
        return normalize_text(str(json_ld(page).get("articleSection") or "")) or meta(page, "article:section")
