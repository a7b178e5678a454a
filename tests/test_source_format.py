"""What the real sites needed of the source-file format: evidence, domain aliases, cookies, zone ids,
month-split sitemaps and numbered listings without a next link, each validated with a clear error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from sources import SOURCES_DIR, SourceConfigError, load_named_source, load_source_file, parse_source
from transforms.ids import on_any_site, source_article_id

BASE = {"name": "tinh_test", "base_url": "https://tinh.example.vn", "evidence": [], "unverified": "made up for this test"}
EVIDENCE = [{"ref": "someone/crawler:config.yml", "shows": "the feed URL", "seen": date(2026, 7, 1)}]


def source(**fields: object) -> dict:
    return BASE | {"discovery": {"kind": "rss", "url": "/rss.xml"}} | fields


@pytest.mark.parametrize("path", sorted(SOURCES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_source_file_lists_its_evidence(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "evidence" in raw, f"{path.name} has no evidence: list"
    loaded = load_source_file(path, allow_loopback=False)
    for item in loaded.evidence:
        assert item.ref and item.shows and (item.seen == "undated" or date(2015, 1, 1) <= item.seen <= date(2026, 12, 31)), item
    if loaded.evidence:
        assert loaded.evidence_seen is not None, f"{path.name}: no evidence carries a date"
    # A source is verified only when nothing it relies on lacks evidence; otherwise the file says what.
    assert loaded.verified == (bool(loaded.evidence) and loaded.unverified is None)
    assert loaded.evidence or loaded.unverified


def test_a_source_without_evidence_is_refused_with_what_to_write() -> None:
    raw = source()
    del raw["evidence"]
    with pytest.raises(SourceConfigError, match=r"tinh\.yaml: missing required field 'evidence'.*unverified"):
        parse_source(raw, "tinh.yaml")
    with pytest.raises(SourceConfigError, match=r"field 'evidence' is empty: say why in 'unverified"):
        parse_source(source(unverified=None), "tinh.yaml")
    with pytest.raises(SourceConfigError, match=r"field 'evidence.0.seen.date' should be a valid date"):
        parse_source(source(evidence=[{"ref": "x", "shows": "y", "seen": "last summer"}]), "tinh.yaml")


def test_evidence_makes_a_source_verified_and_dates_it() -> None:
    loaded = parse_source(source(evidence=EVIDENCE, unverified=None), "tinh.yaml")
    assert loaded.verified and loaded.evidence_seen == date(2026, 7, 1)
    assert not parse_source(source(evidence=EVIDENCE), "tinh.yaml").verified  # evidence, but something still unverified


@pytest.mark.parametrize(
    ("discovery", "message"),
    [
        ({"kind": "sitemap", "url": "/sitemaps/news-{year}.xml"}, "must hold both {year} and {month}"),
        ({"kind": "sitemap", "url": "/sitemaps/news-{page}.xml"}, "placeholder {page}, which a sitemap discovery does not fill"),
        ({"kind": "listing", "url": "/timelinelist/{zone}/{page}.htm", "item": "li", "link": "a::attr(href)", "date": "span"},
         "has {zone} but the discovery names no 'zone'"),
        ({"kind": "listing", "url": "/tin/{page", "item": "li", "link": "a", "date": "span"}, "broken placeholder"),
    ],
)  # fmt: skip
def test_a_discovery_url_the_spider_cannot_fill_is_refused(discovery: dict, message: str) -> None:
    with pytest.raises(SourceConfigError, match="tinh.yaml: ") as error:
        parse_source(source(discovery=discovery), "tinh.yaml")
    assert message in str(error.value)


def test_a_month_split_sitemap_gives_one_url_per_month_of_the_range() -> None:
    loaded = parse_source(source(discovery={"kind": "sitemap", "url": "/sitemaps/news-{year}-{month}.xml"}), "tinh.yaml")
    assert loaded.discovery.month_urls(date(2025, 11, 30), date(2026, 2, 1)) == [
        "/sitemaps/news-2025-11.xml", "/sitemaps/news-2025-12.xml", "/sitemaps/news-2026-1.xml", "/sitemaps/news-2026-2.xml",
    ]  # fmt: skip
    assert loaded.discovery.month_urls(date(2025, 9, 24), date(2025, 9, 24)) == ["/sitemaps/news-2025-9.xml"]


def test_a_numbered_listing_fills_its_zone_and_page() -> None:
    discovery = {"kind": "listing", "url": "/timelinelist/{zone}/{page}.htm", "zone": "1027", "item": ".box-stream-item",
                 "link": "a.box-stream-link-title::attr(href)", "date": "span.box-stream-time::text"}  # fmt: skip
    loaded = parse_source(source(discovery=discovery), "tinh.yaml")
    assert [loaded.discovery.page_url(n) for n in (1, 2)] == ["/timelinelist/1027/1.htm", "/timelinelist/1027/2.htm"]
    # The section page first, then the timeline of the zone that page names.
    section = discovery | {"url": "/chinh-tri.htm", "pages": "/timelinelist/{zone}/{page}.htm", "zone": None,
                           "zone_from": "input#hdZoneId::attr(value)"}  # fmt: skip
    loaded = parse_source(source(discovery=section), "tinh.yaml")
    assert loaded.discovery.numbered and loaded.discovery.page_url(1) == "/chinh-tri.htm"
    assert loaded.discovery.page_url(3, "102442") == "/timelinelist/102442/3.htm"
    with pytest.raises(SourceConfigError, match=r"field 'discovery.pages' '/timelinelist/\{zone\}/\{page\}.htm' has \{zone\}"):
        parse_source(source(discovery=section | {"zone_from": None}), "tinh.yaml")
    with pytest.raises(SourceConfigError, match=r"field 'discovery.pages' '/timelinelist/2.htm' must hold \{page\}"):
        parse_source(source(discovery=section | {"pages": "/timelinelist/2.htm"}), "tinh.yaml")


def test_aliases_are_the_same_site_for_the_crawl_and_for_identity() -> None:
    loaded = parse_source(source(base_url="https://cand.vn", aliases=["https://cand.com.vn/"]), "tinh.yaml")
    assert loaded.origins == ("https://cand.vn", "https://cand.com.vn")
    assert loaded.allowed_domains == ["cand.com.vn", "cand.vn"]
    assert on_any_site("https://cand.com.vn/thoi-su/bai-i123/", loaded.origins)
    assert not on_any_site("https://cand.com.vn.example.org/", loaded.origins)
    # An old-domain page whose canonical names the new domain is identified by the canonical.
    old, new = "https://cand.com.vn/thoi-su/bai-i123/", "https://cand.vn/bai-post123.html"
    assert source_article_id(old, new, loaded.base_url, loaded.aliases) == source_article_id(new, None, loaded.base_url)
    with pytest.raises(SourceConfigError, match=r"field 'aliases' is not an http\(s\) URL \(got \['cand.com.vn'\]\)"):
        parse_source(source(aliases=["cand.com.vn"]), "tinh.yaml")
    with pytest.raises(SourceConfigError, match="field 'aliases'.*loopback"):
        parse_source(source(aliases=["http://127.0.0.1:8080"]), "tinh.yaml")


def test_overrides_may_move_aliases_and_switch_cookies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = {"_allow_loopback": True, "qdnd": {"base_url": "http://127.0.0.1:9", "cookies": False},
                 "cand": {"base_url": "http://127.0.0.1:7", "aliases": ["http://127.0.0.1:8"]}}  # fmt: skip
    (tmp_path / "o.json").write_text(json.dumps(overrides), encoding="utf-8")
    monkeypatch.setenv("BANTIN_SOURCE_OVERRIDES", str(tmp_path / "o.json"))
    assert load_named_source("qdnd").cookies is False
    assert load_named_source("cand").origins == ("http://127.0.0.1:7", "http://127.0.0.1:8")
    monkeypatch.delenv("BANTIN_SOURCE_OVERRIDES")
    assert load_named_source("qdnd").cookies is True
    assert load_named_source("cand").origins == ("https://cand.vn", "https://cand.com.vn")


def test_the_readme_source_table_shows_each_source_s_evidence_date_and_status() -> None:
    readme = (SOURCES_DIR.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("| source | site | discovery (from the evidence) | newest evidence | status |", 1)[1].split("\n\n", 1)[0]
    rows = {
        cells[0].strip("` "): cells
        for line in table.strip().splitlines()[1:]
        if (cells := [c.strip() for c in line.strip("|").split("|")])
    }
    sources = {path.stem: load_source_file(path, allow_loopback=False) for path in SOURCES_DIR.glob("*.yaml")}
    assert set(rows) == set(sources)
    for name, loaded in sources.items():
        assert rows[name][3] == str(loaded.evidence_seen), name
        assert rows[name][4] == ("verified" if loaded.verified else "unverified"), name
