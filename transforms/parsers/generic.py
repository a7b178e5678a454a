"""The generic reader, for sources without a site parser (or whose layout changed under it).

Structured data first (JSON-LD, then meta tags), then the page itself as ``portal.PortalPage``
locates it: the article's own heading (the portal's name cut from ``<title>``), the time shown next
to it (a labelled or date-named element, not the header's today or a related list's dates), and the
block of paragraphs after it without captions, related boxes and the signature (trafilatura only
where there is no such block). A new source can start with a source file alone and read well; a
site parser is written only where it must read better.
"""

from __future__ import annotations

import re

import trafilatura
from parsel import Selector

from transforms.dates import parse_date
from transforms.parsers.base import Parser, first_text, json_ld, meta, more_precise, split_authors, text_of
from transforms.parsers.portal import PortalPage, signature_names
from transforms.text import normalize_text

META_PUBLISHED = ("article:published_time", "datePublished", "pubdate", "publishdate", "og:published_time")
LEAD_ELEMENTS = (
    '[class*="sapo"], [class*="summary"], [class*="lead"], [class*="des"], [class*="Des"], [class*="MoTa"], [class*="mota"], '
    '[class*="hometext"], [class*="brief"], [class*="intro"], [class*="TrichDan"], [class*="trichdan"], [itemprop="description"]'
)  # the lead's box, in English and Vietnamese class names ("MoTa": mô tả; "TrichDan": trích dẫn)
LEAD_MIN_CHARS = 60  # shorter bold lines are bylines or subheadings
PHOTO_WORDS = re.compile(r"image|photo|caption|figure|chuthich|credit|img", re.IGNORECASE)
LEADING_UTILITY = re.compile(r"(?:^|\s)leading-")
LEAD_WORD = re.compile(r"lead(?!ing-)|sapo|summary|des|Des|MoTa|mota|hometext|brief|intro|TrichDan|trichdan")
STORY_MIN_CHARS = 200  # less, and the story is not one block of paragraphs: trafilatura reads the page
BYLINE_MAX_CHARS = 80  # a line of the story this short that is mostly a date is the byline
AUTHOR_ELEMENTS = (
    '[class*="author"], [class*="byline"], [class*="pseudonym"]'  # pseudonym: a pen name (Báo Quảng Ninh's div.pseudonym)
)
# Lines that are furniture, not story text: share widgets, "read more", photo credits.
FURNITURE = re.compile(r"^(?:Chia sẻ|Xem thêm|Tin liên quan|Đọc thêm|\(?Ảnh:)", re.IGNORECASE)


class GenericParser(Parser):
    source = "generic"
    version = "1"

    def matches(self, page: Selector) -> bool:
        return True

    def portal(self, page: Selector) -> PortalPage:
        """The page's layout, read once per page (the field methods all ask it)."""
        if self._portal is None or self._portal[0] is not page:
            self._portal = (page, PortalPage(page))
        return self._portal[1]

    _portal: tuple[Selector, PortalPage] | None = None

    def title(self, page: Selector) -> str:
        structured = json_ld(page)
        return normalize_text(str(structured.get("headline") or structured.get("name") or "")) or self.portal(page).title

    def lead(self, page: Selector) -> str:
        described = (
            normalize_text(str(json_ld(page).get("description") or ""))
            or meta(page, "og:description")
            or meta(page, "description")
        )
        shown = self._lead_element(page) or self._bold_opening(page) or self.portal(page).story.lead_before
        if described and not shown:
            # Metadata often cuts the lead ("…", 160 characters): the page's paragraph that begins the same way is the whole lead.
            shown = next((p for p in self._opening_paragraphs(page) if _same_opening(p, described)), "")
        return shown or described  # the page's own lead over the metadata's, which may describe the site

    def _lead_element(self, page: Selector) -> str:
        """The text of an element whose class names a lead (``sapo``, ``summary``): its first paragraph
        when it holds several (the byline can share the box)."""
        title = self.title(page)
        for node in page.css(LEAD_ELEMENTS):
            names = node.attrib.get("class", "")
            if node.root.tag == "h1" or (LEADING_UTILITY.search(names) and not LEAD_WORD.search(names)):
                continue  # "leading-[36px]" is a line height (Tailwind), not a lead
            if PHOTO_WORDS.search(names):
                continue  # "image_desc": a photo's caption
            paragraphs = [text for p in node.css("p") if (text := text_of(p))]
            text = paragraphs[0] if paragraphs else text_of(node)
            if len(text) >= LEAD_MIN_CHARS and text != title:
                return text
        return ""

    def _opening_paragraphs(self, page: Selector) -> list[str]:
        """The first paragraphs of the story block (where a lead without its own element sits)."""
        return [text for text, _ in self.portal(page).story.blocks[:3]]

    def _bold_opening(self, page: Selector) -> str:
        """A lead set in bold as the story's first paragraph (portals without metadata do this)."""
        for node in page.css("p"):
            text = text_of(node)
            if not text:
                continue
            bold = normalize_text(" ".join(node.css("strong ::text, b ::text").getall()))
            if (bold == text or "bold" in node.attrib.get("class", "")) and len(text) >= LEAD_MIN_CHARS:
                return text
            if len(text) >= LEAD_MIN_CHARS:
                return ""  # the first real paragraph is plain text: the page has no lead
        return ""

    def body(self, page: Selector) -> list[str]:
        portal = self.portal(page)
        title = self.title(page)
        shown = portal.byline
        paragraphs, _ = portal.story.paragraphs({title, *([shown.text] if shown else [])})
        paragraphs = [
            p for p in paragraphs if not _byline_line(p) and not (shown and shown.text in p and len(p) <= BYLINE_MAX_CHARS)
        ]
        if len(paragraphs) >= 2 and sum(map(len, paragraphs)) >= STORY_MIN_CHARS:
            return paragraphs
        return self._body_by_trafilatura(page, title)

    def _body_by_trafilatura(self, page: Selector, title: str) -> list[str]:
        """The main text as trafilatura finds it: for pages whose story is not one block of paragraphs."""
        # fast: without the readability/jusText comparison, which reads these templates no better
        # (benchmarks/extraction_benchmark.py) at twice the cost.
        text = trafilatura.extract(
            page.get(), include_comments=False, include_tables=False, include_images=False, deduplicate=False, fast=True
        )
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
        if not found:  # the signature closing the story ("Tin, ảnh: P.Y", a bold name set right)
            title = self.title(page)
            found = signature_names(self.portal(page).story.paragraphs({title})[1])
        return found

    def published(self, page: Selector) -> tuple[str, str] | None:
        structured: tuple[str, str] | None = None
        if value := json_ld(page).get("datePublished"):
            structured = str(value), "json-ld"
        else:
            structured = next(((value, "meta") for key in META_PUBLISHED if (value := meta(page, key))), None)
        portal = self.portal(page)
        shown = portal.byline
        chosen = more_precise(structured, (shown.text, shown.method) if shown else None)
        day_only = parse_date(chosen[0]) if chosen else None
        if day_only is not None and day_only.precision == "day":
            # The structured day alone, and no time beside the title: a time of that day in a date-named
            # element of the chrome above the title (Báo Cần Thơ's share bar) gives the minute.
            agreeing = [b for b in portal.chrome_times() if b.parsed.precision == "minute" and b.parsed.day == day_only.day]
            if agreeing:
                return agreeing[-1].text, agreeing[-1].method
        return chosen

    def category(self, page: Selector) -> str:
        return normalize_text(str(json_ld(page).get("articleSection") or "")) or meta(page, "article:section")


def _byline_line(text: str) -> bool:
    """A short line that is only a date and time ("Cập nhật lúc 10:45 ngày 01/12/2024")."""
    return (
        len(text) <= BYLINE_MAX_CHARS
        and any(c.isdigit() for c in text)
        and (found := parse_date(text)) is not None
        and (len(found.text) >= len(text) * 0.5)
    )


def _same_opening(text: str, other: str) -> bool:
    """The two begin with the same words (one may be cut, with or without "…")."""
    a, b = (normalize_text(t).rstrip(".…").casefold() for t in (text, other))
    shorter = min(len(a), len(b))
    return shorter >= 30 and a[: shorter - 3] == b[: shorter - 3]
