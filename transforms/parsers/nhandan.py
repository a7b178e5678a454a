"""Nhân Dân (nhandan.vn), a paper of the shared CMS (``cms_family.py``).

Its own part: the byline ``p.name`` ("Minh Hà/Báo Nhân Dân": the name before the slash), read by
lantuan2205/crawler_news news_crawler/baonhandan.py (2025), alongside ``h1.article__title``,
``div.article__sapo``, ``div.article__meta time.time`` ("Thứ Ba, ngày 14/01/2025 - 06:01") and the
body in ``div.article__body`` / ``div.cms-body`` (tammuoichanhoa/crawl_lastest_news
crawler/site_config.yml, 2026-01; giapham123/crawl-news-python crawl_data_news/config.py, 2025-12).

Version 3: the stored rows carry versions 1 and 2 from earlier parsers of this site; this one
takes the next number so that no version number ever names two different readings.
"""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import byline, first_text
from transforms.parsers.cms_family import CmsFamilyParser


class NhanDan(CmsFamilyParser):
    source = "nhandan"
    version = "3"

    def visible_authors(self, page: Selector) -> list[str]:
        name = first_text(page, "p.name").split("/")[0]
        return byline(name) or super().visible_authors(page)
