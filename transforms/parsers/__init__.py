"""Site parsers (one module per site, one class per layout version), the generic reader and decoding.

``read_article`` is the entry point: the site's parser for the page's layout, or the generic reader.
"""

from __future__ import annotations

from datetime import date, datetime

from parsel import Selector

from transforms.parsers.base import ParsedArticle, Parser
from transforms.parsers.registry import GENERIC, choose, versions


def read_article(
    html: str, url: str, source: str, fetched_at: datetime | None = None, generic_only: bool = False
) -> ParsedArticle:
    """One page read by the parser that fits it (``generic_only``: by the generic reader alone)."""
    if generic_only:
        return GENERIC.parse(html, url, fetched_at)
    day: date | None = fetched_at.date() if fetched_at else None
    page = Selector(text=html)
    return choose(source, page, day).parse(html, url, fetched_at, page)


__all__ = ["ParsedArticle", "Parser", "read_article", "versions", "GENERIC"]
