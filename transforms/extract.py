"""Reading one article page: title, lead, body, authors, canonical URL and dates, with provenance.

Structured data (JSON-LD, meta tags) is read first, then the source's CSS selectors, then generic
rules. Every published time records the raw text it came from and the method that found it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from parsel import Selector

from sources import Selectors
from transforms.dates import VIETNAM, ParsedDate, clean, find_dates, parse_date
from transforms.documents import DOCUMENT_NUMBER
from transforms.text import normalize_text

PARSER_NAME = "generic-selectors"
PARSER_VERSION = "1"
META_PUBLISHED = (
    'meta[property="article:published_time"]::attr(content)',
    'meta[itemprop="datePublished"]::attr(content)',
    'meta[name="pubdate"]::attr(content)',
    'meta[name="publishdate"]::attr(content)',
)
AUTHOR_SPLIT = re.compile(r"\s*(?:,|\s-\s|;)\s*")
# Words just before a date that make it a document's date or a deadline, not the event's day.
DOCUMENT_CONTEXT = re.compile(r"(?:Nghị quyết|Quyết định|Chỉ thị|Kết luận|Kế hoạch|Quy định|Thông tư|Luật)\b", re.IGNORECASE)
EVENT_WINDOW_DAYS = 31


class ExtractionError(ValueError):
    """The page is not an article bantin can read (no title or no body)."""


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    lead: str
    body: str
    authors: list[str]
    canonical_url: str
    published: ParsedDate | None
    published_method: str | None
    event: ParsedDate | None
    parser: str = f"{PARSER_NAME}/{PARSER_VERSION}"
    missing: list[str] = field(default_factory=list)


def _text_of(node: Selector) -> str:
    return normalize_text(" ".join(node.css("::text").getall()))


def _first_text(page: Selector, css: str | None) -> str:
    if not css:
        return ""
    for node in page.css(css):
        text = _text_of(node)
        if text:
            return text
    return ""


def _json_ld(page: Selector) -> dict:
    """The first NewsArticle/Article object in the page's JSON-LD, or {}."""
    for raw in page.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict) and str(item.get("@type", "")).endswith("Article"):
                return item
    return {}


def _title(page: Selector, selectors: Selectors, ld: dict) -> str:
    return (
        _first_text(page, selectors.title)
        or normalize_text(str(ld.get("headline") or ""))
        or normalize_text(page.css('meta[property="og:title"]::attr(content)').get() or "")
        or _first_text(page, "h1")
    )


def _lead(page: Selector, selectors: Selectors, ld: dict) -> str:
    return (
        _first_text(page, selectors.lead)
        or normalize_text(str(ld.get("description") or ""))
        or normalize_text(page.css('meta[name="description"]::attr(content)').get() or "")
    )


def _body(page: Selector, selectors: Selectors, lead: str) -> str:
    css = selectors.body or "article p, main p"
    paragraphs = [_text_of(node) for node in page.css(css)]
    return "\n\n".join(p for p in paragraphs if p and p != lead)


def _authors(page: Selector, selectors: Selectors, ld: dict) -> list[str]:
    if selectors.authors:
        names = [name for node in page.css(selectors.authors) for name in AUTHOR_SPLIT.split(_text_of(node))]
    else:
        raw = ld.get("author") or []
        names = [str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in (raw if isinstance(raw, list) else [raw])]
    return [normalize_text(n) for n in names if n.strip()]


def _published(page: Selector, selectors: Selectors, ld: dict, url: str, fetched_at: datetime) -> tuple[ParsedDate | None, str | None]:
    candidates: list[tuple[str, str]] = []
    if ld.get("datePublished"):
        candidates.append(("json-ld", str(ld["datePublished"])))
    candidates += [("meta", value) for css in META_PUBLISHED if (value := page.css(css).get())]
    if selectors.published and (byline := _first_text(page, selectors.published)):
        candidates.append(("byline", byline))
    candidates.append(("url", url))
    for method, text in candidates:
        parsed = parse_date(text, reference=fetched_at) if method != "url" else _date_from_url(url)
        if parsed is not None:
            return parsed, method
    return None, None


def _date_from_url(url: str) -> ParsedDate | None:
    found = re.search(r"/(20\d{2})/(\d{2})/(\d{2})/", url)
    if not found:
        return None
    try:
        value = datetime(int(found[1]), int(found[2]), int(found[3]), tzinfo=VIETNAM)
    except ValueError:
        return None
    return ParsedDate(value, "day", found.group(0), "url-path")


def event_date_from_lead(lead: str, published: ParsedDate | None) -> ParsedDate | None:
    """The day the lead says the event happened: its first date that is not a document's date and
    falls within the month before publication."""
    if published is None:
        return None
    text_dates = find_dates(lead, reference=published.value)
    cleaned = clean(lead)  # the text find_dates reports spans in
    for mention in text_dates:
        before = cleaned[max(0, mention.start - 40) : mention.start]
        if DOCUMENT_NUMBER.search(before) or DOCUMENT_CONTEXT.search(before[-25:]):
            continue
        day: date = mention.parsed.day
        if published.day - timedelta(days=EVENT_WINDOW_DAYS) <= day <= published.day:
            return mention.parsed
    return None


def extract_article(html: str, url: str, fetched_at: datetime, selectors: Selectors | None = None) -> ExtractedArticle:
    """Read an article page. Raises ``ExtractionError`` when it has no title or no body."""
    selectors = selectors or Selectors()
    page = Selector(text=html)
    ld = _json_ld(page)
    title = _title(page, selectors, ld)
    lead = _lead(page, selectors, ld)
    body = _body(page, selectors, lead)
    if not title or not body:
        raise ExtractionError(f"{url}: no {'title' if not title else 'body'} found")
    published, method = _published(page, selectors, ld, url, fetched_at)
    canonical = page.css('link[rel="canonical"]::attr(href)').get() or url
    missing = [name for name, value in (("lead", lead), ("published_at", published)) if not value]
    return ExtractedArticle(
        title=title,
        lead=lead,
        body=body,
        authors=_authors(page, selectors, ld),
        canonical_url=canonical,
        published=published,
        published_method=method,
        event=event_date_from_lead(lead, published),
        missing=missing,
    )
