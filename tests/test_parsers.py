"""Each site parser on hand-written page skeletons shaped like the public evidence of the real
sites (element names, ids and classes as the crawlers cited in each parser's docstring read them),
with the chrome real pages carry around the story: menus, share bars, photo captions and related
boxes inside the body container, scripts. Each site also has a variant the evidence allows but the
first page does not show (another wrapper, attributes in another order, a second time element, a
day-only meta date), so the parsers are not fitted to one page. The generic reader takes over for
templates no parser knows."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import pytest

from transforms.dates import VIETNAM
from transforms.extract import extract_article
from transforms.parsers import read_article
from transforms.parsers.base import more_precise
from transforms.parsers.page import decode_html, encode_legacy
from transforms.parsers.registry import PARSERS, versions

CHROME_TOP = """
<header class="header"><nav class="menu"><a href="/">Trang chủ</a><a href="/thoi-su">Thời sự</a>
<a href="/phap-luat">Pháp luật</a><a href="/xa-hoi">Xã hội</a></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div class="ads banner"><p>Quảng cáo</p></div>
"""
CHROME_BOTTOM = """
<div class="box-comment"><p>Ý kiến bạn đọc</p></div>
<footer class="footer"><p>Giấy phép số 123/GP-BTTTT. Ghi rõ nguồn khi phát hành lại thông tin.</p></footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({"event": "pageview"});</script>
"""
SHARE = '<div class="social share"><a href="#">Facebook</a><a href="#">Zalo</a><a href="#">Sao chép link</a></div>'


def page(head: str, body: str) -> str:
    return f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>{CHROME_TOP}{body}{CHROME_BOTTOM}</body></html>'


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM)


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    url: str
    html: str
    parser: str  # "source/version"
    title: str
    lead: str
    body: list[str]
    authors: list[str]
    published: datetime
    method: str


# --- nhandan.vn (CMS family) ---------------------------------------------------------------------
ND_URL = "https://nhandan.vn/ha-noi-ra-quan-bao-dam-trat-tu-giao-thong-dip-tet-post855123.html"
ND_TITLE = "Hà Nội ra quân bảo đảm trật tự giao thông dịp Tết"
ND_LEAD = (
    "NDO - Sáng 14/1, Công an thành phố Hà Nội tổ chức lễ ra quân cao điểm bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán."
)
ND_BODY = [
    "Phát biểu tại buổi lễ, lãnh đạo Công an thành phố yêu cầu các đơn vị tăng cường tuần tra, kiểm soát trên các tuyến đường trọng điểm.",
    "Lực lượng Cảnh sát giao thông bố trí 24/24 giờ tại các nút giao thường xảy ra ùn tắc.",
    "Người dân được khuyến cáo chấp hành nghiêm quy định về nồng độ cồn khi tham gia giao thông.",
]


def nhandan_page(meta_time: str, related_wrapper: str = "div", name: str = "Minh Hà") -> str:
    head = (
        f"<title>{ND_TITLE} | Báo Nhân Dân điện tử</title>"
        f'<link rel="canonical" href="{ND_URL}"><meta property="og:title" content="{ND_TITLE}">'
        f'<meta property="article:published_time" content="{meta_time}">'
        '<meta property="article:section" content="Xã hội">'
    )
    body = f"""
<div class="main-content"><div class="breadcrumbs"><a href="/xahoi">Xã hội</a></div>
<article class="article">
  <h1 class="article__title cms-title">{ND_TITLE}</h1>
  <div class="article__meta"><time class="time" datetime="2025-01-14T06:01:00+0700">Thứ Ba, ngày 14/01/2025 - 06:01</time>{SHARE}</div>
  <div class="article__sapo cms-desc">{ND_LEAD}</div>
  <div class="article__body zce-content-body cms-body" itemprop="articleBody">
    <p>{ND_BODY[0]}</p>
    <table class="picture"><tbody><tr><td><img src="https://cdn.nhandan.vn/images/a.jpg"></td></tr>
      <tr><td class="caption"><p>Lực lượng Cảnh sát giao thông tại lễ ra quân. (Ảnh: Thành Đạt)</p></td></tr></tbody></table>
    <p>{ND_BODY[1]}</p>
    <{related_wrapper} class="box-related"><p>Tin liên quan</p><p><a href="/x-post1.html">Hà Nội phân luồng giao thông dịp Tết</a></p></{related_wrapper}>
    <p>{ND_BODY[2]}</p>
  </div>
  <div class="article__author"><p class="name">{name}</p></div>
</article></div>"""
    return page(head, body)


ND_VARIANT = (
    nhandan_page("2025-01-14T00:00:00", name="Minh Hà/Báo Nhân Dân")
    .replace(f"<p>{ND_BODY[1]}</p>", f'<div class="content-wrap"><p class="text" data-id="2">{ND_BODY[1]}</p></div>')
    .replace(
        "</time>", '</time><time class="time-update" datetime="2025-01-15T09:00:00+0700">Cập nhật: 15/01/2025 09:00</time>', 1
    )
)

# --- baogialai.com.vn (CMS family) ---------------------------------------------------------------
GL_URL = "https://baogialai.com.vn/cong-an-xa-ia-grai-bat-giu-2-doi-tuong-trom-cap-bo-post330456.html"
GL_TITLE = "Công an xã Ia Grai bắt giữ 2 đối tượng trộm cắp bò"
GL_LEAD = "(GLO)- Công an xã Ia Grai vừa bắt giữ 2 đối tượng có hành vi trộm cắp bò của người dân trên địa bàn."
GL_BODY = [
    "Trước đó, ngày 20/9, gia đình ông R.Mah Y. phát hiện bị mất 2 con bò thả trên rẫy.",
    "Qua xác minh, Công an xã đã xác định được nhóm đối tượng và thu hồi tài sản trả lại cho người dân.",
]
GL_LD = (
    '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Công an xã Ia Grai bắt giữ 2 đối tượng trộm cắp bò",'
    '"datePublished":"2025-09-22T15:40:00+07:00","description":"Công an xã Ia Grai vừa bắt giữ 2 đối tượng",'
    '"author":[{"@type":"Person","name":"Ngọc Sang"},{"@type":"NewsMediaOrganization","name":"Báo Gia Lai"}]}'
)


def gialai_page(head_extra: str, author: str = "") -> str:
    head = f'<title>{GL_TITLE} | Báo Gia Lai điện tử</title><link rel="canonical" href="{GL_URL}">{head_extra}'
    body = f"""
<div class="main-col content-col"><article class="article">
  <h1 class="article__title cms-title">{GL_TITLE}</h1>
  <div class="article__meta"><time class="time">Thứ Hai, 22/09/2025, 15:40 (GMT+7)</time>{SHARE}</div>
  <div class="article__sapo cms-desc">{GL_LEAD}</div>
  <div class="article__body zce-content-body cms-body" itemprop="articleBody">
    <figure class="image"><img src="https://cdn.baogialai.com.vn/images/b.jpg"><figcaption><p>Hai đối tượng tại cơ quan công an. Ảnh: N.S</p></figcaption></figure>
    <p>{GL_BODY[0]}</p>
    <div class="article__related"><p><a href="/y-post2.html">Bắt đối tượng trộm cắp tài sản ở Chư Sê</a></p></div>
    <p>{GL_BODY[1]}</p>
  </div>{author}
</article></div>"""
    return page(head, body)


# --- cand.vn (CMS family) and cand.com.vn (old template) ------------------------------------------
CV_URL = "https://cand.vn/canh-sat-kinh-te-phai-chu-dong-phong-ngua-rui-ro-tu-som-tu-xa-post818972.html"
CV_TITLE = "Cảnh sát kinh tế phải chủ động phòng ngừa rủi ro từ sớm, từ xa"
CV_LEAD = (
    "Chủ tịch Quốc hội đề nghị lực lượng Cảnh sát kinh tế chuyển mạnh sang chủ động nhận diện, ngăn ngừa rủi ro từ sớm, từ xa."
)
CV_BODY = [
    "Sáng 8/8, tại Hà Nội, Bộ Công an tổ chức Lễ kỷ niệm 80 năm Ngày truyền thống lực lượng Cảnh sát kinh tế.",
    "Lực lượng Cảnh sát kinh tế đã phát hiện, xử lý nhiều vụ án lớn, thu hồi tài sản cho Nhà nước.",
    "Chủ tịch Quốc hội đề nghị tiếp tục tham mưu hoàn thiện thể chế, hỗ trợ phát triển.",
]
# The SEO headline double-escaped ("&amp;#7871;" for "ế"), as structured data sometimes is.
CV_LD = (
    '{"@context":"https://schema.org","@type":"NewsArticle",'
    '"headline":"C&amp;#7843;nh s&amp;#225;t kinh t&amp;#7871; ch&amp;#7911; &amp;#273;&amp;#7897;ng ph&amp;#242;ng ng&amp;#7915;a r&amp;#7911;i ro",'
    '"datePublished":"DATE","description":"Chủ tịch Quốc hội đề nghị lực lượng Cảnh sát kinh tế chuyển mạnh",'
    '"author":AUTHOR}'
)


def cand_vn_page(date: str, author: str, ld_list: bool = False) -> str:
    ld = CV_LD.replace("DATE", date).replace("AUTHOR", author)
    if ld_list:
        ld = ld.replace('"@type":"NewsArticle"', '"@type":["NewsArticle","Article"]')
        ld = '[{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[]},' + ld + "]"
    head = (
        f"<title>{CV_TITLE}</title>"
        f'<meta property="og:url" content="{CV_URL}"><meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2026-08-08T10:15:00+07:00">'
        f'<script type="application/ld+json">{ld}</script>'
    )
    body = f"""
<main class="site-content"><div class="article">
  <h1 class="article__title cms-title">{CV_TITLE}</h1>
  <div class="article__meta"><span class="article__author">Khổng Hà</span><time class="time">08/08/2026 10:15</time>{SHARE}</div>
  <div class="article__sapo cms-desc">{CV_LEAD}</div>
  <div class="article__body zce-content-body cms-body" itemprop="articleBody">
    <p>{CV_BODY[0]}</p>
    <figure class="image"><img src="https://cdn.cand.vn/images/c.jpg"><figcaption>Chủ tịch Quốc hội phát biểu tại buổi lễ.</figcaption></figure>
    <p>{CV_BODY[1]}</p>
    <div class="contref simplebox thumbnail"><a href="/z-post3.html"><img src="https://cdn.cand.vn/images/d.jpg"></a>
      <p><a href="/z-post3.html">Cảnh sát kinh tế: 80 năm xây dựng và trưởng thành</a></p></div>
    <p>{CV_BODY[2]}</p>
  </div>
</div></main>"""
    return page(head, body)


CO_URL = "https://cand.com.vn/Thoi-su/bat-doi-tuong-lua-dao-chiem-doat-tai-san-i657321/"
CO_TITLE = "Bắt đối tượng lừa đảo chiếm đoạt tài sản qua mạng"
CO_LEAD = "Công an tỉnh Bắc Giang vừa bắt giữ đối tượng giả danh cán bộ ngân hàng lừa đảo chiếm đoạt hơn 2 tỷ đồng."
CO_BODY = [
    "Theo tài liệu điều tra, đối tượng lập nhiều tài khoản mạng xã hội để tiếp cận người bị hại.",
    "Cơ quan Cảnh sát điều tra đã khởi tố vụ án, khởi tố bị can để điều tra theo quy định.",
    "Công an khuyến cáo người dân không cung cấp mã OTP cho bất kỳ ai.",
]


def cand_com_vn_page(h1_attrs: str, lead_html: str, author: str, wrap: bool = False) -> str:
    second = f"<p>{CO_BODY[1]}</p>"
    if wrap:
        second = f'<div class="content-inner">{second}</div>'
    body = f"""
<div class="uk-container"><ul class="uk-breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/Thoi-su/">Thời sự</a></li></ul>
<h1 {h1_attrs}>{CO_TITLE}</h1>
<div class="box-date">11:10 18/07/2022 |</div>{SHARE}
<div class="box-des-detail">{lead_html}</div>
<div class="detail-content-body">
  <p>{CO_BODY[0]}</p>
  <div class="contref simplebox thumbnail"><a href="/a-i600001/"><img src="https://image.cand.com.vn/a.jpg"></a>
    <p><a href="/a-i600001/">Cảnh báo thủ đoạn giả danh cán bộ ngân hàng</a></p></div>
  {second}
  <table class="picture"><tr><td><img src="https://image.cand.com.vn/b.jpg"></td></tr><tr><td><p>Đối tượng tại cơ quan điều tra.</p></td></tr></table>
  <div class="contref simplebox vertical"><ul><li><a href="/b-i600002/">Triệt phá đường dây lừa đảo</a></li></ul></div>
  <p>{CO_BODY[2]}</p>
</div>
<div class="box-author"><strong>{author}</strong></div></div>"""
    return page(f"<title>{CO_TITLE}</title>", body)


# --- dangcongsan.vn ------------------------------------------------------------------------------
DC_URL = "https://dangcongsan.vn/xay-dung-dang/nang-cao-chat-luong-sinh-hoat-chi-bo-612345.html"
DC_TITLE = "Nâng cao chất lượng sinh hoạt chi bộ"
DC_LEAD = "(ĐCSVN) - Chiều 22/6, Ban Tổ chức Trung ương tổ chức hội nghị sơ kết thực hiện Chỉ thị số 10-CT/TW về nâng cao chất lượng sinh hoạt chi bộ."
DC_BODY = [
    "Hội nghị đánh giá nhiều cấp ủy đã đổi mới nội dung, hình thức sinh hoạt chi bộ.",
    "Các đại biểu đề xuất tăng cường sinh hoạt chuyên đề gắn với nhiệm vụ chính trị của từng chi bộ.",
]


def dangcongsan_page(date: str, author_html: str, outside: str = "", wrap: bool = False) -> str:
    first = f"<p>{DC_BODY[0]}</p>"
    if wrap:
        first = f'<div class="ExternalClass"><div>{first}</div></div>'
    body = f"""
<div id="KhuVuc_2"><div class="breadcrumb"><a href="/xay-dung-dang">Xây dựng Đảng</a></div>
<h1 id="contenttitle">{DC_TITLE}</h1>
<div id="ngaytao">{date}</div>{SHARE}
<div id="description">{DC_LEAD}</div>
<div class="noidungtt">
  {first}
  <table align="center"><tr><td><img class="imgtelerik" src="/DATA/0/2022/06/a.jpg"></td></tr><tr><td><p>Quang cảnh hội nghị.</p></td></tr></table>
  <p>{DC_BODY[1]}</p>
  {author_html}
</div>{outside}
<div class="tinlienquan"><h3>Tin liên quan</h3><ul><li><a href="/a.html">Đổi mới sinh hoạt chi bộ</a></li></ul></div></div>"""
    return page(f"<title>{DC_TITLE}</title>", body)


# --- baochinhphu.vn ------------------------------------------------------------------------------
CP_URL = "https://baochinhphu.vn/canh-bao-thu-doan-lua-dao-gia-danh-nhan-vien-dien-luc-102250922140512345.htm"
CP_TITLE = "Cảnh báo thủ đoạn lừa đảo giả danh nhân viên điện lực"
CP_LEAD = (
    "(Chinhphu.vn) - Bộ Công an cảnh báo thủ đoạn giả danh nhân viên điện lực gọi điện yêu cầu người dân thanh toán tiền điện."
)
CP_BODY = [
    "Thời gian gần đây, các đối tượng gọi điện thông báo khách hàng nợ tiền điện và sẽ bị cắt điện.",
    "Cơ quan công an khuyến cáo người dân chỉ thanh toán qua các kênh chính thức của ngành điện.",
    "Khi phát hiện dấu hiệu lừa đảo, người dân cần trình báo ngay với cơ quan công an gần nhất.",
]


def chinhphu_page(head_extra: str, lead: str, author_html: str, signature: str = "") -> str:
    body = f"""
<div class="detail-container">
<div class="detail-cate"><a href="/xa-hoi.htm">Xã hội</a></div>
<h1 class="detail-title" data-role="title">{CP_TITLE}</h1>
<div class="detail-author">{author_html}<div class="detail-time"><div data-role="publishdate">22/09/2025 14:05</div></div></div>{SHARE}
<h2 class="detail-sapo" data-role="sapo">{lead}</h2>
<div class="detail-content afcbc-body clearfix" data-role="content">
  <p>{CP_BODY[0]}</p>
  <div class="VCSortableInPreviewMode alignCenter type-6"><div><img src="https://bcp.cdnchinhphu.vn/a.jpg"></div>
    <div class="PhotoCMS_Caption"><p>Các đối tượng thường giả danh nhân viên điện lực. Ảnh minh họa</p></div></div>
  <p>{CP_BODY[1]}</p>
  <div class="kbwscwl-relatedbox"><p><a href="/b-102250920.htm">Nhận diện thủ đoạn lừa đảo qua điện thoại</a></p></div>
  <p>{CP_BODY[2]}</p>{signature}
</div></div>"""
    return page(f'<title>{CP_TITLE}</title><link rel="canonical" href="{CP_URL}">{head_extra}', body)


# --- qdnd.vn -------------------------------------------------------------------------------------
QD_URL = "https://www.qdnd.vn/chinh-tri/tin-tuc/quan-uy-trung-uong-hop-phien-thuong-ky-1012345"
QD_TITLE = "Quân ủy Trung ương họp phiên thường kỳ"
QD_LEAD = "QĐND Online - Sáng 24/9, tại Hà Nội, Quân ủy Trung ương họp phiên thường kỳ quý III năm 2025."
QD_BODY = [
    "Hội nghị đánh giá kết quả lãnh đạo thực hiện nhiệm vụ quân sự, quốc phòng 9 tháng đầu năm.",
    "Quân ủy Trung ương yêu cầu các cơ quan, đơn vị duy trì nghiêm chế độ sẵn sàng chiến đấu.",
    "Hội nghị cũng cho ý kiến vào một số nội dung quan trọng khác.",
]


RELATED = '<div class="related-news"><p><a href="/a-1012000">Quân ủy Trung ương họp phiên thường kỳ quý II</a></p></div>'


def qdnd_page(subinfo: str, summary_p: str, signature: str, head_extra: str = "", related_last: bool = False) -> str:
    body = f"""
<div class="bgbrdm"><div class="brcrum-title"><div class="head"><a href="/chinh-tri">Chính trị</a><a href="/chinh-tri/tin-tuc">Tin tức</a></div></div></div>
<div class="post-detail article-detail">
  <h1 class="post-title">{QD_TITLE}</h1>
  <span class="post-subinfo">{subinfo}</span>{SHARE}
  <div class="post-summary">{summary_p}</div>
  <div class="post-content"><div itemprop="articleBody">
    <div><p>{QD_BODY[0]}</p></div>
    <table class="image"><tr><td><img src="https://file3.qdnd.vn/a.jpg"></td></tr><tr><td><p><em>Quang cảnh hội nghị. Ảnh: TRỌNG HẢI</em></p></td></tr></table>
    <div class="content-detail"><p>{QD_BODY[1]}</p><p>{QD_BODY[2]}</p></div>
    {RELATED if not related_last else ""}
    {signature}
    {RELATED if related_last else ""}
  </div></div>
</div>"""
    return page(f"<title>{QD_TITLE}</title>{head_extra}", body)


CASES = [
    Case(
        "nhandan",
        "nhandan",
        ND_URL,
        nhandan_page("2025-01-14T06:01:00+07:00"),
        "nhandan/3",
        ND_TITLE,
        ND_LEAD,
        ND_BODY,
        ["Minh Hà"],
        at("2025-01-14T06:01"),
        "meta",
    ),
    # day-only meta, a second time element, a paragraph in a wrapper with attributes, "name/paper" byline
    Case(
        "nhandan-variant",
        "nhandan",
        ND_URL,
        ND_VARIANT,
        "nhandan/3",
        ND_TITLE,
        ND_LEAD,
        ND_BODY,
        ["Minh Hà"],
        at("2025-01-14T06:01"),
        "byline",
    ),
    Case(
        "baogialai",
        "baogialai",
        GL_URL,
        gialai_page(f'<script type="application/ld+json">{GL_LD}</script>'),
        "baogialai/2",
        GL_TITLE,
        GL_LEAD,
        GL_BODY,
        ["Ngọc Sang"],
        at("2025-09-22T15:40"),
        "json-ld",
    ),
    # no JSON-LD: a day-only meta date, the time in the byline, two names in the author element
    Case(
        "baogialai-variant",
        "baogialai",
        GL_URL,
        gialai_page(
            '<meta property="article:published_time" content="2025-09-22">',
            '<div class="article__author"><span>Ngọc Sang - Hoàng Ngọc</span></div>',
        ),
        "baogialai/2",
        GL_TITLE,
        GL_LEAD,
        GL_BODY,
        ["Ngọc Sang", "Hoàng Ngọc"],
        at("2025-09-22T15:40"),
        "byline",
    ),
    Case(
        "cand.vn",
        "cand",
        CV_URL,
        cand_vn_page("2026-08-08T10:15:00+07:00", '{"@type":"Person","name":"Khổng Hà"}'),
        "cand/3",
        CV_TITLE,
        CV_LEAD,
        CV_BODY,
        ["Khổng Hà"],
        at("2026-08-08T10:15"),
        "json-ld",
    ),
    # JSON-LD in a list with a list of types, its author the paper itself, its date without the time
    Case(
        "cand.vn-variant",
        "cand",
        CV_URL,
        cand_vn_page("2026-08-08", '[{"@type":"Person","name":"Báo Công an Nhân dân"}]', ld_list=True),
        "cand/3",
        CV_TITLE,
        CV_LEAD,
        CV_BODY,
        ["Khổng Hà"],
        at("2026-08-08T10:15"),
        "byline",
    ),
    Case(
        "cand.com.vn",
        "cand",
        CO_URL,
        cand_com_vn_page('class="box-title-detail entry-title"', f"<p>{CO_LEAD}</p>", "Phạm Hậu -"),
        "cand/1",
        CO_TITLE,
        CO_LEAD,
        CO_BODY,
        ["Phạm Hậu"],
        at("2022-07-18T11:10"),
        "byline",
    ),
    # attributes in another order, the lead straight in the div, a wrapped paragraph, an agency byline
    Case(
        "cand.com.vn-variant",
        "cand",
        CO_URL,
        cand_com_vn_page('itemprop="headline" class="entry-title box-title-detail"', CO_LEAD, "Theo TTXVN", wrap=True),
        "cand/1",
        CO_TITLE,
        CO_LEAD,
        CO_BODY,
        ["TTXVN"],
        at("2022-07-18T11:10"),
        "byline",
    ),
    Case(
        "dangcongsan",
        "dangcongsan",
        DC_URL,
        dangcongsan_page("22/06/2022 17:57", '<p style="text-align:right"><b id="tacgia">Theo TTXVN</b></p>'),
        "dangcongsan/2",
        DC_TITLE,
        DC_LEAD,
        DC_BODY,
        ["TTXVN"],
        at("2022-06-22T17:57"),
        "byline",
    ),
    # weekday and dashes in the date, the byline after the content, SharePoint's wrapper divs
    Case(
        "dangcongsan-variant",
        "dangcongsan",
        DC_URL,
        dangcongsan_page("Thứ Tư, 22-06-2022, 17:57", "", '<div class="tacgia"><b id="tacgia">Minh Anh</b></div>', wrap=True),
        "dangcongsan/2",
        DC_TITLE,
        DC_LEAD,
        DC_BODY,
        ["Minh Anh"],
        at("2022-06-22T17:57"),
        "byline",
    ),
    Case(
        "baochinhphu",
        "baochinhphu",
        CP_URL,
        chinhphu_page(
            '<meta property="article:published_time" content="2025-09-22T14:05:00+07:00">',
            CP_LEAD,
            '<a class="detail-author-top-name" href="/tac-gia/thu-trang.htm">Thu Trang -</a>',
        ),
        "baochinhphu/2",
        CP_TITLE,
        CP_LEAD,
        CP_BODY,
        ["Thu Trang"],
        at("2025-09-22T14:05"),
        "meta",
    ),
    # no meta, an en dash in the outlet tag, the byline as a right-aligned bold paragraph
    Case(
        "baochinhphu-variant",
        "baochinhphu",
        CP_URL,
        chinhphu_page("", CP_LEAD.replace(") - ", ") – "), "", '<p style="text-align: right;"><b>Minh Khôi</b></p>'),
        "baochinhphu/2",
        CP_TITLE,
        CP_LEAD.replace(") - ", ") – "),
        CP_BODY,
        ["Minh Khôi"],
        at("2025-09-22T14:05"),
        "byline",
    ),
    Case(
        "qdnd",
        "qdnd",
        QD_URL,
        qdnd_page(
            "<span>24/09/2025 - 10:45</span>",
            f'<p class="logo-online">{QD_LEAD}</p>',
            '<p style="text-align:right"><strong>TUẤN SƠN</strong></p>',
        ),
        "qdnd/2",
        QD_TITLE,
        QD_LEAD,
        QD_BODY,
        ["TUẤN SƠN"],
        at("2025-09-24T10:45"),
        "byline",
    ),
    # a second span (the views) in the subinfo, a plain lead paragraph, a credit in front of the name,
    # the related box after the byline,
    # JSON-LD with the day only
    Case(
        "qdnd-variant",
        "qdnd",
        QD_URL,
        qdnd_page(
            '<span>24/09/2025 - 10:45</span> <span class="view">1.234 lượt xem</span>',
            f"<p>{QD_LEAD}</p>",
            '<p style="text-align: right;"><strong>TIN, ẢNH: HỮU THỌ</strong></p>',
            '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-09-24"}</script>',
            related_last=True,
        ),
        "qdnd/2",
        QD_TITLE,
        QD_LEAD,
        QD_BODY,
        ["HỮU THỌ"],
        at("2025-09-24T10:45"),
        "byline",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_site_parser_reads_the_page(case: Case) -> None:
    parsed = read_article(case.html, case.url, case.source)
    assert f"{parsed.parser}/{parsed.parser_version}" == case.parser
    assert parsed.title == case.title
    assert parsed.lead == case.lead
    assert parsed.body == case.body  # no caption, related box, share bar or byline
    assert parsed.authors == case.authors
    assert parsed.published is not None and parsed.published.value == case.published
    assert parsed.published_method == case.method
    assert parsed.complete and not parsed.missing


def test_every_parsed_source_has_pages_here() -> None:
    covered = {c.source for c in CASES}
    assert covered == set(PARSERS) - {"congan_hungyen"}  # no evidence of its markup: no page to shape
    assert {f"{c.source}/{p.version}" for c in CASES for p in versions(c.source)} <= {c.parser for c in CASES}


def test_cand_markup_not_the_day_picks_the_version() -> None:
    old = read_article(CASES[6].html, CO_URL, "cand", datetime(2026, 9, 1))
    new = read_article(CASES[4].html, CV_URL, "cand", datetime(2020, 1, 1))
    assert (old.parser_version, new.parser_version) == ("1", "3")
    assert all(p.valid_from is None for p in versions("cand"))  # the move day is in no evidence


def test_structured_titles_and_urls() -> None:
    parsed = read_article(CASES[4].html, CV_URL + "?utm_source=zalo", "cand")
    assert parsed.title == CV_TITLE  # the h1, not the double-escaped SEO headline
    assert parsed.canonical_url == CV_URL  # og:url when there is no canonical link
    assert "&" not in read_article(CASES[4].html.replace(f">{CV_TITLE}</h1>", "></h1>"), CV_URL, "cand").title


def test_the_more_precise_time_that_agrees_on_the_day() -> None:
    minute = ("Thứ Ba, ngày 14/01/2025 - 06:01", "byline")
    assert more_precise(("2025-01-14T00:00:00+07:00", "meta"), minute) == minute
    assert more_precise(("2025-01-14", "json-ld"), minute) == minute
    assert more_precise(("2025-01-14T05:58:00+07:00", "meta"), minute) == ("2025-01-14T05:58:00+07:00", "meta")
    assert more_precise(("2025-01-13T00:00:00+07:00", "meta"), minute) == ("2025-01-13T00:00:00+07:00", "meta")
    assert more_precise(None, minute) == minute and more_precise(("bad", "meta"), minute) == minute
    # Vietnam's wall clock labelled UTC: the structured time slipped by whole hours, the reader's clock stands
    assert more_precise(("2025-01-14T06:01:00Z", "meta"), minute) == minute
    assert more_precise(("2025-01-13T23:01:00Z", "meta"), minute) == ("2025-01-13T23:01:00Z", "meta")  # the same instant


def test_unknown_template_falls_back_to_the_generic_reader() -> None:
    paragraphs = [
        f"Đoạn {n}: Công an phường tăng cường tuần tra, kiểm soát bảo đảm an ninh trật tự khu dân cư." for n in range(3)
    ]
    html = page(
        '<meta property="og:title" content="Tăng cường tuần tra ban đêm">'
        '<meta name="description" content="Công an phường tăng cường tuần tra ban đêm.">'
        '<meta property="article:published_time" content="2026-10-02T08:30:00+07:00">',
        '<article class="story-v9"><h2 class="story-v9__headline">Tăng cường tuần tra ban đêm</h2>'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article>",
    )
    url = "https://cand.vn/tang-cuong-tuan-tra-ban-dem-post830001.html"
    assert not read_article(html, url, "cand").complete  # neither cand parser knows this template
    extracted = extract_article(html, url, datetime(2026, 10, 2, 9, 0, tzinfo=VIETNAM), "cand")
    assert extracted.fell_back and extracted.parser == "generic"
    assert extracted.title == "Tăng cường tuần tra ban đêm"
    assert extracted.published is not None and extracted.published.value == at("2026-10-02T08:30")
    assert extracted.body.split("\n\n") == paragraphs


def test_decoding_prefers_what_the_bytes_are() -> None:
    text = '<html><head><meta charset="windows-1258"></head><body><p>Công an xã Nghĩa Trụ quán triệt Nghị quyết</p></body></html>'
    nfc = unicodedata.normalize("NFC", text)
    assert decode_html(text.encode("utf-8"), "text/html; charset=iso-8859-1").text == nfc  # UTF-8 labelled Latin-1
    assert decode_html(encode_legacy(text), "text/html").text == nfc  # no header: the page's meta
    assert decode_html(encode_legacy(text), None).encoding == "windows-1258"
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=windows-1258").text == nfc  # BOM wins


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
