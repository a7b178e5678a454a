"""How each mirrored site lays out its pages.

Every site has its own URL scheme, HTML layout, date style and discovery files, modelled on the
real outlet: structured data where the real site has it, a visible byline in the site's own format,
listing pages with pagination, a sitemap or an RSS feed, and a robots.txt.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime
from typing import ClassVar

from mirror.corpus import VIETNAM, MirrorArticle
from transforms.parsers.page import encode_legacy

# cand and nhandan moved to a new article template on this day (pages published from it on use it).
REDESIGN_DAY = date(2025, 9, 26)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
PAGE_SIZE = 5
# congan_hungyen pages whose HTTP header claims UTF-8 although the bytes are windows-1258.
MISLABELLED_UTF8 = frozenset(
    {"cong-an-xa-me-so-ra-mat-mo-hinh-camera-an-ninh", "tang-cuong-tuan-tra-kiem-soat-xu-ly-vi-pham-nong-do-con-vao-ban-dem"}
)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def weekday(moment: datetime) -> str:
    return WEEKDAYS[moment.weekday()]


def paragraphs_with_figures(article: MirrorArticle, paragraph: str, figure: str) -> str:
    """The body's paragraphs with each photo caption inserted where the page shows it."""
    out: list[str] = [figure.format(caption=esc(c.text)) for c in article.captions if c.after == 0]
    for number, text in enumerate(article.body, start=1):
        out.append(paragraph.format(text=esc(text)))
        out.extend(figure.format(caption=esc(c.text)) for c in article.captions if c.after == number)
    return "\n".join(out)


def json_ld(article: MirrorArticle, url: str, publisher: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.published_at.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "publisher": {"@type": "Organization", "name": publisher},
        "mainEntityOfPage": url,
        "articleSection": article.category,
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


@dataclass(frozen=True)
class Site:
    """One mirrored outlet. Subclasses give the layout; the server gives the HTTP."""

    key: str = ""
    name: str = ""
    real_base_url: str = ""
    listing_path: str = "/"
    discovery_files: tuple[str, ...] = ()
    disallow: tuple[str, ...] = ("/tim-kiem",)

    charset: ClassVar[str] = "utf-8"  # what the site's pages are encoded in and declare

    def article_path(self, article: MirrorArticle) -> str:
        raise NotImplementedError

    def declared_charset(self, article: MirrorArticle) -> str:
        """The charset the HTTP header declares for an article page (a site may get it wrong)."""
        return self.charset

    def encode(self, text: str) -> bytes:
        return text.encode(self.charset)

    def layout_of(self, article: MirrorArticle) -> str:
        """The template the page was published in ("v1", or "v2" after a redesign)."""
        return "v1"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        raise NotImplementedError

    def listing_item(self, article: MirrorArticle) -> str:
        raise NotImplementedError

    def listing_url(self, page: int) -> str:
        return f"{self.listing_path}?page={page}" if page > 1 else self.listing_path

    def render_listing(self, articles: list[MirrorArticle], page: int) -> str | None:
        """Listing page ``page`` (1-based), newest first, or None past the last page."""
        pages = max(1, -(-len(articles) // PAGE_SIZE))
        if page < 1 or page > pages:
            return None
        chunk = articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        items = "\n".join(self.listing_item(a) for a in chunk)
        nav = []
        if page > 1:
            nav.append(f'<a class="prev" href="{esc(self.listing_url(page - 1))}">Trang trước</a>')
        if page < pages:
            nav.append(f'<a class="next" rel="next" href="{esc(self.listing_url(page + 1))}">Trang sau</a>')
        return self.page(
            f"{self.name} - Tin mới",
            f'<section class="list-news">\n{items}\n</section>\n<nav class="pagination">{" ".join(nav)}</nav>',
        )

    def page(self, title: str, main: str, head: str = "") -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="{self.charset}">\n'
            f"<title>{esc(title)}</title>\n{head}\n</head>\n<body>\n"
            f'<header class="site-header"><a href="/">{esc(self.name)}</a>'
            '<nav class="menu"><a href="/">Trang chủ</a> <a href="/tim-kiem">Tìm kiếm</a></nav></header>\n'
            f"<main>\n{main}\n</main>\n"
            f'<footer class="site-footer">© {esc(self.name)}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</footer>\n'
            "</body>\n</html>\n"
        )

    def robots_txt(self, base_url: str) -> str:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in self.disallow)]
        lines += [f"Sitemap: {base_url}{path}" for path in self.discovery_files if "sitemap" in path]
        return "\n".join(lines) + "\n"

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        """(content type, body) of a sitemap or feed at ``path``, or None."""
        return None


def news_sitemap(entries: list[tuple[str, MirrorArticle]], site_name: str) -> str:
    urls = "\n".join(
        "<url>"
        f"<loc>{esc(url)}</loc><lastmod>{a.published_at.isoformat()}</lastmod>"
        "<news:news><news:publication>"
        f"<news:name>{esc(site_name)}</news:name><news:language>vi</news:language></news:publication>"
        f"<news:publication_date>{a.published_at.isoformat()}</news:publication_date>"
        f"<news:title>{esc(a.title)}</news:title></news:news></url>"
        for url, a in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


def rss_feed(site: Site, articles: list[MirrorArticle], base_url: str, channel: str) -> str:
    items = "\n".join(
        f"<item><title>{esc(a.title)}</title><link>{esc(base_url + site.article_path(a))}</link>"
        f"<description>{esc(a.lead)}</description>"
        f"<pubDate>{format_datetime(a.published_at.astimezone(VIETNAM))}</pubDate></item>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{esc(site.name)} - {esc(channel)}</title><link>{base_url}/</link>\n{items}\n</channel></rss>\n"
    )


class CandSite(Site):
    """Công an nhân dân: JSON-LD, date-keyed daily sitemaps, "14:05 22/09/2025" bylines."""

    def article_path(self, article: MirrorArticle) -> str:
        return f"/thoi-su/{article.slug}-i{article.numeric_id}/"

    def layout_of(self, article: MirrorArticle) -> str:
        return "v2" if article.published_date >= REDESIGN_DAY else "v1"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        if self.layout_of(article) == "v2":
            return self.render_v2(article, base_url)
        url = base_url + self.article_path(article)
        when = article.published_at.strftime("%H:%M %d/%m/%Y")
        body = paragraphs_with_figures(
            article,
            "<p>{text}</p>",
            '<figure class="image"><img src="/media/anh.jpg" alt=""><figcaption>{caption}</figcaption></figure>',
        )
        authors = ", ".join(article.authors)
        main = (
            '<article class="box-detail">\n'
            f'<div class="box-breadcrumb"><a href="/thoi-su/">{esc(article.category)}</a></div>\n'
            f'<h1 class="box-title-detail">{esc(article.title)}</h1>\n'
            f'<div class="box-date">{when}</div>\n'
            f'<div class="box-des-detail"><p>{esc(article.lead)}</p></div>\n'
            f'<div class="detail-content-body">\n{body}\n</div>\n'
            f'<div class="box-author"><strong>{esc(authors)}</strong></div>\n'
            '<div class="box-share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a></div>\n'
            "</article>"
        )
        head = (
            f'<link rel="canonical" href="{esc(url)}">\n'
            f'<meta property="og:title" content="{esc(article.title)}">\n'
            f"{json_ld(article, url, self.name)}"
        )
        return self.page(article.title, main, head)

    def render_v2(self, article: MirrorArticle, base_url: str) -> str:
        """The template from 2025-09-26: ``detail__*`` classes, "Thứ Sáu, 26/09/2025 - 14:05", related
        news inside the content and the author as its last paragraph."""
        url = base_url + self.article_path(article)
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d/%m/%Y - %H:%M')}"
        body = paragraphs_with_figures(
            article,
            "<p>{text}</p>",
            '<figure class="expNoEdit"><img src="/media/anh.jpg" alt=""><figcaption><p>{caption}</p></figcaption></figure>',
        )
        author = f'<p class="detail__author"><strong>{esc(", ".join(article.authors))}</strong></p>' if article.authors else ""
        main = (
            '<article class="detail-v2">\n'
            f'<div class="detail__cate"><a href="/thoi-su/">{esc(article.category)}</a></div>\n'
            f'<h1 class="detail__title">{esc(article.title)}</h1>\n'
            f'<div class="detail__meta"><span class="detail__time">{when}</span></div>\n'
            f'<h2 class="detail__sapo">{esc(article.lead)}</h2>\n'
            f'<div class="detail__content">\n{body}\n'
            '<div class="related-news"><h3>Tin liên quan</h3><ul><li><a href="/thoi-su/">Tin cùng chuyên mục</a></li></ul></div>\n'
            f"{author}\n</div>\n"
            '<div class="detail__share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a></div>\n'
            "</article>"
        )
        head = f'<link rel="canonical" href="{esc(url)}">\n<meta property="og:title" content="{esc(article.title)}">\n{json_ld(article, url, self.name)}'
        return self.page(article.title, main, head)

    def listing_item(self, article: MirrorArticle) -> str:
        return (
            f'<article class="box-news"><a class="title" href="{esc(self.article_path(article))}">'
            f'{esc(article.title)}</a><span class="time">{article.published_at.strftime("%H:%M %d/%m/%Y")}</span></article>'
        )

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/sitemap.xml":
            days = sorted({a.published_date for a in articles}, reverse=True)
            entries = "\n".join(f"<sitemap><loc>{base_url}/sitemaps/news-{day.isoformat()}.xml</loc></sitemap>" for day in days)
            return "application/xml", (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}\n</sitemapindex>\n'
            )
        if path.startswith("/sitemaps/news-") and path.endswith(".xml"):
            try:
                day = date.fromisoformat(path[len("/sitemaps/news-") : -len(".xml")])
            except ValueError:
                return None
            chosen = [(base_url + self.article_path(a), a) for a in articles if a.published_date == day]
            return "application/xml", news_sitemap(chosen, self.name)
        return None


class DangCongSanSite(Site):
    """Đảng Cộng sản Việt Nam: no structured data, "Thứ Tư, 22-06-2022, 17:57" byline, paginated listing."""

    def article_path(self, article: MirrorArticle) -> str:
        return f"/xay-dung-dang/{article.slug}-{article.numeric_id}.html"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d-%m-%Y, %H:%M')}"
        body = paragraphs_with_figures(
            article,
            '<p style="text-align: justify;">{text}</p>',
            '<table class="image"><tr><td><img src="/img/a.jpg"></td></tr><tr><td class="caption">{caption}</td></tr></table>',
        )
        authors = "".join(f'<p class="author" style="text-align: right;"><strong>{esc(a)}</strong></p>' for a in article.authors)
        main = (
            '<div class="detail-post">\n'
            f'<h1 class="post-title">{esc(article.title)}</h1>\n'
            f'<div class="post-meta"><span class="date">{when}</span></div>\n'
            f'<div class="post-summary"><strong>{esc(article.lead)}</strong></div>\n'
            f'<div class="post-content">\n{body}\n{authors}\n</div>\n'
            "</div>"
        )
        return self.page(article.title, main, f'<meta name="description" content="{esc(article.lead)}">')

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/rss/xay-dung-dang.rss":
            return "application/rss+xml", rss_feed(self, articles, base_url, "Xây dựng Đảng")
        return None

    def listing_item(self, article: MirrorArticle) -> str:
        when = article.published_at.strftime("%d-%m-%Y, %H:%M")
        return (
            f'<div class="item-news"><h3><a href="{esc(self.article_path(article))}">{esc(article.title)}</a></h3>'
            f'<span class="date">{when}</span><p class="sapo">{esc(article.lead[:120])}</p></div>'
        )


class NhanDanSite(Site):
    """Nhân Dân: article:published_time meta, one news sitemap, "Thứ Hai, 22-09-2025, 14:05" time."""

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-post{article.numeric_id}.html"

    def layout_of(self, article: MirrorArticle) -> str:
        return "v2" if article.published_date >= REDESIGN_DAY else "v1"

    def render_v2(self, article: MirrorArticle, base_url: str) -> str:
        """The template from 2025-09-26: ``article-detail__*`` classes; the published-time meta tag is
        gone, the time is a ``<time datetime>`` in the header."""
        url = base_url + self.article_path(article)
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d/%m/%Y %H:%M')}"
        body = paragraphs_with_figures(
            article,
            "<p>{text}</p>",
            '<table class="picture"><tr><td><img src="/i.jpg"></td></tr><tr><td class="pic-caption">{caption}</td></tr></table>',
        )
        main = (
            '<article class="article-detail">\n'
            f'<div class="article-detail__cate">{esc(article.category)}</div>\n'
            f'<h1 class="article-detail__title">{esc(article.title)}</h1>\n'
            f'<div class="article-detail__meta"><time datetime="{article.published_at.isoformat()}">{when}</time></div>\n'
            f'<div class="article-detail__sapo">{esc(article.lead)}</div>\n'
            f'<div class="article-detail__content">\n{body}\n</div>\n'
            f'<div class="article-detail__author">{esc(", ".join(article.authors))}</div>\n'
            '<div class="article-detail__related"><a href="/chinhtri/">Xem thêm tin Chính trị</a></div>\n'
            "</article>"
        )
        head = (
            f'<link rel="canonical" href="{esc(url)}">\n'
            f'<meta property="og:title" content="{esc(article.title)}">\n'
            f'<meta property="og:description" content="{esc(article.lead)}">'
        )
        return self.page(article.title, main, head)

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        if self.layout_of(article) == "v2":
            return self.render_v2(article, base_url)
        url = base_url + self.article_path(article)
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d-%m-%Y, %H:%M')}"
        body = paragraphs_with_figures(
            article,
            "<p>{text}</p>",
            '<figure class="picture"><img src="/i.jpg"><figcaption class="caption">{caption}</figcaption></figure>',
        )
        main = (
            '<article class="article">\n'
            f'<h1 class="article__title">{esc(article.title)}</h1>\n'
            f'<div class="article__meta"><time class="time">{when}</time></div>\n'
            f'<div class="article__sapo">{esc(article.lead)}</div>\n'
            f'<div class="article__body">\n{body}\n</div>\n'
            f'<div class="article__author">{esc(", ".join(article.authors))}</div>\n'
            "</article>"
        )
        head = (
            f'<link rel="canonical" href="{esc(url)}">\n'
            f'<meta property="og:title" content="{esc(article.title)}">\n'
            f'<meta property="og:description" content="{esc(article.lead)}">\n'
            f'<meta property="article:published_time" content="{article.published_at.isoformat()}">'
        )
        return self.page(article.title, main, head)

    def listing_item(self, article: MirrorArticle) -> str:
        return f'<article class="story"><a href="{esc(self.article_path(article))}">{esc(article.title)}</a></article>'

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/sitemap-news.xml":
            return "application/xml", news_sitemap([(base_url + self.article_path(a), a) for a in articles], self.name)
        return None


class BaoChinhPhuSite(Site):
    """Báo Chính phủ: itemprop datePublished, "22/09/2025 14:05" time, date-bearing ids, paginated timeline."""

    def article_path(self, article: MirrorArticle) -> str:
        stamp = article.published_at.strftime("%y%m%d%H%M")
        return f"/{article.slug}-10{stamp}{article.numeric_id}.htm"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        body = paragraphs_with_figures(
            article,
            "<p>{text}</p>",
            '<div class="VCSortableInPreviewMode" type="Photo"><img src="/p.jpg">'
            '<div class="PhotoCMS_Caption"><p>{caption}</p></div></div>',
        )
        main = (
            '<div class="detail-container">\n'
            f'<h1 class="detail-title" data-role="title">{esc(article.title)}</h1>\n'
            f'<div class="detail-time" data-role="publishdate">{article.published_at.strftime("%d/%m/%Y %H:%M")}</div>\n'
            f'<h2 class="detail-sapo" data-role="sapo">{esc(article.lead)}</h2>\n'
            f'<div class="detail-content afcbc-body" data-role="content">\n{body}\n</div>\n'
            f'<div class="detail-author">{esc(" - ".join(article.authors))}</div>\n'
            "</div>"
        )
        head = f'<meta itemprop="datePublished" content="{article.published_at.isoformat()}">'
        return self.page(article.title, main, head)

    def listing_url(self, page: int) -> str:
        return f"/timelinelist/trang-{page}.htm"

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/sitemap.xml":
            return "application/xml", news_sitemap([(base_url + self.article_path(a), a) for a in articles], self.name)
        return None

    def listing_item(self, article: MirrorArticle) -> str:
        return (
            f'<div class="box-stream-item"><a class="box-stream-link-title" href="{esc(self.article_path(article))}">'
            f'{esc(article.title)}</a><span class="box-stream-time">{article.published_at.strftime("%d/%m/%Y %H:%M")}</span></div>'
        )


class BaoGiaLaiSite(Site):
    """Báo Gia Lai: JSON-LD, "Thứ Hai, 22/09/2025, 15:40 (GMT+7)" byline, an RSS feed."""

    def article_path(self, article: MirrorArticle) -> str:
        return f"/{article.slug}-post{article.numeric_id}.html"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        url = base_url + self.article_path(article)
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d/%m/%Y, %H:%M')} (GMT+7)"
        body = paragraphs_with_figures(
            article,
            '<p style="text-align:justify">{text}</p>',
            '<figure class="image"><img src="/x.jpg"><figcaption>{caption}</figcaption></figure>',
        )
        byline = "".join(f'<p style="text-align:right"><strong>{esc(a.upper())}</strong></p>' for a in article.authors)
        main = (
            '<div class="article-detail">\n'
            f'<h1 class="cms-title">{esc(article.title)}</h1>\n'
            f'<div class="article-meta"><time class="time">{when}</time></div>\n'
            f'<div class="sapo cms-desc">{esc(article.lead)}</div>\n'
            f'<div class="cms-body detail-content">\n{body}\n{byline}\n</div>\n'
            "</div>"
        )
        head = f'<link rel="canonical" href="{esc(url)}">\n{json_ld(article, url, self.name)}'
        return self.page(article.title, main, head)

    def listing_item(self, article: MirrorArticle) -> str:
        return f'<div class="story"><h2><a href="{esc(self.article_path(article))}">{esc(article.title)}</a></h2></div>'

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/rss/chinh-tri.rss":
            return "application/rss+xml", rss_feed(self, articles, base_url, "Chính trị")
        return None


class CongAnHungYenSite(Site):
    """Công an tỉnh Hưng Yên portal: windows-1258 pages, "Ngày đăng: 30/09/2025 16:20", paginated news
    list, no metadata. Two pages go out with a Content-Type that says UTF-8 (the portal's known slip)."""

    charset: ClassVar[str] = "windows-1258"

    def declared_charset(self, article: MirrorArticle) -> str:
        return "utf-8" if article.slug in MISLABELLED_UTF8 else self.charset

    def encode(self, text: str) -> bytes:
        return encode_legacy(text, self.charset)

    def article_path(self, article: MirrorArticle) -> str:
        return f"/tin-tuc-su-kien/{article.slug}-{article.numeric_id}.html"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        body = paragraphs_with_figures(
            article,
            '<p class="MsoNormal" style="text-align:justify">{text}</p>',
            '<p style="text-align:center"><img src="/Uploads/anh.jpg"></p><p style="text-align:center"><em>{caption}</em></p>',
        )
        author = f'<p style="text-align:right"><strong>{esc(", ".join(article.authors))}</strong></p>' if article.authors else ""
        main = (
            '<div class="news-detail">\n'
            f'<h2 class="news-title">{esc(article.title)}</h2>\n'
            f'<div class="news-date">Ngày đăng: {article.published_at.strftime("%d/%m/%Y %H:%M")}</div>\n'
            f'<div class="news-content">\n<p class="MsoNormal"><strong>{esc(article.lead)}</strong></p>\n{body}\n{author}\n</div>\n'
            "</div>"
        )
        return self.page(article.title, main)

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/rss/tin-tuc-su-kien.rss":
            return "application/rss+xml", rss_feed(self, articles, base_url, "Tin tức - Sự kiện")
        return None

    def listing_item(self, article: MirrorArticle) -> str:
        return (
            f'<li class="news-item"><a href="{esc(self.article_path(article))}">{esc(article.title)}</a>'
            f' <span class="news-item-date">({article.published_at.strftime("%d/%m/%Y")})</span></li>'
        )


class QdndSite(Site):
    """Quân đội nhân dân (qdnd.vn), the army's paper: JSON-LD, "Thứ Tư, 24/09/2025 - 10:45" under the
    title, the lead in ``post-summary``, related news and the author inside the content, an RSS feed."""

    def article_path(self, article: MirrorArticle) -> str:
        return f"/chinh-tri/tin-tuc/{article.slug}-{article.numeric_id}"

    def render_article(self, article: MirrorArticle, base_url: str) -> str:
        url = base_url + self.article_path(article)
        when = f"{weekday(article.published_at)}, {article.published_at.strftime('%d/%m/%Y - %H:%M')}"
        body = paragraphs_with_figures(
            article,
            '<p style="text-align: justify;">{text}</p>',
            '<div class="post-img"><img src="/Uploads/a.jpg"><p class="post-img-caption"><em>{caption}</em></p></div>',
        )
        author = f'<p class="author-name" style="text-align: right;"><strong>{esc(", ".join(article.authors))}</strong></p>'
        main = (
            '<div class="post-detail">\n'
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> <a href="/chinh-tri/">{esc(article.category)}</a></div>\n'
            f'<h1 class="post-title">{esc(article.title)}</h1>\n'
            f'<div class="post-subinfo">{when}</div>\n'
            f'<div class="post-summary"><h2>{esc(article.lead)}</h2></div>\n'
            f'<div class="post-content">\n{body}\n'
            '<div class="box-related"><b>Tin liên quan</b><ul><li><a href="/chinh-tri/">Cùng chuyên mục</a></li></ul></div>\n'
            f"{author if article.authors else ''}\n</div>\n"
            "</div>"
        )
        head = (
            f'<link rel="canonical" href="{esc(url)}">\n'
            f'<meta property="og:title" content="{esc(article.title)}">\n'
            f'<meta name="description" content="{esc(article.lead)}">\n'
            f"{json_ld(article, url, self.name)}"
        )
        return self.page(article.title, main, head)

    def listing_item(self, article: MirrorArticle) -> str:
        return f'<div class="list-item"><h3><a href="{esc(self.article_path(article))}">{esc(article.title)}</a></h3></div>'

    def discovery_file(self, path: str, articles: list[MirrorArticle], base_url: str) -> tuple[str, str] | None:
        if path == "/rss/chinh-tri.rss":
            return "application/rss+xml", rss_feed(self, articles, base_url, "Chính trị")
        return None


SITE_LAYOUTS: dict[str, Site] = {
    site.key: site
    for site in (
        CandSite("cand", "Công an nhân dân", "https://cand.com.vn", "/thoi-su/", ("/sitemap.xml",)),
        DangCongSanSite(
            "dangcongsan", "Đảng Cộng sản Việt Nam", "https://dangcongsan.vn", "/xay-dung-dang/", ("/rss/xay-dung-dang.rss",)
        ),
        NhanDanSite("nhandan", "Báo Nhân Dân", "https://nhandan.vn", "/chinhtri/", ("/sitemap-news.xml",)),
        BaoChinhPhuSite("baochinhphu", "Báo Chính phủ", "https://baochinhphu.vn", "/timelinelist/trang-1.htm", ("/sitemap.xml",)),
        BaoGiaLaiSite("baogialai", "Báo Gia Lai", "https://baogialai.com.vn", "/chinh-tri/", ("/rss/chinh-tri.rss",)),
        CongAnHungYenSite(
            "congan_hungyen",
            "Công an tỉnh Hưng Yên",
            "https://congan.hungyen.gov.vn",
            "/tin-tuc-su-kien/",
            ("/rss/tin-tuc-su-kien.rss",),
        ),
        QdndSite("qdnd", "Quân đội nhân dân", "https://www.qdnd.vn", "/chinh-tri/", ("/rss/chinh-tri.rss",)),
    )
}
