"""Hà Nội Mới (hanoimoi.vn), the Hà Nội party paper, on the ``b-maincontent`` / ``sc-longform`` newspaper CMS
(docs/portal-evidence.md A22, B7). What the evidence shows:

- articles at ``/<slug>-<id>.html`` (tammuoichanhoa/crawl_lastest_news config.py, 2026-01; a cited link
  ``/phat-trien-he-thong-mang-luoi-duong-sat-do-thi-ha-noi-703441.html``); event pages ``-event<id>.html``,
  which are no articles; sections ``/chinh-tri``, ``/phap-luat``… without a trailing slash, items ``h3 a``;
- feeds without an extension, ``/rss/<section>`` and ``/rss/<section>/<sub>`` (``/rss/kinh-te`` returned
  items in a live check of 2026-10-08, QUAL; ``/rss/phap-luat``, ``/rss/xa-hoi`` in feed lists), while
  ``/rss/kinh-te.rss`` answered 200 with no item (PROBE, 2026-05-03): the mirror's ``.rss`` paths answer an
  empty channel;
- the story in ``div.b-maincontent``, with the boxes "Bài liên quan" and "Bài đọc tiếp" (``div.c-box`` and
  ``.c-box__title__name``) inside it; meta ``description`` and ``og:description`` (crawl_lastest_news);
- leads opening "(HNMO) - ", dates written "16-4", bylines in capitals, photos as ``figure.image`` with a
  ``figcaption`` (copies of Hà Nội Mới stories of April 2021, code index file 45770383171).

The header markup follows the CMS family's other papers (daidoanket.vn, congly.vn, diendandoanhnghiep.vn):
``h1.sc-longform-header-title.block-sc-title``, ``span.sc-longform-header-date.block-sc-publish-time``
("14/05/2026 15:25"), ``span.sc-longform-header-author``, ``p.sc-longform-header-sapo.block-sc-sapo``,
``div.c-widget-tags.onecms__tags``, breadcrumb ``.breadcrumb-item``, listings ``ul.onecms__loading`` with a
"Xem thêm" button (``div.c-more.onecms__loadmore``) instead of page links. Unverified for Hà Nội Mới itself:
that header markup, the date string, the byline's place, the ``<title>`` suffix, no JSON-LD (none is
evidenced for the site), and whether 2025 leads still open with "(HNMO) - ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites.base import Site

SECTION = "/phap-luat"
LAW_FEED = "/rss/phap-luat"
SOCIETY_FEED = "/rss/xa-hoi"
# A feed path with the .rss extension: the site answers 200 with a channel and no item (PROBE, 2026-05-03).
EMPTY_FEED = re.compile(r"^/rss/[a-z0-9-]+(?:/[a-z0-9-]+)?\.rss$")
SECTIONS = {"Pháp luật": "/phap-luat", "Chính trị": "/chinh-tri", "Xã hội": "/xa-hoi"}


@dataclass(frozen=True)
class HaNoiMoiSite(Site):
    feeds: ClassVar[dict[str, str]] = {LAW_FEED: "Pháp luật", SOCIETY_FEED: "Xã hội"}
    listing_paginated: ClassVar[bool] = False  # more items come from the "Xem thêm" button's script

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-{article.numeric_id}.html"

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if EMPTY_FEED.match(path):
            section = path.removeprefix("/rss/").removesuffix(".rss")
            return "application/rss+xml", self.rss([], base_url, section)
        return super().discovery_file(path, articles, base_url)

    def others(self, article: MirrorArticle | None) -> list[MirrorArticle]:
        """The site's other stories, newest first (the related boxes and the side column list them)."""
        return [a for a in load_corpus() if a.site == self.key and a != article]

    def article_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        others = self.others(article)
        older = [a for a in others if a.published_at < article.published_at]

        def links(chosen: list[MirrorArticle]) -> list[tuple[str, str]]:
            return [(a.title, base_url + self.article_path(a)) for a in chosen]

        return {
            "when": article.published_at.strftime("%d/%m/%Y %H:%M"),
            "section": SECTIONS.get(article.category, SECTION),
            "related": links(older[:2]),  # "Bài liên quan": earlier stories
            "read_next": links([a for a in others if a not in older[:2]][:3]),  # "Bài đọc tiếp"
            "newest": links(others[:4]),
        }

    def listing_context(self, article: MirrorArticle, base_url: str) -> dict[str, Any]:
        return {**super().listing_context(article, base_url), "when": article.published_at.strftime("%d/%m/%Y %H:%M")}


SITE = HaNoiMoiSite("hanoimoi", "Hà Nội Mới", "https://hanoimoi.vn", SECTION, (LAW_FEED, SOCIETY_FEED))
