"""The generic reader on portal pages written here by hand (not the zoo's): where the title, the time
and the story sit when a page has no structured data, and what it must leave out."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers import read_article
from transforms.parsers.portal import PortalPage, heading_text, signature_names, split_lines, strip_site_name

STORY = [
    "Sáng 12/3, Công an huyện tổ chức hội nghị tổng kết công tác bảo đảm an ninh, trật tự năm 2025 và triển khai nhiệm vụ.",
    "Năm qua, lực lượng Công an huyện đã điều tra, làm rõ 45 vụ phạm pháp hình sự, đạt tỷ lệ 92%, bắt giữ nhiều đối tượng truy nã.",
    "Phát biểu chỉ đạo, đồng chí Phó Chủ tịch UBND huyện đề nghị tiếp tục phát huy vai trò nòng cốt trong phong trào toàn dân.",
]
TITLE = "Công an huyện Mường Lát tổng kết công tác năm 2025"


def page(body: str, title_tag: str = f"{TITLE} - Cổng thông tin điện tử Công an tỉnh Thanh Hóa") -> str:
    return f'<html><head><meta charset="utf-8"><title>{title_tag}</title></head><body>{body}</body></html>'


def header_with_today() -> str:
    return (
        '<div id="top"><div class="logo">CÔNG AN TỈNH THANH HÓA</div><span class="today">Thứ Sáu, 06/12/2026</span>'
        '<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li></ul></div>'
    )


def related(dates: list[str]) -> str:
    items = "".join(f'<li><a href="/tin/{n}.html">Tin khác số {n} về công tác</a> <i>({d})</i></li>' for n, d in enumerate(dates))
    return f'<div class="cot-phai"><div class="tieu-de-hop">Các tin khác</div><ul>{items}</ul></div>'


def read(html: str):  # noqa: ANN201 - the ParsedArticle of a page without a site parser
    return read_article(html, "https://catthanhhoa.example.vn/tin-tuc/bai-viet-1.html", "portal_without_parser")


def test_a_div_title_a_labelled_day_and_a_header_with_today_s_date() -> None:
    html = page(
        header_with_today()
        + f'<div class="noi-dung"><div class="tieude_tin">{TITLE}</div><p class="ngaydang">Ngày đăng: 13/03/2025</p>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</div>"
        + related(["01/12/2026", "30/11/2026"])
    )
    parsed = read(html)
    assert parsed.title == TITLE
    assert parsed.published is not None and parsed.published.day.isoformat() == "2025-03-13"
    assert parsed.published.precision == "day"  # the page shows no time: none is invented
    assert parsed.body == STORY


def test_published_is_preferred_to_updated_and_the_time_beside_the_title_to_others() -> None:
    html = page(
        header_with_today()
        + f"<h2>{TITLE}</h2>"
        + '<div class="info">Cập nhật: 14/03/2025 09:05 | Đăng lúc: 13/03/2025 16:40</div>'
        + "".join(f"<p>{p}</p>" for p in STORY)
    )
    parsed = read(html)
    assert parsed.published is not None and parsed.published.value.isoformat() == "2025-03-13T16:40:00+07:00"


def test_a_table_layout_with_br_paragraphs_a_caption_and_a_signature() -> None:
    cell = "<br><br>".join(STORY)
    html = page(
        '<table width="100%"><tr><td class="banner"><img src="/b.jpg" alt="Công an tỉnh Thanh Hóa"></td></tr>'
        f'<tr><td><font size="4"><b>{TITLE}</b></font><br><span class="date">13/03/2025 16:40</span></td></tr>'
        f'<tr><td class="content">{cell}<br><p align="center"><img src="/a.jpg"><br><i>Quang cảnh hội nghị.</i></p>'
        '<p align="right"><b>Tin, ảnh: Lê Hà</b></p></td></tr></table>',
        title_tag=f"Công an tỉnh Thanh Hóa :: {TITLE}",
    )
    parsed = read(html)
    assert parsed.title == TITLE
    assert parsed.published is not None and parsed.published.value.isoformat() == "2025-03-13T16:40:00+07:00"
    assert parsed.body == STORY  # no caption, no signature
    assert parsed.authors == ["Lê Hà"]


def test_a_related_list_s_dates_are_not_the_article_s() -> None:
    html = page(f"<h1>{TITLE}</h1>" + related(["12/03/2025", "11/03/2025"]) + "".join(f"<p>{p}</p>" for p in STORY))
    parsed = read(html)
    assert parsed.published is None or parsed.published.method != "byline"  # nothing but the related dates


def test_the_site_name_leaves_the_title_at_either_end() -> None:
    assert strip_site_name(f"{TITLE} - Cổng thông tin điện tử Công an tỉnh Thanh Hóa", []) == TITLE
    assert strip_site_name(f"Công an tỉnh Thanh Hóa | {TITLE}", []) == TITLE
    assert strip_site_name(f"{TITLE} – Báo Thanh Hóa", []) == TITLE
    assert (
        strip_site_name("Hà Tĩnh: Nâng chất lượng sinh hoạt chi bộ - Đảng bộ xã", ["Đảng bộ xã"])
        == "Hà Tĩnh: Nâng chất lượng sinh hoạt chi bộ"
    )
    assert strip_site_name("Cổng thông tin điện tử Công an tỉnh Thái Bình", []) == ""  # the site's name alone
    # a dash inside the title stays when neither end is a site's name
    assert (
        strip_site_name("Hội nghị Ban Chấp hành Đảng bộ - nhiệm kỳ 2025 - 2030", [])
        == "Hội nghị Ban Chấp hành Đảng bộ - nhiệm kỳ 2025 - 2030"
    )


def test_title_and_lines_are_read_as_a_person_would() -> None:
    cell = Selector(text=f'<table><tr><td class="TieuDe"><b>{TITLE}</b><div class="NgayDang">13/03/2025</div></td></tr></table>')
    element = cell.css("td")[0].root
    assert heading_text(element) == TITLE
    paragraph = Selector(text="<p>Dòng một<br/>dòng <b>hai</b> tiếp<br><br>dòng ba</p>").css("p")[0].root
    assert split_lines(paragraph) == ["Dòng một", "dòng hai tiếp", "dòng ba"]
    assert signature_names(["Tin, ảnh: P.Y"]) == ["P.Y"]
    assert signature_names(["Bài và ảnh: Minh An - Thu Hà"]) == ["Minh An", "Thu Hà"]


def test_the_page_header_is_not_the_article_but_an_article_header_is() -> None:
    html = page(
        f'<header class="site-header"><a class="logo" href="/">Báo X</a><span class="date">06/12/2026</span></header>'
        f'<article><header class="entry-header"><h1 class="entry-title">{TITLE}</h1>'
        f'<time datetime="2025-03-13T16:40:00+07:00">13/03/2025</time></header>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article>"
    )
    portal = PortalPage(Selector(text=html))
    assert portal.title == TITLE
    assert portal.byline is not None and portal.byline.parsed.value.isoformat() == "2025-03-13T16:40:00+07:00"


def test_a_date_above_the_title_and_div_paragraphs_before_a_related_box() -> None:
    html = page(
        header_with_today()
        + '<div class="chitiet"><div class="meta">Thứ Hai, 4/8/2025 2:15 PM</div>'
        + f'<h2 class="news-title">{TITLE}</h2><div id="content">'
        + "".join(f"<div>{p}</div>" for p in STORY)
        + '</div><div class="box"><h3>Tin cùng chuyên mục</h3><ul><li><a href="/1.html">Một tin khác</a> (03/08/2025)</li></ul></div></div>'
    )
    parsed = read(html)
    assert parsed.title == TITLE
    assert parsed.published is not None and parsed.published.value.isoformat() == "2025-08-04T14:15:00+07:00"
    assert parsed.body == STORY


def test_a_byline_sentence_with_the_hour_written_7h45() -> None:
    html = page(
        f"<h1>{TITLE}</h1><p><em>Đăng ngày 3/8/2025 lúc 7h45</em></p>" + "".join(f"<p>{p}</p>" for p in STORY),
        title_tag=TITLE,
    )
    parsed = read(html)
    assert parsed.published is not None and parsed.published.value.isoformat() == "2025-08-03T07:45:00+07:00"
    assert parsed.body == STORY


def test_no_heading_element_the_title_from_title_with_a_dash_inside() -> None:
    title = "Hà Tĩnh - Nghệ An: phối hợp bảo đảm an ninh vùng giáp ranh"
    html = page(
        '<div style="font-size:18px;font-weight:bold">' + title + "</div>"
        + '<div>Ngày cập nhật: 05/11/2024 10:12</div>'
        + "".join(f"<p>{p}</p>" for p in STORY),
        title_tag=f"{title} - Trang thông tin điện tử huyện Kỳ Anh",
    )  # fmt: skip
    parsed = read(html)
    assert parsed.title == title
    assert parsed.published is not None and parsed.published.value.isoformat() == "2024-11-05T10:12:00+07:00"
    assert parsed.body == STORY
