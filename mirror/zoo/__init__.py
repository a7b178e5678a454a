"""The layout zoo: one article page per Vietnamese portal layout of ``docs/portal-evidence.md`` (A1–A28),
for measuring how a reader without site parsers copes with pages it has never seen.

``mirror/zoo/corpus.yaml`` holds the articles (each names its template); ``mirror/zoo/templates/<key>.html``
holds one Jinja2 page per layout, whose opening comment names the evidence and what is inferred.
``LAYOUTS`` gives each template its portal, URL shape, visible date string, encoding and charset label.
``render_zoo_page`` returns the page's bytes as the portal would send them and its URL; ``ZooArticle.truth``
is what the page really says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

from mirror.corpus import VIETNAM, Caption
from mirror.sites.base import Block
from transforms.parsers.page import encode_legacy

ZOO_DIR = Path(__file__).parent
CORPUS_FILE = ZOO_DIR / "corpus.yaml"
PRECISIONS = ("minute", "day")
# NukeViet's and Joomla's Vietnamese weekday names ("Thứ hai", lower case after "Thứ"), Monday first.
WEEKDAYS_LOWER = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
WEEKDAYS_TITLE = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

ENV = Environment(
    loader=FileSystemLoader(ZOO_DIR / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


class ZooError(ValueError):
    """The zoo corpus has an entry that cannot be served."""


@dataclass(frozen=True)
class ZooTruth:
    """What a zoo page really says: the values a reader is scored against."""

    title: str
    lead: str
    body: tuple[str, ...]
    published_at: str  # ISO 8601 with +07:00
    precision: str  # "minute": the page shows the time of day; "day": only the date


@dataclass(frozen=True)
class ZooArticle:
    template: str
    slug: str
    title: str
    lead: str
    body: tuple[str, ...]
    authors: tuple[str, ...]
    published_at: datetime
    precision: str
    category: str
    captions: tuple[Caption, ...] = ()

    @property
    def layout(self) -> ZooLayout:
        return LAYOUTS[self.template]

    @property
    def numeric_id(self) -> int:
        """A stable id of the kind portals put in URLs (six or seven digits)."""
        digest = hashlib.sha256(f"zoo/{self.template}/{self.slug}".encode()).hexdigest()
        return 100000 + int(digest[:8], 16) % 9_000_000

    @property
    def hex_id(self) -> str:
        return hashlib.sha256(f"zoo/{self.slug}".encode()).hexdigest()[:7]

    @property
    def truth(self) -> ZooTruth:
        return ZooTruth(self.title, self.lead, self.body, self.published_at.isoformat(), self.precision)


@dataclass(frozen=True)
class ZooLayout:
    """One portal layout: where its example lives, how it writes URLs and dates, how it encodes pages."""

    key: str
    number: str  # the layout's number in docs/portal-evidence.md, "A12"
    portal: str  # the portal's name as its chrome shows it
    domain: str  # the layout's example domain
    path: Callable[[ZooArticle], str]
    when: Callable[[datetime], str]  # the visible date string
    precision: str = "minute"
    encoding: str = "utf-8"  # what the bytes are in
    declared: str = "utf-8"  # what the page's meta tag and HTTP header say ("" = nothing)

    def url(self, article: ZooArticle) -> str:
        return f"https://{self.domain}{self.path(article)}"

    @property
    def content_type(self) -> str:
        return f"text/html; charset={self.declared}" if self.declared else "text/html"


def _cut(slug: str, length: int) -> str:
    return slug[:length]


def _title_case_cut(slug: str) -> str:
    return "-".join(word.capitalize() for word in slug.split("-"))[:50]


def _ampm(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y | %I:%M %p")


def _sharepoint_vi(moment: datetime) -> str:
    """SharePoint's vi-VN general date: 12-hour clock without padding, SA (morning) or CH (afternoon)."""
    hour = moment.hour % 12 or 12
    return f"{moment:%d/%m/%Y} {hour}:{moment:%M:%S} {'SA' if moment.hour < 12 else 'CH'}"


def _aspnet_en_us(moment: datetime) -> str:
    """.NET's DateTime.ToString() under an en-US server culture: M/d/yyyy h:mm:ss tt."""
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def _k2(moment: datetime) -> str:
    """Joomla vi-VN DATE_FORMAT_LC2 as lyluanchinhtri.vn shows it: "Thứ hai, 26 Tháng 10 2020 14:49"."""
    return f"{WEEKDAYS_LOWER[moment.weekday()]}, {moment:%d} Tháng {moment.month} {moment:%Y %H:%M}"


def _nukeviet(moment: datetime) -> str:
    """NukeViet's nv_date('l - d/m/Y H:i'): "Thứ sáu - 19/11/2021 10:15"."""
    return f"{WEEKDAYS_LOWER[moment.weekday()]} - {moment:%d/%m/%Y %H:%M}"


def _weekday_title(pattern: str) -> Callable[[datetime], str]:
    return lambda moment: f"{WEEKDAYS_TITLE[moment.weekday()]}, {moment.strftime(pattern)}"


def _fmt(pattern: str) -> Callable[[datetime], str]:
    return lambda moment: moment.strftime(pattern)


def _unpadded_day_month(moment: datetime) -> str:
    return f"{moment.day}/{moment.month}/{moment.year}"


_LAYOUT_LIST = (
    ZooLayout(
        "liferay_hanoi",
        "A1",
        "Sở Thông Tin Và Truyền Thông",
        "sotttt.hanoi.gov.vn",
        lambda a: f"/chi-dao-dieu-hanh/-/view_content/{a.numeric_id}-{a.slug}.html",
        _ampm,
    ),
    ZooLayout(
        "liferay_ministry",
        "A2",
        "Bộ Y tế - Cổng thông tin điện tử",
        "moh.gov.vn",
        lambda a: f"/tin-noi-bat/-/asset_publisher/3Yst7YhbkA5j/content/{a.slug}",
        _fmt("%d/%m/%Y %H:%M:%S"),
    ),
    ZooLayout(
        "sharepoint_bca",
        "A5",
        "Cổng thông tin điện tử Bộ Công an",
        "bocongan.gov.vn",
        lambda a: f"/tin-tuc-su-kien/hoat-dong-cua-luc-luong-cong-an/{a.slug}-t{a.numeric_id}.html",
        _fmt("%H:%M - %d/%m/%Y"),
    ),
    ZooLayout(
        "sharepoint_chuyenmuc",
        "A6",
        "Bộ Giao thông vận tải",
        "mt.gov.vn",
        lambda a: f"/vn/tin-tuc/{a.numeric_id}/{a.slug}.aspx",
        _sharepoint_vi,
    ),
    ZooLayout(
        "sharepoint_publishing",
        "A7",
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "mard.gov.vn",
        lambda a: f"/Pages/{_cut(a.slug, 60)}.aspx",
        _fmt("%d/%m/%Y %H:%M"),
    ),
    ZooLayout(
        "sharepoint2007_table",
        "A8",
        "Cục Lãnh sự - Bộ Ngoại giao",
        "lanhsuvietnam.gov.vn",
        lambda a: f"/Lists/BaiViet/B%C3%A0i%20vi%E1%BA%BFt/View_Detail.aspx?ItemID={a.numeric_id % 10000}",
        lambda m: f"Cập nhật lúc {m:%H:%M} ngày {m:%d/%m/%Y}",
        encoding="windows-1258",
        declared="windows-1258",
    ),
    ZooLayout(
        "aspnet_webforms",
        "A10",
        "Ủy ban Dân tộc",
        "cema.gov.vn",
        lambda a: f"/tin-tuc/tin-hoat-dong/hoat-dong-cua-lanh-dao/{a.slug}.htm",
        _aspnet_en_us,
        encoding="windows-1258",
        declared="utf-8",
    ),
    ZooLayout(
        "jsp_thaibinh",
        "A12",
        "Công an tỉnh Thái Bình",
        "conganthaibinh.gov.vn",
        lambda a: f"/tin-tuc/tin-hoat-dong/{a.numeric_id}/{a.slug}",
        lambda m: f"Ngày đăng: {m:%d/%m/%Y}",
        precision="day",
    ),
    ZooLayout(
        "nukeviet",
        "A13",
        "Cổng thông tin điện tử tỉnh Bình Phước",
        "binhphuoc.gov.vn",
        lambda a: f"/vi/news/tin-tuc-su-kien/{a.slug}-{a.numeric_id % 100000}.html",
        _nukeviet,
    ),
    ZooLayout(
        "joomla_k2",
        "A14",
        "Tạp chí Lý luận chính trị",
        "lyluanchinhtri.vn",
        lambda a: f"/home/index.php/thuc-tien/item/{a.numeric_id % 10000}-{a.slug}.html",
        _k2,
    ),
    ZooLayout(
        "wp_newspaper",
        "A15",
        "Báo Đồng Nai điện tử",
        "baodongnai.com.vn",
        lambda a: f"/{a.published_at:%Y%m}/{_cut(a.slug, 70).rstrip('-')}-{a.hex_id}/",
        _fmt("%d/%m/%Y"),
    ),
    ZooLayout(
        "websphere_mod",
        "A16",
        "Cổng Thông tin điện tử Bộ Quốc phòng",
        "mod.gov.vn",
        lambda a: f"/home/detail?urile=wcm%3Apath%3A%2Fmod%2Fsa-mod-site%2Fsa-ttsk%2Fsa-tt-qpan%2F{_cut(a.slug, 50)}",
        _weekday_title("%d/%m/%Y | %H:%M"),
        encoding="utf-8",
        declared="windows-1258",
    ),
    ZooLayout(
        "adf_webcenter",
        "A17",
        "Bộ Tài chính",
        "mof.gov.vn",
        lambda a: f"/webcenter/portal/btcvn/pages_r/l/chi-tiet-tin?dDocName=MOFUCM{a.numeric_id}",
        lambda m: f"Ngày {m:%d/%m/%Y} - {m:%H:%M}",
    ),
    ZooLayout(
        "tailwind_bca",
        "A18",
        "Bộ Công an",
        "bocongan.gov.vn",
        lambda a: f"/bai-viet/{a.slug}-{1700000000 + a.numeric_id}",
        _weekday_title("%d/%m/%Y %H:%M"),
    ),
    ZooLayout(
        "baocantho",
        "A19",
        "Báo Cần Thơ Online",
        "baocantho.com.vn",
        lambda a: f"/{_cut(a.slug, 98)}-a{a.numeric_id}.html",
        _fmt("%d/%m/%Y - %H:%M"),
    ),
    ZooLayout(
        "singular_cms",
        "A20",
        "Báo Bình Dương Online",
        "baobinhduong.vn",
        lambda a: f"/{a.slug}-a{a.numeric_id}.html",
        _fmt("Cập nhật: %H:%M, %d/%m/%Y"),
    ),
    ZooLayout(
        "article_cms_body",
        "A21",
        "Báo Hà Tĩnh",
        "baohatinh.vn",
        lambda a: f"/{a.slug}-post{a.numeric_id}.html",
        lambda m: f"{WEEKDAYS_TITLE[m.weekday()]}, {m:%d/%m/%Y %H:%M} (GMT+7)",
    ),
    ZooLayout(
        "b_maincontent",
        "A22",
        "Báo Hànộimới",
        "hanoimoi.vn",
        lambda a: f"/{a.slug}-{a.numeric_id}.html",
        _fmt("%H:%M, %d/%m/%Y"),
    ),
    ZooLayout(
        "h1_name",
        "A23",
        "Báo Quảng Ninh điện tử",
        "baoquangninh.vn",
        lambda a: f"/{a.slug}-{3300000 + a.numeric_id}.html",
        lambda m: f"{WEEKDAYS_TITLE[m.weekday()]}, {m:%H:%M}, {_unpadded_day_month(m)}",
    ),
    ZooLayout(
        "month_folder",
        "A24",
        "Báo Đắk Lắk điện tử",
        "baodaklak.vn",
        lambda a: f"/chinh-tri/{a.published_at:%Y%m}/{a.slug}/",
        _fmt("%d/%m/%Y"),
        precision="day",
    ),
    ZooLayout(
        "baosonla",
        "A25",
        "Báo Sơn La điện tử",
        "baosonla.vn",
        lambda a: f"/quoc-phong-an-ninh/{a.slug}-{a.numeric_id}.html",
        _weekday_title("%d/%m/%Y, %H:%M"),
    ),
    ZooLayout(
        "baolaichau",
        "A26",
        "Báo Lai Châu điện tử",
        "baolaichau.vn",
        lambda a: f"/chinh-tri/{a.slug}-{a.numeric_id}",
        _fmt("%H:%M %d/%m/%Y"),
    ),
    ZooLayout(
        "bacninh_bbg",
        "A27",
        "Báo Bắc Ninh",
        "baobacninhtv.vn",
        lambda a: f"/{a.slug}-postid{a.numeric_id}.bbg",
        _weekday_title("%d/%m/%Y"),
        precision="day",
    ),
    ZooLayout(
        "quangngai",
        "A28",
        "Báo Quảng Ngãi điện tử",
        "baoquangngai.vn",
        lambda a: f"/{a.slug}-{a.numeric_id}.htm",
        lambda m: f"{WEEKDAYS_TITLE[m.weekday()]}, {m:%d/%m/%Y - %H:%M}",
    ),
)
LAYOUTS: dict[str, ZooLayout] = {layout.key: layout for layout in _LAYOUT_LIST}


def _parse_entry(number: int, raw: dict[str, Any]) -> ZooArticle:
    where = f"{CORPUS_FILE.name} entry {number} ({raw.get('slug', '?')})"
    template = raw.get("template")
    if template not in LAYOUTS:
        raise ZooError(f"{where}: template {template!r} is not one of the zoo's layouts")
    published = datetime.fromisoformat(str(raw["published_at"]))
    if published.tzinfo is None:
        raise ZooError(f"{where}: published_at must carry an offset")
    precision = str(raw["precision"])
    if precision != LAYOUTS[template].precision:
        raise ZooError(f"{where}: precision {precision!r}, but {template} shows a {LAYOUTS[template].precision}")
    return ZooArticle(
        template=template,
        slug=str(raw["slug"]),
        title=str(raw["title"]).strip(),
        lead=str(raw.get("lead") or "").strip(),
        body=tuple(str(p).strip() for p in raw["body"]),
        authors=tuple(str(a) for a in raw.get("authors") or ()),
        published_at=published.astimezone(VIETNAM),
        precision=precision,
        category=str(raw.get("category") or "Tin tức"),
        captions=tuple(Caption(int(c["after"]), str(c["text"])) for c in raw.get("captions") or ()),
    )


@cache
def load_zoo() -> tuple[ZooArticle, ...]:
    """Every zoo article in file order, validated (one slug per template)."""
    entries = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))
    articles = tuple(_parse_entry(n, raw) for n, raw in enumerate(entries, start=1))
    seen: set[tuple[str, str]] = set()
    for article in articles:
        key = (article.template, article.slug)
        if key in seen:
            raise ZooError(f"{CORPUS_FILE.name}: slug {article.slug!r} appears twice in {article.template}")
        seen.add(key)
    return articles


def _blocks(article: ZooArticle) -> list[Block]:
    blocks = [Block("figure", c.text) for c in article.captions if c.after == 0]
    for number, text in enumerate(article.body, start=1):
        blocks.append(Block("p", text))
        blocks.extend(Block("figure", c.text) for c in article.captions if c.after == number)
    return blocks


def _related(article: ZooArticle, count: int = 5) -> list[dict[str, str]]:
    """Other zoo articles the page's "Tin liên quan" box lists: the next ones in the corpus, other templates' too."""
    articles = load_zoo()
    start = articles.index(article)
    others = [articles[(start + step * 7) % len(articles)] for step in range(1, count * 3)]
    chosen: list[ZooArticle] = []
    for other in others:
        if other.title != article.title and other.title not in {c.title for c in chosen}:
            chosen.append(other)
        if len(chosen) == count:
            break
    return [
        {"title": o.title, "url": article.layout.path(o), "day": f"{o.published_at:%d/%m/%Y}", "lead": o.lead} for o in chosen
    ]


def render_zoo_text(article: ZooArticle) -> str:
    """The page as text, before encoding."""
    layout = article.layout
    return ENV.get_template(f"{layout.key}.html").render(
        a=article,
        layout=layout,
        url=layout.url(article),
        when=layout.when(article.published_at),
        iso=article.published_at.isoformat(),
        blocks=_blocks(article),
        related=_related(article),
        charset=layout.declared,
    )


def render_zoo_page(article: ZooArticle) -> tuple[bytes, str]:
    """(the page's bytes in the layout's encoding, its URL on the layout's example domain)."""
    layout = article.layout
    text = render_zoo_text(article)
    data = text.encode("utf-8") if layout.encoding == "utf-8" else encode_legacy(text, layout.encoding)
    return data, layout.url(article)


__all__ = ["LAYOUTS", "ZooArticle", "ZooError", "ZooLayout", "ZooTruth", "load_zoo", "render_zoo_page", "render_zoo_text"]
