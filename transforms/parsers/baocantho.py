"""Báo Cần Thơ (baocantho.com.vn): the generic reader, but for the publication time.

A saved real page (tammuoichanhoa/crawl_lastest_news ``tmp_baocantho_article.html``, committed 2026-01-12)
shows the time only as ``span.pubdate`` ("08/01/2026 - 18:21") inside the share bar
``div.sharemxh.detail-fb-like-share`` above the title, and a JSON-LD ``datePublished`` of the day alone
("2026-01-08"). The generic reader leaves share bars out as page chrome, so it keeps the day at midnight;
this parser reads the visible time and keeps it when it agrees with the JSON-LD day. Title (JSON-LD
``name``), lead (the body's first paragraph, "(CTO) - …"), body and byline ("Tin, ảnh: P.Y") are the
generic reader's.
"""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.base import first_text, json_ld, more_precise
from transforms.parsers.generic import GenericParser


class BaoCanThoV1(GenericParser):
    source = "baocantho"
    version = "1"
    marker = "div#newscontents div.content-fck"

    def matches(self, page: Selector) -> bool:
        return bool(page.css(self.marker))

    def published(self, page: Selector) -> tuple[str, str] | None:
        value = json_ld(page).get("datePublished")
        structured = (str(value), "json-ld") if value else None
        shown = first_text(page, "span.pubdate")
        return more_precise(structured, (shown, "byline") if shown else None)
