"""Reading one article page: the site's parser for its layout, the generic reader when that parser
leaves a required field empty, and the event date the lead names.

The site parsers and the generic reader live in ``transforms/parsers``; every published time keeps
the raw text it came from and the method that found it, and every article the parser and version
that read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from transforms.dates import ParsedDate, clean, find_dates
from transforms.documents import DOCUMENT_NUMBER
from transforms.parsers import ParsedArticle, read_article
from transforms.text import split_outlet_tag

# Words just before a date that make it a document's date or a deadline, not the event's day.
DOCUMENT_CONTEXT = re.compile(r"(?:Nghị quyết|Quyết định|Chỉ thị|Kết luận|Kế hoạch|Quy định|Thông tư|Luật)\b", re.IGNORECASE)
EVENT_WINDOW_DAYS = 31


class ExtractionError(ValueError):
    """The page is not an article bantin can read; ``field`` is what it lacks ("title" or "body")."""

    def __init__(self, url: str, field: str) -> None:
        super().__init__(f"{url}: no {field} found")
        self.field = field


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    lead: str
    body: str
    authors: list[str]
    canonical_url: str
    category: str
    published: ParsedDate | None
    published_method: str | None
    event: ParsedDate | None
    parser: str
    parser_version: str
    fell_back: bool = False  # the site parser left a required field empty; the generic reader read the page
    missing: list[str] = field(default_factory=list)
    outlet_tag: str | None = None  # "Chinhphu.vn" of a lead that began "(Chinhphu.vn) - " (taken out of the lead)


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


def _better(site: ParsedArticle, generic: ParsedArticle) -> bool:
    """The generic reading fills more of the required fields than the site parser's."""
    return len([m for m in generic.missing if m != "lead"]) < len([m for m in site.missing if m != "lead"])


def extract_article(html: str, url: str, fetched_at: datetime, source: str = "", generic_only: bool = False) -> ExtractedArticle:
    """Read an article page of ``source``. Raises ``ExtractionError`` when it has no title or no body."""
    parsed = read_article(html, url, source, fetched_at, generic_only=generic_only)
    fell_back = False
    if not parsed.complete and parsed.parser != "generic":
        generic = read_article(html, url, source, fetched_at, generic_only=True)
        if _better(parsed, generic):
            parsed, fell_back = generic, True
    if not parsed.title or not parsed.body:
        raise ExtractionError(url, "title" if not parsed.title else "body")
    outlet_tag, lead = split_outlet_tag(parsed.lead)
    return ExtractedArticle(
        title=parsed.title,
        lead=lead,
        body=parsed.body_text,
        authors=parsed.authors,
        canonical_url=parsed.canonical_url,
        category=parsed.category,
        published=parsed.published,
        published_method=parsed.published_method,
        event=event_date_from_lead(lead, parsed.published),
        parser=parsed.parser,
        parser_version=parsed.parser_version,
        fell_back=fell_back,
        missing=[m for m in parsed.missing if m in ("lead", "published")],
        outlet_tag=outlet_tag,
    )
