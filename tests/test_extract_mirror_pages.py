"""Every mirror page, in every site's layout, reads back to the article the site published."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites import SITE_LAYOUTS
from transforms.extract import extract_article
from transforms.text import normalize_text

BASE = "http://mirror.test"
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def read_back(article: MirrorArticle):
    layout = SITE_LAYOUTS[article.site]
    html = layout.render_article(article, BASE)
    return extract_article(html, BASE + layout.article_path(article), FETCHED, article.site)


@pytest.mark.parametrize("article", load_corpus(), ids=lambda a: f"{a.site}/{a.slug}")
def test_page_reads_back_to_the_published_article(article: MirrorArticle) -> None:
    extracted = read_back(article)
    assert extracted.title == normalize_text(article.title)
    assert extracted.lead == normalize_text(article.lead_without_tag)
    assert extracted.outlet_tag == article.outlet_tag
    assert extracted.body == "\n\n".join(normalize_text(p) for p in article.body)
    assert extracted.published is not None and extracted.published.value == article.published_at
    assert extracted.published.value.tzinfo is not None


@pytest.mark.parametrize("article", load_corpus(), ids=lambda a: f"{a.site}/{a.slug}")
def test_event_date_is_the_day_the_lead_names(article: MirrorArticle) -> None:
    extracted = read_back(article)
    assert (extracted.event.day if extracted.event else None) == article.event_date, extracted.lead
