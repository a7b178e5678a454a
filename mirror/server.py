"""The offline mirror: every mirrored site on its own 127.0.0.1 port, served over real HTTP.

Each site gets its own origin (own port) so robots.txt, sitemaps and per-domain politeness work as
they do on the real web. ``start_mirror`` returns a handle whose ``source_overrides()`` is the JSON
that points bantin's sources at the mirror (``BANTIN_SOURCE_OVERRIDES``).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mirror.corpus import MirrorArticle, load_corpus
from mirror.sites import SITE_LAYOUTS, Site

# Sources crawl the mirror without the politeness delay meant for the real sites.
MIRROR_DOWNLOAD_DELAY = 0.0


@dataclass
class SiteState:
    """What one site serves, plus a switch to make it fail (a status code for every request)."""

    layout: Site
    articles: list[MirrorArticle]
    fail_status: int | None = None
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent) of every request
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, query: str, base_url: str) -> tuple[int, str, str]:
        """(status, content type, body) for a request path."""
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", self.layout.robots_txt(base_url)
        for article in self.articles:
            if self.layout.article_path(article) == path:
                return 200, "text/html; charset=utf-8", self.layout.render_article(article, base_url)
        found = self.layout.discovery_file(path, self.articles, base_url)
        if found is not None:
            return 200, found[0] + "; charset=utf-8", found[1]
        page = self._listing_page(path, query)
        if page is not None:
            listing = self.layout.render_listing(self.articles, page)
            if listing is not None:
                return 200, "text/html; charset=utf-8", listing
        return 404, "text/html; charset=utf-8", self.layout.page("Không tìm thấy trang", "<p>Không tìm thấy trang.</p>")

    def _listing_page(self, path: str, query: str) -> int | None:
        if path in ("/", self.layout.listing_path):
            values = parse_qs(query).get("page", ["1"])
            return int(values[0]) if values[0].isdigit() else None
        for number in range(1, len(self.articles) + 2):
            if self.layout.listing_url(number) == path:
                return number
        return None


def _handler_for(state: SiteState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bantin-mirror/1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            with state.lock:
                state.requests.append((self.path, self.headers.get("User-Agent", "")))
            if state.fail_status is not None:
                self._send(state.fail_status, "text/plain; charset=utf-8", "Lỗi máy chủ\n")
                return
            host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
            status, content_type, body = state.route(parts.path, parts.query, f"http://{host}")
            self._send(status, content_type, body)

        def _send(self, status: int, content_type: str, body: str) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # quiet: tests read state.requests
            return

    return Handler


@dataclass
class Mirror:
    """A running mirror: one HTTP server per site."""

    servers: dict[str, ThreadingHTTPServer]
    states: dict[str, SiteState]

    def base_url(self, site: str) -> str:
        host, port = self.servers[site].server_address[:2]
        return f"http://{host}:{port}"

    def source_overrides(self) -> dict[str, dict[str, object]]:
        return {
            site: {"base_url": self.base_url(site), "download_delay": MIRROR_DOWNLOAD_DELAY} for site in self.servers
        }

    def write_overrides(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.source_overrides(), indent=2), encoding="utf-8")
        return path

    def fail_site(self, site: str, status: int | None = 500) -> None:
        """Make ``site`` answer every request with ``status`` (None heals it)."""
        self.states[site].fail_status = status

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


def start_mirror(host: str = "127.0.0.1", ports: dict[str, int] | None = None) -> Mirror:
    """Start every site in background threads; port 0 (the default) picks a free port."""
    corpus = load_corpus()
    servers: dict[str, ThreadingHTTPServer] = {}
    states: dict[str, SiteState] = {}
    for key, layout in SITE_LAYOUTS.items():
        articles = sorted((a for a in corpus if a.site == key), key=lambda a: a.published_at, reverse=True)
        state = SiteState(layout, articles)
        server = ThreadingHTTPServer((host, (ports or {}).get(key, 0)), _handler_for(state))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"mirror-{key}", daemon=True).start()
        servers[key], states[key] = server, state
    return Mirror(servers, states)
