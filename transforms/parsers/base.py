"""What a site parser is: one small method per field, and the article it reads.

A ``Parser`` reads one layout of one site. ``parse`` calls the field methods in turn; a subclass
overrides only what its layout does differently. Everything here is pure: HTML text in, values out.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar

from cssselect import GenericTranslator
from parsel import Selector

from transforms.dates import VIETNAM, ParsedDate, parse_date
from transforms.text import normalize_text

URL_DATE = re.compile(r"/(20\d{2})/(\d{2})/(\d{2})/")
AUTHOR_SPLIT = re.compile(r"\s*(?:,|\s-\s|;)\s*")
REQUIRED_FIELDS = ("title", "body", "published")
MAX_ZONE_GAP_HOURS = 14  # the widest gap between two UTC offsets


@dataclass(frozen=True)
class ParsedArticle:
    """One article as a parser read it. ``published_text`` is the raw text the time came from."""

    title: str
    lead: str
    body: list[str]
    authors: list[str]
    canonical_url: str
    category: str
    published: ParsedDate | None
    published_text: str | None
    published_method: str | None
    parser: str
    parser_version: str
    missing: list[str] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body)

    @property
    def complete(self) -> bool:
        """Every required field was found (title, body, published time)."""
        return not any(name in self.missing for name in REQUIRED_FIELDS)


def text_of(node: Selector) -> str:
    return normalize_text(" ".join(node.css("::text").getall()))


def first_text(page: Selector, css: str) -> str:
    for node in page.css(css):
        if text := text_of(node):
            return text
    return ""


def meta(page: Selector, key: str) -> str:
    """A meta tag's content by ``property``, ``name`` or ``itemprop``."""
    for attribute in ("property", "name", "itemprop"):
        if value := page.css(f'meta[{attribute}="{key}"]::attr(content)').get():
            return normalize_text(value)
    return ""


def json_ld(page: Selector) -> dict[str, Any]:
    """The first NewsArticle/Article object in the page's JSON-LD, or {}."""
    for raw in page.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and _is_article(item.get("@type", "")):
                return item
    return {}


def _is_article(kind: object) -> bool:
    """``"NewsArticle"``, or a list of types with one article type in it."""
    kinds = kind if isinstance(kind, list) else [kind]
    return any(str(k).endswith("Article") for k in kinds)


def date_from_url(url: str) -> ParsedDate | None:
    """The day a ``/2025/09/24/`` path names (the last resort: the page states no time)."""
    found = URL_DATE.search(url)
    if not found:
        return None
    try:
        value = datetime(int(found[1]), int(found[2]), int(found[3]), tzinfo=VIETNAM)
    except ValueError:
        return None
    return ParsedDate(value, "day", found.group(0), "url-path")


# "Huỳnh Anh (TTXVN)": the agency the reporter works for, after the name; the name is the author.
AGENCY_AFTER_NAME = re.compile(r"\s*\((?:TTXVN|VNA|[A-ZĐ]{2,8})\)\s*$")


def split_authors(text: str) -> list[str]:
    names = (AGENCY_AFTER_NAME.sub("", normalize_text(name)) for name in AUTHOR_SPLIT.split(text) if name.strip())
    return [name for name in names if name]


# "Theo TTXVN": the story comes from an agency; the agency is what the byline names.
ATTRIBUTION = re.compile(r"^\s*theo\s+", re.IGNORECASE)


def byline(text: str) -> list[str]:
    """The names a byline holds: without a leading "Theo " and trailing dashes, split on commas."""
    cleaned = ATTRIBUTION.sub("", normalize_text(text)).strip(" -–")
    return split_authors(cleaned) if cleaned else []


def unescape(text: str) -> str:
    """Structured data is sometimes escaped twice ("&amp;#7871;" for "ế"): unescape until it stops changing."""
    for _ in range(4):
        plain = html.unescape(text)
        if plain == text:
            break
        text = plain
    return normalize_text(text)


@cache
def _ancestor_xpath(css: str) -> str:
    return str(GenericTranslator().css_to_xpath(css, prefix="ancestor-or-self::"))


def paragraph_nodes(page: Selector, container: str, skip: str = "") -> list[Selector]:
    """Every non-empty ``<p>`` inside the first ``container`` (nested ones too, in page order),
    leaving out the paragraphs that sit inside an element matching ``skip``."""
    box = page.css(container)
    if not box:
        return []
    skipped = _ancestor_xpath(skip) if skip else ""
    return [node for node in box[0].css("p") if not (skipped and node.xpath(skipped)) and text_of(node)]


def paragraphs(page: Selector, container: str, skip: str = "") -> list[str]:
    return [text_of(node) for node in paragraph_nodes(page, container, skip)]


def all_bold(node: Selector) -> bool:
    """The paragraph's whole text is bold (a byline or a credit, not story text)."""
    bold = normalize_text(" ".join(node.css("strong ::text, b ::text").getall()))
    return bool(bold) and bold == text_of(node)


def json_ld_authors(page: Selector, publisher: re.Pattern[str] | None = None) -> list[str]:
    """The JSON-LD ``author`` names (one object or a list): people, not organizations, and none
    matching ``publisher`` (the paper's own name where it is given as a person)."""
    raw = json_ld(page).get("author") or []
    items = raw if isinstance(raw, list) else [raw]
    people = [a for a in items if not (isinstance(a, dict) and str(a.get("@type", "")).endswith("Organization"))]
    names = [unescape(str(a.get("name", ""))) if isinstance(a, dict) else unescape(str(a)) for a in people]
    return [n for n in names if n and not (publisher and publisher.search(n))]


def more_precise(structured: tuple[str, str] | None, visible: tuple[str, str] | None) -> tuple[str, str] | None:
    """The publication time to believe: the structured one (JSON-LD, meta) unless the visible one
    agrees on the day and is more precise (a meta date of ``T00:00:00`` or without a time, a byline
    with the minute). When they disagree on the day the structured one stands."""
    if structured is None or visible is None:
        return structured or visible
    meta_date, shown = parse_date(structured[0]), parse_date(visible[0])
    if meta_date is None:
        return visible if shown is not None else None
    if shown is None:
        return structured
    if shown.precision == "minute" and _zone_slip(meta_date.value, shown.value):
        return visible
    if shown.day != meta_date.day:
        return structured
    vague = meta_date.precision == "day" or meta_date.value.time() == datetime.min.time()
    return visible if vague and shown.precision != "day" else structured


def _zone_slip(structured: datetime, shown: datetime) -> bool:
    """The two differ by whole hours, same minute: the structured time carries the wrong zone
    (Vietnam's wall clock labelled UTC), and the clock the reader sees is the site's."""
    gap = abs((structured - shown).total_seconds())
    return 0 < gap <= MAX_ZONE_GAP_HOURS * 3600 and gap % 3600 == 0 and structured.time() != datetime.min.time()


class Parser:
    """One layout of one site. Subclasses set ``source``, ``version``, ``valid_from`` and ``marker``
    (a CSS selector only this layout has) and override the field methods their layout needs."""

    source: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    valid_from: ClassVar[date | None] = None  # the first day the site published in this layout
    marker: ClassVar[str] = ""

    def matches(self, page: Selector) -> bool:
        """The page is in this layout."""
        return bool(self.marker) and bool(page.css(self.marker))

    # --- one method per field ------------------------------------------------------------------
    def title(self, page: Selector) -> str:
        return first_text(page, "h1")

    def lead(self, page: Selector) -> str:
        return meta(page, "description")

    def body(self, page: Selector) -> list[str]:
        return []

    def authors(self, page: Selector) -> list[str]:
        return []

    def published(self, page: Selector) -> tuple[str, str] | None:
        """(raw text, method) of the publication time as the page states it."""
        return None

    def category(self, page: Selector) -> str:
        return ""

    def canonical_url(self, page: Selector, url: str) -> str:
        return page.css('link[rel="canonical"]::attr(href)').get() or url

    # --- the whole article ---------------------------------------------------------------------
    def parse(self, html: str, url: str, fetched_at: datetime | None = None, page: Selector | None = None) -> ParsedArticle:
        page = page if page is not None else Selector(text=html)
        lead = self.lead(page)
        body = [p for p in self.body(page) if p and p != lead]
        raw = self.published(page)
        parsed = parse_date(raw[0], reference=fetched_at) if raw else None
        if parsed is None and (from_url := date_from_url(url)) is not None:
            parsed, raw = from_url, (from_url.text, "url")
        article = ParsedArticle(
            title=self.title(page),
            lead=lead,
            body=body,
            authors=self.authors(page),
            canonical_url=self.canonical_url(page, url),
            category=self.category(page),
            published=parsed,
            published_text=parsed.text if parsed else None,
            published_method=raw[1] if parsed and raw else None,
            parser=self.source,
            parser_version=self.version,
        )
        missing = [name for name in ("title", "lead", "body", "published") if not getattr(article, name)]
        return ParsedArticle(**{**vars(article), "missing": missing})

    @property
    def name(self) -> str:
        return f"{self.source}/{self.version}"
