"""The offline mirror: the real sites' URL shapes, discovery endpoints and page skeletons, served over HTTP."""

from __future__ import annotations

import http.client
import re
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from mirror.corpus import MirrorArticle, calendar, load_corpus
from mirror.server import Mirror
from mirror.sites import MISLABELLED_UTF8, SITE_LAYOUTS
from mirror.sites.cand import old_article_path, render_old_page
from transforms.parsers.page import decode_html

SEEDS = Path(__file__).resolve().parent.parent / "mirror" / "corpus" / "seeds"
QDND_FEED = "/rss/cate/chinh-tri-3429.rss"
WITH_COOKIE = {"Cookie": "qdnd_session=t0ken"}


def request(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, str]:
    """One GET without following redirects: (status, headers, body decoded as the crawler does)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, response.msg, decode_html(data, response.getheader("Content-Type")).text if data else ""
    finally:
        connection.close()


def fetch(url: str) -> tuple[int, str]:
    status, _, body = request(url, WITH_COOKIE)
    return status, body


def site_articles(site: str) -> list[MirrorArticle]:
    return [a for a in load_corpus() if a.site == site]


def listing_links(mirror: Mirror, site: str, item_links: str) -> list[str]:
    """Every article link the site's paginated listing holds, walking pages until one lists nothing."""
    layout, links = SITE_LAYOUTS[site], list[str]()
    for page in range(1, 100):
        status, body = fetch(mirror.base_url(site) + layout.listing_url(page))
        found = Selector(text=body or "<html></html>").css(item_links).getall() if status == 200 else []
        if not found:
            return links
        links += [urlsplit(link).path for link in found]
    raise AssertionError(f"{site}: the listing never ends")


# --- the corpus ---------------------------------------------------------------------------------
def test_corpus_has_fifteen_sites_a_hundred_articles_over_ten_days() -> None:
    corpus = load_corpus()
    per_site = Counter(a.site for a in corpus)
    assert set(per_site) == set(SITE_LAYOUTS) and len(per_site) == 15
    assert min(per_site.values()) >= 5, per_site
    assert len(corpus) >= 100
    assert len(calendar()) >= 10


def test_every_seed_article_is_served_verbatim() -> None:
    bodies = ["\n".join([a.lead, *a.body]) for a in load_corpus()]
    for seed in sorted(SEEDS.glob("article_*.txt")):
        # The seed's longest paragraph appears word for word in one mirror article.
        longest = max(seed.read_text(encoding="utf-8").splitlines(), key=len).strip()
        assert any(longest in body for body in bodies), seed.name


def test_republished_and_formulaic_stories_are_present() -> None:
    corpus = load_corpus()
    sites_per_story = Counter(a.story for a in corpus)
    assert sum(1 for count in sites_per_story.values() if count >= 2) >= 5
    assert sum(1 for count in sites_per_story.values() if count >= 3) >= 2


# --- URL shapes and discovery -------------------------------------------------------------------
URL_SHAPES = {
    "cand": r"^/[a-z0-9-]+-post\d+\.html$",
    "nhandan": r"^/[a-z0-9-]+-post\d+\.html$",
    "baogialai": r"^/[a-z0-9-]+-post\d+\.html$",
    "dangcongsan": r"^/tin-hoat-dong/[a-z0-9-]+\.html$",
    "baochinhphu": r"^/[a-z0-9-]+-102\d{12}\d{0,3}\.htm$",
    "qdnd": r"^/chinh-tri/tin-tuc/[a-z0-9-]+-\d+$",
    "congan_hungyen": r"^/[a-z0-9-]+-c\d+\.html$",
    "baocantho": r"^/[a-z0-9-]{1,98}-a\d+\.html$",
    "hanoimoi": r"^/[a-z0-9-]+-\d+\.html$",  # not -event<id>.html, an event page
    "bocongan": r"^/bai-viet/[a-z0-9-]+-\d{10}$",
    "congan_tphcm": r"^/[a-z0-9-]+(?:/[a-z0-9-]+)?/[a-z0-9-]+_\d{6}\.html$",
    "baonghean": r"^/[a-z0-9-]+-103\d{5}\.html$",
    "baoquangninh": r"^/[a-z0-9-]+-\d{7}\.html$",
    "baotintuc": r"^/(thoi-su|phap-luat)/[a-z0-9-]+-\d{17}\.htm$",
    "anninhthudo": r"^/[a-z0-9-]+-post\d+\.antd$",
}


def test_article_urls_have_the_real_shapes() -> None:
    for article in load_corpus():
        assert re.match(URL_SHAPES[article.site], SITE_LAYOUTS[article.site].article_path(article)), article.slug
    for article in site_articles("baochinhphu"):  # the id encodes when the article was created, before publication
        stamp = re.search(r"-102(\d{12})\d{0,3}\.htm$", SITE_LAYOUTS["baochinhphu"].article_path(article))
        assert stamp is not None
        created = datetime.strptime(stamp.group(1), "%y%m%d%H%M%S").replace(tzinfo=article.published_at.tzinfo)
        assert timedelta(0) <= article.published_at - created < timedelta(hours=2)


@pytest.mark.parametrize("site", ["cand", "nhandan", "baogialai"])
def test_monthly_news_sitemaps_list_each_days_articles(mirror: Mirror, site: str) -> None:
    base = mirror.base_url(site)
    status, robots = fetch(base + "/robots.txt")
    assert status == 200 and robots.startswith("User-agent: *")
    for article in site_articles(site):
        day = article.published_date
        path = f"/sitemaps/news-{day.year}-{day.month}.xml"
        assert f"Sitemap: {base}{path}" in robots
        status, body = fetch(base + path)
        assert status == 200
        sitemap = Selector(text=body, type="xml")
        sitemap.register_namespace("s", "http://www.sitemaps.org/schemas/sitemap/0.9")
        sitemap.register_namespace("news", "http://www.google.com/schemas/sitemap-news/0.9")
        url = sitemap.xpath(f"//s:url[s:loc='{base}{SITE_LAYOUTS[site].article_path(article)}']")
        assert url.xpath("s:lastmod/text()").get() == article.published_at.isoformat()
        assert url.xpath("news:news/news:publication_date/text()").get() == article.published_at.isoformat()
    assert fetch(base + "/sitemaps/news-2025-09.xml")[0] == 404  # the month is not zero padded


def test_feeds_and_the_google_news_sitemap(mirror: Mirror) -> None:
    for site, path in [("cand", "/rss/home.rss"), ("nhandan", "/rss/home.rss"), ("baogialai", "/rss/home.rss"),
                       ("baochinhphu", "/home.rss"), ("qdnd", "/rss/cate/tin-tuc-moi-nhat.rss")]:  # fmt: skip
        status, body = fetch(mirror.base_url(site) + path)
        assert status == 200 and "<rss" in body, (site, path)
        assert len(Selector(text=body, type="xml").xpath("//item/link/text()").getall()) == len(site_articles(site))
    status, body = fetch(mirror.base_url("nhandan") + "/sitemaps/google-news.xml")
    newest = max(a.published_date for a in site_articles("nhandan"))
    recent = {a.slug for a in site_articles("nhandan") if (newest - a.published_date).days < 2}
    assert status == 200 and body.count("<url>") == len(recent) > 0


def test_baotintuc_feeds_at_the_root_hold_ten_items_and_rss_section_paths_answer_html(mirror: Mirror) -> None:
    base, layout = mirror.base_url("baotintuc"), SITE_LAYOUTS["baotintuc"]
    status, feed = fetch(base + "/thoi-su.rss")
    links = [urlsplit(link).path for link in Selector(text=feed, type="xml").xpath("//item/link/text()").getall()]
    assert status == 200 and links == [layout.article_path(a) for a in mirror.states["baotintuc"].articles][:10]
    status, page = fetch(base + "/rss/kinh-te.rss")  # a live probe got an HTML page here, not a feed
    assert status == 200 and "<rss" not in page and "<html" in page
    assert fetch(base + "/rss.htm")[0] == 200 and 'href="/thoi-su.rss"' in fetch(base + "/rss.htm")[1]


def test_anninhthudo_robots_names_the_index_of_the_monthly_sitemaps(mirror: Mirror) -> None:
    base = mirror.base_url("anninhthudo")
    assert f"Sitemap: {base}/sitemaps.xml" in fetch(base + "/robots.txt")[1]
    index = Selector(text=fetch(base + "/sitemaps.xml")[1], type="xml")
    index.register_namespace("s", "http://www.sitemaps.org/schemas/sitemap/0.9")
    children = [urlsplit(loc).path for loc in index.xpath("//s:sitemap/s:loc/text()").getall()]
    assert children[:2] == ["/sitemaps/categories.xml", "/sitemaps/topics.xml"] and "/sitemaps/news-2025-9.xml" in children
    article = site_articles("anninhthudo")[0]
    day = article.published_date
    assert SITE_LAYOUTS["anninhthudo"].article_path(article) in fetch(base + f"/sitemaps/news-{day.year}-{day.month}.xml")[1]


def test_qdnd_feed_lists_every_article_behind_the_cookie_gate(mirror: Mirror) -> None:
    url = mirror.base_url("qdnd") + QDND_FEED
    status, headers, body = request(url)
    assert status == 302 and headers["Location"] == url and body == ""
    assert re.fullmatch(r"qdnd_session=[0-9a-f]+; Path=/", headers["Set-Cookie"])
    cookie = headers["Set-Cookie"].split(";")[0]
    status, _, feed = request(url, {"Cookie": cookie})
    assert status == 200 and "<rss" in feed
    links = {urlsplit(link).path for link in Selector(text=feed, type="xml").xpath("//item/link/text()").getall()}
    assert links == {SITE_LAYOUTS["qdnd"].article_path(a) for a in site_articles("qdnd")}
    assert request(mirror.base_url("qdnd") + SITE_LAYOUTS["qdnd"].listing_url(1))[0] == 200  # pages need no cookie


@pytest.mark.parametrize(
    ("site", "item_links"),
    [("dangcongsan", "div#KhuVuc_3 a::attr(href)"), ("baochinhphu", "div.box-stream-item a.box-stream-link-title::attr(href)"),
     ("qdnd", "div.list-news-category article a::attr(href)")],
)  # fmt: skip
def test_listings_without_next_links_list_every_article_newest_first_then_an_empty_page(
    mirror: Mirror, site: str, item_links: str
) -> None:
    layout = SITE_LAYOUTS[site]
    newest_first = [layout.article_path(a) for a in mirror.states[site].articles]
    assert listing_links(mirror, site, item_links) == newest_first
    status, past_the_end = fetch(mirror.base_url(site) + layout.listing_url(len(newest_first) + 1))
    assert status == 200 and not Selector(text=past_the_end or "<html></html>").css(item_links).getall()
    status, first = fetch(mirror.base_url(site) + layout.listing_url(1))
    assert 'rel="next"' not in first


def test_listing_urls_are_the_real_ones() -> None:
    assert SITE_LAYOUTS["dangcongsan"].listing_url(3) == "/noidung/tintuc/Lists/Tinhoatdong/View.aspx?Page=3"
    assert SITE_LAYOUTS["baochinhphu"].listing_url(3) == "/timelinelist/102442/3.htm"
    assert SITE_LAYOUTS["qdnd"].listing_url(3) == "/chinh-tri/p/3"


def test_congan_hungyen_listing_pages_link_on_and_end(mirror: Mirror) -> None:
    links = listing_links(mirror, "congan_hungyen", "li.news-item a::attr(href)")
    assert links == [SITE_LAYOUTS["congan_hungyen"].article_path(a) for a in mirror.states["congan_hungyen"].articles]
    assert 'rel="next"' in fetch(mirror.base_url("congan_hungyen") + "/tin-tuc-su-kien/")[1]
    assert fetch(mirror.base_url("congan_hungyen") + "/tin-tuc-su-kien/?page=99")[0] == 404


# --- the move from cand.com.vn ------------------------------------------------------------------
def test_cand_com_vn_answers_301_to_cand_vn(mirror: Mirror) -> None:
    [old] = mirror.alias_base_urls("cand")
    assert mirror.alias_base_urls("nhandan") == [] and old != mirror.base_url("cand")
    assert mirror.source_overrides()["cand"] == {
        "base_url": mirror.base_url("cand"), "download_delay": 0.0, "aliases": [old]
    }  # fmt: skip
    assert "aliases" not in mirror.source_overrides()["qdnd"]  # type: ignore[operator]
    for article in site_articles("cand"):
        status, headers, _ = request(old + old_article_path(article))
        assert status == 301 and headers["Location"] == mirror.base_url("cand") + SITE_LAYOUTS["cand"].article_path(article)
    status, headers, _ = request(old + "/Thoi-su/khong-co-bai-nay-i1/?a=1")
    assert status == 301 and headers["Location"] == mirror.base_url("cand") + "/Thoi-su/khong-co-bai-nay-i1/?a=1"
    status, headers, _ = request(old + "/rss/home.rss")
    assert status == 301 and headers["Location"] == mirror.base_url("cand") + "/rss/home.rss"
    assert fetch(headers["Location"])[0] == 200


def test_old_cand_pages_keep_the_old_template() -> None:
    article = site_articles("cand")[0]
    path = old_article_path(article)
    assert re.match(r"^/[A-Z][A-Za-z0-9-]*/[a-z0-9-]+-i\d+/$", path)
    page = Selector(text=render_old_page(article, "https://cand.com.vn"))
    assert page.css("h1.box-title-detail::text").get() == article.title
    assert page.css("div.box-des-detail p::text").get() == article.lead
    assert page.css("div.box-date::text").get() == article.published_at.strftime("%H:%M %d/%m/%Y")
    assert page.css("div.detail-content-body > p::text").getall() == list(article.body)
    assert page.css("div.detail-content-body .contref.simplebox")
    assert page.css("div.box-author strong::text").get() == ", ".join(article.authors)


# --- article skeletons --------------------------------------------------------------------------
# (title, lead, time, body paragraphs, author) selectors per site, as the evidence names them
SKELETONS = {
    "cand": ("h1.article__title", "div.article__sapo", "div.article__meta time", "div.article__body.cms-body > p", ".article__author"),
    "nhandan": ("h1.article__title", "div.article__sapo", "div.article__meta time.time", "div.article__body.cms-body > p", "p.name"),
    "baogialai": ("h1.article__title.cms-title", "div.article__sapo.cms-desc", "div.article__meta time",
                  "div.article__body.cms-body > p", ".article__author"),
    "dangcongsan": ("h1#contenttitle", "div#description", "div#ngaytao", "div.noidungtt > p", "b#tacgia"),
    "baochinhphu": ("h1.detail-title", "h2.detail-sapo", "div.detail-time [data-role=publishdate]",
                    "div.detail-content.afcbc-body[data-role=content] > p", "a.detail-author-top-name"),
    "qdnd": ("h1.post-title", "div.post-summary p", "span.post-subinfo > span", "div.post-content div[itemprop=articleBody] p",
             "div.post-content strong"),
    "baonghean": ("h1.sc-longform-header-title", ".sc-longform-header-sapo", ".sc-longform-header-meta", "article.entry > p",
                  ".sc-longform-header-meta"),
    "baoquangninh": ("h1.name", "#content-detail > p > strong", "span.time", "div.content-article #content-detail > p[style]",
                     "div.pseudonym"),
    "baotintuc": ("h1.detail-title", "h2.sapo", "div.date span.txt", "div.boxdetail div.contents > p", "div.author"),
    "anninhthudo": ("h1.article__title", "div.article__sapo", "div.article__meta time.time",
                    "div.article__body.cms-body > p:not([style])", ".article__author"),
}  # fmt: skip
TIME_FORMS = {
    "cand": r"^(Thứ .+|Chủ Nhật), \d{2}/\d{2}/\d{4} - \d{2}:\d{2}$",
    "nhandan": r"^(Thứ .+|Chủ Nhật), ngày \d{2}/\d{2}/\d{4} - \d{2}:\d{2}$",
    "baogialai": r"^.+, \d{2}/\d{2}/\d{4}, \d{2}:\d{2} \(GMT\+7\)$",
    "dangcongsan": r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$",
    "baochinhphu": r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$",
    "qdnd": r"^\d{2}/\d{2}/\d{4} - \d{2}:\d{2}$",
    "baonghean": r"^.+ \d{2}/\d{2}/\d{4} \d{2}:\d{2}$",  # the author, then the time: "<author> 10/10/2025 09:57"
    "baoquangninh": r"^(Thứ .+|Chủ Nhật), \d{2}:\d{2}, \d{1,2}/\d{1,2}/\d{4}$",
    "baotintuc": r"^(Thứ .+|Chủ Nhật), \d{2}/\d{2}/\d{4} \d{2}:\d{2}$",
    "anninhthudo": r"^(Thứ .+|Chủ Nhật), \d{2}/\d{2}/\d{4} - \d{2}:\d{2}$",
}


def text_of(page: Selector, css: str) -> str:
    return " ".join(" ".join(page.css(css).css("::text").getall()).split())


@pytest.mark.parametrize("site", sorted(SKELETONS))
def test_article_pages_carry_the_evidence_skeleton(mirror: Mirror, site: str) -> None:
    title, lead, when, body, author = SKELETONS[site]
    for article in site_articles(site):
        status, html = fetch(mirror.base_url(site) + SITE_LAYOUTS[site].article_path(article))
        assert status == 200
        page = Selector(text=html)
        assert text_of(page, title) == article.title, article.slug
        assert text_of(page, lead) == article.lead  # the outlet tag stays in the lead
        assert re.match(TIME_FORMS[site], text_of(page, when)), text_of(page, when)
        assert [" ".join(p.css("::text").getall()) for p in page.css(body)] == list(article.body)
        if article.authors:
            assert all(name in text_of(page, author) for name in article.authors)
        assert page.css("header, #header, .header") and page.css("footer, #footer, .footer")  # page chrome
        assert "detail__" not in html and "article-detail__" not in html  # no invented redesign


def test_cms_family_pages_carry_structured_data(mirror: Mirror) -> None:
    article = site_articles("cand")[0]
    page = Selector(text=fetch(mirror.base_url("cand") + SITE_LAYOUTS["cand"].article_path(article))[1])
    assert page.css("meta[property='article:published_time']::attr(content)").get() == article.published_at.isoformat()
    ld = page.css("script[type='application/ld+json']::text").get() or ""
    assert '"@type": "NewsArticle"' in ld and f'"headline": "{article.title}"' in ld


def test_dangcongsan_photos_and_outlet_tags(mirror: Mirror) -> None:
    with_photo = next(a for a in site_articles("dangcongsan") if a.captions)
    page = Selector(text=fetch(mirror.base_url("dangcongsan") + SITE_LAYOUTS["dangcongsan"].article_path(with_photo))[1])
    assert page.css("div.noidungtt img.imgtelerik")
    tagged = [a for a in site_articles("baochinhphu") if a.lead.startswith("(Chinhphu.vn) - ")]
    assert tagged  # leads keep their outlet tag as the corpus has it


def test_congan_hungyen_pages_are_windows_1258_some_mislabelled(mirror: Mirror) -> None:
    for article in site_articles("congan_hungyen"):
        url = mirror.base_url("congan_hungyen") + SITE_LAYOUTS["congan_hungyen"].article_path(article)
        with urllib.request.urlopen(url, timeout=10) as response:
            declared = "utf-8" if article.slug in MISLABELLED_UTF8 else "windows-1258"
            assert response.headers["Content-Type"] == f"text/html; charset={declared}"


def test_a_failed_site_answers_500_and_heals(mirror: Mirror) -> None:
    mirror.fail_site("nhandan", 500)
    try:
        assert fetch(mirror.base_url("nhandan") + "/robots.txt")[0] == 500
    finally:
        mirror.fail_site("nhandan", None)
    assert fetch(mirror.base_url("nhandan") + "/robots.txt")[0] == 200
