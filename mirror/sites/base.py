"""What every mirrored site shares: the Site base class, the Jinja2 templates and the discovery files.

Each site lives in its own folder under ``mirror/sites/``: a module that gives its URL shapes and
routing, and Jinja2 templates whose skeleton follows the public evidence named at their top.
Feeds and sitemaps are shared templates in ``mirror/sites/_shared/``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, ClassVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from mirror.corpus import VIETNAM, MirrorArticle

TEMPLATES = Path(__file__).parent
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
PAGE_SIZE = 5
MONTHLY_SITEMAP = re.compile(r"^/sitemaps/news-(\d{4})-([1-9]|1[0-2])\.xml$")  # the month is not zero padded

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def weekday(moment: datetime) -> str:
    return WEEKDAYS[moment.weekday()]


def render(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)


@dataclass(frozen=True)
class Block:
    """One piece of an article body in page order: a paragraph, or a photo with its caption."""

    kind: str  # "p" or "figure"
    text: str


def body_blocks(article: MirrorArticle) -> list[Block]:
    """The body's paragraphs with each photo caption inserted where the page shows it."""
    blocks = [Block("figure", c.text) for c in article.captions if c.after == 0]
    for number, text in enumerate(article.body, start=1):
        blocks.append(Block("p", text))
        blocks.extend(Block("figure", c.text) for c in article.captions if c.after == number)
    return blocks


def json_ld(article: MirrorArticle, url: str, publisher: str, single_author: bool = False) -> Markup:
    """A NewsArticle JSON-LD script body, safe inside ``<script>``. ``single_author``: one Person object
    naming every author (as cand.vn writes it) instead of a list of Persons."""
    persons: list[dict[str, str]] | dict[str, str] = [{"@type": "Person", "name": name} for name in article.authors]
    if single_author and article.authors:
        persons = {"@type": "Person", "name": ", ".join(article.authors)}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.published_at.isoformat(),
        "author": persons,
        "publisher": {"@type": "Organization", "name": publisher},
        "mainEntityOfPage": url,
        "articleSection": article.category,
    }
    return Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))


@dataclass(frozen=True)
class Site:
    """One mirrored outlet. Subclasses give URL shapes and page context; templates give the markup."""

    key: str = ""
    name: str = ""
    real_base_url: str = ""
    listing_path: str = "/"
    discovery_files: tuple[str, ...] = ()  # fixed feed and sitemap paths (monthly sitemaps come from the articles)
    disallow: tuple[str, ...] = ("/tim-kiem",)

    charset: ClassVar[str] = "utf-8"  # what the site's pages are encoded in and declare
    monthly_sitemaps: ClassVar[bool] = False  # serves /sitemaps/news-{year}-{month}.xml
    feeds: ClassVar[dict[str, str]] = {}  # RSS path -> channel title
    cookie_gate: ClassVar[tuple[str, str] | None] = None  # (cookie name, path prefix) a session cookie guards
    listing_paginated: ClassVar[bool] = True
    page_size: int = PAGE_SIZE  # listing items a page (a volume mirror's copy of the site shows more)
    moved_from: ClassVar[str | None] = None  # the old domain that now 301-redirects here
    ld_single_author: ClassVar[bool] = False  # JSON-LD "author" is one Person object, not a list

    def moved_path(self, path: str, query: str, articles: list[MirrorArticle]) -> str:
        """Where the old domain redirects a request for ``path`` (a path on this site)."""
        return f"{path}?{query}" if query else path

    # --- URLs -----------------------------------------------------------------------------------
    def article_path(self, article: MirrorArticle) -> str:
        raise NotImplementedError

    def listing_url(self, page: int) -> str:
        return f"{self.listing_path}?page={page}" if page > 1 else self.listing_path

    def listing_page(self, path: str, query: str) -> int | None:
        """The listing page number a request asks for, or None when it is no listing URL."""
        if path == self.listing_path:
            match = re.fullmatch(r"(?:.*&)?page=(\d+)(?:&.*)?", query)
            return int(match.group(1)) if match else 1
        return None

    def sitemap_paths(self, articles: list[MirrorArticle]) -> list[str]:
        """The monthly news sitemaps that hold ``articles`` (newest month first)."""
        if not self.monthly_sitemaps:
            return []
        months = sorted({(a.published_date.year, a.published_date.month) for a in articles}, reverse=True)
        return [f"/sitemaps/news-{year}-{month}.xml" for year, month in months]

    # --- pages ----------------------------------------------------------------------------------
    def declared_charset(self, article: MirrorArticle) -> str:
        """The charset the HTTP header declares for an article page (a site may get it wrong)."""
        return self.charset

    def encode(self, text: str) -> bytes:
        return text.encode(self.charset)

    def layout_of(self, article: MirrorArticle) -> str:
        """The template the page was published in: every site has one (an unknown new one is a fault)."""
        return "v1"

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        """What the site's article template shows beyond the article itself (date strings and so on)."""
        return {}

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        url = base_url + self.article_path(article)
        return render(
            f"{self.key}/article.html",
            site=self,
            article=article,
            url=url,
            base_url=base_url,
            blocks=body_blocks(article),
            json_ld=json_ld(article, url, self.name, self.ld_single_author),
            published_iso=article.published_at.isoformat(),
            **self.article_context(article, base_url),
        )

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {"article": article, "path": self.article_path(article), "url": base_url + self.article_path(article)}

    def render_listing(self, articles: list[MirrorArticle], page: int, base_url: str = "") -> str | None:
        """Listing page ``page`` (1-based), newest first. Past the last page: the site's empty list."""
        if page < 1:
            return None
        chunk = articles[(page - 1) * self.page_size : page * self.page_size] if self.listing_paginated or page == 1 else []
        items = [self.listing_context(a, base_url) for a in chunk]
        return render(f"{self.key}/listing.html", site=self, items=items, page=page, base_url=base_url)

    def render_missing(self) -> str:
        return render("_shared/missing.html", site=self)

    # --- discovery ------------------------------------------------------------------------------
    def robots_txt(self, base_url: str, articles: list[MirrorArticle] | None = None) -> str:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in self.disallow)]
        sitemaps = [*self.sitemap_paths(articles or []), *(p for p in self.discovery_files if "sitemap" in p)]
        lines += [f"Sitemap: {base_url}{path}" for path in sitemaps]
        return "\n".join(lines) + "\n"

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        """(content type, body) of a sitemap or feed at ``path``, or None."""
        if path in self.feeds:
            return "application/rss+xml", self.rss(articles, base_url, self.feeds[path])
        if self.monthly_sitemaps:
            match = MONTHLY_SITEMAP.match(path)
            if match:
                year, month = int(match.group(1)), int(match.group(2))
                chosen = [a for a in articles if (a.published_date.year, a.published_date.month) == (year, month)]
                return "application/xml", self.news_sitemap(chosen, base_url)
        return None

    def news_sitemap(self, articles: list[MirrorArticle], base_url: str) -> str:
        entries = [(base_url + self.article_path(a), a) for a in articles]
        return render("_shared/news_sitemap.xml", site=self, entries=entries)

    def rss(self, articles: list[MirrorArticle], base_url: str, channel: str) -> str:
        items = [(base_url + self.article_path(a), a, format_datetime(a.published_at.astimezone(VIETNAM))) for a in articles]
        return render("_shared/rss.xml", site=self, channel=channel, base_url=base_url, items=items)


def latest_days(articles: list[MirrorArticle], days: int) -> list[MirrorArticle]:
    """The articles of the newest ``days`` days the site has (a frozen site's "last two days")."""
    if not articles:
        return []
    newest: date = max(a.published_date for a in articles)
    return [a for a in articles if a.published_date > newest - timedelta(days=days)]
