"""The mirror's truth in the form the pipeline stores it (normalised text, ids of the served URLs)."""

from __future__ import annotations

from datetime import date

from mirror.corpus import MirrorArticle, articles_on
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from transforms.text import normalize_text


def served_url(mirror: Mirror, article: MirrorArticle) -> str:
    return mirror.base_url(article.site) + SITE_LAYOUTS[article.site].article_path(article)


def expected_rows(mirror: Mirror, day: date, skip_sites: tuple[str, ...] = ()) -> dict[tuple[str, str], dict]:
    """(source, url) -> the values a user expects in ``articles`` for every mirror article of ``day``."""
    return {
        (a.site, served_url(mirror, a)): {
            "title": normalize_text(a.title),
            "lead": normalize_text(a.lead_without_tag),
            "outlet_tag": a.outlet_tag,
            "body": "\n\n".join(normalize_text(p) for p in a.body),
            "published_at": a.published_at,
            "published_date": a.published_date,
            "event_date": a.event_date,
        }
        for a in articles_on(day)
        if a.site not in skip_sites
    }
