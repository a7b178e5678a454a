"""The mirror's truth in the form the pipeline stores it: normalised text, the served URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mirror.corpus import MirrorArticle
from mirror.sites import SITE_LAYOUTS
from transforms.text import normalize_text

if TYPE_CHECKING:
    from mirror.server import Mirror


def served_url(mirror: Mirror, article: MirrorArticle) -> str:
    return mirror.base_url(article.site) + SITE_LAYOUTS[article.site].article_path(article)


def stored_form(article: MirrorArticle) -> dict[str, Any]:
    """The values a user expects in ``articles`` for ``article``."""
    return {
        "title": normalize_text(article.title),
        "lead": normalize_text(article.lead_without_tag),
        "outlet_tag": article.outlet_tag,
        "body": "\n\n".join(normalize_text(p) for p in article.body),
        "published_at": article.published_at,
        "published_date": article.published_date,
        "event_date": article.event_date,
    }
