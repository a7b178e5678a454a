"""Stored article pages and what each really says: ``python -m tests.page_fixtures`` rewrites them.

Every mirror article is rendered in its site's layout (the template of its day), stored as the bytes
the site serves (``<source>/<slug>.html``, in the site's charset) and described by
``<source>/<slug>.json``: the HTTP Content-Type, the URL, the layout version, and the expected fields
taken from the mirror corpus, the article's truth, never from a parser's output.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites import SITE_LAYOUTS
from transforms.dates import VIETNAM
from transforms.text import normalize_text

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
BASE_URL = "https://mirror.bantin.test"
# Layouts that show the article's section on the page (the others publish no category).
SHOWS_CATEGORY = {(site, "v1") for site in ("cand", "nhandan", "baogialai", "dangcongsan", "baochinhphu", "qdnd")}


@dataclass(frozen=True)
class PageFixture:
    source: str
    slug: str
    html: bytes
    content_type: str
    url: str
    layout: str
    fetched_at: datetime
    expected: dict

    @property
    def id(self) -> str:
        return f"{self.source}/{self.layout}/{self.slug[:40]}"


def truth_authors(article: MirrorArticle) -> list[str]:
    """The people named, one per entry: a site that writes "A - B" credits two authors."""
    return [normalize_text(part) for name in article.authors for part in name.split(" - ") if part.strip()]


def expected_fields(article: MirrorArticle, url: str, layout: str) -> dict:
    return {
        "title": normalize_text(article.title),
        "lead": normalize_text(article.lead),
        "body": [normalize_text(p) for p in article.body],
        "authors": truth_authors(article),
        "published_at": article.published_at.isoformat(),
        "canonical_url": url,
        "category": article.category if (article.site, layout) in SHOWS_CATEGORY else None,
        "event_date": article.event_date.isoformat() if article.event_date else None,
    }


def render(article: MirrorArticle) -> tuple[bytes, str, str, str]:
    """(bytes, Content-Type, URL, layout) of the page as the mirror serves it."""
    site = SITE_LAYOUTS[article.site]
    url = BASE_URL + site.article_path(article)
    text = site.render_article(article, BASE_URL)
    return site.encode(text), f"text/html; charset={site.declared_charset(article)}", url, site.layout_of(article)


def write_fixtures(folder: Path = FIXTURES) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    count = 0
    for article in load_corpus():
        html, content_type, url, layout = render(article)
        target = folder / article.site
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{article.slug}.html").write_bytes(html)
        meta = {
            "source": article.site,
            "url": url,
            "content_type": content_type,
            "layout": layout,
            "fetched_at": (article.published_at + timedelta(hours=12)).astimezone(VIETNAM).isoformat(),
            "expected": expected_fields(article, url, layout),
        }
        (target / f"{article.slug}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        count += 1
    return count


def load_fixtures(folder: Path = FIXTURES) -> list[PageFixture]:
    fixtures = []
    for meta_file in sorted(folder.glob("*/*.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        fixtures.append(
            PageFixture(
                source=meta["source"],
                slug=meta_file.stem,
                html=meta_file.with_suffix(".html").read_bytes(),
                content_type=meta["content_type"],
                url=meta["url"],
                layout=meta["layout"],
                fetched_at=datetime.fromisoformat(meta["fetched_at"]),
                expected=meta["expected"],
            )
        )
    return fixtures


if __name__ == "__main__":
    print(f"{write_fixtures()} pages written to {FIXTURES}")
