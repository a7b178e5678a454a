"""Every stored page, read by its site's parser, gives what the article really says (the mirror's truth),
and the generic reader takes over where a layout changed."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import datetime

import pytest

from mirror.corpus import load_corpus
from mirror.faults import redesigned_page
from mirror.sites import SITE_LAYOUTS
from sources import load_sources
from tests.page_fixtures import PageFixture, load_fixtures
from transforms.extract import extract_article
from transforms.parsers import read_article
from transforms.parsers.page import decode_html, encode_legacy
from transforms.parsers.registry import PARSERS, versions
from transforms.text import normalize_text

FIXTURES = load_fixtures()


def read(fixture: PageFixture, generic_only: bool = False):
    text = decode_html(fixture.html, fixture.content_type).text
    return read_article(text, fixture.url, fixture.source, fixture.fetched_at, generic_only=generic_only)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_site_parser_reads_the_page_as_published(fixture: PageFixture) -> None:
    parsed = read(fixture)
    expected = fixture.expected
    assert (parsed.parser, parsed.parser_version) == (fixture.source, fixture.layout.lstrip("v"))
    assert parsed.title == expected["title"]
    assert parsed.lead == expected["lead"]
    assert parsed.body == expected["body"]
    assert parsed.authors == expected["authors"]
    assert parsed.published is not None and parsed.published.value == datetime.fromisoformat(expected["published_at"])
    assert parsed.published_text and parsed.published_method in ("json-ld", "meta", "byline")
    assert parsed.canonical_url == expected["canonical_url"]
    if expected["category"] is not None:
        assert parsed.category == expected["category"]


def test_every_source_and_parser_version_has_stored_pages() -> None:
    pages = Counter(f.source for f in FIXTURES)
    assert set(pages) == set(load_sources()) == set(PARSERS)
    assert all(count >= 5 for count in pages.values()), pages
    layouts = Counter((f.source, f.layout.lstrip("v")) for f in FIXTURES)
    for source, parsers in PARSERS.items():
        for parser in parsers:
            assert layouts[(source, parser.version)] >= 3, (source, parser.version)


def test_version_follows_the_redesign_day() -> None:
    for fixture in FIXTURES:
        if len(versions(fixture.source)) > 1:
            newest = versions(fixture.source)[0]
            assert newest.valid_from is not None, fixture.id  # an older version exists, so the newest has a start
            day = datetime.fromisoformat(fixture.expected["published_at"]).date()
            assert read(fixture).parser_version == (newest.version if day >= newest.valid_from else "1"), fixture.id


def test_windows_1258_and_utf8_pages_give_the_same_nfc_text() -> None:
    legacy = [f for f in FIXTURES if f.source == "congan_hungyen"]
    assert {f.content_type for f in legacy} == {"text/html; charset=windows-1258", "text/html; charset=utf-8"}
    for fixture in legacy:
        from_legacy = decode_html(fixture.html, fixture.content_type)
        assert from_legacy.encoding == "windows-1258"
        assert from_legacy.corrected == ("utf-8" in fixture.content_type)  # the mislabelled pages
        as_utf8 = decode_html(from_legacy.text.encode("utf-8"), "text/html")
        assert from_legacy.text == as_utf8.text == unicodedata.normalize("NFC", from_legacy.text)
        assert read(fixture).title == fixture.expected["title"]


def test_decoding_prefers_what_the_bytes_are() -> None:
    text = '<html><head><meta charset="windows-1258"></head><body><p>Công an xã Nghĩa Trụ quán triệt Nghị quyết</p></body></html>'
    nfc = unicodedata.normalize("NFC", text)
    assert decode_html(text.encode("utf-8"), "text/html; charset=iso-8859-1").text == nfc  # UTF-8 labelled Latin-1
    assert decode_html(encode_legacy(text), "text/html").text == nfc  # no header: the page's meta
    assert decode_html(encode_legacy(text), None).encoding == "windows-1258"
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=windows-1258").text == nfc  # BOM wins


def test_redesigned_page_falls_back_to_the_generic_reader() -> None:
    article = next(a for a in load_corpus() if a.site == "cand")
    url = "https://mirror.bantin.test" + SITE_LAYOUTS["cand"].article_path(article)
    html = redesigned_page(article, url)
    site_reading = read_article(html, url, "cand", article.published_at)
    assert not site_reading.complete  # the cand parsers know neither template
    extracted = extract_article(html, url, article.published_at, "cand")
    assert extracted.fell_back and extracted.parser == "generic"
    assert extracted.title == normalize_text(article.title)
    assert extracted.published is not None and extracted.published.value == article.published_at
    assert extracted.body.split("\n\n")[0] == " ".join(article.body[0].split())


@pytest.mark.parametrize("source", sorted(PARSERS))
def test_generic_reader_alone_reads_every_source(source: str) -> None:
    pages = [f for f in FIXTURES if f.source == source]
    titles = sum(read(f, generic_only=True).title == f.expected["title"] for f in pages)
    dates = sum(
        (p := read(f, generic_only=True).published) is not None and p.value == datetime.fromisoformat(f.expected["published_at"])
        for f in pages
    )
    assert titles == dates == len(pages)


def test_a_source_without_a_parser_is_read_by_the_generic_reader() -> None:
    paragraphs = [
        f"Đoạn {n}: Công an xã tổ chức tuần tra, kiểm soát bảo đảm an ninh, trật tự trên địa bàn dân cư." for n in range(4)
    ]
    html = (
        '<html><head><meta charset="utf-8"><meta property="og:title" content="Tuần tra ban đêm">'
        '<meta name="description" content="Công an xã tăng cường tuần tra ban đêm."></head><body>'
        '<div class="menu"><a href="/">Trang chủ</a></div><h1>Tuần tra ban đêm</h1><article>'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + '<p class="author">Minh An</p></article></body></html>'
    )
    parsed = read_article(html, "https://tinmoi.example.vn/2025/09/24/tuan-tra.html", "tinmoi")
    assert (parsed.parser, parsed.title, parsed.lead) == (
        "generic",
        "Tuần tra ban đêm",
        "Công an xã tăng cường tuần tra ban đêm.",
    )
    assert parsed.body == paragraphs and parsed.authors == ["Minh An"]
    assert parsed.published is not None and parsed.published.day.isoformat() == "2025-09-24" and parsed.published_method == "url"
