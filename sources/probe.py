"""Finding how a site lists its articles from its base URL alone (``python -m sources.scaffold NAME URL``).

A handful of polite requests (robots.txt is read first and obeyed; at most ``MAX_REQUESTS``), in order:

1. ``/robots.txt``: its ``Sitemap:`` lines;
2. the home page: ``<link rel="alternate" type="application/rss+xml">`` in its head, and its links whose
   address says RSS or feed (Báo Cần Thơ links ``/rss/cate/<cat>/``);
3. only when 1 and 2 found nothing: the feed and sitemap paths Vietnamese CMSs use (``COMMON_PATHS``);
4. then listing pages: the home page's links to category pages (those that prefix the most article links
   first), each read for repeated items holding an article link, a date, and a link to page 2.

A feed or sitemap whose entries carry dates wins over a listing. The pure functions below do the reading;
``probe`` does the requests.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import Request, urlopen
from urllib.robotparser import RobotFileParser

from parsel import Selector

from transforms.dates import VIETNAM, parse_date

USER_AGENT = "bantin-scaffold (+docs/adding-a-source.md)"
MAX_REQUESTS = 16
MAX_CATEGORIES = 3  # category pages read for a listing
# Where Vietnamese CMSs put feeds and sitemaps when nothing links them (docs/portal-evidence.md, docs/real-sites.md):
COMMON_PATHS = (
    "/rss",  # the "RSS" index page many papers link from their footer (cand, qdnd)
    "/rss.xml",  # a site-wide feed (WordPress plugins, several provincial papers)
    "/rss/home.rss",  # the home feed of the baomoi-style CMS family (baobacgiang, in lists)
    "/feed",  # WordPress (A15)
    "/sitemap.xml",  # the common sitemap index
    "/sitemaps/news-{year}-{month}.xml",  # monthly news sitemaps (cand, the mirror's monthly sources)
    "/vi/news/rss/",  # NukeViet's news module feed, /<lang>/news/rss/ (A13)
)
PAGINATION = (  # (pattern of a page-2 link, the template that numbers it), tried in order
    (re.compile(r"([?&])p=2(?=&|$)"), r"\1p={page}"),
    (re.compile(r"([?&])page=2(?=&|$)"), r"\1page={page}"),
    (re.compile(r"/page-2/?$"), "/page-{page}"),
    (re.compile(r"/trang-2\.html?$"), "/trang-{page}.html"),
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
FEED_WORDS = re.compile(r"(?:^|[/._-])(rss|feed|atom)(?:$|[/._-])", re.IGNORECASE)
ARTICLE_ID = re.compile(r"\d{4,}")


@dataclass(frozen=True)
class Found:
    """A discovery the probe found, in the source file's terms."""

    kind: str  # "rss", "sitemap" or "listing"
    url: str  # a path on the site ({year}/{month} or not), or for a listing page 1
    entries: int  # dated entries (feed, sitemap) or items (listing) seen
    newest: date | None  # the newest date seen
    item: str | None = None
    link: str | None = None
    date: str | None = None
    pages: str | None = None  # a listing's page 2, 3, ... URL with {page}

    def discovery(self) -> dict[str, str]:
        """The source file's ``discovery`` mapping."""
        fields = {"kind": self.kind, "url": self.url, "item": self.item, "link": self.link, "date": self.date}
        return {key: value for key, value in (fields | {"pages": self.pages}).items() if value is not None}


@dataclass
class ProbeLog:
    """Every request the probe made: (URL, HTTP status or failure)."""

    requests: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- pure reading --------------------------------------------------------------------------------
def robots_sitemaps(text: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, in order (the field name is case-insensitive)."""
    found = (re.match(r"\s*sitemap\s*:\s*(\S+)", line, re.IGNORECASE) for line in text.splitlines())
    return [match.group(1) for match in found if match]


def feed_links(html: str, page_url: str) -> list[str]:
    """Feeds a page announces: ``<link rel="alternate">`` of an RSS or Atom type, then links whose address says
    rss/feed/atom, absolute, without repeats."""
    page = Selector(text=html)
    announced = [
        link.attrib.get("href", "")
        for link in page.css("link[rel~=alternate]")
        if link.attrib.get("type", "").lower() in FEED_TYPES
    ]
    linked = [href for href in page.css("a::attr(href)").getall() if FEED_WORDS.search(urlsplit(href).path)]
    urls = [urljoin(page_url, href.strip()) for href in [*announced, *linked] if href.strip()]
    return [url for url in dict.fromkeys(urls) if same_site(url, page_url)]


def same_site(url: str, base_url: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base_url).netloc and urlsplit(url).scheme in ("http", "https")


def looks_like_article(url: str) -> bool:
    """An article address: a slug of four words or more and a number of four digits or more."""
    path = urlsplit(url).path
    return any(segment.count("-") >= 3 for segment in path.split("/")) and bool(ARTICLE_ID.search(path + urlsplit(url).query))


def article_links(html: str, page_url: str) -> list[str]:
    """The page's links to article pages of its own site, absolute, in order, without repeats."""
    urls = (urljoin(page_url, href.strip()) for href in Selector(text=html).css("a::attr(href)").getall())
    return list(dict.fromkeys(url for url in urls if same_site(url, page_url) and looks_like_article(url)))


def category_candidates(html: str, page_url: str) -> list[str]:
    """Links of the home page that may be category listings (same site, not articles, not the home page),
    those that prefix the most article links of the page first, then in page order."""
    links = [urljoin(page_url, h.strip()) for h in Selector(text=html).css("a::attr(href)").getall() if h.strip()]
    articles = article_links(html, page_url)
    home = urlsplit(page_url).path.rstrip("/")
    candidates = [
        url
        for url in dict.fromkeys(links)
        if same_site(url, page_url)
        and not looks_like_article(url)
        and urlsplit(url).path.rstrip("/") not in (home, "")
        and not FEED_WORDS.search(urlsplit(url).path)
        and "#" not in url
    ]
    prefixed = Counter({url: sum(a.startswith(url.rstrip("/") + "/") for a in articles) for url in candidates})
    return sorted(candidates, key=lambda url: -prefixed[url])


def page_template(html: str, page_url: str) -> str | None:
    """The URL of pages 2, 3, ... with ``{page}``, from the page's link to its page 2 (``?p=2``, ``?page=2``,
    ``/page-2``, ``/trang-2.html``), or None."""
    base_path = urlsplit(page_url).path.rstrip("/")
    for href in Selector(text=html).css("a::attr(href)").getall():
        url = urljoin(page_url, href.strip())
        if not same_site(url, page_url):
            continue
        for pattern, numbered in PAGINATION:
            if pattern.search(url) and urlsplit(url).path.rstrip("/").startswith(base_path.rsplit("/page-", 1)[0]):
                return pattern.sub(numbered, url)
    return None


def _selector_of(element: Selector) -> str | None:
    """``tag.class`` of an element (its first class), or None when it has no class."""
    classes = (element.attrib.get("class") or "").split()
    tag = element.xpath("name()").get()
    return f"{tag}.{classes[0]}" if classes and tag else None


def item_selector(html: str, page_url: str) -> str | None:
    """The ``tag.class`` of the repeated element around the page's article links: the closest ancestor class
    shared by at least two links, each element holding one article."""
    page = Selector(text=html)
    counts: Counter[str] = Counter()
    for anchor in page.css("a[href]"):
        if not looks_like_article(urljoin(page_url, anchor.attrib["href"].strip())):
            continue
        for depth, ancestor in enumerate(anchor.xpath("ancestor::*[@class]")[::-1][:4]):
            selector = _selector_of(ancestor)
            if selector:
                counts[selector] += 10 - depth  # closer ancestors weigh more
                break
    for selector, _ in counts.most_common():
        items = page.css(selector)
        holding = [len(article_links(item.get(), page_url)) for item in items]
        if len(items) >= 2 and all(n == 1 for n in holding):
            return selector
    return None


def date_selector(items: list[Selector], reference: datetime) -> str | None:
    """``tag.class::text`` of the short element that holds a date in every item, or None."""
    first = items[0] if items else None
    if first is None:
        return None
    for element in first.css("*"):
        selector = _selector_of(element)
        text = " ".join(element.css("::text").getall()).strip()
        if selector is None or not text or len(text) > 40:
            continue
        wanted = f"{selector}::text"
        if all(parse_date(" ".join(item.css(wanted).getall()), reference) for item in items):
            return wanted
    return None


def read_listing(html: str, page_url: str, base_url: str) -> Found | None:
    """The listing discovery a category page supports (items, links, dates, pagination), or None."""
    item = item_selector(html, page_url)
    if item is None:
        return None
    items = Selector(text=html).css(item)
    reference = datetime.now(VIETNAM)
    dated = date_selector(items, reference)
    days = [parsed.day for i in items if dated and (parsed := parse_date(" ".join(i.css(dated).getall()), reference))]
    pages = page_template(html, page_url)
    return Found(
        kind="listing",
        url=relative(page_url, base_url),
        entries=len(items),
        newest=max(days, default=None),
        item=item,
        link="a::attr(href)",
        date=dated,
        pages=relative(pages, base_url) if pages else None,
    )


def read_feed(text: str, url: str, base_url: str) -> Found | None:
    """An RSS feed or a sitemap with dated entries, or None (an Atom feed is not read by the spider)."""
    document = Selector(text=text, type="xml")
    document.remove_namespaces()
    days = []
    for entry in document.xpath("//item"):
        try:
            days.append(parsedate_to_datetime(entry.xpath("pubDate/text()").get("")).astimezone(VIETNAM).date())
        except (TypeError, ValueError):
            continue
    if days:
        return Found("rss", relative(url, base_url), len(days), max(days))
    stamps = document.xpath("//url/news/publication_date/text() | //url/lastmod/text() | //sitemap/lastmod/text()").getall()
    dated = [parsed.day for stamp in stamps if (parsed := parse_date(stamp))]
    if dated or document.xpath("//sitemap/loc"):
        return Found("sitemap", relative(url, base_url), len(dated), max(dated, default=None))
    return None


def relative(url: str, base_url: str) -> str:
    """``url`` as a path on the site when it is on it, else unchanged."""
    if not same_site(url, base_url):
        return url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def best(found: list[Found]) -> Found | None:
    """A feed or sitemap with dated entries first (most entries), then a dated listing, then an undated one."""
    ranked = sorted(found, key=lambda f: (f.kind != "listing" and f.newest is not None, f.date is not None, f.entries))
    return ranked[-1] if ranked else None


# --- requests ------------------------------------------------------------------------------------
@dataclass
class Prober:
    """Polite requests to one site: robots.txt obeyed, a pause between requests, at most ``MAX_REQUESTS``."""

    base_url: str
    delay: float = 0.5
    log: ProbeLog = field(default_factory=ProbeLog)
    robots: RobotFileParser | None = None

    def get(self, url: str) -> str | None:
        """The body of a 200 answer, or None (any other answer, a failure, robots.txt, or the budget spent)."""
        if len(self.log.requests) >= MAX_REQUESTS:
            return None
        if self.robots is not None and not self.robots.can_fetch(USER_AGENT, url):
            self.log.requests.append((url, "disallowed by robots.txt (not requested)"))
            return None
        if self.log.requests:
            time.sleep(self.delay)
        try:
            with urlopen(Request(url, headers={"User-Agent": USER_AGENT}), timeout=20) as response:
                body: bytes = response.read(5_000_000)
                charset: str = response.headers.get_content_charset() or "utf-8"
                self.log.requests.append((url, str(response.status)))
                return body.decode(charset, errors="replace")
        except HTTPError as error:
            self.log.requests.append((url, str(error.code)))
        except (URLError, TimeoutError, OSError) as error:
            self.log.requests.append((url, type(error).__name__))
        return None

    def read_robots(self) -> list[str]:
        text = self.get(self.base_url + "/robots.txt") or ""
        self.robots = RobotFileParser()
        self.robots.parse(text.splitlines())
        return robots_sitemaps(text)


def _month_path(path: str, today: date) -> str:
    return path.format(year=today.year, month=today.month)


def probe(base_url: str, delay: float = 0.5) -> tuple[Found | None, ProbeLog]:
    """The best discovery of the site at ``base_url``, and the requests made to find it."""
    base_url = base_url.rstrip("/")
    prober = Prober(base_url, delay)
    found: list[Found] = []
    feeds = prober.read_robots()
    home = prober.get(base_url + "/")
    if home is None:  # a site whose home page does not answer is not probed further
        prober.log.notes = ["the home page did not answer 200"]
        return None, prober.log
    feeds += feed_links(home, base_url + "/")
    for url in dict.fromkeys(feeds):
        if (text := prober.get(url)) and (result := read_feed(text, url, base_url)):
            found.append(result)
    if not found:
        today = datetime.now(VIETNAM).date()
        for path in COMMON_PATHS:
            url = base_url + _month_path(path, today)
            if (text := prober.get(url)) and (result := read_feed(text, url, base_url)):
                found.append(replace(result, url=path))  # the monthly path keeps {year} and {month}
                break
    if not any(f.newest for f in found):
        found += listings(prober, home, base_url)
    chosen = best(found)
    prober.log.notes = [f"{f.kind} {f.url}: {f.entries} entries, newest {f.newest}" for f in found]
    return chosen, prober.log


def listings(prober: Prober, home: str, base_url: str) -> list[Found]:
    """Listing discoveries read on the most likely category pages."""
    found = []
    for url in category_candidates(home, base_url + "/")[:MAX_CATEGORIES]:
        html = prober.get(url)
        if html and (result := read_listing(html, url, base_url)):
            found.append(result)
            if result.date and result.pages:
                break
    return found
