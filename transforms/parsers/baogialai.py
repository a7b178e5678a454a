"""Báo Gia Lai (baogialai.com.vn), a paper of the shared CMS (``cms_family.py``): title
``h1.article__title.cms-title``, lead ``.article__sapo`` (it starts with the outlet tag "(GLO)- ",
which stays in the lead), body ``div.article__body.zce-content-body.cms-body``
(giapham123/crawl-news-python crawl_data_news/config.py, 2025-12; tammuoichanhoa/crawl_lastest_news
crawler/site_config.yml, 2026-01). No evidence shows its time or byline markup: the family's are used.

Version 2: version 1 read an older guess of this layout (``.sapo``, ``.article-meta time``).
"""

from __future__ import annotations

from transforms.parsers.cms_family import CmsFamilyParser


class BaoGiaLai(CmsFamilyParser):
    source = "baogialai"
    version = "2"
