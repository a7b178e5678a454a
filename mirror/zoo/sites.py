"""Three zoo layouts served over HTTP as whole small sites: home page, category listing (newest first,
paginated), article pages (the zoo's own rendering, at the zoo URL's path), robots.txt and, where the
portal has one, an RSS feed. Each site's discovery follows docs/portal-evidence.md:

- ``nukeviet`` (A13): NukeViet's per-module and per-category RSS (``/vi/news/rss/``,
  ``/vi/news/rss/<cat>/``, announced by ``<link rel="alternate">`` in the page head) and category pages
  ``/vi/news/<cat>/page-N``;
- ``baocantho`` (A19): the category feed ``/rss/cate/thoi-su/`` and pages ``/thoi-su?p=N`` whose items
  show no date;
- ``jsp_thaibinh`` (A12): no feed; the listing ``/tin-tuc/tin-hoat-dong?p=N`` with ``span.NgayCapNhat``
  "(dd/MM/yyyy)" dates and a ``div.phantrang_repeater`` pager.

``start_zoo_sites(keys)`` starts one server per site on 127.0.0.1 (the mirror's server class) and
returns a ``ZooSites`` handle: base URLs, the requests each site received, ``stop()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from mirror.server import QuietServer, origin, start_server
from mirror.zoo import ENV, LAYOUTS, ZooArticle, load_zoo, render_zoo_page

PAGE_SIZE = 2  # small pages, so that four articles make a listing with a second page
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


@dataclass(frozen=True)
class ZooSite:
    """One served zoo layout: where its category listing and its pages are, its feeds, its item dates."""

    key: str
    listing: str  # the category page (page 1)
    page: Callable[[int], str]  # the path and query of listing page N > 1
    feeds: tuple[str, ...] = ()  # RSS paths, all serving the category's feed
    item_date: Callable[[datetime], str] | None = None  # the date a listing item shows (None: no date)

    def listing_page(self, path: str, query: str) -> int | None:
        """The listing page a request asks for, or None when it is not the category listing."""
        for number in range(2, 100):
            wanted = urlsplit(self.page(number))
            if path == wanted.path and parse_qs(query) == parse_qs(wanted.query):
                return number
        return 1 if path in (self.listing, self.listing.rstrip("/")) else None


ZOO_SITES: dict[str, ZooSite] = {
    site.key: site
    for site in (
        ZooSite(
            "nukeviet",
            "/vi/news/tin-tuc-su-kien/",
            lambda n: f"/vi/news/tin-tuc-su-kien/page-{n}",
            feeds=("/vi/news/rss/", "/vi/news/rss/tin-tuc-su-kien/"),
            item_date=lambda m: m.strftime("%d/%m/%Y %H:%M:%S"),  # NukeViet's category views: d/m/Y H:i:s
        ),
        ZooSite("baocantho", "/thoi-su/", lambda n: f"/thoi-su?p={n}", feeds=("/rss/cate/thoi-su/",)),
        ZooSite(
            "jsp_thaibinh",
            "/tin-tuc/tin-hoat-dong",
            lambda n: f"/tin-tuc/tin-hoat-dong?p={n}",
            item_date=lambda m: m.strftime("(%d/%m/%Y)"),
        ),
    )
}


def zoo_articles(key: str) -> list[ZooArticle]:
    """The site's articles, newest first."""
    return sorted((a for a in load_zoo() if a.template == key), key=lambda a: a.published_at, reverse=True)


def render_listing(site: ZooSite, articles: list[ZooArticle], page: int, base_url: str, home: bool = False) -> str:
    """Listing page ``page`` (or the home page, showing page 1's items); past the last page: no items."""
    chunk = articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    pages = max(1, -(-len(articles) // PAGE_SIZE))
    items = [{"a": a, "path": a.layout.path(a), "day": site.item_date(a.published_at) if site.item_date else ""} for a in chunk]
    return ENV.get_template(f"sites/{site.key}.html").render(
        layout=LAYOUTS[site.key],
        site=site,
        items=items,
        page=page,
        pages=pages,
        page_path=lambda n: site.listing if n == 1 else site.page(n),
        base_url=base_url,
        home=home,
    )


def render_feed(site: ZooSite, articles: list[ZooArticle], base_url: str) -> str:
    items = [(base_url + a.layout.path(a), a, format_datetime(a.published_at)) for a in articles]
    return ENV.get_template("sites/rss.xml").render(layout=LAYOUTS[site.key], base_url=base_url, items=items)


def route(site: ZooSite, articles: list[ZooArticle], path: str, query: str, base_url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) for one request to the served site."""
    full = f"{path}?{query}" if query else path
    for article in articles:
        if article.layout.path(article) == full:
            data, _ = render_zoo_page(article)
            return 200, article.layout.content_type, data
    if path == "/robots.txt":
        return 200, "text/plain; charset=utf-8", b"User-agent: *\nDisallow: /admin/\n"
    if path in site.feeds:
        return 200, "application/rss+xml; charset=utf-8", render_feed(site, articles, base_url).encode()
    if path == "/":
        return 200, "text/html; charset=utf-8", render_listing(site, articles, 1, base_url, home=True).encode()
    number = site.listing_page(path, query)
    if number is not None:
        return 200, "text/html; charset=utf-8", render_listing(site, articles, number, base_url).encode()
    return 404, "text/html; charset=utf-8", "<html><body><h1>Không tìm thấy trang</h1></body></html>".encode()


@dataclass
class ZooSiteState:
    site: ZooSite
    articles: list[ZooArticle]
    requests: list[str] = field(default_factory=list)  # every path (with query) asked for
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler_for(state: ZooSiteState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bantin-zoo/1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with state.lock:
                state.requests.append(self.path)
            parts = urlsplit(self.path)
            port = self.server.server_address[1]  # type: ignore[index]  # a TCP server's address is (host, port)
            host = self.headers.get("Host") or f"127.0.0.1:{port}"
            status, content_type, body = route(state.site, state.articles, parts.path, parts.query, f"http://{host}")
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except CLIENT_GONE:
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # quiet: tests read state.requests
            return

    return Handler


@dataclass
class ZooSites:
    """Running zoo sites: one server per layout."""

    servers: dict[str, ThreadingHTTPServer]
    states: dict[str, ZooSiteState]

    def base_url(self, key: str) -> str:
        return origin(self.servers[key])

    def base_urls(self) -> dict[str, str]:
        return {key: self.base_url(key) for key in self.servers}

    def requests(self, key: str) -> list[str]:
        with self.states[key].lock:
            return list(self.states[key].requests)

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


def start_zoo_sites(keys: tuple[str, ...] = tuple(ZOO_SITES), host: str = "127.0.0.1") -> ZooSites:
    """Serve each of ``keys`` (zoo layouts with a ``ZOO_SITES`` entry) on its own free port."""
    servers: dict[str, ThreadingHTTPServer] = {}
    states: dict[str, ZooSiteState] = {}
    for key in keys:
        state = ZooSiteState(ZOO_SITES[key], zoo_articles(key))
        server = QuietServer((host, 0), _handler_for(state))
        start_server(server, f"zoo-{key}")
        servers[key], states[key] = server, state
    return ZooSites(servers, states)
