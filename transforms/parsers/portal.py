"""How a page without a site parser is laid out: where its article's title, byline and text are.

Vietnamese portals (provincial police and party sites, district and commune portals, ministry
portals on Liferay, SharePoint, ASP.NET, NukeViet, Joomla, WordPress…) rarely carry structured
data. What they share, per docs/portal-evidence.md:

* the title is a heading or an element whose class or id names a title (``h1``, ``h3``,
  ``h2.itemTitle``, ``div.TieuDeTin``, ``span#…lbHeadline``), and the first ``h1`` may be the
  category; ``<title>`` adds the portal's name after a separator, or is the portal's name alone;
* the publication time is visible text next to the title, in an element whose class or id names a
  date or time (``NgayCapNhat``, ``pubdate``, ``lblDate``, ``post-time``) or after a label
  ("Ngày đăng:", "Cập nhật", "Đăng lúc"), while the page header shows today's date and related
  lists show other articles' dates;
* related boxes ("Tin liên quan", "Các tin khác", "Những tin cũ hơn") and page chrome (header,
  menus, footer) surround the text.

``PortalPage`` reads those positions once per page (lxml, document order); the generic reader asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from lxml import html as lxml_html
from parsel import Selector

from transforms.dates import ParsedDate, parse_date
from transforms.text import normalize_text

# Class or id words of page chrome: an element inside one is not the article.
# (Not ``form``: an ASP.NET WebForms page is one form around everything.)
CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
NEVER_CONTENT_TAGS = frozenset({"script", "style", "noscript", "select", "button", "template"})
BLOCK_TAGS = frozenset({"div", "p", "ul", "ol", "table", "section", "article", "br", "figure"})
INLINE_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "font", "span", "small", "big", "sup", "sub", "abbr", "cite", "code", "mark", "s",
     "strike", "q", "time", "label", "ins", "del"}
)  # fmt: skip
CHROME_WORDS = re.compile(
    r"(?:^|[-_\s:])(?:header|footer|menu|mainmenu|topmenu|navbar|navigation|nav|sidebar|breadcrumbs?|banner|logo|"
    r"copyright|share|social|search|advert|ads|quangcao)(?:$|[-_\s:\d])",
    re.IGNORECASE,
)
# Boxes of other articles, by their class or id and by the heading they show.
RELATED_WORDS = re.compile(
    r"related|relates|other|same|lienquan|lien-quan|tinkhac|tin-khac|tin_khac|cungchuyenmuc|"
    r"Chi_Tiet_Khac|most-?read|docnhieu|doc-nhieu|topics|tags?$|tag_|keyword",
    re.IGNORECASE,
)
RELATED_HEADINGS = re.compile(
    r"^(?:tin|bài|bài viết|tin bài|tin tức)?\s*(?:liên quan|cùng chuyên mục|cùng chủ đề|đã đưa|khác|mới hơn|cũ hơn)|"
    r"^(?:các|những)\s+(?:tin|bài)\b|^cùng chuyên mục|^theo dòng sự kiện|^bài đọc tiếp|^đọc nhiều|^xem nhiều|"
    r"^tin (?:mới|nổi bật|đọc nhiều|xem nhiều)|^xem thêm|^đọc thêm|^từ khóa|^từ khoá|^tags?\b|^file đính kèm",
    re.IGNORECASE,
)
TITLE_WORDS = re.compile(r"title|tieude|tieu-de|tieu_de|headline|news-?name|^name$", re.IGNORECASE)
NOT_TITLE_WORDS = re.compile(
    r"(?:^|[-_\s:])(?:cate|category|chuyenmuc|section|box|block|widget|site|logo|sub|small|list|item)(?:$|[-_\s:\d])",
    re.IGNORECASE,
)
DATE_WORDS = re.compile(
    r"date|time|ngay|thoigian|thoi-gian|thoi_gian|tgian|publish|pubdate|posted|post-time|created|capnhat|cap-nhat|"
    r"cap_nhat|updated|datetime|timer",
    re.IGNORECASE,
)
# Labels before a time: published ones are preferred to updated ones.
PUBLISHED_LABEL = re.compile(
    r"ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|đăng\s+vào|thời\s+gian\s+đăng|(?:ngày\s+)?xuất\s+bản|ngày\s+tạo", re.I
)
UPDATED_LABEL = re.compile(r"cập\s+nhật|sửa\s+đổi|updated?|modified", re.IGNORECASE)
TITLE_SEPARATOR = re.compile(r"\s+(?:[-|–—:»]{1,2}|::)\s+")
# How a portal's or paper's name begins and ends, as <title> adds it before or after the article's.
SITE_NAME_START = re.compile(
    r"(?:cổng|trang)\s+(?:thông\s+tin|ttđt)|báo\b|tạp\s+chí|công\s+an\s+(?:tỉnh|thành\s+phố|tp\b|huyện|quận|xã|phường)|"
    r"sở\b|ubnd\b|ủy\s+ban|uỷ\s+ban|đảng\s+bộ|đảng\s+ủy|đảng\s+uỷ|(?:tỉnh|thành|huyện|quận)\s+(?:ủy|uỷ)|bộ\b|cục\b|"
    r"trang\s+chủ|website|portal",
    re.IGNORECASE,
)
SITE_NAME_END = re.compile(r"\.vn$|\.com$|\bonline$|điện\s+tử$|\bportal$", re.IGNORECASE)
MAX_BYLINE_CHARS = 160
BODY_START_CHARS = 150  # a text this long is story text: the byline sits before it
TITLE_MIN_WORDS = 4
MAX_TITLE_CHARS = 250


@dataclass(frozen=True)
class Byline:
    """A publication time the page shows: its raw text, how it was found, and where."""

    text: str
    method: str
    parsed: ParsedDate
    position: int
    label: int  # 2 published label, 1 neutral, 0 updated label


def squash(text: str) -> str:
    return normalize_text(text).casefold()


class PortalPage:
    """The article parts of one page, located once."""

    def __init__(self, page: Selector) -> None:
        root = page.root
        self.root = root if isinstance(root, lxml_html.HtmlElement) else lxml_html.fromstring(page.get() or "<html/>")
        self.elements = [e for e in self.root.iter() if isinstance(e.tag, str)]
        self.position = {id(element): index for index, element in enumerate(self.elements)}
        self._excluded: dict[int, bool] = {}
        self._related: dict[int, bool] = {}

    # --- what is not the article ---------------------------------------------------------------
    def excluded(self, element: lxml_html.HtmlElement) -> bool:
        """Inside page chrome or a box of other articles."""
        key = id(element)
        if key not in self._excluded:
            parent = element.getparent()
            self._excluded[key] = (
                self.related(element) or self.is_chrome(element) or (parent is not None and self.excluded(parent))
            )
        return self._excluded[key]

    def related(self, element: lxml_html.HtmlElement) -> bool:
        """Inside a box of other articles (or a script): never the article, wherever it sits."""
        key = id(element)
        if key not in self._related:
            parent = element.getparent()
            self._related[key] = self._is_related(element) or (parent is not None and self.related(parent))
        return self._related[key]

    def _is_related(self, element: lxml_html.HtmlElement) -> bool:
        if element.tag in NEVER_CONTENT_TAGS:
            return True
        names = f"{element.get('class', '')} {element.get('id', '')}"
        return bool(names.strip() and RELATED_WORDS.search(names)) or self._heads_related_box(element)

    def is_chrome(self, element: lxml_html.HtmlElement) -> bool:
        """Page chrome by itself (header, menu, footer, share bar), whatever it sits in."""
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag not in CHROME_TAGS and not (names.strip() and CHROME_WORDS.search(names)):
            return False
        # An article's own header ("td-post-title", "sc-longform-header") holds its h1; the page's does not.
        return not TITLE_WORDS.search(names) and element.find(".//h1") is None

    def _heads_related_box(self, element: lxml_html.HtmlElement) -> bool:
        """A container whose first text is a related-box heading ("Tin liên quan", "Các tin khác")."""
        if element.tag not in ("div", "section", "ul", "table", "td", "tr", "tbody"):
            return False
        first = next((t.strip() for t in element.itertext() if t.strip()), "")
        return bool(first) and len(first) <= 40 and bool(RELATED_HEADINGS.match(first)) and len(element.findall(".//a")) >= 1

    # --- the title -----------------------------------------------------------------------------
    @cached_property
    def references(self) -> list[str]:
        """What the page's metadata and <title> say the title is (site name cut off)."""
        refs = [self.meta(key) for key in ("og:title", "twitter:title", "dcterms.title", "DC.title")]
        head = self.root.find(".//title")
        if head is not None and head.text_content().strip():
            refs.append(strip_site_name(normalize_text(head.text_content()), self.site_names))
        return [r for r in refs if r and len(r.split()) >= 2]

    @cached_property
    def site_names(self) -> list[str]:
        """The portal's name as its metadata, logo, banner and footer give it."""
        names = [self.meta("og:site_name"), self.meta("application-name")]
        for logo in self.root.xpath('//*[contains(@class, "logo") or contains(@id, "logo")]'):
            names.append(normalize_text(logo.get("title") or logo.get("alt") or logo.text_content()))
        for image in self.root.xpath(
            "//header//img[@alt] | //*[contains(@class, 'banner') or contains(@id, 'banner')]//img[@alt]"
        ):
            names.append(normalize_text(image.get("alt", "")))
        for footer in self.root.xpath('//footer | //*[contains(@class, "footer") or contains(@id, "footer")]')[:2]:
            names.append(normalize_text(footer.text_content())[:300])
        return [n for n in names if n]

    def meta(self, key: str) -> str:
        for attribute in ("property", "name", "itemprop"):
            for value in self.root.xpath(f'//meta[@{attribute}="{key}"]/@content'):
                if text := normalize_text(str(value)):
                    return text
        return ""

    def _title_like(self, element: lxml_html.HtmlElement) -> bool:
        if element.tag in ("h1", "h2", "h3"):
            return True
        if element.tag not in ("div", "span", "td", "p", "strong", "b", "a", "font"):
            return False
        names = f"{element.get('class', '')} {element.get('id', '')}"
        return bool(TITLE_WORDS.search(names)) and not NOT_TITLE_WORDS.search(element.get("class", ""))

    @cached_property
    def title_element(self) -> lxml_html.HtmlElement | None:
        """The article's own heading: the candidate the metadata or <title> names, else the first
        heading-like element of the content that reads like a title (when no metadata names one)."""
        candidates = [e for e in self.elements if self._title_like(e) and not self.excluded(e)]
        refs = [squash(r) for r in self.references]
        for element in candidates:
            text = squash(heading_text(element))
            if len(text) >= 10 and any(_names_title(text, r) for r in refs):
                return element
        if self.meta_title:
            return None  # the metadata names a title no element shows as such: believe the metadata
        for element in candidates:
            text = heading_text(element)
            if (
                TITLE_MIN_WORDS <= len(text.split())
                and len(text) <= MAX_TITLE_CHARS
                and not _linked(element)
                and not _category_like(text)
            ):
                return element
        return None

    @cached_property
    def meta_title(self) -> str:
        return next((t for key in ("og:title", "twitter:title", "dcterms.title", "DC.title") if (t := self.meta(key))), "")

    @cached_property
    def title(self) -> str:
        if (element := self.title_element) is not None:
            return heading_text(element)
        if self.meta_title:
            return strip_site_name(self.meta_title, self.site_names) or self.meta_title
        return self.references[0] if self.references else ""

    @cached_property
    def story(self) -> StoryText:
        return StoryText(self)

    # --- the byline ----------------------------------------------------------------------------
    @cached_property
    def body_start(self) -> int:
        """Where the story text is well under way: the second long text after the title (the first
        may be the lead, which some layouts put before the byline)."""
        after = self.position.get(id(self.title_element), -1) if self.title_element is not None else -1
        long_texts = 0
        for element in self.elements[after + 1 :]:
            if element.tag in ("p", "div", "span", "td") and not self.excluded(element):
                own = normalize_text(" ".join([element.text or "", *(c.tail or "" for c in element)]))
                long_texts += len(own) >= BODY_START_CHARS
                if long_texts == 2:
                    return self.position[id(element)]
        return len(self.elements)

    @cached_property
    def byline(self) -> Byline | None:
        """The publication time the page shows next to its title (see ``bylines``)."""
        found = self.bylines()
        if not found:
            return None
        title_at = self.position.get(id(self.title_element), 0) if self.title_element is not None else 0

        def rank(b: Byline) -> tuple[int, int, int]:
            distance = b.position - title_at if b.position >= title_at else 3 * (title_at - b.position)
            return (-b.label, distance, b.parsed.precision != "minute")

        best = min(found, key=rank)
        if best.parsed.precision == "day":  # "01/11/2025" shown, the minute in <time datetime> beside it
            same_day = [
                b for b in found if b.parsed.day == best.parsed.day and b.parsed.precision != "day" and b.label == best.label
            ]
            best = min(same_day, key=rank, default=best)
        return best

    def bylines(self) -> list[Byline]:
        """Every time the page shows outside chrome and related boxes, before the story text:
        in ``time`` elements, elements named for a date or time, and text after a label."""
        found: list[Byline] = []
        title_at = self.position.get(id(self.title_element), 0) if self.title_element is not None else 0
        for element in self.elements[: self.body_start]:
            # Past the title, chrome-like names are the article's meta ("header-meta", "toolbar").
            if self.related(element) or (self.position[id(element)] < title_at and self.excluded(element)):
                continue
            index = self.position[id(element)]
            if element.tag == "time" and (value := element.get("datetime")):
                self._add(found, value, "byline", index)
            names = f"{element.get('class', '')} {element.get('id', '')}"
            text = normalize_text(element.text_content())
            if not text or len(text) > MAX_BYLINE_CHARS or not any(c.isdigit() for c in text):
                continue
            if DATE_WORDS.search(names):
                self._add(found, text, "byline", index)
            elif PUBLISHED_LABEL.search(text) or UPDATED_LABEL.search(text) or _only_a_time(element):
                self._add(found, text, "byline-text", index)
        return found

    def chrome_times(self) -> list[Byline]:
        """Times shown before the title in elements named for a date but inside page chrome (a share bar
        holding "span.pubdate"): not bylines by themselves, since a header clock looks the same, but
        the minute of a day the structured data gives alone (see ``GenericParser.published``)."""
        found: list[Byline] = []
        title_at = self.position.get(id(self.title_element), 0) if self.title_element is not None else 0
        for element in self.elements[:title_at]:
            if not self.excluded(element) or not DATE_WORDS.search(f"{element.get('class', '')} {element.get('id', '')}"):
                continue
            text = normalize_text(element.text_content())
            if text and len(text) <= MAX_BYLINE_CHARS and any(c.isdigit() for c in text):
                self._add(found, text, "byline-chrome", self.position[id(element)])
        return found

    def _add(self, found: list[Byline], text: str, method: str, index: int) -> None:
        published = PUBLISHED_LABEL.search(text)
        # "Cập nhật: 14/03 09:05 | Đăng lúc: 13/03 16:40": the time after the published label
        parsed = (parse_date(text[published.end() :]) if published else None) or parse_date(text)
        if parsed is None:
            return
        label = 2 if published else 0 if UPDATED_LABEL.search(text) else 1
        found.append(Byline(parsed.text if parsed.text and len(parsed.text) < len(text) else text, method, parsed, index, label))


def heading_text(element: lxml_html.HtmlElement) -> str:
    """A title element's own words: without the blocks and dates it also holds (a table cell with the
    title in bold and the byline in a div under it)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS and not DATE_WORDS.search(child.get("class", "")):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return normalize_text("".join(parts))


def _names_title(text: str, reference: str) -> bool:
    """An element's text is the title a reference names: the same, or the same but for a little
    (a cut <title>, an icon's text), never a container holding the title and more."""
    if text == reference:
        return True
    shorter, longer = sorted((text, reference), key=len)
    return len(shorter) >= 20 and longer.startswith(shorter) and len(longer) - len(shorter) <= 12


def _linked(element: lxml_html.HtmlElement) -> bool:
    """The element is a link to another page (a list item), not a heading of this one."""
    if element.tag == "a" or element.find(".//a") is not None and _all_link_text(element):
        return True
    parent = element.getparent()
    return parent is not None and parent.tag == "a"


def _all_link_text(element: lxml_html.HtmlElement) -> bool:
    links = " ".join(a.text_content() for a in element.iter("a"))
    return normalize_text(links) == normalize_text(element.text_content())


def _category_like(text: str) -> bool:
    """A breadcrumb or section name: "THỜI SỰ > Cần Thơ", "Trang chủ / Tin tức"."""
    return ">" in text or "»" in text or " / " in text or (text.upper() == text and len(text.split()) <= 5)


def _only_a_time(element: lxml_html.HtmlElement) -> bool:
    """A short element whose text is mostly a date and time ("08/01/2026 - 18:21")."""
    text = normalize_text(element.text_content())
    digits = sum(c.isdigit() for c in text)
    return len(text) <= 60 and digits >= 6 and digits * 3 >= len(text.replace(" ", ""))


def strip_site_name(title: str, site_names: list[str]) -> str:
    """``<title>`` without the portal's name at either end ("… - Báo Cần Thơ Online")."""
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title if not _is_site_name(title, site_names) else ""
    separators = TITLE_SEPARATOR.findall(title)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], site_names):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], site_names):
        start += 1
    kept = parts[start]
    for separator, part in zip(separators[start : end - 1], parts[start + 1 : end]):
        kept += separator + part
    return kept


def _is_site_name(part: str, site_names: list[str]) -> bool:
    """A portal's or paper's name: one the page gives elsewhere (logo, footer, og:site_name), or a short
    name without digits that begins like one ("Cổng thông tin…", "Báo…", "Công an tỉnh…") or ends
    like one ("….vn", "… Online", "… điện tử")."""
    folded = squash(part)
    if any(folded and (folded == squash(n) or folded in squash(n)) for n in site_names):
        return True
    short = len(part.split()) <= 10 and not any(c.isdigit() for c in part)
    return short and bool(SITE_NAME_START.match(part) or SITE_NAME_END.search(part))


# --- the story text ------------------------------------------------------------------------------
PARAGRAPH_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})
TEXT_HOLDERS = frozenset({"div", "td", "span", "font", "section", "article"})
CAPTION_NAMES = re.compile(r"caption|desc|chuthich|chu-thich|image|photo|figure|credit", re.IGNORECASE)
# Bylines and sources set apart from the text (their names are the authors, not story text).
AUTHOR_NAMES = re.compile(r"author|byline|tacgia|tac-gia|tac_gia|pseudonym|nguontin|nguon-tin|ArticleSource", re.IGNORECASE)
SIGNATURE_MAX_CHARS = 60
CONTAINER_MIN_CHARS = 200
LEAD_MIN_CHARS = 60  # shorter lines between the title and the story are bylines and labels


class StoryText:
    """The story's paragraphs in the container that holds most of the page's paragraph text after
    the title, without captions, related boxes, share bars and the closing signature."""

    def __init__(self, portal: PortalPage) -> None:
        self.portal = portal
        self.title_at = portal.position.get(id(portal.title_element), -1) if portal.title_element is not None else -1

    @cached_property
    def container(self) -> lxml_html.HtmlElement | None:
        scores: dict[int, float] = {}
        holders: dict[int, lxml_html.HtmlElement] = {}
        for element in self.portal.elements[self.title_at + 1 :]:
            if element.tag not in PARAGRAPH_TAGS and element.tag not in TEXT_HOLDERS:
                continue
            own = len(own_text(element)) if element.tag in TEXT_HOLDERS else len(element.text_content().strip())
            if own < 25 or self.portal.excluded(element):
                continue
            parent = element.getparent()
            for ancestor, weight in ((parent, 1.0), (parent.getparent() if parent is not None else None, 0.5)):
                if ancestor is not None:
                    scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + weight * own
                    holders[id(ancestor)] = ancestor
        if not scores:
            return None
        best = max(scores, key=lambda key: scores[key])
        return holders[best] if scores[best] >= CONTAINER_MIN_CHARS else None

    @cached_property
    def lead_before(self) -> str:
        """A paragraph standing between the title and the story block: the lead, set apart."""
        if self.container is None:
            return ""
        start = self.portal.position[id(self.container)]
        for element in self.portal.elements[self.title_at + 1 : start]:
            if element.tag in ("p", "div", "h2", "h3", "h4", "span", "td") and not self.portal.excluded(element):
                text = own_text(element)
                if len(text) >= LEAD_MIN_CHARS and not any(text in line for line, _ in self.blocks[:1]):
                    return text
        return ""

    @cached_property
    def blocks(self) -> list[tuple[str, lxml_html.HtmlElement]]:
        """(text, element) of every paragraph of the container, in page order."""
        if self.container is None:
            return []
        found: list[tuple[str, lxml_html.HtmlElement]] = []
        self._collect(self.container, found)
        return found

    def _collect(self, element: lxml_html.HtmlElement, found: list[tuple[str, lxml_html.HtmlElement]]) -> None:
        for line in own_lines(element):
            found.append((line, element))
        for child in element:
            if not isinstance(child.tag, str) or child.tag == "br" or inline(child) or self._skipped(child):
                continue  # an inline child is part of its parent's lines (own_lines read it, tail included)
            if child.tag in PARAGRAPH_TAGS and not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS - {"br"} for c in child):
                for line in split_lines(child):
                    found.append((line, child))
            else:
                self._collect(child, found)

    def _skipped(self, element: lxml_html.HtmlElement) -> bool:
        if element.tag in ("figcaption", "figure", "img", "iframe", "video", "audio", "table") and not _text_table(element):
            return True
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if names.strip() and (CAPTION_NAMES.search(names) or AUTHOR_NAMES.search(names)) and len(element.text_content()) < 400:
            return True
        return self.portal.related(element) or self.portal.is_chrome(element)

    def paragraphs(self, leave_out: set[str]) -> tuple[list[str], list[str]]:
        """(paragraphs, signature names): the story text without ``leave_out`` lines (title, byline,
        captions), cut at a related-box heading, its closing signature taken apart."""
        kept: list[tuple[str, lxml_html.HtmlElement]] = []
        for text, element in self.blocks:
            if RELATED_HEADINGS.match(text) and len(text) <= 40:
                break
            if text in leave_out or _caption_like(element, text):
                continue
            kept.append((text, element))
        signature: list[str] = []
        while kept and _signature_like(*kept[-1]):
            signature.insert(0, kept.pop()[0])
        return [text for text, _ in kept], signature


def own_text(element: lxml_html.HtmlElement) -> str:
    """The text an element holds itself: its text, its inline children's and their tails."""
    return " ".join(own_lines(element, split_at_br=False))


def inline(element: lxml_html.HtmlElement) -> bool:
    """Set in the line of its parent (``b``, ``a``, ``font``…) and holding no block of its own."""
    return element.tag in INLINE_TAGS and not any(
        isinstance(d.tag, str) and (d.tag in PARAGRAPH_TAGS or d.tag in BLOCK_TAGS - {"br"}) for d in element.iterdescendants()
    )


def own_lines(element: lxml_html.HtmlElement, split_at_br: bool = True) -> list[str]:
    """An element's own text as lines: ``<br>`` and block children end a line; the blocks themselves
    are not its own text (they are read on their own)."""
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        lines.append("".join(current))
        current.clear()

    def walk(node: lxml_html.HtmlElement) -> None:
        current.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    if split_at_br:
                        end_line()
                elif inline(child):
                    walk(child)
                else:
                    end_line()
            current.append(child.tail or "")

    walk(element)
    end_line()
    return [text for line in lines if (text := normalize_text(line))]


def split_lines(element: lxml_html.HtmlElement) -> list[str]:
    """A paragraph's text, split at ``<br>`` (table-layout pages put several paragraphs in one)."""
    lines: list[str] = []
    current: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        current.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    lines.append("".join(current))
                    current.clear()
                else:
                    walk(child)
            current.append(child.tail or "")

    walk(element)
    lines.append("".join(current))
    return [text for line in lines if (text := normalize_text(line))]


def _text_table(element: lxml_html.HtmlElement) -> bool:
    """A table used for layout around the story (long text in its cells), not a photo frame."""
    return element.tag == "table" and len(normalize_text(element.text_content())) >= 300


def _caption_like(element: lxml_html.HtmlElement, text: str) -> bool:
    """A photo's caption: all in italics, or a credit line ("Ảnh: …")."""
    italic = normalize_text(" ".join(t for node in element.iter("em", "i") for t in node.itertext()))
    return (bool(italic) and italic == text and len(text) <= 400) or bool(
        re.match(r"^\(?(?:Ảnh|Ảnh minh họa|Nguồn ảnh)\s*:", text)
    )


SIGNATURE_PREFIX = re.compile(
    r"^(?:tin(?:,| và)?\s*ảnh|bài(?:\s+và\s+ảnh)?|tác giả|nguồn(?:\s+tin)?|theo)\s*:?\s+", re.IGNORECASE
)


def _signature_like(text: str, element: lxml_html.HtmlElement) -> bool:
    """The closing byline: short, and right-aligned, all bold, all capitals, initials or labelled."""
    if len(text) > SIGNATURE_MAX_CHARS or len(text.split()) > 8:
        return False
    aligned = "right" in (element.get("align", "") + element.get("style", "")).lower()
    bold = normalize_text(" ".join(t for node in element.iter("b", "strong") for t in node.itertext())) == text
    initials = bool(re.fullmatch(r"(?:[A-ZĐ]\.\s?)+[A-ZĐ][\w.]*", text))
    return aligned or bold or text.upper() == text or initials or bool(SIGNATURE_PREFIX.match(text))


def signature_names(lines: list[str]) -> list[str]:
    """The names a signature gives ("Tin, ảnh: P.Y" → "P.Y")."""
    names: list[str] = []
    for line in lines:
        cleaned = SIGNATURE_PREFIX.sub("", line).strip(" -–")
        names.extend(n for n in re.split(r"\s*(?:,|;|\s-\s)\s*", cleaned) if n)
    return names
